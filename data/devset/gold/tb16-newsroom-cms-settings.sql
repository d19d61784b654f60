CREATE TABLE publishing_settings (
  id INTEGER PRIMARY KEY,
  default_status_for_new_stories VARCHAR(20) CHECK (default_status_for_new_stories IN ('budget_line', 'draft', 'ready_for_copy_desk')),
  require_copy_desk_sign_off BOOLEAN NOT NULL DEFAULT TRUE,
  publish_corrections_without_review BOOLEAN NOT NULL DEFAULT FALSE,
  embargo_time_zone VARCHAR(20) CHECK (embargo_time_zone IN ('eastern', 'central', 'mountain', 'pacific')),
  auto_post_to_social_accounts BOOLEAN NOT NULL DEFAULT FALSE,
  send_to_wire_partners BOOLEAN NOT NULL DEFAULT TRUE,
  homepage_placement VARCHAR(40),
  paywall_meter INTEGER CHECK (paywall_meter IN (0, 3, 5, 10))
);
