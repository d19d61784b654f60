CREATE TABLE carriers (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL UNIQUE
);

CREATE TABLE shipments (
  id INTEGER PRIMARY KEY,
  reference_number VARCHAR(20) NOT NULL UNIQUE,
  carrier_id INTEGER REFERENCES carriers(id),
  origin_port VARCHAR(120),
  destination VARCHAR(120),
  pickup_date DATE,
  gross_weight DECIMAL(10,2),
  declared_value DECIMAL(10,2),
  service_level VARCHAR(20) CHECK (service_level IN ('express', 'standard', 'economy')),
  handling_notes TEXT,
  signature_on_delivery BOOLEAN NOT NULL DEFAULT FALSE,
  status VARCHAR(20) CHECK (status IN ('booked', 'in_transit', 'delayed', 'delivered'))
);
