CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL,
  work_email VARCHAR(255) NOT NULL UNIQUE,
  password_hash VARCHAR(255) NOT NULL,
  company VARCHAR(150),
  role VARCHAR(20) CHECK (role IN ('founder_owner', 'finance_manager', 'accountant', 'operations', 'other'))
);
