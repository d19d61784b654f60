CREATE TABLE owners (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL,
  phone VARCHAR(30)
);

CREATE TABLE patients (
  id INTEGER PRIMARY KEY,
  owner_id INTEGER NOT NULL REFERENCES owners(id),
  name VARCHAR(80) NOT NULL,
  breed VARCHAR(80),
  age INTEGER
);

CREATE TABLE veterinarians (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL
);

CREATE TABLE appointments (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  veterinarian_id INTEGER REFERENCES veterinarians(id),
  time TIMESTAMP NOT NULL,
  duration_minutes INTEGER,
  reason VARCHAR(200),
  status VARCHAR(20) CHECK (status IN ('scheduled', 'checked_in', 'in_exam', 'completed', 'no_show'))
);
