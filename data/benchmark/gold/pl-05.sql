CREATE TABLE dining_tables (
  id INTEGER PRIMARY KEY,
  name VARCHAR(40) NOT NULL
);

CREATE TABLE reservations (
  id INTEGER PRIMARY KEY,
  guest_name VARCHAR(120) NOT NULL,
  party_size INTEGER NOT NULL,
  reservation_date DATE NOT NULL,
  reservation_time TIME NOT NULL,
  dining_table_id INTEGER REFERENCES dining_tables(id),
  status VARCHAR(20) NOT NULL CHECK (status IN ('pending', 'confirmed', 'seated', 'completed', 'cancelled', 'no_show')),
  phone VARCHAR(30),
  email VARCHAR(255),
  notes TEXT
);

CREATE TABLE menu_items (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE order_items (
  id INTEGER PRIMARY KEY,
  reservation_id INTEGER NOT NULL REFERENCES reservations(id),
  menu_item_id INTEGER NOT NULL REFERENCES menu_items(id),
  course VARCHAR(20) CHECK (course IN ('starter', 'main', 'wine', 'dessert')),
  qty INTEGER NOT NULL DEFAULT 1,
  unit_price DECIMAL(10,2) NOT NULL,
  amount DECIMAL(10,2)
);
