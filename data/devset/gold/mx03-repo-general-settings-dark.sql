CREATE TABLE repositories (
  id INTEGER PRIMARY KEY,
  repository_name VARCHAR(100) NOT NULL UNIQUE,
  default_branch VARCHAR(100) NOT NULL,
  stale_branch_threshold INTEGER,
  issues BOOLEAN NOT NULL DEFAULT TRUE,
  wikis BOOLEAN NOT NULL DEFAULT FALSE,
  discussions BOOLEAN NOT NULL DEFAULT TRUE,
  projects BOOLEAN NOT NULL DEFAULT FALSE,
  allow_squash_merging BOOLEAN NOT NULL DEFAULT TRUE,
  squash_commit_message VARCHAR(20) CHECK (squash_commit_message IN ('default_message', 'pull_request_title_and_description')),
  allow_rebase_merging BOOLEAN NOT NULL DEFAULT FALSE,
  automatically_delete_head_branches BOOLEAN NOT NULL DEFAULT TRUE
);
