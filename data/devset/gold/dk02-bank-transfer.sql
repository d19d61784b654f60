CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL,
  account_number VARCHAR(34) NOT NULL UNIQUE,
  available_balance DECIMAL(10,2)
);

CREATE TABLE payees (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL,
  iban VARCHAR(34) NOT NULL,
  email VARCHAR(255)
);

CREATE TABLE transfers (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  payee_id INTEGER NOT NULL REFERENCES payees(id),
  amount DECIMAL(10,2) NOT NULL,
  transfer_date DATE NOT NULL,
  reference VARCHAR(35),
  repeat_monthly BOOLEAN NOT NULL DEFAULT FALSE,
  notify_payee_by_email BOOLEAN NOT NULL DEFAULT FALSE
);
