CREATE TABLE positions (
  id INTEGER PRIMARY KEY,
  code VARCHAR(4) NOT NULL UNIQUE,
  name VARCHAR(60) NOT NULL
);

CREATE TABLE bases (
  id INTEGER PRIMARY KEY,
  code VARCHAR(3) NOT NULL UNIQUE
);

CREATE TABLE fleets (
  id INTEGER PRIMARY KEY,
  code VARCHAR(10) NOT NULL UNIQUE
);

CREATE TABLE crew_members (
  id INTEGER PRIMARY KEY,
  employee_no VARCHAR(10) NOT NULL UNIQUE,
  last_name VARCHAR(80) NOT NULL,
  first_name VARCHAR(80) NOT NULL,
  seniority_no INTEGER UNIQUE,
  position_id INTEGER REFERENCES positions(id),
  base_id INTEGER REFERENCES bases(id),
  fleet_id INTEGER REFERENCES fleets(id),
  status VARCHAR(20) CHECK (status IN ('active', 'loa')),
  hire_date DATE,
  date_of_birth DATE,
  certificate_no VARCHAR(20),
  medical_class VARCHAR(20) CHECK (medical_class IN ('1st', '2nd')),
  medical_exp DATE,
  passport_no VARCHAR(20),
  passport_exp DATE,
  nationality VARCHAR(3),
  line_type VARCHAR(20) CHECK (line_type IN ('regular_line', 'reserve')),
  bid_group INTEGER,
  max_mo_hrs DECIMAL(6,2),
  min_guarantee DECIMAL(6,2),
  language_2 VARCHAR(20) CHECK (language_2 IN ('german', 'spanish')),
  phone VARCHAR(30),
  emerg_contact VARCHAR(200),
  check_airman BOOLEAN NOT NULL DEFAULT FALSE,
  intl_qualified BOOLEAN NOT NULL DEFAULT FALSE,
  etops BOOLEAN NOT NULL DEFAULT FALSE,
  deadhead_eligible BOOLEAN NOT NULL DEFAULT FALSE,
  commuter BOOLEAN NOT NULL DEFAULT FALSE,
  remarks TEXT,
  last_changed_at TIMESTAMP
);

CREATE TABLE instructors (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE qualifications (
  id INTEGER PRIMARY KEY,
  crew_member_id INTEGER NOT NULL REFERENCES crew_members(id),
  qual_code VARCHAR(20) NOT NULL,
  description VARCHAR(120),
  issued DATE,
  expires DATE,
  status VARCHAR(20) CHECK (status IN ('current', 'due_soon', 'expired')),
  instructor_id INTEGER REFERENCES instructors(id)
);
