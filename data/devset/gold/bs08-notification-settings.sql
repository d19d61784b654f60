CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE notification_settings (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL UNIQUE REFERENCES users(id),
  task_assigned_to_me BOOLEAN NOT NULL DEFAULT TRUE,
  comments_and_mentions BOOLEAN NOT NULL DEFAULT TRUE,
  project_status_changes BOOLEAN NOT NULL DEFAULT FALSE,
  digest_frequency VARCHAR(20) CHECK (digest_frequency IN ('never', 'daily', 'weekly')),
  due_date_reminders BOOLEAN NOT NULL DEFAULT TRUE,
  quiet_hours BOOLEAN NOT NULL DEFAULT FALSE
);
