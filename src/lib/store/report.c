/*
 * report.c - the analyses over a store: roll-up (汇总) of units into their
 * department or region with a consistency check of the rolled-up tables,
 * rankings by a metric, and one department's two years side by side.
 *
 * Only portable SQL through js_store_query, so every backend answers the same.
 * Sums are exact (INTEGER fen in SQL, int64 here); percentages come from
 * js_ratio (exact, half away from zero). When a department has several
 * documents for one year (a text and a PDF of the same disclosure), the one
 * loaded last counts.
 */
#include "juesuan/store.h"
#include "juesuan/model.h"
#include "juesuan/template.h"
#include "store_impl.h"

#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- shared helpers ------------------------------------------------------ */

static const char *pct_text(int64_t p, int64_t q, char *buf, size_t size)
{
    if (q == 0) return "—";
    char num[48];
    js_num n = js_ratio(p, q, 2, true);
    snprintf(buf, size, "%s%%", js_num_fmt(n, num, sizeof num));
    return buf;
}

/* ---- roll-up ------------------------------------------------------------------ */

typedef struct sum_key {
    char *tbl, *row, *col;
    int64_t value;
    int units;
} sum_key;

typedef struct sums {
    sum_key *k;
    int n, cap;
    int units;            /* documents rolled up */
    int64_t nunits, nbad; /* units of every row read; rows whose check value fails */
    js_err *err;
    int rc;
} sums;

static int sums_row(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    sums *s = ud;
    if (ncols < 6) return 1;
    s->nunits += v[4].i;
    s->nbad += v[5].i;
    if (s->n == s->cap) {
        int cap = s->cap ? s->cap * 2 : 256;
        sum_key *k = realloc(s->k, (size_t)cap * sizeof *k);
        if (!k) {
            s->rc = js_err_set(s->err, JS_EINTERNAL, "out of memory");
            return 1;
        }
        s->k = k;
        s->cap = cap;
    }
    sum_key *k = &s->k[s->n];
    k->tbl = strdup(v[0].s ? v[0].s : "");
    k->row = strdup(v[1].s ? v[1].s : "");
    k->col = strdup(v[2].s ? v[2].s : "");
    k->value = v[3].i;
    k->units = (int)v[4].i;
    if (!k->tbl || !k->row || !k->col) {
        free(k->tbl);
        free(k->row);
        free(k->col);
        s->rc = js_err_set(s->err, JS_EINTERNAL, "out of memory");
        return 1;
    }
    s->n++;
    return 0;
}

static bool is_code3(const char *s)
{
    return s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' && s[2] >= '0' && s[2] <= '9' &&
           s[3] == '\0';
}

/*
 * A term of an identity: table, row, column. A row "*" is the Σ of the 类
 * rows (3-digit codes); a row "支出:*" the Σ of the 支出: 类 rows.
 */
typedef struct term {
    const char *tbl, *row, *col;
} term;

static bool term_value(const sums *s, const term *t, int64_t *v)
{
    bool any = false;
    size_t plen = strlen(t->row);
    bool wild = plen > 0 && t->row[plen - 1] == '*';
    for (int i = 0; i < s->n; i++) {
        const sum_key *k = &s->k[i];
        if (strcmp(k->tbl, t->tbl) != 0 || strcmp(k->col, t->col) != 0) continue;
        if (wild) {
            if (strncmp(k->row, t->row, plen - 1) != 0 || !is_code3(k->row + plen - 1)) continue;
        } else if (strcmp(k->row, t->row) != 0) {
            continue;
        }
        *v += k->value;
        any = true;
    }
    return any;
}

static bool table_present(const sums *s, const char *tbl)
{
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->k[i].tbl, tbl) == 0) return true;
    return false;
}

/* A cell of a `rollup` record as a term. */
static term term_of(const js_tpl_ref *r)
{
    return (term){js_table_id(r->no), r->row, r->col};
}

/* One side of an identity: its terms summed into *v; whether any was printed,
 * and (*absent) whether a table of it no unit printed. */
static bool side_value(const sums *s, const js_tpl_ref *refs, int n, int64_t *v, bool *absent)
{
    bool any = false;
    for (int k = 0; k < n; k++) {
        term t = term_of(&refs[k]);
        if (!table_present(s, t.tbl)) *absent = true;
        any |= term_value(s, &t, v);
    }
    return any;
}

