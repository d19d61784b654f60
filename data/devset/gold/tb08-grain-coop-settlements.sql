CREATE TABLE elevators (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL UNIQUE
);

CREATE TABLE pools (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL,
  elevator_id INTEGER NOT NULL REFERENCES elevators(id),
  pool_period_start DATE NOT NULL,
  pool_period_end DATE NOT NULL,
  base_price DECIMAL(10,2) NOT NULL,
  status VARCHAR(20) CHECK (status IN ('open', 'interim_payment', 'final_payment', 'closed'))
);

CREATE TABLE members (
  id INTEGER PRIMARY KEY,
  member_number VARCHAR(10) NOT NULL UNIQUE,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE settlements (
  id INTEGER PRIMARY KEY,
  pool_id INTEGER NOT NULL REFERENCES pools(id),
  member_id INTEGER NOT NULL REFERENCES members(id),
  contract VARCHAR(20) NOT NULL,
  loads INTEGER NOT NULL DEFAULT 0,
  net_tonnes DECIMAL(10,2) NOT NULL,
  moisture DECIMAL(4,1),
  grade VARCHAR(20),
  price_per_t DECIMAL(10,2),
  dockage DECIMAL(10,2),
  amount_due DECIMAL(10,2),
  paid_on DATE
);
