CREATE TABLE students (
  id INTEGER PRIMARY KEY,
  first_name VARCHAR(60) NOT NULL,
  last_name VARCHAR(60) NOT NULL,
  date_of_birth DATE,
  email VARCHAR(255) UNIQUE,
  grade_level INTEGER NOT NULL
);

CREATE TABLE teachers (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL,
  email VARCHAR(255) NOT NULL UNIQUE,
  subject VARCHAR(80)
);
