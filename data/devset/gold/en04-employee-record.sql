CREATE TABLE business_units (
  id INTEGER PRIMARY KEY,
  code VARCHAR(10) NOT NULL UNIQUE,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE departments (
  id INTEGER PRIMARY KEY,
  code VARCHAR(10) NOT NULL UNIQUE,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE locations (
  id INTEGER PRIMARY KEY,
  code VARCHAR(10) NOT NULL UNIQUE,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE companies (
  id INTEGER PRIMARY KEY,
  code VARCHAR(10) NOT NULL UNIQUE,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE job_codes (
  id INTEGER PRIMARY KEY,
  code VARCHAR(10) NOT NULL UNIQUE,
  title VARCHAR(120) NOT NULL
);

CREATE TABLE pay_groups (
  id INTEGER PRIMARY KEY,
  code VARCHAR(10) NOT NULL UNIQUE,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE employees (
  id INTEGER PRIMARY KEY,
  empl_id VARCHAR(10) NOT NULL UNIQUE,
  name VARCHAR(120) NOT NULL,
  orig_hire_date DATE,
  last_hire_date DATE,
  service_date DATE,
  seniority_date DATE,
  last_increase DATE,
  expected_end DATE
);

CREATE TABLE job_records (
  id INTEGER PRIMARY KEY,
  employee_id INTEGER NOT NULL REFERENCES employees(id),
  effective_date DATE NOT NULL,
  action VARCHAR(40),
  reason VARCHAR(40),
  business_unit_id INTEGER REFERENCES business_units(id),
  department_id INTEGER REFERENCES departments(id),
  location_id INTEGER REFERENCES locations(id),
  establishment VARCHAR(10),
  company_id INTEGER REFERENCES companies(id),
  reg_region VARCHAR(3),
  job_code_id INTEGER REFERENCES job_codes(id),
  reports_to VARCHAR(10),
  supervisor_id INTEGER REFERENCES employees(id),
  regular_temp VARCHAR(20) CHECK (regular_temp IN ('regular', 'temporary')),
  full_part VARCHAR(20) CHECK (full_part IN ('full_time', 'part_time')),
  std_hrs_week DECIMAL(5,2),
  empl_class VARCHAR(40),
  officer_code VARCHAR(20),
  shift VARCHAR(40),
  fte DECIMAL(7,6),
  union_code VARCHAR(10),
  probation_date DATE,
  pay_group_id INTEGER REFERENCES pay_groups(id),
  tax_location VARCHAR(80),
  holiday_schedule VARCHAR(20),
  comp_frequency VARCHAR(20) CHECK (comp_frequency IN ('hourly', 'monthly', 'annual')),
  grade VARCHAR(10),
  step INTEGER,
  compa_ratio DECIMAL(5,1)
);
