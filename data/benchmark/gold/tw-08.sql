CREATE TABLE vendors (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE product_types (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL
);

CREATE TABLE collections (
  id INTEGER PRIMARY KEY,
  title VARCHAR(120) NOT NULL
);

CREATE TABLE products (
  id INTEGER PRIMARY KEY,
  product_name VARCHAR(200) NOT NULL,
  sku VARCHAR(40) NOT NULL UNIQUE,
  price DECIMAL(10,2) NOT NULL,
  compare_at_price DECIMAL(10,2),
  cost_per_item DECIMAL(10,2),
  quantity INTEGER,
  barcode VARCHAR(40),
  weight DECIMAL(10,2),
  vendor_id INTEGER REFERENCES vendors(id),
  product_type_id INTEGER REFERENCES product_types(id),
  collection_id INTEGER REFERENCES collections(id),
  status VARCHAR(20) CHECK (status IN ('active', 'draft', 'archived')),
  description TEXT
);
