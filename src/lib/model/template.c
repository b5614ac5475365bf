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
#include "form_layout.h"
#include "records.h"
#include "template_title.h"

#include <stdlib.h>
#include <string.h>

#define MAX_FORMS 16
#define MAX_REC 1024

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
    js_tpl_topic *topics; /* the 情况说明's sections (topic records) */
    int ntopics;
    js_tpl_say *says; /* the section→cell map (say records) */
    int nsays;
    js_tpl_link *links; /* the cross-table links (link records) */
    int nlinks;
    js_tpl_topic *appx; /* the 附件's sections (appx records) */
    int nappx;
    js_tpl_share *shares; /* the bases of shares (share records): the form's, then "*" */
    int nshares;
    js_tpl_sgitem *sgitems; /* the 三公 items of 07 (sgitem records): the form's, else "*" */
    int nsgitems;
} form_def;

struct js_templates {
    js_arena *arena;
    form_def forms[MAX_FORMS];
    int nforms;
    js_tpl_class *classes;
    int nclasses;
    js_tpl_rollup *rollups; /* the roll-up's consistency checks (rollup records) */
    int nrollups;
    js_layout *layout; /* the forms' print layout (note head body group foot perf records) */
    js_tpl_title_ix *title_ix; /* the tables' titles, for js_templates_title */
    /* the first characters of the forms' marks, looked for in a line in one pass
     * (js_templates_marks_maybe); marks_ok false when they do not fit a js_words */
    js_words mark_first;
    char mark_chars[JS_WORDS_MAX][5];
    bool marks_ok;
};

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

/* The titles of table tb->no of form id: the form's own first (the first is the
 * one the builder prints), then those of "*"; its kind from the first record. */
static int titles(js_tpl_table *tb, js_arena *a, const rec *recs, int nrec, const char *id)
{
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < nrec; i++) {
            const rec *r = &recs[i];
            if (r->kind != 'T' || r->no != tb->no || strcmp(r->form, pass ? "*" : id) != 0)
                continue;
            if (!tb->kind) tb->kind = kind_of(r->a);
            int k;
            const char **names = js_rec_words(a, r->b, &k);
            if (!names) return JS_EINTERNAL;
            for (int j = 0; j < k; j++)
                tb->titles[tb->ntitles++] = names[j];
        }
    return JS_OK;
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
        if (titles(tb, a, recs, nrec, f->id) != JS_OK)
            return js_err_set(err, JS_EINTERNAL, "out of memory");
        for (int i = 0; i < nrec; i++) {
            const rec *r = &recs[i];
            if (r->no != no || !form_matches(r->form, f->id)) continue;
            if (r->kind == 'C') {
                bool mine = strcmp(r->form, "*") != 0;
                if (mine != own_cols) continue;
                js_tpl_col *c = &tb->cols[tb->ncols++];
                c->key = r->a;
                c->words = js_rec_words(a, r->b, &c->nwords);
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
                w->names = js_rec_words(a, b, &w->nnames);
            } else if (r->kind == 'I') {
                tb->ident_rules[tb->nidents] = r->a;
                tb->idents[tb->nidents++] = r->b;
            }
        }
    }
    return JS_OK;
}

/* ---- the narrative map and the cross-table links ------------------------- */

/* Split s on sep (a string) into raw (not normalised) strings; "-" is none. */
static const char **split_raw(js_arena *a, const char *s, const char *sep, int *n)
{
    *n = 0;
    size_t k = strlen(sep);
    int cap = 1;
    for (const char *p = strstr(s, sep); p; p = strstr(p + k, sep))
        cap++;
    const char **out = js_arena_calloc(a, (size_t)cap + 1, sizeof *out);
    if (!out || strcmp(s, "-") == 0) return out;
    for (const char *p = s;;) {
        const char *q = strstr(p, sep);
        size_t len = q ? (size_t)(q - p) : strlen(p);
        if (len) out[(*n)++] = js_arena_strndup(a, p, len);
        if (!q) break;
        p = q + k;
    }
    return out;
}

/* "02/合计/财政拨款收入" (the column part may hold '|'-separated alternatives). */
static bool parse_ref(js_arena *a, const char *s, js_tpl_ref *r)
{
    const char *s1 = strchr(s, '/');
    const char *s2 = s1 ? strchr(s1 + 1, '/') : NULL;
    if (!s2 || s2 == s1 + 1 || !s2[1]) return false;
    char *end;
    long no = strtol(s, &end, 10);
    if (end != s1 || no < 1 || no > 9) return false;
    r->no = (int)no;
    r->row = js_arena_strndup(a, s1 + 1, (size_t)(s2 - s1 - 1));
    r->col = js_arena_strndup(a, s2 + 1, strlen(s2 + 1));
    return r->row && r->col;
}

