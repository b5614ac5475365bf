/*
 * review.c - what the review page keeps beside the documents (store.h):
 * the source file's bytes, to draw its pages later, and the findings a
 * reviewer accepted. Both are keyed by the document's hash, so they apply
 * again when the same file is loaded again. Portable SQL through
 * js_store_query only, so every backend has them.
 */
#include "juesuan/store.h"
#include "store_impl.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

js_sval js_sval_blob(const void *data, size_t n)
{
    js_sval v = {data ? JS_SVAL_BLOB : JS_SVAL_NULL, (int64_t)n, data};
    return v;
}

int js_store_put_source(js_store *s, const char *hash, const char *name, const void *data, size_t n,
                        js_err *err)
{
    static const char sql[] = "INSERT INTO sources (hash, name, data) VALUES (?1, ?2, ?3) "
                              "ON CONFLICT (hash) DO NOTHING";
    js_sval p[3] = {js_sval_text(hash), js_sval_text(name), js_sval_blob(data ? data : "", n)};
    return js_store_query(s, sql, p, 3, NULL, NULL, err);
}

typedef struct src_st {
    js_buf *out;
    bool found;
} src_st;

static int src_row(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    src_st *x = ud;
    if (ncols < 1) return 1;
    if (v[0].type == JS_SVAL_BLOB || v[0].type == JS_SVAL_TEXT) {
        size_t n = v[0].type == JS_SVAL_BLOB ? (size_t)v[0].i : strlen(v[0].s);
        js_buf_append(x->out, v[0].s, n);
        x->found = true;
    }
    return 1;
}

int js_store_get_source(js_store *s, const char *hash, js_buf *out, js_err *err)
{
    static const char sql[] = "SELECT data FROM sources WHERE hash = ?1";
    js_sval p[1] = {js_sval_text(hash)};
    src_st x = {out, false};
    int rc = js_store_query(s, sql, p, 1, src_row, &x, err);
    if (rc != JS_OK) return rc;
    if (out->oom) return js_err_set(err, JS_EINTERNAL, "out of memory reading a source file");
    if (!x.found) return js_err_set(err, JS_EUSAGE, "the source file of %.64s is not kept", hash);
    return JS_OK;
}

static void base_key(const js_finding *x, char *buf, size_t size)
{
    snprintf(buf, size, "%s|%s|%s|%s|%s|%s", x->rule ? x->rule : "", x->table ? x->table : "",
             x->row ? x->row : "", x->column ? x->column : "", x->section ? x->section : "",
             x->stated ? x->stated : "");
}

void js_finding_key(const js_findings *f, int i, char *buf, size_t size)
{
    if (size == 0) return;
    buf[0] = '\0';
    if (i < 0 || i >= f->n) return;
    base_key(&f->items[i], buf, size);
    char other[1024];
    int k = 0;
    for (int j = 0; j < i; j++) {
        base_key(&f->items[j], other, sizeof other);
        if (strcmp(other, buf) == 0) k++;
    }
    size_t len = strlen(buf);
    if (k > 0 && len < size) snprintf(buf + len, size - len, "#%d", k);
}

