/*
 * store.c - the backend-independent part of store.h: choosing a backend,
 * hashing, storing one document in one transaction, listings and export.
 * Everything here goes through js_store_ops.query with portable SQL.
 */
#include "juesuan/budget.h"
#include "juesuan/facts.h"
#include "juesuan/store.h"
#include "store_impl.h"

#include <sodium.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

js_sval js_sval_int(int64_t i)
{
    js_sval v = {JS_SVAL_INT, i, NULL};
    return v;
}

js_sval js_sval_text(const char *s)
{
    js_sval v = {s ? JS_SVAL_TEXT : JS_SVAL_NULL, 0, s};
    return v;
}

int js_store_open(const char *target, js_store **out, js_err *err)
{
    return js_store_open_flags(target, 0, out, err);
}

int js_store_open_flags(const char *target, int flags, js_store **out, js_err *err)
{
    *out = NULL;
    if (!target || !*target) return js_err_set(err, JS_EUSAGE, "no database named");
    int rc;
    if (js_startswith(target, "postgres://") || js_startswith(target, "postgresql://"))
        rc = js_store_pg_open(target, flags, out, err);
    else
        rc = js_store_sqlite_open_flags(target, flags, out, err);
    if (rc == JS_OK) (*out)->batch = -1;
    return rc;
}

int js_store_batch_begin(js_store *s, js_err *err)
{
    if (s->batch >= 0) return JS_OK;
    if (s->ops->copy) { /* PostgreSQL: the documents wait for the flush (put.c) */
        s->batch = 0;
        return JS_OK;
    }
    int rc = s->ops->begin(s, err);
    if (rc == JS_OK) s->batch = 0;
    return rc;
}

int js_store_batch_commit(js_store *s, js_err *err)
{
    if (s->batch < 0) return JS_OK;
    int n = s->batch;
    s->batch = -1;
    if (s->ops->copy) return js_store_pend_flush(s, err);
    int rc = js_store_sums_flush(s, err); /* the batch's roll-up sums, once per key */
    if (rc == JS_OK) rc = s->ops->commit(s, err);
    if (rc != JS_OK) {
        s->ops->rollback(s, NULL);
        return rc;
    }
    s->nstored += n;
    return JS_OK;
}

void js_store_close(js_store *s)
{
    if (!s) return;
    js_store_pend_free(s); /* a batch never committed is not stored */
    js_store_sums_free(s);
    js_bforms_free(s->forms);
    s->ops->close(s);
}

