CREATE TABLE ticket_types (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL UNIQUE
);

CREATE TABLE attendees (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL,
  work_email VARCHAR(255) NOT NULL UNIQUE,
  company VARCHAR(120),
  ticket_type_id INTEGER NOT NULL REFERENCES ticket_types(id),
  arrival_date DATE,
  arrival_time TIME,
  t_shirt_size VARCHAR(20) CHECK (t_shirt_size IN ('xs', 's', 'm', 'l', 'xl', 'xxl')),
  meal_preference VARCHAR(20) CHECK (meal_preference IN ('no_preference', 'vegetarian', 'vegan', 'halal')),
  promo_code VARCHAR(40),
  share_my_details_with_sponsors BOOLEAN NOT NULL DEFAULT FALSE
);
