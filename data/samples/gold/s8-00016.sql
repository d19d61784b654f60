CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL,
  phone VARCHAR(30),
  date_of_birth DATE
);
