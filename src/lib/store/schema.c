/*
 * schema.c - the database schema of store.h, documented for users in
 * docs/store.md, and its migrations. The same tables and columns on SQLite
 * and PostgreSQL (the PostgreSQL DDL uses bigint for amounts, an identity for
 * documents.id and COLLATE "C" so text sorts by bytes as in SQLite), so the
 * analyses run unchanged on either.
 *
 * Versions: 1 (issue #7); 2 adds sources and acceptances (the review page,
 * review.c): js_store_schema_sql is version 2; 3 adds year and region to
 * facts and findings (the partition keys of the sharded layout, docs/scale.md),
 * the checksums of each document (docsum, factsum, findsum) and of each row of
 * sums (chk: issue #16), and the schema_version table; 4 adds doc_tables (the
 * budget tables by role: issue #19); 5 the indexes of the reports (issue #17);
 * 6 bulk load; 7 year_sums, the roll-up of each whole year, 8 with the year's
 * documents counted in it, 9 region_sums: the sums of a year and region in one
 * row, sums a view of it (issue #17).
 * SQLite databases are created at 2 and migrated step by step
 * (js_store_sqlite_migration; each step sets PRAGMA user_version); PostgreSQL
 * ones are created at the last version at once.
 *
 * Amounts are INTEGER fen (0.01 元): 75.40 万元 is 754000. Keys of facts are
 * those of spec/facts.md.
 */
#include "store_impl.h"

/* The note of each version in schema_version, as SQL literals: stored in English (no quote
 * inside), shown by `juesuan db migrate` in the user's language (scripts/po-update takes
 * the texts marked JS_NOTE into the catalogue; i18n.sh fails on a note not translated). */
#define JS_NOTE(s) "'" s "'"
#define NOTE_1 JS_NOTE("issue #7")
#define NOTE_2 JS_NOTE("sources, acceptances")
#define NOTE_3 JS_NOTE("facts/findings year, region; checksums")
#define NOTE_3_PG JS_NOTE("created at version 3")
#define NOTE_4 JS_NOTE("doc_tables: budget tables by role")
#define NOTE_5 JS_NOTE("indexes of the reports")
#define NOTE_6 JS_NOTE("bulk load: no per-row foreign keys on PostgreSQL, sums fillfactor")
#define NOTE_7 JS_NOTE("year_sums: the roll-up of each year")
#define NOTE_8 JS_NOTE("year_sums: documents of each year counted")
#define NOTE_9 JS_NOTE("region_sums: the sums of each year and region in JSON rows")
#define NOTE_10 JS_NOTE("sums: a row of region_sums that cannot be read is left out, not raised")

