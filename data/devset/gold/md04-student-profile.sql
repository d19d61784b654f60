CREATE TABLE counsellors (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL
);

CREATE TABLE programs (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL UNIQUE
);

CREATE TABLE bus_routes (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL UNIQUE
);

CREATE TABLE students (
  id INTEGER PRIMARY KEY,
  student_id VARCHAR(20) NOT NULL UNIQUE,
  full_name VARCHAR(120) NOT NULL,
  grade INTEGER,
  homeroom VARCHAR(10),
  preferred_name VARCHAR(80),
  date_of_birth DATE NOT NULL,
  gender VARCHAR(20) CHECK (gender IN ('male', 'female', 'other')),
  primary_language VARCHAR(40),
  home_address VARCHAR(255),
  medical_alerts TEXT,
  bus_route_id INTEGER REFERENCES bus_routes(id),
  enrollment_status VARCHAR(20) CHECK (enrollment_status IN ('active', 'inactive', 'graduated', 'withdrawn')),
  enrolled_since DATE,
  program_id INTEGER REFERENCES programs(id),
  counsellor_id INTEGER REFERENCES counsellors(id),
  gpa DECIMAL(3,2),
  locker VARCHAR(10),
  iep_on_file BOOLEAN NOT NULL DEFAULT FALSE
);