/* Cells joined by " + ". */
static js_tpl_ref *parse_refs(js_arena *a, const char *s, int *n)
{
    const char **parts = split_raw(a, s, " + ", n);
    js_tpl_ref *r = parts ? js_arena_calloc(a, (size_t)*n + 1, sizeof *r) : NULL;
    for (int i = 0; r && i < *n; i++)
        if (!parse_ref(a, parts[i], &r[i])) return NULL;
    return *n ? r : NULL;
}

static const char *dash_none(const char *s)
{
    return strcmp(s, "-") == 0 ? "" : s;
}

/* ---- reading the records ---------------------------------------------------- */

typedef struct parser {
    js_templates *t;
    const char *origin;
    const js_rec_line *line; /* the line being read */
    js_err *err;
    rec *recs;
    int nrec;
    js_tpl_topic *topics; /* all topic records, with their forms */
    const char **topic_form;
    int ntopics;
    js_tpl_say *says;
    const char **say_form;
    int nsays;
    js_tpl_link *links;
    const char **link_form;
    int nlinks;
    js_tpl_topic *appx; /* all appx records, with their forms */
    const char **appx_form;
    int nappx;
    js_tpl_share *shares; /* all share records, with their forms */
    const char **share_form;
    int nshares;
    js_tpl_sgitem *sgitems; /* all sgitem records, with their forms */
    const char **sgitem_form;
    int nsgitems;
} parser;

static int bad(parser *p, const char *what, const char *arg)
{
    return js_rec_error(p->err, p->line, "%s%s%s%s", what, arg ? " '" : "", arg ? arg : "",
                        arg ? "'" : "");
}

static int oom(parser *p)
{
    return js_err_set(p->err, JS_EINTERNAL, "out of memory loading templates");
}

static int rec_form(void *ctx, const js_rec_line *l, js_err *err)
{
    parser *p = ctx;
    char **f = l->f;
    p->line = l;
    (void)err;
    js_templates *t = p->t;
    if (t->nforms == MAX_FORMS) return bad(p, "too many forms", NULL);
    form_def *fd = &t->forms[t->nforms++];
    fd->id = f[1];
    fd->year = (int)strtol(f[2], NULL, 10);
    fd->marks = js_rec_words(t->arena, f[3], &fd->nmarks);
    return fd->marks ? JS_OK : oom(p);
}

static int rec_class(void *ctx, const js_rec_line *l, js_err *err)
{
    parser *p = ctx;
    char **f = l->f;
    p->line = l;
    (void)err;
    js_templates *t = p->t;
    if (t->nclasses == JS_TPL_MAX_CLASSES) return bad(p, "too many classes", NULL);
    t->classes[t->nclasses].code = f[2];
    t->classes[t->nclasses].name = js_rec_norm(t->arena, f[3], strlen(f[3]));
    t->nclasses++;
    return JS_OK;
}

static int rec_table(void *ctx, const js_rec_line *l, js_err *err)
{
    parser *p = ctx;
    char **f = l->f;
    p->line = l;
    (void)err;
    int no = (int)strtol(f[2], NULL, 10);
    if (no < 1 || no > 9 || p->nrec == MAX_REC)
        return bad(p, "bad table number or too many records", NULL);
    rec *r = &p->recs[p->nrec++];
    const char *what = f[0];
    r->kind = what[0] == 't' ? 'T' : what[0] == 'c' ? 'C' : what[0] == 'r' ? 'R' : 'I';
    r->form = f[1];
    r->no = no;
    r->a = f[3];
    r->b = f[4];
    if (r->kind == 'T' && !kind_of(f[3])) return bad(p, "unknown table kind", f[3]);
    return JS_OK;
}

/* Room for one more element in *arr, an array of n elements of size bytes in
 * the arena: capacities are 16, 32, 64, …, so n at a power of two (from 16) or
 * 0 means full, and a full array doubles. */
static bool grow(js_arena *a, void **arr, int n, size_t size)
{
    if (n != 0 && (n < 16 || (n & (n - 1)) != 0)) return true;
    void *v = js_arena_grow(a, *arr, (size_t)n, n ? (size_t)n * 2 : 16, size);
    if (!v) return false;
    *arr = v;
    return true;
}

