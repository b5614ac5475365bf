/*
 * check_sums.c - `db check` of the roll-up sums (issue #17): each year's
 * region_sums rows read once, decoded and added per region and key in C, set
 * against the year's current documents' facts summed per region and key, and
 * their totals over the regions against year_sums.
 *
 * Until session 10 two SQL statements did this through the view `sums`, which
 * decoded every row's JSON in SQL, grouped it, and was computed twice (once
 * against the facts, once against year_sums): 320 s at 100,000 documents on
 * SQLite; on PostgreSQL one row whose data was not JSON made the view raise
 * and `db check` stop there. Here a row that cannot be read is itself a
 * problem, and the check goes on. The problems are those of the SQL (EXCEPT
 * both ways): a key whose sums differ from the facts is listed as differing,
 * and its stored sums as having no facts; at most 100 of each kind.
 */
#include "juesuan/store.h"
#include "store_impl.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MOST 100 /* problems listed of the sums, and of the year's sums */

/* the sums of one key: value and units added, bad when a stored value was no integer */
typedef struct kv {
    int64_t v, u;
    bool bad;
} kv;

/* key -> kv, keys and values in the arena */
typedef struct side {
    GHashTable *h;
    js_arena *a;
    bool oom;
} side;

typedef struct ck {
    js_store *s;
    js_rtable *out;
    js_err *err;
    int rc;
    int64_t nbad[2]; /* problems: the sums, the year's sums */
    int64_t year;
    side facts, sums, ytot, ystored;
    js_buf key;
    const char *region; /* of the row being decoded */
    /* PostgreSQL, in the check's transaction: a failed statement would abort it and every
     * later one fail, so each runs under a savepoint given back when it fails */
    bool savepoints;
} ck;

/* js_store_query, under a savepoint when c->savepoints: a step that fails on damage
 * (JS_EINPUT) leaves the transaction usable for the next steps. */
static int guarded(ck *c, const char *sql, const js_sval *p, int np, js_store_row_fn fn, void *ud,
                   js_err *e)
{
    if (c->savepoints) {
        int rc = c->s->ops->query(c->s, "SAVEPOINT js_check_step", NULL, 0, NULL, NULL, e);
        if (rc != JS_OK) return rc;
    }
    int rc = js_store_query(c->s, sql, p, np, fn, ud, e);
    if (c->savepoints) {
        js_err e2;
        js_err_clear(&e2);
        int r2 = c->s->ops->query(c->s,
                                  rc == JS_OK ? "RELEASE SAVEPOINT js_check_step"
                                              : "ROLLBACK TO SAVEPOINT js_check_step",
                                  NULL, 0, NULL, NULL, &e2);
        if (r2 != JS_OK && rc == JS_OK) {
            *e = e2;
            rc = r2 == JS_EINPUT ? JS_EINTERNAL : r2;
        }
    }
    return rc;
}

static void side_init(side *d)
{
    d->h = g_hash_table_new(g_str_hash, g_str_equal);
    d->a = js_arena_new();
    d->oom = !d->a;
}

static void side_free(side *d)
{
    if (d->h) g_hash_table_destroy(d->h);
    js_arena_free(d->a);
    memset(d, 0, sizeof *d);
}

static kv *side_get(side *d, const char *key)
{
    kv *x = g_hash_table_lookup(d->h, key);
    if (x || d->oom) return x;
    char *k = js_arena_strdup(d->a, key);
    x = js_arena_calloc(d->a, 1, sizeof *x);
    if (!k || !x) {
        d->oom = true;
        return NULL;
    }
    g_hash_table_insert(d->h, k, x);
    return x;
}

/* parts joined by \x1f into c->key (NUL-terminated) */
static const char *join(ck *c, const char *const *parts, int n)
{
    c->key.len = 0;
    for (int i = 0; i < n; i++) {
        if (i) js_buf_putc(&c->key, '\x1f');
        js_buf_puts(&c->key, parts[i]);
    }
    js_buf_putc(&c->key, '\0');
    return c->key.oom ? NULL : c->key.data;
}

/* A value as the SQL's text of it: text as is, an integer in decimal, else "". */
static const char *sv_text(const js_sval *v, char num[24])
{
    if (v->type == JS_SVAL_TEXT) return v->s;
    if (v->type != JS_SVAL_INT) return "";
    num[js_i64_text(v->i, num)] = '\0';
    return num;
}

static void add(ck *c, side *d, const char *const *parts, int n, const js_sval *v, const js_sval *u)
{
    const char *key = join(c, parts, n);
    kv *x = key ? side_get(d, key) : NULL;
    if (!x) {
        d->oom = true;
        return;
    }
    /* a value that is no integer, or sums past 64 bits (the SQL raised), is a bad key */
    if (v->type != JS_SVAL_INT || __builtin_add_overflow(x->v, v->i, &x->v)) x->bad = true;
    if (u && (u->type != JS_SVAL_INT || __builtin_add_overflow(x->u, u->i, &x->u))) x->bad = true;
    if (!u && __builtin_add_overflow(x->u, 1, &x->u)) x->bad = true;
}

