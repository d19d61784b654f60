CREATE TABLE branches (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL UNIQUE
);

CREATE TABLE card_applications (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL,
  birth_date DATE NOT NULL,
  email VARCHAR(255) NOT NULL UNIQUE,
  street_address VARCHAR(200) NOT NULL,
  zip_code VARCHAR(10) NOT NULL,
  telephone VARCHAR(30),
  card_type VARCHAR(20) NOT NULL CHECK (card_type IN ('adult', 'senior', 'student')),
  branch_id INTEGER NOT NULL REFERENCES branches(id),
  email_me_when_holds_are_ready BOOLEAN NOT NULL DEFAULT FALSE,
  large_print_notices BOOLEAN NOT NULL DEFAULT FALSE,
  reading_interests TEXT
);
