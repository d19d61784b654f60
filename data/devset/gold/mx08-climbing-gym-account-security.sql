CREATE TABLE members (
  id INTEGER PRIMARY KEY,
  email_address VARCHAR(255) NOT NULL UNIQUE,
  mobile_phone VARCHAR(30),
  member_id VARCHAR(20) NOT NULL UNIQUE,
  password_hash VARCHAR(255) NOT NULL,
  two_step_verification BOOLEAN NOT NULL DEFAULT TRUE,
  email_me_when_someone_signs_in_from_a_new_device BOOLEAN NOT NULL DEFAULT TRUE
);
