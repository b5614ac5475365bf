/*
 * put.c - storing one document (store.h js_store_put): its row, facts,
 * findings, narrative and notes, and the roll-up sums, always in a batch (a
 * document alone is a batch of one: put_alone). Rows go in by the backend's
 * COPY when it has one (PostgreSQL), else by one prepared INSERT per row
 * (SQLite).
 *
 * A batch's documents go through batch.c: on PostgreSQL they wait there as
 * COPY text (js_store_doc_text) till the batch's commit; on SQLite each is a
 * savepoint here and its changes of the roll-up sums wait in memory
 * (js_store_sums_flush writes them at the commit: rsums.c, year_sums).
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

#include <glib.h> /* the hash table of a SQLite batch's sums */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
    /* SQLite: rows gathered for one INSERT of RS_MULTI rows (multi), whose values
     * must stay valid till then */
    const char *multi;
    js_sval *pend;
    int npend;
} rowset;

#define RS_MULTI 16

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

void js_store_copy_text(js_buf *b, const char *s)
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
            js_buf_append(b, num, (size_t)js_i64_text(v[i].i, num));
        } else if (v[i].type == JS_SVAL_TEXT) {
            js_store_copy_text(b, v[i].s);
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
    if (!r->s->ops->copy && r->multi) {
        memcpy(r->pend + r->npend * r->ncols, v, (size_t)r->ncols * sizeof *v);
        if (++r->npend == RS_MULTI) {
            r->rc =
                r->s->ops->query(r->s, r->multi, r->pend, RS_MULTI * r->ncols, NULL, NULL, r->err);
            r->npend = 0;
        }
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
    for (int i = 0; i < r->npend && r->rc == JS_OK; i++) /* the rest, one by one */
        r->rc =
            r->s->ops->query(r->s, r->sql, r->pend + i * r->ncols, r->ncols, NULL, NULL, r->err);
    r->npend = 0;
    if (r->rc == JS_OK && (r->copy.oom || (r->defer && r->defer->oom)))
        r->rc = js_err_set(r->err, JS_EINTERNAL, "out of memory");
    if (r->rc == JS_OK && r->copy.len)
        r->rc = r->s->ops->copy(r->s, r->table, r->cols, r->copy.data, r->copy.len, r->err);
    js_buf_release(&r->copy);
    return r->rc;
}

/* ---- what is stored of one document ---------------------------------------- */

typedef struct js_store_prep {
    js_fact *facts;
    size_t nfacts;
    const js_fact **sorted; /* facts in table, row, column byte order, each key once */
    size_t nsorted;
    char (*wan)[48]; /* the value of sorted[i] in 万元 as stored */
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

static void fact_vals(const js_fact *x, const char *wan, js_sval v[7])
{
    v[0] = js_sval_text(x->table);
    v[1] = js_sval_text(x->row);
    v[2] = js_sval_text(x->col);
    v[3] = js_sval_int(x->value);
    v[4] = js_sval_text(wan);
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
    P->wan = malloc((P->nfacts ? P->nfacts : 1) * sizeof *P->wan);
    if (!P->sorted || !P->wan) return js_err_set(err, JS_EINTERNAL, "%s: out of memory", doc->path);
    for (size_t i = 0; i < P->nfacts; i++)
        P->sorted[i] = &P->facts[i];
    qsort(P->sorted, P->nfacts, sizeof *P->sorted, fact_cmp);
    crypto_hash_sha256_state hs, *h = &hs;
    crypto_hash_sha256_init(h);
    js_sval v[13];
    for (size_t i = 0; i < P->nfacts; i++) {
        const js_fact *x = P->sorted[i];
        const js_fact *prev = P->nsorted ? P->sorted[P->nsorted - 1] : NULL;
        if (prev && !strcmp(prev->table, x->table) && !strcmp(prev->row, x->row) &&
            !strcmp(prev->col, x->col))
            continue;
        js_amount_fmt_wan(x->value, P->wan[P->nsorted], sizeof P->wan[P->nsorted]);
        fact_vals(x, P->wan[P->nsorted], v);
        P->sorted[P->nsorted++] = x;
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
    free(P->wan);
}

/* The tables written for each document besides its row: in a PostgreSQL batch
 * their rows wait in the pending document (without doc_id) till the flush. */
const char *const js_store_t_name[JS_T_N] = {"facts", "findings", "sections",
                                             "paras", "notes",    "doc_tables"};
const char *const js_store_t_cols[JS_T_N] = {
    "doc_id, year, region, tbl, row_key, col_key, value, wan, line, page",
    ("doc_id, year, region, seq, rule, kind, severity, tbl, row_key, col_key, section, line, page, "
     "stated, expected, message"),
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
    /* SQLite: RS_MULTI rows a statement (a statement costs as much as ~3 rows) */
#define FACT_ROW "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define FACT_ROWS4 FACT_ROW ", " FACT_ROW ", " FACT_ROW ", " FACT_ROW
    static const char fact_multi_sql[] =
        "INSERT INTO facts (doc_id, year, region, tbl, row_key, col_key, value, wan, line, page) "
        "VALUES " FACT_ROWS4 ", " FACT_ROWS4 ", " FACT_ROWS4 ", " FACT_ROWS4;
#undef FACT_ROW
#undef FACT_ROWS4
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
    js_sval v[16];
    v[0] = js_sval_int(id);
    v[1] = js_sval_int(year);
    v[2] = js_sval_text(region);
    js_sval pend[RS_MULTI * 10];
    rs_init(&r, s, js_store_t_name[JS_T_FACTS], js_store_t_cols[JS_T_FACTS], fact_sql, 10,
            defer ? &defer[JS_T_FACTS] : NULL, err);
    r.multi = fact_multi_sql;
    r.pend = pend;
    for (size_t i = 0; i < P->nsorted; i++) {
        fact_vals(P->sorted[i], P->wan[i], v + 3);
        rs_add(&r, v);
    }
    int rc = rs_end(&r);
    if (rc != JS_OK) return rc;
    rs_init(&r, s, js_store_t_name[JS_T_FINDINGS], js_store_t_cols[JS_T_FINDINGS], finding_sql, 16,
            defer ? &defer[JS_T_FINDINGS] : NULL, err);
    for (int i = 0; f && i < f->n; i++) {
        finding_vals(&f->items[i], i + 1, v + 3);
        rs_add(&r, v);
    }
    if ((rc = rs_end(&r)) != JS_OK) return rc;
    rs_init(&r, s, js_store_t_name[JS_T_SECTIONS], js_store_t_cols[JS_T_SECTIONS], section_sql, 9,
            defer ? &defer[JS_T_SECTIONS] : NULL, err);
    for (int i = 0; i < doc->nsections; i++) {
        const js_section *x = &doc->sections[i];
        js_sval p[9] = {js_sval_int(id),        js_sval_int(i),        js_sval_text(x->num),
                        js_sval_text(x->title), js_sval_int(x->part),  js_sval_int(x->level),
                        js_sval_int(x->parent), sval_loc(x->loc.line), sval_loc(x->loc.page)};
        rs_add(&r, p);
    }
    if ((rc = rs_end(&r)) != JS_OK) return rc;
    rs_init(&r, s, js_store_t_name[JS_T_PARAS], js_store_t_cols[JS_T_PARAS], para_sql, 7,
            defer ? &defer[JS_T_PARAS] : NULL, err);
    for (int i = 0; i < doc->nparas; i++) {
        const js_para *x = &doc->paras[i];
        js_sval p[7] = {js_sval_int(id),         js_sval_int(i),
                        js_sval_int(x->section), js_sval_text(x->text ? x->text : ""),
                        sval_loc(x->loc.line),   sval_loc(x->loc.page),
                        js_sval_int(x->nlines)};
        rs_add(&r, p);
    }
    if ((rc = rs_end(&r)) != JS_OK) return rc;
    rs_init(&r, s, js_store_t_name[JS_T_NOTES], js_store_t_cols[JS_T_NOTES], note_sql, 7,
            defer ? &defer[JS_T_NOTES] : NULL, err);
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
int js_store_sums_damaged(js_store *s, int64_t n, js_err *err)
{
    return js_err_set(err, JS_EINPUT,
                      "%s: the database is damaged: %lld rows of the roll-up sums do not match "
                      "their check values; nothing is loaded into it (juesuan db check lists "
                      "every problem)",
                      s->path, (long long)n);
}

/*
 * The sums of a SQLite batch: every document of the batch adds its facts
 * (and takes out those of the documents it supersedes) to a table in memory,
 * summed per key (year, region, tbl, row_key, col_key), merged when its
 * savepoint is released; the batch's commit writes each key once
 * (js_store_sums_flush) instead of each document writing its ~160 rows.
 */
typedef struct delta {
    size_t key; /* offset in keys: year \x1f region \x1f tbl \x1f row_key \x1f col_key */
    int64_t v, u;
} delta;

typedef struct deltas {
    delta *d;
    size_t n, cap;
    js_buf keys; /* the keys one after the other, each NUL-terminated: no allocation a key */
    bool oom;
} deltas;

/* The key of a year and region, the prefix of its facts' keys (malloc'ed). */
static char *delta_prefix(int year, const char *region, size_t *len)
{
    char num[24];
    size_t n = (size_t)js_i64_text(year, num), r = strlen(region);
    char *p = malloc(n + r + 2);
    if (!p) return NULL;
    memcpy(p, num, n);
    p[n] = '\x1f';
    memcpy(p + n + 1, region, r + 1);
    *len = n + 1 + r;
    return p;
}

/* The key prefix \x1f tbl \x1f row \x1f col (tbl NULL: the prefix is the whole key). */
static void delta_add(deltas *L, const char *prefix, size_t plen, const char *tbl, const char *row,
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
    size_t at = L->keys.len;
    js_buf_append(&L->keys, prefix, plen);
    const char *parts[3] = {tbl, row, col};
    for (int i = 0; tbl && i < 3; i++) {
        js_buf_putc(&L->keys, '\x1f');
        js_buf_puts(&L->keys, parts[i]);
    }
    js_buf_putc(&L->keys, '\0');
    L->d[L->n++] = (delta){at, v, u};
}

static void deltas_release(deltas *L)
{
    free(L->d);
    js_buf_release(&L->keys);
    memset(L, 0, sizeof *L);
}

/* A key of a superseded document's (js_sums_take_out) into a document's deltas. */
static void delta_key(void *ud, const char *key, int64_t v, int64_t u)
{
    deltas *L = ud;
    if (!key) {
        L->oom = true;
        return;
    }
    delta_add(L, key, strlen(key), NULL, NULL, NULL, v, u);
}

/* The batch's sums (made at its first document): NULL when out of memory. */
static js_sums_acc *sums_acc(js_store *s)
{
    js_sums_acc *acc = s->sums;
    if (acc) return acc;
    if (!(acc = calloc(1, sizeof *acc))) return NULL;
    acc->h = g_hash_table_new(g_str_hash, g_str_equal);
    acc->a = js_arena_new();
    s->sums = acc;
    if (acc->a) return acc;
    js_store_sums_free(s);
    return NULL;
}

/* Merge a document's changes into the batch's (its savepoint was released):
 * new keys are copied into the batch's arena. Out of memory fails the batch's commit. */
static void delta_merge(js_sums_acc *acc, deltas *L)
{
    acc->oom |= L->oom || L->keys.oom;
    for (size_t i = 0; i < L->n && !acc->oom; i++)
        js_sums_acc_add(acc, L->keys.data + L->d[i].key, L->d[i].v, L->d[i].u);
    L->n = 0;
}

static int put_sums(js_store *s, int64_t id, const js_doc *doc, const char *form, int64_t nfacts,
                    const char *region, const prep *P, deltas *local, js_err *err)
{
    /* (SQLite only) INDEXED BY: with no statistics the planner took documents_current
     * (year = ? AND current = ?, covering) and read every current document of the year
     * for each document stored — 10,000 at 100,000 documents, 100,000 at 1,000,000 */
    static const char supersede_sql[] =
        "UPDATE documents INDEXED BY documents_dept SET current = 0 WHERE dept = ?1 AND year = "
        "?2 AND id <> ?3 "
        "AND current = 1 AND " JS_KIND_OF("form") " = " JS_KIND_OF(
            "CAST(?4 AS TEXT)") " RETURNING id";
    if (doc->year <= 0) return JS_OK;
    int rc = JS_OK;
    ids old = {{0}, 0};
    if (doc->dept) {
        js_sval p[4] = {js_sval_text(doc->dept), js_sval_int(doc->year), js_sval_int(id),
                        js_sval_text(form)};
        rc = s->ops->query(s, supersede_sql, p, 4, collect_id, &old, err);
        /* the facts taken out of the sums are verified (a damaged value must not move into
         * the sums under a good check value); taken out as they are read, void when they
         * fail (the savepoint rolls back, local is not merged) */
        for (int i = 0; i < old.n && rc == JS_OK; i++)
            rc = js_sums_take_out(s, old.v[i], delta_key, local, err);
    }
    /* the batch's commit writes the sums (js_store_sums_flush) */
    size_t plen = 0;
    char *prefix = delta_prefix(doc->year, region, &plen);
    if (!prefix) local->oom = true;
    /* its count row under the region '' (its year's prefix: as batch.c acc_count and
     * out_row write it, one key form on both backends) */
    if (prefix)
        delta_add(local, prefix, (size_t)(strchr(prefix, '\x1f') - prefix) + 1,
                  js_year_docs_key(form), "", "", nfacts, 1);
    for (size_t i = 0; prefix && i < P->nsorted; i++) {
        const js_fact *x = P->sorted[i];
        delta_add(local, prefix, plen, x->table, x->row, x->col, x->value, 1);
    }
    free(prefix);
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
    rs_init(&r, s, js_store_t_name[JS_T_TABLES], js_store_t_cols[JS_T_TABLES], sql, 5,
            defer ? &defer[JS_T_TABLES] : NULL, err);
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

/* A document of a SQLite batch is a savepoint of the batch's transaction. */
static int tx_begin(js_store *s, js_err *err)
{
    return s->ops->query(s, "SAVEPOINT js_doc", NULL, 0, NULL, NULL, err);
}

static int tx_commit(js_store *s, js_err *err)
{
    int rc = s->ops->query(s, "RELEASE js_doc", NULL, 0, NULL, NULL, err);
    if (rc == JS_OK) s->batch++;
    return rc;
}

static void tx_rollback(js_store *s)
{
    s->ops->query(s, "ROLLBACK TO js_doc; RELEASE js_doc", NULL, 0, NULL, NULL, NULL);
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
    /* 06's one amount column, under whatever key its form gives it */
    const js_table *t6 = doc->tables[6];
    const char *c6 = t6 && t6->ncols ? t6->cols[0] : "";
    bool has_st = cell_value(doc, 6, "人员经费合计", c6, &staff);
    cell_value(doc, 6, "公用经费合计", c6, &office);
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

/* The document's row as stored: its values (doc_row) and docsum over them, last. */
static void doc_values(const js_store_docinfo *info, const js_doc *doc, const js_findings *f,
                       const prep *P, docrow *R, js_sval v[NDOC + 1], char docsum[65])
{
    doc_row(info, doc, f, P, R);
    memcpy(v, R->p, sizeof R->p);
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    js_store_canon(&h, v, NDOC);
    js_store_sum_hex(&h, docsum);
    v[NDOC] = js_sval_text(docsum);
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
    js_sval p[NDOC + 1];
    char docsum[65];
    doc_values(info, doc, f, P, &R, p, docsum);
    if (!sums_acc(s)) return js_err_set(err, JS_EINTERNAL, "out of memory");
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
    deltas batchd, *local = &batchd;
    memset(&batchd, 0, sizeof batchd);
    js_buf_init(&batchd.keys);
    if (rc == JS_OK)
        rc = put_sums(s, *id, doc, R.form, (int64_t)P->nsorted, R.region ? R.region : "", P, local,
                      err);
    if (rc == JS_OK && batchd.oom) rc = js_err_set(err, JS_EINTERNAL, "out of memory");
    if (rc == JS_OK) rc = put_tables(s, *id, doc, NULL, err);
    if (rc == JS_OK) rc = tx_commit(s, err);
    if (rc == JS_OK) delta_merge(s->sums, local);
    deltas_release(&batchd);
    if (rc != JS_OK) {
        tx_rollback(s);
        *id = 0;
    }
    return rc;
}

int js_store_doc_text(js_store *s, const js_store_docinfo *info, const js_doc *doc,
                      const js_findings *f, const prep *P, js_store_doctext *out, js_err *err)
{
    bool checked = info->checked && f;
    docrow R;
    js_sval v[NDOC + 1];
    char docsum[65];
    doc_values(info, doc, f, P, &R, v, docsum);
    copy_row(&out->row, v, 0, NDOC + 1);
    out->has_year = doc->year > 0;
    out->year = doc->year;
    out->ytbl = js_year_docs_key(R.form);
    out->nfacts = (int64_t)P->nsorted;
    if (doc->dept && doc->year > 0)
        out->key =
            g_strdup_printf("%s\x1f%d\x1f%d", doc->dept, doc->year, doc->kind == JS_KIND_BUDGET);
    int year = doc->year > 0 ? doc->year : 0;
    int rc =
        put_rows(s, 0, year, R.region ? R.region : "", doc, P, checked ? f : NULL, out->rows, err);
    if (rc == JS_OK) rc = put_tables(s, 0, doc, out->rows, err);
    if (rc == JS_OK && out->row.oom) rc = js_err_set(err, JS_EINTERNAL, "out of memory");
    return rc;
}

/* A document alone (no batch open: serve's uploads) is stored as a batch of one, so
 * that the roll-up sums are written one way (batch.c, rsums.c); on PostgreSQL its id
 * is then read by its hash. */
static int put_alone(js_store *s, const js_store_docinfo *info, const js_doc *doc,
                     const js_findings *f, int64_t *id, bool *dup, js_err *err)
{
    long dups = s->ndups;
    int rc = js_store_batch_begin(s, err);
    if (rc != JS_OK) return rc;
    rc = js_store_put(s, info, doc, f, id, dup, err);
    js_err e;
    js_err_clear(&e);
    int rc2 = js_store_batch_commit(s, rc == JS_OK ? err : &e); /* a failed document: nothing */
    if (rc == JS_OK) rc = rc2;
    if (rc == JS_OK && s->ops->copy) {
        *dup = s->ndups > dups;
        rc = js_store_find_hash(s, info->hash, id, err);
    }
    if (rc != JS_OK) *id = 0;
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
    if (s->batch < 0) return put_alone(s, info, doc, f, id, dup, err);
    prep P;
    int rc = prep_doc(doc, info->checked ? f : NULL, &P, err);
    if (rc == JS_OK && s->batch >= 0 && s->ops->copy) {
        /* PostgreSQL batch: kept till the flush (*id stays 0; batch.c) */
        rc = js_store_pend_add(s, info, doc, f, &P, dup, err);
        prep_release(&P);
        return rc;
    }
    if (rc == JS_OK) rc = put_once(s, info, doc, f, &P, id, dup, err);
    prep_release(&P);
    if (rc == JS_OK && *dup) s->ndups++; /* the batch counts the documents stored at its commit */
    return rc;
}