#define SCHEMA_V2                                                                                  \
    "CREATE TABLE IF NOT EXISTS documents (\n"                                                     \
    "  id INTEGER PRIMARY KEY,\n"                                                                  \
    "  hash TEXT NOT NULL UNIQUE,      -- SHA-256 of the file bytes, hex\n"                        \
    "  path TEXT NOT NULL,\n"                                                                      \
    "  bytes INTEGER,\n"                                                                           \
    "  dept TEXT, year INTEGER, region TEXT, form TEXT,\n"                                         \
    "  unit TEXT,                      -- 万元 or 元, as printed\n"                             \
    "  npages INTEGER NOT NULL DEFAULT 0, nlines INTEGER NOT NULL DEFAULT 0,\n"                    \
    "  ntables INTEGER NOT NULL DEFAULT 0, nfacts INTEGER NOT NULL DEFAULT 0,\n"                   \
    "  nsections INTEGER NOT NULL DEFAULT 0, nparas INTEGER NOT NULL DEFAULT 0,\n"                 \
    "  checked INTEGER NOT NULL DEFAULT 0,  -- 1: the checker ran\n"                               \
    "  check_note TEXT,                -- why it did not\n"                                        \
    "  nerrors INTEGER, nwarnings INTEGER, nnotices INTEGER,  -- NULL when not checked\n"          \
    "  sangong INTEGER,                -- 07 三公经费 决算:合计, fen\n"                    \
    "  jiguan INTEGER,                 -- 机关运行经费, fen\n"                               \
    "  jiguan_src TEXT,                -- 'narrative' or '06 公用经费合计'\n"                \
    "  staff INTEGER, office INTEGER,  -- 06 人员经费合计, 公用经费合计, fen\n"        \
    "  loaded_at TEXT NOT NULL,\n"                                                                 \
    "  current INTEGER NOT NULL DEFAULT 1,  -- 0: a later document of the same dept and year\n"    \
    "  region_src TEXT                 -- 'document' or 'dept name' (guessed)\n"                   \
    ");\n"                                                                                         \
    "CREATE INDEX IF NOT EXISTS documents_year ON documents(year, dept);\n"                        \
    "CREATE INDEX IF NOT EXISTS documents_dept ON documents(dept, year);\n"                        \
    "CREATE INDEX IF NOT EXISTS documents_region ON documents(region, year);\n"                    \
    "CREATE TABLE IF NOT EXISTS facts (\n"                                                         \
    "  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"                      \
    "  tbl TEXT NOT NULL,      -- 01..09\n"                                                        \
    "  row_key TEXT NOT NULL,  -- facts.md row key\n"                                              \
    "  col_key TEXT NOT NULL,  -- facts.md column key\n"                                           \
    "  value INTEGER NOT NULL, -- fen\n"                                                           \
    "  wan TEXT NOT NULL,      -- 万元 as facts.md prints it\n"                                  \
    "  line INTEGER, page INTEGER,\n"                                                              \
    "  PRIMARY KEY (doc_id, tbl, row_key, col_key)\n"                                              \
    ") WITHOUT ROWID;\n"                                                                           \
    "CREATE TABLE IF NOT EXISTS sums (  -- derived: facts of current documents per year and "      \
    "region\n"                                                                                     \
    "  year INTEGER NOT NULL, region TEXT NOT NULL,  -- '' when the region is unknown\n"           \
    "  tbl TEXT NOT NULL, row_key TEXT NOT NULL, col_key TEXT NOT NULL,\n"                         \
    "  value INTEGER NOT NULL,  -- fen\n"                                                          \
    "  units INTEGER NOT NULL,  -- documents that have this fact\n"                                \
    "  PRIMARY KEY (year, region, tbl, row_key, col_key)\n"                                        \
    ") WITHOUT ROWID;\n"                                                                           \
    "CREATE TABLE IF NOT EXISTS findings (\n"                                                      \
    "  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"                      \
    "  seq INTEGER NOT NULL,\n"                                                                    \
    "  rule TEXT NOT NULL, kind TEXT, severity TEXT NOT NULL,  -- error|warning|notice\n"          \
    "  tbl TEXT, row_key TEXT, col_key TEXT, section TEXT,\n"                                      \
    "  line INTEGER, page INTEGER,\n"                                                              \
    "  stated TEXT, expected TEXT, message TEXT NOT NULL,\n"                                       \
    "  PRIMARY KEY (doc_id, seq)\n"                                                                \
    ");\n"                                                                                         \
    "CREATE INDEX IF NOT EXISTS findings_rule ON findings(rule);\n"                                \
    "CREATE TABLE IF NOT EXISTS sections (\n"                                                      \
    "  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"                      \
    "  idx INTEGER NOT NULL, num TEXT, title TEXT, part INTEGER, level INTEGER,\n"                 \
    "  parent INTEGER, line INTEGER, page INTEGER,\n"                                              \
    "  PRIMARY KEY (doc_id, idx)\n"                                                                \
    ");\n"                                                                                         \
    "CREATE TABLE IF NOT EXISTS paras (\n"                                                         \
    "  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"                      \
    "  idx INTEGER NOT NULL, section INTEGER, text TEXT NOT NULL,\n"                               \
    "  line INTEGER, page INTEGER, nlines INTEGER,\n"                                              \
    "  PRIMARY KEY (doc_id, idx)\n"                                                                \
    ");\n"                                                                                         \
    "CREATE TABLE IF NOT EXISTS notes (\n"                                                         \
    "  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"                      \
    "  idx INTEGER NOT NULL, code TEXT NOT NULL, tbl TEXT, line INTEGER, page INTEGER,\n"          \
    "  text TEXT,\n"                                                                               \
    "  PRIMARY KEY (doc_id, idx)\n"                                                                \
    ");\n"                                                                                         \
    "CREATE TABLE IF NOT EXISTS sources (  -- the file as uploaded (review page: page images)\n"   \
    "  hash TEXT PRIMARY KEY,          -- documents.hash\n"                                        \
    "  name TEXT,                      -- file name as given\n"                                    \
    "  data BLOB NOT NULL              -- BYTEA in PostgreSQL\n"                                   \
    ");\n"                                                                                         \
    "CREATE TABLE IF NOT EXISTS acceptances (  -- findings a reviewer accepted\n"                  \
    "  hash TEXT NOT NULL,             -- documents.hash: kept when loaded again\n"                \
    "  fkey TEXT NOT NULL,             -- store.h js_finding_key\n"                                \
    "  who TEXT NOT NULL, comment TEXT NOT NULL, at TEXT NOT NULL,\n"                              \
    "  PRIMARY KEY (hash, fkey)\n"                                                                 \
    ");\n"

