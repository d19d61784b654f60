CREATE TABLE crew_members (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL,
  position VARCHAR(40),
  base VARCHAR(3)
);

CREATE TABLE trips (
  id INTEGER PRIMARY KEY,
  pairing VARCHAR(10) NOT NULL,
  route VARCHAR(80) NOT NULL,
  start_date DATE NOT NULL,
  end_date DATE NOT NULL,
  crew_member_id INTEGER REFERENCES crew_members(id)
);

CREATE TABLE swap_requests (
  id INTEGER PRIMARY KEY,
  trip_id INTEGER NOT NULL REFERENCES trips(id),
  requester_id INTEGER NOT NULL REFERENCES crew_members(id),
  swap_with_id INTEGER NOT NULL REFERENCES crew_members(id),
  swap_type VARCHAR(20) NOT NULL CHECK (swap_type IN ('full_trip', 'partial')),
  reason VARCHAR(20) CHECK (reason IN ('family_event', 'medical_appointment', 'other')),
  exchange_trip_id INTEGER REFERENCES trips(id),
  message TEXT,
  copy_crew_scheduling BOOLEAN NOT NULL DEFAULT TRUE
);
