CREATE TABLE controllers (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL
);

CREATE TABLE zones (
  id INTEGER PRIMARY KEY,
  controller_id INTEGER NOT NULL REFERENCES controllers(id),
  zone_number INTEGER NOT NULL,
  zone_name VARCHAR(120) NOT NULL,
  station_valve VARCHAR(10),
  emitters INTEGER,
  sprinkler_type VARCHAR(20) CHECK (sprinkler_type IN ('spray_heads', 'rotors', 'drip_emitters', 'bubblers')),
  soil_type VARCHAR(20) CHECK (soil_type IN ('sandy', 'clay_loam', 'silt')),
  start_time TIME,
  run_time INTEGER NOT NULL CHECK (run_time BETWEEN 1 AND 60),
  skip_when_soil_moisture_is_above INTEGER CHECK (skip_when_soil_moisture_is_above BETWEEN 0 AND 100),
  seasonal_adjustment INTEGER NOT NULL DEFAULT 100 CHECK (seasonal_adjustment BETWEEN 50 AND 150),
  rain_skip BOOLEAN NOT NULL DEFAULT TRUE,
  freeze_skip BOOLEAN NOT NULL DEFAULT TRUE,
  wind_skip BOOLEAN NOT NULL DEFAULT FALSE,
  cycle_and_soak BOOLEAN NOT NULL DEFAULT FALSE
);
