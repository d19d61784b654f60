CREATE TABLE medicines (
  id INTEGER PRIMARY KEY,
  name VARCHAR(200) NOT NULL
);

CREATE TABLE sales (
  id INTEGER PRIMARY KEY
);

CREATE TABLE sale_items (
  id INTEGER PRIMARY KEY,
  sale_id INTEGER NOT NULL REFERENCES sales(id),
  medicine_id INTEGER NOT NULL REFERENCES medicines(id),
  quantity INTEGER NOT NULL CHECK (quantity >= 0),
  unit_price DECIMAL(10,2) NOT NULL CHECK (unit_price >= 0)
);
