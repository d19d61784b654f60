CREATE TABLE clients (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL,
  email VARCHAR(255) UNIQUE
);

CREATE TABLE attorneys (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL,
  title VARCHAR(20) CHECK (title IN ('partner', 'sr_associate', 'associate'))
);

CREATE TABLE matters (
  id INTEGER PRIMARY KEY,
  client_id INTEGER NOT NULL REFERENCES clients(id),
  matter VARCHAR(200) NOT NULL,
  matter_number VARCHAR(20) NOT NULL UNIQUE,
  attorney_id INTEGER REFERENCES attorneys(id),
  opened DATE NOT NULL,
  unbilled DECIMAL(10,2) NOT NULL DEFAULT 0,
  unbilled_hours DECIMAL(6,1),
  status VARCHAR(20) CHECK (status IN ('intake', 'active', 'pending', 'on_hold', 'closed'))
);