/* Room for one more record in an array of the parser and in its forms. */
static bool room(parser *p, void **arr, const char ***forms, int n, size_t size)
{
    return grow(p->t->arena, arr, n, size) && grow(p->t->arena, (void **)forms, n, sizeof **forms);
}

/* topic FORM NAME NUM TITLE WORDS */
static int rec_topic(void *ctx, const js_rec_line *l, js_err *err)
{
    parser *p = ctx;
    char **f = l->f;
    p->line = l;
    (void)err;
    if (!room(p, (void **)&p->topics, &p->topic_form, p->ntopics, sizeof *p->topics)) return oom(p);
    js_tpl_topic *tp = &p->topics[p->ntopics];
    p->topic_form[p->ntopics++] = f[1];
    tp->name = f[2];
    tp->num = f[3];
    tp->title = f[4];
    tp->words = split_raw(p->t->arena, f[5], "|", &tp->nwords);
    return tp->words ? JS_OK : oom(p);
}

static bool has_topic(const parser *p, const char *name)
{
    for (int i = 0; i < p->ntopics; i++)
        if (strcmp(p->topics[i].name, name) == 0) return true;
    return false;
}

/* say FORM TOPIC MATCH UNLESS NO ROW[+ROW…] COL WHAT */
static int rec_say(void *ctx, const js_rec_line *l, js_err *err)
{
    parser *p = ctx;
    char **f = l->f;
    p->line = l;
    (void)err;
    js_arena *a = p->t->arena;
    if (!has_topic(p, f[2])) return bad(p, "say for an undeclared topic", f[2]);
    if (!room(p, (void **)&p->says, &p->say_form, p->nsays, sizeof *p->says)) return oom(p);
    js_tpl_say *s = &p->says[p->nsays];
    s->topic = f[2];
    if (strncmp(f[3], "has:", 4) == 0 || strncmp(f[3], "end:", 4) == 0) {
        s->when = f[3][0] == 'h' ? JS_SAY_HAS : JS_SAY_END;
        s->word = f[3] + 4;
    } else if (strcmp(f[3], "actual") == 0) {
        s->when = JS_SAY_ACTUAL;
        s->word = "";
    } else {
        return bad(p, "unknown match (has:WORD, end:WORD, actual)", f[3]);
    }
    s->unless = split_raw(a, f[4], "|", &s->nunless);
    int nrows;
    const char **rows = split_raw(a, f[6], "+", &nrows);
    long no = strtol(f[5], NULL, 10);
    s->cells = rows && nrows ? js_arena_calloc(a, (size_t)nrows, sizeof *s->cells) : NULL;
    if (!s->unless || !s->cells) return no < 1 || no > 9 ? bad(p, "bad cell", f[6]) : oom(p);
    if (no < 1 || no > 9) return bad(p, "bad table number", f[5]);
    for (int i = 0; i < nrows; i++)
        s->cells[i] = (js_tpl_ref){(int)no, rows[i], f[7]};
    s->ncells = nrows;
    s->what = f[8];
    p->say_form[p->nsays++] = f[1];
    return JS_OK;
}

/* link FORM RULE KIND STATED CELLS LABEL WHAT */
static int rec_link(void *ctx, const js_rec_line *l, js_err *err)
{
    parser *p = ctx;
    char **f = l->f;
    p->line = l;
    (void)err;
    static const char *const KINDS[] = {"", "sum", "sumif", "classes", "rows", "names"};
    js_arena *a = p->t->arena;
    if (!room(p, (void **)&p->links, &p->link_form, p->nlinks, sizeof *p->links)) return oom(p);
    js_tpl_link *k = &p->links[p->nlinks];
    k->rule = f[2];
    for (int i = 1; i < 6; i++)
        if (strcmp(f[3], KINDS[i]) == 0) k->kind = i;
    if (!k->kind) return bad(p, "unknown link kind (sum, sumif, classes, rows, names)", f[3]);
    js_tpl_ref st;
    if (!parse_ref(a, f[4], &st)) return bad(p, "bad cell", f[4]);
    k->no = st.no;
    k->row = st.row;
    k->cols = split_raw(a, st.col, "|", &k->ncols);
    k->cells = parse_refs(a, f[5], &k->ncells);
    if (!k->cells || !k->cols) return bad(p, "bad cells", f[5]);
    if (k->kind == JS_LINK_ROWS) {
        k->ocols = split_raw(a, k->cells[0].col, "|", &k->nocols);
        if (!k->ocols) return oom(p);
        if (k->ncells != 1 || strcmp(k->row, "*") != 0 || strcmp(k->cells[0].row, "*") != 0 ||
            k->nocols != k->ncols)
            return bad(p, "a rows link compares row * with row * of one table, as many columns",
                       f[5]);
    }
    for (int i = 0; k->kind == JS_LINK_NAMES && i < k->ncells; i++)
        if (strcmp(k->row, "*") != 0 || strcmp(k->cells[i].row, "*") != 0)
            return bad(p, "a names link compares row * of its tables", f[5]);
    k->label = dash_none(f[6]);
    k->what = dash_none(f[7]);
    p->link_form[p->nlinks++] = f[1];
    return JS_OK;
}

