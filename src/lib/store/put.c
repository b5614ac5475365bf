/*
 * put.c - storing one document (store.h js_store_put): its row, facts,
 * findings, narrative and notes, and the roll-up sums, in one transaction
 * (or one savepoint of a batch). Rows go in by the backend's COPY when it has
 * one (PostgreSQL), else by one prepared INSERT per row (SQLite).
 *
 * Checksums (issue #16): factsum and findsum are SHA-256 over the document's
 * facts (in table, row, column byte order) and findings (in seq order) as
 * js_store_canon writes them; docsum covers the document row itself with
 * both. verify.c recomputes them from what is read back.
 */
#include "juesuan/budget.h"
#include "juesuan/facts.h"
#include "juesuan/store.h"
#include "store_impl.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_TRIES 8 /* a transaction the server aborted (deadlock, serialization) is retried */

static js_sval sval_loc(int n)
{
    return n > 0 ? js_sval_int(n) : js_sval_text(NULL);
}

static int first_int(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    if (ncols > 0 && v[0].type == JS_SVAL_INT) *(int64_t *)ud = v[0].i;
    return 1;
}

void js_store_canon(void *checksum, const js_sval *v, int n)
{
    crypto_hash_sha256_state *h = checksum;
    char num[24];
    for (int i = 0; i < n; i++) {
        if (i) crypto_hash_sha256_update(h, (const unsigned char *)"\x1f", 1);
        const char *s = v[i].s;
        if (v[i].type == JS_SVAL_BLOB) {
            crypto_hash_sha256_update(h, (const unsigned char *)s, (unsigned long long)v[i].i);
            continue;
        }
        if (v[i].type == JS_SVAL_NULL) {
            s = "\\N";
        } else if (v[i].type == JS_SVAL_INT) {
            snprintf(num, sizeof num, "%lld", (long long)v[i].i);
            s = num;
        }
        crypto_hash_sha256_update(h, (const unsigned char *)s, strlen(s));
    }
    crypto_hash_sha256_update(h, (const unsigned char *)"\n", 1);
}

void js_store_sum_hex(void *checksum, char hex[65])
{
    unsigned char sum[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(checksum, sum);
    sodium_bin2hex(hex, 65, sum, sizeof sum);
    crypto_hash_sha256_init(checksum); /* ready for the next sum */
}

static bool cell_value(const js_doc *doc, int no, const char *row, const char *col, js_amount *v)
{
    const js_table *t = doc->tables[no];
    if (!t) return false;
    const js_cell *c = js_table_cell(t, row, col);
    *v = c && c->present ? c->value : 0;
    return true;
}

/* 机关运行经费 as the narrative states it: "机关运行经费支出 7.82 万元". */
static bool narrative_jiguan(const js_doc *doc, js_amount *out)
{
    static const char *const fillers[] = {"支出", "决算数", "决算", "合计", "共计",
                                          "为",   "是",     ":",    "，",   ","};
    for (int i = 0; i < doc->nparas; i++) {
        const char *t = doc->paras[i].text;
        if (!t) continue;
        const char *p = t;
        for (int guard = 0; guard < 64 && (p = strstr(p, "机关运行经费")); guard++) {
            p += strlen("机关运行经费");
            const char *q = p;
            for (int k = 0; k < 8; k++) {
                while (*q == ' ')
                    q++;
                size_t m = 0;
                for (size_t f = 0; f < sizeof fillers / sizeof *fillers && !m; f++)
                    m = js_startswith(q, fillers[f]);
                if (!m) break;
                q += m;
            }
            while (*q == ' ')
                q++;
            const char *num = q;
            while ((*q >= '0' && *q <= '9') || *q == '.' || *q == ',')
                q++;
            size_t nlen = (size_t)(q - num);
            while (*q == ' ')
                q++;
            if (nlen == 0 || !js_startswith(q, "万元")) continue;
            js_num n;
            js_amount a;
            if (js_num_parse(num, nlen, &n) == JS_NUM_VALUE &&
                js_num_to_amount(n, JS_UNIT_WANYUAN, &a)) {
                *out = a;
                return true;
            }
        }
    }
    return false;
}

/*
 * The region a unit belongs to, from its name when the document does not say:
 * the leading run of place names, each 2-7 characters ending in 省 市 区 县 州
 * 旗 盟 ("株洲市石峰区清水塘企业事务中心" -> "株洲市石峰区"; a leading 中共 is
 * skipped). False when the name does not start with a place.
 */
static bool guess_region(const char *dept, char *out, size_t size)
{
    static const char *const ends[] = {"省", "市", "区", "县", "州", "旗", "盟"};
    const char *p = dept;
    p += js_startswith(p, "中共");
    const char *start = p, *cut = p;
    size_t n = strlen(p);
    int seg = 0;
    for (int guard = 0; guard < 64 && n > 0; guard++) {
        int32_t cp;
        int k = js_utf8_decode(p, n, &cp);
        bool end = false;
        for (size_t e = 0; e < sizeof ends / sizeof *ends && !end; e++)
            end = js_startswith(p, ends[e]) != 0;
        p += k;
        n -= (size_t)k;
        if (end && seg >= 2) {
            cut = p;
            seg = 0;
        } else if (++seg > 7) {
            break;
        }
    }
    size_t len = (size_t)(cut - start);
    if (len == 0 || len >= size) return false;
    memcpy(out, start, len);
    out[len] = '\0';
    return true;
}

static const char *sev_name(int s)
{
    return s == JS_SEV_ERROR ? "error" : s == JS_SEV_WARNING ? "warning" : "notice";
}

/* ---- rows of one table: COPY or INSERT ------------------------------------ */

typedef struct rowset {
    js_store *s;
    const char *table, *cols, *sql;
    int ncols;
    js_buf copy;
    js_buf *defer; /* a batch (PostgreSQL): the rows without their doc_id, written at the flush */
    js_err *err;
    int rc;
} rowset;

static void rs_init(rowset *r, js_store *s, const char *table, const char *cols, const char *sql,
                    int ncols, js_buf *defer, js_err *err)
{
    memset(r, 0, sizeof *r);
    r->s = s;
    r->table = table;
    r->cols = cols;
    r->sql = sql;
    r->ncols = ncols;
    r->defer = defer;
    r->err = err;
    js_buf_init(&r->copy);
}

static void copy_text(js_buf *b, const char *s)
{
    const char *run = s;
    for (; *s; s++) {
        char c = *s;
        if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
            js_buf_append(b, run, (size_t)(s - run));
            js_buf_putc(b, '\\');
            js_buf_putc(b, c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : '\\');
            run = s + 1;
        }
    }
    js_buf_append(b, run, (size_t)(s - run));
}

/* One row in COPY text format: tab-separated, \N for NULL, from column `from`. */
static void copy_row(js_buf *b, const js_sval *v, int from, int ncols)
{
    for (int i = from; i < ncols; i++) {
        if (i > from) js_buf_putc(b, '\t');
        if (v[i].type == JS_SVAL_INT) {
            char num[24];
            int n = snprintf(num, sizeof num, "%lld", (long long)v[i].i);
            js_buf_append(b, num, (size_t)n);
        } else if (v[i].type == JS_SVAL_TEXT) {
            copy_text(b, v[i].s);
        } else {
            js_buf_append(b, "\\N", 2);
        }
    }
    js_buf_putc(b, '\n');
}

