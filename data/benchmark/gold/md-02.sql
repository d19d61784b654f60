CREATE TABLE clubs (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE members (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL,
  email VARCHAR(255) NOT NULL UNIQUE,
  mobile_number VARCHAR(30),
  password_hash VARCHAR(255) NOT NULL,
  membership_plan VARCHAR(20) CHECK (membership_plan IN ('off_peak', 'standard', 'premium', 'student')),
  home_club_id INTEGER REFERENCES clubs(id),
  start_date DATE NOT NULL,
  billing_cycle VARCHAR(20) CHECK (billing_cycle IN ('monthly', 'annual')),
  auto_renew BOOLEAN DEFAULT TRUE
);
