CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE print_jobs (
  id INTEGER PRIMARY KEY,
  ticket_number VARCHAR(20) NOT NULL UNIQUE,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  job_name VARCHAR(200) NOT NULL,
  product VARCHAR(20) NOT NULL CHECK (product IN ('flyer', 'booklet', 'poster', 'business_cards')),
  quantity INTEGER NOT NULL,
  paper_size VARCHAR(20) CHECK (paper_size IN ('a5', 'a4', 'a3', 'letter')),
  color VARCHAR(20) CHECK (color IN ('full_color', 'black_and_white')),
  sides VARCHAR(20) CHECK (sides IN ('single_sided', 'double_sided')),
  finish VARCHAR(20) CHECK (finish IN ('matte', 'gloss', 'silk', 'uncoated')),
  paper_weight INTEGER CHECK (paper_weight IN (90, 130, 170, 300)),
  binding VARCHAR(20) CHECK (binding IN ('saddle_stitch', 'perfect_bound', 'wire_o')),
  due_date DATE,
  delivery VARCHAR(20) CHECK (delivery IN ('pickup', 'courier', 'mail')),
  pages INTEGER,
  notes_for_the_press_room TEXT,
  unit_price DECIMAL(10,2),
  setup DECIMAL(10,2),
  subtotal DECIMAL(10,2),
  tax DECIMAL(10,2),
  total DECIMAL(10,2)
);
