/*
 * budget_form.c - the budget forms of data/templates/budgets.tsv (budget.h):
 * their records (read by the one reader of the form data, records.h), and
 * tables looked up by role and by printed title.
 */
#include "juesuan/juesuan.h"
#include "data.h"
#include "records.h"

#include <stdio.h>
#include <string.h>

struct js_bforms {
    js_arena *arena;
    js_btable *tables;
    int ntables, cap;
    js_bsay *says;
    int nsays;
};

/* Split s (NUL-terminated, modified) at sep into at most max fields. */
static int split(char *s, char sep, char **out, int max)
{
    int n = 0;
    out[n++] = s;
    for (char *p = s; *p && n < max; p++)
        if (*p == sep) {
            *p = '\0';
            out[n++] = p + 1;
        }
    return n;
}

static void skip_prefix(const char **s, const char *p)
{
    size_t n = js_startswith(*s, p);
    if (n) *s += n;
}

/* title into buf without spaces, quotation marks and control characters. */
static void norm_chars(const char *title, char *buf, size_t n)
{
    js_buf b;
    js_buf_init(&b);
    js_norm_key(&b, title, strlen(title));
    size_t k = 0;
    const char *s = b.data ? b.data : "";
    static const char *const QUOTES[] = {"“", "”", "\"", "‘", "’", "「", "」", NULL};
    while (*s && k + 1 < n) {
        size_t m = 0;
        for (int i = 0; QUOTES[i] && !m; i++)
            m = js_startswith(s, QUOTES[i]);
        if (m)
            s += m;
        else if ((unsigned char)*s < 0x20) /* a form feed of layout text */
            s++;
        else
            buf[k++] = *s++;
    }
    buf[k] = '\0';
    js_buf_release(&b);
}

/* Past a heading number (一、 5. (一)) and a year (2017年度 2017年) at the start of p. */
static const char *skip_number_year(const char *p)
{
    js_heading_num h;
    size_t hn = js_heading_parse(p, strlen(p), &h);
    if (hn) p += hn;
    /* "5.2024年…": a number before a year is not a decimal */
    if (!hn && p[0] >= '1' && p[0] <= '9') {
        const char *q = p + 1 + (p[1] >= '0' && p[1] <= '9');
        size_t m = js_startswith(q, ".");
        if (!m) m = js_startswith(q, "、");
        if (m && q[m] == '2' && strlen(q + m) > 4) p = q + m;
    }
    if (p[0] >= '1' && p[0] <= '2' && strlen(p) > 4 && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' &&
        p[2] <= '9' && p[3] >= '0' && p[3] <= '9') {
        const char *q = p + 4;
        size_t m = js_startswith(q, "年度");
        if (!m) m = js_startswith(q, "年");
        if (m) p = q + m;
    }
    return p;
}

/* Drop trailing leader dots, a page number and (功能科目)/(经济科目)/(续). */
static void trim_tail(char *buf)
{
    size_t len = strlen(buf), dots = strlen("…");
    while (len) {
        if (len >= dots && strcmp(buf + len - dots, "…") == 0)
            buf[len -= dots] = '\0';
        else if (buf[len - 1] == '.' || (buf[len - 1] >= '0' && buf[len - 1] <= '9'))
            buf[--len] = '\0';
        else
            break;
    }
    static const char *const TAILS[] = {"(功能科目)", "(经济科目)", "(续)", NULL};
    for (int i = 0; TAILS[i]; i++) {
        size_t m = strlen(TAILS[i]);
        if (len > m && strcmp(buf + len - m, TAILS[i]) == 0) buf[len -= m] = '\0';
    }
}

const char *js_bforms_norm(const char *title, const char *dept, char *buf, size_t n)
{
    norm_chars(title, buf, n);
    const char *p = skip_number_year(buf);
    if (dept && dept[0]) skip_prefix(&p, dept);
    skip_prefix(&p, "预算单位");
    skip_prefix(&p, "部门");
    skip_prefix(&p, "单位");
    memmove(buf, p, strlen(p) + 1);
    trim_tail(buf);
    return buf;
}