static void rs_add(rowset *r, const js_sval *v)
{
    if (r->rc != JS_OK) return;
    if (r->defer) {
        copy_row(r->defer, v, 1, r->ncols); /* the doc_id is known at the flush */
        return;
    }
    if (!r->s->ops->copy) {
        r->rc = r->s->ops->query(r->s, r->sql, v, r->ncols, NULL, NULL, r->err);
        return;
    }
    copy_row(&r->copy, v, 0, r->ncols);
}

static int rs_end(rowset *r)
{
    if (r->rc == JS_OK && (r->copy.oom || (r->defer && r->defer->oom)))
        r->rc = js_err_set(r->err, JS_EINTERNAL, "out of memory");
    if (r->rc == JS_OK && r->copy.len)
        r->rc = r->s->ops->copy(r->s, r->table, r->cols, r->copy.data, r->copy.len, r->err);
    js_buf_release(&r->copy);
    return r->rc;
}

/* ---- what is stored of one document ---------------------------------------- */

typedef struct prep {
    js_fact *facts;
    size_t nfacts;
    const js_fact **sorted; /* facts in table, row, column byte order, each key once */
    size_t nsorted;
    char factsum[65], findsum[65];
} prep;

static int fact_cmp(const void *pa, const void *pb)
{
    const js_fact *a = *(const js_fact *const *)pa, *b = *(const js_fact *const *)pb;
    int c = strcmp(a->table, b->table);
    if (!c) c = strcmp(a->row, b->row);
    if (!c) c = strcmp(a->col, b->col);
    if (!c) c = a < b ? -1 : a > b; /* the first of a repeated key wins */
    return c;
}

static void fact_vals(const js_fact *x, char *wan, size_t size, js_sval v[7])
{
    v[0] = js_sval_text(x->table);
    v[1] = js_sval_text(x->row);
    v[2] = js_sval_text(x->col);
    v[3] = js_sval_int(x->value);
    v[4] = js_sval_text(js_amount_fmt_wan(x->value, wan, size));
    v[5] = sval_loc(x->loc.line);
    v[6] = sval_loc(x->loc.page);
}

static void finding_vals(const js_finding *x, int seq, js_sval v[13])
{
    v[0] = js_sval_int(seq);
    v[1] = js_sval_text(x->rule ? x->rule : "?");
    v[2] = js_sval_text(x->kind);
    v[3] = js_sval_text(sev_name(x->severity));
    v[4] = js_sval_text(x->table);
    v[5] = js_sval_text(x->row);
    v[6] = js_sval_text(x->column);
    v[7] = js_sval_text(x->section);
    v[8] = sval_loc(x->loc.line);
    v[9] = sval_loc(x->loc.page);
    v[10] = js_sval_text(x->stated);
    v[11] = js_sval_text(x->expected);
    v[12] = js_sval_text(x->message ? x->message : "");
}

static int prep_doc(const js_doc *doc, const js_findings *f, prep *P, js_err *err)
{
    memset(P, 0, sizeof *P);
    if (js_facts_collect(doc, &P->facts, &P->nfacts) != JS_OK)
        return js_err_set(err, JS_EINTERNAL, "%s: out of memory", doc->path);
    P->sorted = malloc((P->nfacts ? P->nfacts : 1) * sizeof *P->sorted);
    if (!P->sorted) return js_err_set(err, JS_EINTERNAL, "%s: out of memory", doc->path);
    for (size_t i = 0; i < P->nfacts; i++)
        P->sorted[i] = &P->facts[i];
    qsort(P->sorted, P->nfacts, sizeof *P->sorted, fact_cmp);
    crypto_hash_sha256_state hs, *h = &hs;
    crypto_hash_sha256_init(h);
    char wan[48];
    js_sval v[13];
    for (size_t i = 0; i < P->nfacts; i++) {
        const js_fact *x = P->sorted[i];
        const js_fact *prev = P->nsorted ? P->sorted[P->nsorted - 1] : NULL;
        if (prev && !strcmp(prev->table, x->table) && !strcmp(prev->row, x->row) &&
            !strcmp(prev->col, x->col))
            continue;
        P->sorted[P->nsorted++] = x;
        fact_vals(x, wan, sizeof wan, v);
        js_store_canon(h, v, 7);
    }
    js_store_sum_hex(h, P->factsum);
    for (int i = 0; f && i < f->n; i++) {
        finding_vals(&f->items[i], i + 1, v);
        js_store_canon(h, v, 13);
    }
    js_store_sum_hex(h, P->findsum);
    return JS_OK;
}

static void prep_release(prep *P)
{
    free(P->sorted); /* the facts themselves are in the document's arena */
}

/* The tables written for each document besides its row: in a PostgreSQL batch
 * their rows wait in the pending document (without doc_id) till the flush. */
enum { T_FACTS, T_FINDINGS, T_SECTIONS, T_PARAS, T_NOTES, T_TABLES, T_N };
static const char *const T_NAME[T_N] = {"facts", "findings", "sections",
                                        "paras", "notes",    "doc_tables"};
static const char *const T_COLS[T_N] = {
    "doc_id, year, region, tbl, row_key, col_key, value, wan, line, page",
    "doc_id, year, region, seq, rule, kind, severity, tbl, row_key, col_key, section, line, page, "
    "stated, expected, message",
    "doc_id, idx, num, title, part, level, parent, line, page",
    "doc_id, idx, section, text, line, page, nlines",
    "doc_id, idx, code, tbl, line, page, text",
    "doc_id, tbl, role, title, chk"};

