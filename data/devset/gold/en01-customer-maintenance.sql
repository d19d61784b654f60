CREATE TABLE sales_reps (
  id INTEGER PRIMARY KEY,
  code VARCHAR(10) NOT NULL UNIQUE,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE territories (
  id INTEGER PRIMARY KEY,
  code VARCHAR(10) NOT NULL UNIQUE,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE payment_terms (
  id INTEGER PRIMARY KEY,
  name VARCHAR(40) NOT NULL UNIQUE
);

CREATE TABLE price_levels (
  id INTEGER PRIMARY KEY,
  name VARCHAR(40) NOT NULL UNIQUE
);

CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  customer_no VARCHAR(20) NOT NULL UNIQUE,
  name VARCHAR(120) NOT NULL,
  short_name VARCHAR(20),
  type VARCHAR(20) CHECK (type IN ('wholesale', 'retail_chain')),
  tax_id VARCHAR(20),
  sales_rep_id INTEGER REFERENCES sales_reps(id),
  territory_id INTEGER REFERENCES territories(id),
  since DATE,
  status VARCHAR(20) CHECK (status IN ('active', 'on_hold')),
  payment_term_id INTEGER REFERENCES payment_terms(id),
  credit_limit DECIMAL(10,2),
  balance DECIMAL(10,2),
  currency VARCHAR(3),
  price_level_id INTEGER REFERENCES price_levels(id),
  discount_percent DECIMAL(5,2),
  tax_exempt BOOLEAN NOT NULL DEFAULT FALSE,
  credit_hold BOOLEAN NOT NULL DEFAULT FALSE,
  po_required BOOLEAN NOT NULL DEFAULT FALSE,
  contact VARCHAR(120),
  phone VARCHAR(30),
  fax VARCHAR(30),
  email VARCHAR(255),
  web VARCHAR(255),
  notes TEXT
);
