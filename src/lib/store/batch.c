/*
 * batch.c - storing many documents in one transaction (store.h batches,
 * issue #17).
 *
 * PostgreSQL: between js_store_batch_begin and js_store_batch_commit,
 * js_store_put prepares a document's rows (COPY text, without the doc_id the
 * server has not given yet: put.c js_store_doc_text) and keeps them here; the
 * flush (at the commit, or when PEND_MAX documents wait) stores them all in
 * one transaction with a fixed number of statements whatever their count:
 * the advisory locks of their departments' years (in one order), the rows of
 * documents (COPY into a temporary table, then one INSERT … ON CONFLICT
 * (hash) DO NOTHING RETURNING id, hash), one COPY per table, one UPDATE that
 * supersedes the earlier documents of each department's year, and one upsert
 * of the roll-up sums, summed per key here first (the facts of the documents
 * superseded taken out there). A crash loses the uncommitted batch whole; a
 * batch the server aborts (deadlock between loaders) is run again; one that
 * fails otherwise is stored document by document, so only the failing
 * document is missing.
 *
 * SQLite: the documents are savepoints of the batch's transaction (put.c);
 * their changes of the roll-up sums wait in memory (s->sums) and the commit
 * writes each key once (js_store_sums_flush).
 */
#include "juesuan/store.h"
#include "store_impl.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PEND_MAX 2000 /* documents kept at most: then they are stored */
#define MAX_TRIES 8   /* a batch the server aborted (deadlock, serialization) is run again */

static GHashTable *year_keys(GHashTable *h, js_arena *a);

static int first_int(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    if (ncols > 0 && v[0].type == JS_SVAL_INT) *(int64_t *)ud = v[0].i;
    return 1;
}

/* ---- PostgreSQL --------------------------------------------------------------- */

typedef struct pdoc {
    char hash[65];
    js_store_doctext t;
    int64_t id; /* given by the flush (0: a duplicate) */
} pdoc;

typedef struct pend {
    pdoc *docs;
    int n, cap;
    GHashTable *hashes; /* hash (a copy) -> index + 1 */
    bool staged;        /* the temporary staging tables exist in this session */
    unsigned routed;    /* 1 << JS_T_x: the table has partitions on other servers */
} pend;

static void pdoc_release(pdoc *d)
{
    g_free(d->t.key);
    js_buf_release(&d->t.row);
    for (int t = 0; t < JS_T_N; t++)
        js_buf_release(&d->t.rows[t]);
}

static void pend_clear(pend *p)
{
    for (int i = 0; i < p->n; i++)
        pdoc_release(&p->docs[i]);
    p->n = 0;
    g_hash_table_remove_all(p->hashes);
}

void js_store_pend_free(js_store *s)
{
    pend *p = s->pend;
    if (!p) return;
    pend_clear(p);
    free(p->docs);
    g_hash_table_destroy(p->hashes);
    free(p);
    s->pend = NULL;
}

static pend *pend_get(js_store *s)
{
    if (!s->pend) {
        pend *p = calloc(1, sizeof *p);
        if (!p) return NULL;
        p->hashes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        s->pend = p;
    }
    return s->pend;
}

int js_store_pend_add(js_store *s, const js_store_docinfo *info, const js_doc *doc,
                      const js_findings *f, const js_store_prep *P, bool *dup, js_err *err)
{
    pend *p = pend_get(s);
    if (!p) return js_err_set(err, JS_EINTERNAL, "out of memory");
    if (g_hash_table_lookup(p->hashes, info->hash)) {
        *dup = true;
        s->ndups++;
        return JS_OK;
    }
    if (p->n == p->cap) {
        int cap = p->cap ? p->cap * 2 : 64;
        pdoc *x = realloc(p->docs, (size_t)cap * sizeof *x);
        if (!x) return js_err_set(err, JS_EINTERNAL, "out of memory");
        p->docs = x;
        p->cap = cap;
    }
    pdoc *d = &p->docs[p->n];
    memset(d, 0, sizeof *d);
    snprintf(d->hash, sizeof d->hash, "%s", info->hash);
    js_buf_init(&d->t.row);
    for (int t = 0; t < JS_T_N; t++)
        js_buf_init(&d->t.rows[t]);
    int rc = js_store_doc_text(s, info, doc, f, P, &d->t, err);
    if (rc != JS_OK) {
        pdoc_release(d);
        return rc;
    }
    g_hash_table_insert(p->hashes, g_strdup(d->hash), GINT_TO_POINTER(p->n + 1));
    p->n++;
    s->batch++;
    return p->n >= PEND_MAX ? js_store_pend_flush(s, err) : JS_OK;
}