/* The identities are the form data's `rollup` records (data/templates/templates.tsv). */
static int check_identities(const sums *s, const js_templates *data, js_rtable *checks, int *nfail,
                            js_err *err)
{
    static const char *const cols[] = {"identity", "left", "right", "difference", "result"};
    int rc = js_rtable_init(checks, 5, cols, err);
    if (rc != JS_OK) return rc;
    checks->right[1] = checks->right[2] = checks->right[3] = true;
    js_templates *own = data ? NULL : js_templates_new(err);
    if (!data && !own) return err ? err->status : JS_EINTERNAL;
    int n;
    const js_tpl_rollup *ids = js_templates_rollups(data ? data : own, &n);
    for (int i = 0; rc == JS_OK && i < n; i++) {
        const js_tpl_rollup *id = &ids[i];
        int64_t l = 0, r = 0;
        bool absent = false;
        bool any = side_value(s, id->left, id->nleft, &l, &absent);
        any |= side_value(s, id->right, id->nright, &r, &absent);
        if (absent) continue; /* a table no unit printed: nothing to compare */
        if (!any) continue;   /* neither side printed by any unit */
        char a[48], b[48], d[48];
        bool ok = l == r;
        if (!ok) (*nfail)++;
        const char *cells[5] = {id->label, js_store_wan(l, a, sizeof a),
                                js_store_wan(r, b, sizeof b), js_store_wan(l - r, d, sizeof d),
                                ok ? "ok" : "differs"};
        rc = js_rtable_add(checks, cells, err);
    }
    js_templates_free(own);
    return rc;
}

/* The documents a roll-up counts: the current (latest) one of each dept and year
 * of the kind ?4 ('决算' or '预算': budgets are never summed with final accounts),
 * of the region ?2 (or any region starting with it) when REGION is REGION_IN. */
#define ROLLUP_DOCS(REGION)                                                                        \
    "SELECT id, nfacts FROM documents WHERE year = ?1 AND current = 1 AND " REGION " "             \
    "AND (CAST(?3 AS TEXT) IS NULL OR substr(dept, 1, length(?3)) = ?3) "                          \
    "AND " JS_KIND_OF("form") " = CAST(?4 AS TEXT)"
/* A region prefix as a range of the index (?2 <= region < ?5: the next string
 * after every one starting with ?2, region_after) and exactly; or any region
 * (?2 and ?5 NULL, still named: both backends want every parameter used). */
#define REGION_IN "region >= ?2 AND region < ?5 AND substr(region, 1, length(?2)) = ?2"
#define REGION_ANY "CAST(?2 AS TEXT) IS NULL AND CAST(?5 AS TEXT) IS NULL"
/* The sums rows of kind p: a budget's tables are Y01… (spec/facts.md), final accounts' 01–09. */
#define SUMS_KIND(p) "(CASE WHEN tbl LIKE 'Y%' THEN '预算' ELSE '决算' END) = CAST(" p " AS TEXT)"

/*
 * The smallest text after every text that starts with prefix (byte order,
 * which is the order of COLLATE "C" and of SQLite): its last character's code
 * point + 1 (past the surrogates), a character U+10FFFF dropped first. False
 * when there is none (an empty prefix, or one of U+10FFFF only).
 */
static bool region_after(const char *prefix, char *out, size_t size)
{
    size_t n = strlen(prefix);
    if (n + 4 >= size) return false;
    memcpy(out, prefix, n + 1);
    while (n > 0) {
        size_t k = n - 1;
        while (k > 0 && ((unsigned char)out[k] & 0xC0) == 0x80)
            k--;
        int32_t cp = 0;
        if (js_utf8_decode(out + k, n - k, &cp) <= 0) return false;
        if (cp >= 0x10FFFF) {
            n = k;
            continue;
        }
        cp = cp + 1 == 0xD800 ? 0xE000 : cp + 1;
        unsigned char *u = (unsigned char *)out + k;
        if (cp < 0x80) {
            u[0] = (unsigned char)cp;
            n = k + 1;
        } else if (cp < 0x800) {
            u[0] = (unsigned char)(0xC0 | cp >> 6);
            u[1] = (unsigned char)(0x80 | (cp & 0x3F));
            n = k + 2;
        } else if (cp < 0x10000) {
            u[0] = (unsigned char)(0xE0 | cp >> 12);
            u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
            u[2] = (unsigned char)(0x80 | (cp & 0x3F));
            n = k + 3;
        } else {
            u[0] = (unsigned char)(0xF0 | cp >> 18);
            u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
            u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
            u[3] = (unsigned char)(0x80 | (cp & 0x3F));
            n = k + 4;
        }
        out[n] = '\0';
        return true;
    }
    return false;
}

static int collect_ids(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    GArray *a = ud;
    if (ncols > 0 && v[0].type == JS_SVAL_INT) g_array_append_val(a, v[0].i);
    return 0;
}

