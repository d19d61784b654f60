CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  iban VARCHAR(20) NOT NULL UNIQUE
);

CREATE TABLE transactions (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  posted_at TIMESTAMP NOT NULL,
  amount DECIMAL(10,2) NOT NULL CHECK (amount >= 0),
  description VARCHAR(200)
);
