CREATE TABLE campaigns (
  id INTEGER PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  goal_amount DECIMAL(10,2) NOT NULL CHECK (goal_amount >= 0),
  starts_on DATE NOT NULL
);
