CREATE TABLE printers (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL UNIQUE
);

CREATE TABLE order_settings (
  id INTEGER PRIMARY KEY,
  accept_online_orders BOOLEAN NOT NULL DEFAULT TRUE,
  default_prep_time INTEGER NOT NULL,
  auto_accept_delivery_orders BOOLEAN NOT NULL DEFAULT FALSE,
  printer_id INTEGER REFERENCES printers(id),
  play_sound_on_new_order BOOLEAN NOT NULL DEFAULT TRUE,
  show_allergens_in_red BOOLEAN NOT NULL DEFAULT TRUE,
  service_charge DECIMAL(5,2),
  tipping_on_card_terminal BOOLEAN NOT NULL DEFAULT FALSE
);