int js_store_accept(js_store *s, const char *hash, const char *key, const char *who,
                    const char *comment, js_err *err)
{
    static const char del[] = "DELETE FROM acceptances WHERE hash = ?1 AND fkey = ?2";
    static const char ins[] =
        "INSERT INTO acceptances (hash, fkey, who, comment, at) VALUES (?1, ?2, ?3, ?4, ?5)";
    char stamp[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    js_sval p[5] = {js_sval_text(hash), js_sval_text(key), js_sval_text(who ? who : ""),
                    js_sval_text(comment ? comment : ""), js_sval_text(stamp)};
    int rc = s->ops->begin(s, err);
    if (rc != JS_OK) return rc;
    rc = js_store_query(s, del, p, 2, NULL, NULL, err);
    if (rc == JS_OK) rc = js_store_query(s, ins, p, 5, NULL, NULL, err);
    if (rc == JS_OK) rc = s->ops->commit(s, err);
    if (rc != JS_OK) s->ops->rollback(s, NULL);
    return rc;
}

int js_store_unaccept(js_store *s, const char *hash, const char *key, js_err *err)
{
    static const char del[] = "DELETE FROM acceptances WHERE hash = ?1 AND fkey = ?2";
    js_sval p[2] = {js_sval_text(hash), js_sval_text(key)};
    return js_store_query(s, del, p, 2, NULL, NULL, err);
}

typedef struct acc_st {
    js_findings *f;
    char (*keys)[1024];
    bool oom;
} acc_st;

static int acc_row(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    acc_st *a = ud;
    if (ncols < 3 || v[0].type != JS_SVAL_TEXT) return 0;
    for (int i = 0; i < a->f->n; i++) {
        if (strcmp(a->keys[i], v[0].s) != 0) continue;
        js_finding *x = &a->f->items[i];
        x->accepted_by = js_arena_strdup(a->f->arena, v[1].type == JS_SVAL_TEXT ? v[1].s : "");
        x->accepted_comment = js_arena_strdup(a->f->arena, v[2].type == JS_SVAL_TEXT ? v[2].s : "");
        if (!x->accepted_by || !x->accepted_comment) a->oom = true;
        break;
    }
    return 0;
}

int js_store_apply_accepted(js_store *s, const char *hash, js_findings *f, js_err *err)
{
    static const char sql[] = "SELECT fkey, who, comment FROM acceptances WHERE hash = ?1";
    if (f->n == 0) return JS_OK;
    if (!f->arena) {
        f->arena = js_arena_new();
        if (!f->arena) return js_err_set(err, JS_EINTERNAL, "out of memory");
    }
    char(*keys)[1024] = js_arena_calloc(f->arena, (size_t)f->n, sizeof *keys);
    if (!keys) return js_err_set(err, JS_EINTERNAL, "out of memory");
    for (int i = 0; i < f->n; i++)
        js_finding_key(f, i, keys[i], sizeof keys[i]);
    acc_st a = {f, keys, false};
    js_sval p[1] = {js_sval_text(hash)};
    int rc = js_store_query(s, sql, p, 1, acc_row, &a, err);
    if (rc == JS_OK && a.oom) rc = js_err_set(err, JS_EINTERNAL, "out of memory");
    return rc;
}

int js_store_set_counts(js_store *s, int64_t id, int errors, int warnings, int notices, js_err *err)
{
    static const char sql[] =
        "UPDATE documents SET nerrors = ?2, nwarnings = ?3, nnotices = ?4 WHERE id = ?1 "
        "AND checked = 1";
    js_sval p[4] = {js_sval_int(id), js_sval_int(errors), js_sval_int(warnings),
                    js_sval_int(notices)};
    /* the row's checksum (verify.c) follows the counts, in the same transaction */
    int rc = s->ops->begin(s, err);
    if (rc == JS_OK) rc = js_store_query(s, sql, p, 4, NULL, NULL, err);
    if (rc == JS_OK) rc = js_store_resum(s, id, err);
    if (rc == JS_OK) rc = s->ops->commit(s, err);
    if (rc != JS_OK) s->ops->rollback(s, NULL);
    return rc;
}

/* ---- docsum computed again (store_impl.h js_store_resum) ---- */

typedef struct resum_st {
    crypto_hash_sha256_state h;
    bool found;
} resum_st;

static int resum_row(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    resum_st *r = ud;
    js_store_canon(&r->h, v, ncols);
    r->found = true;
    return 1;
}

int js_store_resum(js_store *s, int64_t id, js_err *err)
{
    static const char sel[] = "SELECT " JS_DOCSUM_COLS " FROM documents WHERE id = ?1";
    static const char upd[] = "UPDATE documents SET docsum = ?2 WHERE id = ?1";
    resum_st r = {.found = false};
    crypto_hash_sha256_init(&r.h);
    js_sval p[2] = {js_sval_int(id), js_sval_text(NULL)};
    int rc = s->ops->query(s, sel, p, 1, resum_row, &r, err);
    char hex[65];
    js_store_sum_hex(&r.h, hex);
    p[1] = js_sval_text(hex);
    if (rc == JS_OK && r.found) rc = s->ops->query(s, upd, p, 2, NULL, NULL, err);
    return rc;
}
