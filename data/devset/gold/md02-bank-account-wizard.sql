CREATE TABLE applicants (
  id INTEGER PRIMARY KEY,
  given_names VARCHAR(120) NOT NULL,
  surname VARCHAR(80) NOT NULL,
  date_of_birth DATE NOT NULL,
  employment_status VARCHAR(20) CHECK (employment_status IN ('employed', 'self_employed', 'unemployed', 'student', 'retired')),
  residential_address VARCHAR(255) NOT NULL,
  ird_number VARCHAR(11) UNIQUE,
  annual_income DECIMAL(10,2),
  new_zealand_tax_resident BOOLEAN NOT NULL
);
