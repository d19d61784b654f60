CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL
);

CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  order_number VARCHAR(20) NOT NULL UNIQUE,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  date DATE NOT NULL,
  items INTEGER NOT NULL,
  total DECIMAL(10,2) NOT NULL,
  fulfillment VARCHAR(20) CHECK (fulfillment IN ('unfulfilled', 'shipped', 'delivered', 'returned'))
);
