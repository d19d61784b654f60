CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  photo_url VARCHAR(255),
  display_name VARCHAR(100) NOT NULL,
  username VARCHAR(50) NOT NULL UNIQUE,
  email VARCHAR(255) NOT NULL UNIQUE,
  hourly_rate DECIMAL(10,2),
  language VARCHAR(30),
  timezone VARCHAR(60),
  date_format VARCHAR(20) CHECK (date_format IN ('dd_mm_yyyy', 'mm_dd_yyyy', 'yyyy_mm_dd')),
  project_invitations BOOLEAN,
  messages_from_clients BOOLEAN,
  weekly_earnings_summary BOOLEAN,
  product_news_tips BOOLEAN
);
