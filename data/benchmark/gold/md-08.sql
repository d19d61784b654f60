CREATE TABLE owners (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL,
  phone VARCHAR(30),
  email VARCHAR(255),
  address VARCHAR(255),
  preferred_contact VARCHAR(20)
);

CREATE TABLE vets (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL
);

CREATE TABLE pets (
  id INTEGER PRIMARY KEY,
  owner_id INTEGER NOT NULL REFERENCES owners(id),
  name VARCHAR(60) NOT NULL,
  species VARCHAR(30) NOT NULL,
  breed VARCHAR(80),
  sex VARCHAR(20) CHECK (sex IN ('male', 'female')),
  neutered BOOLEAN,
  date_of_birth DATE,
  weight DECIMAL(5,2),
  colour_markings VARCHAR(120),
  microchip_number VARCHAR(20) UNIQUE,
  insurance_provider VARCHAR(120),
  primary_vet_id INTEGER REFERENCES vets(id),
  registered_on DATE,
  diet VARCHAR(200),
  allergies_alerts TEXT
);
