/*
 * model_json_read.c - reading the document model back from JSON (json.h,
 * docs/model-json.md): the model-JSON reader of the reader table (parse.c).
 * Writing is export/model_json.c.
 *
 * Amounts are decimal strings in 万元 and numbers of the performance tables
 * the decimals printed, so nothing passes through a floating-point value.
 * Reading checks every type and every index (a section's parent, a
 * paragraph's section, a row's dup_of, a paragraph's line map), so a document
 * read from JSON is as safe to walk as one read from text.
 */
#include "juesuan/json.h"

#include "juesuan/text.h"
#include "model/diag_json.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- reading ----------------------------------------------------------------- */

typedef struct rd {
    const char *path;
    js_doc *doc;
    js_err *err;
    int rc;
    char where[96]; /* what is being read, for messages: "tables.05.rows[3]" */
} rd;

static bool fail(rd *r, const char *what)
{
    if (r->rc == JS_OK)
        r->rc = js_err_set(r->err, JS_EINPUT, "%s: not a valid juesuan model: %s%s%s", r->path,
                           r->where, r->where[0] ? ": " : "", what);
    return false;
}

/* Optional string member: NULL when absent or null; false (error) when of another type. */
static bool get_str(rd *r, json_t *o, const char *k, const char **out)
{
    json_t *v = json_object_get(o, k);
    *out = NULL;
    if (!v || json_is_null(v)) return true;
    if (!json_is_string(v)) {
        char m[96];
        snprintf(m, sizeof m, "\"%s\" is not a string", k);
        return fail(r, m);
    }
    *out = js_arena_strndup(r->doc->arena, json_string_value(v), json_string_length(v));
    if (!*out) return fail(r, "out of memory");
    return true;
}

static bool get_int(rd *r, json_t *o, const char *k, int lo, int hi, int dflt, int *out)
{
    json_t *v = json_object_get(o, k);
    *out = dflt;
    if (!v || json_is_null(v)) return true;
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
        char m[128];
        snprintf(m, sizeof m, "\"%s\" is not an integer in %d..%d", k, lo, hi);
        return fail(r, m);
    }
    *out = (int)json_integer_value(v);
    return true;
}

static bool get_loc(rd *r, json_t *o, const char *k, js_loc *out)
{
    memset(out, 0, sizeof *out);
    json_t *v = json_object_get(o, k);
    if (!v || json_is_null(v)) return true;
    if (!json_is_object(v)) return fail(r, "a location is not an object");
    if (!get_int(r, v, "line", 0, 100000000, 0, &out->line)) return false;
    if (!get_int(r, v, "page", 0, 1000000, 0, &out->page)) return false;
    json_t *b = json_object_get(v, "box");
    if (b && !json_is_null(b)) {
        if (!json_is_array(b) || json_array_size(b) != 4)
            return fail(r, "\"box\" is not [x0,y0,x1,y1]");
        float *f[4] = {&out->x0, &out->y0, &out->x1, &out->y1};
        for (size_t i = 0; i < 4; i++) {
            json_t *x = json_array_get(b, i);
            if (!json_is_number(x)) return fail(r, "\"box\" holds a non-number");
            double d = json_number_value(x);
            if (!(d > -1e7 && d < 1e7)) return fail(r, "\"box\" coordinate out of range");
            *f[i] = (float)d;
        }
    }
    return true;
}

static bool get_amount(rd *r, json_t *v, js_amount *out)
{
    if (!json_is_string(v)) return fail(r, "an amount is not a decimal string");
    js_num n;
    if (js_num_parse(json_string_value(v), json_string_length(v), &n) != JS_NUM_VALUE ||
        !js_num_to_amount(n, JS_UNIT_WANYUAN, out))
        return fail(r, "an amount is not a decimal number of 万元");
    return true;
}

static bool get_pval(rd *r, json_t *o, const char *k, js_pval *out)
{
    memset(out, 0, sizeof *out);
    json_t *v = json_object_get(o, k);
    if (!v || json_is_null(v)) return true;
    if (!json_is_object(v)) return fail(r, "a performance value is not an object");
    json_t *val = json_object_get(v, "value");
    if (!json_is_string(val) ||
        js_num_parse(json_string_value(val), json_string_length(val), &out->num) != JS_NUM_VALUE)
        return fail(r, "a performance value has no decimal \"value\"");
    out->set = true;
    return get_str(r, v, "text", &out->text) && get_loc(r, v, "loc", &out->loc);
}