/* rollup LABEL LEFT RIGHT */
static int rec_rollup(void *ctx, const js_rec_line *l, js_err *err)
{
    parser *p = ctx;
    js_templates *t = p->t;
    p->line = l;
    (void)err;
    if (!grow(t->arena, (void **)&t->rollups, t->nrollups, sizeof *t->rollups)) return oom(p);
    js_tpl_rollup *r = &t->rollups[t->nrollups];
    r->label = l->f[1];
    r->left = parse_refs(t->arena, l->f[2], &r->nleft);
    if (!r->left) return bad(p, "bad cells", l->f[2]);
    r->right = parse_refs(t->arena, l->f[3], &r->nright);
    if (!r->right) return bad(p, "bad cells", l->f[3]);
    t->nrollups++;
    return JS_OK;
}

/* sgitem FORM ITEM ECON META */
static int rec_sgitem(void *ctx, const js_rec_line *l, js_err *err)
{
    parser *p = ctx;
    char **f = l->f;
    p->line = l;
    (void)err;
    char *end;
    long econ = strtol(f[3], &end, 10);
    if (end == f[3] || *end || econ < 30000 || econ > 39999)
        return bad(p, "bad 经济分类 code", f[3]);
    if (!room(p, (void **)&p->sgitems, &p->sgitem_form, p->nsgitems, sizeof *p->sgitems))
        return oom(p);
    p->sgitems[p->nsgitems] = (js_tpl_sgitem){f[2], (int)econ, f[4]};
    p->sgitem_form[p->nsgitems++] = f[1];
    return JS_OK;
}

/* appx FORM TOPIC WORDS */
static int rec_appx(void *ctx, const js_rec_line *l, js_err *err)
{
    parser *p = ctx;
    char **f = l->f;
    p->line = l;
    (void)err;
    if (!room(p, (void **)&p->appx, &p->appx_form, p->nappx, sizeof *p->appx)) return oom(p);
    js_tpl_topic *x = &p->appx[p->nappx];
    *x = (js_tpl_topic){f[2], NULL, NULL, NULL, 0};
    x->words = split_raw(p->t->arena, f[3], "|", &x->nwords);
    if (!x->words) return oom(p);
    if (x->nwords == 0) return bad(p, "no words", f[3]);
    p->appx_form[p->nappx++] = f[1];
    return JS_OK;
}

/* has:WORD / end:WORD into *when and *word; false for anything else. */
static bool match_of(const char *s, int *when, const char **word)
{
    if (strncmp(s, "has:", 4) != 0 && strncmp(s, "end:", 4) != 0) return false;
    *when = s[0] == 'h' ? JS_SAY_HAS : JS_SAY_END;
    *word = s + 4;
    return true;
}

/* The base of a share: "-", TOPIC:LABEL (a say record) or NO/ROW/COL. */
static bool share_cell(parser *p, js_tpl_share *s, const char *f)
{
    if (strcmp(f, "-") == 0) return true;
    if (strchr(f, '/')) return parse_ref(p->t->arena, f, &s->cell);
    const char *colon = strchr(f, ':');
    if (!colon || colon == f || !colon[1]) return false;
    s->say_topic = js_arena_strndup(p->t->arena, f, (size_t)(colon - f));
    s->say_label = colon + 1;
    return s->say_topic && has_topic(p, s->say_topic);
}

