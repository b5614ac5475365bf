/*
 * engine.c - the audit engine: runs the rule families of checker.h over one
 * document, collects their findings (js_report) and sorts them into document
 * order. Also the helpers the families share: the rounding tolerance, the
 * sum check and the message pieces.
 *
 * Rounding. Every printed figure is the rounding of an exact amount to the
 * quantum q (0.01 万元, or 0.01 元 in a table in 元), and every identity holds
 * exactly on the exact amounts. So the stated total T and the printed terms
 * p_i of an identity satisfy T - Σ s_i p_i = e_T - Σ s_i e_i with each
 * rounding error e in [-q/2, q/2). A term printed as zero is at least 0, so
 * its error only goes one way. Hence a difference d is explainable by
 * rounding iff  2d < q (1 + nz + zplus)  and  -2d < q (1 + nz + zminus),
 * where nz counts the terms printed non-zero and zplus/zminus those printed
 * as zero with sign + / -. A difference beyond that but within q per term is
 * a warning; anything larger gets the rule's severity.
 */
#include "checker.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void js_findings_init(js_findings *f)
{
    memset(f, 0, sizeof *f);
}

void js_findings_release(js_findings *f)
{
    if (!f) return;
    js_arena_free(f->arena);
    memset(f, 0, sizeof *f);
}

void js_findings_summary(const js_findings *f, int *error, int *warning, int *notice)
{
    *error = *warning = *notice = 0;
    for (int i = 0; i < f->n; i++) {
        if (f->items[i].accepted_by) continue;
        int s = f->items[i].severity;
        if (s == JS_SEV_ERROR)
            (*error)++;
        else if (s == JS_SEV_WARNING)
            (*warning)++;
        else
            (*notice)++;
    }
}

static const char *dup(js_arena *a, const char *s)
{
    return s ? js_arena_strdup(a, s) : NULL;
}

/* The place of a finding copied into it; false when out of memory. */
static bool where_dup(js_arena *a, js_finding *x, js_where where)
{
    x->table = dup(a, where.table);
    x->row = dup(a, where.row);
    x->column = dup(a, where.column);
    x->section = dup(a, where.section);
    x->loc = where.loc;
    return (!where.table || x->table) && (!where.row || x->row) && (!where.column || x->column) &&
           (!where.section || x->section);
}

/* A finding that could not be recorded: js_check will fail. */
static js_finding *lost(js_checker *ck)
{
    ck->out->failed = JS_EINTERNAL;
    return NULL;
}

/* Room for one more finding in f (its arena made at the first); false when out of
 * memory. */
static bool room(js_findings *f)
{
    if (!f->arena && !(f->arena = js_arena_new())) return false;
    if (f->n == f->cap) {
        int cap = f->cap ? f->cap * 2 : 32;
        js_finding *items =
            js_arena_grow_raw(f->arena, f->items, (size_t)f->n, (size_t)cap, sizeof *items);
        if (!items) return false;
        f->items = items;
        f->cap = cap;
    }
    return true;
}

js_finding *js_report(js_checker *ck, js_rule_id rule, int severity, js_where where,
                      const char *stated, const char *expected, const char *fmt, ...)
{
    js_findings *f = ck->out;
    if (!room(f)) return lost(ck);
    const js_rule *r = js_rule_of(rule);
    if (!r) return lost(ck); /* only a cast can make an id out of range */
    /* a 说明 sentence read by OCR from a scanned page: its figures are tesseract's
     * (79.49% read as 79.499%6), which no identity pins, so what it says against the
     * tables is a reading notice (R-OCR, the message kept), not a finding about the
     * document (issue #14) */
    int sev = severity >= JS_SEV_NOTICE && severity <= JS_SEV_ERROR ? severity
              : severity == JS_SEV_ROUNDING                         ? JS_SEV_NOTICE
                                                                    : r->severity;
    bool ocr =
        sev > JS_SEV_NOTICE && strcmp(r->kind, "narrative") == 0 && js_ocr_at(ck->doc, where.loc);
    if (ocr) {
        r = js_rule_of(JS_R_R_OCR);
        severity = JS_SEV_NOTICE;
        if (!r) return lost(ck);
    }
    js_finding *x = &f->items[f->n];
    memset(x, 0, sizeof *x);
    x->rule = r->id;
    x->kind = r->kind;
    x->severity = severity;
    x->id = f->n + 1;
    if (severity == JS_SEV_ROUNDING) {
        x->kind = "rounding";
        x->severity = JS_SEV_NOTICE;
    } else if (severity < JS_SEV_NOTICE || severity > JS_SEV_ERROR) {
        x->severity = r->severity;
    }
    if (f->keys_only) {         /* a try of the doubt search: the keys are all it reads */
        x->table = where.table; /* not copied: js_findings.keys_only */
        x->row = where.row;
        x->column = where.column;
        x->section = where.section;
        x->loc = where.loc;
        x->message = "";
        f->n++;
        return x;
    }
    if (!where_dup(f->arena, x, where)) return lost(ck);
    x->stated = dup(f->arena, stated);
    x->expected = dup(f->arena, expected);
    js_buf b;
    js_buf_init(&b);
    va_list ap;
    va_start(ap, fmt);
    if (ocr) js_buf_puts(&b, "扫描页OCR识别的说明文字：");
    js_buf_vprintf(&b, fmt, ap);
    if (ocr) js_buf_puts(&b, "，可能是识别错误，请对照原件");
    va_end(ap);
    x->message = b.oom ? NULL : js_arena_strndup(f->arena, b.data ? b.data : "", b.len);
    js_buf_release(&b);
    if (!x->message || (stated && !x->stated) || (expected && !x->expected)) return lost(ck);
    f->n++;
    return x;
}

