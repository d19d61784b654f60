CREATE TABLE shows (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL UNIQUE
);

CREATE TABLE episodes (
  id INTEGER PRIMARY KEY,
  show_id INTEGER NOT NULL REFERENCES shows(id),
  episode_number INTEGER NOT NULL,
  title VARCHAR(200) NOT NULL,
  released DATE,
  length INTEGER,
  downloads INTEGER NOT NULL DEFAULT 0,
  avg_listened DECIMAL(5,2),
  vs_show_avg DECIMAL(5,2),
  ad_revenue DECIMAL(10,2)
);
