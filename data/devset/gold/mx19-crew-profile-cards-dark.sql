CREATE TABLE positions (
  id INTEGER PRIMARY KEY,
  name VARCHAR(60) NOT NULL UNIQUE
);

CREATE TABLE bases (
  id INTEGER PRIMARY KEY,
  code VARCHAR(3) NOT NULL UNIQUE,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE fleets (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL UNIQUE
);

CREATE TABLE crew_members (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL,
  status VARCHAR(20) CHECK (status IN ('active', 'inactive', 'on_leave')),
  union_name VARCHAR(80),
  work_email VARCHAR(255) NOT NULL UNIQUE,
  mobile VARCHAR(30),
  home_address VARCHAR(200),
  emergency_contact VARCHAR(200),
  employee_id VARCHAR(10) NOT NULL UNIQUE,
  position_id INTEGER REFERENCES positions(id),
  base_id INTEGER REFERENCES bases(id),
  fleet_id INTEGER REFERENCES fleets(id),
  seniority_number INTEGER,
  hire_date DATE,
  certificate VARCHAR(40),
  medical_class VARCHAR(20) CHECK (medical_class IN ('first_class', 'second_class')),
  medical_expires DATE,
  passport_country VARCHAR(3),
  passport_expires DATE,
  known_crewmember_id VARCHAR(20) UNIQUE,
  preferred_days_off VARCHAR(80),
  trip_length VARCHAR(40),
  commute BOOLEAN NOT NULL DEFAULT FALSE,
  languages VARCHAR(120)
);
