CREATE TABLE species (
  id INTEGER PRIMARY KEY,
  common_name VARCHAR(120) NOT NULL UNIQUE
);

CREATE TABLE admissions (
  id INTEGER PRIMARY KEY,
  case_number VARCHAR(20) NOT NULL UNIQUE,
  species_id INTEGER NOT NULL REFERENCES species(id),
  age_class VARCHAR(20) CHECK (age_class IN ('hatch_year', 'juvenile', 'adult', 'unknown')),
  date_admitted DATE NOT NULL,
  where_found VARCHAR(200),
  weight INTEGER,
  finder_name VARCHAR(120),
  finder_phone VARCHAR(30),
  band_number VARCHAR(20),
  condition_on_arrival VARCHAR(200),
  intake_notes TEXT,
  notify_state_wildlife_agency BOOLEAN NOT NULL DEFAULT FALSE,
  possible_lead_exposure BOOLEAN NOT NULL DEFAULT FALSE
);
