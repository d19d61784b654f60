CREATE TABLE addresses (
  id INTEGER PRIMARY KEY,
  street VARCHAR(200) NOT NULL,
  address_line_2 VARCHAR(200),
  city VARCHAR(100) NOT NULL,
  postal_code VARCHAR(20) NOT NULL,
  country VARCHAR(60) NOT NULL
);

CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  billing_address_id INTEGER NOT NULL REFERENCES addresses(id),
  shipping_address_id INTEGER NOT NULL REFERENCES addresses(id)
);