/* One document's facts added to the sums per key (tbl \x1f row \x1f col). */
static int unit_fact(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    GHashTable *h = ud;
    if (ncols < 4) return 1;
    char *key = g_strdup_printf("%s\x1f%s\x1f%s", v[0].s ? v[0].s : "", v[1].s ? v[1].s : "",
                                v[2].s ? v[2].s : "");
    int64_t *sum = g_hash_table_lookup(h, key);
    if (!sum) {
        sum = g_new0(int64_t, 2);
        g_hash_table_insert(h, key, sum);
    } else {
        g_free(key);
    }
    sum[0] += v[3].i;
    sum[1]++;
    return 0;
}

/* The keys of h (tbl \x1f row \x1f col -> int64_t[2]) to s in key order (byte order,
 * as COLLATE "C" and SQLite). */
static int sums_sorted(GHashTable *h, sums *s)
{
    guint n = 0;
    gpointer *keys = g_hash_table_get_keys_as_array(h, &n);
    qsort(keys, n, sizeof *keys, js_strp_cmp);
    for (guint i = 0; i < n; i++) {
        char *f[3] = {keys[i], NULL, NULL};
        f[1] = strchr(f[0], '\x1f');
        f[2] = f[1] ? strchr(f[1] + 1, '\x1f') : NULL;
        if (!f[2]) continue;
        const int64_t *sum = g_hash_table_lookup(h, keys[i]);
        *f[1]++ = '\0'; /* the key is split after its lookup */
        *f[2]++ = '\0';
        js_sval v[6] = {js_sval_text(f[0]),  js_sval_text(f[1]),  js_sval_text(f[2]),
                        js_sval_int(sum[0]), js_sval_int(sum[1]), js_sval_int(0)};
        if (sums_row(s, 6, v, NULL)) break;
    }
    g_free(keys);
    return s->rc;
}

/* One key of a row of region_sums added to the sums of its kind (ud: kind_acc). */
typedef struct kind_acc {
    GHashTable *h;
    bool budget;
} kind_acc;

static bool kind_key(void *ud, const char *tbl, const char *row, const char *col, int64_t value,
                     int64_t units)
{
    kind_acc *k = ud;
    if ((tbl[0] == 'Y') != k->budget) return true; /* SUMS_KIND: budget tables are Y01… */
    char *key = g_strdup_printf("%s\x1f%s\x1f%s", tbl, row, col);
    int64_t *sum = g_hash_table_lookup(k->h, key);
    if (!sum) {
        sum = g_new0(int64_t, 2);
        g_hash_table_insert(k->h, key, sum);
    } else {
        g_free(key);
    }
    sum[0] += value;
    sum[1] += units;
    return true;
}

/* By region, or the whole year region by region: the rows of region_sums sql gives
 * (their check values verified: s->nbad), their keys of the kind added here. */
static int region_sums(js_store *st, const char *sql, const js_sval *p, sums *s, js_err *err)
{
    kind_acc k = {g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free),
                  p[3].s && !strcmp(p[3].s, "预算")};
    int rc = js_rsums_read(st, sql, p, 5, kind_key, &k, &s->nbad, err);
    if (rc == JS_OK) rc = sums_sorted(k.h, s);
    g_hash_table_destroy(k.h);
    return rc;
}

/*
 * By dept: the units' facts, each document verified against its checksums
 * and then summed here, a query per document (on the sharded layout each is
 * sent to the shard that holds the document: a join of the facts with the
 * documents' ids would bring every fact of the shards to the coordinator).
 */
static int unit_sums(js_store *st, const char *sql, const js_sval *p, sums *s, js_err *err)
{
    static const char facts_sql[] =
        "SELECT tbl, row_key, col_key, value FROM facts WHERE doc_id = ?1";
    GArray *a = g_array_new(FALSE, FALSE, sizeof(int64_t));
    GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    int rc = js_store_query(st, sql, p, 5, collect_ids, a, err);
    for (guint i = 0; rc == JS_OK && i < a->len; i++) {
        js_sval id = js_sval_int(g_array_index(a, int64_t, i));
        rc = js_store_verify(st, id.i, JS_VERIFY_ROW | JS_VERIFY_FACTS, err);
        if (rc == JS_OK) rc = js_store_query(st, facts_sql, &id, 1, unit_fact, h, err);
    }
    if (rc == JS_OK) rc = sums_sorted(h, s);
    g_hash_table_destroy(h);
    g_array_free(a, TRUE);
    return rc;
}