/* ---- shared helpers --------------------------------------------------- */

static js_amount quantum(int unit)
{
    return unit == JS_UNIT_YUAN ? 1 : JS_FEN_PER_WANYUAN / 100;
}

bool js_within_rounding(js_amount d, int unit, int nz, int zplus, int zminus)
{
    js_amount q = quantum(unit);
    if (d == 0) return true;
    if (d > INT64_MAX / 4 || d < -(INT64_MAX / 4) || nz < 0 || zplus < 0 || zminus < 0 ||
        nz > 1000000 || zplus > 1000000 || zminus > 1000000)
        return false;
    if (d > 0) return 2 * d < q * (js_amount)(1 + nz + zplus);
    return -2 * d < q * (js_amount)(1 + nz + zminus);
}

char *js_fmt_amount(js_amount a, int unit, char *buf, size_t size)
{
    if (unit == JS_UNIT_YUAN) {
        uint64_t m = a < 0 ? (uint64_t)0 - (uint64_t)a : (uint64_t)a;
        snprintf(buf, size, "%s%llu.%02llu", a < 0 ? "-" : "", (unsigned long long)(m / 100),
                 (unsigned long long)(m % 100));
        return buf;
    }
    return js_amount_fmt_wan(a, buf, size);
}

const char *js_form_col(const js_checker *ck, int no, int i)
{
    const js_doc *d = ck->doc;
    const js_templates *tp = ck->ctx ? ck->ctx->templates : NULL;
    const char *form = d->form ? d->form : js_templates_form_for_year(tp, d->year);
    const char *k = tp ? js_templates_col_key(tp, form, no, i) : NULL;
    const js_table *t = no >= 1 && no <= 9 ? d->tables[no] : NULL;
    return k ? k : t && i >= 0 && i < t->ncols ? t->cols[i] : NULL;
}

int js_col(const js_table *t, const char *key)
{
    if (!t || !key) return -1;
    int i = js_table_col(t, key);
    if (i >= 0) return i;
    for (int j = 0; j < t->ncols; j++)
        if (t->cols[j] && js_name_eq(t->cols[j], key)) return j;
    return -1;
}

const js_cell *js_cell_at(const js_table *t, const js_row *r, const char *col)
{
    if (!t || !r) return NULL;
    int c = js_col(t, col);
    return c < 0 ? NULL : &r->cells[c];
}

const char *js_tid(const js_table *t)
{
    return js_table_id(t->no);
}

js_arena *js_ck_arena(js_checker *ck)
{
    if (!ck->out->arena) ck->out->arena = js_arena_new();
    return ck->out->arena;
}

bool js_ck_keys_only(const js_checker *ck)
{
    return ck->out->keys_only;
}

const char *js_row_label(js_checker *ck, const js_row *r)
{
    js_arena *a = js_ck_arena(ck);
    if (!a) return r->key;
    if (r->code && r->name && *r->name) return js_arena_printf(a, "%s %s", r->code, r->name);
    if (r->code) return r->code;
    if (r->name && *r->name) return r->name;
    return r->key;
}

int js_unit_of(const js_checker *ck, const js_table *t)
{
    if (t) return t->unit;
    return ck->doc->unit;
}

