CREATE TABLE api_keys (
  id INTEGER PRIMARY KEY,
  key_prefix VARCHAR(40) NOT NULL UNIQUE
);

CREATE TABLE requests (
  id INTEGER PRIMARY KEY,
  timestamp TIMESTAMP NOT NULL,
  method VARCHAR(20) CHECK (method IN ('get', 'post', 'put', 'patch', 'delete')),
  path VARCHAR(2048) NOT NULL,
  status INTEGER NOT NULL,
  latency INTEGER,
  size INTEGER,
  api_key_id INTEGER REFERENCES api_keys(id),
  client_ip VARCHAR(45),
  region VARCHAR(20),
  request_id VARCHAR(40) NOT NULL UNIQUE
);