/* An element of an array literal of PostgreSQL ('{"a","b"}'). */
static void array_text(js_buf *b, const char *s)
{
    js_buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') js_buf_putc(b, '\\');
        js_buf_putc(b, *s);
    }
    js_buf_putc(b, '"');
}

/* One flush of docs[from, to): what the statements return. */
typedef struct flush_st {
    js_store *s;
    pend *p;
    int from, to;
    int64_t *gone; /* ids the UPDATE superseded (batch's and earlier ones) */
    int ngone, capgone;
    int64_t counts[2];
    bool oom;
    js_buf a, b; /* text built for COPY and for array parameters */
} flush_st;

static int ret_inserted(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    flush_st *r = ud;
    if (ncols < 2 || v[0].type != JS_SVAL_INT || v[1].type != JS_SVAL_TEXT) return 0;
    int k = GPOINTER_TO_INT(g_hash_table_lookup(r->p->hashes, v[1].s)) - 1;
    if (k >= r->from && k < r->to) r->p->docs[k].id = v[0].i;
    return 0;
}

static int ret_gone(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    flush_st *r = ud;
    if (ncols < 1 || v[0].type != JS_SVAL_INT) return 0;
    if (r->ngone == r->capgone) {
        int cap = r->capgone ? r->capgone * 2 : 64;
        int64_t *x = realloc(r->gone, (size_t)cap * sizeof *x);
        if (!x) {
            r->oom = true;
            return 1;
        }
        r->gone = x;
        r->capgone = cap;
    }
    r->gone[r->ngone++] = v[0].i;
    return 0;
}

static int ret_counts(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    flush_st *r = ud;
    for (int i = 0; i < ncols && i < 2; i++)
        r->counts[i] = v[i].type == JS_SVAL_INT ? v[i].i : -1;
    return 1;
}

static bool is_gone(const flush_st *r, int64_t id)
{
    for (int k = 0; k < r->ngone; k++)
        if (r->gone[k] == id) return true;
    return false;
}

static bool in_batch(const flush_st *r, int64_t id)
{
    for (int i = r->from; i < r->to; i++)
        if (r->p->docs[i].id == id) return true;
    return false;
}

static int oom_check(flush_st *r, js_err *err)
{
    if (r->oom || r->a.oom || r->b.oom) return js_err_set(err, JS_EINTERNAL, "out of memory");
    return JS_OK;
}

static int ret_routed(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    pend *p = ud;
    if (ncols > 0 && v[0].type == JS_SVAL_TEXT)
        for (int t = 0; t < JS_T_N; t++)
            if (strcmp(v[0].s, js_store_t_name[t]) == 0) p->routed |= 1u << t;
    return 0;
}

/*
 * The tables with foreign partitions (postgres_fdw shards, docs/scale.md).
 * PostgreSQL 15 sends the rows COPYed into a foreign partition to its server
 * one INSERT at a time, while it sends those of an INSERT in batches of the
 * server's batch_size: their rows are COPYed into a temporary table of their
 * own and moved by one INSERT … SELECT (the coordinator's CPU, bench/db.sh).
 */
static int flush_routes(flush_st *r, js_err *err)
{
    static const char routed_sql[] =
        "SELECT DISTINCT CAST(p.relname AS text) FROM pg_catalog.pg_class p, "
        "LATERAL pg_catalog.pg_partition_tree(p.oid) AS t JOIN pg_catalog.pg_class c ON c.oid = "
        "t.relid WHERE p.relkind = 'p' AND c.relkind = 'f' AND "
        "pg_catalog.pg_table_is_visible(p.oid)";
    js_store *s = r->s;
    int rc = s->ops->query(s, routed_sql, NULL, 0, ret_routed, r->p, err);
    for (int t = 0; t < JS_T_N && rc == JS_OK; t++) {
        if (!(r->p->routed & 1u << t)) continue;
        char sql[256];
        snprintf(sql, sizeof sql,
                 "CREATE TEMP TABLE IF NOT EXISTS js_rows_%s (LIKE %s) ON COMMIT DELETE ROWS",
                 js_store_t_name[t], js_store_t_name[t]);
        rc = s->ops->query(s, sql, NULL, 0, NULL, NULL, err);
    }
    return rc;
}