static js_amount cell_val(const js_cell *c)
{
    return c && c->present ? c->value : 0;
}

/* Σ ±terms into *sum; false when it overflows (absurd input: not checked). */
static bool term_sum(const js_term *terms, int nterms, js_amount *sum)
{
    js_amount s = 0;
    for (int i = 0; i < nterms; i++) {
        js_amount v = cell_val(terms[i].cell);
        if (terms[i].sign < 0 ? __builtin_sub_overflow(s, v, &s) : __builtin_add_overflow(s, v, &s))
            return false;
    }
    *sum = s;
    return true;
}

bool js_sum_differs(const js_cell *stated, const js_term *terms, int nterms)
{
    js_amount sum, d;
    if (!stated || !term_sum(terms, nterms, &sum)) return false;
    return !__builtin_sub_overflow(cell_val(stated), sum, &d) && d != 0;
}

js_amount js_check_sum(js_checker *ck, js_rule_id rule, int sev, js_where where, int unit,
                       const js_cell *stated, const js_term *terms, int nterms, const char *subject,
                       const char *what)
{
    js_amount sum, d;
    if (!stated || !term_sum(terms, nterms, &sum)) return 0;
    if (__builtin_sub_overflow(cell_val(stated), sum, &d) || d == 0) return 0;
    int nz = 0, zplus = 0, zminus = 0;
    for (int i = 0; i < nterms; i++) {
        js_amount v = cell_val(terms[i].cell);
        if (v != 0)
            nz++;
        else if (terms[i].sign < 0)
            zminus++;
        else
            zplus++;
    }
    int s = sev;
    js_amount q = quantum(unit);
    js_amount ad = d < 0 ? (d == INT64_MIN ? INT64_MAX : -d) : d;
    if (js_within_rounding(d, unit, nz, zplus, zminus))
        s = JS_SEV_ROUNDING;
    else if (ad <= q * (js_amount)(nterms > 0 ? nterms : 1) && sev == JS_SEV_ERROR)
        s = JS_SEV_WARNING;
    char sb[40] = "", eb[40] = "";
    if (!ck->out->keys_only) {
        js_fmt_amount(cell_val(stated), unit, sb, sizeof sb);
        js_fmt_amount(sum, unit, eb, sizeof eb);
    }
    if (where.loc.line == 0 && where.loc.page == 0) where.loc = stated->loc;
    js_report(ck, rule, s, where, sb, eb, "%s%s与%s%s不符%s", subject, sb, what, eb,
              s == JS_SEV_ROUNDING ? "（差额在尾数误差范围内）" : "");
    return d;
}

/* ---- the engine ------------------------------------------------------- */

/* The findings js_check_arithmetic and js_check_cross give on ck->doc, made by the doubt
 * search on the same figures with the same comparisons (core): copied into ck->out,
 * numbered as js_report numbers them, their strings copied into its arena. */
static void core_findings(js_checker *ck, const js_findings *core)
{
    js_findings *f = ck->out;
    for (int i = 0; i < core->n; i++) {
        if (!room(f)) {
            lost(ck);
            return;
        }
        const js_finding *x = &core->items[i];
        js_finding *y = &f->items[f->n];
        *y = *x; /* rule and kind: the catalogue's strings */
        js_where w = {x->table, x->row, x->column, x->section, x->loc};
        if (!where_dup(f->arena, y, w)) {
            lost(ck);
            return;
        }
        y->stated = dup(f->arena, x->stated);
        y->expected = dup(f->arena, x->expected);
        y->message = dup(f->arena, x->message);
        if ((x->stated && !y->stated) || (x->expected && !y->expected) ||
            (x->message && !y->message)) {
            lost(ck);
            return;
        }
        y->id = f->n + 1;
        f->n++;
    }
}

typedef struct keyed {
    const js_finding *f;
    int idx;
} keyed;

/* Document order: by source line when both have one (text input, and PDF
 * input whose lines are numbered), else by page and then height on the page.
 * Findings without a place (document-wide) come first; ties keep the order
 * in which the families reported them. */