static void problem(ck *c, int kind, const char *detail)
{
    if (c->rc != JS_OK || c->nbad[kind] >= MOST) return;
    c->nbad[kind]++;
    const char *cells[3] = {kind ? "year sums" : "sums", "", detail};
    c->rc = js_rtable_add(c->out, cells, c->err);
}

/* ---- reading one year ------------------------------------------------------- */

/* region, tbl, row_key, col_key, value: a current document's fact */
static int fact_row(void *ud, int ncols, const js_sval *x, const char *const *names)
{
    (void)names;
    ck *c = ud;
    if (ncols != 5) return 1;
    char n[4][24];
    const char *parts[4];
    for (int i = 0; i < 4; i++)
        parts[i] = sv_text(&x[i], n[i]);
    add(c, &c->facts, parts, 4, &x[4], NULL);
    return c->facts.oom;
}

static bool no_entry(void *ud, const char *t, const char *r, const char *k, int64_t v, int64_t u)
{
    (void)ud, (void)t, (void)r, (void)k, (void)v, (void)u;
    return true;
}

static bool sums_entry(void *ud, const char *t, const char *r, const char *k, int64_t v, int64_t u)
{
    ck *c = ud;
    const char *parts[4] = {c->region, t, r, k};
    js_sval sv = js_sval_int(v), su = js_sval_int(u);
    add(c, &c->sums, parts, 4, &sv, &su);
    return !c->sums.oom;
}

/* region, data: a row of region_sums, its entries added when the whole row reads */
static int sums_row(void *ud, int ncols, const js_sval *x, const char *const *names)
{
    (void)names;
    ck *c = ud;
    if (ncols != 2) return 1;
    char n[24], msg[300];
    c->region = sv_text(&x[0], n);
    const char *data = x[1].type == JS_SVAL_TEXT ? x[1].s : NULL;
    if (!js_rsums_decode(data, no_entry, NULL)) {
        snprintf(msg, sizeof msg, "year %lld region %s: a row of the sums cannot be read",
                 (long long)c->year, c->region);
        problem(c, 0, msg);
    } else if (!js_rsums_decode(data, sums_entry, c)) {
        return 1; /* out of memory */
    }
    return c->rc != JS_OK;
}

/* tbl, row_key, col_key, value, units: a row of year_sums (stored), or the year's
 * documents counted (kind, '', '', facts, documents: added to the regions' totals) */
static int year_row(ck *c, side *d, int ncols, const js_sval *x)
{
    if (ncols != 5) return 1;
    char n[3][24];
    const char *parts[3];
    for (int i = 0; i < 3; i++)
        parts[i] = sv_text(&x[i], n[i]);
    add(c, d, parts, 3, &x[3], &x[4]);
    return d->oom;
}

static int docs_row(void *ud, int ncols, const js_sval *x, const char *const *names)
{
    (void)names;
    return year_row(ud, &((ck *)ud)->ytot, ncols, x);
}

static int stored_row(void *ud, int ncols, const js_sval *x, const char *const *names)
{
    (void)names;
    return year_row(ud, &((ck *)ud)->ystored, ncols, x);
}

/* ---- comparing -------------------------------------------------------------- */

static bool kv_eq(const kv *a, const kv *b)
{
    return a && b && !a->bad && !b->bad && a->v == b->v && a->u == b->u;
}

/* The keys of a that b does not hold with the same sums, in key order: what. The key
 * is region \x1f tbl \x1f row \x1f col (kind 0) or tbl \x1f row \x1f col (1). */
static void except(ck *c, int kind, side *a, side *b, const char *what)
{
    guint n = 0;
    gpointer *keys = g_hash_table_get_keys_as_array(a->h, &n);
    qsort(keys, n, sizeof *keys, js_strp_cmp);
    for (guint i = 0; i < n && c->rc == JS_OK && c->nbad[kind] < MOST; i++) {
        const char *k = keys[i];
        if (kv_eq(g_hash_table_lookup(a->h, k), g_hash_table_lookup(b->h, k))) continue;
        /* "year Y region R: tbl row col what" (kind 0), "year Y: tbl row col what" (1) */
        char *t = g_strdup(k), msg[600];
        char *sep = kind ? NULL : strchr(t, '\x1f');
        if (sep) *sep = '\0';
        for (char *p = sep ? sep + 1 : t; *p; p++)
            if (*p == '\x1f') *p = ' ';
        if (sep)
            snprintf(msg, sizeof msg, "year %lld region %s: %s %s", (long long)c->year, t, sep + 1,
                     what);
        else
            snprintf(msg, sizeof msg, "year %lld: %s %s", (long long)c->year, t, what);
        g_free(t);
        problem(c, kind, msg);
    }
    g_free(keys);
}

