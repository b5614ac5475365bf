/*
 * doc.c - building and querying the document model (model.h).
 * Everything is allocated from the document's arena.
 */
#include "juesuan/model.h"

#include <stdio.h>
#include <string.h>

js_doc *js_doc_new(const char *path)
{
    js_arena *a = js_arena_new();
    if (!a) return NULL;
    js_doc *d = js_arena_alloc(a, sizeof *d);
    if (!d) {
        js_arena_free(a);
        return NULL;
    }
    d->arena = a;
    js_diags_init_in(&d->diags, a);
    d->path = js_arena_strdup(a, path ? path : "");
    d->form = "";
    return d;
}

void js_doc_free(js_doc *doc)
{
    if (doc) js_arena_free(doc->arena);
}

js_table *js_doc_table_add(js_doc *doc, int no, int ncols, const char *const *cols)
{
    bool y = no > JS_YTABLE_BASE && no <= JS_YTABLE_BASE + JS_YTABLE_MAX;
    if ((!y && (no < 1 || no > 9)) || ncols < 0) return NULL;
    js_table **slot = y ? &doc->ytables[no - JS_YTABLE_BASE] : &doc->tables[no];
    if (*slot) return *slot;
    js_table *t = js_arena_alloc(doc->arena, sizeof *t);
    if (!t) return NULL;
    t->no = no;
    t->unit = doc->unit;
    t->copies = 1;
    t->ncols = ncols;
    t->cols = js_arena_calloc(doc->arena, (size_t)ncols + 1, sizeof(char *));
    if (!t->cols) return NULL;
    for (int i = 0; i < ncols; i++)
        t->cols[i] = js_arena_strdup(doc->arena, cols[i]);
    *slot = t;
    return t;
}

static size_t key_hash(const char *k)
{
    size_t h = 14695981039346656037u; /* FNV-1a */
    for (; *k; k++)
        h = (h ^ (unsigned char)*k) * 1099511628211u;
    return h;
}

/* The first row with key, through the index; -1 when none. */
static int key_find(const js_table *t, const char *key)
{
    size_t m = (size_t)t->keycap - 1;
    for (size_t i = key_hash(key) & m;; i = (i + 1) & m) {
        int v = t->keyidx[i];
        if (v == 0) return -1;
        if (strcmp(t->rows[v - 1].key, key) == 0) return v - 1;
    }
}

static void key_put(js_table *t, int row)
{
    size_t m = (size_t)t->keycap - 1;
    size_t i = key_hash(t->rows[row].key) & m;
    while (t->keyidx[i])
        i = (i + 1) & m;
    t->keyidx[i] = row + 1;
}

/* Row nrows - 1 was just added: index it (the first row of a key only). The
 * index is rebuilt twice as big when half full; when it is out of step with
 * the rows (or out of memory) js_table_row scans instead. */
static void key_index(js_doc *doc, js_table *t)
{
    if (t->keyrows != t->nrows - 1) return;
    if (2 * t->nrows > t->keycap) {
        int cap = t->keycap ? 2 * t->keycap : 64;
        int *idx = js_arena_calloc(doc->arena, (size_t)cap, sizeof *idx);
        if (!idx) return;
        t->keyidx = idx;
        t->keycap = cap;
        for (int r = 0; r < t->nrows - 1; r++)
            if (key_find(t, t->rows[r].key) < 0) key_put(t, r);
    }
    if (key_find(t, t->rows[t->nrows - 1].key) < 0) key_put(t, t->nrows - 1);
    t->keyrows = t->nrows;
}

js_row *js_table_row(const js_table *t, const char *key)
{
    if (!t || !key) return NULL;
    if (t->keyidx && t->keyrows == t->nrows) {
        int r = key_find(t, key);
        return r < 0 ? NULL : &t->rows[r];
    }
    for (int i = 0; i < t->nrows; i++)
        if (strcmp(t->rows[i].key, key) == 0) return &t->rows[i];
    return NULL;
}

bool js_table_has_values(const js_table *t)
{
    for (int r = 0; r < t->nrows; r++)
        for (int c = 0; c < t->ncols; c++)
            if (t->rows[r].cells[c].present) return true;
    return false;
}