const char js_store_schema_sql[] = SCHEMA_V2;

/* Version 4 (issue #19): the tables of a budget with their role in the form and
 * their printed title (put.c), so that reports find a budget's 总表 or 三公
 * table whatever its number; INT, TEXT and NOW are the backend's words. */
#define V3_TO_4(INT, TEXT, NOW)                                                                    \
    "CREATE TABLE IF NOT EXISTS doc_tables (\n"                                                    \
    "  doc_id " INT " NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"                      \
    "  tbl " TEXT " NOT NULL,   -- Y01..Y20\n"                                                     \
    "  role " TEXT ",           -- data/templates/budgets.tsv: total, expend, sangong, ...\n"      \
    "  title " TEXT ",          -- as printed\n"                                                   \
    "  chk " TEXT ",            -- 16 hex digits of SHA-256 over tbl, role, title\n"               \
    "  PRIMARY KEY (doc_id, tbl));\n"                                                              \
    "INSERT INTO schema_version (version, applied_at, note) VALUES (4, " NOW ", " NOTE_4           \
    ") ON CONFLICT DO NOTHING;\n"

/* Version 5 (issue #17): the indexes the reports need at a million documents:
 * the current documents of a year with what the roll-up reads of them (so it
 * is read from the index alone), and each ranking in its order, of one year and
 * of every year (partial: current documents only; id last, as the tie-break). */
#define V4_TO_5(NOW)                                                                               \
    "CREATE INDEX IF NOT EXISTS documents_current ON documents(year, current, region, form, "      \
    "nfacts, dept, id);\n"                                                                         \
    "CREATE INDEX IF NOT EXISTS documents_rank_sangong ON documents(year, sangong DESC, id) "      \
    "WHERE current = 1 AND sangong IS NOT NULL;\n"                                                 \
    "CREATE INDEX IF NOT EXISTS documents_rank_jiguan ON documents(year, jiguan DESC, id) "        \
    "WHERE current = 1 AND jiguan IS NOT NULL;\n"                                                  \
    "CREATE INDEX IF NOT EXISTS documents_rank_findings ON documents(year, nerrors DESC, "         \
    "nwarnings DESC, nnotices DESC, id) WHERE current = 1 AND checked = 1;\n"                      \
    "CREATE INDEX IF NOT EXISTS documents_rank_sangong_all ON documents(sangong DESC, id) "        \
    "WHERE current = 1 AND sangong IS NOT NULL;\n"                                                 \
    "CREATE INDEX IF NOT EXISTS documents_rank_jiguan_all ON documents(jiguan DESC, id) "          \
    "WHERE current = 1 AND jiguan IS NOT NULL;\n"                                                  \
    "CREATE INDEX IF NOT EXISTS documents_rank_findings_all ON documents(nerrors DESC, "           \
    "nwarnings DESC, nnotices DESC, id) WHERE current = 1 AND checked = 1;\n"                      \
    "INSERT INTO schema_version (version, applied_at, note) VALUES (5, " NOW ", " NOTE_5           \
    ") ON CONFLICT DO NOTHING;\n"
/* Version 6 (issue #17): bulk loading. On PostgreSQL the rows of a document
 * no longer carry a foreign key to documents (PostgreSQL checks it with a
 * query per row: 60% of a COPY of facts; juesuan writes a document and its
 * rows in one transaction, db check verifies the counts, and the sharded
 * layout's foreign tables never had one), and sums leaves room in its pages
 * so that the load's updates of a row stay on its page (HOT: no index
 * entry). On SQLite the version only. */
