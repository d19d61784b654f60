CREATE TABLE spacecraft (
  id INTEGER PRIMARY KEY,
  name VARCHAR(40) NOT NULL UNIQUE
);

CREATE TABLE stations (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL UNIQUE
);

CREATE TABLE passes (
  id INTEGER PRIMARY KEY,
  pass VARCHAR(20) NOT NULL UNIQUE,
  spacecraft_id INTEGER NOT NULL REFERENCES spacecraft(id),
  station_id INTEGER NOT NULL REFERENCES stations(id),
  aos TIMESTAMP NOT NULL,
  los TIMESTAMP NOT NULL,
  max_elev DECIMAL(4,1),
  downlink INTEGER,
  status VARCHAR(20) CHECK (status IN ('scheduled', 'tracking', 'completed', 'partial', 'failed'))
);
