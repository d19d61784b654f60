CREATE TABLE teams (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL UNIQUE,
  city VARCHAR(100)
);

CREATE TABLE players (
  id INTEGER PRIMARY KEY,
  team_id INTEGER REFERENCES teams(id),
  full_name VARCHAR(120) NOT NULL,
  position VARCHAR(20) NOT NULL CHECK (position IN ('goalkeeper', 'defender', 'midfielder', 'forward'))
);

CREATE TABLE matches (
  id INTEGER PRIMARY KEY,
  home_team_id INTEGER NOT NULL REFERENCES teams(id),
  away_team_id INTEGER NOT NULL REFERENCES teams(id),
  played_on DATE NOT NULL,
  away_score INTEGER CHECK (away_score >= 0)
);
