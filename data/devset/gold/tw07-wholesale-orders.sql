CREATE TABLE buyers (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE routes (
  id INTEGER PRIMARY KEY,
  code VARCHAR(10) NOT NULL UNIQUE,
  name VARCHAR(40) NOT NULL
);

CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  po_number VARCHAR(20) NOT NULL UNIQUE,
  buyer_id INTEGER NOT NULL REFERENCES buyers(id),
  channel VARCHAR(20) CHECK (channel IN ('portal', 'phone', 'edi')),
  placed TIMESTAMP NOT NULL,
  deliver_by DATE,
  route_id INTEGER REFERENCES routes(id),
  cases INTEGER NOT NULL,
  weight DECIMAL(8,1),
  subtotal DECIMAL(10,2) NOT NULL,
  payment VARCHAR(20) CHECK (payment IN ('card', 'cod', 'net_15', 'net_30', 'net_45')),
  status VARCHAR(20) CHECK (status IN ('pending', 'packing', 'out_for_delivery', 'delivered', 'disputed'))
);
