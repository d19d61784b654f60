CREATE TABLE hotels (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL,
  city VARCHAR(80)
);

CREATE TABLE bookings (
  id INTEGER PRIMARY KEY,
  hotel_id INTEGER NOT NULL REFERENCES hotels(id),
  booking_number VARCHAR(20) NOT NULL UNIQUE,
  room_type VARCHAR(80),
  adults INTEGER,
  nights INTEGER
);

CREATE TABLE reviews (
  id INTEGER PRIMARY KEY,
  booking_id INTEGER NOT NULL REFERENCES bookings(id),
  cleanliness VARCHAR(20) CHECK (cleanliness IN ('terrible', 'poor', 'average', 'very_good', 'excellent')),
  location VARCHAR(20) CHECK (location IN ('terrible', 'poor', 'average', 'very_good', 'excellent')),
  service VARCHAR(20) CHECK (service IN ('terrible', 'poor', 'average', 'very_good', 'excellent')),
  value_for_money VARCHAR(20) CHECK (value_for_money IN ('terrible', 'poor', 'average', 'very_good', 'excellent')),
  sleep_quality VARCHAR(20) CHECK (sleep_quality IN ('terrible', 'poor', 'average', 'very_good', 'excellent')),
  trip_type VARCHAR(20) CHECK (trip_type IN ('business', 'couple', 'family', 'solo')),
  stay_start DATE,
  stay_end DATE,
  review_title VARCHAR(200),
  review TEXT,
  would_stay_again VARCHAR(20) CHECK (would_stay_again IN ('yes', 'no', 'not_sure')),
  show_my_first_name BOOLEAN NOT NULL DEFAULT TRUE
);

CREATE TABLE review_photos (
  id INTEGER PRIMARY KEY,
  review_id INTEGER NOT NULL REFERENCES reviews(id),
  file_name VARCHAR(255) NOT NULL
);