/* The temporary staging tables, once per session. */
static int flush_stage(flush_st *r, js_err *err)
{
    static const char stage_sql[] =
        "CREATE TEMP TABLE IF NOT EXISTS js_stage ON COMMIT DELETE ROWS AS "
        "SELECT " JS_DOCSUM_COLS ", docsum FROM documents WITH NO DATA";
    /* the rows of year_sums of a batch, summed and in key order (flush_sums) */
    static const char known_sql[] =
        "CREATE TEMP TABLE IF NOT EXISTS js_ysums_known (n integer, y integer, t text COLLATE "
        "\"C\", rk text COLLATE \"C\", ck text COLLATE \"C\", v bigint, u bigint) ON COMMIT "
        "DELETE ROWS";
    js_store *s = r->s;
    if (r->p->staged) return JS_OK;
    int rc = s->ops->query(s, stage_sql, NULL, 0, NULL, NULL, err);
    if (rc == JS_OK) rc = s->ops->query(s, known_sql, NULL, 0, NULL, NULL, err);
    if (rc == JS_OK) rc = s->ops->query(s, "SET work_mem = '64MB'", NULL, 0, NULL, NULL, err);
    if (rc == JS_OK) rc = flush_routes(r, err);
    if (rc == JS_OK) r->p->staged = true;
    return rc;
}

/* The locks of the batch's keys, in one order: loaders of a department's year take turns. */
static int flush_locks(flush_st *r, js_err *err)
{
    static const char lock_sql[] =
        "SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtextextended(k, 0) AS h "
        "FROM unnest(CAST(?1 AS text[])) AS k ORDER BY 1 OFFSET 0) AS x";
    r->a.len = 0;
    js_buf_putc(&r->a, '{');
    int nkeys = 0;
    for (int i = r->from; i < r->to; i++)
        if (r->p->docs[i].t.key) {
            if (nkeys++) js_buf_putc(&r->a, ',');
            array_text(&r->a, r->p->docs[i].t.key);
        }
    js_buf_putc(&r->a, '}');
    int rc = oom_check(r, err);
    if (rc != JS_OK || !nkeys) return rc;
    js_sval k = js_sval_text(r->a.data);
    return r->s->ops->query(r->s, lock_sql, &k, 1, NULL, NULL, err);
}

/* The document rows: the new ones get their ids, duplicates none. */
static int flush_docs(flush_st *r, js_err *err)
{
    static const char insert_sql[] =
        "INSERT INTO documents (" JS_DOCSUM_COLS ", docsum) SELECT " JS_DOCSUM_COLS
        ", docsum FROM js_stage ON CONFLICT (hash) DO NOTHING RETURNING id, hash";
    js_store *s = r->s;
    r->b.len = 0;
    for (int i = r->from; i < r->to; i++)
        js_buf_append(&r->b, r->p->docs[i].t.row.data, r->p->docs[i].t.row.len);
    int rc = oom_check(r, err);
    if (rc == JS_OK)
        rc = s->ops->copy(s, "js_stage", JS_DOCSUM_COLS ", docsum", r->b.data, r->b.len, err);
    if (rc == JS_OK) rc = s->ops->query(s, insert_sql, NULL, 0, ret_inserted, r, err);
    return rc;
}

/* Every table's rows of the new documents, each prefixed with its document's id. */
static int flush_rows(flush_st *r, js_err *err)
{
    js_store *s = r->s;
    int rc = JS_OK;
    for (int t = 0; t < JS_T_N && rc == JS_OK; t++) {
        r->b.len = 0;
        for (int i = r->from; i < r->to; i++) {
            const pdoc *d = &r->p->docs[i];
            const char *x = d->t.rows[t].data, *end = x + d->t.rows[t].len;
            while (d->id && x < end) {
                const char *nl = memchr(x, '\n', (size_t)(end - x));
                size_t n = nl ? (size_t)(nl - x) + 1 : (size_t)(end - x);
                char num[24];
                int m = snprintf(num, sizeof num, "%lld\t", (long long)d->id);
                js_buf_append(&r->b, num, (size_t)m);
                js_buf_append(&r->b, x, n);
                x += n;
            }
        }
        rc = oom_check(r, err);
        if (rc != JS_OK || !r->b.len) continue;
        if (!(r->p->routed & 1u << t)) {
            rc = s->ops->copy(s, js_store_t_name[t], js_store_t_cols[t], r->b.data, r->b.len, err);
            continue;
        }
        char stage[64], move[512]; /* the staged rows go at the commit (ON COMMIT DELETE ROWS) */
        snprintf(stage, sizeof stage, "js_rows_%s", js_store_t_name[t]);
        snprintf(move, sizeof move, "INSERT INTO %s (%s) SELECT %s FROM %s", js_store_t_name[t],
                 js_store_t_cols[t], js_store_t_cols[t], stage);
        rc = s->ops->copy(s, stage, js_store_t_cols[t], r->b.data, r->b.len, err);
        if (rc == JS_OK) rc = s->ops->query(s, move, NULL, 0, NULL, NULL, err);
    }
    return rc;
}

