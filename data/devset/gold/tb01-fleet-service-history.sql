CREATE TABLE vehicles (
  id INTEGER PRIMARY KEY,
  unit VARCHAR(10) NOT NULL UNIQUE,
  vehicle VARCHAR(120) NOT NULL,
  vin VARCHAR(17) UNIQUE
);

CREATE TABLE work_orders (
  id INTEGER PRIMARY KEY,
  vehicle_id INTEGER NOT NULL REFERENCES vehicles(id),
  work_performed VARCHAR(200) NOT NULL,
  odometer INTEGER,
  closed_on DATE,
  labor_hrs DECIMAL(5,1),
  parts_cost DECIMAL(10,2),
  total DECIMAL(10,2),
  warranty BOOLEAN NOT NULL DEFAULT FALSE
);
