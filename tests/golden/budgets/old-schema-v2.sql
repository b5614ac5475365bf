-- old-schema-v2.sql - a database as juesuan made it at schema version 2 (before the
-- checksums of version 3 and the budget tables by role of version 4; docs/store.md):
-- the tables and columns of that version, written with the sqlite3 CLI, and one document
-- of final accounts. tests/cli/db_old_schema.sh appends its facts (the INSERTs a version 2
-- juesuan wrote: no year, region or checksums) and sums, then runs today's db and report
-- commands on it.
CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,
  path TEXT NOT NULL,
  bytes INTEGER,
  dept TEXT, year INTEGER, region TEXT, form TEXT,
  unit TEXT,
  npages INTEGER NOT NULL DEFAULT 0, nlines INTEGER NOT NULL DEFAULT 0,
  ntables INTEGER NOT NULL DEFAULT 0, nfacts INTEGER NOT NULL DEFAULT 0,
  nsections INTEGER NOT NULL DEFAULT 0, nparas INTEGER NOT NULL DEFAULT 0,
  checked INTEGER NOT NULL DEFAULT 0,
  check_note TEXT,
  nerrors INTEGER, nwarnings INTEGER, nnotices INTEGER,
  sangong INTEGER,
  jiguan INTEGER,
  jiguan_src TEXT,
  staff INTEGER, office INTEGER,
  loaded_at TEXT NOT NULL,
  current INTEGER NOT NULL DEFAULT 1,
  region_src TEXT
);
CREATE INDEX documents_year ON documents(year, dept);
CREATE INDEX documents_dept ON documents(dept, year);
CREATE INDEX documents_region ON documents(region, year);
CREATE TABLE facts (
  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  tbl TEXT NOT NULL,
  row_key TEXT NOT NULL,
  col_key TEXT NOT NULL,
  value INTEGER NOT NULL,
  wan TEXT NOT NULL,
  line INTEGER, page INTEGER,
  PRIMARY KEY (doc_id, tbl, row_key, col_key)
) WITHOUT ROWID;
CREATE TABLE sums (
  year INTEGER NOT NULL, region TEXT NOT NULL,
  tbl TEXT NOT NULL, row_key TEXT NOT NULL, col_key TEXT NOT NULL,
  value INTEGER NOT NULL,
  units INTEGER NOT NULL,
  PRIMARY KEY (year, region, tbl, row_key, col_key)
) WITHOUT ROWID;
CREATE TABLE findings (
  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  rule TEXT NOT NULL, kind TEXT, severity TEXT NOT NULL,
  tbl TEXT, row_key TEXT, col_key TEXT, section TEXT,
  line INTEGER, page INTEGER,
  stated TEXT, expected TEXT, message TEXT NOT NULL,
  PRIMARY KEY (doc_id, seq)
);
CREATE INDEX findings_rule ON findings(rule);
CREATE TABLE sections (
  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL, num TEXT, title TEXT, part INTEGER, level INTEGER,
  parent INTEGER, line INTEGER, page INTEGER,
  PRIMARY KEY (doc_id, idx)
);
CREATE TABLE paras (
  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL, section INTEGER, text TEXT NOT NULL,
  line INTEGER, page INTEGER, nlines INTEGER,
  PRIMARY KEY (doc_id, idx)
);
CREATE TABLE notes (
  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL, code TEXT NOT NULL, tbl TEXT, line INTEGER, page INTEGER,
  text TEXT,
  PRIMARY KEY (doc_id, idx)
);
CREATE TABLE sources (
  hash TEXT PRIMARY KEY,
  name TEXT,
  data BLOB NOT NULL
);
CREATE TABLE acceptances (
  hash TEXT NOT NULL,
  fkey TEXT NOT NULL,
  who TEXT NOT NULL, comment TEXT NOT NULL, at TEXT NOT NULL,
  PRIMARY KEY (hash, fkey)
);
INSERT INTO documents (id, hash, path, bytes, dept, year, region, form, unit, nlines, ntables,
  nfacts, nsections, nparas, checked, nerrors, nwarnings, nnotices, sangong, jiguan, jiguan_src,
  staff, office, loaded_at, current, region_src)
VALUES (1, '00000000000000000000000000000000000000000000000000000000000000a1',
  'final-2024.txt', 20000, '上海市普陀区社会福利院', 2024, '上海市普陀区', '2020', '万元', 424, 9,
  142, 1, 1, 1, 0, 1, 0, 6000000, 281230000, 'narrative', 654310000, 281230000,
  '2025-06-01 10:00:00', 1, 'dept name');
INSERT INTO findings VALUES (1, 1, 'N-GROWTH', 'narrative', 'warning', NULL, NULL, NULL, '一',
  12, NULL, '5.1%', '5.2%', '说明一：增长5.1%，应为5.2%');
INSERT INTO sections VALUES (1, 0, '一', '收入支出决算总体情况说明', 3, 1, -1, 11, NULL);
INSERT INTO paras VALUES (1, 0, 0, '2024年度收、支总计1173.54万元。', 12, NULL, 1);
PRAGMA user_version = 2;
