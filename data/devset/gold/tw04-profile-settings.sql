CREATE TABLE countries (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL UNIQUE
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username VARCHAR(40) NOT NULL UNIQUE,
  photo_url VARCHAR(255),
  about TEXT,
  first_name VARCHAR(80) NOT NULL,
  last_name VARCHAR(80) NOT NULL,
  email_address VARCHAR(255) NOT NULL UNIQUE,
  country_id INTEGER REFERENCES countries(id),
  timezone VARCHAR(64),
  language VARCHAR(20) CHECK (language IN ('english', 'spanish'))
);
