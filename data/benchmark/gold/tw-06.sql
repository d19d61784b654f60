CREATE TABLE workspaces (
  id INTEGER PRIMARY KEY,
  workspace_name VARCHAR(120) NOT NULL,
  url_slug VARCHAR(60) NOT NULL UNIQUE,
  billing_email VARCHAR(255) NOT NULL,
  timezone VARCHAR(64) NOT NULL,
  default_currency VARCHAR(3) NOT NULL,
  send_payment_reminders BOOLEAN DEFAULT TRUE,
  prorate_plan_changes BOOLEAN DEFAULT FALSE
);
