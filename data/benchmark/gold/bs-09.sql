CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  name VARCHAR(150) NOT NULL
);

CREATE TABLE contacts (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL
);

CREATE TABLE deals (
  id INTEGER PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  amount DECIMAL(10,2),
  stage VARCHAR(20) NOT NULL CHECK (stage IN ('qualify', 'demo', 'proposal', 'negotiation', 'closed')),
  account_id INTEGER REFERENCES accounts(id),
  primary_contact_id INTEGER REFERENCES contacts(id),
  deal_owner_id INTEGER REFERENCES users(id),
  probability DECIMAL(5,2),
  expected_close DATE,
  lead_source VARCHAR(50),
  contract_term INTEGER,
  created DATE,
  description TEXT
);

CREATE TABLE activities (
  id INTEGER PRIMARY KEY,
  deal_id INTEGER NOT NULL REFERENCES deals(id),
  type VARCHAR(20) NOT NULL CHECK (type IN ('meeting', 'task', 'call', 'email')),
  subject VARCHAR(200) NOT NULL,
  owner_id INTEGER REFERENCES users(id),
  due DATE,
  status VARCHAR(20) CHECK (status IN ('planned', 'overdue', 'done', 'cancelled'))
);