#define PG_V5_TO_6                                                                                 \
    "ALTER TABLE facts DROP CONSTRAINT IF EXISTS facts_doc_id_fkey;\n"                             \
    "ALTER TABLE findings DROP CONSTRAINT IF EXISTS findings_doc_id_fkey;\n"                       \
    "ALTER TABLE sections DROP CONSTRAINT IF EXISTS sections_doc_id_fkey;\n"                       \
    "ALTER TABLE paras DROP CONSTRAINT IF EXISTS paras_doc_id_fkey;\n"                             \
    "ALTER TABLE notes DROP CONSTRAINT IF EXISTS notes_doc_id_fkey;\n"                             \
    "ALTER TABLE sums SET (fillfactor = 50);\n"                                                    \
    "INSERT INTO schema_version (version, applied_at, note) VALUES (6, now(), " NOTE_6             \
    ") ON CONFLICT DO NOTHING;\n"
/* Version 7 (issue #17): year_sums, the roll-up of each whole year (store_impl.h
 * JS_YEAR_UPSERT): every key of a year once, the sums of its regions added, so
 * that the whole year's roll-up reads ~400 rows instead of one per key and
 * region. Filled from sums here; then kept by every load in the transaction
 * that changes sums. INT, TEXT: the backend's words; TAIL ends the CREATE. */
#define V6_TO_7(INT, BIG, TEXT, TAIL, NOW)                                                         \
    "CREATE TABLE IF NOT EXISTS year_sums (  -- derived: sums added over the regions\n"            \
    "  year " INT " NOT NULL, tbl " TEXT " NOT NULL, row_key " TEXT " NOT NULL,\n"                 \
    "  col_key " TEXT " NOT NULL, value " BIG " NOT NULL, units " BIG " NOT NULL,\n"               \
    "  chk " INT ",  -- as a row of sums of the region '*'\n"                                      \
    "  PRIMARY KEY (year, tbl, row_key, col_key))" TAIL ";\n" JS_YEAR_INTO                         \
    "SELECT " JS_YEAR_VALUES(                                                                      \
        JS_SUMS_CHK, "year", "tbl", "row_key", "col_key", "v",                                     \
        "u") " FROM (SELECT year, tbl, row_key, col_key, SUM(value) AS v, SUM(units) AS u "        \
             "FROM sums GROUP BY year, tbl, row_key, col_key) AS x WHERE u > 0 "                   \
             "ON CONFLICT DO NOTHING;\n"                                                           \
             "INSERT INTO schema_version (version, applied_at, note) VALUES (7, " NOW ", " NOTE_7  \
             ") ON CONFLICT DO NOTHING;\n"
#define PG_V6_TO_7                                                                                 \
    V6_TO_7("integer", "bigint", "text COLLATE \"C\"", " WITH (fillfactor = 50)", "now()")
/* Version 8 (issue #17): year_sums counts the year's current documents of each
 * kind and their facts (store_impl.h JS_YEAR_DOCS_TBL), made from documents. */
#define V7_TO_8(NOW)                                                                               \
    JS_YEAR_INTO "SELECT " JS_YEAR_VALUES(                                                         \
        JS_SUMS_CHK, "year", "t", "''", "''", "v",                                                 \
        "u") " FROM (SELECT year, " JS_YEAR_DOCS_TBL("form") " AS t, SUM(nfacts) AS v, "           \
                                                             "COUNT(*) AS u FROM documents WHERE " \
                                                             "current = 1 AND year > 0 "           \
                                                             "GROUP BY 1, 2) AS x WHERE u > 0 ON " \
                                                             "CONFLICT DO NOTHING;\n"              \
                                                             "INSERT INTO schema_version "         \
                                                             "(version, applied_at, note) VALUES " \
                                                             "(8, " NOW ", " NOTE_8                \
                                                             ") ON CONFLICT DO NOTHING;\n"
/* Version 9 (issue #17): the roll-up sums in region_sums: a row holds changes of
 * the sums of a year and region (data: a JSON array of [tbl, row_key, col_key,
 * value, units] in key order; chk: store_impl.h JS_RSUMS_CHK). A batch appends
 * one row per year and region it changed (rsums.c), instead of upserting a row
 * per key (~150 a document at 1,000 regions); the rows of a year and region are
 * merged into one when there are RS_ROWS of them. sums becomes a view: the
 * rows' keys added, with the same columns but chk. ID: the backend's row id;
 * ELEMS: the JSON array elements of p.data as j(value) (SQLite: only of the rows
 * whose data is JSON, so that `db check` reads past a damaged one: its check
 * value fails); GET(i): element i as SQL; AGG: the rows' JSON array in key order. */
