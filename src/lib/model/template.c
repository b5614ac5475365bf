/*
 * template.c - the table templates (template.h), read from
 * data/templates/templates.tsv (compiled in). The format is docs/templates.md:
 * one tab-separated record a line (form, title, col, row, ident, class).
 * Records for form "*" apply to every form; at load time each form gets a
 * resolved description of each table: titles and rows of "*" and of the form,
 * the form's own columns if it declares any, else those of "*".
 */
#include "juesuan/template.h"
#include "juesuan/text.h"
#include "../data.h"

#include <stdlib.h>
#include <string.h>

#define MAX_FORMS 16
#define MAX_REC 1024
#define MAX_FIELDS 8

typedef struct rec {
    int kind; /* 'T' title, 'C' col, 'R' row, 'I' ident */
    const char *form;
    int no;
    const char *a; /* title kind / key / ident rule id */
    const char *b; /* names, '|'-separated (raw) / ident expr */
} rec;

typedef struct form_def {
    const char *id;
    int year;
    const char **marks;
    int nmarks;
    js_tpl_table tables[10];
} form_def;

struct js_templates {
    js_arena *arena;
    form_def forms[MAX_FORMS];
    int nforms;
    js_tpl_class *classes;
    int nclasses;
};

static const char *norm_dup(js_arena *a, const char *s, size_t n)
{
    js_buf b;
    js_buf_init(&b);
    js_norm_key(&b, s, n);
    const char *r = js_arena_strndup(a, b.data ? b.data : "", b.len);
    js_buf_release(&b);
    return r;
}

/* Split s on '|' into normalised strings. */
static const char **split_names(js_arena *a, const char *s, int *n)
{
    int cap = 1;
    for (const char *p = s; *p; p++)
        if (*p == '|') cap++;
    const char **out = js_arena_calloc(a, (size_t)cap + 1, sizeof *out);
    if (!out) return NULL;
    int k = 0;
    const char *start = s;
    for (const char *p = s;; p++) {
        if (*p == '|' || *p == '\0') {
            if (p > start) out[k++] = norm_dup(a, start, (size_t)(p - start));
            if (!*p) break;
            start = p + 1;
        }
    }
    *n = k;
    return out;
}

static int kind_of(const char *s)
{
    if (strcmp(s, "twosided") == 0) return JS_TPL_TWOSIDED;
    if (strcmp(s, "coded") == 0) return JS_TPL_CODED;
    if (strcmp(s, "econ") == 0) return JS_TPL_ECON;
    if (strcmp(s, "sangong") == 0) return JS_TPL_SANGONG;
    return 0;
}

static bool form_matches(const char *recform, const char *form)
{
    return strcmp(recform, "*") == 0 || strcmp(recform, form) == 0;
}

/* Build the resolved tables of form f from the records. */
static int resolve(js_templates *t, form_def *f, const rec *recs, int nrec, js_err *err)
{
    js_arena *a = t->arena;
    for (int no = 1; no <= 9; no++) {
        js_tpl_table *tb = &f->tables[no];
        tb->form = f->id;
        tb->no = no;
        int nt = 0, nc_form = 0, nc_all = 0, nr = 0, ni = 0;
        for (int i = 0; i < nrec; i++) {
            const rec *r = &recs[i];
            if (r->no != no || !form_matches(r->form, f->id)) continue;
            if (r->kind == 'T') {
                int k = 0;
                for (const char *p = r->b; *p; p++)
                    k += *p == '|';
                nt += k + 1;
            } else if (r->kind == 'C') {
                if (strcmp(r->form, "*") == 0)
                    nc_all++;
                else
                    nc_form++;
            } else if (r->kind == 'R') {
                nr++;
            } else if (r->kind == 'I') {
                ni++;
            }
        }
        bool own_cols = nc_form > 0;
        tb->titles = js_arena_calloc(a, (size_t)nt + 1, sizeof(char *));
        tb->cols =
            js_arena_calloc(a, (size_t)(own_cols ? nc_form : nc_all) + 1, sizeof(js_tpl_col));
        tb->rows = js_arena_calloc(a, (size_t)nr + 1, sizeof(js_tpl_row));
        tb->idents = js_arena_calloc(a, (size_t)ni + 1, sizeof(char *));
        tb->ident_rules = js_arena_calloc(a, (size_t)ni + 1, sizeof(char *));
        if (!tb->titles || !tb->cols || !tb->rows || !tb->idents || !tb->ident_rules)
            return js_err_set(err, JS_EINTERNAL, "out of memory loading templates");
        for (int i = 0; i < nrec; i++) {
            const rec *r = &recs[i];
            if (r->no != no || !form_matches(r->form, f->id)) continue;
            if (r->kind == 'T') {
                if (!tb->kind) tb->kind = kind_of(r->a);
                int k;
                const char **names = split_names(a, r->b, &k);
                if (!names) return js_err_set(err, JS_EINTERNAL, "out of memory");
                for (int j = 0; j < k; j++)
                    tb->titles[tb->ntitles++] = names[j];
            } else if (r->kind == 'C') {
                bool mine = strcmp(r->form, "*") != 0;
                if (mine != own_cols) continue;
                js_tpl_col *c = &tb->cols[tb->ncols++];
                c->key = r->a;
                c->words = split_names(a, r->b, &c->nwords);
            } else if (r->kind == 'R') {
                js_tpl_row *w = &tb->rows[tb->nrows++];
                w->key = r->a;
                const char *b = r->b;
                if (b[0] == '@') {
                    const char *bar = strchr(b, '|');
                    size_t len = bar ? (size_t)(bar - b - 1) : strlen(b + 1);
                    w->after = js_arena_strndup(a, b + 1, len);
                    b = bar ? bar + 1 : "";
                }
                w->names = split_names(a, b, &w->nnames);
            } else if (r->kind == 'I') {
                tb->ident_rules[tb->nidents] = r->a;
                tb->idents[tb->nidents++] = r->b;
            }
        }
    }
    return JS_OK;
}

