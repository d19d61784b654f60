CREATE TABLE projects (
  id INTEGER PRIMARY KEY,
  project_name VARCHAR(100) NOT NULL UNIQUE,
  region VARCHAR(20) CHECK (region IN ('us_east_1', 'eu_central_1')),
  node_js_version VARCHAR(20) CHECK (node_js_version IN ('20_x', '18_x')),
  function_timeout INTEGER NOT NULL,
  auto_deploy_main_branch BOOLEAN NOT NULL DEFAULT TRUE,
  preview_deployments BOOLEAN NOT NULL DEFAULT TRUE,
  source_maps_in_production BOOLEAN NOT NULL DEFAULT FALSE
);
