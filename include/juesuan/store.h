/*
 * store.h - many disclosures in one database: documents, their facts, the
 * findings of the checker, the narrative; and the analyses over them
 * (roll-up 汇总, rankings, year on year).
 *
 *   js_store ── ops (a table of function pointers: one per backend)
 *            │    sqlite   (default: one file, no server; WAL, busy timeout)
 *            │    postgres (postgres://…: libpq, same schema, same SQL; COPY)
 *            └─ documents ─┬─ facts      (table, row, column, value in fen, 万元 text)
 *                          ├─ findings   (rule, kind, severity, where, stated/expected)
 *                          ├─ sections / paras (the narrative)
 *                          └─ notes      (what the reader noticed about the input)
 *
 * A document is keyed by the SHA-256 of its file bytes: storing the same
 * bytes twice stores them once. Each document is stored in one transaction
 * (or one savepoint of a batch, js_store_batch_begin), so a crash leaves
 * either the whole document or nothing of it. Each stored document carries
 * checksums of its row, its facts and its findings, verified where they are
 * read: a damaged database gives JS_EINPUT ("damaged"), never a wrong value.
 *
 * The analyses (report.c) only use js_store_query with portable SQL, so every
 * backend answers them the same way. The schema is documented in docs/store.md.
 *
 * Ownership: a js_store is opened with js_store_open and closed with
 * js_store_close (close(NULL) is harmless). Values handed to a row callback
 * are valid only during the call. A js_rtable owns its strings (its arena) and
 * is released with js_rtable_release. The library never prints: text,
 * CSV and JSON are appended to a js_buf; XLSX is written to a named file.
 */
#ifndef JUESUAN_STORE_H
#define JUESUAN_STORE_H

#include "base.h"
#include "check.h"
#include "model.h"
#include "template.h"

