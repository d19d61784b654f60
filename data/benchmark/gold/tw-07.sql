CREATE TABLE leads (
  id INTEGER PRIMARY KEY,
  first_name VARCHAR(80) NOT NULL,
  last_name VARCHAR(80) NOT NULL,
  work_email VARCHAR(255) NOT NULL,
  phone_number VARCHAR(30),
  company VARCHAR(120),
  job_title VARCHAR(120),
  company_website VARCHAR(255),
  monthly_shipments INTEGER,
  message TEXT
);
