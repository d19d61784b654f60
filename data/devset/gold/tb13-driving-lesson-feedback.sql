CREATE TABLE instructors (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL
);

CREATE TABLE lesson_feedback (
  id INTEGER PRIMARY KEY,
  student_name VARCHAR(120) NOT NULL,
  lesson_date DATE NOT NULL,
  instructor_id INTEGER NOT NULL REFERENCES instructors(id),
  lesson_type VARCHAR(20) CHECK (lesson_type IN ('standard_60_min', 'motorway_90_min', 'mock_test')),
  punctuality INTEGER CHECK (punctuality BETWEEN 1 AND 5),
  clear_instructions INTEGER CHECK (clear_instructions BETWEEN 1 AND 5),
  patience_and_manner INTEGER CHECK (patience_and_manner BETWEEN 1 AND 5),
  feeling_safe_on_the_motorway INTEGER CHECK (feeling_safe_on_the_motorway BETWEEN 1 AND 5),
  car_cleanliness INTEGER CHECK (car_cleanliness BETWEEN 1 AND 5),
  test_readiness VARCHAR(20) CHECK (test_readiness IN ('not_yet', 'getting_there', 'ready')),
  work_on_next_time TEXT,
  would_recommend_instructor BOOLEAN NOT NULL DEFAULT FALSE,
  please_call_me BOOLEAN NOT NULL DEFAULT FALSE
);
