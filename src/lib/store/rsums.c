/*
 * rsums.c - the roll-up sums of a year and region in one row (region_sums,
 * schema version 9, issue #17).
 *
 * A row holds every key of its year and region: data is a JSON array of
 * [tbl, row_key, col_key, value, units] in key order (byte order), chk its
 * check value (store_impl.h JS_RSUMS_CHK). A batch changes each (year,
 * region) it touches once: its row read (and verified: a damaged row is not
 * built on), the batch's changes added in memory, the row written again
 * (deleted when no key has a unit left). At 1,000 regions a document is about
 * alone in its region in a batch: it wrote ~150 rows of sums (one a key), now
 * one row. The reports read a region's row and add its keys here; `sums` is a
 * view of the rows' keys for SQL (schema.c), used by `db check` and the tests.
 * On PostgreSQL the rows are locked in key order (an empty row inserted first
 * when there is none, then SELECT … FOR UPDATE), as every loader does: two
 * loaders of a region take turns without deadlock, and lose no change.
 */
#include "juesuan/store.h"
#include "store_impl.h"

#include <glib.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* a key of the batch: year \x1f region \x1f tbl \x1f row_key \x1f col_key */
typedef struct rkey {
    const char *key;
    size_t glen; /* the length of "year \x1f region \x1f": the group */
    const int64_t *sum;
} rkey;