/* share FORM TOPIC SUB BASE STATED UNLESS CELL NAME */
static int rec_share(void *ctx, const js_rec_line *l, js_err *err)
{
    parser *p = ctx;
    char **f = l->f;
    p->line = l;
    (void)err;
    if (strcmp(f[2], "*") != 0 && !has_topic(p, f[2]))
        return bad(p, "share for an undeclared topic", f[2]);
    if (!room(p, (void **)&p->shares, &p->share_form, p->nshares, sizeof *p->shares)) return oom(p);
    js_tpl_share *s = &p->shares[p->nshares];
    memset(s, 0, sizeof *s);
    s->topic = dash_none(strcmp(f[2], "*") == 0 ? "-" : f[2]);
    s->sub = strcmp(f[3], "-") == 0 ? 0 : (int)strtol(f[3], NULL, 10);
    int when;
    if (strcmp(f[4], "-") == 0)
        s->word = "";
    else if (!match_of(f[4], &when, &s->word) || when != JS_SAY_HAS)
        return bad(p, "unknown base (has:WORD, -)", f[4]);
    if (strcmp(f[5], "-") != 0 && !match_of(f[5], &s->stated_when, &s->stated))
        return bad(p, "unknown match (has:WORD, end:WORD, -)", f[5]);
    s->unless = split_raw(p->t->arena, f[6], "|", &s->nunless);
    if (!s->unless) return oom(p);
    if (!share_cell(p, s, f[7])) return bad(p, "bad cell (TOPIC:LABEL, NO/ROW/COL, -)", f[7]);
    if (!s->stated_when && !s->say_topic && !s->cell.no) return bad(p, "a share of nothing", f[7]);
    s->name = f[8];
    p->share_form[p->nshares++] = f[1];
    return JS_OK;
}

/* A record of the print layout (form_layout.c checks its fields). */
static int rec_layout(void *ctx, const js_rec_line *l, js_err *err)
{
    parser *p = ctx;
    return js_layout_record(p->t->layout, l, err);
}

static const js_rec_kind RECORDS[] = {
    {"note", 4, 9, rec_layout},   {"head", 4, 9, rec_layout},   {"body", 4, 9, rec_layout},
    {"group", 4, 9, rec_layout},  {"foot", 4, 9, rec_layout},   {"perf", 4, 9, rec_layout},
    {"form", 4, 4, rec_form},     {"class", 4, 4, rec_class},   {"title", 5, 5, rec_table},
    {"col", 5, 5, rec_table},     {"row", 5, 5, rec_table},     {"ident", 5, 5, rec_table},
    {"topic", 6, 6, rec_topic},   {"say", 9, 9, rec_say},       {"link", 8, 8, rec_link},
    {"appx", 4, 4, rec_appx},     {"rollup", 4, 4, rec_rollup}, {"share", 9, 9, rec_share},
    {"sgitem", 5, 5, rec_sgitem},
};

/* ---- resolving the narrative map and the links of each form ----------------- */

/* The topic record of that form and name, or NULL. */
static const js_tpl_topic *topic_rec(const parser *p, const char *form, const char *name)
{
    for (int i = 0; i < p->ntopics; i++)
        if (strcmp(p->topic_form[i], form) == 0 && strcmp(p->topics[i].name, name) == 0)
            return &p->topics[i];
    return NULL;
}

/* Which of n records (their forms) form id takes where "the form's own records
 * if it has any, else the '*' ones" is the rule: id or "*". */
static const char *own_or_all(const char *const *forms, int n, const char *id)
{
    for (int i = 0; i < n; i++)
        if (strcmp(forms[i], id) == 0) return id;
    return "*";
}

/* Whether the form declares say records of that topic. */
static bool says_own(const parser *p, const char *form, const char *topic)
{
    for (int i = 0; i < p->nsays; i++)
        if (strcmp(p->say_form[i], form) == 0 && strcmp(p->says[i].topic, topic) == 0) return true;
    return false;
}

