CREATE TABLE students (
  id INTEGER PRIMARY KEY,
  first_name VARCHAR(60) NOT NULL,
  last_name VARCHAR(60) NOT NULL,
  date_of_birth DATE NOT NULL,
  gender VARCHAR(20) CHECK (gender IN ('male', 'female', 'not_stated')),
  grade VARCHAR(20) NOT NULL CHECK (grade IN ('grade_6', 'grade_7', 'grade_8', 'grade_9', 'grade_10')),
  start_date DATE,
  previous_school VARCHAR(120),
  home_address VARCHAR(200),
  guardian_name VARCHAR(120) NOT NULL,
  relationship_to_student VARCHAR(20) CHECK (relationship_to_student IN ('mother', 'father', 'grandparent', 'legal_guardian', 'other')),
  guardian_phone VARCHAR(30) NOT NULL,
  guardian_email VARCHAR(255),
  medical_conditions_allergies TEXT,
  uses_school_bus BOOLEAN,
  free_school_meals BOOLEAN
);
