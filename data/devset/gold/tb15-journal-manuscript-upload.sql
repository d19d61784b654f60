CREATE TABLE authors (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL,
  orcid_id VARCHAR(19) UNIQUE
);

CREATE TABLE sections (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL UNIQUE
);

CREATE TABLE manuscripts (
  id INTEGER PRIMARY KEY,
  author_id INTEGER NOT NULL REFERENCES authors(id),
  manuscript_title VARCHAR(300) NOT NULL,
  article_type VARCHAR(20) NOT NULL CHECK (article_type IN ('review', 'research_article', 'short_communication')),
  section_id INTEGER REFERENCES sections(id),
  keywords VARCHAR(255),
  abstract TEXT,
  not_under_consideration_elsewhere BOOLEAN NOT NULL DEFAULT FALSE,
  include_preprint_link BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE manuscript_files (
  id INTEGER PRIMARY KEY,
  manuscript_id INTEGER NOT NULL REFERENCES manuscripts(id),
  kind VARCHAR(20) CHECK (kind IN ('manuscript', 'figure')),
  file_name VARCHAR(255) NOT NULL,
  size_bytes INTEGER,
  uploaded_at TIMESTAMP
);