/* A year and region's row gets its check value only when every old row of it held to
 * its own: with a damaged one it gets a value that fails (H = 0 ? 1 : 0, never H), so
 * the damage is still found (db check, the next merge) and not made good. */
/* The view sums: the keys of the rows of region_sums added (ELEMS, GET: see V8_TO_9). */
#define SUMS_VIEW(ELEMS, GET)                                                                      \
    "CREATE VIEW sums AS SELECT year, region, tbl, row_key, col_key, "                             \
    "CAST(SUM(v) AS BIGINT) AS value, CAST(SUM(u) AS BIGINT) AS units "                            \
    "FROM (SELECT p.year AS year, p.region AS region, " GET(0) " AS tbl, " GET(                    \
        1) " AS row_key, " GET(2) " AS col_key, CAST(j.value ->> 3 AS BIGINT) AS v, "              \
                                  "CAST(j.value ->> 4 AS BIGINT) AS u FROM region_sums p, " ELEMS  \
                                  ") AS e GROUP BY year, region, tbl, row_key, col_key HAVING "    \
                                  "SUM(u) > 0;\n"
#define V9_CHK JS_RSUMS_CHK("x.year", "x.region", "x.d")
#define V8_TO_9(ID, INT, TEXT, ELEMS, GET, AGG, NOW)                                               \
    "CREATE TABLE IF NOT EXISTS region_sums (id " ID ", year " INT " NOT NULL,\n"                  \
    "  region " TEXT " NOT NULL, data " TEXT " NOT NULL, chk " INT ");\n"                          \
    "CREATE INDEX IF NOT EXISTS region_sums_key ON region_sums(year, region);\n"                   \
    "INSERT INTO region_sums (year, region, data, chk) SELECT year, region, d, CASE WHEN "         \
    "(SELECT COUNT(*) FROM sums o WHERE o.year = x.year AND o.region = x.region AND o.chk IS "     \
    "NOT NULL AND o.chk <> " JS_SUMS_CHK(                                                          \
        "o.year", "o.region", "o.tbl", "o.row_key", "o.col_key", "o.value",                        \
        "o.units") ") = 0 THEN " V9_CHK " WHEN " V9_CHK                                            \
                   " = 0 THEN 1 ELSE 0 END FROM (SELECT year, region, " AGG                        \
                   " AS d FROM (SELECT * FROM sums "                                               \
                   "WHERE units > 0 ORDER BY year, region, tbl, row_key, col_key) AS "             \
                   "s GROUP BY year, region) AS x;\n"                                              \
                   "DROP TABLE sums;\n" SUMS_VIEW(                                                 \
                       ELEMS,                                                                      \
                       GET) "INSERT INTO schema_version (version, applied_at, note) VALUES "       \
                            "(9, " NOW ", " NOTE_9 ") ON CONFLICT DO NOTHING;\n"
#define SQ_GET(i) "(j.value ->> " #i ")"
#define SQ_AGG "json_group_array(json_array(tbl, row_key, col_key, value, units))"
#define PG_GET(i) "CAST(j.value ->> " #i " AS text) COLLATE \"C\""
#define PG_AGG                                                                                     \
    "CAST(json_agg(json_build_array(tbl, row_key, col_key, value, units) ORDER BY tbl, row_key, "  \
    "col_key) AS text)"
#define PG_V8_TO_9                                                                                 \
    V8_TO_9("bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", "integer",                      \
            "text COLLATE \"C\"",                                                                  \
            "LATERAL json_array_elements(CAST(p.data AS json)) "                                   \
            "AS j(value)",                                                                         \
            PG_GET, PG_AGG, "now()")
/* Version 10: PostgreSQL's view sums raised on the first row of region_sums whose data
 * is not JSON (or holds a value that is not an integer), and every query of it stopped
 * there; its rows are now read through js_rsums_elems, which gives no element of such a
 * row (read through once first, so one damaged part-way gives none of its entries
 * either). SQLite's view reads past such rows already (json_valid): the version only.
 * PARALLEL UNSAFE: its EXCEPTION block starts a subtransaction, which a parallel worker
 * may not (PostgreSQL's rule for such functions). */
