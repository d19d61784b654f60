CREATE TABLE owners (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL
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

CREATE TABLE rooms (
  id INTEGER PRIMARY KEY,
  name VARCHAR(40) NOT NULL UNIQUE
);

CREATE TABLE appointments (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  date DATE NOT NULL,
  start_time TIME NOT NULL,
  duration INTEGER NOT NULL,
  visit_type VARCHAR(20) CHECK (visit_type IN ('exam', 'vaccination', 'surgery_consult', 'follow_up')),
  veterinarian_id INTEGER REFERENCES veterinarians(id),
  room_id INTEGER REFERENCES rooms(id),
  reason_for_visit TEXT,
  send_sms_reminder_the_day_before BOOLEAN NOT NULL DEFAULT TRUE,
  new_client_paperwork_needed BOOLEAN NOT NULL DEFAULT FALSE
);
