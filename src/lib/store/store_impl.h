/* store_impl.h - what the store backends and the analyses share (private). */
#ifndef JUESUAN_STORE_IMPL_H
#define JUESUAN_STORE_IMPL_H

#include "juesuan/catalog.h"
#include "juesuan/store.h"

#include <libintl.h>
#include <string.h>

/* A text shown to users (a table's title; footers go through js_rtable_footf, which
 * does the same): in the user's language, which the program chose (src/cli/i18n.c),
 * as js_err_set does; without a catalogue dgettext returns s itself. */
#define JS_T(s) dgettext("juesuan", s)

/* The schema (schema.c): version 1 in portable SQL, IF NOT EXISTS throughout,
 * and the migrations of each backend: the SQL taking version v to v + 1
 * (PostgreSQL: 0 creates the current version at once); NULL past the last. */
extern const char js_store_schema_sql[];
const char *js_store_sqlite_migration(int v);
const char *js_store_pg_migration(int v);
extern const char js_store_sqlite_sums_chk[]; /* sums.chk added (version 3, schema.c) */
extern const char js_store_sqlite_v9_kept[];  /* version 9 when sums is its view already */

/* Collect every row of a query into an rtable whose columns are the result's. */
int js_store_query_table(js_store *s, const char *sql, const js_sval *params, int nparams,
                         js_rtable *out, js_err *err);
/* Append s as one CSV field (RFC 4180: quoted when it holds , " CR or LF). NULL: empty. */
void js_csv_field(js_buf *b, const char *s);
/* Format an int value of fen as 万元 text ("75.40"). buf >= 32. */
const char *js_store_wan(int64_t fen, char *buf, size_t size);

/* The XLSX form of an export (export_xlsx.c, in the program's module juesuan-xlsx.so):
 * one sheet named sheet in the workbook path, written row by row (constant memory).
 * js_xsheet_row writes the header (header, or names when NULL) first when nrows is 0,
 * the header row frozen, then row nrows of the
 * query ("value" columns as numbers of two decimals). js_xsheet_close frees x and
 * returns rc, or the error of closing the workbook when rc is JS_OK. */
typedef struct js_xsheet js_xsheet;
int js_xsheet_open(const char *path, const char *sheet, js_xsheet **out, js_err *err);
int js_xsheet_row(js_xsheet *x, long long nrows, int ncols, const js_sval *v,
                  const char *const *names, const char *const *header, js_err *err);
int js_xsheet_close(js_xsheet *x, const char *path, int rc, js_err *err);

/* The facts of an export with the 科目名称 (column "name", "" when the row is no code
 * or the catalogue of that year does not know it) after the column "row"
 * (export_names.c): the row's values and names in wv and wn (cap entries at most);
 * returns their number, -1 (nothing written) without a "row" column or room. */
int js_export_with_name(int ncols, const js_sval *v, const char *const *names,
                        const js_catalog *cat, js_sval *wv, const char **wn, int cap);
/* The 科目名称 of a facts row key ("支出:206", "2060101", "30101") in the
 * catalogue edition of year; "" when the key is no code or the code unknown. */
const char *js_export_row_name(const js_catalog *cat, int year, const char *row_key);

/* The columns of documents that docsum covers, in the order of the checksum. */
#define JS_DOCSUM_COLS                                                                             \
    "hash, path, bytes, dept, year, region, form, unit, npages, nlines, ntables, nfacts, "         \
    "nsections, nparas, checked, check_note, nerrors, nwarnings, nnotices, sangong, jiguan, "      \
    "jiguan_src, staff, office, loaded_at, region_src, factsum, findsum"

/* The check value of a row of sums (a damaged row is found when it is read):
 * js_hash of its values as text; js_hash is hashtext on PostgreSQL and a
 * 32-bit FNV-1a the SQLite backend registers. */
#define JS_SUMS_CHK(y, r, t, rk, ck, v, u)                                                         \
    "js_hash(CAST(" y " AS TEXT) || '|' || " r " || '|' || " t " || '|' || " rk " || '|' || " ck   \
    " || '|' || CAST(" v " AS TEXT) || '|' || CAST(" u " AS TEXT))"

/* The same check value computed by the SQLite backend's js_sums_chk(7 values)
 * without building the text (sqlite.c; the SQLite load writes it for every key). */