#define PG_V9_TO_10                                                                                \
    "CREATE OR REPLACE FUNCTION js_rsums_elems(d text) RETURNS SETOF json LANGUAGE plpgsql "       \
    "IMMUTABLE PARALLEL UNSAFE AS $f$\n"                                                           \
    "BEGIN\n"                                                                                      \
    "  BEGIN\n"                                                                                    \
    "    PERFORM SUM(CAST(j.value ->> 3 AS bigint)), SUM(CAST(j.value ->> 4 AS bigint)) FROM "     \
    "json_array_elements(CAST(d AS json)) AS j(value);\n"                                          \
    "  EXCEPTION WHEN others THEN RETURN;\n"                                                       \
    "  END;\n"                                                                                     \
    "  RETURN QUERY SELECT json_array_elements(CAST(d AS json));\n"                                \
    "END $f$;\n"                                                                                   \
    "DROP VIEW IF EXISTS sums;\n" SUMS_VIEW(                                                       \
        "LATERAL js_rsums_elems(p.data) AS j(value)",                                              \
        PG_GET) "INSERT INTO schema_version (version, applied_at, note) VALUES (10, "              \
                "now(), " NOTE_10 ") ON CONFLICT DO NOTHING;\n"
static const char schema_v2_sql[] = SCHEMA_V2 "PRAGMA user_version = 2;\n";

/* Version 9 on a database whose sums is the view already (sqlite.c). */
const char js_store_sqlite_v9_kept[] = "INSERT OR IGNORE INTO schema_version VALUES (9, "
                                       "datetime('now'), " NOTE_9 ");\nPRAGMA user_version = 9;\n";

/* The first build of version 3 (commit f341178) made sums without its check
 * value chk (and on PostgreSQL no js_hash): the step from version 3 adds what
 * is missing, a check value for every row kept (SQLite: when the column is
 * missing, sqlite.c; PostgreSQL: PG_V3_SUMS_CHK). */
const char js_store_sqlite_sums_chk[] =
    "ALTER TABLE sums ADD COLUMN chk INTEGER;\n"
    "UPDATE sums SET chk = " JS_SUMS_CHK("year", "region", "tbl", "row_key", "col_key", "value",
                                         "units") ";\n";
#define PG_JS_HASH                                                                                 \
    "CREATE OR REPLACE FUNCTION js_hash(text) RETURNS integer LANGUAGE sql IMMUTABLE "             \
    "PARALLEL SAFE AS 'SELECT hashtext($1)';\n"
#define PG_V3_SUMS_CHK                                                                             \
    PG_JS_HASH "ALTER TABLE sums ADD COLUMN IF NOT EXISTS chk integer;\n"                          \
               "UPDATE sums SET chk = " JS_SUMS_CHK("year", "region", "tbl", "row_key", "col_key", \
                                                    "value", "units") " WHERE chk IS NULL;\n"

