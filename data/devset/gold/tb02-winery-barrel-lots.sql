CREATE TABLE varietals (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL UNIQUE
);

CREATE TABLE barrel_lots (
  id INTEGER PRIMARY KEY,
  lot VARCHAR(20) NOT NULL UNIQUE,
  varietal_id INTEGER NOT NULL REFERENCES varietals(id),
  vintage INTEGER NOT NULL,
  cooperage VARCHAR(80),
  volume INTEGER,
  filled DATE,
  stage VARCHAR(20) CHECK (stage IN ('malolactic', 'aging', 'ready_to_bottle', 'emptied'))
);