static json_t *get_arr(rd *r, json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    if (!v || json_is_null(v)) return NULL;
    if (!json_is_array(v)) {
        char m[96];
        snprintf(m, sizeof m, "\"%s\" is not an array", k);
        fail(r, m);
        return NULL;
    }
    return v;
}

/* The column keys of a table (at most 64, none repeated) into colv; -1 on failure. */
static int read_columns(rd *r, json_t *jt, const char **colv)
{
    json_t *cols = get_arr(r, jt, "columns");
    if (r->rc) return -1;
    size_t ncols = cols ? json_array_size(cols) : 0;
    if (ncols > 64) {
        fail(r, "too many columns");
        return -1;
    }
    for (size_t i = 0; i < ncols; i++) {
        json_t *c = json_array_get(cols, i);
        if (!json_is_string(c)) {
            fail(r, "a column key is not a string");
            return -1;
        }
        colv[i] = json_string_value(c);
        for (size_t k = 0; k < i; k++)
            if (strcmp(colv[k], colv[i]) == 0) {
                fail(r, "a column key is repeated");
                return -1;
            }
    }
    return (int)ncols;
}

/* The table's own fields: title, label, unit, department, copies, notes, places. */
static bool read_table_meta(rd *r, json_t *jt, js_table *t)
{
    const char *unit;
    if (!get_str(r, jt, "title", &t->title) || !get_str(r, jt, "label", &t->label) ||
        !get_loc(r, jt, "label_loc", &t->label_loc) || !get_str(r, jt, "unit", &unit) ||
        !get_str(r, jt, "dept", &t->dept) || !get_int(r, jt, "copies", 0, 1000, 1, &t->copies) ||
        !get_loc(r, jt, "copy_loc", &t->copy_loc) ||
        !get_str(r, jt, "empty_note", &t->empty_note) ||
        !get_loc(r, jt, "empty_loc", &t->empty_loc) || !get_loc(r, jt, "loc", &t->loc) ||
        !get_loc(r, jt, "end", &t->end))
        return false;
    t->unit = unit && strcmp(unit, "元") == 0 ? JS_UNIT_YUAN : JS_UNIT_WANYUAN;
    json_t *tr = json_object_get(jt, "truncated");
    if (tr && !json_is_boolean(tr)) return fail(r, "\"truncated\" is not a boolean");
    t->truncated = tr && json_is_true(tr);
    return true;
}

/* The cells of a row: an object keyed by column. */
static bool read_cells(rd *r, js_table *t, js_row *row, json_t *cells)
{
    if (!cells || json_is_null(cells)) return true;
    if (!json_is_object(cells)) return fail(r, "\"cells\" is not an object");
    const char *ck;
    json_t *jc;
    json_object_foreach(cells, ck, jc)
    {
        int c = js_table_col(t, ck);
        if (c < 0) return fail(r, "a cell names a column the table does not have");
        if (!json_is_object(jc)) return fail(r, "a cell is not an object");
        js_cell *cell = &row->cells[c];
        const char *text;
        js_loc cl;
        if (!get_str(r, jc, "text", &text) || !get_loc(r, jc, "loc", &cl)) return false;
        json_t *v = json_object_get(jc, "value");
        if (v && !json_is_null(v)) {
            js_amount a;
            if (!get_amount(r, v, &a)) return false;
            js_cell_set(r->doc, cell, a, text, cl);
        } else {
            cell->text = text;
            cell->loc = cl;
        }
    }
    return true;
}

