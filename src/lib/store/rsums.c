/*
 * rsums.c - the roll-up sums of a year and region (region_sums, schema
 * version 9, issue #17).
 *
 * A row holds changes of the sums of its year and region: data is a JSON
 * array of [tbl, row_key, col_key, value, units] in key order (byte order),
 * chk its check value (store_impl.h JS_RSUMS_CHK). A batch appends one row per
 * year and region it changed, its documents' facts summed per key (minus
 * those of the documents they supersede): it reads no stored row, so its cost
 * is its own keys', whatever the region holds (at 1,000 regions a document is
 * about alone in its region in a batch and upserted ~150 rows of sums, one a
 * key; rewriting the region's whole row instead cost more than that once the
 * region held several documents). When a year and region has RS_ROWS rows,
 * the batch merges them and its changes into one (the rows verified first: a
 * damaged one is not built on; locked on PostgreSQL, where loaders append
 * without locks). The reports add up a region's rows here; `sums` is a view
 * of the rows' keys added, for SQL (schema.c): `db check` and the tests.
 */
#include "juesuan/store.h"
#include "store_impl.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* a key of the batch: year \x1f region \x1f tbl \x1f row_key \x1f col_key */
typedef struct rkey {
    const char *key;
    size_t glen; /* the length of "year \x1f region \x1f": the group */
    const int64_t *sum;
} rkey;

static int first_count(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    if (ncols > 0 && v[0].type == JS_SVAL_INT) *(int64_t *)ud = v[0].i;
    return 1;
}

/* One key of a row: in the table of a group (tbl \x1f row \x1f col -> int64_t[2]). */
static bool ent_add(GHashTable *h, js_arena *a, const char *key, int64_t v, int64_t u)
{
    int64_t *sum = g_hash_table_lookup(h, key);
    if (!sum) {
        char *k = js_arena_strdup(a, key);
        sum = js_arena_calloc(a, 2, sizeof *sum);
        if (!k || !sum) return false;
        g_hash_table_insert(h, k, sum);
    }
    sum[0] += v;
    sum[1] += u;
    return true;
}

/* JSON text of s (UTF-8 as is; ", \ and control characters escaped). */
static void json_str(js_buf *b, const char *s)
{
    js_buf_putc(b, '"');
    const char *run = s;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c != '"' && c != '\\' && c >= 0x20) continue;
        js_buf_append(b, run, (size_t)(s - run));
        if (c == '"' || c == '\\') {
            js_buf_putc(b, '\\');
            js_buf_putc(b, (char)c);
        } else {
            js_buf_printf(b, "\\u%04x", c);
        }
        run = s + 1;
    }
    js_buf_append(b, run, (size_t)(s - run));
    js_buf_putc(b, '"');
}

typedef struct group {
    GHashTable *h; /* tbl \x1f row \x1f col -> int64_t[2] */
    js_arena *a;
    js_buf key;
    bool oom;
} group;

static bool group_ent(void *ud, const char *tbl, const char *row, const char *col, int64_t v,
                      int64_t u)
{
    group *g = ud;
    g->key.len = 0;
    js_buf_puts(&g->key, tbl);
    js_buf_putc(&g->key, '\x1f');
    js_buf_puts(&g->key, row);
    js_buf_putc(&g->key, '\x1f');
    js_buf_puts(&g->key, col);
    if (g->key.oom || !ent_add(g->h, g->a, g->key.data, v, u)) g->oom = true;
    return !g->oom;
}

/* The stored rows of a group being merged: each verified and decoded into g, its id kept. */
typedef struct rows_st {
    group *g;
    GArray *ids;
    int64_t bad; /* rows whose check value fails or whose data does not decode */
} rows_st;

static int stored_row(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    rows_st *r = ud;
    if (ncols < 3 || v[0].type != JS_SVAL_INT) return 1;
    g_array_append_val(r->ids, v[0].i);
    if (v[2].type != JS_SVAL_INT || v[2].i != 1 || v[1].type != JS_SVAL_TEXT ||
        !js_rsums_decode(v[1].s, group_ent, r->g))
        r->bad++;
    return r->g->oom;
}

