CREATE TABLE counties (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL,
  state VARCHAR(2) NOT NULL
);

CREATE TABLE substations (
  id INTEGER PRIMARY KEY,
  name VARCHAR(120) NOT NULL
);

CREATE TABLE site_surveys (
  id INTEGER PRIMARY KEY,
  site_name VARCHAR(120) NOT NULL,
  operator VARCHAR(120),
  county_id INTEGER REFERENCES counties(id),
  parcel_number VARCHAR(20),
  nameplate_capacity DECIMAL(8,2),
  panel_technology VARCHAR(20) CHECK (panel_technology IN ('monofacial_mono_perc', 'bifacial_mono_perc', 'thin_film')),
  tracker_type VARCHAR(20) CHECK (tracker_type IN ('fixed_tilt', 'single_axis', 'single_axis_backtracking', 'dual_axis')),
  planned_cod DATE,
  environmental_permit_no VARCHAR(40),
  substation_id INTEGER REFERENCES substations(id),
  survey_notes TEXT,
  site_visit_completed BOOLEAN NOT NULL DEFAULT FALSE,
  geotechnical_report_attached BOOLEAN NOT NULL DEFAULT FALSE
);