/* Supersede: the batch's last document of each key stays current. */
static int flush_supersede(flush_st *r, js_err *err)
{
    static const char supersede_sql[] =
        "UPDATE documents AS d SET current = 0 FROM documents AS n "
        "WHERE n.id = ANY (CAST(?1 AS bigint[])) AND d.dept = n.dept AND d.year = n.year "
        "AND " JS_KIND_OF("d.form") " = " JS_KIND_OF(
            "n.form") " AND d.current = 1 AND d.id <> n.id RETURNING d.id";
    r->a.len = 0;
    js_buf_putc(&r->a, '{');
    int nlast = 0;
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    for (int i = r->to - 1; i >= r->from; i--) {
        const pdoc *d = &r->p->docs[i];
        if (!d->id || !d->t.key || g_hash_table_contains(seen, d->t.key)) continue;
        g_hash_table_add(seen, d->t.key);
        js_buf_printf(&r->a, "%s%lld", nlast++ ? "," : "", (long long)d->id);
    }
    g_hash_table_destroy(seen);
    js_buf_putc(&r->a, '}');
    int rc = oom_check(r, err);
    if (rc != JS_OK || !nlast) return rc;
    js_sval last = js_sval_text(r->a.data);
    rc = r->s->ops->query(r->s, supersede_sql, &last, 1, ret_gone, r, err);
    return rc == JS_OK ? oom_check(r, err) : rc;
}

/* The key of a COPY row of facts (year, region, tbl, row_key, col_key: the first five
 * fields, unescaped) into key, \x1f between them; returns the sixth field (the value),
 * NULL when the row has fewer fields. */
static const char *copy_key(const char *x, const char *nl, js_buf *key)
{
    key->len = 0;
    for (int field = 0; x < nl; x++) {
        if (*x == '\t') {
            if (++field == 5) return x + 1;
            js_buf_putc(key, '\x1f');
        } else if (*x == '\\' && x + 1 < nl) {
            x++;
            js_buf_putc(key, *x == 't' ? '\t' : *x == 'n' ? '\n' : *x == 'r' ? '\r' : *x);
        } else {
            js_buf_putc(key, *x);
        }
    }
    return NULL;
}

void js_sums_acc_add(js_sums_acc *acc, const char *key, int64_t v, int64_t u)
{
    int64_t *sum = g_hash_table_lookup(acc->h, key);
    if (!sum) {
        char *k = js_arena_strdup(acc->a, key);
        sum = js_arena_calloc(acc->a, 2, sizeof *sum);
        if (!k || !sum) {
            acc->oom = true;
            return;
        }
        g_hash_table_insert(acc->h, k, sum);
    }
    sum[0] += v;
    sum[1] += u;
}

/* The count row of a document in its year (tbl '#' or 'Y#', version 8), under the region ''
 * on both backends (put.c, out_row). */
static void acc_count(js_sums_acc *acc, js_buf *key, int year, const char *ytbl, int64_t nfacts,
                      int64_t u)
{
    key->len = 0;
    js_buf_printf(key, "%d\x1f\x1f%s\x1f\x1f", year, ytbl);
    if (key->oom)
        acc->oom = true;
    else
        js_sums_acc_add(acc, key->data, u * nfacts, u);
}

/* The batch's new current documents: their facts (from their COPY text) and counts. */
static void acc_new_docs(flush_st *r, js_sums_acc *acc, js_buf *key)
{
    for (int i = r->from; i < r->to && !acc->oom; i++) {
        const pdoc *d = &r->p->docs[i];
        if (!d->id || !d->t.has_year || is_gone(r, d->id)) continue;
        const char *x = d->t.rows[JS_T_FACTS].data, *end = x + d->t.rows[JS_T_FACTS].len;
        while (x && x < end) {
            const char *nl = memchr(x, '\n', (size_t)(end - x));
            if (!nl) break;
            const char *val = copy_key(x, nl, key);
            if (key->oom) acc->oom = true;
            if (val && !key->oom) js_sums_acc_add(acc, key->data, strtoll(val, NULL, 10), 1);
            x = nl + 1;
        }
        acc_count(acc, key, d->t.year, d->t.ytbl, d->t.nfacts, 1);
    }
}

/* A superseded document taken out of the sums (store_impl.h): its row first (year,
 * region, its count row's tbl, nfacts), which gives the prefix of its keys, then its
 * facts as verify.c reads and verifies them. */
