CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  title VARCHAR(120) NOT NULL,
  employer VARCHAR(120),
  location VARCHAR(80)
);

CREATE TABLE candidates (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL,
  email_address VARCHAR(255) NOT NULL UNIQUE,
  phone VARCHAR(30)
);

CREATE TABLE applications (
  id INTEGER PRIMARY KEY,
  application_number VARCHAR(20) NOT NULL UNIQUE,
  candidate_id INTEGER NOT NULL REFERENCES candidates(id),
  job_id INTEGER NOT NULL REFERENCES jobs(id),
  salary_expectation DECIMAL(10,2),
  years_of_experience INTEGER,
  available_from DATE,
  referred_by VARCHAR(120),
  about TEXT,
  status VARCHAR(20) CHECK (status IN ('new', 'screening', 'interview', 'offer', 'rejected'))
);

CREATE TABLE attachments (
  id INTEGER PRIMARY KEY,
  application_id INTEGER NOT NULL REFERENCES applications(id),
  file_name VARCHAR(255) NOT NULL,
  size_bytes INTEGER
);
