CREATE TABLE networks (
  id INTEGER PRIMARY KEY,
  code VARCHAR(2) NOT NULL UNIQUE
);

CREATE TABLE stations (
  id INTEGER PRIMARY KEY,
  station VARCHAR(10) NOT NULL UNIQUE,
  network_id INTEGER NOT NULL REFERENCES networks(id),
  lat DECIMAL(9,4) NOT NULL,
  lon DECIMAL(9,4) NOT NULL,
  elev_m INTEGER,
  chan VARCHAR(3),
  last_pick TIMESTAMP,
  mag DECIMAL(3,1),
  depth_km DECIMAL(5,1),
  latency_s DECIMAL(6,1),
  uptime_30d DECIMAL(5,2),
  state VARCHAR(20) CHECK (state IN ('ok', 'lag', 'down'))
);