void js_sha256_hex(const void *data, size_t n, char hex[65])
{
    /* libsodium (linked for the password hashes) does the hashing */
    unsigned char sum[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(sum, data, n);
    sodium_bin2hex(hex, 65, sum, sizeof sum);
}

int js_store_query(js_store *s, const char *sql, const js_sval *params, int nparams,
                   js_store_row_fn fn, void *ud, js_err *err)
{
    return s->ops->query(s, sql, params, nparams, fn, ud, err);
}

static int first_int(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    if (ncols > 0 && v[0].type == JS_SVAL_INT) *(int64_t *)ud = v[0].i;
    return 1;
}

int js_store_find_hash(js_store *s, const char *hash, int64_t *id, js_err *err)
{
    static const char sql[] = "SELECT id FROM documents WHERE hash = ?1";
    *id = 0;
    js_sval p = js_sval_text(hash);
    return s->ops->query(s, sql, &p, 1, first_int, id, err);
}

typedef struct resolve_st {
    int64_t id;
    int n;
} resolve_st;

static int resolve_row(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    resolve_st *r = ud;
    if (ncols > 0 && v[0].type == JS_SVAL_INT) r->id = v[0].i;
    r->n++;
    return r->n > 1;
}

int js_store_resolve(js_store *s, const char *ref, int64_t *id, js_err *err)
{
    *id = 0;
    size_t n = strlen(ref);
    bool digits = n > 0 && n <= 18, hex = n >= 4 && n <= 64;
    for (size_t i = 0; i < n; i++) {
        char c = ref[i];
        if (c < '0' || c > '9') digits = false;
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            hex = false;
    }
    resolve_st r = {0, 0};
    int rc;
    if (digits) {
        static const char sql[] = "SELECT id FROM documents WHERE id = ?1";
        js_sval p = js_sval_int(strtoll(ref, NULL, 10));
        rc = s->ops->query(s, sql, &p, 1, resolve_row, &r, err);
        if (rc != JS_OK) return rc;
        if (r.n == 1) {
            *id = r.id;
            return JS_OK;
        }
    }
    if (!hex)
        return js_err_set(err, JS_EUSAGE,
                          "no document %s (give an id or a hash prefix of "
                          "at least 4 hex digits)",
                          ref);
    char low[65];
    for (size_t i = 0; i <= n; i++)
        low[i] = (char)((ref[i] >= 'A' && ref[i] <= 'F') ? ref[i] - 'A' + 'a' : ref[i]);
    static const char sql[] = "SELECT id FROM documents WHERE substr(hash, 1, ?2) = ?1 LIMIT 2";
    js_sval p[2] = {js_sval_text(low), js_sval_int((int64_t)n)};
    r.n = 0;
    rc = s->ops->query(s, sql, p, 2, resolve_row, &r, err);
    if (rc != JS_OK) return rc;
    if (r.n == 0) return js_err_set(err, JS_EUSAGE, "no document %s", ref);
    if (r.n > 1)
        return js_err_set(err, JS_EUSAGE,
                          "%s matches several documents: give more of "
                          "the hash",
                          ref);
    *id = r.id;
    return JS_OK;
}

/* ---- result tables from queries ---------------------------------------- */

typedef struct qt_st {
    js_rtable *t;
    js_err *err;
    int rc;
} qt_st;

static int qt_row(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    qt_st *q = ud;
    if (q->t->ncols == 0) {
        q->rc = js_rtable_init(q->t, ncols, names, q->err);
        if (q->rc != JS_OK) return 1;
    }
    const char *cells[64];
    char nums[64][24];
    for (int c = 0; c < ncols && c < 64; c++) {
        if (v[c].type == JS_SVAL_INT) {
            snprintf(nums[c], sizeof nums[c], "%lld", (long long)v[c].i);
            cells[c] = nums[c];
            q->t->right[c] = true;
        } else {
            cells[c] = v[c].s;
        }
    }
    q->rc = js_rtable_add(q->t, cells, q->err);
    return q->rc != JS_OK;
}

int js_store_query_table(js_store *s, const char *sql, const js_sval *params, int nparams,
                         js_rtable *out, js_err *err)
{
    qt_st q = {out, err, JS_OK};
    int rc = s->ops->query(s, sql, params, nparams, qt_row, &q, err);
    return rc != JS_OK ? rc : q.rc;
}

const char *js_store_wan(int64_t fen, char *buf, size_t size)
{
    return js_amount_fmt_wan(fen, buf, size);
}

int js_store_list(js_store *s, js_rtable *out, js_err *err)
{
    static const char sql[] =
        "SELECT id, substr(hash, 1, 12) AS hash, dept, year, region, form, nfacts AS facts, "
        "CASE WHEN checked = 1 THEN CAST(nerrors AS TEXT) || '/' || CAST(nwarnings AS TEXT) "
        "|| '/' || CAST(nnotices AS TEXT) ELSE 'not checked' END AS \"findings e/w/n\", path "
        "FROM documents ORDER BY id";
    static const char *const cols[] = {"id",   "hash",  "dept",           "year", "region",
                                       "form", "facts", "findings e/w/n", "path"};
    int rc = js_store_verify(s, 0, JS_VERIFY_ROW, err);
    if (rc == JS_OK) rc = js_rtable_init(out, 9, cols, err);
    if (rc != JS_OK) return rc;
    out->right[0] = out->right[3] = out->right[6] = true;
    return js_store_query_table(s, sql, NULL, 0, out, err);
}

typedef struct kv_st {
    js_rtable *t;
    js_err *err;
    int rc;
} kv_st;

static int kv_row(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    kv_st *k = ud;
    for (int c = 0; c < ncols && k->rc == JS_OK; c++) {
        char num[32];
        const char *val = v[c].s;
        if (v[c].type == JS_SVAL_INT) {
            snprintf(num, sizeof num, "%lld", (long long)v[c].i);
            val = num;
        }
        if (v[c].type == JS_SVAL_INT &&
            (!strcmp(names[c], "sangong") || !strcmp(names[c], "jiguan") ||
             !strcmp(names[c], "staff") || !strcmp(names[c], "office")))
            val = js_amount_fmt_wan(v[c].i, num, sizeof num);
        const char *cells[2] = {names[c], val};
        k->rc = js_rtable_add(k->t, cells, k->err);
    }
    return 1;
}

int js_store_show(js_store *s, int64_t id, js_rtable *meta, js_rtable *findings, js_err *err)
{
    static const char meta_sql[] =
        "SELECT id, hash, path, bytes, dept, year, region, form, unit, npages, nlines, ntables, "
        "nfacts, nsections, nparas, checked, check_note, nerrors, nwarnings, nnotices, "
        "sangong, jiguan, jiguan_src, staff, office, region_src, current, loaded_at "
        "FROM documents WHERE id = ?1";
    static const char find_sql[] =
        "SELECT seq, severity, rule, tbl AS \"table\", row_key AS row, col_key AS \"column\", "
        "section, line, page, stated, expected, message FROM findings WHERE doc_id = ?1 "
        "ORDER BY seq";
    static const char *const kcols[] = {"field", "value"};
    int rc = js_store_verify(s, id, JS_VERIFY_ROW | JS_VERIFY_FINDINGS, err);
    if (rc == JS_OK) rc = js_rtable_init(meta, 2, kcols, err);
    if (rc != JS_OK) return rc;
    kv_st k = {meta, err, JS_OK};
    js_sval p = js_sval_int(id);
    rc = s->ops->query(s, meta_sql, &p, 1, kv_row, &k, err);
    if (rc == JS_OK) rc = k.rc;
    if (rc != JS_OK) return rc;
    if (meta->nrows == 0) return js_err_set(err, JS_EUSAGE, "no document %lld", (long long)id);
    static const char *const fcols[] = {"seq",  "severity", "rule",     "table",
                                        "row",  "column",   "section",  "line",
                                        "page", "stated",   "expected", "message"};
    rc = js_rtable_init(findings, 12, fcols, err);
    if (rc != JS_OK) return rc;
    return js_store_query_table(s, find_sql, &p, 1, findings, err);
}

/* ---- export -------------------------------------------------------------- */

typedef struct ex_st {
    int format;
    js_sink_fn sink;
    void *ud;
    js_buf buf;
    long long nrows;
    js_xsheet *xs;     /* XLSX: export_xlsx.c */
    js_label_fn label; /* column names of CSV/XLSX; NULL: the keys */
    js_catalog *cat;   /* facts as CSV/XLSX: the 科目名称 beside the row (export_names.c) */
    js_err *err;
    int rc;
} ex_st;

static const char *ex_name(const ex_st *e, const char *key)
{
    const char *l = e->label ? e->label(key) : NULL;
    return l ? l : key;
}

static int ex_flush(ex_st *e, bool force)
{
    if (e->buf.oom) {
        e->rc = js_err_set(e->err, JS_EINTERNAL, "out of memory");
        return 1;
    }
    if (e->buf.len && (force || e->buf.len > 1 << 16)) {
        if (e->sink(e->ud, e->buf.data, e->buf.len) != 0) {
            e->rc = js_err_set(e->err, JS_EINTERNAL, "writing the export failed");
            return 1;
        }
        e->buf.len = 0;
    }
    return 0;
}

static int ex_row(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    ex_st *e = ud;
    js_sval nv[41];
    const char *nn[41];
    int m = e->cat ? js_export_with_name(ncols, v, names, e->cat, nv, nn, 41) : -1;
    if (m > 0) {
        ncols = m;
        v = nv;
        names = nn;
    }
    js_sval w[41]; /* CSV/XLSX: the words of severity and kind labelled as the column names */
    if (e->label && e->format != JS_EXPORT_JSON && ncols <= (int)(sizeof w / sizeof w[0])) {
        for (int c = 0; c < ncols; c++) {
            w[c] = v[c];
            if (v[c].type == JS_SVAL_TEXT && v[c].s &&
                (!strcmp(names[c], "severity") || !strcmp(names[c], "kind")))
                w[c].s = ex_name(e, v[c].s);
        }
        v = w;
    }
    if (e->format == JS_EXPORT_CSV) {
        if (e->nrows == 0) {
            for (int c = 0; c < ncols; c++) {
                if (c) js_buf_putc(&e->buf, ',');
                js_csv_field(&e->buf, ex_name(e, names[c]));
            }
            js_buf_puts(&e->buf, "\r\n");
        }
        for (int c = 0; c < ncols; c++) {
            if (c) js_buf_putc(&e->buf, ',');
            if (v[c].type == JS_SVAL_INT)
                js_buf_printf(&e->buf, "%lld", (long long)v[c].i);
            else
                js_csv_field(&e->buf, v[c].s);
        }
        js_buf_puts(&e->buf, "\r\n");
    } else if (e->format == JS_EXPORT_JSON) {
        json_t *o = json_object();
        for (int c = 0; o && c < ncols; c++) {
            json_t *x = v[c].type == JS_SVAL_INT    ? json_integer(v[c].i)
                        : v[c].type == JS_SVAL_TEXT ? json_string(v[c].s)
                                                    : json_null();
            json_object_set_new(o, names[c], x ? x : json_null());
        }
        char *txt = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
        json_decref(o);
        if (!txt) {
            e->rc = js_err_set(e->err, JS_EINTERNAL, "encoding a row as JSON failed");
            return 1;
        }
        js_buf_puts(&e->buf, e->nrows ? ",\n" : "[\n");
        js_buf_puts(&e->buf, txt);
        free(txt);
    } else {
        const char *hdr[41]; /* the header row's names (labels) */
        bool own = e->nrows == 0 && e->label && ncols <= (int)(sizeof hdr / sizeof hdr[0]);
        for (int c = 0; own && c < ncols; c++)
            hdr[c] = ex_name(e, names[c]);
        e->rc = js_xsheet_row(e->xs, e->nrows, ncols, v, names, own ? hdr : names, e->err);
        if (e->rc != JS_OK) return 1;
    }
    e->nrows++;
    return ex_flush(e, false);
}

int js_store_export(js_store *s, int what, int format, js_sink_fn sink, void *ud, const char *path,
                    js_err *err)
{
    return js_store_export_labeled(s, what, format, NULL, sink, ud, path, err);
}

int js_store_export_labeled(js_store *s, int what, int format, js_label_fn label, js_sink_fn sink,
                            void *ud, const char *path, js_err *err)
{
    static const char facts_sql[] =
        "SELECT d.id AS doc, substr(d.hash, 1, 12) AS hash, d.dept, d.year, d.region, "
        "f.tbl AS \"table\", f.row_key AS row, f.col_key AS \"column\", f.wan AS value, "
        "f.value AS fen, f.line, f.page FROM facts f JOIN documents d ON d.id = f.doc_id "
        "ORDER BY f.doc_id, f.tbl, f.row_key, f.col_key";
    static const char findings_sql[] =
        "SELECT d.id AS doc, substr(d.hash, 1, 12) AS hash, d.dept, d.year, f.seq, f.rule, "
        "f.kind, f.severity, f.tbl AS \"table\", f.row_key AS row, f.col_key AS \"column\", "
        "f.section, f.line, f.page, f.stated, f.expected, f.message FROM findings f "
        "JOIN documents d ON d.id = f.doc_id ORDER BY f.doc_id, f.seq";
    static const char docs_sql[] =
        "SELECT id AS doc, hash, path, bytes, dept, year, region, form, unit, npages, nlines, "
        "ntables, nfacts, checked, check_note, nerrors, nwarnings, nnotices, loaded_at "
        "FROM documents ORDER BY id";
    const char *sql = what == JS_EXPORT_FINDINGS    ? findings_sql
                      : what == JS_EXPORT_DOCUMENTS ? docs_sql
                                                    : facts_sql;
    /* every value is verified against its checksum before any is written */
    int vrc = js_store_verify(s, 0,
                              JS_VERIFY_ROW | (what == JS_EXPORT_FACTS      ? JS_VERIFY_FACTS
                                               : what == JS_EXPORT_FINDINGS ? JS_VERIFY_FINDINGS
                                                                            : 0),
                              err);
    if (vrc != JS_OK) return vrc;
    ex_st e;
    memset(&e, 0, sizeof e);
    e.format = format;
    e.label = label;
    e.sink = sink;
    e.ud = ud;
    e.err = err;
    js_buf_init(&e.buf);
    if (format == JS_EXPORT_XLSX) {
        if (!path) return js_err_set(err, JS_EUSAGE, "XLSX export needs an output file");
        const char *sheet = what == JS_EXPORT_FINDINGS    ? "findings"
                            : what == JS_EXPORT_DOCUMENTS ? "documents"
                                                          : "facts";
        char sk[32];
        snprintf(sk, sizeof sk, "sheet:%s", sheet);
        const char *l = label ? label(sk) : NULL;
        if (l && strcmp(l, sk)) sheet = l; /* the sheet named in the user's language */
        int xrc = js_xsheet_open(path, sheet, &e.xs, err);
        if (xrc != JS_OK) return xrc;
    } else if (!sink) {
        return js_err_set(err, JS_EUSAGE, "no output for the export");
    }
    if (what == JS_EXPORT_FACTS && format != JS_EXPORT_JSON) {
        e.cat = js_catalog_new(err);
        if (!e.cat) {
            if (e.xs) js_xsheet_close(e.xs, path, JS_EINTERNAL, err);
            return err ? err->status : JS_EINTERNAL;
        }
    }
    int rc = s->ops->query(s, sql, NULL, 0, ex_row, &e, err);
    if (rc == JS_OK) rc = e.rc;
    if (rc == JS_OK && format == JS_EXPORT_JSON) {
        js_buf_puts(&e.buf, e.nrows ? "\n]\n" : "[]\n");
    }
    if (rc == JS_OK && format != JS_EXPORT_XLSX && ex_flush(&e, true)) rc = e.rc;
    if (e.xs) rc = js_xsheet_close(e.xs, path, rc, err);
    js_catalog_free(e.cat);
    js_buf_release(&e.buf);
    return rc;
}