/* SQLite: the step from version v (it sets user_version; NULL past the last). */
const char *js_store_sqlite_migration(int v)
{
    static const char v2_to_3[] =
        "ALTER TABLE facts ADD COLUMN year INTEGER NOT NULL DEFAULT 0;\n"
        "ALTER TABLE facts ADD COLUMN region TEXT NOT NULL DEFAULT '';\n"
        "ALTER TABLE findings ADD COLUMN year INTEGER NOT NULL DEFAULT 0;\n"
        "ALTER TABLE findings ADD COLUMN region TEXT NOT NULL DEFAULT '';\n"
        "ALTER TABLE documents ADD COLUMN factsum TEXT;  -- SHA-256 of the facts, hex\n"
        "ALTER TABLE documents ADD COLUMN findsum TEXT;  -- SHA-256 of the findings\n"
        "ALTER TABLE documents ADD COLUMN docsum TEXT;   -- SHA-256 of this row\n"
        "ALTER TABLE sums ADD COLUMN chk INTEGER;         -- js_hash of the row\n"
        "UPDATE sums SET chk = " JS_SUMS_CHK(
            "year", "region", "tbl", "row_key", "col_key", "value",
            "units") ";\n"
                     "UPDATE facts SET year = COALESCE((SELECT d.year FROM documents d WHERE d.id "
                     "= doc_id), "
                     "0), region = COALESCE((SELECT d.region FROM documents d WHERE d.id = "
                     "doc_id), '');\n"
                     "UPDATE findings SET year = COALESCE((SELECT d.year FROM documents d WHERE "
                     "d.id = "
                     "doc_id), 0), region = COALESCE((SELECT d.region FROM documents d WHERE d.id "
                     "= doc_id), "
                     "'');\n"
                     "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,\n"
                     "  applied_at TEXT NOT NULL, note TEXT);\n"
                     "INSERT OR IGNORE INTO schema_version VALUES (1, datetime('now'), " NOTE_1
                     ");\n"
                     "INSERT OR IGNORE INTO schema_version VALUES (2, datetime('now'), " NOTE_2
                     ");\n"
                     "INSERT OR IGNORE INTO schema_version VALUES (3, datetime('now'), " NOTE_3
                     ");\n"
                     "PRAGMA user_version = 3;\n";
    static const char v3_to_4[] =
        V3_TO_4("INTEGER", "TEXT", "datetime('now')") "PRAGMA user_version = 4;\n";
    static const char v4_to_5[] = V4_TO_5("datetime('now')") "PRAGMA user_version = 5;\n";
    static const char v5_to_6[] =
        "INSERT OR IGNORE INTO schema_version VALUES (6, datetime('now'), " NOTE_6 ");\n"
        "PRAGMA user_version = 6;\n";
    static const char v6_to_7[] = V6_TO_7("INTEGER", "INTEGER", "TEXT", " WITHOUT ROWID",
                                          "datetime('now')") "PRAGMA user_version = 7;\n";
    static const char v7_to_8[] = V7_TO_8("datetime('now')") "PRAGMA user_version = 8;\n";
    static const char v8_to_9[] = V8_TO_9("INTEGER PRIMARY KEY", "INTEGER", "TEXT",
                                          "json_each(p.data) AS j WHERE json_valid(p.data)", SQ_GET,
                                          SQ_AGG, "datetime('now')") "PRAGMA user_version = 9;\n";
    static const char v9_to_10[] =
        "INSERT OR IGNORE INTO schema_version VALUES (10, datetime('now'), " NOTE_10 ");\n"
        "PRAGMA user_version = 10;\n";
    switch (v) {
    case 0:
    case 1: /* IF NOT EXISTS throughout: creates what version v lacks */
        return schema_v2_sql;
    case 2:
        return v2_to_3;
    case 3:
        return v3_to_4;
    case 4:
        return v4_to_5;
    case 5:
        return v5_to_6;
    case 6:
        return v6_to_7;
    case 7:
        return v7_to_8;
    case 8:
        return v8_to_9;
    case 9:
        return v9_to_10;
    default:
        return NULL;
    }
}