js_row *js_table_row_add(js_doc *doc, js_table *t, const char *key, const char *code,
                         const char *name, js_loc loc)
{
    if (t->nrows == t->caprows) {
        int cap = t->caprows ? t->caprows * 2 : 32;
        js_row *r = js_arena_grow(doc->arena, t->rows, (size_t)t->nrows, (size_t)cap, sizeof *r);
        if (!r) return NULL;
        t->rows = r;
        t->caprows = cap;
    }
    js_row *prev = js_table_row(t, key);
    js_row *r = &t->rows[t->nrows];
    memset(r, 0, sizeof *r);
    r->key = js_arena_strdup(doc->arena, key);
    r->code = code ? js_arena_strdup(doc->arena, code) : NULL;
    r->name = name ? js_arena_strdup(doc->arena, name) : NULL;
    r->loc = loc;
    r->dup_of = prev ? (int)(prev - t->rows) : -1;
    r->cells = js_arena_calloc(doc->arena, (size_t)(t->ncols ? t->ncols : 1), sizeof(js_cell));
    if (!r->key || !r->cells) return NULL;
    t->nrows++;
    key_index(doc, t);
    return r;
}

int js_table_col(const js_table *t, const char *key)
{
    if (!t || !key) return -1;
    for (int i = 0; i < t->ncols; i++)
        if (strcmp(t->cols[i], key) == 0) return i;
    return -1;
}

js_cell *js_table_cell(const js_table *t, const char *row, const char *col)
{
    js_row *r = js_table_row(t, row);
    int c = js_table_col(t, col);
    return r && c >= 0 ? &r->cells[c] : NULL;
}

void js_cell_set(js_doc *doc, js_cell *c, js_amount v, const char *text, js_loc loc)
{
    c->value = v;
    c->present = true;
    c->text = text ? js_arena_strdup(doc->arena, text) : NULL;
    c->loc = loc;
}

js_amount js_table_value(const js_table *t, const char *row, const char *col)
{
    js_cell *c = js_table_cell(t, row, col);
    return c && c->present ? c->value : 0;
}

#define GROW(doc, arr, n, cap)                                                                     \
    do {                                                                                           \
        if ((n) == (cap)) {                                                                        \
            int nc_ = (cap) ? (cap)*2 : 16;                                                        \
            void *p_ =                                                                             \
                js_arena_grow_raw((doc)->arena, (arr), (size_t)(n), (size_t)nc_, sizeof *(arr));   \
            if (!p_) return -1;                                                                    \
            (arr) = p_;                                                                            \
            (cap) = nc_;                                                                           \
        }                                                                                          \
    } while (0)

/* text as the document keeps it: the end of its source line (doc->lines, which live as
 * long as the document) when that line ends with exactly these bytes — most paragraphs
 * of a text input are one line, and a copy of each was 0.4x the input (issue #16.7) —
 * else a copy. */
static const char *keep_text(js_doc *doc, const char *text, int line)
{
    size_t n = strlen(text);
    if (n > 0 && doc->lines && line >= 1 && line <= doc->nlines && doc->lines[line - 1]) {
        const char *l = doc->lines[line - 1];
        size_t ln = strlen(l);
        if (ln >= n && memcmp(l + ln - n, text, n) == 0) return l + ln - n;
    }
    return js_arena_strndup(doc->arena, text, n);
}

int js_doc_section_add(js_doc *doc, const js_section *s)
{
    GROW(doc, doc->sections, doc->nsections, doc->capsections);
    js_section *d = &doc->sections[doc->nsections];
    *d = *s;
    d->num = js_arena_strdup(doc->arena, s->num ? s->num : "");
    d->title = keep_text(doc, s->title ? s->title : "", s->loc.line);
    return doc->nsections++;
}

