CREATE TABLE clinics (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE owners (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL
);

CREATE TABLE reminder_settings (
  id INTEGER PRIMARY KEY,
  owner_id INTEGER NOT NULL UNIQUE REFERENCES owners(id),
  vaccination_reminders BOOLEAN NOT NULL DEFAULT TRUE,
  remind_me VARCHAR(20) CHECK (remind_me IN ('1_week_before', '2_weeks_before', '1_month_before')),
  medication_refill_alerts BOOLEAN NOT NULL DEFAULT TRUE,
  reminder_time TIME,
  appointment_reminders BOOLEAN NOT NULL DEFAULT TRUE,
  text_message_reminders BOOLEAN NOT NULL DEFAULT FALSE,
  clinic_id INTEGER REFERENCES clinics(id),
  share_records_with_boarding_kennels BOOLEAN NOT NULL DEFAULT FALSE,
  weight_units VARCHAR(20) CHECK (weight_units IN ('lb', 'kg'))
);
