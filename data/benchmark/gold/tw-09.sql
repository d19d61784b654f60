CREATE TABLE requesters (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE agents (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL,
  team VARCHAR(60),
  status VARCHAR(20) CHECK (status IN ('online', 'away', 'offline'))
);

CREATE TABLE tickets (
  id INTEGER PRIMARY KEY,
  subject VARCHAR(200) NOT NULL,
  requester_id INTEGER NOT NULL REFERENCES requesters(id),
  priority VARCHAR(20) CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  agent_id INTEGER REFERENCES agents(id),
  status VARCHAR(20) CHECK (status IN ('open', 'pending', 'on_hold', 'solved')),
  updated TIMESTAMP
);
