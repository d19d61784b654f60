CREATE TABLE categories (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL
);

CREATE TABLE warehouses (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL
);

CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  sku VARCHAR(30) NOT NULL UNIQUE,
  item_name VARCHAR(150) NOT NULL,
  category_id INTEGER REFERENCES categories(id),
  warehouse_id INTEGER REFERENCES warehouses(id),
  on_hand INTEGER NOT NULL DEFAULT 0,
  reorder_point INTEGER,
  unit_cost DECIMAL(10,2),
  last_updated TIMESTAMP
);
