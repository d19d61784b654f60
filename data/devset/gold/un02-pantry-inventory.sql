CREATE TABLE categories (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL UNIQUE
);

CREATE TABLE donors (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE inventory_items (
  id INTEGER PRIMARY KEY,
  item VARCHAR(120) NOT NULL,
  category_id INTEGER NOT NULL REFERENCES categories(id),
  unit VARCHAR(40) NOT NULL,
  on_hand INTEGER NOT NULL DEFAULT 0,
  reorder_at INTEGER,
  expires DATE,
  donor_id INTEGER REFERENCES donors(id)
);
