CREATE TABLE patients (
  id INTEGER PRIMARY KEY,
  first_name VARCHAR(60) NOT NULL,
  last_name VARCHAR(60) NOT NULL,
  date_of_birth DATE NOT NULL,
  phone VARCHAR(30),
  insurance_number VARCHAR(20) UNIQUE
);
