CREATE TABLE donors (
  id INTEGER PRIMARY KEY,
  name VARCHAR(200) NOT NULL
);

CREATE TABLE objects (
  id INTEGER PRIMARY KEY,
  accession_no VARCHAR(20) NOT NULL UNIQUE,
  object VARCHAR(120) NOT NULL,
  object_name VARCHAR(200),
  maker VARCHAR(200),
  date_made VARCHAR(40),
  materials TEXT,
  dimensions VARCHAR(120),
  acquisition_method VARCHAR(20) CHECK (acquisition_method IN ('gift', 'purchase', 'bequest', 'transfer', 'field_collection')),
  donor_id INTEGER REFERENCES donors(id),
  date_received DATE,
  condition VARCHAR(200),
  current_location VARCHAR(120),
  on_loan BOOLEAN NOT NULL DEFAULT FALSE,
  insurance_value DECIMAL(10,2),
  remarks TEXT
);
