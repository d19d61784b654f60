CREATE TABLE departments (
  id INTEGER PRIMARY KEY,
  name VARCHAR(100) NOT NULL
);

CREATE TABLE staff_members (
  id INTEGER PRIMARY KEY,
  display_name VARCHAR(120) NOT NULL,
  email VARCHAR(255) NOT NULL UNIQUE,
  department_id INTEGER REFERENCES departments(id),
  phone_extension VARCHAR(10),
  office_hours VARCHAR(200),
  notify_coursework_submitted BOOLEAN DEFAULT TRUE,
  parent_messages_digest BOOLEAN DEFAULT TRUE,
  sms_timetable_changes BOOLEAN DEFAULT FALSE,
  weekly_markbook_summary BOOLEAN DEFAULT TRUE,
  language VARCHAR(40),
  time_zone VARCHAR(40),
  date_format VARCHAR(20) CHECK (date_format IN ('dd_mm_yyyy', 'mm_dd_yyyy', 'yyyy_mm_dd'))
);
