CREATE TABLE patients (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL,
  mrn VARCHAR(20) NOT NULL UNIQUE
);

CREATE TABLE providers (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL,
  credentials VARCHAR(20)
);

CREATE TABLE visits (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  provider_id INTEGER NOT NULL REFERENCES providers(id),
  visit_date TIMESTAMP NOT NULL,
  reason_for_visit VARCHAR(200),
  blood_pressure_systolic INTEGER,
  blood_pressure_diastolic INTEGER,
  temperature DECIMAL(4,1),
  diagnosis VARCHAR(200),
  diagnosis_code VARCHAR(10),
  follow_up VARCHAR(200)
);

CREATE TABLE prescriptions (
  id INTEGER PRIMARY KEY,
  visit_id INTEGER NOT NULL REFERENCES visits(id),
  medication VARCHAR(120) NOT NULL,
  dose VARCHAR(40),
  instructions VARCHAR(200)
);
