CREATE TABLE flights (
  id INTEGER PRIMARY KEY,
  flight_number VARCHAR(10) NOT NULL
);

CREATE TABLE bookings (
  id INTEGER PRIMARY KEY,
  flight_id INTEGER REFERENCES flights(id),
  fare VARCHAR(40),
  passengers INTEGER,
  checked_bags VARCHAR(40),
  total DECIMAL(10,2)
);

CREATE TABLE travellers (
  id INTEGER PRIMARY KEY,
  booking_id INTEGER NOT NULL REFERENCES bookings(id),
  first_name VARCHAR(80) NOT NULL,
  last_name VARCHAR(80) NOT NULL,
  passport_number VARCHAR(20) NOT NULL,
  passport_expiry_date DATE,
  nationality VARCHAR(60) NOT NULL,
  date_of_birth DATE NOT NULL,
  email VARCHAR(255) NOT NULL,
  phone VARCHAR(30) NOT NULL
);
