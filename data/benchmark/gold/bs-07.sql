CREATE TABLE teams (
  id INTEGER PRIMARY KEY,
  name VARCHAR(100) NOT NULL
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL,
  email VARCHAR(255) NOT NULL UNIQUE,
  role VARCHAR(20) NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'billing', 'viewer')),
  team_id INTEGER REFERENCES teams(id),
  status VARCHAR(20) NOT NULL CHECK (status IN ('active', 'invited', 'suspended')),
  last_login TIMESTAMP,
  joined DATE
);