/* One entry [tbl, row, col, value, units] of k (tbl \x1f row \x1f col) into b. */
static void json_entry(js_buf *b, const char *k, const int64_t sum[2], int *out)
{
    const char *c1 = strchr(k, '\x1f'), *c2 = c1 ? strchr(c1 + 1, '\x1f') : NULL;
    if (!c2) return;
    if ((*out)++) js_buf_putc(b, ',');
    js_buf_putc(b, '[');
    char *parts = g_strdup(k);
    parts[c1 - k] = parts[c2 - k] = '\0';
    json_str(b, parts);
    js_buf_putc(b, ',');
    json_str(b, parts + (c1 - k) + 1);
    js_buf_putc(b, ',');
    json_str(b, parts + (c2 - k) + 1);
    g_free(parts);
    char num[24];
    for (int j = 0; j < 2; j++) {
        js_buf_putc(b, ',');
        js_buf_append(b, num, (size_t)js_i64_text(sum[j], num));
    }
    js_buf_putc(b, ']');
}

/* The group's keys that do not add up to nothing, in key order, as a row's JSON data into b
 * (empty when none is left). */
static void group_json(group *g, js_buf *b)
{
    guint n = 0;
    gpointer *keys = g_hash_table_get_keys_as_array(g->h, &n);
    qsort(keys, n, sizeof *keys, js_strp_cmp);
    b->len = 0;
    js_buf_putc(b, '[');
    int out = 0;
    for (guint i = 0; i < n; i++) {
        const int64_t *sum = g_hash_table_lookup(g->h, keys[i]);
        /* a key adding up to nothing goes; one below nothing stays: on PostgreSQL a
         * merge may see a later row's minus without the rows holding its plus (being
         * merged by another loader at the same time), which it must not drop */
        if (sum[0] || sum[1]) json_entry(b, keys[i], sum, &out);
    }
    js_buf_putc(b, ']');
    g_free(keys);
    if (!out) b->len = 0;
}

/* The changes keys[from, to) of a group (in key order) as a row's JSON data into b,
 * keys whose value and units do not change left out (empty when none changes). */
static void changes_json(const rkey *keys, size_t from, size_t to, js_buf *b)
{
    b->len = 0;
    js_buf_putc(b, '[');
    int out = 0;
    for (size_t i = from; i < to; i++)
        if (keys[i].sum[0] || keys[i].sum[1])
            json_entry(b, keys[i].key + keys[i].glen, keys[i].sum, &out);
    js_buf_putc(b, ']');
    if (!out) b->len = 0;
}

/* The group's stored rows merged with its changes keys[from, to) into b (the rows
 * verified: JS_EINPUT when one fails; locked on PostgreSQL) and deleted. */
static int group_merge(js_store *s, const rkey *keys, size_t from, size_t to, const js_sval *p,
                       js_buf *b, js_err *err)
{
    static const char rows_sql[] = "SELECT id, data, " JS_RSUMS_OK
                                   " FROM region_sums WHERE year = ?1 AND region = ?2 ORDER BY id";
    static const char lock_sql[] =
        "SELECT id, data, " JS_RSUMS_OK
        " FROM region_sums WHERE year = ?1 AND region = ?2 ORDER BY id FOR UPDATE";
    static const char delete_sql[] = "DELETE FROM region_sums WHERE id = ?1";
    group g = {g_hash_table_new(g_str_hash, g_str_equal), js_arena_new(), {0}, false};
    js_buf_init(&g.key);
    g.oom = !g.a;
    rows_st r = {&g, g_array_new(FALSE, FALSE, sizeof(int64_t)), 0};
    int rc = s->ops->query(s, s->ops->copy ? lock_sql : rows_sql, p, 2, stored_row, &r, err);
    if (rc == JS_OK && r.bad) rc = js_store_sums_damaged(s, r.bad, err);
    for (size_t i = from; i < to && rc == JS_OK && !g.oom; i++)
        if (!ent_add(g.h, g.a, keys[i].key + keys[i].glen, keys[i].sum[0], keys[i].sum[1]))
            g.oom = true;
    if (rc == JS_OK && g.oom) rc = js_err_set(err, JS_EINTERNAL, "out of memory");
    if (rc == JS_OK) group_json(&g, b);
    for (guint i = 0; i < r.ids->len && rc == JS_OK; i++) {
        js_sval id = js_sval_int(g_array_index(r.ids, int64_t, i));
        rc = s->ops->query(s, delete_sql, &id, 1, NULL, NULL, err);
    }
    g_array_free(r.ids, TRUE);
    g_hash_table_destroy(g.h);
    js_arena_free(g.a);
    js_buf_release(&g.key);
    return rc;
}

