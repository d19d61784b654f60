CREATE TABLE insurance_providers (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL UNIQUE
);

CREATE TABLE physicians (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL
);

CREATE TABLE patients (
  id INTEGER PRIMARY KEY,
  first_name VARCHAR(80) NOT NULL,
  last_name VARCHAR(80) NOT NULL,
  date_of_birth DATE,
  insurance_provider_id INTEGER REFERENCES insurance_providers(id),
  mobile_phone VARCHAR(30),
  email VARCHAR(255) UNIQUE,
  sex_assigned_at_birth VARCHAR(20) CHECK (sex_assigned_at_birth IN ('male', 'female', 'intersex')),
  physician_id INTEGER REFERENCES physicians(id),
  known_allergies TEXT,
  consent_to_treatment_signed BOOLEAN NOT NULL DEFAULT FALSE,
  smoker BOOLEAN NOT NULL DEFAULT FALSE
);
