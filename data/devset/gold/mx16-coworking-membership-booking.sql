CREATE TABLE locations (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL,
  address VARCHAR(200)
);

CREATE TABLE memberships (
  id INTEGER PRIMARY KEY,
  location_id INTEGER NOT NULL REFERENCES locations(id),
  workspace_type VARCHAR(20) NOT NULL CHECK (workspace_type IN ('hot_desk', 'dedicated_desk', 'private_office')),
  company_name VARCHAR(120) NOT NULL,
  billing_email VARCHAR(255) NOT NULL,
  start_date DATE NOT NULL,
  end_date DATE,
  seats INTEGER NOT NULL CHECK (seats BETWEEN 1 AND 20),
  billing_cycle VARCHAR(20) CHECK (billing_cycle IN ('monthly', 'quarterly', 'annual')),
  locker BOOLEAN NOT NULL DEFAULT FALSE,
  parking_spot BOOLEAN NOT NULL DEFAULT FALSE,
  mail_handling BOOLEAN NOT NULL DEFAULT FALSE,
  access_24_7 BOOLEAN NOT NULL DEFAULT FALSE,
  phone_booth_credits BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE company_documents (
  id INTEGER PRIMARY KEY,
  membership_id INTEGER NOT NULL REFERENCES memberships(id),
  file_name VARCHAR(255) NOT NULL,
  size_bytes INTEGER,
  uploaded_at TIMESTAMP
);