static int put_rows(js_store *s, int64_t id, int year, const char *region, const js_doc *doc,
                    const prep *P, const js_findings *f, js_buf *defer, js_err *err)
{
    static const char fact_sql[] =
        "INSERT INTO facts (doc_id, year, region, tbl, row_key, col_key, value, wan, line, page) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
    static const char finding_sql[] =
        "INSERT INTO findings (doc_id, year, region, seq, rule, kind, severity, tbl, row_key, "
        "col_key, section, line, page, stated, expected, message) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)";
    static const char section_sql[] =
        "INSERT INTO sections (doc_id, idx, num, title, part, level, parent, line, page) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
    static const char para_sql[] =
        "INSERT INTO paras (doc_id, idx, section, text, line, page, nlines) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
    static const char note_sql[] = "INSERT INTO notes (doc_id, idx, code, tbl, line, page, text) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
    rowset r;
    char wan[48];
    js_sval v[16];
    v[0] = js_sval_int(id);
    v[1] = js_sval_int(year);
    v[2] = js_sval_text(region);
    rs_init(&r, s, T_NAME[T_FACTS], T_COLS[T_FACTS], fact_sql, 10, defer ? &defer[T_FACTS] : NULL,
            err);
    for (size_t i = 0; i < P->nsorted; i++) {
        fact_vals(P->sorted[i], wan, sizeof wan, v + 3);
        rs_add(&r, v);
    }
    int rc = rs_end(&r);
    if (rc != JS_OK) return rc;
    rs_init(&r, s, T_NAME[T_FINDINGS], T_COLS[T_FINDINGS], finding_sql, 16,
            defer ? &defer[T_FINDINGS] : NULL, err);
    for (int i = 0; f && i < f->n; i++) {
        finding_vals(&f->items[i], i + 1, v + 3);
        rs_add(&r, v);
    }
    if ((rc = rs_end(&r)) != JS_OK) return rc;
    rs_init(&r, s, T_NAME[T_SECTIONS], T_COLS[T_SECTIONS], section_sql, 9,
            defer ? &defer[T_SECTIONS] : NULL, err);
    for (int i = 0; i < doc->nsections; i++) {
        const js_section *x = &doc->sections[i];
        js_sval p[9] = {js_sval_int(id),        js_sval_int(i),        js_sval_text(x->num),
                        js_sval_text(x->title), js_sval_int(x->part),  js_sval_int(x->level),
                        js_sval_int(x->parent), sval_loc(x->loc.line), sval_loc(x->loc.page)};
        rs_add(&r, p);
    }
    if ((rc = rs_end(&r)) != JS_OK) return rc;
    rs_init(&r, s, T_NAME[T_PARAS], T_COLS[T_PARAS], para_sql, 7, defer ? &defer[T_PARAS] : NULL,
            err);
    for (int i = 0; i < doc->nparas; i++) {
        const js_para *x = &doc->paras[i];
        js_sval p[7] = {js_sval_int(id),         js_sval_int(i),
                        js_sval_int(x->section), js_sval_text(x->text ? x->text : ""),
                        sval_loc(x->loc.line),   sval_loc(x->loc.page),
                        js_sval_int(x->nlines)};
        rs_add(&r, p);
    }
    if ((rc = rs_end(&r)) != JS_OK) return rc;
    rs_init(&r, s, T_NAME[T_NOTES], T_COLS[T_NOTES], note_sql, 7, defer ? &defer[T_NOTES] : NULL,
            err);
    for (int i = 0; i < doc->nnotes; i++) {
        const js_note *x = &doc->notes[i];
        js_sval p[7] = {js_sval_int(id),
                        js_sval_int(i),
                        js_sval_text(x->code ? x->code : "?"),
                        js_sval_text(js_doc_table(doc, x->table) ? js_table_id(x->table) : NULL),
                        sval_loc(x->loc.line),
                        sval_loc(x->loc.page),
                        js_sval_text(x->text)};
        rs_add(&r, p);
    }
    return rs_end(&r);
}

typedef struct ids {
    int64_t v[16];
    int n;
} ids;

static int collect_id(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    ids *x = ud;
    if (ncols > 0 && v[0].type == JS_SVAL_INT && x->n < 16) x->v[x->n++] = v[0].i;
    return 0;
}

/*
 * Keep the derived table sums right: a document supersedes the earlier ones
 * of its dept, year and kind (current = 0; their facts leave the sums: a
 * budget never supersedes the final accounts of its year, nor they it) and
 * adds its own facts to the sums of its year and region.
 */
static int count_row(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)ncols;
    (void)v;
    (void)names;
    (*(int64_t *)ud)++;
    return 0;
}

/* Add (or take out) one document's n facts to the sums: every row must be written. */
static int add_facts(js_store *s, const char *sql, const js_sval *q, int64_t n, js_err *err)
{
    int64_t written = 0;
    int rc = s->ops->query(s, sql, q, 2, count_row, &written, err);
    if (rc == JS_OK && written != n)
        rc = js_err_set(err, JS_EINPUT,
                        "%s: the database is damaged: %lld rows of the roll-up sums do not match "
                        "their check values; nothing is loaded into it (juesuan db check lists "
                        "every problem)",
                        s->path, (long long)(n - written));
    return rc;
}

/*
 * The sums of a SQLite batch: every document of the batch adds its facts
 * (and takes out those of the documents it supersedes) to a table in memory,
 * summed per key (year, region, tbl, row_key, col_key), merged when its
 * savepoint is released; the batch's commit writes each key once
 * (js_store_sums_flush) instead of each document writing its ~160 rows.
 */
typedef struct delta {
    char *key; /* year \x1f region \x1f tbl \x1f row_key \x1f col_key */
    int64_t v, u;
} delta;

typedef struct deltas {
    delta *d;
    size_t n, cap;
    bool oom;
} deltas;

static void delta_add(deltas *L, int year, const char *region, const char *tbl, const char *row,
                      const char *col, int64_t v, int64_t u)
{
    if (L->n == L->cap) {
        size_t cap = L->cap ? L->cap * 2 : 256;
        delta *x = realloc(L->d, cap * sizeof *x);
        if (!x) {
            L->oom = true;
            return;
        }
        L->d = x;
        L->cap = cap;
    }
    const char *parts[4] = {region, tbl, row, col};
    size_t len[4], total = 24;
    for (int i = 0; i < 4; i++)
        total += (len[i] = strlen(parts[i])) + 1;
    char *key = malloc(total), *k = key;
    if (!key) {
        L->oom = true;
        return;
    }
    k += snprintf(k, 24, "%d", year);
    for (int i = 0; i < 4; i++) {
        *k++ = '\x1f';
        memcpy(k, parts[i], len[i]);
        k += len[i];
    }
    *k = '\0';
    L->d[L->n++] = (delta){key, v, u};
}

static void deltas_release(deltas *L)
{
    for (size_t i = 0; i < L->n; i++)
        free(L->d[i].key);
    free(L->d);
    memset(L, 0, sizeof *L);
}

typedef struct old_st {
    deltas *L;
} old_st;

static int old_fact(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    old_st *o = ud;
    if (ncols < 6 || v[0].type != JS_SVAL_INT || v[5].type != JS_SVAL_INT) return 0;
    delta_add(o->L, (int)v[0].i, v[1].s ? v[1].s : "", v[2].s ? v[2].s : "", v[3].s ? v[3].s : "",
              v[4].s ? v[4].s : "", -v[5].i, -1);
    return 0;
}

/* Merge a document's changes into the batch's (its savepoint was released):
 * the keys move into the batch's table (or are freed). */
static void delta_merge(js_store *s, deltas *L)
{
    if (!s->sums) s->sums = g_hash_table_new_full(g_str_hash, g_str_equal, free, g_free);
    for (size_t i = 0; i < L->n; i++) {
        int64_t *sum = g_hash_table_lookup(s->sums, L->d[i].key);
        if (!sum) {
            sum = g_new0(int64_t, 2);
            g_hash_table_insert(s->sums, L->d[i].key, sum);
        } else {
            free(L->d[i].key);
        }
        L->d[i].key = NULL;
        sum[0] += L->d[i].v;
        sum[1] += L->d[i].u;
    }
    L->n = 0;
}

void js_store_sums_free(js_store *s)
{
    if (s->sums) g_hash_table_destroy(s->sums);
    s->sums = NULL;
}