/* Row i of the table. */
static bool read_row(rd *r, js_table *t, size_t i, json_t *jr)
{
    if (!json_is_object(jr)) return fail(r, "a row is not an object");
    const char *key, *code, *name;
    js_loc loc;
    if (!get_str(r, jr, "key", &key) || !get_str(r, jr, "code", &code) ||
        !get_str(r, jr, "name", &name) || !get_loc(r, jr, "loc", &loc))
        return false;
    if (!key) return fail(r, "a row has no \"key\"");
    js_row *row = js_table_row_add(r->doc, t, key, code, name, loc);
    if (!row) return fail(r, "out of memory");
    int dup;
    if (!get_int(r, jr, "lineno", 0, 1000000, 0, &row->lineno) ||
        !get_int(r, jr, "dup_of", -1, (int)i - 1, row->dup_of, &dup))
        return false;
    row->dup_of = dup;
    return read_cells(r, t, row, json_object_get(jr, "cells"));
}

static bool read_table(rd *r, int no, json_t *jt)
{
    if (!json_is_object(jt)) return fail(r, "a table is not an object");
    const char *colv[64];
    int ncols = read_columns(r, jt, colv);
    if (ncols < 0) return false;
    if (js_doc_table(r->doc, no)) return fail(r, "a table is given twice");
    js_table *t = js_doc_table_add(r->doc, no, ncols, colv);
    if (!t) return fail(r, "out of memory");
    if (!read_table_meta(r, jt, t)) return false;
    json_t *rows = get_arr(r, jt, "rows");
    if (r->rc) return false;
    for (size_t i = 0; rows && i < json_array_size(rows); i++) {
        snprintf(r->where, sizeof r->where, "tables.%s.rows[%zu]", js_table_id(no), i);
        if (!read_row(r, t, i, json_array_get(rows, i))) return false;
    }
    r->where[0] = '\0';
    return true;
}

/* The document's meta: version, kind, department, year, form, unit. */
static bool read_meta(rd *r, json_t *root)
{
    js_doc *doc = r->doc;
    json_t *ver = json_object_get(root, "juesuan_model");
    if (!json_is_integer(ver)) return fail(r, "no \"juesuan_model\" version");
    if (json_integer_value(ver) != 1)
        return fail(r, "unknown \"juesuan_model\" version (this reads 1)");
    const char *path, *unit, *form, *dkind = NULL, *scope = NULL;
    if (!get_str(r, root, "kind", &dkind) || !get_str(r, root, "scope", &scope)) return false;
    doc->kind = dkind && strcmp(dkind, "预算") == 0 ? JS_KIND_BUDGET : JS_KIND_FINAL;
    doc->scope = !scope                       ? JS_SCOPE_UNKNOWN
                 : strcmp(scope, "部门") == 0 ? JS_SCOPE_DEPT
                 : strcmp(scope, "单位") == 0 ? JS_SCOPE_UNIT
                                              : JS_SCOPE_UNKNOWN;
    if (!get_str(r, root, "path", &path) || !get_str(r, root, "department", &doc->dept) ||
        !get_int(r, root, "year", 0, 9999, 0, &doc->year) ||
        !get_str(r, root, "region", &doc->region) || !get_str(r, root, "form", &form) ||
        !get_str(r, root, "unit", &unit) ||
        !get_int(r, root, "npages", 0, 1000000, 0, &doc->npages))
        return false;
    (void)path; /* the document is named by the file it was read from */
    doc->form = form ? form : "";
    doc->unit = unit && strcmp(unit, "元") == 0 ? JS_UNIT_YUAN : JS_UNIT_WANYUAN;
    return true;
}

static bool read_tables(rd *r, json_t *root)
{
    json_t *tables = json_object_get(root, "tables");
    if (tables && !json_is_null(tables)) {
        if (!json_is_object(tables)) return fail(r, "\"tables\" is not an object");
        const char *k;
        json_t *jt;
        json_object_foreach(tables, k, jt)
        {
            int no = 0;
            for (int i = 1; i <= 9; i++)
                if (strcmp(k, js_table_id(i)) == 0) no = i;
            for (int i = 1; i <= JS_YTABLE_MAX; i++)
                if (strcmp(k, js_table_id(JS_YTABLE_BASE + i)) == 0) no = JS_YTABLE_BASE + i;
            snprintf(r->where, sizeof r->where, "tables.%.8s", k);
            if (!no) return fail(r, "a table id is not 01..09 or Y01..Y20");
            if (!read_table(r, no, jt)) return false;
        }
    }
    return true;
}

