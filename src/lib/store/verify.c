/*
 * verify.c - a damaged database (issue #16): the checksums put.c stores with
 * each document (docsum over its row, factsum over its facts, findsum over its
 * findings) recomputed from what is read back, before it is shown; and
 * js_store_check, which looks at everything: the engine's own check (SQLite
 * integrity_check), every checksum, the counts, the roll-up sums. The text
 * the checksums are taken over is written here too (js_store_canon).
 *
 * A mismatch is JS_EINPUT, "the database is damaged", the same status SQLite's
 * own corruption errors get (sqlite.c): a damaged value is never shown as if
 * it were good. Documents stored before checksums existed (schema version 1,
 * docsum NULL) cannot be verified and are let through; db check counts them.
 */
#include "juesuan/store.h"
#include "store_impl.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The row's text is gathered in buf and hashed by one update per 512 bytes
 * (an update of each value and separator cost more than the hashing). */
typedef struct canon_buf {
    crypto_hash_sha256_state *h;
    unsigned char b[512];
    size_t n;
} canon_buf;

static void canon_put(canon_buf *c, const void *data, size_t n)
{
    if (c->n + n > sizeof c->b) {
        crypto_hash_sha256_update(c->h, c->b, c->n);
        c->n = 0;
        if (n > sizeof c->b) {
            crypto_hash_sha256_update(c->h, data, n);
            return;
        }
    }
    memcpy(c->b + c->n, data, n);
    c->n += n;
}

void js_store_canon(void *checksum, const js_sval *v, int n)
{
    canon_buf c;
    c.h = checksum;
    c.n = 0;
    char num[24];
    for (int i = 0; i < n; i++) {
        if (i) canon_put(&c, "\x1f", 1);
        const char *s = v[i].s;
        if (v[i].type == JS_SVAL_BLOB)
            canon_put(&c, s, (size_t)v[i].i);
        else if (v[i].type == JS_SVAL_NULL)
            canon_put(&c, "\\N", 2);
        else if (v[i].type == JS_SVAL_INT)
            canon_put(&c, num, (size_t)js_i64_text(v[i].i, num));
        else
            canon_put(&c, s, strlen(s));
    }
    canon_put(&c, "\n", 1);
    crypto_hash_sha256_update(c.h, c.b, c.n);
}