static int key_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int js_store_sums_flush(js_store *s, js_err *err)
{
    static const char stage_sql[] =
        "CREATE TEMP TABLE IF NOT EXISTS js_sums_stage (y INTEGER, r TEXT, t TEXT, rk TEXT, "
        "ck TEXT, v INTEGER, u INTEGER)";
    static const char put_sql[] = "INSERT INTO js_sums_stage VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
    /* every key once; a row whose check value fails is not updated (nor its
     * damage given a good check value): changes() counts one row fewer */
    static const char upsert_sql[] =
        "INSERT INTO sums (year, region, tbl, row_key, col_key, value, units, chk) "
        "SELECT y, r, t, rk, ck, v, u, " JS_SUMS_CHK(
            "y", "r", "t", "rk", "ck", "v",
            "u") " "
                 "FROM js_sums_stage WHERE true "
                 "ON CONFLICT (year, region, tbl, row_key, col_key) DO UPDATE SET "
                 "value = sums.value + excluded.value, units = sums.units + excluded.units, "
                 "chk = " JS_SUMS_CHK(
                     "sums.year", "sums.region", "sums.tbl", "sums.row_key", "sums.col_key",
                     "sums.value + excluded.value",
                     "sums.units + excluded.units") " WHERE sums.chk IS NULL OR sums.chk "
                                                    "= " JS_SUMS_CHK("sums.year", "sums.region",
                                                                     "sums.tbl", "sums.row_key",
                                                                     "sums.col_key", "sums.value",
                                                                     "sums.units");
    static const char changes_sql[] = "SELECT changes()";
    static const char clear_sql[] = "DELETE FROM js_sums_stage";
    static const char prune_sql[] = "DELETE FROM sums WHERE year = ?1 AND units <= 0";
    GHashTable *h = s->sums;
    s->sums = NULL;
    if (!h) return JS_OK;
    guint n = 0;
    gpointer *keys = g_hash_table_get_keys_as_array(h, &n);
    qsort(keys, n, sizeof *keys, key_cmp);
    int64_t written = -1, staged = 0;
    GHashTable *years = g_hash_table_new(g_direct_hash, g_direct_equal); /* to prune */
    int rc = s->ops->query(s, stage_sql, NULL, 0, NULL, NULL, err);
    if (rc == JS_OK) rc = s->ops->query(s, clear_sql, NULL, 0, NULL, NULL, err);
    for (guint i = 0; i < n && rc == JS_OK; i++) {
        const int64_t *sum = g_hash_table_lookup(h, keys[i]);
        char **f = g_strsplit(keys[i], "\x1f", 5);
        if (g_strv_length(f) == 5) {
            js_sval v[7] = {js_sval_int(strtoll(f[0], NULL, 10)),
                            js_sval_text(f[1]),
                            js_sval_text(f[2]),
                            js_sval_text(f[3]),
                            js_sval_text(f[4]),
                            js_sval_int(sum[0]),
                            js_sval_int(sum[1])};
            rc = s->ops->query(s, put_sql, v, 7, NULL, NULL, err);
            staged++;
            if (sum[1] < 0) g_hash_table_add(years, GINT_TO_POINTER((int)v[0].i));
        }
        g_strfreev(f);
    }
    if (rc == JS_OK && staged) rc = s->ops->query(s, upsert_sql, NULL, 0, NULL, NULL, err);
    if (rc == JS_OK && staged)
        rc = s->ops->query(s, changes_sql, NULL, 0, first_int, &written, err);
    if (rc == JS_OK) rc = s->ops->query(s, clear_sql, NULL, 0, NULL, NULL, err);
    /* rows with no unit left (in the years of superseded documents) go */
    GHashTableIter it;
    gpointer y;
    g_hash_table_iter_init(&it, years);
    while (rc == JS_OK && g_hash_table_iter_next(&it, &y, NULL)) {
        js_sval v = js_sval_int(GPOINTER_TO_INT(y));
        rc = s->ops->query(s, prune_sql, &v, 1, NULL, NULL, err);
    }
    g_hash_table_destroy(years);
    if (!staged) written = 0;
    g_free(keys);
    g_hash_table_destroy(h);
    if (rc == JS_OK && written != staged)
        rc = js_err_set(err, JS_EINPUT,
                        "%s: the database is damaged: %lld rows of the roll-up sums do not match "
                        "their check values; nothing is loaded into it (juesuan db check lists "
                        "every problem)",
                        s->path, (long long)(staged - written));
    return rc;
}

static int put_sums(js_store *s, int64_t id, const js_doc *doc, const char *form, int64_t nfacts,
                    const char *region, const prep *P, deltas *local, js_err *err)
{
    static const char supersede_sql[] =
        "UPDATE documents SET current = 0 WHERE dept = ?1 AND year = ?2 AND id <> ?3 "
        "AND current = 1 AND " JS_KIND_OF("form") " = " JS_KIND_OF(
            "CAST(?4 AS TEXT)") " RETURNING id";
    static const char add_sql[] =
        "INSERT INTO sums (year, region, tbl, row_key, col_key, value, units, chk) "
        "SELECT y, r, t, rk, ck, v, u, " JS_SUMS_CHK(
            "y", "r", "t", "rk", "ck", "v",
            "u") " FROM "
                 "(SELECT d.year AS y, COALESCE(d.region, '') AS r, f.tbl AS t, f.row_key AS rk, "
                 "f.col_key AS ck, ?2 * f.value AS v, ?2 AS u "
                 "FROM facts f JOIN documents d ON d.id = f.doc_id WHERE f.doc_id = ?1) AS x WHERE "
                 "1 = 1 "
                 "ORDER BY t, rk, ck " /* one lock order: no deadlock between loaders */
                 "ON CONFLICT (year, region, tbl, row_key, col_key) DO UPDATE SET "
                 "value = sums.value + excluded.value, units = sums.units + excluded.units, "
                 "chk = " JS_SUMS_CHK("sums.year", "sums.region", "sums.tbl", "sums.row_key",
                                      "sums.col_key", "sums.value + excluded.value",
                                      "sums.units + excluded.units")
        /* a row whose check value fails is not updated (nor its damage given a good
         * check value): it is missing from what RETURNING counts */
        " WHERE sums.chk IS NULL OR sums.chk = " JS_SUMS_CHK(
            "sums.year", "sums.region", "sums.tbl", "sums.row_key", "sums.col_key", "sums.value",
            "sums.units") " RETURNING 1";
    static const char prune_sql[] = "DELETE FROM sums WHERE year = ?1 AND units <= 0";
    static const char nfacts_sql[] = "SELECT COUNT(*) FROM facts WHERE doc_id = ?1";
    static const char old_sql[] =
        "SELECT d.year, COALESCE(d.region, ''), f.tbl, f.row_key, f.col_key, f.value "
        "FROM facts f JOIN documents d ON d.id = f.doc_id WHERE f.doc_id = ?1";
    if (doc->year <= 0) return JS_OK;
    int rc = JS_OK;
    if (doc->dept) {
        ids old = {{0}, 0};
        js_sval p[4] = {js_sval_text(doc->dept), js_sval_int(doc->year), js_sval_int(id),
                        js_sval_text(form)};
        rc = s->ops->query(s, supersede_sql, p, 4, collect_id, &old, err);
        for (int i = 0; i < old.n && rc == JS_OK; i++) {
            /* the facts taken out of the sums are verified first: a damaged value
             * must not move into the sums under a good check value */
            js_sval q[2] = {js_sval_int(old.v[i]), js_sval_int(-1)};
            int64_t n = 0;
            rc = js_store_verify(s, old.v[i], JS_VERIFY_FACTS, err);
            if (rc == JS_OK && local) {
                old_st o = {local};
                rc = s->ops->query(s, old_sql, q, 1, old_fact, &o, err);
                continue;
            }
            if (rc == JS_OK) rc = s->ops->query(s, nfacts_sql, q, 1, first_int, &n, err);
            if (rc == JS_OK) rc = add_facts(s, add_sql, q, n, err);
        }
        if (rc == JS_OK && old.n && !local) {
            js_sval y = js_sval_int(doc->year);
            rc = s->ops->query(s, prune_sql, &y, 1, NULL, NULL, err);
        }
    }
    if (local) { /* a SQLite batch: the batch's commit writes the sums */
        for (size_t i = 0; i < P->nsorted; i++) {
            const js_fact *x = P->sorted[i];
            delta_add(local, doc->year, region, x->table, x->row, x->col, x->value, 1);
        }
        return rc;
    }
    js_sval q[2] = {js_sval_int(id), js_sval_int(1)};
    if (rc == JS_OK) rc = add_facts(s, add_sql, q, nfacts, err);
    return rc;
}