static int two_ints(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    int64_t *x = ud;
    for (int c = 0; c < ncols && c < 2; c++)
        x[c] = v[c].type == JS_SVAL_INT ? v[c].i : -1;
    return 1;
}

/* JS_EINPUT when what the roll-up read is damaged: the count of the documents
 * (docs[0] -2: its check value fails), a row of sums, or the sums' units
 * against the documents' facts (docs[1]; not by dept: from the facts). */
static int rollup_damaged(js_store *st, const js_rollup_opts *o, const sums *s,
                          const int64_t docs[2], js_err *err)
{
    if (docs[0] == -2)
        return js_err_set(err, JS_EINPUT,
                          "%s: the database is damaged: the count of the documents of %lld does "
                          "not match its check value (juesuan db check lists every problem)",
                          st->path, (long long)o->year);
    if (o->dept_prefix || s->units <= 0 || (s->nbad == 0 && s->nunits == docs[1])) return JS_OK;
    return js_err_set(err, JS_EINPUT,
                      "%s: the database is damaged: the roll-up sums of %lld %s (juesuan db "
                      "check lists every problem)",
                      st->path, (long long)o->year,
                      s->nbad != 0 ? "do not match their check values"
                                   : "do not add up to the documents' facts");
}

/* Keys no unit has (left) are not shown. */
static void drop_empty(sums *s)
{
    int kept = 0;
    for (int i = 0; i < s->n; i++)
        if (s->k[i].units > 0) {
            s->k[kept++] = s->k[i];
        } else {
            free(s->k[i].tbl);
            free(s->k[i].row);
            free(s->k[i].col);
        }
    s->n = kept;
}

int js_report_rollup(js_store *st, const js_rollup_opts *o, js_rtable *out, js_rtable *checks,
                     int *nfail, js_err *err)
{
    return js_report_rollup_data(st, o, NULL, out, checks, nfail, err);
}