/* One group: its changes appended as a row of their own, or, when it has RS_ROWS
 * rows already, its rows and changes merged into one row. */
#define RS_ROWS 16
static int group_write(js_store *s, const rkey *keys, size_t from, size_t to, js_buf *b,
                       js_err *err)
{
    static const char count_sql[] =
        "SELECT COUNT(*) FROM region_sums WHERE year = ?1 AND region = ?2";
    static const char insert_sql[] =
        "INSERT INTO region_sums (year, region, data, chk) SELECT y, r, d, " JS_RSUMS_CHK(
            "y", "r", "d") " FROM (SELECT CAST(?1 AS INTEGER) AS y, CAST(?2 AS TEXT) AS r, "
                           "CAST(?3 AS TEXT) AS d) AS x";
    const char *k = keys[from].key;
    size_t glen = keys[from].glen;
    char *yr = g_strndup(k, glen - 1), *sep = strchr(yr, '\x1f');
    if (!sep) {
        g_free(yr);
        return JS_OK;
    }
    *sep = '\0';
    js_sval p[3] = {js_sval_int(strtoll(yr, NULL, 10)), js_sval_text(sep + 1), js_sval_text(NULL)};
    int64_t nrows = 0;
    int rc = s->ops->query(s, count_sql, p, 2, first_count, &nrows, err);
    if (rc == JS_OK && nrows + 1 >= RS_ROWS)
        rc = group_merge(s, keys, from, to, p, b, err);
    else if (rc == JS_OK)
        changes_json(keys, from, to, b);
    if (rc == JS_OK && b->oom) rc = js_err_set(err, JS_EINTERNAL, "out of memory");
    if (rc == JS_OK && b->len) {
        js_buf_putc(b, '\0');
        p[2] = js_sval_text(b->data);
        rc = s->ops->query(s, insert_sql, p, 3, NULL, NULL, err);
    }
    g_free(yr);
    return rc;
}
#undef RS_ROWS

/* A year and region of the batch: its prefix (year \x1f region \x1f), its keys' number
 * and their place in the sorted keys. */
typedef struct rgroup {
    const char *key;
    size_t glen, n, at;
} rgroup;

static guint rgroup_hash(gconstpointer p)
{
    const rgroup *g = p;
    return js_fnv1a(2166136261u, g->key, g->glen);
}

static gboolean rgroup_eq(gconstpointer a, gconstpointer b)
{
    const rgroup *x = a, *y = b;
    return x->glen == y->glen && !memcmp(x->key, y->key, x->glen);
}

/* the prefixes' byte order: the order strcmp of the whole keys gives their groups, as
 * two prefixes differ within the shorter one (each holds exactly two \x1f, its last
 * byte one of them, so neither is the start of another) */
static int rgroup_cmp(const void *a, const void *b)
{
    const rgroup *x = *(const rgroup *const *)a, *y = *(const rgroup *const *)b;
    int c = memcmp(x->key, y->key, x->glen < y->glen ? x->glen : y->glen);
    return c ? c : (x->glen > y->glen) - (x->glen < y->glen);
}

/* keys of one group: their tails (tbl \x1f row \x1f col) in byte order */
static int rkey_tail_cmp(const void *a, const void *b)
{
    const rkey *x = a, *y = b;
    return strcmp(x->key + x->glen, y->key + y->glen);
}

/* The keys of h (the count rows left out) grouped by year and region, the groups and
 * each group's keys in byte order — the order of the keys sorted whole, which a batch's
 * rows must follow (one lock order for every loader), for a sort of each group's ~150
 * keys instead of the batch's ~80,000 (at 1,000 regions: strcmp was 5% of a SQLite
 * load). keys gets them in that order; *groups the groups in order (g_free them). */
