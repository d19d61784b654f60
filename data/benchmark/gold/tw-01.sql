CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  order_number VARCHAR(20) NOT NULL UNIQUE,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  date DATE NOT NULL,
  channel VARCHAR(20) CHECK (channel IN ('online_store', 'wholesale', 'point_of_sale', 'marketplace')),
  status VARCHAR(20) CHECK (status IN ('paid', 'pending', 'shipped', 'refunded', 'cancelled')),
  total DECIMAL(10,2) NOT NULL
);
