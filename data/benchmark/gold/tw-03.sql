CREATE TABLE carriers (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL
);

CREATE TABLE shipments (
  id INTEGER PRIMARY KEY,
  tracking_number VARCHAR(40) NOT NULL UNIQUE,
  carrier_id INTEGER NOT NULL REFERENCES carriers(id),
  origin VARCHAR(120) NOT NULL,
  destination VARCHAR(120) NOT NULL,
  ship_date DATE,
  eta DATE,
  weight DECIMAL(10,2),
  status VARCHAR(20) CHECK (status IN ('label_created', 'in_transit', 'out_for_delivery', 'delayed', 'exception', 'delivered'))
);