static js_btable *find(js_bforms *f, const char *form, const char *role)
{
    for (int i = 0; i < f->ntables; i++)
        if (strcmp(f->tables[i].form, form) == 0 && strcmp(f->tables[i].role, role) == 0)
            return &f->tables[i];
    return NULL;
}

/* Append one element of size sz to a growing arena array. */
static void *push(js_arena *a, void **arr, int *n, size_t sz)
{
    void *grown = js_arena_grow(a, *arr, (size_t)*n, (size_t)*n + 1, sz);
    if (!grown) return NULL;
    *arr = grown;
    void *e = (char *)grown + (size_t)(*n)++ * sz;
    memset(e, 0, sz);
    return e;
}

static int oom(js_err *err)
{
    return js_err_set(err, JS_EINTERNAL, "out of memory");
}

/* say FORM TARGET WORDS */
static int rec_say(void *ctx, const js_rec_line *l, js_err *err)
{
    js_bforms *f = ctx;
    js_arena *a = f->arena;
    js_bsay *y = push(a, (void **)&f->says, &f->nsays, sizeof *y);
    if (!y) return oom(err);
    y->form = l->f[1];
    y->target = l->f[2];
    y->words = js_rec_words(a, l->f[3], &y->nwords);
    return y->words ? JS_OK : oom(err);
}

/* form ID YEAR PROVINCE: the forms are known by their tables */
static int rec_form(void *ctx, const js_rec_line *l, js_err *err)
{
    (void)ctx, (void)l, (void)err;
    return JS_OK;
}

/* title FORM ROLE KIND TITLES */
static int rec_title(void *ctx, const js_rec_line *l, js_err *err)
{
    js_bforms *f = ctx;
    js_arena *a = f->arena;
    char **fld = l->f;
    if (find(f, fld[1], fld[2])) return js_rec_error(err, l, "repeated title record");
    static const char *const KINDS[] = {"", "balance", "coded", "list", "onerow", "procure"};
    int kind = 0;
    for (int k = 1; k < 6; k++)
        if (strcmp(fld[3], KINDS[k]) == 0) kind = k;
    if (!kind) return js_rec_error(err, l, "unknown kind %s", fld[3]);
    js_btable *t = push(a, (void **)&f->tables, &f->ntables, sizeof *t);
    if (!t) return oom(err);
    t->form = fld[1];
    t->role = fld[2];
    t->kind = kind;
    char *tf[32];
    int nt = split(fld[4], '|', tf, 32);
    t->titles = js_arena_calloc(a, (size_t)nt, sizeof *t->titles);
    if (!t->titles) return oom(err);
    for (int i = 0; i < nt; i++) {
        char buf[512];
        t->titles[i] = js_arena_strdup(a, js_bforms_norm(tf[i], NULL, buf, sizeof buf));
    }
    t->ntitles = nt;
    return JS_OK;
}

/* col|row|blank|ident|link FORM ROLE …: a record of a table already titled */
static int rec_part(void *ctx, const js_rec_line *l, js_err *err)
{
    js_bforms *f = ctx;
    js_arena *a = f->arena;
    char **fld = l->f;
    const char *rec = fld[0];
    js_btable *t = find(f, fld[1], fld[2]);
    if (!t) return js_rec_error(err, l, "%s before the title of %s %s", rec, fld[1], fld[2]);
    if (strcmp(rec, "col") == 0) {
        js_bcol *c = push(a, (void **)&t->cols, &t->ncols, sizeof *c);
        if (!c || !(c->words = js_rec_words(a, fld[4], &c->nwords))) return oom(err);
        c->key = fld[3];
    } else if (strcmp(rec, "row") == 0) {
        js_brow *r = push(a, (void **)&t->rows, &t->nrows, sizeof *r);
        if (!r || !(r->names = js_rec_words(a, fld[4], &r->nnames))) return oom(err);
        r->key = fld[3];
    } else if (strcmp(rec, "blank") == 0) {
        const char **e = push(a, (void **)&t->blanks, &t->nblanks, sizeof *t->blanks);
        if (!e) return oom(err);
        *e = fld[3];
    } else {
        bool id = rec[0] == 'i';
        const char ***arr = id ? &t->idents : &t->links;
        int *n = id ? &t->nidents : &t->nlinks;
        const char **e = push(a, (void **)arr, n, sizeof **arr);
        if (!e) return oom(err);
        *e = fld[3];
    }
    return JS_OK;
}

