CREATE TABLE agents (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL
);

CREATE TABLE listings (
  id INTEGER PRIMARY KEY,
  title VARCHAR(120) NOT NULL,
  listing_type VARCHAR(20) NOT NULL CHECK (listing_type IN ('for_rent', 'for_sale', 'auction', 'off_the_plan')),
  price DECIMAL(12,2) NOT NULL,
  description TEXT,
  address VARCHAR(255) NOT NULL,
  bedrooms INTEGER NOT NULL,
  bathrooms INTEGER NOT NULL,
  area_m2 DECIMAL(8,2),
  agent_id INTEGER NOT NULL REFERENCES agents(id),
  published BOOLEAN DEFAULT TRUE,
  listed_on DATE
);