void js_store_sum_hex(void *checksum, char hex[65])
{
    unsigned char sum[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(checksum, sum);
    sodium_bin2hex(hex, 65, sum, sizeof sum);
    crypto_hash_sha256_init(checksum); /* ready for the next sum */
}

typedef struct vscan {
    const char *what; /* "row", "facts", "findings" */
    int ncanon;       /* values after the id that the checksum covers */
    crypto_hash_sha256_state *h;
    int64_t cur;
    bool have, unsummed;
    char want[65];
    int64_t nbad, nrows, nodocsum;
    int64_t bad_id;
    js_rtable *out; /* collect every problem here (db check); NULL: stop at the first */
    js_err *err;
    int rc;
    js_store_row_fn each; /* also given each row's covered values (NULL: none) */
    void *each_ud;
} vscan;

static void problem(vscan *v, int64_t id, const char *detail)
{
    v->nbad++;
    if (!v->bad_id) v->bad_id = id;
    if (!v->out) return;
    char ids[24];
    snprintf(ids, sizeof ids, "%lld", (long long)id);
    const char *cells[3] = {v->what, ids, detail};
    if (v->rc == JS_OK) v->rc = js_rtable_add(v->out, cells, v->err);
}

static void finish(vscan *v)
{
    if (!v->have) return;
    v->have = false;
    if (v->unsummed) return;
    char got[65];
    js_store_sum_hex(v->h, got);
    if (strcmp(got, v->want) != 0) problem(v, v->cur, "does not match its checksum");
}

/* Rows: id, the ncanon covered values, the stored checksum. */
static int scan_row(void *ud, int ncols, const js_sval *x, const char *const *names)
{
    vscan *v = ud;
    if (ncols != v->ncanon + 2) {
        v->rc = js_err_set(v->err, JS_EINTERNAL, "verify: %d columns", ncols);
        return 1;
    }
    int64_t id = x[0].type == JS_SVAL_INT ? x[0].i : -1;
    if (!v->have || id != v->cur) {
        finish(v);
        v->have = true;
        v->cur = id;
        crypto_hash_sha256_init(v->h);
        const js_sval *sum = &x[ncols - 1];
        v->unsummed = sum->type != JS_SVAL_TEXT;
        if (v->unsummed && !strcmp(v->what, "row")) v->nodocsum++;
        snprintf(v->want, sizeof v->want, "%s", v->unsummed ? "" : sum->s);
    }
    v->nrows++;
    js_store_canon(v->h, x + 1, v->ncanon);
    if (v->each && v->each(v->each_ud, v->ncanon, x + 1, names + 1) != 0) return 1;
    return v->out == NULL && v->nbad > 0;
}

#define FACT_COLS "f.tbl, f.row_key, f.col_key, f.value, f.wan, f.line, f.page"
#define FIND_COLS                                                                                  \
    "f.seq, f.rule, f.kind, f.severity, f.tbl, f.row_key, f.col_key, f.section, f.line, f.page, "  \
    "f.stated, f.expected, f.message"

static const char row_one[] = "SELECT id, " JS_DOCSUM_COLS ", docsum FROM documents WHERE id = ?1";
static const char row_all[] = "SELECT id, " JS_DOCSUM_COLS ", docsum FROM documents ORDER BY id";
static const char facts_one[] =
    "SELECT f.doc_id, " FACT_COLS ", d.factsum FROM facts f JOIN documents d ON d.id = f.doc_id "
    "WHERE f.doc_id = ?1 ORDER BY f.tbl, f.row_key, f.col_key";
static const char facts_all[] =
    "SELECT f.doc_id, " FACT_COLS ", d.factsum FROM facts f JOIN documents d ON d.id = f.doc_id "
    "ORDER BY f.doc_id, f.tbl, f.row_key, f.col_key";
static const char find_one[] =
    "SELECT f.doc_id, " FIND_COLS ", d.findsum FROM findings f JOIN documents d ON d.id = "
    "f.doc_id WHERE f.doc_id = ?1 ORDER BY f.seq";
static const char find_all[] =
    "SELECT f.doc_id, " FIND_COLS ", d.findsum FROM findings f JOIN documents d ON d.id = "
    "f.doc_id ORDER BY f.doc_id, f.seq";
/* a document none of whose facts / findings are left, though its checksum has some */
static const char sums_one[] = "SELECT factsum, findsum FROM documents WHERE id = ?1";

typedef struct empty_sums {
    char fact[65], find[65];
    bool got;
} empty_sums;

static int empty_row(void *ud, int ncols, const js_sval *x, const char *const *names)
{
    (void)names;
    empty_sums *e = ud;
    e->got = true;
    if (ncols == 2) {
        snprintf(e->fact, sizeof e->fact, "%s", x[0].type == JS_SVAL_TEXT ? x[0].s : "");
        snprintf(e->find, sizeof e->find, "%s", x[1].type == JS_SVAL_TEXT ? x[1].s : "");
    }
    return 1;
}

static int run_scan(js_store *s, vscan *v, const char *sql, int64_t id, js_err *err)
{
    js_sval p = js_sval_int(id);
    v->have = false;
    v->nrows = 0;
    int rc = js_store_query(s, sql, &p, id ? 1 : 0, scan_row, v, err);
    if (rc == JS_OK) rc = v->rc;
    if (rc == JS_OK) finish(v);
    return rc;
}

/* One document with no facts or findings rows left: the stored checksum must be of nothing. */
static int check_empty(js_store *s, vscan *v, int64_t id, bool facts, js_err *err)
{
    empty_sums e;
    memset(&e, 0, sizeof e);
    js_sval p = js_sval_int(id);
    int rc = js_store_query(s, sums_one, &p, 1, empty_row, &e, err);
    if (rc != JS_OK || !e.got) return rc;
    const char *want = facts ? e.fact : e.find;
    crypto_hash_sha256_init(v->h);
    char none[65];
    js_store_sum_hex(v->h, none);
    if (want[0] && strcmp(want, none) != 0) problem(v, id, "rows are missing");
    return JS_OK;
}

static int verify_each(js_store *s, int64_t id, int kind, js_rtable *out, int64_t *nbad,
                       int64_t *nodocsum, js_store_row_fn each, void *each_ud, js_err *err)
{
    vscan v;
    memset(&v, 0, sizeof v);
    v.out = out;
    v.err = err;
    v.each = each;
    v.each_ud = each_ud;
    crypto_hash_sha256_state hs;
    crypto_hash_sha256_init(&hs);
    v.h = &hs;
    const char *sql;
    if (kind == JS_VERIFY_ROW) {
        v.what = "row";
        v.ncanon = 28;
        sql = id ? row_one : row_all;
    } else if (kind == JS_VERIFY_FACTS) {
        v.what = "facts";
        v.ncanon = 7;
        sql = id ? facts_one : facts_all;
    } else {
        v.what = "findings";
        v.ncanon = 13;
        sql = id ? find_one : find_all;
    }
    int rc = run_scan(s, &v, sql, id, err);
    if (rc == JS_OK && id && v.nrows == 0 && kind != JS_VERIFY_ROW)
        rc = check_empty(s, &v, id, kind == JS_VERIFY_FACTS, err);
    if (rc == JS_OK && v.rc != JS_OK) rc = v.rc;
    if (rc == JS_OK && v.nbad && !out)
        rc = js_err_set(err, JS_EINPUT,
                        "%s: the database is damaged: document %lld: its %s %s (juesuan db "
                        "check lists every problem)",
                        s->path, (long long)v.bad_id, v.what,
                        kind == JS_VERIFY_ROW ? "does not match its checksum"
                                              : "do not match their checksum");
    if (nbad) *nbad += v.nbad;
    if (nodocsum) *nodocsum += v.nodocsum;
    return rc;
}

static int verify_kind(js_store *s, int64_t id, int kind, js_rtable *out, int64_t *nbad,
                       int64_t *nodocsum, js_err *err)
{
    return verify_each(s, id, kind, out, nbad, nodocsum, NULL, NULL, err);
}

int js_store_verify_facts_each(js_store *s, int64_t id, js_store_row_fn fn, void *ud, js_err *err)
{
    return verify_each(s, id, JS_VERIFY_FACTS, NULL, NULL, NULL, fn, ud, err);
}

int js_store_verify(js_store *s, int64_t id, int what, js_err *err)
{
    int rc = JS_OK;
    for (int k = JS_VERIFY_ROW; k <= JS_VERIFY_FINDINGS && rc == JS_OK; k <<= 1)
        if (what & k) rc = verify_kind(s, id, k, NULL, NULL, NULL, err);
    return rc;
}

int js_store_verify_doc(js_store *s, int64_t id, js_err *err)
{
    return js_store_verify(s, id, JS_VERIFY_ALL, err);
}

/* ---- doc_tables: the budget tables by role (chk: js_store_tables_chk) ---------- */

static int tables_row(void *ud, int ncols, const js_sval *x, const char *const *names)
{
    (void)names;
    vscan *v = ud;
    if (ncols != 5) return 1;
    const char *t[4];
    for (int i = 0; i < 4; i++)
        t[i] = x[i + 1].type == JS_SVAL_TEXT ? x[i + 1].s : NULL;
    char want[17];
    js_store_tables_chk(t[0], t[1], t[2], want);
    v->nrows++;
    if (!t[3] || strcmp(t[3], want) != 0)
        problem(v, x[0].type == JS_SVAL_INT ? x[0].i : 0, "does not match its check value");
    return v->out == NULL && v->nbad > 0;
}

static int verify_tables(js_store *s, int64_t id, js_rtable *out, int64_t *nbad, js_err *err)
{
    static const char one[] = "SELECT doc_id, tbl, role, title, chk FROM doc_tables WHERE doc_id "
                              "= ?1 ORDER BY tbl";
    static const char all[] = "SELECT doc_id, tbl, role, title, chk FROM doc_tables ORDER BY "
                              "doc_id, tbl";
    vscan v;
    memset(&v, 0, sizeof v);
    v.what = "tables";
    v.out = out;
    v.err = err;
    js_sval p = js_sval_int(id);
    int rc = js_store_query(s, id ? one : all, &p, id ? 1 : 0, tables_row, &v, err);
    if (rc == JS_OK) rc = v.rc;
    if (rc == JS_OK && v.nbad && !out)
        rc = js_err_set(err, JS_EINPUT,
                        "%s: the database is damaged: document %lld: its tables (doc_tables) do "
                        "not match their check values (juesuan db check lists every problem)",
                        s->path, (long long)v.bad_id);
    if (nbad) *nbad += v.nbad;
    return rc;
}

int js_store_verify_tables(js_store *s, int64_t id, js_err *err)
{
    return verify_tables(s, id, NULL, NULL, err);
}

/* ---- db check ------------------------------------------------------------------ */

typedef struct chk {
    js_rtable *out;
    int64_t nbad;
    js_err *err;
    int rc;
    const char *what;
} chk;

/* Rows of a problem query: the first column is a document id or a detail. */
static int chk_row(void *ud, int ncols, const js_sval *x, const char *const *names)
{
    (void)names;
    chk *c = ud;
    char a[32] = "", b[200] = "";
    if (ncols > 0 && x[0].type == JS_SVAL_INT) snprintf(a, sizeof a, "%lld", (long long)x[0].i);
    if (ncols > 0 && x[0].type == JS_SVAL_TEXT) snprintf(b, sizeof b, "%s", x[0].s);
    if (ncols > 1 && x[1].type == JS_SVAL_TEXT) snprintf(b, sizeof b, "%s", x[1].s);
    if (!strcmp(b, "ok")) return 0; /* integrity_check's all-well */
    c->nbad++;
    const char *cells[3] = {c->what, a, b};
    c->rc = js_rtable_add(c->out, cells, c->err);
    return c->rc != JS_OK;
}

/* A step that could not run (the engine reports damage) is itself a problem. */
static int chk_step(js_store *s, chk *c, const char *what, const char *sql)
{
    js_err e;
    js_err_clear(&e);
    c->what = what;
    int rc = js_store_query(s, sql, NULL, 0, chk_row, c, &e);
    if (rc == JS_OK) return c->rc;
    if (rc != JS_EINPUT) {
        *c->err = e;
        return rc;
    }
    c->nbad++;
    const char *cells[3] = {what, "", e.msg};
    return js_rtable_add(c->out, cells, c->err);
}

int js_store_check(js_store *s, js_rtable *out, int *nbad, js_err *err)
{
    static const char *const cols[] = {"check", "document", "problem"};
    static const char counts_sql[] =
        "SELECT id, 'facts ' || CAST(nfacts AS TEXT) || ', stored ' || CAST((SELECT COUNT(*) "
        "FROM facts WHERE doc_id = d.id) AS TEXT) FROM documents d WHERE nfacts <> (SELECT "
        "COUNT(*) FROM facts WHERE doc_id = d.id) UNION ALL "
        "SELECT id, 'findings ' || CAST(nerrors + nwarnings + nnotices AS TEXT) || ', stored ' "
        "|| CAST((SELECT COUNT(*) FROM findings WHERE doc_id = d.id) AS TEXT) FROM documents d "
        "WHERE checked = 1 AND nerrors + nwarnings + nnotices <> (SELECT COUNT(*) FROM findings "
        "WHERE doc_id = d.id) ORDER BY 1";
    /* region_sums (version 9): a row a year and region, its check value over its data */
    static const char chk_sql[] =
        "SELECT 'year ' || CAST(year AS TEXT) || ' region ' || region || ': the sums do not "
        "match their check value' FROM region_sums WHERE " JS_RSUMS_OK " = 0 LIMIT 100";
    static const char year_chk_sql[] =
        "SELECT 'year ' || CAST(year AS TEXT) || ': ' || tbl || ' ' || row_key || ' ' || col_key "
        "|| ' does not match its check value' FROM year_sums WHERE chk IS NOT NULL AND chk "
        "<> " JS_YEAR_CHK(JS_SUMS_CHK, "year", "tbl", "row_key", "col_key", "value",
                          "units") " LIMIT 100";
    *nbad = 0;
    int rc = js_rtable_init(out, 3, cols, err);
    if (rc != JS_OK) return rc;
    chk c = {out, 0, err, JS_OK, NULL};
    if (!strcmp(s->ops->name, "sqlite"))
        rc = chk_step(s, &c, "integrity", "PRAGMA integrity_check(100)");
    int64_t bad = 0, nodocsum = 0;
    for (int k = JS_VERIFY_ROW; k <= JS_VERIFY_FINDINGS && rc == JS_OK; k <<= 1) {
        js_err e;
        js_err_clear(&e);
        rc = verify_kind(s, 0, k, out, &bad, &nodocsum, &e);
        if (rc == JS_EINPUT) { /* the scan itself hit damage */
            bad++;
            const char *cells[3] = {k == JS_VERIFY_ROW     ? "row"
                                    : k == JS_VERIFY_FACTS ? "facts"
                                                           : "findings",
                                    "", e.msg};
            rc = js_rtable_add(out, cells, err);
        } else if (rc != JS_OK) {
            *err = e;
        }
    }
    if (rc == JS_OK) {
        js_err e;
        js_err_clear(&e);
        rc = verify_tables(s, 0, out, &bad, &e);
        if (rc == JS_EINPUT) {
            bad++;
            const char *cells[3] = {"tables", "", e.msg};
            rc = js_rtable_add(out, cells, err);
        } else if (rc != JS_OK) {
            *err = e;
        }
    }
    if (rc == JS_OK) rc = chk_step(s, &c, "counts", counts_sql);
    if (rc == JS_OK) rc = chk_step(s, &c, "sums", chk_sql);
    if (rc == JS_OK) rc = chk_step(s, &c, "year sums", year_chk_sql);
    /* the sums against the facts, and year_sums against the regions' sums added: in C
     * (check_sums.c) */
    if (rc == JS_OK) rc = js_store_check_sums(s, out, &bad, err);
    *nbad = (int)(c.nbad + bad);
    if (rc == JS_OK && nodocsum)
        js_rtable_footf(out,
                        "%lld documents were stored before checksums (schema version < 3) "
                        "and could not be verified",
                        (long long)nodocsum);
    return rc;
}

int js_store_quick_check(js_store *s, js_err *err)
{
    if (strcmp(s->ops->name, "sqlite") != 0) return JS_OK;
    js_rtable t = {0};
    static const char *const cols[] = {"check", "document", "problem"};
    int rc = js_rtable_init(&t, 3, cols, err);
    chk c = {&t, 0, err, JS_OK, NULL};
    if (rc == JS_OK) rc = chk_step(s, &c, "integrity", "PRAGMA quick_check(5)");
    if (rc == JS_OK && c.nbad)
        rc = js_err_set(err, JS_EINPUT,
                        "%s: the database is damaged (%s); nothing is loaded into it (juesuan db "
                        "check lists every problem)",
                        s->path, t.nrows && t.rows[0][2] ? t.rows[0][2] : "quick_check");
    js_rtable_release(&t);
    return rc;
}
