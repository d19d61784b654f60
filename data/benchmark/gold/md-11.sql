CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email_address VARCHAR(255) NOT NULL UNIQUE,
  password_hash VARCHAR(255) NOT NULL
);

CREATE TABLE access_requests (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL,
  work_email VARCHAR(255) NOT NULL,
  company VARCHAR(120),
  reason_for_access TEXT
);
