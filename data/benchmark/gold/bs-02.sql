CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL
);

CREATE TABLE clients (
  id INTEGER PRIMARY KEY,
  first_name VARCHAR(80) NOT NULL,
  last_name VARCHAR(80) NOT NULL,
  email VARCHAR(255) NOT NULL UNIQUE,
  phone VARCHAR(30),
  company_name VARCHAR(150) NOT NULL,
  industry VARCHAR(20) CHECK (industry IN ('food_beverage', 'retail', 'manufacturing', 'logistics', 'technology')),
  street_address VARCHAR(200),
  city VARCHAR(100),
  country VARCHAR(60) NOT NULL,
  account_owner_id INTEGER REFERENCES users(id),
  notes TEXT
);
