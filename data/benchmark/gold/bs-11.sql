CREATE TABLE leads (
  id INTEGER PRIMARY KEY,
  first_name VARCHAR(80) NOT NULL,
  last_name VARCHAR(80) NOT NULL,
  work_email VARCHAR(255) NOT NULL,
  phone_number VARCHAR(30),
  company VARCHAR(150),
  number_of_employees VARCHAR(20) CHECK (number_of_employees IN ('1_49', '50_249', '250_999', '1000_plus')),
  country VARCHAR(60),
  how_can_we_help TEXT,
  product_news_and_hr_tips BOOLEAN
);