#ifdef __cplusplus
extern "C" {
#endif

#define JS_STORE_SCHEMA_VERSION                                                                    \
    10 /* 2: sources, acceptances (review.c); 3: checksums, facts year/region, schema_version;     \
         4: doc_tables (budget tables by role); 5: indexes of the reports; 6: bulk load;           \
         7: year_sums (the roll-up of each year); 8: the year's documents counted in it;           \
         9: region_sums (the sums of each year and region in JSON rows), sums a view;              \
         10: sums reads past a row of region_sums that is not JSON (PostgreSQL) */

typedef struct js_store js_store;

/* A value passed to or returned from a query. */
enum js_sval_type { JS_SVAL_NULL = 0, JS_SVAL_INT = 1, JS_SVAL_TEXT = 2, JS_SVAL_BLOB = 3 };
typedef struct js_sval {
    int type;
    int64_t i;     /* JS_SVAL_INT: the value; JS_SVAL_BLOB: the length in bytes */
    const char *s; /* JS_SVAL_TEXT: NUL-terminated UTF-8; JS_SVAL_BLOB: the bytes */
} js_sval;

js_sval js_sval_int(int64_t i);
js_sval js_sval_text(const char *s); /* NULL s gives a NULL value */
/* Bytes (a BLOB in SQLite, BYTEA in PostgreSQL); columns of that type come back as BLOB. */
js_sval js_sval_blob(const void *data, size_t n);

/* Called once per result row; return non-zero to stop (the query then returns JS_OK). */
typedef int (*js_store_row_fn)(void *ud, int ncols, const js_sval *vals, const char *const *names);

/* What the caller knows about a document besides the model itself. */
typedef struct js_store_docinfo {
    const char *hash;       /* SHA-256 of the file bytes, 64 lowercase hex digits */
    const char *path;       /* as given; NULL: doc->path */
    long long bytes;        /* size of the file */
    bool checked;           /* the checker ran: findings are complete */
    const char *check_note; /* why the check did not run, NULL otherwise */
} js_store_docinfo;

/* One backend. Every function returns JS_OK or a status with err filled. */
typedef struct js_store_ops {
    const char *name;
    void (*close)(js_store *s);
    int (*begin)(js_store *s, js_err *err); /* a write transaction */
    int (*commit)(js_store *s, js_err *err);
    int (*rollback)(js_store *s, js_err *err); /* harmless without a transaction */
    /* Run one statement with params (written ?1, ?2 …: the backend maps them);
     * fn (may be NULL) sees each row. Backends cache prepared statements. */
    int (*query)(js_store *s, const char *sql, const js_sval *params, int nparams,
                 js_store_row_fn fn, void *ud, js_err *err);
    /* Optional (NULL: one INSERT per row): append rows given in PostgreSQL
     * COPY text format (tab-separated, \N for NULL, escaped) to table (cols). */
    int (*copy)(js_store *s, const char *table, const char *cols, const char *data, size_t n,
                js_err *err);
    /* Optional: writers of one key take turns till the end of the transaction. */
    int (*lock)(js_store *s, const char *key, js_err *err);
} js_store_ops;

struct js_store {
    const js_store_ops *ops;
    const char *path; /* what was opened (file name or connection string) */
    bool readonly;    /* opened with JS_STORE_READONLY */
    bool transient;   /* the last error may go away when the transaction is retried */
    int batch;        /* documents stored in the open batch transaction; -1: no batch */
    void *forms;      /* private (put.c): the budget forms (js_bforms), read at the first budget */
    void *pend;       /* private (put.c): a PostgreSQL batch's documents, kept till the flush */
    void *sums;       /* private (put.c): a SQLite batch's changes of the roll-up sums */
    long nstored;     /* documents stored since the store was opened (batches: once flushed) */
    long ndups;       /* documents found stored already (by hash) since it was opened */
};

enum js_store_flags {
    JS_STORE_READONLY = 1, /* only read: nothing is created, the file may be on read-only media */
};

/* Open a database; without JS_STORE_READONLY it is created if needed and
 * migrated to JS_STORE_SCHEMA_VERSION. target is a file name for SQLite, or
 * "postgres://…" / "postgresql://…" (any libpq connection URI) for PostgreSQL. */
int js_store_open(const char *target, js_store **out, js_err *err);
int js_store_open_flags(const char *target, int flags, js_store **out, js_err *err);
void js_store_close(js_store *s);

/* The backends directly. */
int js_store_sqlite_open(const char *path, js_store **out, js_err *err);
int js_store_sqlite_open_flags(const char *path, int flags, js_store **out, js_err *err);
int js_store_pg_open(const char *conninfo, int flags, js_store **out, js_err *err);

/*
 * Batches: between js_store_batch_begin and js_store_batch_commit many
 * documents are stored in one transaction, so a crash loses the uncommitted
 * documents of the batch whole, never part of one. SQLite: every
 * js_store_put is a savepoint of the batch's transaction (a failed document
 * leaves nothing, the others stay; one wait on the disk per batch) and the
 * roll-up sums are written at the commit, once per key (a damaged sums row
 * fails the whole batch).
 * PostgreSQL: js_store_put keeps the document (*id stays 0, *dup is set
 * only for a hash already in the batch) and js_store_batch_commit stores
 * them all with a few statements (COPY, one upsert of the sums); a batch the
 * server fails is stored again document by document, so only a failing
 * document is missing. s->nstored and s->ndups count what was stored.
 */
int js_store_batch_begin(js_store *s, js_err *err);
int js_store_batch_commit(js_store *s, js_err *err);

/* SHA-256 of bytes as 64 lowercase hex digits into hex[65]. */
void js_sha256_hex(const void *data, size_t n, char hex[65]);

/* Does the store hold a document with this hash? *id is set (0 when not). */
int js_store_find_hash(js_store *s, const char *hash, int64_t *id, js_err *err);

/*
 * Store one document with its facts, findings (f may be NULL when the check
 * did not run), narrative and notes, in one transaction. *dup is set and
 * nothing is written when the hash is already stored. On failure the
 * transaction is rolled back: nothing of the document remains.
 */
int js_store_put(js_store *s, const js_store_docinfo *info, const js_doc *doc, const js_findings *f,
                 int64_t *id, bool *dup, js_err *err);

/* Run a query (see js_store_ops.query). */
int js_store_query(js_store *s, const char *sql, const js_sval *params, int nparams,
                   js_store_row_fn fn, void *ud, js_err *err);

/* The engine's quick structural check (SQLite quick_check; nothing on PostgreSQL,
 * whose pages carry their own checksums): JS_EINPUT when the database is damaged.
 * js_store_put's callers run it before loading into a database. */
int js_store_quick_check(js_store *s, js_err *err);

/* Verify the stored checksums of one document's row, facts and findings:
 * JS_EINPUT naming the document when they do not match. */
int js_store_verify_doc(js_store *s, int64_t id, js_err *err);

/* Find a document by id ("12") or by a hash prefix (at least 4 hex digits).
 * JS_EUSAGE when none or several match, err saying which. */
int js_store_resolve(js_store *s, const char *ref, int64_t *id, js_err *err);

/* ---- result tables ------------------------------------------------------ */

/* A small table of text cells: what a report or listing shows. */
typedef struct js_rtable {
    js_arena *arena;
    const char *title; /* may be NULL */
    int ncols;
    const char **cols;
    bool *right; /* right-align column (numbers) */
    int nrows, caprows;
    const char ***rows; /* rows[r][c], NULL for an empty cell */
    const char **foot;  /* lines printed under the table */
    int nfoot, capfoot;
} js_rtable;

/* t must be zeroed ({0}) or released before; a table initialised twice keeps its arena. */
int js_rtable_init(js_rtable *t, int ncols, const char *const *cols, js_err *err);
void js_rtable_release(js_rtable *t);
/* Append a row of ncols strings (copied; NULL allowed). */
int js_rtable_add(js_rtable *t, const char *const *cells, js_err *err);
int js_rtable_footf(js_rtable *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Aligned text for a terminal: columns padded by display width (CJK = 2). */
void js_rtable_text(const js_rtable *t, js_buf *out);
/* RFC 4180 CSV with a header line (no title, no footer). */
void js_rtable_csv(const js_rtable *t, js_buf *out);
/* An XLSX workbook with one sheet; numbers in right-aligned columns are written as numbers.
 * The sheet is named after the title (up to its first colon or bracket); the title on the
 * first row, the header bold, shaded and frozen, an autofilter, widths that fit the cells. */
int js_rtable_xlsx(const js_rtable *t, const char *path, js_err *err);
/* The same with n tables, each on a sheet of its own (NULL ones left out). */
int js_rtables_xlsx(const js_rtable *const *ts, int n, const char *path, js_err *err);
/* Display width of a UTF-8 string (East Asian wide characters count 2). */
size_t js_text_width(const char *s);

/* ---- listings ------------------------------------------------------------ */

/* Every document: id, hash (12), dept, year, region, form, facts, findings, path. */
int js_store_list(js_store *s, js_rtable *out, js_err *err);
/* One document: its metadata, counts, and its findings. */
int js_store_show(js_store *s, int64_t id, js_rtable *meta, js_rtable *findings, js_err *err);

/*
 * Check the whole database: the engine's own check (SQLite integrity_check),
 * then every document's checksums (its row, facts and findings), the counts,
 * and the roll-up sums against the facts. out gets one row per problem
 * (what, document id, detail); *nbad counts them. JS_OK when the check ran.
 */
int js_store_check(js_store *s, js_rtable *out, int *nbad, js_err *err);

/* ---- analyses (report.c) ------------------------------------------------ */

typedef struct js_rollup_opts {
    int year;                /* required */
    const char *region;      /* units whose region is this (or starts with it), or NULL */
    const char *dept_prefix; /* units whose dept starts with this, or NULL */
    const char *kind;        /* "决算" (NULL: the default) or "预算": never both summed */
    bool by_regions;         /* a whole year: add up its regions' sums instead of reading the year's
                              * (year_sums, schema version 7): the same table, more rows read */
} js_rollup_opts;

/* 汇总: sum every fact over the units selected (the latest document of each
 * dept and year), per (table, row, column); out gets the sums, checks gets
 * the consistency of the rolled-up tables (each identity, both sides, difference).
 * *nfail counts identities that do not hold. */
int js_report_rollup(js_store *s, const js_rollup_opts *o, js_rtable *out, js_rtable *checks,
                     int *nfail, js_err *err);
/* The same with the identities of other form data (their `rollup` records,
 * template.h); js_report_rollup uses the built-in data/templates/templates.tsv. */
int js_report_rollup_data(js_store *s, const js_rollup_opts *o, const js_templates *data,
                          js_rtable *out, js_rtable *checks, int *nfail, js_err *err);

enum js_metric {
    JS_METRIC_SANGONG = 0, /* 三公经费决算: 07 三公经费 决算:合计 */
    JS_METRIC_JIGUAN, /* 机关运行经费: as the narrative states it, else 06 公用经费合计 */
    JS_METRIC_STAFF_SHARE, /* 人员经费占比: 06 人员经费合计 / (人员经费合计 + 公用经费合计) */
    JS_METRIC_FINDINGS, /* findings: errors, then warnings */
};
/* The metric named in Chinese or by its English alias; -1 when unknown. */
int js_metric_parse(const char *name);
const char *js_metric_name(int metric);

/* Rank the documents (latest of each dept and year) by metric, largest first.
 * year 0: every year. top 0: all. */
int js_report_rank(js_store *s, int metric, int year, int top, js_rtable *out, js_err *err);
/* The same over the documents of one kind: "决算" (NULL: the default) or "预算". */
int js_report_rank_kind(js_store *s, int metric, int year, int top, const char *kind,
                        js_rtable *out, js_err *err);

/* Two years of one department side by side: every fact, the change and the
 * % change (exact, two decimals, half away from zero). */
int js_report_yoy(js_store *s, const char *dept, int y1, int y2, js_rtable *out, js_err *err);
/* The same for documents of one kind: "决算" (NULL: the default) or "预算" (two budgets). */
int js_report_yoy_kind(js_store *s, const char *dept, int y1, int y2, const char *kind,
                       js_rtable *out, js_err *err);

/*
 * 预算执行 (issue #19): the department's budget (部门预算公开) against its final
 * accounts (部门决算公开) of the same year, the current document of each kind.
 * classes: by 功能分类 类 (budget, final, difference, completion rate, and the
 * 基本/项目 split where both have it), then 合计 = Σ 类; sangong: each 三公
 * item (budget, the final accounts' 年初预算 column and whether it equals the
 * budget, final, difference, rate), 会议费/培训费 where budgeted, 机关运行经费.
 * JS_EUSAGE naming what is missing when either document is not stored.
 */
int js_report_execution(js_store *s, const char *dept, int year, js_rtable *classes,
                        js_rtable *sangong, js_err *err);

/*
 * The 三公 statements of a department's budget of year ("因公出国(境)费预算支出80万元，
 * 比上年预算减少20万元", "…与上年持平") against its budget of year - 1 in the store:
 * per statement the amount stated, this year's and last year's table values, the
 * change the tables give and the change stated, and whether they agree (a change
 * stated to k decimals agrees when the tables' change rounds to it). JS_EUSAGE when
 * either budget is not stored.
 */
int js_report_budget_changes(js_store *s, const char *dept, int year, js_rtable *out, js_err *err);

/* A table as one JSON object: {"title", "columns", "rows": [{column: cell}], "notes"};
 * cells are strings as the text shows them (amounts exact), empty cells null. */
int js_rtable_json(const js_rtable *t, js_buf *out, js_err *err);

/* ---- review: source files and reviewers' acceptances (review.c) ----------
 * Tables `sources` (hash, name, data BLOB) and `acceptances` (hash, fkey, who,
 * comment, at), both keyed by the document's hash so they outlive the
 * document rows and apply again when the same file is loaded again. */

/* Keep the bytes of a document's file (once per hash; a second call is a no-op). */
int js_store_put_source(js_store *s, const char *hash, const char *name, const void *data, size_t n,
                        js_err *err);
/* Append the kept bytes to out; JS_EUSAGE when none are kept for hash. */
int js_store_get_source(js_store *s, const char *hash, js_buf *out, js_err *err);

/* The stable key of finding i of f: rule|table|row|column|section|stated, with
 * "#k" added for the k-th repeat of the same key, so the same file checked
 * again gives the same keys. Truncated to size. */
void js_finding_key(const js_findings *f, int i, char *buf, size_t size);
/* Accept (or accept again, replacing) the finding with key of document hash. */
int js_store_accept(js_store *s, const char *hash, const char *key, const char *who,
                    const char *comment, js_err *err);
/* Withdraw an acceptance (no-op when there is none). */
int js_store_unaccept(js_store *s, const char *hash, const char *key, js_err *err);
/* Set accepted_by/accepted_comment of every finding of f accepted for hash
 * (strings copied into f's arena). */
int js_store_apply_accepted(js_store *s, const char *hash, js_findings *f, js_err *err);
/* Store the counts of document id again (after acceptances changed). */
int js_store_set_counts(js_store *s, int64_t id, int errors, int warnings, int notices,
                        js_err *err);

/* ---- export --------------------------------------------------------------- */

enum js_export_what { JS_EXPORT_FACTS = 0, JS_EXPORT_FINDINGS = 1, JS_EXPORT_DOCUMENTS = 2 };
enum js_export_format { JS_EXPORT_CSV = 0, JS_EXPORT_JSON = 1, JS_EXPORT_XLSX = 2 };

/* Stream every fact / finding / document of the store. CSV and JSON (one
 * array of objects) go to sink (called with chunks of output; non-zero
 * return stops); XLSX goes to path. JS_EUSAGE when XLSX would exceed a sheet. */
typedef int (*js_sink_fn)(void *ud, const char *data, size_t n);
int js_store_export(js_store *s, int what, int format, js_sink_fn sink, void *ud, const char *path,
                    js_err *err);
/* The same with the column names of CSV and XLSX (and the XLSX sheet's name, asked as
 * "sheet:facts", "sheet:findings", "sheet:documents") given by label(key), and the words
 * of the columns severity and kind (error, classification, …) by label(word); NULL label,
 * or label returning NULL or key: the keys. JSON keeps the keys (they are an interface). */
typedef const char *(*js_label_fn)(const char *key);
int js_store_export_labeled(js_store *s, int what, int format, js_label_fn label, js_sink_fn sink,
                            void *ud, const char *path, js_err *err);

#ifdef __cplusplus
}
#endif
#endif
