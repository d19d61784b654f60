CREATE TABLE sponsors (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE campaigns (
  id INTEGER PRIMARY KEY,
  campaign_title VARCHAR(200) NOT NULL,
  page_address VARCHAR(100) NOT NULL UNIQUE,
  vanity_domain VARCHAR(100),
  social_handle VARCHAR(40),
  goal_amount DECIMAL(10,2) NOT NULL,
  has_stretch_goal BOOLEAN NOT NULL DEFAULT FALSE,
  stretch_goal DECIMAL(10,2),
  minimum_gift DECIMAL(10,2),
  duration INTEGER,
  organizer_email VARCHAR(255),
  sponsor_id INTEGER REFERENCES sponsors(id)
);