static const js_rec_kind RECORDS[] = {
    {"say", 4, JS_REC_MAX_FIELDS, rec_say},     {"form", 3, JS_REC_MAX_FIELDS, rec_form},
    {"title", 5, JS_REC_MAX_FIELDS, rec_title}, {"col", 5, JS_REC_MAX_FIELDS, rec_part},
    {"row", 5, JS_REC_MAX_FIELDS, rec_part},    {"blank", 4, JS_REC_MAX_FIELDS, rec_part},
    {"ident", 4, JS_REC_MAX_FIELDS, rec_part},  {"link", 4, JS_REC_MAX_FIELDS, rec_part},
};

js_bforms *js_bforms_parse(const char *origin, const char *text, size_t n, js_err *err)
{
    js_bforms *f = NULL;
    js_arena *a = js_arena_new();
    if (a) f = js_arena_calloc(a, 1, sizeof *f);
    if (!f) {
        js_arena_free(a);
        js_err_set(err, JS_EINTERNAL, "out of memory");
        return NULL;
    }
    f->arena = a;
    if (js_records_read(origin, text, n, a, RECORDS, sizeof RECORDS / sizeof RECORDS[0], f, err) !=
        JS_OK) {
        js_arena_free(a);
        return NULL;
    }
    return f;
}

js_bforms *js_bforms_new(js_err *err)
{
    return js_bforms_parse("data/templates/budgets.tsv", js_data_budgets_tsv,
                           js_data_budgets_tsv_len, err);
}

void js_bforms_free(js_bforms *f)
{
    if (f) js_arena_free(f->arena);
}

const js_bsay *js_bforms_says(const js_bforms *f, int *n)
{
    *n = f->nsays;
    return f->says;
}

const js_btable *js_bforms_tables(const js_bforms *f, int *n)
{
    *n = f->ntables;
    return f->tables;
}

const js_btable *js_bforms_role(const js_bforms *f, const char *form, const char *role)
{
    return find((js_bforms *)f, form, role);
}

const js_btable *js_bforms_title(const js_bforms *f, const char *form, const char *printed,
                                 const char *dept)
{
    /* every title of the forms names a 表 (data/templates/budgets.tsv): a line
     * without one is not normalised (the reader asks of every line of a PDF) */
    if (!strstr(printed, "表")) return NULL;
    char buf[512];
    js_bforms_norm(printed, dept, buf, sizeof buf);
    if (!buf[0]) return NULL;
    for (int i = 0; i < f->ntables; i++) {
        const js_btable *t = &f->tables[i];
        if (form && strcmp(t->form, form) != 0) continue;
        for (int k = 0; k < t->ntitles; k++)
            if (strcmp(t->titles[k], buf) == 0) return t;
    }
    return NULL;
}

static int col_of(const char *const *cols, int ncols, const char *key, size_t n)
{
    for (int i = 0; i < ncols; i++)
        if (strlen(cols[i]) == n && strncmp(cols[i], key, n) == 0) return i;
    return -1;
}

int js_browids(const js_btable *bt, const char *const *cols, int ncols, js_browid *out, int max)
{
    int n = 0;
    for (int i = 0; bt && i < bt->nidents && n < max; i++) {
        const char *e = bt->idents[i];
        size_t k = js_startswith(e, "row ");
        if (!k) continue;
        js_browid id;
        memset(&id, 0, sizeof id);
        id.a = -1;
        const char *p = e + k;
        bool lhs = true, ok = true;
        while (*p && ok) {
            while (*p == ' ' || *p == '+')
                p++;
            if (*p == '=') {
                lhs = false;
                p++;
                continue;
            }
            const char *q = p;
            while (*q && *q != ' ')
                q++;
            if (q == p) break;
            int c = col_of(cols, ncols, p, (size_t)(q - p));
            if (c < 0)
                ok = false;
            else if (lhs)
                id.a = c;
            else if (id.nb < 12)
                id.b[id.nb++] = c;
            p = q;
        }
        if (ok && id.a >= 0 && id.nb) out[n++] = id;
    }
    return n;
}
