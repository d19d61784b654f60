CREATE TABLE categories (
  id INTEGER PRIMARY KEY,
  name VARCHAR(100) NOT NULL
);

CREATE TABLE brands (
  id INTEGER PRIMARY KEY,
  name VARCHAR(100) NOT NULL
);

CREATE TABLE products (
  id INTEGER PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  sku VARCHAR(40) NOT NULL UNIQUE,
  category_id INTEGER REFERENCES categories(id),
  brand_id INTEGER REFERENCES brands(id),
  barcode_gtin VARCHAR(14),
  description TEXT,
  price DECIMAL(10,2) NOT NULL,
  compare_at_price DECIMAL(10,2),
  cost_per_item DECIMAL(10,2),
  tax_rate DECIMAL(5,2),
  charge_tax BOOLEAN,
  stock_quantity INTEGER NOT NULL,
  low_stock_alert INTEGER,
  weight_kg DECIMAL(8,3),
  dimensions_cm VARCHAR(40),
  available_from DATE,
  allow_backorders BOOLEAN,
  status VARCHAR(20) NOT NULL CHECK (status IN ('active', 'draft', 'archived')),
  featured BOOLEAN,
  image_url VARCHAR(255)
);

CREATE TABLE tags (
  id INTEGER PRIMARY KEY,
  name VARCHAR(50) NOT NULL UNIQUE
);

CREATE TABLE product_tags (
  product_id INTEGER NOT NULL REFERENCES products(id),
  tag_id INTEGER NOT NULL REFERENCES tags(id),
  PRIMARY KEY (product_id, tag_id)
);
