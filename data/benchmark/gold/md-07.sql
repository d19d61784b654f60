CREATE TABLE guests (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL
);

CREATE TABLE room_types (
  id INTEGER PRIMARY KEY,
  name VARCHAR(60) NOT NULL
);

CREATE TABLE bookings (
  id INTEGER PRIMARY KEY,
  booking_ref VARCHAR(20) NOT NULL UNIQUE,
  guest_id INTEGER NOT NULL REFERENCES guests(id),
  room_type_id INTEGER REFERENCES room_types(id),
  check_in DATE NOT NULL,
  nights INTEGER NOT NULL,
  amount DECIMAL(10,2),
  status VARCHAR(20) CHECK (status IN ('confirmed', 'checked_in', 'pending', 'cancelled'))
);