static int resolve_narrative(js_templates *t, form_def *f, const parser *p)
{
    js_arena *a = t->arena;
    f->topics = js_arena_calloc(a, (size_t)p->ntopics + 1, sizeof *f->topics);
    f->says = js_arena_calloc(a, (size_t)p->nsays + 1, sizeof *f->says);
    f->links = js_arena_calloc(a, (size_t)p->nlinks + 1, sizeof *f->links);
    if (!f->topics || !f->says || !f->links)
        return js_err_set(p->err, JS_EINTERNAL, "out of memory loading templates");
    /* the "*" topics in their order, each replaced by the form's own of that name */
    for (int i = 0; i < p->ntopics; i++) {
        if (strcmp(p->topic_form[i], "*") != 0) continue;
        const js_tpl_topic *own = topic_rec(p, f->id, p->topics[i].name);
        f->topics[f->ntopics++] = own ? *own : p->topics[i];
    }
    for (int i = 0; i < p->ntopics; i++) /* then the form's new ones */
        if (strcmp(p->topic_form[i], f->id) == 0 && !topic_rec(p, "*", p->topics[i].name))
            f->topics[f->ntopics++] = p->topics[i];
    /* a form without say records of its own takes every "*" one (the usual case: no
     * look-up of its own per record, which was 60 x 60 compares per form) */
    bool own = false;
    for (int i = 0; i < p->nsays && !own; i++)
        own = strcmp(p->say_form[i], f->id) == 0;
    for (int i = 0; i < p->nsays; i++) {
        bool all = strcmp(p->say_form[i], "*") == 0;
        if ((all && !(own && says_own(p, f->id, p->says[i].topic))) ||
            strcmp(p->say_form[i], f->id) == 0)
            f->says[f->nsays++] = p->says[i];
    }
    for (int i = 0; i < p->nlinks; i++)
        if (form_matches(p->link_form[i], f->id)) f->links[f->nlinks++] = p->links[i];
    /* the 附件's sections: the form's own records if it has any, else the "*" ones */
    f->appx = js_arena_calloc(a, (size_t)p->nappx + 1, sizeof *f->appx);
    if (!f->appx) return js_err_set(p->err, JS_EINTERNAL, "out of memory loading templates");
    const char *from = own_or_all(p->appx_form, p->nappx, f->id);
    for (int i = 0; i < p->nappx; i++)
        if (strcmp(p->appx_form[i], from) == 0) f->appx[f->nappx++] = p->appx[i];
    /* the bases of shares: the form's own records first, so they win, then the "*" ones */
    f->shares = js_arena_calloc(a, (size_t)p->nshares + 1, sizeof *f->shares);
    if (!f->shares) return js_err_set(p->err, JS_EINTERNAL, "out of memory loading templates");
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < p->nshares; i++)
            if (strcmp(p->share_form[i], pass ? "*" : f->id) == 0)
                f->shares[f->nshares++] = p->shares[i];
    return JS_OK;
}

/* The 三公 items of form f: its own sgitem records if it has any, else the "*" ones. */
static int resolve_sgitems(js_templates *t, form_def *f, const parser *p)
{
    f->sgitems = js_arena_calloc(t->arena, (size_t)p->nsgitems + 1, sizeof *f->sgitems);
    if (!f->sgitems) return JS_EINTERNAL;
    const char *from = own_or_all(p->sgitem_form, p->nsgitems, f->id);
    for (int i = 0; i < p->nsgitems; i++)
        if (strcmp(p->sgitem_form[i], from) == 0) f->sgitems[f->nsgitems++] = p->sgitems[i];
    return JS_OK;
}

/* The index of every title of every form's tables, in the order they are looked
 * up in (form, table, title): where titles are equal, the first wins. */
static int index_titles(parser *p)
{
    js_templates *t = p->t;
    int n = 0;
    for (int i = 0; i < t->nforms; i++)
        for (int no = 1; no <= 9; no++)
            n += t->forms[i].tables[no].ntitles;
    const char **titles = js_arena_calloc(t->arena, (size_t)n + 1, sizeof *titles);
    int *nos = js_arena_calloc(t->arena, (size_t)n + 1, sizeof *nos);
    if (!titles || !nos) return oom(p);
    n = 0;
    for (int i = 0; i < t->nforms; i++)
        for (int no = 1; no <= 9; no++)
            for (int k = 0; k < t->forms[i].tables[no].ntitles; k++) {
                titles[n] = t->forms[i].tables[no].titles[k];
                nos[n++] = no;
            }
    t->title_ix = js_tpl_title_ix_new(t->arena, titles, nos, n);
    return t->title_ix ? JS_OK : oom(p);
}

/* The first character of a form's mark m into first (NUL-terminated, "" for an empty
 * mark): removing spaces makes no character, so a line holding m holds it. */
static void mark_first(const char *m, char first[5])
{
    unsigned char b = (unsigned char)m[0];
    size_t k = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
    memset(first, 0, 5);
    for (size_t q = 0; q < k && m[q]; q++)
        first[q] = m[q];
}