/* The regions' sums (that have units left: the view's HAVING) added per key into ytot. */
static void year_totals(ck *c)
{
    GHashTableIter it;
    gpointer kp, vp;
    g_hash_table_iter_init(&it, c->sums.h);
    while (g_hash_table_iter_next(&it, &kp, &vp)) {
        kv *x = vp;
        const char *k = strchr(kp, '\x1f');
        if (x->u <= 0 || !k) continue;
        kv *t = side_get(&c->ytot, k + 1);
        if (!t) return;
        if (__builtin_add_overflow(t->v, x->v, &t->v) ||
            __builtin_add_overflow(t->u, x->u, &t->u) || x->bad)
            t->bad = true;
    }
}

/* The stored sums with no units left are no row of the view: out before comparing. */
static gboolean spent(gpointer k, gpointer v, gpointer ud)
{
    (void)k, (void)ud;
    return ((const kv *)v)->u <= 0;
}

/* One query of the year: a step that could not run (damage the engine reports) is
 * a problem of kind; other failures stop the check. */
static void run(ck *c, int kind, const char *sql, js_store_row_fn fn)
{
    if (c->rc != JS_OK) return;
    js_err e;
    js_err_clear(&e);
    js_sval p = js_sval_int(c->year);
    int rc = guarded(c, sql, &p, 1, fn, c, &e);
    if (rc == JS_OK) return;
    if (rc != JS_EINPUT) {
        *c->err = e;
        c->rc = rc;
        return;
    }
    problem(c, kind, e.msg);
}

static void check_year(ck *c)
{
    static const char facts_sql[] =
        "SELECT COALESCE(d.region, ''), f.tbl, f.row_key, f.col_key, f.value FROM documents d "
        "JOIN facts f ON f.doc_id = d.id WHERE d.year = ?1 AND d.current = 1";
    static const char sums_sql[] = "SELECT region, data FROM region_sums WHERE year = ?1";
    static const char docs_sql[] =
        "SELECT " JS_YEAR_DOCS_TBL("form") " AS kind, '', '', SUM(nfacts), COUNT(*) FROM "
                                           "documents WHERE current = 1 AND year = ?1 AND year "
                                           "> 0 GROUP BY 1";
    static const char year_sql[] =
        "SELECT tbl, row_key, col_key, value, units FROM year_sums WHERE year = ?1";
    side *all[4] = {&c->facts, &c->sums, &c->ytot, &c->ystored};
    for (int i = 0; i < 4; i++)
        side_init(all[i]);
    run(c, 0, facts_sql, fact_row);
    run(c, 0, sums_sql, sums_row);
    g_hash_table_foreach_remove(c->sums.h, spent, NULL);
    except(c, 0, &c->facts, &c->sums, "differs from the facts");
    except(c, 0, &c->sums, &c->facts, "has no facts");
    year_totals(c);
    run(c, 1, docs_sql, docs_row);
    run(c, 1, year_sql, stored_row);
    except(c, 1, &c->ytot, &c->ystored, "differs from the sums of its regions");
    except(c, 1, &c->ystored, &c->ytot, "is in no region's sums");
    for (int i = 0; i < 4 && c->rc == JS_OK; i++)
        if (all[i]->oom || c->key.oom) c->rc = js_err_set(c->err, JS_EINTERNAL, "out of memory");
    for (int i = 0; i < 4; i++)
        side_free(all[i]);
}

static int year_of(void *ud, int ncols, const js_sval *x, const char *const *names)
{
    (void)names;
    if (ncols == 1 && x[0].type == JS_SVAL_INT) g_array_append_val((GArray *)ud, x[0].i);
    return 0;
}

int js_store_check_sums(js_store *s, js_rtable *out, int64_t *nbad, js_err *err)
{
    static const char years_sql[] =
        "SELECT year FROM documents WHERE current = 1 AND year IS NOT NULL UNION SELECT year "
        "FROM region_sums UNION SELECT year FROM year_sums ORDER BY 1";
    ck c;
    memset(&c, 0, sizeof c);
    c.s = s;
    c.out = out;
    c.err = err;
    js_buf_init(&c.key);
    GArray *years = g_array_new(FALSE, FALSE, sizeof(int64_t));
    js_err e;
    js_err_clear(&e);
    /* every statement of the check in one snapshot: a load committing meanwhile would
     * show the facts of one state against the sums of another (false problems) */
    bool pg = s->ops->copy != NULL;
    int rc = s->ops->query(s, pg ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN",
                           NULL, 0, NULL, NULL, err);
    bool in_tx = rc == JS_OK;
    c.savepoints = pg && in_tx;
    if (rc == JS_OK) rc = guarded(&c, years_sql, NULL, 0, year_of, years, &e);
    if (rc == JS_EINPUT) {
        problem(&c, 0, e.msg);
        rc = JS_OK;
    } else if (rc != JS_OK) {
        *err = e;
    }
    for (guint i = 0; rc == JS_OK && i < years->len && c.rc == JS_OK; i++) {
        c.year = g_array_index(years, int64_t, i);
        check_year(&c);
    }
    if (rc == JS_OK) rc = c.rc;
    if (in_tx) s->ops->query(s, "ROLLBACK", NULL, 0, NULL, NULL, NULL); /* read only */
    g_array_free(years, TRUE);
    js_buf_release(&c.key);
    *nbad += c.nbad[0] + c.nbad[1];
    return rc;
}
