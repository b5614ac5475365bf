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
    static const char sums_stage_sql[] =
        "CREATE TEMP TABLE IF NOT EXISTS js_sums_stage (y integer, r text COLLATE \"C\", "
        "t text COLLATE \"C\", rk text COLLATE \"C\", ck text COLLATE \"C\", v bigint, "
        "u bigint) ON COMMIT DELETE ROWS";
    /* the rows of a batch that supersedes nothing, summed and in key order (flush_sums_known) */
    static const char known_sql[] =
        "CREATE TEMP TABLE IF NOT EXISTS js_sums_known (n integer, y integer, r text COLLATE "
        "\"C\", t text COLLATE \"C\", rk text COLLATE \"C\", ck text COLLATE \"C\", v bigint, "
        "u bigint) ON COMMIT DELETE ROWS;\n"
        "CREATE TEMP TABLE IF NOT EXISTS js_ysums_known (n integer, y integer, t text COLLATE "
        "\"C\", rk text COLLATE \"C\", ck text COLLATE \"C\", v bigint, u bigint) ON COMMIT "
        "DELETE ROWS";
    js_store *s = r->s;
    if (r->p->staged) return JS_OK;
    int rc = s->ops->query(s, stage_sql, NULL, 0, NULL, NULL, err);
    if (rc == JS_OK) rc = s->ops->query(s, sums_stage_sql, NULL, 0, NULL, NULL, err);
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

/* The facts of one document's COPY text summed per key (year, region, tbl,
 * row_key, col_key: the first five fields, still COPY-escaped) into agg. */
static void sum_facts(GHashTable *agg, const js_buf *rows)
{
    const char *x = rows->data, *end = x + rows->len;
    while (x && x < end) {
        const char *nl = memchr(x, '\n', (size_t)(end - x)), *f = x;
        if (!nl) break;
        for (int tabs = 0; tabs < 5 && f; tabs++) {
            f = memchr(f, '\t', (size_t)(nl - f));
            if (f) f++;
        }
        if (f) {
            char *key = g_strndup(x, (size_t)(f - x - 1));
            int64_t *sum = g_hash_table_lookup(agg, key);
            if (!sum) {
                sum = g_new0(int64_t, 2);
                g_hash_table_insert(agg, key, sum);
            } else {
                g_free(key);
            }
            sum[0] += strtoll(f, NULL, 10);
            sum[1]++;
        }
        x = nl + 1;
    }
}

/* The facts of the batch's new current documents summed by roll-up key (key -> sum). */
static GHashTable *new_current_sums(flush_st *r)
{
    GHashTable *agg = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    for (int i = r->from; i < r->to; i++) {
        const pdoc *d = &r->p->docs[i];
        if (d->id && d->t.has_year && !is_gone(r, d->id)) sum_facts(agg, &d->t.rows[JS_T_FACTS]);
    }
    return agg;
}

/* The new current documents' facts, summed here, into the staging table. */
static int stage_new_sums(flush_st *r, bool *any, js_err *err)
{
    GHashTable *agg = new_current_sums(r);
    r->b.len = 0;
    GHashTableIter it;
    gpointer kp, vp;
    g_hash_table_iter_init(&it, agg);
    while (g_hash_table_iter_next(&it, &kp, &vp)) {
        const int64_t *sum = vp;
        js_buf_printf(&r->b, "%s\t%lld\t%lld\n", (const char *)kp, (long long)sum[0],
                      (long long)sum[1]);
    }
    g_hash_table_destroy(agg);
    int rc = oom_check(r, err);
    *any = r->b.len > 0;
    if (rc == JS_OK && r->b.len)
        rc = r->s->ops->copy(r->s, "js_sums_stage", "y, r, t, rk, ck, v, u", r->b.data, r->b.len,
                             err);
    return rc;
}

/* The rows of h (COPY text keys and their sums) in key order (bytes: the server's
 * COLLATE "C", tabs first, as its ORDER BY of the key's columns) as COPY text
 * "n, key, value, units" into b; returns their number. */
