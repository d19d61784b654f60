CREATE TABLE districts (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL UNIQUE
);

CREATE TABLE assets (
  id INTEGER PRIMARY KEY,
  asset_id VARCHAR(20) NOT NULL UNIQUE,
  asset_type VARCHAR(80)
);

CREATE TABLE crews (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL
);

CREATE TABLE work_orders (
  id INTEGER PRIMARY KEY,
  work_order VARCHAR(20) NOT NULL UNIQUE,
  type VARCHAR(20) CHECK (type IN ('main_break_repair', 'service_leak')),
  priority VARCHAR(20) CHECK (priority IN ('emergency', 'urgent', 'routine')),
  status VARCHAR(20) CHECK (status IN ('open', 'dispatched', 'completed', 'closed')),
  asset_id INTEGER REFERENCES assets(id),
  district_id INTEGER REFERENCES districts(id),
  pressure_zone VARCHAR(40),
  address VARCHAR(200),
  cross_street VARCHAR(120),
  map_grid VARCHAR(10),
  reported_by VARCHAR(20) CHECK (reported_by IN ('customer_call', 'field_crew')),
  reported TIMESTAMP,
  caller_phone VARCHAR(30),
  call_ref VARCHAR(20),
  crew_id INTEGER REFERENCES crews(id),
  sched_start TIMESTAMP,
  est_hours DECIMAL(5,1),
  locate_ticket VARCHAR(20),
  customers_out INTEGER,
  shutoff_required BOOLEAN NOT NULL DEFAULT FALSE,
  boil_water_notice BOOLEAN NOT NULL DEFAULT FALSE,
  traffic_control BOOLEAN NOT NULL DEFAULT FALSE,
  description TEXT
);

CREATE TABLE materials (
  id INTEGER PRIMARY KEY,
  item VARCHAR(20) NOT NULL UNIQUE,
  description VARCHAR(200),
  uom VARCHAR(10),
  unit_cost DECIMAL(10,2)
);

CREATE TABLE work_order_materials (
  id INTEGER PRIMARY KEY,
  work_order_id INTEGER NOT NULL REFERENCES work_orders(id),
  material_id INTEGER NOT NULL REFERENCES materials(id),
  qty DECIMAL(10,2) NOT NULL,
  unit_cost DECIMAL(10,2),
  ext DECIMAL(10,2)
);
