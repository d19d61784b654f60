CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL
);

CREATE TABLE notification_settings (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL UNIQUE REFERENCES users(id),
  email_notifications BOOLEAN DEFAULT TRUE,
  sms_alerts BOOLEAN DEFAULT TRUE,
  push_notifications BOOLEAN DEFAULT FALSE,
  weekly_digest BOOLEAN DEFAULT TRUE,
  digest_delivery_day VARCHAR(20) CHECK (digest_delivery_day IN ('monday', 'wednesday', 'friday', 'sunday')),
  partner_offers BOOLEAN DEFAULT FALSE,
  language VARCHAR(40),
  display_currency VARCHAR(3)
);
