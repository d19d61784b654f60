CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  order_number VARCHAR(20) NOT NULL UNIQUE,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  date TIMESTAMP NOT NULL,
  items INTEGER NOT NULL,
  total DECIMAL(10,2) NOT NULL,
  payment VARCHAR(20) CHECK (payment IN ('paid', 'pending', 'failed', 'refunded', 'voided')),
  fulfillment VARCHAR(20) CHECK (fulfillment IN ('unfulfilled', 'partially_fulfilled', 'fulfilled', 'in_transit', 'returned'))
);
