CREATE TABLE departments (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL UNIQUE
);

CREATE TABLE locations (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL UNIQUE
);

CREATE TABLE job_openings (
  id INTEGER PRIMARY KEY,
  role VARCHAR(120) NOT NULL,
  summary VARCHAR(200),
  department_id INTEGER NOT NULL REFERENCES departments(id),
  location_id INTEGER NOT NULL REFERENCES locations(id),
  type VARCHAR(20) CHECK (type IN ('full_time', 'part_time', 'contract', 'internship')),
  posted DATE NOT NULL
);
