CREATE TABLE vendors (
  id INTEGER PRIMARY KEY,
  vendor_code VARCHAR(20) NOT NULL UNIQUE,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE buyers (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE ship_to_locations (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE payment_terms (
  id INTEGER PRIMARY KEY,
  name VARCHAR(40) NOT NULL UNIQUE
);

CREATE TABLE purchase_orders (
  id INTEGER PRIMARY KEY,
  po_number VARCHAR(20) NOT NULL UNIQUE,
  order_date DATE NOT NULL,
  status VARCHAR(20) CHECK (status IN ('pending', 'approved', 'received', 'closed')),
  vendor_id INTEGER NOT NULL REFERENCES vendors(id),
  buyer_id INTEGER REFERENCES buyers(id),
  ship_to_location_id INTEGER REFERENCES ship_to_locations(id),
  need_by DATE,
  payment_term_id INTEGER REFERENCES payment_terms(id),
  cost_center VARCHAR(20),
  currency VARCHAR(3),
  amount DECIMAL(10,2)
);

CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  item_code VARCHAR(20) NOT NULL UNIQUE,
  description VARCHAR(200)
);

CREATE TABLE purchase_order_lines (
  id INTEGER PRIMARY KEY,
  purchase_order_id INTEGER NOT NULL REFERENCES purchase_orders(id),
  ln INTEGER NOT NULL,
  item_id INTEGER NOT NULL REFERENCES items(id),
  description VARCHAR(200),
  qty DECIMAL(10,2) NOT NULL,
  uom VARCHAR(10),
  unit_price DECIMAL(10,2) NOT NULL,
  ext_amount DECIMAL(10,2)
);
