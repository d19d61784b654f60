CREATE TABLE permit_applications (
  id INTEGER PRIMARY KEY,
  applicant_name VARCHAR(120) NOT NULL,
  email VARCHAR(255) NOT NULL,
  phone VARCHAR(30) NOT NULL,
  property_address VARCHAR(255) NOT NULL,
  permit_type VARCHAR(40) NOT NULL CHECK (permit_type IN ('building_new_construction', 'building_alteration_addition', 'electrical', 'plumbing', 'demolition')),
  estimated_cost DECIMAL(12,2) NOT NULL,
  start_date DATE NOT NULL,
  contractor_license_no VARCHAR(30),
  description_of_work TEXT NOT NULL
);