/* The distinct first characters of the forms' marks, as one js_words. */
static void index_marks(js_templates *t)
{
    const char *w[JS_WORDS_MAX];
    int n = 0;
    for (int i = 0; i < t->nforms; i++)
        for (int j = 0; j < t->forms[i].nmarks; j++) {
            char first[5];
            mark_first(t->forms[i].marks[j], first);
            if (!first[0]) continue;
            int q = 0;
            while (q < n && strcmp(t->mark_chars[q], first) != 0)
                q++;
            if (q < n) continue;
            if (n == JS_WORDS_MAX) return; /* marks_ok stays false: each looked for alone */
            memcpy(t->mark_chars[n], first, sizeof first);
            w[n] = t->mark_chars[n];
            n++;
        }
    t->marks_ok = n > 0 && js_words_set(&t->mark_first, w, n);
}

static int check_forms(parser *p)
{
    js_templates *t = p->t;
    if (t->nforms == 0) return js_err_set(p->err, JS_EINPUT, "%s: no form declared", p->origin);
    int status = JS_OK;
    for (int i = 0; status == JS_OK && i < t->nforms; i++)
        status = resolve(t, &t->forms[i], p->recs, p->nrec, p->err);
    for (int i = 0; status == JS_OK && i < t->nforms; i++)
        status = resolve_narrative(t, &t->forms[i], p);
    for (int i = 0; status == JS_OK && i < t->nforms; i++)
        if (resolve_sgitems(t, &t->forms[i], p) != JS_OK) status = oom(p);
    for (int i = 0; status == JS_OK && i < t->nforms; i++)
        for (int no = 1; no <= 9 && status == JS_OK; no++)
            if (t->forms[i].tables[no].ntitles == 0 || !t->forms[i].tables[no].kind)
                status = js_err_set(p->err, JS_EINPUT, "%s: form %s has no title for table %d",
                                    p->origin, t->forms[i].id, no);
    if (status == JS_OK) index_marks(t);
    return status == JS_OK ? index_titles(p) : status;
}