js_templates *js_templates_parse(const char *origin, const char *text, size_t n, js_err *err)
{
    js_templates *t = calloc(1, sizeof *t);
    if (!t || !(t->arena = js_arena_new())) {
        free(t);
        js_err_set(err, JS_EINTERNAL, "out of memory loading templates");
        return NULL;
    }
    rec *recs = calloc(MAX_REC, sizeof *recs);
    t->classes = js_arena_calloc(t->arena, 64, sizeof *t->classes);
    if (!recs || !t->classes) {
        free(recs);
        js_templates_free(t);
        js_err_set(err, JS_EINTERNAL, "out of memory loading templates");
        return NULL;
    }
    int nrec = 0, lineno = 0;
    size_t pos = 0;
    int status = JS_OK;
    while (pos < n && status == JS_OK) {
        const char *line = text + pos;
        const char *nl = memchr(line, '\n', n - pos);
        size_t len = nl ? (size_t)(nl - line) : n - pos;
        pos += len + 1;
        lineno++;
        if (len == 0 || line[0] == '#') continue;
        char *copy = js_arena_strndup(t->arena, line, len);
        if (!copy) {
            status = js_err_set(err, JS_EINTERNAL, "out of memory loading templates");
            break;
        }
        char *f[MAX_FIELDS] = {0};
        int nf = 0;
        for (char *p = copy; nf < MAX_FIELDS;) {
            f[nf++] = p;
            char *tab = strchr(p, '\t');
            if (!tab) break;
            *tab = '\0';
            p = tab + 1;
        }
        const char *what = f[0];
        if (strcmp(what, "form") == 0 && nf == 4) {
            if (t->nforms == MAX_FORMS) {
                status = js_err_set(err, JS_EINPUT, "%s:%d: too many forms", origin, lineno);
                break;
            }
            form_def *fd = &t->forms[t->nforms++];
            fd->id = f[1];
            fd->year = (int)strtol(f[2], NULL, 10);
            fd->marks = split_names(t->arena, f[3], &fd->nmarks);
        } else if (strcmp(what, "class") == 0 && nf == 4) {
            if (t->nclasses == 64) {
                status = js_err_set(err, JS_EINPUT, "%s:%d: too many classes", origin, lineno);
                break;
            }
            t->classes[t->nclasses].code = f[2];
            t->classes[t->nclasses].name = norm_dup(t->arena, f[3], strlen(f[3]));
            t->nclasses++;
        } else if ((strcmp(what, "title") == 0 && nf == 5) ||
                   ((strcmp(what, "col") == 0 || strcmp(what, "row") == 0) && nf == 5) ||
                   (strcmp(what, "ident") == 0 && nf == 5)) {
            int no = (int)strtol(f[2], NULL, 10);
            if (no < 1 || no > 9 || nrec == MAX_REC) {
                status = js_err_set(err, JS_EINPUT, "%s:%d: bad table number or too many records",
                                    origin, lineno);
                break;
            }
            rec *r = &recs[nrec++];
            r->kind = what[0] == 't' ? 'T' : what[0] == 'c' ? 'C' : what[0] == 'r' ? 'R' : 'I';
            r->form = f[1];
            r->no = no;
            r->a = f[3];
            r->b = f[4];
            if (r->kind == 'T' && !kind_of(f[3])) {
                status = js_err_set(err, JS_EINPUT, "%s:%d: unknown table kind '%s'", origin,
                                    lineno, f[3]);
                break;
            }
        } else {
            status = js_err_set(err, JS_EINPUT, "%s:%d: cannot read record '%s' (%d fields)",
                                origin, lineno, what, nf);
        }
    }
    if (status == JS_OK && t->nforms == 0)
        status = js_err_set(err, JS_EINPUT, "%s: no form declared", origin);
    for (int i = 0; status == JS_OK && i < t->nforms; i++)
        status = resolve(t, &t->forms[i], recs, nrec, err);
    for (int i = 0; status == JS_OK && i < t->nforms; i++)
        for (int no = 1; no <= 9 && status == JS_OK; no++)
            if (t->forms[i].tables[no].ntitles == 0 || !t->forms[i].tables[no].kind)
                status = js_err_set(err, JS_EINPUT, "%s: form %s has no title for table %d", origin,
                                    t->forms[i].id, no);
    free(recs);
    if (status != JS_OK) {
        js_templates_free(t);
        return NULL;
    }
    return t;
}