#define JS_SUMS_CHK_SQ(y, r, t, rk, ck, v, u)                                                      \
    "js_sums_chk(" y ", " r ", " t ", " rk ", " ck ", " v ", " u ")"

/* The tail of an INSERT INTO sums (year, region, tbl, row_key, col_key, value,
 * units, chk) that adds to the row of the key when it exists. A row whose
 * check value fails is not updated (nor its damage given a good check
 * value): the statement counts one row fewer (js_store_sums_damaged). CHK:
 * JS_SUMS_CHK or JS_SUMS_CHK_SQ. */
#define JS_ROLL_OLD(T, R, CHK)                                                                     \
    CHK(T ".year", R, T ".tbl", T ".row_key", T ".col_key", T ".value", T ".units")
#define JS_ROLL_NEW(T, R, CHK)                                                                     \
    CHK(T ".year", R, T ".tbl", T ".row_key", T ".col_key", T ".value + excluded.value",           \
        T ".units + excluded.units")
#define JS_ROLL_UPSERT(T, KEY, R, CHK)                                                             \
    " ON CONFLICT (" KEY ") DO UPDATE SET value = " T ".value + excluded.value, units = " T        \
    ".units + excluded.units, chk = " JS_ROLL_NEW(T, R, CHK) " WHERE " T ".chk IS NULL OR " T      \
                                                             ".chk = " JS_ROLL_OLD(T, R, CHK)
#define JS_SUMS_UPSERT(CHK)                                                                        \
    JS_ROLL_UPSERT("sums", "year, region, tbl, row_key, col_key", "sums.region", CHK)

/* year_sums (schema version 7): the roll-up of a whole year, the sums of
 * every region added per key, so that the whole year's roll-up reads the
 * year's ~400 keys instead of every region's rows. Kept in the same
 * transaction as sums, after it (one lock order: sums, then year_sums, each
 * in key order); its check value is that of a row of sums of the region '*'. */
#define JS_YEAR_CHK(CHK, y, t, rk, ck, v, u) CHK(y, "'*'", t, rk, ck, v, u)
#define JS_YEAR_UPSERT(CHK) JS_ROLL_UPSERT("year_sums", "year, tbl, row_key, col_key", "'*'", CHK)
/* The SQL that writes year_sums has this one home, for every writer (put.c: one
 * document; batch.c: the batches of both backends; schema.c: the migrations):
 * JS_YEAR_INTO the INSERT's head, JS_YEAR_VALUES the values of a row (year, tbl,
 * row_key, col_key, value, units as SQL expressions) with its check value last,
 * JS_YEAR_UPSERT (above) the tail that adds to the row of the key, JS_YEAR_PRUNE
 * the rows of the year ?1 with no unit left. */
#define JS_YEAR_INTO "INSERT INTO year_sums (year, tbl, row_key, col_key, value, units, chk) "
#define JS_YEAR_VALUES(CHK, y, t, rk, ck, v, u)                                                    \
    y ", " t ", " rk ", " ck ", " v ", " u ", " JS_YEAR_CHK(CHK, y, t, rk, ck, v, u)
#define JS_YEAR_PRUNE "DELETE FROM year_sums WHERE year = ?1 AND units <= 0"
/* Version 8: year_sums also counts the year's current documents of each kind
 * and their facts, in a row of its own (row_key and col_key '', units: the
 * documents, value: their facts) whose tbl is '#' for final accounts and 'Y#'
 * for budgets (so SUMS_KIND sorts it as the budget tables Y01…), so that the
 * whole year's roll-up reads no document row. JS_YEAR_DOCS_TBL(form): its
 * tbl for a document of that form (SQL); JS_YEAR_KEYS: the other rows. */
#define JS_YEAR_DOCS_TBL(form) "(CASE WHEN " form " LIKE 'budget%' THEN 'Y#' ELSE '#' END)"
#define JS_YEAR_KEYS(tbl) "(" tbl " <> '#' AND " tbl " <> 'Y#')"
static inline bool js_year_docs_tbl(const char *tbl)
{
    return tbl && (!strcmp(tbl, "#") || !strcmp(tbl, "Y#"));
}
/* The same tbl in C, for a document of the stored form form (put.c stored_form). */
static inline const char *js_year_docs_key(const char *form)
{
    return form && !strncmp(form, "budget", 6) ? "Y#" : "#";
}