int js_report_rollup_data(js_store *st, const js_rollup_opts *o, const js_templates *data,
                          js_rtable *out, js_rtable *checks, int *nfail, js_err *err)
{
    /* the documents: how many, and how many facts they say they have ([0]: any
     * region, [1]: a region) */
    static const char *const count_sql[3] = {
        "SELECT COUNT(*), COALESCE(SUM(nfacts), 0) FROM (" ROLLUP_DOCS(REGION_ANY) ") AS u",
        "SELECT COUNT(*), COALESCE(SUM(nfacts), 0) FROM (" ROLLUP_DOCS(REGION_IN) ") AS u",
        /* the whole year ([2]): counted in year_sums at load (-2: its check value fails) */
        "SELECT CASE WHEN chk IS NOT NULL AND chk <> " JS_YEAR_CHK(
            JS_SUMS_CHK, "year", "tbl", "row_key", "col_key", "value",
            "units") " THEN -2 ELSE units END, value FROM year_sums WHERE year = ?1 AND tbl = "
                     "(CASE WHEN CAST(?4 AS TEXT) = '预算' THEN 'Y#' ELSE '#' END) AND row_key = "
                     "'' AND col_key = '' AND " REGION_ANY " AND CAST(?3 AS TEXT) IS NULL"};
    static const char *const ids_sql[2] = {ROLLUP_DOCS(REGION_ANY), ROLLUP_DOCS(REGION_IN)};
    /* by region or the whole year region by region: the rows of region_sums (a year
     * and region each) kept at load, read once, their keys added (region_sums); the
     * rows whose check value fails counted (the units are checked against the
     * documents' facts after) */
#define REGION_SQL(REGION)                                                                         \
    "SELECT data, " JS_RSUMS_OK " FROM region_sums WHERE year = ?1 AND " REGION                    \
    " AND CAST(?3 AS TEXT) IS NULL AND CAST(?4 AS TEXT) IS NOT NULL"
    /* the whole year ([2]): year_sums, each key once, the regions added at load */
    static const char *const region_sql[3] = {
        REGION_SQL(REGION_ANY), REGION_SQL(REGION_IN),
        "SELECT tbl, row_key, col_key, value, units, CASE WHEN chk IS NOT NULL AND chk "
        "<> " JS_YEAR_CHK(
            JS_SUMS_CHK, "year", "tbl", "row_key", "col_key", "value",
            "units") " THEN 1 ELSE 0 END FROM year_sums WHERE year = ?1 AND " REGION_ANY
                     " AND " SUMS_KIND("?4") " AND " JS_YEAR_KEYS(
                         "tbl") " AND CAST(?3 AS TEXT) IS NULL ORDER BY tbl, row_key, col_key"};
#undef REGION_SQL
    static const char *const cols[] = {"table", "row", "column", "万元", "units"};
    *nfail = 0;
    if (o->year <= 0) return js_err_set(err, JS_EUSAGE, "a roll-up needs a year");
    const char *kind = o->kind ? o->kind : "决算";
    if (strcmp(kind, "决算") && strcmp(kind, "预算"))
        return js_err_set(err, JS_EUSAGE, "unknown kind %s (决算 or 预算)", kind);
    char after[1024];
    bool ranged = o->region && region_after(o->region, after, sizeof after);
    js_sval p[5] = {js_sval_int(o->year), js_sval_text(ranged ? o->region : NULL),
                    js_sval_text(o->dept_prefix), js_sval_text(kind),
                    js_sval_text(ranged ? after : NULL)};
    int rc = js_rtable_init(out, 5, cols, err);
    if (rc != JS_OK) return rc;
    out->right[3] = out->right[4] = true;
    sums s;
    memset(&s, 0, sizeof s);
    s.err = err;
    int64_t docs[2] = {-1, -1};                                       /* documents, their facts */
    int which = ranged ? 1 : o->by_regions || o->dept_prefix ? 0 : 2; /* of count_sql, region_sql */
    rc = js_store_query(st, count_sql[which], p, 5, two_ints, docs, err);
    s.units = docs[0] > 0 ? (int)docs[0] : 0; /* year_sums: no row for a year without any */
    if (rc == JS_OK && s.units > 0)
        rc = o->dept_prefix ? unit_sums(st, ids_sql[ranged], p, &s, err)
             : which < 2    ? region_sums(st, region_sql[which], p, &s, err)
                            : js_store_query(st, region_sql[which], p, 5, sums_row, &s, err);
    if (rc == JS_OK) rc = s.rc;
    if (rc == JS_OK) rc = rollup_damaged(st, o, &s, docs, err);
    drop_empty(&s);
    for (int i = 0; rc == JS_OK && i < s.n; i++) { /* shown only when verified */
        const sum_key *k = &s.k[i];
        char wan[48], units[16];
        snprintf(units, sizeof units, "%d", k->units);
        const char *cells[5] = {k->tbl, k->row, k->col, js_store_wan(k->value, wan, sizeof wan),
                                units};
        rc = js_rtable_add(out, cells, err);
    }
    if (rc == JS_OK && s.units == 0)
        rc = js_err_set(err, JS_EUSAGE, "no %s documents for %d%s%s%s%s", kind, o->year,
                        o->region ? " in region " : "", o->region ? o->region : "",
                        o->dept_prefix ? " with dept starting " : "",
                        o->dept_prefix ? o->dept_prefix : "");
    if (rc == JS_OK) {
        out->title = js_arena_printf(out->arena, JS_T("汇总%s %d%s%s%s%s: %d units, %d keys"),
                                     strcmp(kind, "预算") ? "" : " 预算", o->year,
                                     o->region ? JS_T("  region ") : "", o->region ? o->region : "",
                                     o->dept_prefix ? JS_T("  dept ") : "",
                                     o->dept_prefix ? o->dept_prefix : "", s.units, s.n);
        rc = check_identities(&s, data, checks, nfail, err);
        if (rc == JS_OK)
            checks->title = js_arena_printf(checks->arena,
                                            JS_T("consistency of the roll-up: %d of %d "
                                                 "identities differ"),
                                            *nfail, checks->nrows);
    }
    for (int i = 0; i < s.n; i++) {
        free(s.k[i].tbl);
        free(s.k[i].row);
        free(s.k[i].col);
    }
    free(s.k);
    return rc;
}

/* ---- rankings ------------------------------------------------------------------ */

static const struct {
    int metric;
    const char *zh, *en;
} METRICS[] = {
    {JS_METRIC_SANGONG, "三公经费决算", "sangong"},
    {JS_METRIC_JIGUAN, "机关运行经费", "jiguan"},
    {JS_METRIC_STAFF_SHARE, "人员经费占比", "staff-share"},
    {JS_METRIC_FINDINGS, "findings", "findings"},
};

int js_metric_parse(const char *name)
{
    for (size_t i = 0; i < sizeof METRICS / sizeof *METRICS; i++)
        if (strcmp(name, METRICS[i].zh) == 0 || strcmp(name, METRICS[i].en) == 0)
            return METRICS[i].metric;
    if (strcmp(name, "三公经费") == 0) return JS_METRIC_SANGONG;
    return -1;
}

