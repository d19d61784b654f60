CREATE TABLE offtakers (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL UNIQUE
);

CREATE TABLE asset_managers (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL
);

CREATE TABLE contractors (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL UNIQUE
);

CREATE TABLE sites (
  id INTEGER PRIMARY KEY,
  site_id VARCHAR(20) NOT NULL UNIQUE,
  site_name VARCHAR(120) NOT NULL,
  status VARCHAR(20) CHECK (status IN ('development', 'construction', 'operating', 'decommissioned')),
  portfolio VARCHAR(80),
  capacity_mwdc DECIMAL(8,2),
  capacity_mwac DECIMAL(8,2),
  location VARCHAR(120),
  latitude DECIMAL(9,6),
  longitude DECIMAL(9,6),
  point_of_interconnection VARCHAR(120),
  commercial_operation DATE,
  offtaker_id INTEGER REFERENCES offtakers(id),
  ppa_term_years INTEGER,
  ppa_price DECIMAL(10,2),
  ppa_escalator DECIMAL(5,2),
  modules VARCHAR(120),
  inverters VARCHAR(120),
  asset_manager_id INTEGER REFERENCES asset_managers(id),
  contractor_id INTEGER REFERENCES contractors(id)
);