/* 32-bit FNV-1a over n bytes, from h (2166136261 to start): js_hash on SQLite. */
static inline uint32_t js_fnv1a(uint32_t h, const void *data, size_t n)
{
    const unsigned char *t = data;
    for (size_t i = 0; i < n; i++)
        h = (h ^ t[i]) * 16777619u;
    return h;
}

/* region_sums (schema version 9, rsums.c): the roll-up sums of a year and region in
 * one row, data a JSON array of [tbl, row_key, col_key, value, units] in key order;
 * its check value is js_hash of year|region|data. */
#define JS_RSUMS_CHK(y, r, d) "js_hash(CAST(" y " AS TEXT) || '|' || " r " || '|' || " d ")"
/* 1 when a row of region_sums holds to its check value (a NULL one, of a row rebuilt
 * by hand, is not verified), else 0 (SQL). */
#define JS_RSUMS_OK                                                                                \
    "CASE WHEN chk IS NULL OR chk = " JS_RSUMS_CHK("year", "region", "data") " THEN 1 ELSE 0 END"
/* Add the changes of h (keys year \x1f region \x1f tbl \x1f row_key \x1f col_key ->
 * int64_t[2] value, units; the count rows '#' and 'Y#' are left out) to region_sums:
 * each (year, region) read once (JS_EINPUT "damaged" when its check value fails),
 * changed, written, in key order; keys with no unit left go. */
struct _GHashTable;
int js_rsums_add(js_store *s, struct _GHashTable *h, js_err *err);
/* The rows (data, 1 when the check value holds) sql gives: each key handed to fn
 * (false stops); *nbad counts the rows that fail their check value or do not decode. */
typedef bool (*js_rsums_fn)(void *ud, const char *tbl, const char *row, const char *col,
                            int64_t value, int64_t units);
int js_rsums_read(js_store *s, const char *sql, const js_sval *p, int np, js_rsums_fn fn, void *ud,
                  int64_t *nbad, js_err *err);
/* The entries of a row's data handed to fn one by one as they are read (rsums_json.c):
 * false when data is not such an array (a damaged row; fn may have had some of its
 * entries) or fn returns false. Keys are read back byte for byte (valid UTF-8 or not). */
bool js_rsums_decode(const char *data, js_rsums_fn fn, void *ud);

/* db check of the roll-up sums (check_sums.c): each year's region_sums rows against its
 * current documents' facts, and year_sums against the regions' sums added; the problems
 * added to out ("sums", "year sums": at most 100 of each) and counted in *nbad. */
int js_store_check_sums(js_store *s, js_rtable *out, int64_t *nbad, js_err *err);

/* JS_EINPUT "damaged": n rows of sums were not written because their check values failed. */
int js_store_sums_damaged(js_store *s, int64_t n, js_err *err);

/* v in decimal into buf (no terminating NUL); returns the length. The load
 * formats every amount it hashes or writes this way (snprintf costs several
 * times more, and the load does it ~500 times a document). */
static inline int js_i64_text(int64_t v, char buf[24])
{
    char tmp[24];
    int n = 0, k = 0;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) buf[k++] = '-';
    while (n)
        buf[k++] = tmp[--n];
    return k;
}

/* Add one row of values to a checksum (a crypto_hash_sha256_state *, libsodium): the values as text
 * (integers in decimal, NULL as \N) separated by 0x1f, then a newline. */
void js_store_canon(void *checksum, const js_sval *v, int n);
void js_store_sum_hex(void *checksum, char hex[65]);

/* The kind of a document from its stored form: '预算' for a budget (its form
 * starts with "budget": put.c stores "budget" for a budget of an unknown
 * form), else '决算'. form is an SQL expression. */
#define JS_KIND_OF(form) "(CASE WHEN " form " LIKE 'budget%' THEN '预算' ELSE '决算' END)"

/* The check value of a doc_tables row: 16 hex digits of SHA-256 over its values. */
void js_store_tables_chk(const char *tbl, const char *role, const char *title, char out[17]);

/* Verify the check values of the doc_tables rows of document id (0: all):
 * JS_EINPUT "damaged" on a mismatch (verify.c). */
int js_store_verify_tables(js_store *s, int64_t id, js_err *err);

/* Compute and store docsum again after a change of the document row (review.c). */
int js_store_resum(js_store *s, int64_t id, js_err *err);

/* Verify the checksums of the document rows / facts / findings of one
 * document (id > 0) or of all (id 0) before they are shown (verify.c). */