const char *js_metric_name(int metric)
{
    for (size_t i = 0; i < sizeof METRICS / sizeof *METRICS; i++)
        if (METRICS[i].metric == metric) return METRICS[i].zh;
    return "?";
}

/* the current (latest loaded) document of each dept and year, of year ?1 or of
 * every year (?1 = 0: a query of its own, so that one year's can use the indexes
 * on (year, metric) and every year's those on (metric)), of the kind ?3 */
#define LATEST_KIND " AND " JS_KIND_OF("form") " = CAST(?3 AS TEXT)"
#define LATEST_YEAR "current = 1 AND year = ?1" LATEST_KIND
#define LATEST_ALL "current = 1 AND ?1 = 0" LATEST_KIND
/* the same query of one year ([0]) and of every year ([1]) */
#define BY_YEAR(SEL, WHERE, TAIL)                                                                  \
    {                                                                                              \
        SEL LATEST_YEAR WHERE TAIL, SEL LATEST_ALL WHERE TAIL                                      \
    }

typedef struct share {
    int64_t id, year, staff, office;
    char *dept, *region;
} share;

typedef struct shares {
    share *v;
    int n, cap;
    int rc;
} shares;

static int share_row(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    (void)ncols;
    shares *s = ud;
    if (s->n == s->cap) {
        int cap = s->cap ? s->cap * 2 : 1024;
        share *x = realloc(s->v, (size_t)cap * sizeof *x);
        if (!x) {
            s->rc = JS_EINTERNAL;
            return 1;
        }
        s->v = x;
        s->cap = cap;
    }
    share *x = &s->v[s->n];
    x->id = v[0].i;
    x->dept = v[1].s ? strdup(v[1].s) : NULL;
    x->year = v[2].i;
    x->region = v[3].s ? strdup(v[3].s) : NULL;
    x->staff = v[4].i;
    x->office = v[5].i;
    s->n++;
    return 0;
}

