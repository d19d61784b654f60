CREATE TABLE inverter_models (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL UNIQUE,
  rated_power_mw DECIMAL(6,2)
);

CREATE TABLE inverters (
  id INTEGER PRIMARY KEY,
  name VARCHAR(20) NOT NULL UNIQUE,
  inverter_model_id INTEGER REFERENCES inverter_models(id)
);

CREATE TABLE commissionings (
  id INTEGER PRIMARY KEY,
  inverter_id INTEGER NOT NULL REFERENCES inverters(id),
  grid_code VARCHAR(20) CHECK (grid_code IN ('ieee_1547_2018_cat_a', 'ieee_1547_2018_cat_b')),
  nominal_ac_voltage INTEGER NOT NULL,
  power_factor_setpoint DECIMAL(4,3),
  ramp_rate_limit DECIMAL(5,2),
  commissioning_date DATE NOT NULL,
  reactive_power_mode VARCHAR(20) CHECK (reactive_power_mode IN ('fixed_power_factor', 'volt_var', 'volt_watt', 'constant_var')),
  anti_islanding_protection BOOLEAN NOT NULL DEFAULT TRUE,
  remote_curtailment BOOLEAN NOT NULL DEFAULT FALSE
);
