CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE agents (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE categories (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL UNIQUE
);

CREATE TABLE tickets (
  id INTEGER PRIMARY KEY,
  subject VARCHAR(200) NOT NULL,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  channel VARCHAR(20) CHECK (channel IN ('email', 'phone', 'chat', 'web')),
  opened_at TIMESTAMP NOT NULL,
  status VARCHAR(20) CHECK (status IN ('open', 'pending', 'resolved', 'closed')),
  priority VARCHAR(20) CHECK (priority IN ('low', 'normal', 'urgent')),
  agent_id INTEGER REFERENCES agents(id),
  category_id INTEGER REFERENCES categories(id),
  account_number VARCHAR(20),
  due_by TIMESTAMP
);

CREATE TABLE ticket_messages (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  author VARCHAR(120) NOT NULL,
  body TEXT NOT NULL,
  sent_at TIMESTAMP NOT NULL
);
