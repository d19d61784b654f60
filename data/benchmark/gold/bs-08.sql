CREATE TABLE clients (
  id INTEGER PRIMARY KEY,
  name VARCHAR(150) NOT NULL,
  contact VARCHAR(120),
  email VARCHAR(255),
  address VARCHAR(255),
  vat_id VARCHAR(30)
);

CREATE TABLE invoices (
  id INTEGER PRIMARY KEY,
  invoice_number VARCHAR(30) NOT NULL UNIQUE,
  client_id INTEGER NOT NULL REFERENCES clients(id),
  issue_date DATE NOT NULL,
  due_date DATE,
  payment_terms VARCHAR(30),
  currency VARCHAR(3),
  po_number VARCHAR(40),
  status VARCHAR(20) CHECK (status IN ('draft', 'sent', 'paid', 'overdue')),
  notes TEXT
);

CREATE TABLE invoice_lines (
  id INTEGER PRIMARY KEY,
  invoice_id INTEGER NOT NULL REFERENCES invoices(id),
  description VARCHAR(255) NOT NULL,
  qty INTEGER NOT NULL,
  unit_price DECIMAL(10,2) NOT NULL,
  tax DECIMAL(5,2),
  amount DECIMAL(10,2)
);
