CREATE TABLE class_sessions (
  id INTEGER PRIMARY KEY,
  title VARCHAR(200) NOT NULL,
  trainer_name VARCHAR(120) NOT NULL,
  starts_at TIMESTAMP NOT NULL,
  capacity INTEGER NOT NULL CHECK (capacity >= 0)
);
