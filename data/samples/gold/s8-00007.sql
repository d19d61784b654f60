CREATE TABLE donations (
  id INTEGER PRIMARY KEY,
  amount DECIMAL(10,2) NOT NULL CHECK (amount >= 0),
  donated_on DATE NOT NULL,
  is_recurring BOOLEAN DEFAULT FALSE
);