/* ---- the tables of a budget ----------------------------------------------------- */

void js_store_tables_chk(const char *tbl, const char *role, const char *title, char out[17])
{
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    js_sval v[3] = {js_sval_text(tbl), js_sval_text(role), js_sval_text(title)};
    js_store_canon(&h, v, 3);
    char hex[65];
    js_store_sum_hex(&h, hex);
    memcpy(out, hex, 16);
    out[16] = '\0';
}

/*
 * doc_tables: each budget table Yn with its role in the form (total, expend,
 * sangong, … of data/templates/budgets.tsv: the same role has another number
 * in another form or year) and its printed title, so that the reports find
 * a budget's tables. chk covers the row (js_store_tables_chk).
 */
static int put_tables(js_store *s, int64_t id, const js_doc *doc, js_buf *defer, js_err *err)
{
    static const char sql[] = "INSERT INTO doc_tables (doc_id, tbl, role, title, chk) "
                              "VALUES (?1, ?2, ?3, ?4, ?5)";
    if (doc->kind != JS_KIND_BUDGET) return JS_OK;
    if (!s->forms) {
        s->forms = js_bforms_new(err);
        if (!s->forms) return JS_EINTERNAL;
    }
    rowset r;
    rs_init(&r, s, T_NAME[T_TABLES], T_COLS[T_TABLES], sql, 5, defer ? &defer[T_TABLES] : NULL,
            err);
    for (int n = 1; n <= JS_YTABLE_MAX; n++) {
        const js_table *t = doc->ytables[n];
        if (!t) continue;
        const js_btable *bt =
            t->title ? js_bforms_title(s->forms, doc->form, t->title, doc->dept) : NULL;
        const char *tbl = js_table_id(JS_YTABLE_BASE + n);
        const char *role = bt ? bt->role : NULL;
        char chk[17];
        js_store_tables_chk(tbl, role, t->title, chk);
        js_sval v[5] = {js_sval_int(id), js_sval_text(tbl), js_sval_text(role),
                        js_sval_text(t->title), js_sval_text(chk)};
        rs_add(&r, v);
    }
    return rs_end(&r);
}

/* ---- one transaction (or savepoint) ------------------------------------------ */

static int tx_begin(js_store *s, js_err *err)
{
    if (s->batch >= 0) return s->ops->query(s, "SAVEPOINT js_doc", NULL, 0, NULL, NULL, err);
    return s->ops->begin(s, err);
}

static int tx_commit(js_store *s, js_err *err)
{
    if (s->batch >= 0) {
        int rc = s->ops->query(s, "RELEASE js_doc", NULL, 0, NULL, NULL, err);
        if (rc == JS_OK) s->batch++;
        return rc;
    }
    return s->ops->commit(s, err);
}

static void tx_rollback(js_store *s)
{
    if (s->batch >= 0)
        s->ops->query(s, "ROLLBACK TO js_doc; RELEASE js_doc", NULL, 0, NULL, NULL, NULL);
    else
        s->ops->rollback(s, NULL);
}

#define NDOC 28
typedef struct docrow {
    js_sval p[NDOC];
    char stamp[32], guessed[256], formbuf[128];
    const char *region, *form;
} docrow;

/* The form as stored: a budget's always starts with "budget" (JS_KIND_OF tells
 * the kind from it), even when its form is not known ("budget"). */
static const char *stored_form(const js_doc *doc, char *buf, size_t size)
{
    if (doc->kind != JS_KIND_BUDGET || (doc->form && js_startswith(doc->form, "budget")))
        return doc->form;
    snprintf(buf, size, "budget%s%s", doc->form ? "-" : "", doc->form ? doc->form : "");
    return buf;
}