typedef struct take_out {
    js_sums_add_fn add;
    void *ud;
    js_buf key;
    size_t plen; /* the prefix year \x1f region \x1f in key; 0: no row read */
} take_out;

static int out_row(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    take_out *o = ud;
    if (ncols < 4 || v[0].type != JS_SVAL_INT || v[3].type != JS_SVAL_INT) return 1;
    /* the count row under the region '' (as acc_count and put.c write it: a count of
     * the year's, which year_keys adds over the regions and rsums.c leaves out) */
    o->key.len = 0;
    js_buf_printf(&o->key, "%lld\x1f\x1f%s\x1f\x1f", (long long)v[0].i, v[2].s ? v[2].s : "#");
    o->add(o->ud, o->key.oom ? NULL : o->key.data, -v[3].i, -1);
    o->key.len = 0;
    js_buf_printf(&o->key, "%lld\x1f%s\x1f", (long long)v[0].i, v[1].s ? v[1].s : "");
    o->plen = o->key.len;
    return 1;
}

static int out_fact(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    take_out *o = ud;
    if (!o->plen || ncols < 4 || v[3].type != JS_SVAL_INT) return 0;
    o->key.len = o->plen;
    for (int i = 0; i < 3; i++) {
        if (i) js_buf_putc(&o->key, '\x1f');
        js_buf_puts(&o->key, v[i].s ? v[i].s : "");
    }
    js_buf_putc(&o->key, '\0');
    o->add(o->ud, o->key.oom ? NULL : o->key.data, -v[3].i, -1);
    return 0;
}

int js_sums_take_out(js_store *s, int64_t id, js_sums_add_fn add, void *ud, js_err *err)
{
    static const char doc_sql[] = "SELECT year, COALESCE(region, ''), " JS_YEAR_DOCS_TBL(
        "form") ", nfacts FROM documents WHERE id = ?1 AND year IS NOT NULL";
    take_out o = {add, ud, {0}, 0};
    js_buf_init(&o.key);
    js_sval p = js_sval_int(id);
    int rc = s->ops->query(s, doc_sql, &p, 1, out_row, &o, err);
    if (rc == JS_OK && o.plen) rc = js_store_verify_facts_each(s, id, out_fact, &o, err);
    js_buf_release(&o.key);
    return rc;
}

/* js_sums_acc_add as a js_sums_add_fn (a NULL key: out of memory) */
static void acc_add(void *ud, const char *key, int64_t v, int64_t u)
{
    js_sums_acc *acc = ud;
    if (!key)
        acc->oom = true;
    else
        js_sums_acc_add(acc, key, v, u);
}

static int acc_old_docs(flush_st *r, js_sums_acc *acc, int *nold, js_err *err)
{
    int rc = JS_OK;
    *nold = 0;
    for (int k = 0; k < r->ngone && rc == JS_OK; k++) {
        if (in_batch(r, r->gone[k])) continue;
        (*nold)++;
        rc = js_sums_take_out(r->s, r->gone[k], acc_add, acc, err);
    }
    return rc;
}

/* The year_sums rows with no unit left in years (the years of superseded documents,
 * as GINT_TO_POINTER keys) deleted. */
static int prune_years(js_store *s, GHashTable *years, js_err *err)
{
    int rc = JS_OK;
    GHashTableIter it;
    gpointer kp;
    g_hash_table_iter_init(&it, years);
    while (rc == JS_OK && g_hash_table_iter_next(&it, &kp, NULL)) {
        js_sval y = js_sval_int(GPOINTER_TO_INT(kp));
        rc = s->ops->query(s, JS_YEAR_PRUNE, &y, 1, NULL, NULL, err);
    }
    return rc;
}

/* COPY text of the year keys (year \x1f * \x1f tbl \x1f row \x1f col) in key order,
 * "n, year, tbl, row, col, value, units" (as the server's ORDER BY of COLLATE "C"
 * columns: the fields compared one after the other); returns the rows. */