static bool read_sections(rd *r, json_t *secs, size_t nsec)
{
    js_doc *doc = r->doc;
    for (size_t i = 0; i < nsec; i++) {
        json_t *o = json_array_get(secs, i);
        snprintf(r->where, sizeof r->where, "sections[%zu]", i);
        if (!json_is_object(o)) return fail(r, "a section is not an object");
        js_section s;
        memset(&s, 0, sizeof s);
        if (!get_str(r, o, "num", &s.num) || !get_str(r, o, "title", &s.title) ||
            !get_int(r, o, "part", 0, 9, 0, &s.part) ||
            !get_int(r, o, "level", 0, 4, 0, &s.level) ||
            !get_int(r, o, "value", 0, 1000, 0, &s.value) ||
            !get_int(r, o, "parent", -1, (int)i - 1, -1, &s.parent) ||
            !get_loc(r, o, "loc", &s.loc))
            return false;
        if (js_doc_section_add(doc, &s) < 0) return fail(r, "out of memory");
    }
    return true;
}

/* A paragraph's map from text offsets to source lines. */
static bool read_line_map(rd *r, json_t *o, int idx)
{
    js_doc *doc = r->doc;
    json_t *lm = get_arr(r, o, "lines");
    if (r->rc) return false;
    size_t nm = lm ? json_array_size(lm) : 0;
    if (nm > 0) {
        if (nm > 100000) return fail(r, "line map too long");
        int *st = js_arena_calloc(doc->arena, nm, sizeof(int));
        int *ln = js_arena_calloc(doc->arena, nm, sizeof(int));
        if (!st || !ln) return fail(r, "out of memory");
        size_t tl = strlen(doc->paras[idx].text);
        for (size_t k = 0; k < nm; k++) {
            json_t *e = json_array_get(lm, k);
            json_t *a = json_array_get(e, 0), *b = json_array_get(e, 1);
            if (!json_is_array(e) || json_array_size(e) != 2 || !json_is_integer(a) ||
                !json_is_integer(b))
                return fail(r, "a line map entry is not [offset, line]");
            json_int_t off = json_integer_value(a), line = json_integer_value(b);
            if (off < 0 || (size_t)off > tl || (k == 0 && off != 0) || (k > 0 && off < st[k - 1]) ||
                line < 0 || line > 100000000)
                return fail(r, "a line map entry is out of order or range");
            st[k] = (int)off;
            ln[k] = (int)line;
        }
        js_para *p = &doc->paras[idx];
        p->line_starts = st;
        p->line_nos = ln;
        p->nsrc = (int)nm;
    }
    return true;
}

static bool read_para(rd *r, json_t *paras, size_t i)
{
    js_doc *doc = r->doc;
    json_t *o = json_array_get(paras, i);
    snprintf(r->where, sizeof r->where, "paragraphs[%zu]", i);
    if (!json_is_object(o)) return fail(r, "a paragraph is not an object");
    const char *text;
    int section, nlines;
    js_loc loc;
    if (!get_str(r, o, "text", &text) ||
        !get_int(r, o, "section", -1, doc->nsections - 1, -1, &section) ||
        !get_loc(r, o, "loc", &loc) || !get_int(r, o, "nlines", 0, 100000000, 1, &nlines))
        return false;
    int idx = js_doc_para_add(doc, text ? text : "", section, loc, nlines);
    if (idx < 0) return fail(r, "out of memory");
    if (!read_line_map(r, o, idx)) return false;
    return true;
}

/* first_para/npara are recomputed by js_doc_para_add; check they agree. */
static bool sections_agree(rd *r, json_t *secs, size_t nsec)
{
    js_doc *doc = r->doc;
    for (size_t i = 0; i < nsec; i++) {
        json_t *o = json_array_get(secs, i);
        int fp, np;
        snprintf(r->where, sizeof r->where, "sections[%zu]", i);
        if (!get_int(r, o, "first_para", 0, 100000000, doc->sections[i].first_para, &fp) ||
            !get_int(r, o, "npara", 0, 100000000, doc->sections[i].npara, &np))
            return false;
        if (np != doc->sections[i].npara || (np > 0 && fp != doc->sections[i].first_para))
            return fail(r, "\"first_para\"/\"npara\" disagree with the paragraphs");
    }
    return true;
}