static int cmp_finding(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    const js_loc *l = &x->f->loc, *m = &y->f->loc;
    bool lx = l->line > 0 || l->page > 0, ly = m->line > 0 || m->page > 0;
    if (lx != ly) return lx ? 1 : -1;
    if (l->line > 0 && m->line > 0) {
        if (l->line != m->line) return l->line < m->line ? -1 : 1;
    } else if (l->page != m->page) {
        return l->page < m->page ? -1 : 1;
    } else if (l->y0 != m->y0) {
        return l->y0 < m->y0 ? -1 : 1;
    }
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static int sort_findings(js_findings *f, int from)
{
    int n = f->n - from;
    if (n < 2) return JS_OK;
    keyed *k = malloc((size_t)n * sizeof *k);
    js_finding *tmp = malloc((size_t)n * sizeof *tmp);
    if (!k || !tmp) {
        free(k);
        free(tmp);
        return JS_EINTERNAL;
    }
    for (int i = 0; i < n; i++) {
        k[i].f = &f->items[from + i];
        k[i].idx = i;
    }
    qsort(k, (size_t)n, sizeof *k, cmp_finding);
    for (int i = 0; i < n; i++)
        tmp[i] = *k[i].f;
    memcpy(&f->items[from], tmp, (size_t)n * sizeof *tmp);
    free(k);
    free(tmp);
    return JS_OK;
}

/* Number the document's findings 1.. in their final order; js_report gave each
 * its position in f + 1, which a consequence's cause names, so causes are
 * mapped through the same renumbering. */
static int number_findings(js_findings *f, int from)
{
    int n = f->n - from;
    if (n < 1) return JS_OK;
    int *to = calloc((size_t)n + 1, sizeof *to); /* old id - from -> new id */
    if (!to) return JS_EINTERNAL;
    for (int i = 0; i < n; i++) {
        int old = f->items[from + i].id - from;
        if (old >= 1 && old <= n) to[old] = i + 1;
    }
    for (int i = 0; i < n; i++) {
        js_finding *x = &f->items[from + i];
        int c = x->cause - from;
        x->cause = c >= 1 && c <= n ? to[c] : 0;
        x->id = i + 1;
    }
    free(to);
    return JS_OK;
}

int js_check(const js_ctx *ctx, const js_doc *doc, js_findings *out, js_err *err)
{
    if (!doc || !out) return js_err_set(err, JS_EUSAGE, "js_check: no document");
    int from = out->n, was = out->failed;
    out->failed = JS_OK;
    /* the rules run on the reading the identities prefer (doubt.c) */
    js_doubts dz;
    if (js_doubts_find(ctx, doc, &dz) != JS_OK)
        return js_err_set(err, JS_EINTERNAL, "%s: out of memory checking the reading", doc->path);
    js_checker ck = {ctx, dz.view ? dz.view : doc, out, dz.ap, dz.xp, from};
    static void (*const families[])(js_checker *) = {
        js_check_completeness, js_check_arithmetic,  js_check_cross,      js_check_classification,
        js_check_narrative,    js_check_performance, js_check_format,     js_check_lists,
        js_check_identity,     js_check_toc,         js_check_unit_names, js_check_projects,
    };
    if (doc->kind == JS_KIND_BUDGET) /* a budget is checked against its own form only */
        js_check_budget(&ck);
    else
        for (size_t i = 0; i < sizeof families / sizeof families[0]; i++) {
            if (dz.core_ok && families[i] == js_check_arithmetic &&
                i + 1 < sizeof families / sizeof families[0] && families[i + 1] == js_check_cross) {
                core_findings(&ck, &dz.core); /* the two at once */
                i++;
                continue;
            }
            families[i](&ck);
        }
    js_check_read(&ck, doc, &dz, from);
    if (out->failed != JS_OK) {
        js_doubts_release(&dz);
        return js_err_set(err, JS_EINTERNAL, "%s: out of memory recording findings", doc->path);
    }
    out->failed = was;
    js_check_causes(&ck, from); /* reads ck.doc: the view lives until here */
    js_doubts_release(&dz);
    if (sort_findings(out, from) != JS_OK || number_findings(out, from) != JS_OK)
        return js_err_set(err, JS_EINTERNAL, "%s: out of memory sorting findings", doc->path);
    /* spreadsheet input: each place also as sheet and cell (公开05表!D12) */
    for (int i = from; i < out->n && doc->line_sheets; i++) {
        js_finding *x = &out->items[i];
        const char *sheet;
        char cell[24];
        if (x->sheet || !js_doc_sheet_cell(doc, &x->loc, &sheet, cell, sizeof cell)) continue;
        x->sheet = js_arena_strdup(out->arena, sheet);
        x->cell = js_arena_strdup(out->arena, cell);
        if (!x->sheet || !x->cell)
            return js_err_set(err, JS_EINTERNAL, "%s: out of memory", doc->path);
    }
    return JS_OK;
}
