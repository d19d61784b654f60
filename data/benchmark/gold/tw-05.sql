CREATE TABLE clients (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL
);

CREATE TABLE projects (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL,
  code VARCHAR(20) UNIQUE,
  status VARCHAR(20) CHECK (status IN ('on_track', 'at_risk', 'off_track', 'completed')),
  client_id INTEGER REFERENCES clients(id),
  project_lead_id INTEGER REFERENCES users(id),
  start_date DATE,
  due_date DATE,
  budget DECIMAL(10,2),
  progress DECIMAL(5,2)
);

CREATE TABLE tasks (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  title VARCHAR(200) NOT NULL,
  assignee_id INTEGER REFERENCES users(id),
  due_date DATE,
  priority VARCHAR(20) CHECK (priority IN ('low', 'medium', 'high')),
  status VARCHAR(20) CHECK (status IN ('to_do', 'in_progress', 'in_review', 'blocked', 'done')),
  estimate INTEGER
);
