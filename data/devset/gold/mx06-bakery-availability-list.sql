CREATE TABLE ordering_settings (
  id INTEGER PRIMARY KEY,
  accept_online_orders BOOLEAN NOT NULL DEFAULT TRUE,
  pickup_window_start TIME,
  pickup_window_end TIME,
  show_sold_out_items BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE menu_categories (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL UNIQUE
);

CREATE TABLE menu_items (
  id INTEGER PRIMARY KEY,
  menu_category_id INTEGER NOT NULL REFERENCES menu_categories(id),
  name VARCHAR(120) NOT NULL,
  price DECIMAL(10,2) NOT NULL,
  quantity_left INTEGER,
  available BOOLEAN NOT NULL DEFAULT TRUE
);
