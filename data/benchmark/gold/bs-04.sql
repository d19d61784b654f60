CREATE TABLE venues (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  title VARCHAR(200) NOT NULL,
  date DATE NOT NULL,
  start_time TIME,
  end_time TIME,
  venue_id INTEGER REFERENCES venues(id),
  capacity INTEGER,
  public BOOLEAN DEFAULT TRUE,
  status VARCHAR(20) CHECK (status IN ('scheduled', 'draft', 'cancelled', 'completed'))
);
