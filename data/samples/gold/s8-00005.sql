CREATE TABLE movies (
  id INTEGER PRIMARY KEY,
  title VARCHAR(200) NOT NULL,
  release_year INTEGER,
  rating_code VARCHAR(20) NOT NULL CHECK (rating_code IN ('g', 'pg', 'pg13', 'r')),
  runtime_minutes INTEGER NOT NULL CHECK (runtime_minutes >= 0)
);

CREATE TABLE screenings (
  id INTEGER PRIMARY KEY,
  movie_id INTEGER NOT NULL REFERENCES movies(id),
  hall VARCHAR(20) NOT NULL,
  starts_at TIMESTAMP NOT NULL,
  ticket_price DECIMAL(10,2) NOT NULL CHECK (ticket_price >= 0)
);

CREATE TABLE bookings (
  id INTEGER PRIMARY KEY,
  screening_id INTEGER NOT NULL REFERENCES screenings(id),
  customer_email VARCHAR(255) NOT NULL,
  seats INTEGER NOT NULL CHECK (seats >= 0),
  booked_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