/* staff/(staff+office), larger first; exact by cross-multiplication. */
static int share_cmp(const void *pa, const void *pb)
{
    const share *a = pa, *b = pb;
    __int128 l = (__int128)a->staff * (b->staff + b->office);
    __int128 r = (__int128)b->staff * (a->staff + a->office);
    if (l != r) return l > r ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

static int rank_share(js_store *st, int year, int top, const char *kind, js_rtable *out,
                      js_err *err)
{
    static const char *const sql[2] =
        BY_YEAR("SELECT id, dept, year, region, staff, office FROM documents WHERE ",
                " AND staff IS NOT NULL AND staff + office > 0", " ORDER BY id LIMIT ?2");
    js_sval p[3] = {js_sval_int(year), js_sval_int(INT64_MAX), js_sval_text(kind)};
    shares s;
    memset(&s, 0, sizeof s);
    int rc = js_store_query(st, sql[year == 0], p, 3, share_row, &s, err);
    if (rc == JS_OK && s.rc != JS_OK) rc = js_err_set(err, JS_EINTERNAL, "out of memory");
    if (rc == JS_OK) qsort(s.v, (size_t)s.n, sizeof *s.v, share_cmp);
    for (int i = 0; rc == JS_OK && i < s.n && (top <= 0 || i < top); i++) {
        char rank[16], id[24], y[16], a[48], b[48], pc[48];
        snprintf(rank, sizeof rank, "%d", i + 1);
        snprintf(id, sizeof id, "%lld", (long long)s.v[i].id);
        snprintf(y, sizeof y, "%lld", (long long)s.v[i].year);
        const char *cells[8] = {rank,
                                id,
                                s.v[i].dept,
                                y,
                                s.v[i].region,
                                pct_text(s.v[i].staff, s.v[i].staff + s.v[i].office, pc, sizeof pc),
                                js_store_wan(s.v[i].staff, a, sizeof a),
                                js_store_wan(s.v[i].office, b, sizeof b)};
        rc = js_rtable_add(out, cells, err);
    }
    for (int i = 0; i < s.n; i++) {
        free(s.v[i].dept);
        free(s.v[i].region);
    }
    free(s.v);
    return rc;
}

typedef struct rank_st {
    js_rtable *out;
    int metric;
    int n;
    js_err *err;
    int rc;
} rank_st;

static int rank_row(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    (void)ncols;
    rank_st *r = ud;
    char rank[16], id[24], y[24], a[48], b[24], c[24];
    snprintf(rank, sizeof rank, "%d", ++r->n);
    snprintf(id, sizeof id, "%lld", (long long)v[0].i);
    if (v[2].type == JS_SVAL_INT)
        snprintf(y, sizeof y, "%lld", (long long)v[2].i);
    else
        y[0] = '\0';
    if (r->metric == JS_METRIC_FINDINGS) {
        snprintf(a, sizeof a, "%lld", (long long)v[4].i);
        snprintf(b, sizeof b, "%lld", (long long)v[5].i);
        snprintf(c, sizeof c, "%lld", (long long)v[6].i);
        const char *cells[8] = {rank, id, v[1].s, y, v[3].s, a, b, c};
        r->rc = js_rtable_add(r->out, cells, r->err);
    } else {
        const char *cells[7] = {rank,  id, v[1].s, y, v[3].s, js_store_wan(v[4].i, a, sizeof a),
                                v[5].s};
        r->rc = js_rtable_add(r->out, cells, r->err);
    }
    return r->rc != JS_OK;
}

int js_report_rank(js_store *st, int metric, int year, int top, js_rtable *out, js_err *err)
{
    return js_report_rank_kind(st, metric, year, top, NULL, out, err);
}

int js_report_rank_kind(js_store *st, int metric, int year, int top, const char *kind,
                        js_rtable *out, js_err *err)
{
    /* the indexes documents_rank_* (schema.c, version 5) serve these */
    static const char *const sangong_sql[2] =
        BY_YEAR("SELECT id, dept, year, region, sangong, NULL FROM documents WHERE ",
                " AND sangong IS NOT NULL", " ORDER BY sangong DESC, id LIMIT ?2");
    static const char *const jiguan_sql[2] =
        BY_YEAR("SELECT id, dept, year, region, jiguan, jiguan_src FROM documents WHERE ",
                " AND jiguan IS NOT NULL", " ORDER BY jiguan DESC, id LIMIT ?2");
    static const char *const findings_sql[2] = BY_YEAR(
        "SELECT id, dept, year, region, nerrors, nwarnings, nnotices FROM documents "
        "WHERE ",
        " AND checked = 1", " ORDER BY nerrors DESC, nwarnings DESC, nnotices DESC, id LIMIT ?2");
    static const char *const money_cols[] = {"rank",   "id",   "dept",  "year",
                                             "region", "万元", "source"};
    static const char *const share_cols[] = {"rank",   "id",           "dept",     "year",
                                             "region", "人员经费占比", "人员经费", "公用经费"};
    static const char *const find_cols[] = {"rank",   "id",     "dept",     "year",
                                            "region", "errors", "warnings", "notices"};
    int rc;
    const char *title = js_metric_name(metric);
    if (!kind) kind = "决算";
    if (strcmp(kind, "决算") && strcmp(kind, "预算"))
        return js_err_set(err, JS_EUSAGE, "unknown kind %s (决算 or 预算)", kind);
    if (metric == JS_METRIC_STAFF_SHARE) {
        rc = js_rtable_init(out, 8, share_cols, err);
        if (rc != JS_OK) return rc;
        out->right[0] = out->right[1] = out->right[3] = true;
        out->right[5] = out->right[6] = out->right[7] = true;
        rc = rank_share(st, year, top, kind, out, err);
    } else {
        bool f = metric == JS_METRIC_FINDINGS;
        const char *const *sqls = f                             ? findings_sql
                                  : metric == JS_METRIC_SANGONG ? sangong_sql
                                                                : jiguan_sql;
        const char *sql = sqls[year == 0];
        if (metric < 0 || metric > JS_METRIC_FINDINGS)
            return js_err_set(err, JS_EUSAGE, "unknown metric %d", metric);
        int nc = f ? 8 : metric == JS_METRIC_SANGONG ? 6 : 7; /* 三公: no source column */
        rc = js_rtable_init(out, nc, f ? find_cols : money_cols, err);
        if (rc != JS_OK) return rc;
        out->right[0] = out->right[1] = out->right[3] = out->right[5] = true;
        if (f) out->right[6] = out->right[7] = true;
        rank_st r = {out, metric, 0, err, JS_OK};
        js_sval p[3] = {js_sval_int(year), js_sval_int(top > 0 ? top : INT64_MAX),
                        js_sval_text(kind)};
        rc = js_store_query(st, sql, p, 3, rank_row, &r, err);
        if (rc == JS_OK) rc = r.rc;
    }
    /* the rows shown are verified against their checksums */
    for (int i = 0; rc == JS_OK && i < out->nrows; i++)
        rc = js_store_verify(st, strtoll(out->rows[i][1], NULL, 10), JS_VERIFY_ROW, err);
    if (rc == JS_OK) {
        const char *k = strcmp(kind, "预算") ? "" : " (预算)";
        out->title = year ? js_arena_printf(out->arena, JS_T("rank %s%s %d"), title, k, year)
                          : js_arena_printf(out->arena, JS_T("rank %s%s (all years)"), title, k);
        if (out->nrows == 0)
            js_rtable_footf(out, "(no document has %s%s)", title,
                            metric == JS_METRIC_FINDINGS ? JS_T(" (no document was checked)") : "");
    }
    return rc;
}

/* ---- year on year ---------------------------------------------------------------- */

typedef struct yoy_st {
    js_rtable *out;
    js_err *err;
    int rc;
} yoy_st;

static int yoy_row(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    (void)ncols;
    yoy_st *y = ud;
    int64_t a = v[3].type == JS_SVAL_INT ? v[3].i : 0;
    int64_t b = v[4].type == JS_SVAL_INT ? v[4].i : 0;
    char sa[48], sb[48], sd[48], sp[48];
    const char *cells[7] = {v[0].s,
                            v[1].s,
                            v[2].s,
                            js_store_wan(a, sa, sizeof sa),
                            js_store_wan(b, sb, sizeof sb),
                            js_store_wan(b - a, sd, sizeof sd),
                            pct_text(b - a, a, sp, sizeof sp)};
    y->rc = js_rtable_add(y->out, cells, y->err);
    return y->rc != JS_OK;
}

static int first_int(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    if (ncols > 0 && v[0].type == JS_SVAL_INT) *(int64_t *)ud = v[0].i;
    return 1;
}

static int latest_of(js_store *st, const char *dept, int year, const char *kind, int64_t *id,
                     js_err *err)
{
    static const char sql[] =
        "SELECT MAX(id) FROM documents WHERE dept = ?1 AND year = ?2 AND " JS_KIND_OF(
            "form") " = CAST(?3 AS TEXT)";
    js_sval p[3] = {js_sval_text(dept), js_sval_int(year), js_sval_text(kind)};
    *id = 0;
    int64_t found = 0;
    int rc = js_store_query(st, sql, p, 3, first_int, &found, err);
    if (rc != JS_OK) return rc;
    if (found == 0)
        return js_err_set(err, JS_EUSAGE, "no document of %s for %d in the database", dept, year);
    *id = found;
    return JS_OK;
}

int js_report_yoy(js_store *st, const char *dept, int y1, int y2, js_rtable *out, js_err *err)
{
    return js_report_yoy_kind(st, dept, y1, y2, NULL, out, err);
}

int js_report_yoy_kind(js_store *st, const char *dept, int y1, int y2, const char *kind,
                       js_rtable *out, js_err *err)
{
    static const char sql[] =
        "SELECT tbl, row_key, col_key, MAX(CASE WHEN doc_id = ?1 THEN value END), "
        "MAX(CASE WHEN doc_id = ?2 THEN value END) FROM facts WHERE doc_id IN (?1, ?2) "
        "GROUP BY tbl, row_key, col_key ORDER BY tbl, row_key, col_key";
    int64_t a = 0, b = 0;
    if (!kind) kind = "决算";
    if (strcmp(kind, "决算") && strcmp(kind, "预算"))
        return js_err_set(err, JS_EUSAGE, "unknown kind %s (决算 or 预算)", kind);
    int rc = latest_of(st, dept, y1, kind, &a, err);
    if (rc == JS_OK) rc = latest_of(st, dept, y2, kind, &b, err);
    if (rc == JS_OK) rc = js_store_verify(st, a, JS_VERIFY_ROW | JS_VERIFY_FACTS, err);
    if (rc == JS_OK) rc = js_store_verify(st, b, JS_VERIFY_ROW | JS_VERIFY_FACTS, err);
    if (rc != JS_OK) return rc;
    char c1[16], c2[16];
    snprintf(c1, sizeof c1, "%d", y1);
    snprintf(c2, sizeof c2, "%d", y2);
    const char *cols[7] = {"table", "row", "column", c1, c2, "change", "change %"};
    rc = js_rtable_init(out, 7, cols, err);
    if (rc != JS_OK) return rc;
    out->right[3] = out->right[4] = out->right[5] = out->right[6] = true;
    yoy_st y = {out, err, JS_OK};
    js_sval p[2] = {js_sval_int(a), js_sval_int(b)};
    rc = js_store_query(st, sql, p, 2, yoy_row, &y, err);
    if (rc == JS_OK) rc = y.rc;
    if (rc == JS_OK)
        out->title = js_arena_printf(out->arena, JS_T("%s: %d → %d (documents %lld, %lld)"), dept,
                                     y1, y2, (long long)a, (long long)b);
    return rc;
}
