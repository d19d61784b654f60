CREATE TABLE departments (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL UNIQUE
);

CREATE TABLE team_members (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL,
  email VARCHAR(255) NOT NULL UNIQUE,
  role VARCHAR(20) NOT NULL CHECK (role IN ('owner', 'admin', 'accountant', 'bookkeeper', 'viewer')),
  access_scope VARCHAR(80),
  department_id INTEGER REFERENCES departments(id),
  status VARCHAR(20) CHECK (status IN ('active', 'invited', 'suspended')),
  last_login TIMESTAMP
);
