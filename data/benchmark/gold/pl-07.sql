CREATE TABLE contractors (
  id INTEGER PRIMARY KEY,
  name VARCHAR(150) NOT NULL
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username VARCHAR(60) NOT NULL UNIQUE
);

CREATE TABLE permit_applications (
  id INTEGER PRIMARY KEY,
  permit_no VARCHAR(20) NOT NULL UNIQUE,
  applicant VARCHAR(150) NOT NULL,
  email VARCHAR(255),
  phone VARCHAR(30),
  address VARCHAR(255) NOT NULL,
  parcel_id VARCHAR(40),
  contractor_id INTEGER REFERENCES contractors(id),
  type VARCHAR(20) NOT NULL CHECK (type IN ('building', 'electrical', 'plumbing', 'demolition', 'sign', 'fence', 'mechanical', 'roofing')),
  work_class VARCHAR(200),
  est_value DECIMAL(12,2),
  submitted TIMESTAMP NOT NULL,
  fee DECIMAL(10,2),
  fee_paid BOOLEAN DEFAULT FALSE,
  status VARCHAR(20) NOT NULL CHECK (status IN ('pending', 'in_review', 'needs_info', 'approved', 'rejected')),
  reviewer_id INTEGER REFERENCES users(id),
  notes TEXT
);
