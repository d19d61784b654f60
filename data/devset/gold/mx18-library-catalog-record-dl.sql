CREATE TABLE titles (
  id INTEGER PRIMARY KEY,
  title VARCHAR(200) NOT NULL,
  author VARCHAR(120),
  publisher VARCHAR(120),
  published INTEGER,
  isbn VARCHAR(13) UNIQUE,
  physical_description VARCHAR(120),
  series VARCHAR(120),
  call_number VARCHAR(40),
  subjects TEXT,
  reading_level VARCHAR(80),
  awards TEXT,
  format VARCHAR(20) CHECK (format IN ('book', 'ebook', 'audiobook', 'dvd', 'magazine')),
  language VARCHAR(40),
  summary TEXT
);

CREATE TABLE copies (
  id INTEGER PRIMARY KEY,
  title_id INTEGER NOT NULL REFERENCES titles(id),
  barcode VARCHAR(20) NOT NULL UNIQUE,
  location VARCHAR(80),
  status VARCHAR(20) CHECK (status IN ('available', 'checked_out', 'library_use_only')),
  due_date DATE
);