static int rkey_cmp(const void *a, const void *b)
{
    return strcmp(((const rkey *)a)->key, ((const rkey *)b)->key);
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

/* The entries of a row's data handed to fn (tbl, row, col, value, units);
 * false when data is not such an array (a damaged row) or fn returns false. */
static bool rsums_decode(const char *data, js_rsums_fn fn, void *ud)
{
    json_error_t jerr;
    json_t *a = json_loads(data, JSON_REJECT_DUPLICATES, &jerr);
    bool ok = a && json_is_array(a);
    size_t i;
    json_t *e;
    json_array_foreach(ok ? a : NULL, i, e)
    {
        json_t *x[5];
        for (int k = 0; k < 5; k++)
            x[k] = json_array_get(e, (size_t)k);
        ok = json_is_array(e) && json_array_size(e) == 5 && json_is_string(x[0]) &&
             json_is_string(x[1]) && json_is_string(x[2]) && json_is_integer(x[3]) &&
             json_is_integer(x[4]) &&
             fn(ud, json_string_value(x[0]), json_string_value(x[1]), json_string_value(x[2]),
                json_integer_value(x[3]), json_integer_value(x[4]));
        if (!ok) break;
    }
    json_decref(a);
    return ok;
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

/* The old row of a group: data (NULL: none) and whether its check value holds. */
typedef struct oldrow {
    char *data;
    bool ok, seen;
} oldrow;

static int old_row(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    oldrow *o = ud;
    if (ncols < 2) return 1;
    o->seen = true;
    o->ok = v[1].type == JS_SVAL_INT && v[1].i == 1;
    free(o->data);
    o->data = v[0].type == JS_SVAL_TEXT ? strdup(v[0].s) : NULL;
    if (v[0].type == JS_SVAL_TEXT && !o->data) o->ok = false;
    return 1;
}

/* The group's keys with a unit left, in key order, as the row's JSON data into b. */
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
        if (sum[1] <= 0) continue; /* no unit left: the key goes */
        const char *k = keys[i], *c1 = strchr(k, '\x1f'), *c2 = c1 ? strchr(c1 + 1, '\x1f') : NULL;
        if (!c2) continue;
        if (out++) js_buf_putc(b, ',');
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
    js_buf_putc(b, ']');
    g_free(keys);
    if (!out) b->len = 0; /* nothing left: the row goes */
}

/* One group: its row read (locked on PostgreSQL), the changes keys[from, to) added, written. */
static int group_write(js_store *s, const rkey *keys, size_t from, size_t to, js_buf *b,
                       js_err *err)
{
    static const char read_sql[] =
        "SELECT data, " JS_RSUMS_OK " FROM region_sums WHERE year = ?1 AND region = ?2";
    static const char lock_sql[] =
        "SELECT data, " JS_RSUMS_OK " FROM region_sums WHERE year = ?1 AND region = ?2 FOR UPDATE";
    static const char empty_sql[] =
        "INSERT INTO region_sums (year, region, data, chk) SELECT y, r, '[]', " JS_RSUMS_CHK(
            "y", "r", "'[]'") " FROM (SELECT CAST(?1 AS INTEGER) AS y, CAST(?2 AS TEXT) AS r) AS "
                              "x WHERE 1 = 1 ON CONFLICT DO NOTHING";
    static const char write_sql[] =
        "INSERT INTO region_sums (year, region, data, chk) SELECT y, r, d, " JS_RSUMS_CHK(
            "y", "r", "d") " FROM (SELECT CAST(?1 AS INTEGER) AS y, CAST(?2 AS TEXT) AS r, "
                           "CAST(?3 AS TEXT) AS d) AS x WHERE 1 = 1 ON CONFLICT (year, region) DO "
                           "UPDATE SET data = excluded.data, chk = excluded.chk";
    static const char delete_sql[] = "DELETE FROM region_sums WHERE year = ?1 AND region = ?2";
    const char *k = keys[from].key;
    size_t glen = keys[from].glen;
    char *yr = g_strndup(k, glen - 1), *sep = strchr(yr, '\x1f');
    if (!sep) {
        g_free(yr);
        return JS_OK;
    }
    *sep = '\0';
    js_sval p[3] = {js_sval_int(strtoll(yr, NULL, 10)), js_sval_text(sep + 1), js_sval_text(NULL)};
    bool pg = s->ops->copy != NULL;
    int rc = pg ? s->ops->query(s, empty_sql, p, 2, NULL, NULL, err) : JS_OK;
    oldrow o = {NULL, false, false};
    if (rc == JS_OK) rc = s->ops->query(s, pg ? lock_sql : read_sql, p, 2, old_row, &o, err);
    group g = {g_hash_table_new(g_str_hash, g_str_equal), js_arena_new(), {0}, false};
    js_buf_init(&g.key);
    g.oom = !g.a;
    if (rc == JS_OK && o.seen && (!o.ok || !o.data || !rsums_decode(o.data, group_ent, &g)))
        rc = g.oom ? js_err_set(err, JS_EINTERNAL, "out of memory")
                   : js_store_sums_damaged(s, 1, err);
    for (size_t i = from; i < to && rc == JS_OK && !g.oom; i++)
        if (!ent_add(g.h, g.a, keys[i].key + glen, keys[i].sum[0], keys[i].sum[1])) g.oom = true;
    if (rc == JS_OK && g.oom) rc = js_err_set(err, JS_EINTERNAL, "out of memory");
    if (rc == JS_OK) {
        group_json(&g, b);
        if (b->oom) rc = js_err_set(err, JS_EINTERNAL, "out of memory");
    }
    if (rc == JS_OK && b->len) {
        js_buf_putc(b, '\0');
        p[2] = js_sval_text(b->data);
        rc = s->ops->query(s, write_sql, p, 3, NULL, NULL, err);
    } else if (rc == JS_OK && (o.seen || pg)) {
        rc = s->ops->query(s, delete_sql, p, 2, NULL, NULL, err);
    }
    free(o.data);
    g_hash_table_destroy(g.h);
    js_arena_free(g.a);
    js_buf_release(&g.key);
    g_free(yr);
    return rc;
}

int js_rsums_add(js_store *s, GHashTable *h, js_err *err)
{
    guint n = g_hash_table_size(h);
    rkey *keys = malloc((n ? n : 1) * sizeof *keys);
    if (!keys) return js_err_set(err, JS_EINTERNAL, "out of memory");
    size_t m = 0;
    GHashTableIter it;
    gpointer kp, vp;
    g_hash_table_iter_init(&it, h);
    while (g_hash_table_iter_next(&it, &kp, &vp)) {
        const char *k = kp, *r = strchr(k, '\x1f'), *t = r ? strchr(r + 1, '\x1f') : NULL;
        if (!t) continue;
        const char *te = strchr(t + 1, '\x1f');
        char tbl[8];
        size_t tl = te ? (size_t)(te - t - 1) : 0;
        if (!te || tl >= sizeof tbl) tl = 0;
        memcpy(tbl, t + 1, tl);
        tbl[tl] = '\0';
        if (te && js_year_docs_tbl(tbl)) continue; /* counted in year_sums only */
        /* a key whose changes add up to nothing still has its row read and verified */
        keys[m++] = (rkey){k, (size_t)(t - k) + 1, vp};
    }
    qsort(keys, m, sizeof *keys, rkey_cmp); /* each (year, region) together, in one order */
    js_buf b;
    js_buf_init(&b);
    int rc = JS_OK;
    for (size_t i = 0; i < m && rc == JS_OK;) {
        size_t j = i + 1;
        while (j < m && keys[j].glen == keys[i].glen &&
               !memcmp(keys[j].key, keys[i].key, keys[i].glen))
            j++;
        rc = group_write(s, keys, i, j, &b, err);
        i = j;
    }
    js_buf_release(&b);
    free(keys);
    return rc;
}

/* ---- reading ------------------------------------------------------------------ */

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
    if (v[1].type != JS_SVAL_INT || v[1].i != 1 || v[0].type != JS_SVAL_TEXT ||
        !rsums_decode(v[0].s, r->fn, r->ud))
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
