CREATE TABLE shipping_zones (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL
);

CREATE TABLE carriers (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL
);

CREATE TABLE tax_classes (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL
);

CREATE TABLE shipping_rates (
  id INTEGER PRIMARY KEY,
  rate_name VARCHAR(120) NOT NULL,
  status VARCHAR(20) CHECK (status IN ('active', 'inactive')),
  shipping_zone_id INTEGER REFERENCES shipping_zones(id),
  carrier_id INTEGER REFERENCES carriers(id),
  rate_type VARCHAR(20) CHECK (rate_type IN ('flat_rate', 'weight_based', 'carrier_calculated')),
  min_weight DECIMAL(10,2),
  max_weight DECIMAL(10,2),
  min_order_value DECIMAL(10,2),
  max_order_value DECIMAL(10,2),
  price DECIMAL(10,2) NOT NULL,
  per_extra_kg DECIMAL(10,2),
  handling_fee DECIMAL(10,2),
  free_above DECIMAL(10,2),
  transit_time_min INTEGER,
  transit_time_max INTEGER,
  tax_class_id INTEGER REFERENCES tax_classes(id),
  show_delivery_estimate_at_checkout BOOLEAN DEFAULT TRUE,
  require_signature BOOLEAN DEFAULT FALSE
);
