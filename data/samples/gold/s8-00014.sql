CREATE TABLE projects (
  id INTEGER PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  client VARCHAR(150),
  start_date DATE,
  due_date DATE,
  budget DECIMAL(10,2) CHECK (budget >= 0)
);
