CREATE TABLE patrons (
  id INTEGER PRIMARY KEY,
  patron_barcode VARCHAR(20) NOT NULL UNIQUE,
  patron_type VARCHAR(20) CHECK (patron_type IN ('student', 'staff')),
  name VARCHAR(120) NOT NULL,
  grade INTEGER,
  homeroom VARCHAR(80),
  fines_owed DECIMAL(10,2) NOT NULL DEFAULT 0,
  blocks VARCHAR(80)
);

CREATE TABLE titles (
  id INTEGER PRIMARY KEY,
  title VARCHAR(200) NOT NULL,
  author VARCHAR(120),
  call_no VARCHAR(40)
);

CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  item_barcode VARCHAR(20) NOT NULL UNIQUE,
  title_id INTEGER NOT NULL REFERENCES titles(id),
  copy_status VARCHAR(20) CHECK (copy_status IN ('available', 'checked_out', 'lost', 'on_hold')),
  price DECIMAL(10,2)
);

CREATE TABLE loans (
  id INTEGER PRIMARY KEY,
  patron_id INTEGER NOT NULL REFERENCES patrons(id),
  item_id INTEGER NOT NULL REFERENCES items(id),
  loan_period INTEGER NOT NULL,
  checked_out DATE NOT NULL,
  due_date DATE NOT NULL,
  renewals_allowed INTEGER NOT NULL,
  renewals INTEGER NOT NULL DEFAULT 0,
  note VARCHAR(200)
);

CREATE TABLE circulation_events (
  id INTEGER PRIMARY KEY,
  patron_id INTEGER REFERENCES patrons(id),
  item_id INTEGER NOT NULL REFERENCES items(id),
  time TIMESTAMP NOT NULL,
  action VARCHAR(20) CHECK (action IN ('check_out', 'check_in', 'renew')),
  result VARCHAR(120)
);
