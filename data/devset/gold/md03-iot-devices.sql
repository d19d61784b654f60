CREATE TABLE models (
  id INTEGER PRIMARY KEY,
  name VARCHAR(40) NOT NULL UNIQUE
);

CREATE TABLE devices (
  id INTEGER PRIMARY KEY,
  device_id VARCHAR(20) NOT NULL UNIQUE,
  name VARCHAR(120) NOT NULL,
  model_id INTEGER REFERENCES models(id),
  status VARCHAR(20) CHECK (status IN ('online', 'offline', 'low_battery')),
  temp_c DECIMAL(5,1),
  humidity INTEGER,
  battery INTEGER,
  firmware VARCHAR(20),
  last_seen TIMESTAMP
);
