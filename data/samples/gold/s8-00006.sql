CREATE TABLE time_entries (
  id INTEGER PRIMARY KEY,
  work_date DATE NOT NULL,
  hours DECIMAL(8,2) NOT NULL CHECK (hours >= 0)
);
