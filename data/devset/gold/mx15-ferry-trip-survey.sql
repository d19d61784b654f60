CREATE TABLE sailings (
  id INTEGER PRIMARY KEY,
  route VARCHAR(120) NOT NULL,
  departure_time TIME NOT NULL
);

CREATE TABLE survey_responses (
  id INTEGER PRIMARY KEY,
  trip_date DATE,
  overall_rating VARCHAR(20) NOT NULL CHECK (overall_rating IN ('poor', 'fair', 'okay', 'very_good', 'excellent')),
  sailing_id INTEGER NOT NULL REFERENCES sailings(id),
  ticket_purchase_method VARCHAR(20) CHECK (ticket_purchase_method IN ('mobile_app', 'kiosk', 'ticket_window', 'transit_card')),
  terminal_wait VARCHAR(20) CHECK (terminal_wait IN ('under_10_min', '10_30_min', '30_60_min', 'over_1_hr')),
  used_galley BOOLEAN NOT NULL DEFAULT FALSE,
  used_wi_fi BOOLEAN NOT NULL DEFAULT FALSE,
  used_restrooms BOOLEAN NOT NULL DEFAULT FALSE,
  used_outdoor_deck BOOLEAN NOT NULL DEFAULT FALSE,
  used_quiet_room BOOLEAN NOT NULL DEFAULT FALSE,
  used_bike_racks BOOLEAN NOT NULL DEFAULT FALSE,
  used_ev_charging BOOLEAN NOT NULL DEFAULT FALSE,
  recommend_score INTEGER CHECK (recommend_score BETWEEN 0 AND 10),
  cabin_cleanliness VARCHAR(20) CHECK (cabin_cleanliness IN ('poor', 'fair', 'okay', 'very_good', 'excellent')),
  comments TEXT
);