enum { JS_VERIFY_ROW = 1, JS_VERIFY_FACTS = 2, JS_VERIFY_FINDINGS = 4, JS_VERIFY_ALL = 7 };
int js_store_verify(js_store *s, int64_t id, int what, js_err *err);
/* js_store_verify of the facts of document id (> 0), which are also handed to fn one
 * by one as they are read (tbl, row_key, col_key, value, wan, line, page): read once
 * to verify them and to use them. fn's work is void when this fails. */
int js_store_verify_facts_each(js_store *s, int64_t id, js_store_row_fn fn, void *ud, js_err *err);

/* ---- batches (put.c, batch.c) ---- */

/* The tables written for each document besides its row (put.c). */
enum { JS_T_FACTS, JS_T_FINDINGS, JS_T_SECTIONS, JS_T_PARAS, JS_T_NOTES, JS_T_TABLES, JS_T_N };
extern const char *const js_store_t_name[JS_T_N];
extern const char *const js_store_t_cols[JS_T_N]; /* doc_id first */

/* What put.c computed of a document before storing it (its facts sorted, checksums). */
typedef struct js_store_prep js_store_prep;

/* A document as COPY text (put.c): its row of documents (JS_DOCSUM_COLS, then
 * docsum), the rows of each table without their doc_id, its key (dept \x1f
 * year \x1f budget) when it has a dept and a year, else NULL. */
typedef struct js_store_doctext {
    js_buf row;
    js_buf rows[JS_T_N];
    char *key; /* g_malloc'ed */
    bool has_year;
    int year;         /* when has_year */
    const char *ytbl; /* its count row's tbl in year_sums (js_year_docs_key) */
    int64_t nfacts;   /* the facts stored (each key once) */
} js_store_doctext;
int js_store_doc_text(js_store *s, const js_store_docinfo *info, const js_doc *doc,
                      const js_findings *f, const js_store_prep *P, js_store_doctext *out,
                      js_err *err);

/* A PostgreSQL batch (batch.c): keep a document till the flush (*dup when its
 * hash waits already; flushes when the batch is full); store the documents
 * waiting (one transaction; JS_OK when none); free what is kept. */
int js_store_pend_add(js_store *s, const js_store_docinfo *info, const js_doc *doc,
                      const js_findings *f, const js_store_prep *P, bool *dup, js_err *err);
int js_store_pend_flush(js_store *s, js_err *err);
void js_store_pend_free(js_store *s);
/* A SQLite batch (batch.c): write the roll-up sums its documents changed, once
 * per key (JS_EINPUT when a row's check value fails); free them. */
int js_store_sums_flush(js_store *s, js_err *err);
/* What a SQLite batch keeps of its sums (s->sums): each key (year \x1f region \x1f tbl
 * \x1f row_key \x1f col_key) once with its value and units added (int64_t[2]), keys and
 * sums in the arena, freed at once with the batch; oom: the commit must fail. */
typedef struct js_sums_acc {
    struct _GHashTable *h;
    js_arena *a;
    bool oom;
} js_sums_acc;
/* Add v, u to the sums of key in acc (key copied into its arena when new; out of
 * memory sets acc->oom) (batch.c). */
void js_sums_acc_add(js_sums_acc *acc, const char *key, int64_t v, int64_t u);
/* A document superseded by a batch's (or a SQLite savepoint's) document taken out of the
 * sums, one piece for both backends (batch.c): its count row (year \x1f region \x1f tbl
 * '#' or 'Y#' \x1f \x1f: -nfacts, -1) and each of its facts (-value, -1) handed to add as
 * verify.c reads them — verified against their checksum: a damaged value must not move
 * into the sums under a good check value; add's work is void when this fails (JS_EINPUT).
 * A NULL key given to add: out of memory. Nothing is handed on for a document with no year. */
typedef void (*js_sums_add_fn)(void *ud, const char *key, int64_t v, int64_t u);
int js_sums_take_out(js_store *s, int64_t id, js_sums_add_fn add, void *ud, js_err *err);
void js_store_sums_free(js_store *s);

/* s as a field of COPY text (\\, tab, newline and carriage return escaped) into b (put.c). */
void js_store_copy_text(js_buf *b, const char *s);

/* qsort comparison of two C strings held by pointer (an array of const char *). */
static inline int js_strp_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

#endif
