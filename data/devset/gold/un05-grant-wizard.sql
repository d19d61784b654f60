CREATE TABLE grant_applications (
  id INTEGER PRIMARY KEY,
  amount_requested DECIMAL(10,2) NOT NULL,
  total_project_cost DECIMAL(10,2) NOT NULL,
  matching_funds_source VARCHAR(20) CHECK (matching_funds_source IN ('none', 'in_kind_donation', 'other_grant', 'ticket_sales')),
  project_start_date DATE,
  budget_justification TEXT,
  participants_paid VARCHAR(20) CHECK (participants_paid IN ('yes', 'no', 'some_of_them')),
  budget_confirmed_accurate BOOLEAN NOT NULL DEFAULT FALSE
);