js_templates *js_templates_parse(const char *origin, const char *text, size_t n, js_err *err)
{
    js_templates *t = calloc(1, sizeof *t);
    if (!t || !(t->arena = js_arena_new())) {
        free(t);
        js_err_set(err, JS_EINTERNAL, "out of memory loading templates");
        return NULL;
    }
    parser p;
    memset(&p, 0, sizeof p);
    p.t = t;
    p.origin = origin;
    p.err = err;
    p.recs = calloc(MAX_REC, sizeof(rec));
    t->classes = js_arena_calloc(t->arena, JS_TPL_MAX_CLASSES, sizeof *t->classes);
    t->layout = js_layout_new(t->arena);
    int status = p.recs && t->classes && t->layout ? JS_OK : oom(&p);
    if (status == JS_OK)
        status = js_records_read(origin, text, n, t->arena, RECORDS,
                                 sizeof RECORDS / sizeof RECORDS[0], &p, err);
    /* data without a print layout of its own prints as the built-in forms do */
    if (status == JS_OK && t->layout->n == 0) status = js_layout_read_builtin(t->layout, err);
    if (status == JS_OK) status = check_forms(&p);
    free(p.recs);
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

const js_layout *js_templates_layout(const js_templates *t)
{
    return t ? t->layout : NULL;
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

bool js_templates_marks_maybe(const js_templates *t, const char *s, size_t n)
{
    if (!t || !s) return false;
    if (t->marks_ok) return js_words_find(&t->mark_first, s, n) != 0;
    for (int i = 0; i < t->nforms; i++)
        for (int j = 0; j < t->forms[i].nmarks; j++) {
            char first[5];
            mark_first(t->forms[i].marks[j], first);
            if (first[0] && js_memstr(s, n, first)) return true;
        }
    return false;
}

const char *js_templates_form_for_year(const js_templates *t, int year)
{
    if (!t || t->nforms == 0) return NULL;
    int best = 0;
    for (int i = 1; i < t->nforms; i++)
        if (t->forms[i].year <= year && t->forms[i].year >= t->forms[best].year) best = i;
    return t->forms[best].id;
}

/* The form of that id, else the first (NULL without forms). */
static const form_def *form_of(const js_templates *t, const char *form)
{
    if (!t || t->nforms == 0) return NULL;
    for (int i = 0; i < t->nforms; i++)
        if (form && strcmp(t->forms[i].id, form) == 0) return &t->forms[i];
    return &t->forms[0];
}

const js_tpl_table *js_templates_table(const js_templates *t, const char *form, int no)
{
    const form_def *f = form_of(t, form);
    return f && no >= 1 && no <= 9 ? &f->tables[no] : NULL;
}

const char *js_templates_col_key(const js_templates *t, const char *form, int no, int i)
{
    const js_tpl_table *tb = js_templates_table(t, form, no);
    return tb && i >= 0 && i < tb->ncols ? tb->cols[i].key : NULL;
}

int js_templates_title(const js_templates *t, const char *normtitle)
{
    return t ? js_tpl_title_ix_find(t->title_ix, normtitle) : 0;
}

const js_tpl_class *js_templates_classes(const js_templates *t, int *n)
{
    *n = t ? t->nclasses : 0;
    return t ? t->classes : NULL;
}

const js_tpl_row *js_templates_income_rows(const js_templates *t, const char *form, int *n)
{
    const js_tpl_table *tb = js_templates_table(t, form, 1);
    *n = 0;
    for (int i = 0; tb && i < tb->nrows; i++)
        if (strcmp(tb->rows[i].key, "收入:本年收入合计") == 0) {
            *n = i;
            return tb->rows;
        }
    return NULL;
}

const js_tpl_topic *js_templates_topics(const js_templates *t, const char *form, int *n)
{
    const form_def *f = form_of(t, form);
    *n = f ? f->ntopics : 0;
    return f ? f->topics : NULL;
}

const js_tpl_topic *js_templates_topic(const js_templates *t, const char *form, const char *name)
{
    const form_def *f = form_of(t, form);
    for (int i = 0; f && i < f->ntopics; i++)
        if (strcmp(f->topics[i].name, name) == 0) return &f->topics[i];
    return NULL;
}

const js_tpl_say *js_templates_says(const js_templates *t, const char *form, int *n)
{
    const form_def *f = form_of(t, form);
    *n = f ? f->nsays : 0;
    return f ? f->says : NULL;
}

static bool ends_with(const char *s, const char *w)
{
    size_t n = strlen(s), k = strlen(w);
    return n >= k && strcmp(s + n - k, w) == 0;
}

static bool say_matches(const js_tpl_say *s, const char *label, bool actual)
{
    if (s->when == JS_SAY_ACTUAL) return actual;
    return s->when == JS_SAY_HAS ? strstr(label, s->word) != NULL : ends_with(label, s->word);
}

const js_tpl_say *js_templates_say(const js_templates *t, const char *form, const char *topic,
                                   const char *label, bool actual)
{
    const form_def *f = form_of(t, form);
    for (int i = 0; f && i < f->nsays; i++) {
        const js_tpl_say *s = &f->says[i];
        if (strcmp(s->topic, topic) != 0 || !say_matches(s, label, actual)) continue;
        for (int k = 0; k < s->nunless; k++)
            if (strstr(label, s->unless[k])) return NULL;
        return s;
    }
    return NULL;
}

const js_tpl_share *js_templates_share(const js_templates *t, const char *form, const char *topic,
                                       int sub, const char *label)
{
    const form_def *f = form_of(t, form);
    for (int i = 0; f && label && i < f->nshares; i++) {
        const js_tpl_share *s = &f->shares[i];
        if ((s->topic[0] && strcmp(s->topic, topic) != 0) || (s->sub && s->sub != sub)) continue;
        if (s->word[0] ? strstr(label, s->word) != NULL : label[0] == '\0') return s;
    }
    return NULL;
}

bool js_tpl_share_stated(const js_tpl_share *s, const char *label)
{
    if (!s || !s->stated_when || !label) return false;
    bool m = s->stated_when == JS_SAY_HAS ? strstr(label, s->stated) != NULL
                                          : ends_with(label, s->stated);
    for (int k = 0; m && k < s->nunless; k++)
        m = strstr(label, s->unless[k]) == NULL;
    return m;
}

const js_tpl_rollup *js_templates_rollups(const js_templates *t, int *n)
{
    *n = t ? t->nrollups : 0;
    return t ? t->rollups : NULL;
}

const js_tpl_topic *js_templates_appx(const js_templates *t, const char *form, int *n)
{
    const form_def *f = form_of(t, form);
    *n = f ? f->nappx : 0;
    return f ? f->appx : NULL;
}

const js_tpl_link *js_templates_links(const js_templates *t, const char *form, int *n)
{
    const form_def *f = form_of(t, form);
    *n = f ? f->nlinks : 0;
    return f ? f->links : NULL;
}

const js_tpl_sgitem *js_templates_sgitems(const js_templates *t, const char *form, int *n)
{
    const form_def *f = form_of(t, form);
    *n = f ? f->nsgitems : 0;
    return f ? f->sgitems : NULL;
}