#define C " COLLATE \"C\""
/* PostgreSQL: from version v to v + 1; 0 creates the last version at once. */
const char *js_store_pg_migration(int v)
{
    static const char v2[] =
        "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY,\n"
        "  applied_at timestamptz NOT NULL DEFAULT now(), note text);\n" PG_JS_HASH
        "CREATE TABLE IF NOT EXISTS documents (\n"
        "  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n"
        "  hash text" C " NOT NULL UNIQUE, path text" C " NOT NULL, bytes bigint,\n"
        "  dept text" C ", year integer, region text" C ", form text" C ", unit text" C ",\n"
        "  npages integer NOT NULL DEFAULT 0, nlines integer NOT NULL DEFAULT 0,\n"
        "  ntables integer NOT NULL DEFAULT 0, nfacts integer NOT NULL DEFAULT 0,\n"
        "  nsections integer NOT NULL DEFAULT 0, nparas integer NOT NULL DEFAULT 0,\n"
        "  checked integer NOT NULL DEFAULT 0, check_note text" C ",\n"
        "  nerrors integer, nwarnings integer, nnotices integer,\n"
        "  sangong bigint, jiguan bigint, jiguan_src text" C ", staff bigint, office bigint,\n"
        "  loaded_at text" C " NOT NULL, current integer NOT NULL DEFAULT 1,\n"
        "  region_src text" C ", factsum text" C ", findsum text" C ", docsum text" C ");\n"
        "CREATE INDEX IF NOT EXISTS documents_year ON documents(year, dept);\n"
        "CREATE INDEX IF NOT EXISTS documents_dept ON documents(dept, year);\n"
        "CREATE INDEX IF NOT EXISTS documents_region ON documents(region, year);\n"
        /* facts and findings may have been made partitioned tables beforehand
         * (docs/scale.md): then IF NOT EXISTS keeps them */
        "CREATE TABLE IF NOT EXISTS facts (\n"
        "  doc_id bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
        "  tbl text" C " NOT NULL, row_key text" C " NOT NULL, col_key text" C " NOT NULL,\n"
        "  value bigint NOT NULL, wan text" C " NOT NULL, line integer, page integer,\n"
        "  year integer NOT NULL DEFAULT 0, region text" C " NOT NULL DEFAULT '',\n"
        "  PRIMARY KEY (doc_id, tbl, row_key, col_key));\n"
        "CREATE TABLE IF NOT EXISTS sums (\n"
        "  year integer NOT NULL, region text" C " NOT NULL, tbl text" C " NOT NULL,\n"
        "  row_key text" C " NOT NULL, col_key text" C " NOT NULL,\n"
        "  value bigint NOT NULL, units bigint NOT NULL, chk integer,\n"
        "  PRIMARY KEY (year, region, tbl, row_key, col_key));\n"
        "CREATE TABLE IF NOT EXISTS findings (\n"
        "  doc_id bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
        "  seq integer NOT NULL, rule text" C " NOT NULL, kind text" C ",\n"
        "  severity text" C " NOT NULL, tbl text" C ", row_key text" C ", col_key text" C ",\n"
        "  section text" C ", line integer, page integer, stated text" C ", expected text" C ",\n"
        "  message text" C " NOT NULL,\n"
        "  year integer NOT NULL DEFAULT 0, region text" C " NOT NULL DEFAULT '',\n"
        "  PRIMARY KEY (doc_id, seq));\n"
        "CREATE INDEX IF NOT EXISTS findings_rule ON findings(rule);\n"
        "CREATE TABLE IF NOT EXISTS sections (\n"
        "  doc_id bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
        "  idx integer NOT NULL, num text" C ", title text" C ", part integer, level integer,\n"
        "  parent integer, line integer, page integer, PRIMARY KEY (doc_id, idx));\n"
        "CREATE TABLE IF NOT EXISTS paras (\n"
        "  doc_id bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
        "  idx integer NOT NULL, section integer, text text" C " NOT NULL,\n"
        "  line integer, page integer, nlines integer, PRIMARY KEY (doc_id, idx));\n"
        "CREATE TABLE IF NOT EXISTS notes (\n"
        "  doc_id bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
        "  idx integer NOT NULL, code text" C " NOT NULL, tbl text" C ", line integer,\n"
        "  page integer, text text" C ", PRIMARY KEY (doc_id, idx));\n"
        "CREATE TABLE IF NOT EXISTS sources (hash text" C " PRIMARY KEY, name text" C ",\n"
        "  data bytea NOT NULL);\n"
        "CREATE TABLE IF NOT EXISTS acceptances (hash text" C " NOT NULL, fkey text" C
        " NOT NULL,\n"
        "  who text" C " NOT NULL, comment text" C " NOT NULL, at text" C " NOT NULL,\n"
        "  PRIMARY KEY (hash, fkey));\n"
        "INSERT INTO schema_version (version, note) VALUES (3, " NOTE_3_PG ") "
        "ON CONFLICT DO NOTHING;\n" V3_TO_4("bigint", "text" C, "now()") V4_TO_5("now()")
            PG_V5_TO_6 PG_V6_TO_7 V7_TO_8("now()") PG_V8_TO_9 PG_V9_TO_10;
    static const char v5_to_6[] = PG_V5_TO_6;
    static const char v6_to_7[] = PG_V6_TO_7;
    static const char v7_to_8[] = V7_TO_8("now()");
    static const char v8_to_9[] = PG_V8_TO_9;
    static const char v9_to_10[] = PG_V9_TO_10;
    static const char v3_to_4[] = PG_V3_SUMS_CHK V3_TO_4("bigint", "text" C, "now()");
    static const char v4_to_5[] = V4_TO_5("now()");
    /* a new database is created at the last version at once (the loop stops at the NULL
     * of 1); an older one goes step by step */
    return v == 0   ? v2
           : v == 3 ? v3_to_4
           : v == 4 ? v4_to_5
           : v == 5 ? v5_to_6
           : v == 6 ? v6_to_7
           : v == 7 ? v7_to_8
           : v == 8 ? v8_to_9
           : v == 9 ? v9_to_10
                    : NULL;
}
#undef C