static bool read_funds(rd *r, json_t *o, js_perf *p)
{
    js_doc *doc = r->doc;
    json_t *funds = get_arr(r, o, "funds");
    if (r->rc) return false;
    for (size_t k = 0; funds && k < json_array_size(funds); k++) {
        json_t *jf = json_array_get(funds, k);
        if (!json_is_object(jf)) return fail(r, "a fund row is not an object");
        js_perf_fund *f = js_perf_fund_add(doc, p);
        if (!f) return fail(r, "out of memory");
        memset(f, 0, sizeof *f);
        if (!get_str(r, jf, "name", &f->name) ||
            !get_pval(r, jf, "budget_start", &f->budget_start) ||
            !get_pval(r, jf, "budget_full", &f->budget_full) ||
            !get_pval(r, jf, "actual", &f->actual) || !get_pval(r, jf, "weight", &f->weight) ||
            !get_pval(r, jf, "rate", &f->rate) || !get_pval(r, jf, "score", &f->score) ||
            !get_loc(r, jf, "loc", &f->loc))
            return false;
    }
    return true;
}

static bool read_inds(rd *r, json_t *o, js_perf *p)
{
    js_doc *doc = r->doc;
    json_t *inds = get_arr(r, o, "indicators");
    if (r->rc) return false;
    for (size_t k = 0; inds && k < json_array_size(inds); k++) {
        json_t *jd = json_array_get(inds, k);
        if (!json_is_object(jd)) return fail(r, "an indicator is not an object");
        js_perf_ind *d = js_perf_ind_add(doc, p);
        if (!d) return fail(r, "out of memory");
        memset(d, 0, sizeof *d);
        if (!get_str(r, jd, "l1", &d->l1) || !get_str(r, jd, "l2", &d->l2) ||
            !get_str(r, jd, "l3", &d->l3) || !get_str(r, jd, "target", &d->target) ||
            !get_str(r, jd, "result", &d->result) || !get_pval(r, jd, "weight", &d->weight) ||
            !get_pval(r, jd, "score", &d->score) || !get_loc(r, jd, "loc", &d->loc))
            return false;
    }
    return true;
}

static bool read_perf(rd *r, json_t *perfs, size_t i)
{
    js_doc *doc = r->doc;
    json_t *o = json_array_get(perfs, i);
    snprintf(r->where, sizeof r->where, "performance[%zu]", i);
    if (!json_is_object(o)) return fail(r, "a performance table is not an object");
    int kind;
    if (!get_int(r, o, "kind", 1, 2, 1, &kind)) return false;
    js_perf *p = js_doc_perf_add(doc, kind);
    if (!p) return fail(r, "out of memory");
    if (!get_str(r, o, "name", &p->name) || !get_loc(r, o, "loc", &p->loc) ||
        !get_pval(r, o, "total_weight", &p->total_weight) ||
        !get_pval(r, o, "total_score", &p->total_score) || !get_str(r, o, "grade", &p->grade) ||
        !get_loc(r, o, "grade_loc", &p->grade_loc))
        return false;
    if (!read_funds(r, o, p)) return false;
    if (!read_inds(r, o, p)) return false;
    return true;
}

static bool read_notes(rd *r, json_t *root)
{
    js_doc *doc = r->doc;
    json_t *notes = get_arr(r, root, "notes");
    if (r->rc) return false;
    for (size_t i = 0; notes && i < json_array_size(notes); i++) {
        json_t *o = json_array_get(notes, i);
        snprintf(r->where, sizeof r->where, "notes[%zu]", i);
        if (!json_is_object(o)) return fail(r, "a note is not an object");
        const char *code, *text, *sev;
        js_diag d = {0};
        if (!get_str(r, o, "code", &code) || !get_str(r, o, "text", &text) ||
            !get_int(r, o, "table", 0, 9, 0, &d.table) || !get_loc(r, o, "loc", &d.loc) ||
            !get_str(r, o, "severity", &sev) || !get_str(r, o, "file", &d.file) ||
            !get_int(r, o, "column", 0, 100000000, 0, &d.column) ||
            !get_str(r, o, "cell", &d.cell) || !get_str(r, o, "key", &d.key))
            return false;
        d.code = code ? code : "";
        d.severity = js_diag_severity_parse(sev);
        js_diags_add(&doc->diags, &d, "%s", text ? text : "");
    }
    return true;
}

