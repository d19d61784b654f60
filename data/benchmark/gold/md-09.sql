CREATE TABLE branches (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE employees (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL
);

CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL,
  customer_number VARCHAR(20) NOT NULL UNIQUE,
  email VARCHAR(255) UNIQUE,
  phone VARCHAR(30),
  date_of_birth DATE,
  branch_id INTEGER REFERENCES branches(id),
  relationship_manager_id INTEGER REFERENCES employees(id),
  customer_since DATE,
  risk_rating VARCHAR(20) CHECK (risk_rating IN ('low', 'medium', 'high'))
);

CREATE TABLE loans (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  loan_number VARCHAR(20) NOT NULL UNIQUE,
  type VARCHAR(20) NOT NULL CHECK (type IN ('mortgage', 'auto', 'home_equity', 'personal')),
  principal DECIMAL(12,2) NOT NULL,
  interest_rate DECIMAL(5,3) NOT NULL,
  term_months INTEGER NOT NULL,
  monthly_payment DECIMAL(10,2),
  outstanding DECIMAL(12,2),
  status VARCHAR(20) NOT NULL CHECK (status IN ('active', 'in_arrears', 'paid_off', 'pending_approval'))
);
