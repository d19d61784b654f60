CREATE TABLE requesters (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL,
  email VARCHAR(255) NOT NULL UNIQUE
);

CREATE TABLE agents (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE tickets (
  id INTEGER PRIMARY KEY,
  subject VARCHAR(200) NOT NULL,
  requester_id INTEGER NOT NULL REFERENCES requesters(id),
  priority VARCHAR(20) CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  status VARCHAR(20) CHECK (status IN ('open', 'awaiting_reply', 'resolved', 'closed')),
  assignee_id INTEGER REFERENCES agents(id),
  created TIMESTAMP NOT NULL,
  due_by TIMESTAMP,
  channel VARCHAR(20) CHECK (channel IN ('email', 'chat', 'phone', 'web_form')),
  description TEXT
);

CREATE TABLE attachments (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  file_name VARCHAR(255) NOT NULL,
  file_size INTEGER
);