static void doc_row(const js_store_docinfo *info, const js_doc *doc, const js_findings *f,
                    const prep *P, docrow *R)
{
    int ntables = 0;
    for (int no = 1; no <= 9; no++)
        ntables += doc->tables[no] != NULL;
    for (int n = 1; n <= JS_YTABLE_MAX; n++)
        ntables += doc->ytables[n] != NULL;
    int ne = 0, nw = 0, nn = 0;
    bool checked = info->checked && f;
    if (checked) js_findings_summary(f, &ne, &nw, &nn);
    js_amount sangong = 0, staff = 0, office = 0, jiguan = 0;
    bool has_sg = cell_value(doc, 7, "三公经费", "决算:合计", &sangong);
    bool has_st = cell_value(doc, 6, "人员经费合计", "决算数", &staff);
    cell_value(doc, 6, "公用经费合计", "决算数", &office);
    const char *jsrc = NULL;
    if (narrative_jiguan(doc, &jiguan))
        jsrc = "narrative";
    else if (has_st) {
        jiguan = office;
        jsrc = "06 公用经费合计";
    }
    const char *region = doc->region, *region_src = doc->region ? "document" : NULL;
    if (!region && doc->dept && guess_region(doc->dept, R->guessed, sizeof R->guessed)) {
        region = R->guessed;
        region_src = "dept name";
    }
    R->region = region;
    R->form = stored_form(doc, R->formbuf, sizeof R->formbuf);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(R->stamp, sizeof R->stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    js_sval none = js_sval_text(NULL);
    js_sval p[NDOC] = {
        js_sval_text(info->hash),
        js_sval_text(info->path  ? info->path
                     : doc->path ? doc->path
                                 : ""),
        js_sval_int(info->bytes),
        js_sval_text(doc->dept),
        doc->year > 0 ? js_sval_int(doc->year) : none,
        js_sval_text(region),
        js_sval_text(R->form),
        js_sval_text(doc->unit == JS_UNIT_YUAN ? "元" : "万元"),
        js_sval_int(doc->npages),
        js_sval_int(doc->nlines),
        js_sval_int(ntables),
        js_sval_int((int64_t)P->nsorted),
        js_sval_int(doc->nsections),
        js_sval_int(doc->nparas),
        js_sval_int(checked),
        js_sval_text(checked            ? NULL
                     : info->check_note ? info->check_note
                                        : "not checked"),
        checked ? js_sval_int(ne) : none,
        checked ? js_sval_int(nw) : none,
        checked ? js_sval_int(nn) : none,
        has_sg ? js_sval_int(sangong) : none,
        jsrc ? js_sval_int(jiguan) : none,
        js_sval_text(jsrc),
        has_st ? js_sval_int(staff) : none,
        has_st ? js_sval_int(office) : none,
        js_sval_text(R->stamp),
        js_sval_text(region_src),
        js_sval_text(P->factsum),
        js_sval_text(P->findsum),
    };
    memcpy(R->p, p, sizeof p);
}

static int put_once(js_store *s, const js_store_docinfo *info, const js_doc *doc,
                    const js_findings *f, const prep *P, int64_t *id, bool *dup, js_err *err)
{
    static const char doc_sql[] =
        "INSERT INTO documents (" JS_DOCSUM_COLS ", docsum) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
        "?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29) "
        "ON CONFLICT (hash) DO NOTHING RETURNING id";
    bool checked = info->checked && f;
    docrow R;
    doc_row(info, doc, f, P, &R);
    js_sval p[NDOC + 1];
    memcpy(p, R.p, sizeof R.p);
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    js_store_canon(&h, p, NDOC);
    char docsum[65];
    js_store_sum_hex(&h, docsum);
    p[NDOC] = js_sval_text(docsum);
    int rc = tx_begin(s, err);
    if (rc != JS_OK) return rc;
    if (s->ops->lock && doc->dept && doc->year > 0) {
        /* loaders of one department's year take turns: one stays current */
        char key[600];
        snprintf(key, sizeof key, "%s\x1f%d\x1f%d", doc->dept, doc->year,
                 doc->kind == JS_KIND_BUDGET);
        rc = s->ops->lock(s, key, err);
    }
    if (rc == JS_OK) rc = s->ops->query(s, doc_sql, p, NDOC + 1, first_int, id, err);
    if (rc == JS_OK && *id == 0) {
        /* the hash is already stored (perhaps by a concurrent loader) */
        *dup = true;
        tx_rollback(s);
        return js_store_find_hash(s, info->hash, id, err);
    }
    int year = doc->year > 0 ? doc->year : 0;
    if (rc == JS_OK)
        rc =
            put_rows(s, *id, year, R.region ? R.region : "", doc, P, checked ? f : NULL, NULL, err);
    deltas batchd = {NULL, 0, 0, false}, *local = s->batch >= 0 ? &batchd : NULL;
    if (rc == JS_OK)
        rc = put_sums(s, *id, doc, R.form, (int64_t)P->nsorted, R.region ? R.region : "", P, local,
                      err);
    if (rc == JS_OK && batchd.oom) rc = js_err_set(err, JS_EINTERNAL, "out of memory");
    if (rc == JS_OK) rc = put_tables(s, *id, doc, NULL, err);
    if (rc == JS_OK) rc = tx_commit(s, err);
    if (rc == JS_OK && local) delta_merge(s, local);
    deltas_release(&batchd);
    if (rc != JS_OK) {
        tx_rollback(s);
        *id = 0;
    }
    return rc;
}

/* ---- a PostgreSQL batch: many documents, one transaction, a few statements ----
 *
 * Between js_store_batch_begin and js_store_batch_commit on PostgreSQL,
 * js_store_put prepares a document's rows (COPY text, without the doc_id the
 * server has not given yet) and keeps them; the flush (at the commit, or when
 * PEND_MAX documents wait) stores them all in one transaction with a fixed
 * number of statements whatever their count: the advisory locks of their
 * departments' years (in one order), the rows of documents (COPY into a
 * temporary table, then one INSERT … ON CONFLICT (hash) DO NOTHING RETURNING
 * id, hash), one COPY per table, one UPDATE that supersedes the earlier
 * documents of each department's year, and one upsert of the roll-up sums
 * of every document's facts, summed per key first. A crash loses the
 * uncommitted batch whole; a batch the server aborts (deadlock between
 * loaders) is run again; one that fails otherwise is stored document by
 * document, so only the failing document is missing.
 */
#define PEND_MAX 2000

typedef struct pdoc {
    char hash[65];
    char *key;     /* dept \x1f year \x1f budget: the lock and supersede key; NULL: none */
    bool has_year; /* its facts go into the sums */
    js_buf row;    /* its row of documents (COPY text, JS_DOCSUM_COLS, docsum) */
    js_buf rows[T_N];
    int64_t id; /* given by the flush (0: a duplicate) */
} pdoc;

typedef struct pend {
    pdoc *docs;
    int n, cap;
    GHashTable *hashes; /* hash (a copy) -> index + 1 */
    bool staged;        /* the temporary staging table exists in this session */
} pend;

static void pdoc_release(pdoc *d)
{
    free(d->key);
    js_buf_release(&d->row);
    for (int t = 0; t < T_N; t++)
        js_buf_release(&d->rows[t]);
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

/* Keep one document for the flush. *dup when its hash waits in the batch already. */
static int pend_add(js_store *s, const js_store_docinfo *info, const js_doc *doc,
                    const js_findings *f, const prep *P, bool *dup, js_err *err)
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
    js_buf_init(&d->row);
    for (int t = 0; t < T_N; t++)
        js_buf_init(&d->rows[t]);
    bool checked = info->checked && f;
    docrow R;
    doc_row(info, doc, f, P, &R);
    js_sval v[NDOC + 1];
    memcpy(v, R.p, sizeof R.p);
    GChecksum *h = g_checksum_new(G_CHECKSUM_SHA256);
    js_store_canon(h, v, NDOC);
    char docsum[65];
    js_store_sum_hex(h, docsum);
    g_checksum_free(h);
    v[NDOC] = js_sval_text(docsum);
    copy_row(&d->row, v, 0, NDOC + 1);
    d->has_year = doc->year > 0;
    if (doc->dept && doc->year > 0)
        d->key =
            g_strdup_printf("%s\x1f%d\x1f%d", doc->dept, doc->year, doc->kind == JS_KIND_BUDGET);
    int year = doc->year > 0 ? doc->year : 0;
    int rc =
        put_rows(s, 0, year, R.region ? R.region : "", doc, P, checked ? f : NULL, d->rows, err);
    if (rc == JS_OK) rc = put_tables(s, 0, doc, d->rows, err);
    if (rc == JS_OK && d->row.oom) rc = js_err_set(err, JS_EINTERNAL, "out of memory");
    if (rc != JS_OK) {
        pdoc_release(d);
        return rc;
    }
    g_hash_table_insert(p->hashes, g_strdup(d->hash), GINT_TO_POINTER(p->n + 1));
    p->n++;
    s->batch++;
    return JS_OK;
}

/* An array literal of PostgreSQL ('{"a","b"}', '{1,2}') from strings or integers. */
static void array_text(js_buf *b, const char *s)
{
    js_buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') js_buf_putc(b, '\\');
        js_buf_putc(b, *s);
    }
    js_buf_putc(b, '"');
}