static size_t rsums_order(GHashTable *h, rkey *keys, rgroup ***groups, size_t *ngroups, bool *oom)
{
    guint n = g_hash_table_size(h);
    rkey *all = malloc((n ? n : 1) * sizeof *all);
    rgroup **of = malloc((n ? n : 1) * sizeof *of);
    GHashTable *gh = g_hash_table_new_full(rgroup_hash, rgroup_eq, g_free, NULL);
    size_t m = 0;
    *groups = NULL;
    *ngroups = 0;
    GHashTableIter it;
    gpointer kp, vp;
    g_hash_table_iter_init(&it, h);
    while (all && of && g_hash_table_iter_next(&it, &kp, &vp)) {
        const char *k = kp, *r = strchr(k, '\x1f'), *t = r ? strchr(r + 1, '\x1f') : NULL;
        if (!t) continue;
        const char *te = strchr(t + 1, '\x1f');
        size_t tl = te ? (size_t)(te - t - 1) : 0;
        if (te && ((tl == 1 && t[1] == '#') || (tl == 2 && t[1] == 'Y' && t[2] == '#')))
            continue; /* a count row ('#', 'Y#': js_year_docs_tbl): in year_sums only */
        rgroup probe = {k, (size_t)(t - k) + 1, 0, 0}, *g = g_hash_table_lookup(gh, &probe);
        if (!g) {
            g = g_memdup2(&probe, sizeof probe);
            g_hash_table_add(gh, g);
        }
        g->n++;
        of[m] = g;
        all[m++] = (rkey){k, probe.glen, vp};
    }
    *oom = !all || !of;
    guint ng = 0;
    rgroup **gl = *oom ? NULL : (rgroup **)g_hash_table_get_keys_as_array(gh, &ng);
    if (gl) qsort(gl, ng, sizeof *gl, rgroup_cmp);
    size_t at = 0;
    for (size_t i = 0; i < ng; i++) {
        gl[i]->at = at;
        at += gl[i]->n;
        gl[i]->n = 0; /* counted again as the keys are placed */
    }
    for (size_t i = 0; gl && i < m; i++)
        keys[of[i]->at + of[i]->n++] = all[i];
    for (size_t i = 0; i < ng; i++)
        qsort(keys + gl[i]->at, gl[i]->n, sizeof *keys, rkey_tail_cmp);
    free(all);
    free(of);
    g_hash_table_steal_all(gh); /* the groups live on in gl */
    g_hash_table_destroy(gh);
    *groups = gl;
    *ngroups = ng;
    return m;
}

int js_rsums_add(js_store *s, GHashTable *h, js_err *err)
{
    guint n = g_hash_table_size(h);
    rkey *keys = malloc((n ? n : 1) * sizeof *keys);
    if (!keys) return js_err_set(err, JS_EINTERNAL, "out of memory");
    rgroup **gl = NULL;
    size_t ng = 0;
    bool oom = false;
    rsums_order(h, keys, &gl, &ng, &oom);
    int rc = oom ? js_err_set(err, JS_EINTERNAL, "out of memory") : JS_OK;
    js_buf b;
    js_buf_init(&b);
    for (size_t i = 0; i < ng && rc == JS_OK; i++)
        rc = group_write(s, keys, gl[i]->at, gl[i]->at + gl[i]->n, &b, err);
    for (size_t i = 0; i < ng; i++)
        g_free(gl[i]);
    g_free(gl);
    js_buf_release(&b);
    free(keys);
    return rc;
}

/* ---- reading ------------------------------------------------------------------ */

static bool no_entry(void *ud, const char *t, const char *r, const char *c, int64_t v, int64_t u)
{
    (void)ud, (void)t, (void)r, (void)c, (void)v, (void)u;
    return true;
}

typedef struct rd {
    js_rsums_fn fn;
    void *ud;
    int64_t nbad;
} rd;

static int rd_row(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    rd *r = ud;
    if (ncols < 2) return 1;
    /* a row damaged part-way hands on none of its entries: read through once first */
    if (v[1].type != JS_SVAL_INT || v[1].i != 1 || v[0].type != JS_SVAL_TEXT ||
        !js_rsums_decode(v[0].s, no_entry, NULL) || !js_rsums_decode(v[0].s, r->fn, r->ud))
        r->nbad++;
    return 0;
}

int js_rsums_read(js_store *s, const char *sql, const js_sval *p, int np, js_rsums_fn fn, void *ud,
                  int64_t *nbad, js_err *err)
{
    rd r = {fn, ud, 0};
    int rc = js_store_query(s, sql, p, np, rd_row, &r, err);
    *nbad += r.nbad;
    return rc;
}
