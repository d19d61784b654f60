CREATE TABLE guests (
  id INTEGER PRIMARY KEY,
  guest_name VARCHAR(120) NOT NULL,
  phone VARCHAR(30),
  email VARCHAR(255) UNIQUE,
  dietary_needs TEXT
);

CREATE TABLE dining_tables (
  id INTEGER PRIMARY KEY,
  name VARCHAR(40) NOT NULL UNIQUE,
  area VARCHAR(40)
);

CREATE TABLE reservations (
  id INTEGER PRIMARY KEY,
  reservation_code VARCHAR(20) NOT NULL UNIQUE,
  guest_id INTEGER NOT NULL REFERENCES guests(id),
  date DATE NOT NULL,
  time TIME NOT NULL,
  party_size INTEGER NOT NULL,
  dining_table_id INTEGER REFERENCES dining_tables(id),
  status VARCHAR(20) CHECK (status IN ('pending', 'confirmed', 'seated', 'cancelled')),
  deposit DECIMAL(10,2),
  occasion VARCHAR(80),
  special_requests TEXT,
  booked_at TIMESTAMP
);
