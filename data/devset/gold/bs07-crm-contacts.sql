CREATE TABLE companies (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE contacts (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL,
  company_id INTEGER REFERENCES companies(id),
  title VARCHAR(120),
  email VARCHAR(255) UNIQUE,
  phone VARCHAR(30),
  lead_status VARCHAR(20) CHECK (lead_status IN ('hot', 'warm', 'cold', 'customer')),
  user_id INTEGER REFERENCES users(id),
  last_activity DATE,
  score INTEGER
);
