CREATE TABLE countries (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL UNIQUE
);

CREATE TABLE workspaces (
  id INTEGER PRIMARY KEY,
  company_name VARCHAR(120) NOT NULL,
  subdomain VARCHAR(63) NOT NULL UNIQUE,
  company_website VARCHAR(255),
  team_size VARCHAR(20) CHECK (team_size IN ('1_10', '11_50', '51_200', '201_1000', '1000_plus')),
  country_id INTEGER REFERENCES countries(id)
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  first_name VARCHAR(80) NOT NULL,
  last_name VARCHAR(80) NOT NULL,
  job_title VARCHAR(120),
  work_email VARCHAR(255) NOT NULL UNIQUE,
  username VARCHAR(40) NOT NULL UNIQUE,
  send_me_product_updates BOOLEAN NOT NULL DEFAULT FALSE
);