static int64_t year_copy(GHashTable *yh, js_buf *b, GHashTable *years)
{
    guint n = 0;
    gpointer *keys = g_hash_table_get_keys_as_array(yh, &n);
    qsort(keys, n, sizeof *keys, js_strp_cmp);
    int64_t rows = 0;
    for (guint i = 0; i < n; i++) {
        const int64_t *sum = g_hash_table_lookup(yh, keys[i]);
        char *f[5] = {keys[i]};
        for (int j = 1; j < 5; j++) {
            f[j] = f[j - 1] ? strchr(f[j - 1], '\x1f') : NULL;
            if (f[j]) *f[j]++ = '\0';
        }
        if (!f[4]) continue;
        if (sum[1] < 0) g_hash_table_add(years, GINT_TO_POINTER((int)strtol(f[0], NULL, 10)));
        js_buf_printf(b, "%lld\t%s", (long long)rows++, f[0]);
        for (int j = 2; j < 5; j++) {
            js_buf_putc(b, '\t');
            js_store_copy_text(b, f[j]);
        }
        js_buf_printf(b, "\t%lld\t%lld\n", (long long)sum[0], (long long)sum[1]);
    }
    g_free(keys);
    return rows;
}

/*
 * The sums: + the facts of the batch's documents still current, - those of
 * the earlier documents they superseded (verified first), summed per key
 * here: region_sums gets each (year, region) once (rsums.c), year_sums each
 * key of the year once, in key order, as given (no GROUP BY, no sort of the
 * text keys in the server); rows of year_sums with no unit left go.
 */
static int flush_sums(flush_st *r, js_err *err)
{
    static const char year_sql[] = "WITH yw AS (" JS_YEAR_INTO "SELECT " JS_YEAR_VALUES(
        JS_SUMS_CHK, "y", "t", "rk", "ck", "v",
        "u") " FROM js_ysums_known ORDER BY n" JS_YEAR_UPSERT(JS_SUMS_CHK) " RETURNING 1) "
                                                                           "SELECT COUNT(*) FROM "
                                                                           "yw";
    js_store *s = r->s;
    js_sums_acc acc = {g_hash_table_new(g_str_hash, g_str_equal), js_arena_new(), false};
    js_buf key;
    js_buf_init(&key);
    acc.oom = !acc.a;
    int nold = 0;
    if (!acc.oom) acc_new_docs(r, &acc, &key);
    int rc = acc.oom ? JS_OK : acc_old_docs(r, &acc, &nold, err);
    GHashTable *yh = NULL, *years = g_hash_table_new(g_direct_hash, g_direct_equal);
    if (rc == JS_OK && !acc.oom) yh = year_keys(acc.h, acc.a);
    if (rc == JS_OK && !yh) rc = js_err_set(err, JS_EINTERNAL, "out of memory");
    if (rc == JS_OK) rc = js_rsums_add(s, acc.h, err);
    r->b.len = 0;
    int64_t n = rc == JS_OK ? year_copy(yh, &r->b, years) : 0;
    if (rc == JS_OK) rc = oom_check(r, err);
    if (rc == JS_OK && n)
        rc = s->ops->copy(s, "js_ysums_known", "n, y, t, rk, ck, v, u", r->b.data, r->b.len, err);
    r->counts[0] = -1;
    if (rc == JS_OK && n) rc = s->ops->query(s, year_sql, NULL, 0, ret_counts, r, err);
    if (rc == JS_OK && n && r->counts[0] != n) rc = js_store_sums_damaged(s, n - r->counts[0], err);
    /* rows with no unit left (in the superseded documents' years) go */
    if (rc == JS_OK) rc = prune_years(s, years, err);
    g_hash_table_destroy(years);
    if (yh) g_hash_table_destroy(yh);
    g_hash_table_destroy(acc.h);
    js_arena_free(acc.a);
    js_buf_release(&key);
    return rc;
}

/* Store docs[from, to) in one transaction (the caller rolls back on failure). */
static int flush_once(js_store *s, pend *p, int from, int to, js_err *err)
{
    flush_st r;
    memset(&r, 0, sizeof r);
    r.s = s;
    r.p = p;
    r.from = from;
    r.to = to;
    js_buf_init(&r.a);
    js_buf_init(&r.b);
    for (int i = from; i < to; i++)
        p->docs[i].id = 0;
    int rc = flush_stage(&r, err);
    if (rc == JS_OK) rc = s->ops->begin(s, err);
    if (rc == JS_OK) rc = flush_locks(&r, err);
    if (rc == JS_OK) rc = flush_docs(&r, err);
    if (rc == JS_OK) rc = flush_rows(&r, err);
    if (rc == JS_OK) rc = flush_supersede(&r, err);
    if (rc == JS_OK) rc = flush_sums(&r, err);
    if (rc == JS_OK) rc = s->ops->commit(s, err);
    js_buf_release(&r.a);
    js_buf_release(&r.b);
    free(r.gone);
    return rc;
}

/* Store docs[from, to): again while the server aborts it (deadlock), then
 * one by one when it fails otherwise. Counts what was stored. */
