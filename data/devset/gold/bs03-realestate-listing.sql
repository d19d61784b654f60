CREATE TABLE agents (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL
);

CREATE TABLE listings (
  id INTEGER PRIMARY KEY,
  street_address VARCHAR(200) NOT NULL,
  city VARCHAR(100) NOT NULL,
  property_type VARCHAR(20) CHECK (property_type IN ('condo', 'single_family_home', 'townhouse')),
  asking_price DECIMAL(10,2),
  living_area INTEGER,
  bedrooms INTEGER,
  bathrooms DECIMAL(3,1),
  year_built INTEGER,
  hoa_fee DECIMAL(10,2),
  agent_id INTEGER REFERENCES agents(id),
  garage BOOLEAN NOT NULL DEFAULT FALSE,
  pool BOOLEAN NOT NULL DEFAULT FALSE,
  fireplace BOOLEAN NOT NULL DEFAULT FALSE
);
