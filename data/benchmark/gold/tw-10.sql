CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  name VARCHAR(160) NOT NULL,
  email VARCHAR(255) NOT NULL
);

CREATE TABLE plans (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL
);

CREATE TABLE payment_methods (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  card_brand VARCHAR(20),
  last4 VARCHAR(4),
  expires VARCHAR(5)
);

CREATE TABLE coupons (
  id INTEGER PRIMARY KEY,
  code VARCHAR(40) NOT NULL UNIQUE
);

CREATE TABLE subscriptions (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  status VARCHAR(20) CHECK (status IN ('trialing', 'active', 'past_due', 'canceled')),
  mrr DECIMAL(10,2),
  seats INTEGER,
  billing_interval VARCHAR(20) CHECK (billing_interval IN ('monthly', 'yearly')),
  started DATE,
  trial_ends DATE,
  current_period_start DATE,
  current_period_end DATE,
  next_invoice_date DATE,
  next_invoice_amount DECIMAL(10,2),
  payment_method_id INTEGER REFERENCES payment_methods(id),
  collection_method VARCHAR(30) CHECK (collection_method IN ('charge_automatically', 'send_invoice')),
  coupon_id INTEGER REFERENCES coupons(id),
  tax_id VARCHAR(40),
  tax_rate DECIMAL(5,2),
  auto_renew BOOLEAN
);

CREATE TABLE invoices (
  id INTEGER PRIMARY KEY,
  subscription_id INTEGER NOT NULL REFERENCES subscriptions(id),
  invoice_number VARCHAR(20) NOT NULL UNIQUE,
  issued DATE NOT NULL,
  due_date DATE,
  description VARCHAR(200),
  amount DECIMAL(10,2) NOT NULL,
  status VARCHAR(20) CHECK (status IN ('open', 'paid', 'void', 'past_due', 'uncollectible'))
);
