CREATE TABLE team_members (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL
);

CREATE TABLE tasks (
  id INTEGER PRIMARY KEY,
  title VARCHAR(200) NOT NULL
);

CREATE TABLE time_entries (
  id INTEGER PRIMARY KEY,
  task_id INTEGER NOT NULL REFERENCES tasks(id),
  member_id INTEGER NOT NULL REFERENCES team_members(id),
  work_date DATE NOT NULL,
  hours DECIMAL(8,2) NOT NULL CHECK (hours >= 0)
);
