CREATE TABLE crops (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL UNIQUE
);

CREATE TABLE zones (
  id INTEGER PRIMARY KEY,
  zone VARCHAR(20) NOT NULL UNIQUE,
  crop_id INTEGER REFERENCES crops(id),
  status VARCHAR(20) CHECK (status IN ('normal', 'warning', 'offline')),
  air_c DECIMAL(5,1),
  soil_moisture INTEGER,
  humidity INTEGER,
  light_par INTEGER,
  irrigation VARCHAR(40),
  vents VARCHAR(40),
  alerts VARCHAR(120)
);
