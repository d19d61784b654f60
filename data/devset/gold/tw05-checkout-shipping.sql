CREATE TABLE countries (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL UNIQUE
);

CREATE TABLE shipping_addresses (
  id INTEGER PRIMARY KEY,
  first_name VARCHAR(80) NOT NULL,
  last_name VARCHAR(80) NOT NULL,
  street_address VARCHAR(200) NOT NULL,
  apartment_suite VARCHAR(80),
  city VARCHAR(100) NOT NULL,
  country_id INTEGER NOT NULL REFERENCES countries(id),
  postal_code VARCHAR(20) NOT NULL
);

CREATE TABLE products (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL,
  price DECIMAL(10,2) NOT NULL
);

CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  shipping_address_id INTEGER NOT NULL REFERENCES shipping_addresses(id),
  delivery_method VARCHAR(20) NOT NULL CHECK (delivery_method IN ('standard', 'express')),
  shipping DECIMAL(10,2),
  total DECIMAL(10,2)
);

CREATE TABLE order_items (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES orders(id),
  product_id INTEGER NOT NULL REFERENCES products(id),
  quantity INTEGER NOT NULL DEFAULT 1,
  price DECIMAL(10,2) NOT NULL
);
