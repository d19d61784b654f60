CREATE TABLE patients (
  id INTEGER PRIMARY KEY,
  first_name VARCHAR(80) NOT NULL,
  last_name VARCHAR(80) NOT NULL,
  date_of_birth DATE NOT NULL,
  gender VARCHAR(20) CHECK (gender IN ('female', 'male', 'non_binary', 'prefer_not_to_say')),
  blood_type VARCHAR(20) CHECK (blood_type IN ('a+', 'a-', 'b+', 'b-', 'ab+', 'ab-', 'o+', 'o-', 'unknown')),
  insurance_number VARCHAR(40),
  mobile_phone VARCHAR(30),
  email VARCHAR(255),
  allergies TEXT
);