static int flush_range(js_store *s, pend *p, int from, int to, js_err *err)
{
    int rc = JS_OK;
    for (int t = 1;; t++) {
        rc = flush_once(s, p, from, to, err);
        if (rc == JS_OK) break;
        s->ops->rollback(s, NULL);
        if (!s->transient || t >= MAX_TRIES) break;
        g_usleep((gulong)(1000 * t * t));
    }
    if (rc != JS_OK && to - from > 1) {
        /* store what can be stored: the first failing document's error is returned */
        int first = JS_OK;
        js_err e1;
        js_err_clear(&e1);
        for (int i = from; i < to; i++) {
            js_err e;
            js_err_clear(&e);
            int r1 = flush_range(s, p, i, i + 1, &e);
            if (r1 != JS_OK && first == JS_OK) {
                first = r1;
                e1 = e;
            }
        }
        if (first != JS_OK && err) *err = e1;
        return first;
    }
    if (rc != JS_OK) {
        for (int i = from; i < to; i++)
            p->docs[i].id = 0;
        return rc;
    }
    for (int i = from; i < to; i++)
        if (p->docs[i].id)
            s->nstored++;
        else
            s->ndups++;
    return JS_OK;
}

int js_store_pend_flush(js_store *s, js_err *err)
{
    pend *p = s->pend;
    if (!p || p->n == 0) return JS_OK;
    int rc = flush_range(s, p, 0, p->n, err);
    pend_clear(p);
    return rc;
}

/* ---- SQLite ------------------------------------------------------------------- */

void js_store_sums_free(js_store *s)
{
    js_sums_acc *acc = s->sums;
    s->sums = NULL;
    if (!acc) return;
    if (acc->h) g_hash_table_destroy(acc->h);
    js_arena_free(acc->a);
    free(acc);
}

typedef struct sums_kv {
    char *key; /* year \x1f region \x1f tbl \x1f row_key \x1f col_key */
    const int64_t *sum;
} sums_kv;

static int kv_cmp(const void *a, const void *b)
{
    return strcmp(((const sums_kv *)a)->key, ((const sums_kv *)b)->key);
}

/* One row of sums from its key (split in place) and sum: 8 values, chk last (the
 * SQLite js_hash of the row as text, JS_SUMS_CHK). False when the key is not whole. */
static bool sums_row_vals(char *key, const int64_t *sum, js_sval v[8])
{
    char *f[5];
    f[0] = key;
    for (int i = 1; i < 5; i++) {
        f[i] = f[i - 1] ? strchr(f[i - 1], '\x1f') : NULL;
        if (!f[i]) return false;
        *f[i]++ = '\0';
    }
    v[0] = js_sval_int(strtoll(f[0], NULL, 10));
    for (int i = 1; i < 5; i++)
        v[i] = js_sval_text(f[i]);
    v[5] = js_sval_int(sum[0]);
    v[6] = js_sval_int(sum[1]);
    uint32_t h = 2166136261u;
    char num[24];
    for (int i = 0; i < 7; i++) {
        if (i) h = js_fnv1a(h, "|", 1);
        if (v[i].type == JS_SVAL_INT)
            h = js_fnv1a(h, num, (size_t)js_i64_text(v[i].i, num));
        else
            h = js_fnv1a(h, v[i].s, strlen(v[i].s));
    }
    v[7] = js_sval_int((int32_t)h);
    return true;
}

/* The keys of the whole years (year \x1f * \x1f tbl \x1f row \x1f col: the
 * region '*', as the check value of year_sums has it) of the keys of h, their
 * sums added (keys and sums in the arena a); NULL when out of memory. */
static GHashTable *year_keys(GHashTable *h, js_arena *a)
{
    GHashTable *y = g_hash_table_new(g_str_hash, g_str_equal);
    GHashTableIter it;
    gpointer kp, vp;
    js_buf key;
    js_buf_init(&key);
    g_hash_table_iter_init(&it, h);
    while (g_hash_table_iter_next(&it, &kp, &vp)) {
        const char *k = kp, *r = strchr(k, '\x1f'), *rest = r ? strchr(r + 1, '\x1f') : NULL;
        if (!rest) continue;
        key.len = 0;
        js_buf_append(&key, k, (size_t)(r - k) + 1);
        js_buf_putc(&key, '*');
        js_buf_puts(&key, rest);
        if (key.oom) break;
        int64_t *sum = g_hash_table_lookup(y, key.data);
        if (!sum) {
            char *copy = js_arena_strdup(a, key.data);
            sum = js_arena_calloc(a, 2, sizeof *sum);
            if (!copy || !sum) {
                key.oom = true;
                break;
            }
            g_hash_table_insert(y, copy, sum);
        }
        sum[0] += ((const int64_t *)vp)[0];
        sum[1] += ((const int64_t *)vp)[1];
    }
    bool oom = key.oom;
    js_buf_release(&key);
    if (oom) {
        g_hash_table_destroy(y);
        return NULL;
    }
    return y;
}

