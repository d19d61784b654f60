CREATE TABLE parcels (
  id INTEGER PRIMARY KEY,
  apn VARCHAR(20) NOT NULL UNIQUE,
  site_address VARCHAR(200) NOT NULL
);

CREATE TABLE inspectors (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE permits (
  id INTEGER PRIMARY KEY,
  permit_number VARCHAR(20) NOT NULL UNIQUE,
  application_date DATE NOT NULL,
  parcel_id INTEGER NOT NULL REFERENCES parcels(id),
  work_class VARCHAR(20) CHECK (work_class IN ('new_sfr', 'addition', 're_roof', 'tenant_improvement', 'adu', 'solar_pv', 'pool_spa', 'demolition', 'deck')),
  declared_valuation DECIMAL(10,2),
  plan_review_status VARCHAR(20) CHECK (plan_review_status IN ('in_review', 'corrections_required', 'approved', 'exempt')),
  inspector_id INTEGER REFERENCES inspectors(id),
  fee_balance_due DECIMAL(10,2) NOT NULL DEFAULT 0,
  permit_expires DATE
);
