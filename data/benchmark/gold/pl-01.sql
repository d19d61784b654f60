CREATE TABLE branches (
  id INTEGER PRIMARY KEY,
  name VARCHAR(100) NOT NULL
);

CREATE TABLE members (
  id INTEGER PRIMARY KEY,
  first_name VARCHAR(60) NOT NULL,
  last_name VARCHAR(60) NOT NULL,
  date_of_birth DATE,
  email VARCHAR(255) NOT NULL UNIQUE,
  phone VARCHAR(30),
  street_address VARCHAR(200),
  city VARCHAR(80),
  state VARCHAR(40),
  zip_code VARCHAR(10),
  card_type VARCHAR(20) CHECK (card_type IN ('adult', 'student', 'senior', 'child')),
  home_branch_id INTEGER REFERENCES branches(id),
  pin_hash VARCHAR(255) NOT NULL,
  notify_holds_ready BOOLEAN DEFAULT TRUE,
  due_date_reminders BOOLEAN DEFAULT TRUE,
  events_newsletter BOOLEAN,
  reading_interests TEXT
);
