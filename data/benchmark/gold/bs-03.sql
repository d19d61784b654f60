CREATE TABLE departments (
  id INTEGER PRIMARY KEY,
  name VARCHAR(100) NOT NULL
);

CREATE TABLE employees (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL,
  work_email VARCHAR(255) NOT NULL UNIQUE,
  job_title VARCHAR(120),
  department_id INTEGER REFERENCES departments(id),
  start_date DATE,
  annual_salary DECIMAL(10,2),
  mobile_phone VARCHAR(30),
  active BOOLEAN DEFAULT TRUE
);