static int64_t copy_sorted(GHashTable *h, js_buf *b)
{
    guint n = 0;
    gpointer *keys = g_hash_table_get_keys_as_array(h, &n);
    qsort(keys, n, sizeof *keys, js_strp_cmp);
    for (guint i = 0; i < n; i++) {
        const int64_t *sum = g_hash_table_lookup(h, keys[i]);
        js_buf_printf(b, "%u\t%s\t%lld\t%lld\n", i, (const char *)keys[i], (long long)sum[0],
                      (long long)sum[1]);
    }
    g_free(keys);
    return n;
}

/* Add v, u to the sums of key in h (a copy of key when new). */
static void agg_add(GHashTable *h, const char *key, int64_t v, int64_t u)
{
    int64_t *sum = g_hash_table_lookup(h, key);
    if (!sum) {
        sum = g_new0(int64_t, 2);
        g_hash_table_insert(h, g_strdup(key), sum);
    }
    sum[0] += v;
    sum[1] += u;
}

/* The whole years' keys (year \t tbl \t row_key \t col_key) of the keys of
 * agg (year \t region \t …: the region left out), their sums added, and the
 * batch's new current documents counted (the rows '#' and 'Y#'). */
static GHashTable *year_agg(flush_st *r, GHashTable *agg)
{
    GHashTable *y = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    GHashTableIter it;
    gpointer kp, vp;
    GString *k = g_string_new(NULL);
    g_hash_table_iter_init(&it, agg);
    while (g_hash_table_iter_next(&it, &kp, &vp)) {
        const char *key = kp, *t1 = strchr(key, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (!t2) continue;
        g_string_truncate(k, 0);
        g_string_append_len(k, key, t1 - key);
        g_string_append(k, t2);
        agg_add(y, k->str, ((const int64_t *)vp)[0], ((const int64_t *)vp)[1]);
    }
    for (int i = r->from; i < r->to; i++) {
        const pdoc *d = &r->p->docs[i];
        if (!d->id || !d->t.has_year || is_gone(r, d->id)) continue;
        g_string_printf(k, "%d\t%s\t\t", d->t.year, d->t.ytbl);
        agg_add(y, k->str, d->t.nfacts, 1);
    }
    g_string_free(k, TRUE);
    return y;
}

/*
 * The sums of a batch that supersedes no earlier document (a first load):
 * every row is known here, summed per key of sums and of year_sums and put in
 * key order, so the server upserts them as given: no GROUP BY and no sort of
 * the text keys there (at 1,000 regions, 40% of the sums statement's time).
 */
static int flush_sums_known(flush_st *r, js_err *err)
{
#define K_SUMS                                                                                     \
    "w AS (INSERT INTO sums (year, region, tbl, row_key, col_key, value, units, chk) "             \
    "SELECT y, r, t, rk, ck, v, u, " JS_SUMS_CHK(                                                  \
        "y", "r", "t", "rk", "ck", "v",                                                            \
        "u") " FROM js_sums_known ORDER BY n" JS_SUMS_UPSERT(JS_SUMS_CHK) " RETURNING 1)"
#define K_YEAR                                                                                     \
    "yw AS (" JS_YEAR_INTO "SELECT " JS_YEAR_VALUES(                                               \
        JS_SUMS_CHK, "y", "t", "rk", "ck", "v",                                                    \
        "u") " FROM js_ysums_known ORDER BY n" JS_YEAR_UPSERT(JS_SUMS_CHK) " RETURNING 1)"
    static const char sql[] =
        "WITH " K_SUMS ", " K_YEAR " SELECT (SELECT COUNT(*) FROM w) + (SELECT COUNT(*) FROM yw)";
#undef K_SUMS
#undef K_YEAR
    js_store *s = r->s;
    GHashTable *agg = new_current_sums(r);
    GHashTable *yagg = year_agg(r, agg);
    r->a.len = 0;
    r->b.len = 0;
    int64_t n = copy_sorted(agg, &r->a);
    n += copy_sorted(yagg, &r->b);
    g_hash_table_destroy(agg);
    g_hash_table_destroy(yagg);
    int rc = oom_check(r, err);
    if (rc != JS_OK || n == 0) return rc;
    if (r->a.len)
        rc = s->ops->copy(s, "js_sums_known", "n, y, r, t, rk, ck, v, u", r->a.data, r->a.len, err);
    if (rc == JS_OK)
        rc = s->ops->copy(s, "js_ysums_known", "n, y, t, rk, ck, v, u", r->b.data, r->b.len, err);
    r->counts[0] = -1;
    if (rc == JS_OK) rc = s->ops->query(s, sql, NULL, 0, ret_counts, r, err);
    if (rc == JS_OK && r->counts[0] != n) rc = js_store_sums_damaged(s, n - r->counts[0], err);
    return rc;
}

/* The sums: + the facts of the batch's documents still current, - those of
 * the earlier documents they superseded (verified first: a damaged value must
 * not move into the sums under a good check value). */
static int flush_sums(flush_st *r, js_err *err)
{
    static const char old_sql[] =
        "INSERT INTO js_sums_stage SELECT d.year, COALESCE(d.region, ''), f.tbl, f.row_key, "
        "f.col_key, -f.value, -1 FROM documents d JOIN facts f ON f.doc_id = d.id "
        "WHERE d.id = ANY (CAST(?1 AS bigint[]))";
    /* the documents counted in their years (year_sums only, version 8): the new
     * current ones (?2 = 1), the ones they superseded (?2 = -1) */
    static const char count_sql[] = "INSERT INTO js_sums_stage SELECT year, '', " JS_YEAR_DOCS_TBL(
        "form") ", '', '', ?2 * nfacts, ?2 FROM documents WHERE id = ANY (CAST(?1 AS "
                "bigint[]))";
    /* the sums per key and region, then per key of the whole year (year_sums:
     * after sums, each in key order, as every loader does); the rows to
     * write and the rows written of both */
#define YEAR_ROWS                                                                                  \
    "yx AS (SELECT y, t, rk, ck, SUM(v) AS v, SUM(u) AS u FROM x GROUP BY 1, 2, 3, 4), "           \
    "yw AS (" JS_YEAR_INTO "SELECT " JS_YEAR_VALUES(                                               \
        JS_SUMS_CHK, "y", "t", "rk", "ck", "v",                                                    \
        "u") " FROM yx ORDER BY y, t, rk, ck" JS_YEAR_UPSERT(JS_SUMS_CHK) " RETURNING 1) "
#define X_CHK JS_SUMS_CHK("y", "r", "t", "rk", "ck", "v", "u")
#define X_KEYS JS_YEAR_KEYS("t")
#define X_UPSERT JS_SUMS_UPSERT(JS_SUMS_CHK)
#define SUMS_ROWS                                                                                  \
    "w AS (INSERT INTO sums (year, region, tbl, row_key, col_key, value, units, chk) "             \
    "SELECT y, r, t, rk, ck, v, u, " X_CHK " FROM x WHERE " X_KEYS                                 \
    " ORDER BY y, r, t, rk, ck" X_UPSERT " RETURNING 1), "
    static const char sums_sql[] =
        "WITH x AS (SELECT y, r, t, rk, ck, SUM(v) AS v, SUM(u) AS u FROM js_sums_stage "
        "GROUP BY 1, 2, 3, 4, 5), " SUMS_ROWS YEAR_ROWS
        "SELECT (SELECT COUNT(*) FROM x WHERE " X_KEYS
        ") + (SELECT COUNT(*) FROM yx), (SELECT COUNT(*) FROM w) + (SELECT COUNT(*) FROM yw)";
#undef X_CHK
#undef X_KEYS
#undef X_UPSERT
#undef SUMS_ROWS
#undef YEAR_ROWS
    static const char prune_sql[] =
        "WITH y AS (SELECT DISTINCT year FROM documents WHERE id = ANY (CAST(?1 AS bigint[]))), "
        "s AS (DELETE FROM sums WHERE units <= 0 AND year IN (SELECT year FROM y)) "
        "DELETE FROM year_sums WHERE units <= 0 AND year IN (SELECT year FROM y)";
    js_store *s = r->s;
    int nold = 0;
    for (int k = 0; k < r->ngone; k++)
        nold += !in_batch(r, r->gone[k]);
    if (nold == 0) return flush_sums_known(r, err);
    bool any = false;
    int rc = stage_new_sums(r, &any, err);
    r->a.len = 0; /* the new current documents, counted */
    js_buf_putc(&r->a, '{');
    int nnew = 0;
    for (int i = r->from; i < r->to; i++) {
        const pdoc *d = &r->p->docs[i];
        if (d->id && d->t.has_year && !is_gone(r, d->id))
            js_buf_printf(&r->a, "%s%lld", nnew++ ? "," : "", (long long)d->id);
    }
    js_buf_putc(&r->a, '}');
    if (rc == JS_OK) rc = oom_check(r, err);
    if (rc == JS_OK && nnew) {
        js_sval q[2] = {js_sval_text(r->a.data), js_sval_int(1)};
        rc = s->ops->query(s, count_sql, q, 2, NULL, NULL, err);
        any = true;
    }
    r->a.len = 0;
    js_buf_putc(&r->a, '{');
    nold = 0;
    for (int k = 0; k < r->ngone && rc == JS_OK; k++) {
        if (in_batch(r, r->gone[k])) continue;
        rc = js_store_verify(s, r->gone[k], JS_VERIFY_FACTS, err);
        js_buf_printf(&r->a, "%s%lld", nold++ ? "," : "", (long long)r->gone[k]);
    }
    js_buf_putc(&r->a, '}');
    if (rc == JS_OK) rc = oom_check(r, err);
    js_sval old = js_sval_text(r->a.data);
    if (rc == JS_OK && nold) {
        js_sval q[2] = {old, js_sval_int(-1)};
        rc = s->ops->query(s, old_sql, &old, 1, NULL, NULL, err);
        if (rc == JS_OK) rc = s->ops->query(s, count_sql, q, 2, NULL, NULL, err);
        any = true;
    }
    if (rc == JS_OK && any) {
        r->counts[0] = r->counts[1] = -1;
        rc = s->ops->query(s, sums_sql, NULL, 0, ret_counts, r, err);
        if (rc == JS_OK && r->counts[0] != r->counts[1])
            rc = js_store_sums_damaged(s, r->counts[0] - r->counts[1], err);
    }
    /* rows with no unit left (in the superseded documents' years) go */
    if (rc == JS_OK && nold) rc = s->ops->query(s, prune_sql, &old, 1, NULL, NULL, err);
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

/* Write the keys of h (split in place) into sums, or into year_sums (year: the
 * region left out), in key order, SUMS_MULTI rows a statement; *staged counts
 * the rows, years gets the years of rows that lost units (to prune). */
#define SUMS_MULTI 16
static int write_sums(js_store *s, GHashTable *h, bool year, GHashTable *years, int64_t *staged,
                      js_err *err)
{
#define ROW "(?, ?, ?, ?, ?, ?, ?, ?)"
#define ROWS4 ROW ", " ROW ", " ROW ", " ROW
#define INTO "INSERT INTO sums (year, region, tbl, row_key, col_key, value, units, chk) VALUES "
#define YROW "(?, ?, ?, ?, ?, ?, ?)"
#define YROWS4 YROW ", " YROW ", " YROW ", " YROW
#define YINTO JS_YEAR_INTO "VALUES "
    static const char *const one_sql[2] = {INTO ROW JS_SUMS_UPSERT(JS_SUMS_CHK_SQ),
                                           YINTO YROW JS_YEAR_UPSERT(JS_SUMS_CHK_SQ)};
    static const char *const multi_sql[2] = {
        INTO ROWS4 ", " ROWS4 ", " ROWS4 ", " ROWS4 JS_SUMS_UPSERT(JS_SUMS_CHK_SQ),
        YINTO YROWS4 ", " YROWS4 ", " YROWS4 ", " YROWS4 JS_YEAR_UPSERT(JS_SUMS_CHK_SQ)};
#undef ROW
#undef ROWS4
#undef INTO
#undef YROW
#undef YROWS4
#undef YINTO
    guint n = g_hash_table_size(h), k = 0;
    sums_kv *kv = malloc((n ? n : 1) * sizeof *kv);
    js_sval *v = malloc(SUMS_MULTI * 8 * sizeof *v);
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
    int rc = JS_OK, nv = 0, w = year ? 7 : 8; /* rows waiting in v; values a row */
    for (guint i = 0; i < n && rc == JS_OK; i++) {
        js_sval row[8];
        if (!sums_row_vals(kv[i].key, kv[i].sum, row)) continue;
        if (!year && js_year_docs_tbl(row[2].s)) continue; /* counted in year_sums only */
        (*staged)++;
        if (kv[i].sum[1] < 0) g_hash_table_add(years, GINT_TO_POINTER((int)row[0].i));
        js_sval *to = v + w * nv;
        to[0] = row[0]; /* year_sums: the region left out */
        memcpy(to + 1, row + (year ? 2 : 1), (size_t)(w - 1) * sizeof *row);
        if (++nv == SUMS_MULTI) {
            rc = s->ops->query(s, multi_sql[year], v, w * SUMS_MULTI, NULL, NULL, err);
            nv = 0;
        }
    }
    for (int i = 0; i < nv && rc == JS_OK; i++)
        rc = s->ops->query(s, one_sql[year], v + w * i, w, NULL, NULL, err);
    free(kv);
    free(v);
    return rc;
}
#undef SUMS_MULTI

int js_store_sums_flush(js_store *s, js_err *err)
{
    /* every key once, sums then year_sums (a row whose check value fails is not
     * updated: total_changes() counts one fewer) */
    static const char changes_sql[] = "SELECT total_changes()";
    static const char *const prune_sql[2] = {"DELETE FROM sums WHERE year = ?1 AND units <= 0",
                                             JS_YEAR_PRUNE};
    js_sums_acc *acc = s->sums;
    if (!acc) return JS_OK; /* no document stored (put.c makes it before the first) */
    GHashTable *h = acc->h, *yh = acc->oom ? NULL : year_keys(h, acc->a);
    if (!yh) {
        js_store_sums_free(s);
        return js_err_set(err, JS_EINTERNAL, "out of memory");
    }
    int64_t before = -1, after = -1, staged = 0;
    GHashTable *years = g_hash_table_new(g_direct_hash, g_direct_equal); /* to prune */
    int rc = s->ops->query(s, changes_sql, NULL, 0, first_int, &before, err);
    if (rc == JS_OK) rc = write_sums(s, h, false, years, &staged, err);
    if (rc == JS_OK) rc = write_sums(s, yh, true, years, &staged, err);
    if (rc == JS_OK) rc = s->ops->query(s, changes_sql, NULL, 0, first_int, &after, err);
    int64_t written = after - before;
    /* rows with no unit left (in the years of superseded documents) go */
    GHashTableIter it;
    gpointer kp;
    g_hash_table_iter_init(&it, years);
    while (rc == JS_OK && g_hash_table_iter_next(&it, &kp, NULL)) {
        js_sval y = js_sval_int(GPOINTER_TO_INT(kp));
        for (int t = 0; t < 2 && rc == JS_OK; t++)
            rc = s->ops->query(s, prune_sql[t], &y, 1, NULL, NULL, err);
    }
    g_hash_table_destroy(years);
    g_hash_table_destroy(yh);
    js_store_sums_free(s);
    if (rc == JS_OK && written != staged) rc = js_store_sums_damaged(s, staged - written, err);
    return rc;
}
