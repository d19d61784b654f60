CREATE TABLE categories (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL
);

CREATE TABLE employees (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL
);

CREATE TABLE suppliers (
  id INTEGER PRIMARY KEY,
  supplier_code VARCHAR(20) NOT NULL UNIQUE,
  name VARCHAR(150) NOT NULL,
  status VARCHAR(20) NOT NULL CHECK (status IN ('active', 'blocked')),
  preferred BOOLEAN DEFAULT FALSE,
  category_id INTEGER REFERENCES categories(id),
  email VARCHAR(255),
  phone VARCHAR(30),
  website VARCHAR(255),
  vat_number VARCHAR(30),
  street VARCHAR(150),
  city VARCHAR(80),
  zip VARCHAR(12),
  country VARCHAR(60),
  buyer_id INTEGER REFERENCES employees(id),
  supplier_since DATE,
  payment_terms VARCHAR(60),
  currency VARCHAR(3),
  lead_time_days INTEGER,
  incoterms VARCHAR(40),
  rating DECIMAL(3,1),
  credit_limit DECIMAL(12,2)
);

CREATE TABLE purchase_orders (
  id INTEGER PRIMARY KEY,
  supplier_id INTEGER NOT NULL REFERENCES suppliers(id),
  po_number VARCHAR(20) NOT NULL UNIQUE,
  order_date DATE NOT NULL,
  expected_date DATE,
  items INTEGER,
  total DECIMAL(12,2),
  status VARCHAR(20) NOT NULL CHECK (status IN ('sent', 'confirmed', 'partially_received', 'received', 'cancelled'))
);

CREATE TABLE contacts (
  id INTEGER PRIMARY KEY,
  supplier_id INTEGER NOT NULL REFERENCES suppliers(id),
  full_name VARCHAR(120) NOT NULL,
  role VARCHAR(80),
  phone VARCHAR(30),
  email VARCHAR(255),
  is_primary BOOLEAN DEFAULT FALSE
);
