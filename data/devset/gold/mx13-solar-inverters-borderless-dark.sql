CREATE TABLE blocks (
  id INTEGER PRIMARY KEY,
  name VARCHAR(40) NOT NULL UNIQUE
);

CREATE TABLE inverters (
  id INTEGER PRIMARY KEY,
  inverter VARCHAR(20) NOT NULL UNIQUE,
  block_id INTEGER REFERENCES blocks(id),
  strings VARCHAR(20),
  status VARCHAR(20) CHECK (status IN ('producing', 'derated', 'offline', 'maintenance')),
  ac_power DECIMAL(10,2),
  energy_today DECIMAL(10,2),
  efficiency DECIMAL(5,2),
  cabinet_temp DECIMAL(5,1),
  last_fault VARCHAR(200),
  firmware VARCHAR(20)
);
