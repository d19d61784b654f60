CREATE TABLE bases (
  id INTEGER PRIMARY KEY,
  code VARCHAR(3) NOT NULL UNIQUE,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE crew_members (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL
);

CREATE TABLE app_settings (
  id INTEGER PRIMARY KEY,
  crew_member_id INTEGER NOT NULL UNIQUE REFERENCES crew_members(id),
  background_sync BOOLEAN NOT NULL DEFAULT TRUE,
  sync_frequency INTEGER NOT NULL,
  base_id INTEGER REFERENCES bases(id),
  add_trips_to_device_calendar BOOLEAN NOT NULL DEFAULT TRUE,
  open_time_posted BOOLEAN NOT NULL DEFAULT TRUE,
  reassignment_alerts BOOLEAN NOT NULL DEFAULT FALSE,
  report_time_reminder INTEGER,
  show_times_in VARCHAR(20) CHECK (show_times_in IN ('utc', 'local')),
  twenty_four_hour_clock BOOLEAN NOT NULL DEFAULT TRUE
);