/* The source lines (for quoting) and the page of each. */
static bool read_lines(rd *r, json_t *root)
{
    js_doc *doc = r->doc;
    json_t *lines = get_arr(r, root, "lines");
    if (r->rc) return false;
    size_t nl = lines ? json_array_size(lines) : 0;
    if (nl > 0) {
        if (nl > 100000000) return fail(r, "too many lines");
        doc->lines = js_arena_calloc(doc->arena, nl + 1, sizeof(char *));
        if (!doc->lines) return fail(r, "out of memory");
        for (size_t i = 0; i < nl; i++) {
            json_t *s = json_array_get(lines, i);
            if (!json_is_string(s)) return fail(r, "a source line is not a string");
            doc->lines[i] =
                js_arena_strndup(doc->arena, json_string_value(s), json_string_length(s));
            if (!doc->lines[i]) return fail(r, "out of memory");
        }
        doc->nlines = (int)nl;
    }
    json_t *pages = get_arr(r, root, "line_pages");
    if (r->rc) return false;
    if (pages) {
        if (json_array_size(pages) != nl)
            return fail(r, "\"line_pages\" and \"lines\" differ in length");
        int *pg = js_arena_calloc(doc->arena, nl + 1, sizeof(int));
        if (!pg) return fail(r, "out of memory");
        for (size_t i = 0; i < nl; i++) {
            json_t *v = json_array_get(pages, i);
            if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 1000000)
                return fail(r, "a line page is not an integer in 0..1000000");
            pg[i] = (int)json_integer_value(v);
        }
        doc->line_pages = pg;
    }
    return true;
}

static bool read_doc(rd *r, json_t *root)
{
    if (!read_meta(r, root) || !read_tables(r, root)) return false;
    json_t *secs = get_arr(r, root, "sections");
    if (r->rc) return false;
    size_t nsec = secs ? json_array_size(secs) : 0;
    if (!read_sections(r, secs, nsec)) return false;
    json_t *paras = get_arr(r, root, "paragraphs");
    if (r->rc) return false;
    for (size_t i = 0; paras && i < json_array_size(paras); i++)
        if (!read_para(r, paras, i)) return false;
    if (!sections_agree(r, secs, nsec)) return false;
    json_t *perfs = get_arr(r, root, "performance");
    if (r->rc) return false;
    for (size_t i = 0; perfs && i < json_array_size(perfs); i++)
        if (!read_perf(r, perfs, i)) return false;
    if (!read_notes(r, root) || !read_lines(r, root)) return false;
    r->where[0] = '\0';
    return true;
}

int js_doc_from_json(const char *path, const char *text, size_t n, js_doc **out, js_err *err)
{
    *out = NULL;
    if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) { /* a byte-order mark */
        text += 3;
        n -= 3;
    }
    json_error_t je;
    json_t *root = json_loadb(text, n, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return js_err_set(err, JS_EINPUT, "%s:%d:%d: malformed JSON: %s", path, je.line, je.column,
                          je.text);
    if (!json_is_object(root)) {
        json_decref(root);
        return js_err_set(err, JS_EINPUT, "%s: not a juesuan model: the JSON is not an object",
                          path);
    }
    js_doc *doc = js_doc_new(path);
    if (!doc) {
        json_decref(root);
        return js_err_set(err, JS_EINTERNAL, "%s: out of memory", path);
    }
    rd r;
    memset(&r, 0, sizeof r);
    r.path = path;
    r.doc = doc;
    r.err = err;
    r.rc = JS_OK;
    read_doc(&r, root);
    json_decref(root);
    if (r.rc != JS_OK) {
        js_doc_free(doc);
        return r.rc;
    }
    *out = doc;
    return JS_OK;
}

bool js_json_is_model(const char *text, size_t n)
{
    size_t i = 0;
    if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) i = 3; /* BOM */
    while (i < n && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
        i++;
    if (i >= n || text[i] != '{') return false;
    size_t m = n - i < 4096 ? n - i : 4096;
    return js_memstr(text + i, m, "\"juesuan_model\"") != NULL;
}
