CREATE TABLE fields (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL UNIQUE
);

CREATE TABLE crops (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL UNIQUE
);

CREATE TABLE plantings (
  id INTEGER PRIMARY KEY,
  field_id INTEGER NOT NULL REFERENCES fields(id),
  crop_id INTEGER NOT NULL REFERENCES crops(id),
  planted_on DATE NOT NULL,
  yield_tonnes DECIMAL(8,2) CHECK (yield_tonnes >= 0)
);
