CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  title VARCHAR(200) NOT NULL,
  department VARCHAR(80),
  salary_min DECIMAL(10,2) CHECK (salary_min >= 0)
);

CREATE TABLE candidates (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL,
  email VARCHAR(255) NOT NULL UNIQUE,
  phone VARCHAR(30)
);