/* Write the keys of h (year \x1f * \x1f tbl \x1f row \x1f col, split in place) into
 * year_sums in key order, SUMS_MULTI rows a statement; *staged counts the rows, years
 * gets the years of rows that lost units (to prune). */
#define SUMS_MULTI 16
static int write_year_sums(js_store *s, GHashTable *h, GHashTable *years, int64_t *staged,
                           js_err *err)
{
#define YROW "(?, ?, ?, ?, ?, ?, ?)"
#define YROWS4 YROW ", " YROW ", " YROW ", " YROW
#define YINTO JS_YEAR_INTO "VALUES "
    static const char one_sql[] = YINTO YROW JS_YEAR_UPSERT(JS_SUMS_CHK_SQ);
    static const char multi_sql[] =
        YINTO YROWS4 ", " YROWS4 ", " YROWS4 ", " YROWS4 JS_YEAR_UPSERT(JS_SUMS_CHK_SQ);
#undef YROW
#undef YROWS4
#undef YINTO
    guint n = g_hash_table_size(h), k = 0;
    sums_kv *kv = malloc((n ? n : 1) * sizeof *kv);
    js_sval *v = malloc(SUMS_MULTI * 7 * sizeof *v);
    if (!kv || !v) {
        free(kv);
        free(v);
        return js_err_set(err, JS_EINTERNAL, "out of memory");
    }
    GHashTableIter it;
    gpointer kp, vp;
    g_hash_table_iter_init(&it, h);
    while (g_hash_table_iter_next(&it, &kp, &vp))
        kv[k++] = (sums_kv){kp, vp};
    qsort(kv, n, sizeof *kv, kv_cmp);
    int rc = JS_OK, nv = 0; /* rows waiting in v */
    for (guint i = 0; i < n && rc == JS_OK; i++) {
        js_sval row[8];
        if (!sums_row_vals(kv[i].key, kv[i].sum, row)) continue;
        (*staged)++;
        if (kv[i].sum[1] < 0) g_hash_table_add(years, GINT_TO_POINTER((int)row[0].i));
        js_sval *to = v + 7 * nv;
        to[0] = row[0]; /* the region ('*') left out */
        memcpy(to + 1, row + 2, 6 * sizeof *row);
        if (++nv == SUMS_MULTI) {
            rc = s->ops->query(s, multi_sql, v, 7 * SUMS_MULTI, NULL, NULL, err);
            nv = 0;
        }
    }
    for (int i = 0; i < nv && rc == JS_OK; i++)
        rc = s->ops->query(s, one_sql, v + 7 * i, 7, NULL, NULL, err);
    free(kv);
    free(v);
    return rc;
}
#undef SUMS_MULTI

int js_store_sums_flush(js_store *s, js_err *err)
{
    /* each (year, region) once (region_sums), then every key of year_sums once (a row
     * whose check value fails is not updated: total_changes() counts one fewer) */
    static const char changes_sql[] = "SELECT total_changes()";
    js_sums_acc *acc = s->sums;
    if (!acc) return JS_OK; /* no document stored (put.c makes it before the first) */
    GHashTable *h = acc->h, *yh = acc->oom ? NULL : year_keys(h, acc->a);
    if (!yh) {
        js_store_sums_free(s);
        return js_err_set(err, JS_EINTERNAL, "out of memory");
    }
    int64_t before = -1, after = -1, staged = 0;
    GHashTable *years = g_hash_table_new(g_direct_hash, g_direct_equal); /* to prune */
    int rc = js_rsums_add(s, h, err);
    if (rc == JS_OK) rc = s->ops->query(s, changes_sql, NULL, 0, first_int, &before, err);
    if (rc == JS_OK) rc = write_year_sums(s, yh, years, &staged, err);
    if (rc == JS_OK) rc = s->ops->query(s, changes_sql, NULL, 0, first_int, &after, err);
    int64_t written = after - before;
    /* rows with no unit left (in the years of superseded documents) go */
    if (rc == JS_OK) rc = prune_years(s, years, err);
    g_hash_table_destroy(years);
    g_hash_table_destroy(yh);
    js_store_sums_free(s);
    if (rc == JS_OK && written != staged) rc = js_store_sums_damaged(s, staged - written, err);
    return rc;
}