int js_doc_para_add(js_doc *doc, const char *text, int section, js_loc loc, int nlines)
{
    GROW(doc, doc->paras, doc->nparas, doc->capparas);
    js_para *p = &doc->paras[doc->nparas];
    memset(p, 0, sizeof *p);
    p->text = nlines == 1 ? keep_text(doc, text, loc.line) : js_arena_strdup(doc->arena, text);
    p->section = section;
    p->loc = loc;
    p->nlines = nlines;
    if (section >= 0 && section < doc->nsections) {
        js_section *s = &doc->sections[section];
        if (s->npara == 0) s->first_para = doc->nparas;
        s->npara++;
    }
    return doc->nparas++;
}

static int perf_add(js_doc *doc, int kind)
{
    GROW(doc, doc->perf, doc->nperf, doc->capperf);
    memset(&doc->perf[doc->nperf], 0, sizeof doc->perf[0]);
    doc->perf[doc->nperf].kind = kind;
    return doc->nperf++;
}

js_perf *js_doc_perf_add(js_doc *doc, int kind)
{
    int i = perf_add(doc, kind);
    return i < 0 ? NULL : &doc->perf[i];
}

js_perf_fund *js_perf_fund_add(js_doc *doc, js_perf *p)
{
    if (p->nfunds == p->capfunds) {
        int cap = p->capfunds ? p->capfunds * 2 : 8;
        js_perf_fund *f =
            js_arena_grow(doc->arena, p->funds, (size_t)p->nfunds, (size_t)cap, sizeof *f);
        if (!f) return NULL;
        p->funds = f;
        p->capfunds = cap;
    }
    return &p->funds[p->nfunds++];
}

js_perf_ind *js_perf_ind_add(js_doc *doc, js_perf *p)
{
    if (p->ninds == p->capinds) {
        int cap = p->capinds ? p->capinds * 2 : 16;
        js_perf_ind *f =
            js_arena_grow(doc->arena, p->inds, (size_t)p->ninds, (size_t)cap, sizeof *f);
        if (!f) return NULL;
        p->inds = f;
        p->capinds = cap;
    }
    return &p->inds[p->ninds++];
}

void js_doc_note(js_doc *doc, const char *code, int table, js_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    js_diags_vadd(&doc->diags, &(js_diag){.code = code, .table = table, .loc = loc}, fmt, ap);
    va_end(ap);
}

const char *js_table_id(int no)
{
    static const char *const ID[] = {"00", "01", "02", "03", "04", "05", "06", "07", "08", "09"};
    static const char *const YID[JS_YTABLE_MAX + 1] = {
        "Y00", "Y01", "Y02", "Y03", "Y04", "Y05", "Y06", "Y07", "Y08", "Y09", "Y10",
        "Y11", "Y12", "Y13", "Y14", "Y15", "Y16", "Y17", "Y18", "Y19", "Y20"};
    if (no > JS_YTABLE_BASE && no <= JS_YTABLE_BASE + JS_YTABLE_MAX)
        return YID[no - JS_YTABLE_BASE];
    return no >= 1 && no <= 9 ? ID[no] : "00";
}

js_table *js_doc_table(const js_doc *doc, int no)
{
    if (no >= 1 && no <= 9) return doc->tables[no];
    if (no > JS_YTABLE_BASE && no <= JS_YTABLE_BASE + JS_YTABLE_MAX)
        return doc->ytables[no - JS_YTABLE_BASE];
    return NULL;
}

const char *js_kind_name(int kind)
{
    return kind == JS_KIND_BUDGET ? "预算" : "决算";
}

const char *js_scope_name(int scope)
{
    return scope == JS_SCOPE_DEPT ? "部门" : scope == JS_SCOPE_UNIT ? "单位" : "";
}

const char *js_table_title(int no)
{
    static const char *const T[] = {
        "",
        "收入支出决算总表",
        "收入决算表",
        "支出决算表",
        "财政拨款收入支出决算总表",
        "一般公共预算财政拨款支出决算表",
        "一般公共预算财政拨款基本支出决算表",
        "财政拨款“三公”经费支出决算表",
        "政府性基金预算财政拨款收入支出决算表",
        "国有资本经营预算财政拨款支出决算表",
    };
    return no >= 1 && no <= 9 ? T[no] : "";
}
