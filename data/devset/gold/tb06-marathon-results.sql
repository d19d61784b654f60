CREATE TABLE clubs (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL UNIQUE
);

CREATE TABLE runners (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL,
  club_id INTEGER REFERENCES clubs(id)
);

CREATE TABLE results (
  id INTEGER PRIMARY KEY,
  runner_id INTEGER NOT NULL REFERENCES runners(id),
  place INTEGER,
  bib INTEGER NOT NULL UNIQUE,
  division VARCHAR(20),
  half_split INTEGER,
  chip_time INTEGER,
  gun_time INTEGER,
  pace_km INTEGER
);