typedef struct ret_st {
    pend *p;
    int from, to;
    int64_t *ids; /* superseded ids (UPDATE … RETURNING) */
    int nids, capids;
    int64_t counts[2];
    bool oom;
} ret_st;

static int ret_inserted(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    ret_st *r = ud;
    if (ncols < 2 || v[0].type != JS_SVAL_INT || v[1].type != JS_SVAL_TEXT) return 0;
    int k = GPOINTER_TO_INT(g_hash_table_lookup(r->p->hashes, v[1].s)) - 1;
    if (k >= r->from && k < r->to) r->p->docs[k].id = v[0].i;
    return 0;
}

static int ret_ids(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    ret_st *r = ud;
    if (ncols < 1 || v[0].type != JS_SVAL_INT) return 0;
    if (r->nids == r->capids) {
        int cap = r->capids ? r->capids * 2 : 64;
        int64_t *x = realloc(r->ids, (size_t)cap * sizeof *x);
        if (!x) {
            r->oom = true;
            return 1;
        }
        r->ids = x;
        r->capids = cap;
    }
    r->ids[r->nids++] = v[0].i;
    return 0;
}

static int ret_counts(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    ret_st *r = ud;
    for (int i = 0; i < ncols && i < 2; i++)
        r->counts[i] = v[i].type == JS_SVAL_INT ? v[i].i : -1;
    return 1;
}

static int in_batch(const pend *p, int from, int to, int64_t id)
{
    for (int i = from; i < to; i++)
        if (p->docs[i].id == id) return i;
    return -1;
}

