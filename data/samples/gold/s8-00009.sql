CREATE TABLE invoices (
  id INTEGER PRIMARY KEY,
  invoice_number VARCHAR(20) NOT NULL UNIQUE
);

CREATE TABLE payments (
  id INTEGER PRIMARY KEY,
  invoice_id INTEGER NOT NULL REFERENCES invoices(id),
  paid_on DATE NOT NULL,
  amount DECIMAL(10,2) NOT NULL CHECK (amount >= 0),
  method VARCHAR(20) NOT NULL CHECK (method IN ('card', 'transfer', 'cash'))
);
