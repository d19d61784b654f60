CREATE TABLE departments (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL UNIQUE
);

CREATE TABLE employees (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL,
  email VARCHAR(255) NOT NULL UNIQUE,
  job_title VARCHAR(120),
  department_id INTEGER REFERENCES departments(id),
  start_date DATE,
  status VARCHAR(20) CHECK (status IN ('active', 'on_leave', 'terminated'))
);