/* Store docs[from, to) in one transaction (the caller rolls back on failure). */
static int flush_once(js_store *s, pend *p, int from, int to, js_err *err)
{
    static const char stage_sql[] =
        "CREATE TEMP TABLE IF NOT EXISTS js_stage ON COMMIT DELETE ROWS AS "
        "SELECT " JS_DOCSUM_COLS ", docsum FROM documents WITH NO DATA";
    static const char lock_sql[] =
        "SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtextextended(k, 0) AS h "
        "FROM unnest(CAST(?1 AS text[])) AS k ORDER BY 1 OFFSET 0) AS x";
    static const char insert_sql[] =
        "INSERT INTO documents (" JS_DOCSUM_COLS ", docsum) SELECT " JS_DOCSUM_COLS
        ", docsum FROM js_stage ON CONFLICT (hash) DO NOTHING RETURNING id, hash";
    /* every other current document of a key (dept, year, kind) of the batch
     * stops being current: the batch's last document of the key stays */
    static const char supersede_sql[] =
        "UPDATE documents AS d SET current = 0 FROM documents AS n "
        "WHERE n.id = ANY (CAST(?1 AS bigint[])) AND d.dept = n.dept AND d.year = n.year "
        "AND " JS_KIND_OF("d.form") " = " JS_KIND_OF(
            "n.form") " AND d.current = 1 AND d.id <> n.id RETURNING d.id";
    static const char sums_stage_sql[] =
        "CREATE TEMP TABLE IF NOT EXISTS js_sums_stage (y integer, r text COLLATE \"C\", "
        "t text COLLATE \"C\", rk text COLLATE \"C\", ck text COLLATE \"C\", v bigint, "
        "u bigint) ON COMMIT DELETE ROWS";
    /* the facts of the documents that stopped being current, to take out */
    static const char old_sql[] =
        "INSERT INTO js_sums_stage SELECT d.year, COALESCE(d.region, ''), f.tbl, f.row_key, "
        "f.col_key, -f.value, -1 FROM documents d JOIN facts f ON f.doc_id = d.id "
        "WHERE d.id = ANY (CAST(?1 AS bigint[]))";
    /* the staged changes, summed per key, into the sums: every row must be
     * written (a row whose check value fails is not: the counts differ) */
    static const char sums_sql[] =
        "WITH x AS (SELECT y, r, t, rk, ck, SUM(v) AS v, SUM(u) AS u FROM js_sums_stage "
        "GROUP BY 1, 2, 3, 4, 5), "
        "w AS (INSERT INTO sums (year, region, tbl, row_key, col_key, value, units, chk) "
        "SELECT y, r, t, rk, ck, v, u, " JS_SUMS_CHK(
            "y", "r", "t", "rk", "ck", "v",
            "u") " FROM x "
                 "ORDER BY y, r, t, rk, ck "
                 "ON CONFLICT (year, region, tbl, row_key, col_key) DO UPDATE SET "
                 "value = sums.value + excluded.value, units = sums.units + excluded.units, "
                 "chk = " JS_SUMS_CHK(
                     "sums.year", "sums.region", "sums.tbl", "sums.row_key", "sums.col_key",
                     "sums.value + excluded.value",
                     "sums.units + excluded.units") " WHERE sums.chk IS NULL OR sums.chk "
                                                    "= " JS_SUMS_CHK("sums.year", "sums.region",
                                                                     "sums.tbl", "sums.row_key",
                                                                     "sums.col_key", "sums.value",
                                                                     "sums.units") " RETURNING 1) "
                                                                                   "SELECT (SELECT "
                                                                                   "COUNT(*) FROM "
                                                                                   "x), (SELECT "
                                                                                   "COUNT(*) FROM "
                                                                                   "w)";
    static const char prune_sql[] =
        "DELETE FROM sums WHERE units <= 0 AND year IN (SELECT year FROM documents "
        "WHERE id = ANY (CAST(?1 AS bigint[])))";
    int rc = JS_OK;
    if (!p->staged) {
        rc = s->ops->query(s, stage_sql, NULL, 0, NULL, NULL, err);
        if (rc == JS_OK) rc = s->ops->query(s, sums_stage_sql, NULL, 0, NULL, NULL, err);
        if (rc == JS_OK) rc = s->ops->query(s, "SET work_mem = '64MB'", NULL, 0, NULL, NULL, err);
        if (rc != JS_OK) return rc;
        p->staged = true;
    }
    ret_st r = {p, from, to, NULL, 0, 0, {0, 0}, false};
    js_buf a, b;
    js_buf_init(&a);
    js_buf_init(&b);
    for (int i = from; i < to; i++)
        p->docs[i].id = 0;
    rc = s->ops->begin(s, err);
    /* the locks of the batch's keys, in one order: loaders of a department's year take turns */
    js_buf_putc(&a, '{');
    int nkeys = 0;
    for (int i = from; i < to; i++)
        if (p->docs[i].key) {
            if (nkeys++) js_buf_putc(&a, ',');
            array_text(&a, p->docs[i].key);
        }
    js_buf_putc(&a, '}');
    if (rc == JS_OK && nkeys) {
        js_sval k = js_sval_text(a.data);
        rc = s->ops->query(s, lock_sql, &k, 1, NULL, NULL, err);
    }
    /* the document rows */
    b.len = 0;
    for (int i = from; i < to; i++)
        js_buf_append(&b, p->docs[i].row.data, p->docs[i].row.len);
    if (rc == JS_OK)
        rc = s->ops->copy(s, "js_stage", JS_DOCSUM_COLS ", docsum", b.data, b.len, err);
    if (rc == JS_OK) rc = s->ops->query(s, insert_sql, NULL, 0, ret_inserted, &r, err);
    /* every table's rows, each prefixed with its document's id */
    for (int t = 0; t < T_N && rc == JS_OK; t++) {
        b.len = 0;
        for (int i = from; i < to; i++) {
            const pdoc *d = &p->docs[i];
            const char *x = d->rows[t].data, *end = x + d->rows[t].len;
            while (d->id && x < end) {
                const char *nl = memchr(x, '\n', (size_t)(end - x));
                size_t n = nl ? (size_t)(nl - x) + 1 : (size_t)(end - x);
                char num[24];
                int m = snprintf(num, sizeof num, "%lld\t", (long long)d->id);
                js_buf_append(&b, num, (size_t)m);
                js_buf_append(&b, x, n);
                x += n;
            }
        }
        if (b.oom) rc = js_err_set(err, JS_EINTERNAL, "out of memory");
        if (rc == JS_OK && b.len) rc = s->ops->copy(s, T_NAME[t], T_COLS[t], b.data, b.len, err);
    }
    /* supersede: the batch's last document of each key stays current */
    a.len = 0;
    js_buf_putc(&a, '{');
    int nlast = 0;
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    for (int i = to - 1; i >= from; i--) {
        const pdoc *d = &p->docs[i];
        if (!d->id || !d->key || g_hash_table_contains(seen, d->key)) continue;
        g_hash_table_add(seen, d->key);
        js_buf_printf(&a, "%s%lld", nlast++ ? "," : "", (long long)d->id);
    }
    g_hash_table_destroy(seen);
    js_buf_putc(&a, '}');
    if (rc == JS_OK && nlast) {
        js_sval last = js_sval_text(a.data);
        rc = s->ops->query(s, supersede_sql, &last, 1, ret_ids, &r, err);
        if (rc == JS_OK && r.oom) rc = js_err_set(err, JS_EINTERNAL, "out of memory");
    }
    /* the sums: + the facts of the batch's documents still current, summed per
     * key here; - those of the earlier documents they superseded, there */
    GHashTable *agg = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    for (int i = from; i < to && rc == JS_OK; i++) {
        const pdoc *d = &p->docs[i];
        bool gone = false;
        for (int k = 0; k < r.nids && !gone; k++)
            gone = r.ids[k] == d->id;
        if (!d->id || !d->has_year || gone) continue;
        /* a fact row: year, region, tbl, row_key, col_key, value, … (COPY text) */
        const char *x = d->rows[T_FACTS].data, *end = x + d->rows[T_FACTS].len;
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
    b.len = 0;
    GHashTableIter it;
    gpointer kp, vp;
    g_hash_table_iter_init(&it, agg);
    while (g_hash_table_iter_next(&it, &kp, &vp)) {
        const int64_t *sum = vp;
        js_buf_printf(&b, "%s\t%lld\t%lld\n", (const char *)kp, (long long)sum[0],
                      (long long)sum[1]);
    }
    g_hash_table_destroy(agg);
    if (b.oom && rc == JS_OK) rc = js_err_set(err, JS_EINTERNAL, "out of memory");
    if (rc == JS_OK && b.len)
        rc = s->ops->copy(s, "js_sums_stage", "y, r, t, rk, ck, v, u", b.data, b.len, err);
    bool any = b.len > 0;
    a.len = 0;
    js_buf_putc(&a, '{');
    int nold = 0;
    for (int k = 0; k < r.nids && rc == JS_OK; k++) {
        if (in_batch(p, from, to, r.ids[k]) >= 0) continue;
        /* the facts taken out of the sums are verified first: a damaged value
         * must not move into the sums under a good check value */
        rc = js_store_verify(s, r.ids[k], JS_VERIFY_FACTS, err);
        js_buf_printf(&a, "%s%lld", nold++ ? "," : "", (long long)r.ids[k]);
    }
    js_buf_putc(&a, '}');
    if (rc == JS_OK && a.oom) rc = js_err_set(err, JS_EINTERNAL, "out of memory");
    js_sval old = js_sval_text(a.data);
    if (rc == JS_OK && nold) {
        rc = s->ops->query(s, old_sql, &old, 1, NULL, NULL, err);
        any = true;
    }
    if (rc == JS_OK && any) {
        r.counts[0] = r.counts[1] = -1;
        rc = s->ops->query(s, sums_sql, NULL, 0, ret_counts, &r, err);
        if (rc == JS_OK && r.counts[0] != r.counts[1])
            rc = js_err_set(err, JS_EINPUT,
                            "%s: the database is damaged: %lld rows of the roll-up sums do not "
                            "match their check values; nothing is loaded into it (juesuan db "
                            "check lists every problem)",
                            s->path, (long long)(r.counts[0] - r.counts[1]));
    }
    /* rows with no unit left (in the superseded documents' years) go */
    if (rc == JS_OK && nold) rc = s->ops->query(s, prune_sql, &old, 1, NULL, NULL, err);
    if (rc == JS_OK) rc = s->ops->commit(s, err);
    js_buf_release(&a);
    js_buf_release(&b);
    free(r.ids);
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

int js_store_put(js_store *s, const js_store_docinfo *info, const js_doc *doc, const js_findings *f,
                 int64_t *id, bool *dup, js_err *err)
{
    *id = 0;
    *dup = false;
    if (!info || !info->hash || strlen(info->hash) != 64)
        return js_err_set(err, JS_EUSAGE, "%s: no content hash given", doc->path);
    if (s->readonly) return js_err_set(err, JS_EUSAGE, "%s: opened read-only", s->path);
    prep P;
    int rc = prep_doc(doc, info->checked ? f : NULL, &P, err);
    if (rc == JS_OK && s->batch >= 0 && s->ops->copy) {
        /* PostgreSQL batch: kept till the flush (*id stays 0) */
        rc = pend_add(s, info, doc, f, &P, dup, err);
        prep_release(&P);
        if (rc == JS_OK && ((pend *)s->pend)->n >= PEND_MAX) rc = js_store_pend_flush(s, err);
        return rc;
    }
    for (int t = 1; rc == JS_OK; t++) {
        rc = put_once(s, info, doc, f, &P, id, dup, err);
        if (rc == JS_OK || !s->transient || s->batch >= 0 || t >= MAX_TRIES) break;
        rc = JS_OK;
        /* the server aborted it (deadlock): again, after t*t ms */
        struct timespec ts = {0, 1000000L * t * t};
        nanosleep(&ts, NULL);
    }
    prep_release(&P);
    if (rc == JS_OK) {
        if (*dup)
            s->ndups++;
        else if (s->batch < 0)
            s->nstored++; /* a SQLite batch counts its documents at its commit */
    }
    return rc;
}

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
