CREATE TABLE genres (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL UNIQUE
);

CREATE TABLE books (
  id INTEGER PRIMARY KEY,
  title VARCHAR(200) NOT NULL,
  author VARCHAR(120) NOT NULL,
  isbn VARCHAR(17) UNIQUE,
  year_published INTEGER,
  genre_id INTEGER REFERENCES genres(id),
  shelf_location VARCHAR(80),
  summary TEXT,
  available_for_interlibrary_loan BOOLEAN NOT NULL DEFAULT FALSE
);