js_templates *js_templates_new(js_err *err)
{
    return js_templates_parse("data/templates/templates.tsv", js_data_templates_tsv,
                              js_data_templates_tsv_len, err);
}

void js_templates_free(js_templates *t)
{
    if (!t) return;
    js_arena_free(t->arena);
    free(t);
}

int js_templates_nforms(const js_templates *t)
{
    return t ? t->nforms : 0;
}

const char *js_templates_form(const js_templates *t, int i)
{
    return t && i >= 0 && i < t->nforms ? t->forms[i].id : NULL;
}

const char *js_templates_form_marked(const js_templates *t, const char *normline)
{
    if (!t || !normline) return NULL;
    /* a later (newer) form's marks win: the 2020 form's marks are generic */
    for (int i = t->nforms - 1; i >= 0; i--)
        for (int j = 0; j < t->forms[i].nmarks; j++)
            if (t->forms[i].marks[j][0] && strstr(normline, t->forms[i].marks[j]))
                return t->forms[i].id;
    return NULL;
}

const char *js_templates_form_for_year(const js_templates *t, int year)
{
    if (!t || t->nforms == 0) return NULL;
    int best = 0;
    for (int i = 1; i < t->nforms; i++)
        if (t->forms[i].year <= year && t->forms[i].year >= t->forms[best].year) best = i;
    return t->forms[best].id;
}

const js_tpl_table *js_templates_table(const js_templates *t, const char *form, int no)
{
    if (!t || no < 1 || no > 9 || t->nforms == 0) return NULL;
    for (int i = 0; i < t->nforms; i++)
        if (form && strcmp(t->forms[i].id, form) == 0) return &t->forms[i].tables[no];
    return &t->forms[0].tables[no];
}

/* Bytes of a quotation mark at s (“ ” ‘ ’ " ' 「 」 『 』), 0 if none. */
static size_t quote_at(const char *s)
{
    static const char *const q[] = {"\"", "'", "“", "”", "‘", "’", "「", "」", "『", "』"};
    for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
        size_t n = strlen(q[i]);
        if (strncmp(s, q[i], n) == 0) return n;
    }
    return 0;
}

/* a and b equal when quotation marks are left out ("三公" printed “三公”, ‘三公’, 「三公」) */
static bool same_unquoted(const char *a, const char *b)
{
    for (;;) {
        size_t n;
        while ((n = quote_at(a)) != 0)
            a += n;
        while ((n = quote_at(b)) != 0)
            b += n;
        if (*a != *b) return false;
        if (!*a) return true;
        a++;
        b++;
    }
}

int js_templates_title(const js_templates *t, const char *normtitle)
{
    if (!t || !normtitle) return 0;
    for (int i = 0; i < t->nforms; i++)
        for (int no = 1; no <= 9; no++) {
            const js_tpl_table *tb = &t->forms[i].tables[no];
            for (int k = 0; k < tb->ntitles; k++)
                if (strcmp(tb->titles[k], normtitle) == 0) return no;
        }
    for (int i = 0; i < t->nforms; i++)
        for (int no = 1; no <= 9; no++) {
            const js_tpl_table *tb = &t->forms[i].tables[no];
            for (int k = 0; k < tb->ntitles; k++)
                if (same_unquoted(tb->titles[k], normtitle)) return no;
        }
    return 0;
}

const js_tpl_class *js_templates_classes(const js_templates *t, int *n)
{
    *n = t ? t->nclasses : 0;
    return t ? t->classes : NULL;
}
