CREATE TABLE vessels (
  id INTEGER PRIMARY KEY,
  vessel_name VARCHAR(80) NOT NULL,
  registration_no VARCHAR(20) NOT NULL UNIQUE,
  make_and_model VARCHAR(120),
  length_overall DECIMAL(5,1) NOT NULL,
  draft DECIMAL(4,1),
  hull_material VARCHAR(20) CHECK (hull_material IN ('fiberglass', 'aluminum', 'steel', 'wood'))
);

CREATE TABLE skippers (
  id INTEGER PRIMARY KEY,
  skipper_name VARCHAR(120) NOT NULL,
  mobile_phone VARCHAR(30) NOT NULL,
  vhf_call_sign VARCHAR(20),
  email VARCHAR(255),
  emergency_contact VARCHAR(200)
);

CREATE TABLE slips (
  id INTEGER PRIMARY KEY,
  name VARCHAR(10) NOT NULL UNIQUE,
  length_ft INTEGER,
  dock_type VARCHAR(20) CHECK (dock_type IN ('floating', 'fixed'))
);

CREATE TABLE slip_bookings (
  id INTEGER PRIMARY KEY,
  request_number VARCHAR(20) NOT NULL UNIQUE,
  vessel_id INTEGER NOT NULL REFERENCES vessels(id),
  skipper_id INTEGER NOT NULL REFERENCES skippers(id),
  shore_power VARCHAR(20) CHECK (shore_power IN ('none', '30a_125v', '50a_250v')),
  arrival DATE NOT NULL,
  departure DATE NOT NULL,
  slip_id INTEGER REFERENCES slips(id),
  gate_code_request VARCHAR(20),
  notes_for_the_dockmaster TEXT,
  insurance_certificate_on_file BOOLEAN NOT NULL DEFAULT FALSE,
  liveaboard BOOLEAN NOT NULL DEFAULT FALSE
);
