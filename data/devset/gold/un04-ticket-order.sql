CREATE TABLE performances (
  id INTEGER PRIMARY KEY,
  show_title VARCHAR(120) NOT NULL,
  starts_at TIMESTAMP NOT NULL
);

CREATE TABLE ticket_orders (
  id INTEGER PRIMARY KEY,
  order_number VARCHAR(20) NOT NULL UNIQUE,
  performance_id INTEGER NOT NULL REFERENCES performances(id),
  section VARCHAR(20) NOT NULL CHECK (section IN ('orchestra', 'mezzanine', 'balcony')),
  adult_tickets INTEGER NOT NULL DEFAULT 0,
  child_tickets INTEGER NOT NULL DEFAULT 0,
  senior_tickets INTEGER NOT NULL DEFAULT 0,
  customer_name VARCHAR(120) NOT NULL,
  phone VARCHAR(30),
  email VARCHAR(255),
  delivery VARCHAR(20) CHECK (delivery IN ('mail', 'will_call', 'e_ticket')),
  wheelchair_seating BOOLEAN NOT NULL DEFAULT FALSE,
  comments TEXT,
  order_total DECIMAL(10,2)
);
