CREATE TABLE airlines (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE flights (
  id INTEGER PRIMARY KEY,
  flight_number VARCHAR(10) NOT NULL,
  airline_id INTEGER NOT NULL REFERENCES airlines(id),
  status VARCHAR(20) CHECK (status IN ('scheduled', 'boarding', 'delayed', 'departed', 'cancelled')),
  origin VARCHAR(3) NOT NULL,
  destination VARCHAR(3) NOT NULL,
  aircraft VARCHAR(60),
  departure TIMESTAMP NOT NULL,
  arrival TIMESTAMP NOT NULL,
  distance_km INTEGER,
  terminal VARCHAR(5),
  gate VARCHAR(10),
  boarding_time TIMESTAMP,
  seats INTEGER NOT NULL,
  seats_sold INTEGER,
  base_price DECIMAL(10,2),
  baggage_allowance VARCHAR(40),
  meal_service BOOLEAN,
  wi_fi_on_board BOOLEAN,
  codeshare BOOLEAN,
  operational_notes TEXT
);
