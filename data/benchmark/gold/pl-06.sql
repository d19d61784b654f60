CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username VARCHAR(60) NOT NULL UNIQUE
);

CREATE TABLE machines (
  id INTEGER PRIMARY KEY,
  name VARCHAR(100) NOT NULL
);

CREATE TABLE operators (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL
);

CREATE TABLE work_orders (
  id INTEGER PRIMARY KEY,
  order_no VARCHAR(20) NOT NULL UNIQUE,
  part_number VARCHAR(100) NOT NULL,
  customer_id INTEGER REFERENCES customers(id),
  created_at TIMESTAMP,
  created_by_id INTEGER REFERENCES users(id),
  status VARCHAR(20) CHECK (status IN ('draft', 'released', 'in_progress', 'completed', 'on_hold')),
  machine_id INTEGER REFERENCES machines(id),
  operator_id INTEGER REFERENCES operators(id),
  quantity INTEGER NOT NULL,
  start_date DATE,
  end_date DATE,
  estimated_hours DECIMAL(6,2),
  priority VARCHAR(20) CHECK (priority IN ('low', 'normal', 'high', 'critical')),
  rush_order BOOLEAN,
  instructions TEXT
);
