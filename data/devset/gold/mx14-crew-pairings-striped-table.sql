CREATE TABLE crew_members (
  id INTEGER PRIMARY KEY,
  last_name VARCHAR(80) NOT NULL,
  first_name VARCHAR(80) NOT NULL
);

CREATE TABLE pairings (
  id INTEGER PRIMARY KEY,
  pairing VARCHAR(10) NOT NULL UNIQUE,
  route VARCHAR(80) NOT NULL,
  report TIMESTAMP NOT NULL,
  release TIMESTAMP NOT NULL,
  block INTEGER,
  captain_id INTEGER REFERENCES crew_members(id),
  first_officer_id INTEGER REFERENCES crew_members(id),
  status VARCHAR(20) CHECK (status IN ('fully_crewed', 'open_fo', 'open_ca', 'illegal_rest', 'pending_swap'))
);
