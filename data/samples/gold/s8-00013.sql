CREATE TABLE researchers (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL,
  email VARCHAR(255) NOT NULL UNIQUE,
  department VARCHAR(80)
);

CREATE TABLE grants (
  id INTEGER PRIMARY KEY,
  title VARCHAR(200) NOT NULL,
  funder VARCHAR(150) NOT NULL,
  amount DECIMAL(10,2) NOT NULL CHECK (amount >= 0),
  start_date DATE NOT NULL
);
