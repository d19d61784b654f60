CREATE TABLE breeds (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL UNIQUE
);

CREATE TABLE quotes (
  id INTEGER PRIMARY KEY,
  quote_number VARCHAR(20) NOT NULL UNIQUE
);

CREATE TABLE pets (
  id INTEGER PRIMARY KEY,
  quote_id INTEGER NOT NULL REFERENCES quotes(id),
  pets_name VARCHAR(80) NOT NULL,
  species VARCHAR(20) NOT NULL CHECK (species IN ('dog', 'cat')),
  breed_id INTEGER REFERENCES breeds(id),
  date_of_birth DATE,
  sex VARCHAR(20) CHECK (sex IN ('male', 'female')),
  microchip_number VARCHAR(15) UNIQUE,
  home_zip_code VARCHAR(10),
  weight DECIMAL(6,1),
  known_health_conditions TEXT,
  spayed_or_neutered BOOLEAN NOT NULL DEFAULT FALSE
);
