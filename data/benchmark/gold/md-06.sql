CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL
);

CREATE TABLE categories (
  id INTEGER PRIMARY KEY,
  name VARCHAR(60) NOT NULL UNIQUE
);

CREATE TABLE transactions (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  date DATE NOT NULL,
  description VARCHAR(200) NOT NULL,
  category_id INTEGER REFERENCES categories(id),
  amount DECIMAL(10,2) NOT NULL,
  balance DECIMAL(10,2),
  status VARCHAR(20) NOT NULL CHECK (status IN ('pending', 'posted', 'declined'))
);
