/*
 * model_json.c - the document model as JSON (json.h), with jansson; reading it
 * back is ingest/model_json_read.c.
 * The form is described field by field in docs/model-json.md; it is an
 * interface: "juesuan_model": 1 names its version.
 *
 * Amounts are written as decimal strings in 万元 (js_amount_fmt_wan: "75.40")
 * and numbers of the performance tables as the decimal printed ("100",
 * "2.5"), so nothing passes through a floating-point value; reading back gives
 * the same fen and the same js_num. Only PDF box coordinates are JSON reals.
 */
#include "juesuan/json.h"

#include "juesuan/text.h"
#include "model/diag_json.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- writing ----------------------------------------------------------------- */

static json_t *jstr(const char *s)
{
    if (!s) return json_null();
    json_t *j = json_string(s);
    return j ? j : json_null(); /* not UTF-8: cannot be written */
}

static void put(json_t *o, const char *k, json_t *v)
{
    if (v) json_object_set_new(o, k, v);
}

static bool loc_set(js_loc l)
{
    return l.line || l.page || l.x0 != 0 || l.y0 != 0 || l.x1 != 0 || l.y1 != 0;
}

static json_t *amount_json(js_amount a)
{
    char buf[48];
    return json_string(js_amount_fmt_wan(a, buf, sizeof buf));
}

static json_t *pval_json(const js_pval *v)
{
    if (!v->set) return json_null();
    char buf[48];
    json_t *o = json_object();
    if (!o) return NULL;
    put(o, "value", json_string(js_num_fmt(v->num, buf, sizeof buf)));
    put(o, "text", jstr(v->text));
    put(o, "loc", js_loc_json(v->loc));
    return o;
}

static json_t *table_json(const js_table *t)
{
    json_t *o = json_object();
    if (!o) return NULL;
    put(o, "title", jstr(t->title));
    put(o, "label", jstr(t->label));
    if (loc_set(t->label_loc)) put(o, "label_loc", js_loc_json(t->label_loc));
    put(o, "unit", json_string(t->unit == JS_UNIT_YUAN ? "元" : "万元"));
    put(o, "dept", jstr(t->dept));
    put(o, "copies", json_integer(t->copies));
    if (loc_set(t->copy_loc)) put(o, "copy_loc", js_loc_json(t->copy_loc));
    put(o, "empty_note", jstr(t->empty_note));
    if (loc_set(t->empty_loc)) put(o, "empty_loc", js_loc_json(t->empty_loc));
    put(o, "truncated", json_boolean(t->truncated));
    put(o, "loc", js_loc_json(t->loc));
    put(o, "end", js_loc_json(t->end));
    json_t *cols = json_array();
    for (int i = 0; cols && i < t->ncols; i++)
        json_array_append_new(cols, jstr(t->cols[i]));
    put(o, "columns", cols);
    json_t *rows = json_array();
    for (int r = 0; rows && r < t->nrows; r++) {
        const js_row *row = &t->rows[r];
        json_t *jr = json_object();
        if (!jr) break;
        put(jr, "key", jstr(row->key));
        put(jr, "code", jstr(row->code));
        put(jr, "name", jstr(row->name));
        put(jr, "lineno", json_integer(row->lineno));
        put(jr, "dup_of", json_integer(row->dup_of));
        put(jr, "loc", js_loc_json(row->loc));
        json_t *cells = json_object();
        for (int c = 0; cells && c < t->ncols; c++) {
            const js_cell *cell = &row->cells[c];
            if (!cell->present && !cell->text) continue;
            json_t *jc = json_object();
            if (!jc) break;
            if (cell->present) put(jc, "value", amount_json(cell->value));
            put(jc, "text", jstr(cell->text));
            put(jc, "loc", js_loc_json(cell->loc));
            json_object_set_new(cells, t->cols[c], jc);
        }
        put(jr, "cells", cells);
        json_array_append_new(rows, jr);
    }
    put(o, "rows", rows);
    return o;
}

static void meta_json(const js_doc *doc, json_t *root)
{
    put(root, "juesuan_model", json_integer(1));
    put(root, "path", jstr(doc->path));
    put(root, "department", jstr(doc->dept));
    put(root, "year", json_integer(doc->year));
    put(root, "region", jstr(doc->region));
    put(root, "form", jstr(doc->form));
    put(root, "kind", json_string(js_kind_name(doc->kind)));
    if (doc->scope) put(root, "scope", json_string(js_scope_name(doc->scope)));
    put(root, "unit", json_string(doc->unit == JS_UNIT_YUAN ? "元" : "万元"));
    put(root, "npages", json_integer(doc->npages));
    json_t *tables = json_object();
    for (int i = 1; tables && i <= 9; i++)
        if (doc->tables[i]) json_object_set_new(tables, js_table_id(i), table_json(doc->tables[i]));
    for (int i = 1; tables && i <= JS_YTABLE_MAX; i++)
        if (doc->ytables[i])
            json_object_set_new(tables, js_table_id(JS_YTABLE_BASE + i),
                                table_json(doc->ytables[i]));
    put(root, "tables", tables);
}

static void sections_json(const js_doc *doc, json_t *root)
{
    json_t *secs = json_array();
    for (int i = 0; secs && i < doc->nsections; i++) {
        const js_section *s = &doc->sections[i];
        json_t *o = json_object();
        if (!o) break;
        put(o, "num", jstr(s->num));
        put(o, "title", jstr(s->title));
        put(o, "part", json_integer(s->part));
        put(o, "level", json_integer(s->level));
        put(o, "value", json_integer(s->value));
        put(o, "parent", json_integer(s->parent));
        put(o, "loc", js_loc_json(s->loc));
        put(o, "first_para", json_integer(s->first_para));
        put(o, "npara", json_integer(s->npara));
        json_array_append_new(secs, o);
    }
    put(root, "sections", secs);
}

static void paras_json(const js_doc *doc, json_t *root)
{
    json_t *paras = json_array();
    for (int i = 0; paras && i < doc->nparas; i++) {
        const js_para *p = &doc->paras[i];
        json_t *o = json_object();
        if (!o) break;
        put(o, "text", jstr(p->text));
        put(o, "section", json_integer(p->section));
        put(o, "loc", js_loc_json(p->loc));
        put(o, "nlines", json_integer(p->nlines));
        if (p->line_starts && p->line_nos && p->nsrc > 0) {
            json_t *lm = json_array();
            for (int k = 0; lm && k < p->nsrc; k++)
                json_array_append_new(lm, json_pack("[ii]", p->line_starts[k], p->line_nos[k]));
            put(o, "lines", lm);
        }
        json_array_append_new(paras, o);
    }
    put(root, "paragraphs", paras);
}

static json_t *perf_funds_json(const js_perf *p)
{
    json_t *funds = json_array();
    for (int k = 0; funds && k < p->nfunds; k++) {
        const js_perf_fund *f = &p->funds[k];
        json_t *jf = json_object();
        if (!jf) break;
        put(jf, "name", jstr(f->name));
        put(jf, "budget_start", pval_json(&f->budget_start));
        put(jf, "budget_full", pval_json(&f->budget_full));
        put(jf, "actual", pval_json(&f->actual));
        put(jf, "weight", pval_json(&f->weight));
        put(jf, "rate", pval_json(&f->rate));
        put(jf, "score", pval_json(&f->score));
        put(jf, "loc", js_loc_json(f->loc));
        json_array_append_new(funds, jf);
    }
    return funds;
}

static json_t *perf_inds_json(const js_perf *p)
{
    json_t *inds = json_array();
    for (int k = 0; inds && k < p->ninds; k++) {
        const js_perf_ind *d = &p->inds[k];
        json_t *jd = json_object();
        if (!jd) break;
        put(jd, "l1", jstr(d->l1));
        put(jd, "l2", jstr(d->l2));
        put(jd, "l3", jstr(d->l3));
        put(jd, "target", jstr(d->target));
        put(jd, "result", jstr(d->result));
        put(jd, "weight", pval_json(&d->weight));
        put(jd, "score", pval_json(&d->score));
        put(jd, "loc", js_loc_json(d->loc));
        json_array_append_new(inds, jd);
    }
    return inds;
}

static void perfs_json(const js_doc *doc, json_t *root)
{
    json_t *perfs = json_array();
    for (int i = 0; perfs && i < doc->nperf; i++) {
        const js_perf *p = &doc->perf[i];
        json_t *o = json_object();
        if (!o) break;
        put(o, "id", json_string(p->kind == 2 ? "P2" : "P1"));
        put(o, "kind", json_integer(p->kind));
        put(o, "name", jstr(p->name));
        put(o, "loc", js_loc_json(p->loc));
        put(o, "funds", perf_funds_json(p));
        put(o, "indicators", perf_inds_json(p));
        put(o, "total_weight", pval_json(&p->total_weight));
        put(o, "total_score", pval_json(&p->total_score));
        put(o, "grade", jstr(p->grade));
        if (loc_set(p->grade_loc)) put(o, "grade_loc", js_loc_json(p->grade_loc));
        json_array_append_new(perfs, o);
    }
    put(root, "performance", perfs);
}

/* The reading notes: diagnostics, in their one JSON form (model/diag.c). */
static void notes_json(const js_doc *doc, json_t *root)
{
    put(root, "notes", js_diags_to_json(doc->diags.v, doc->diags.n));
}

static void lines_json(const js_doc *doc, json_t *root, int flags)
{
    if (!(flags & JS_JSON_NO_LINES) && doc->lines && doc->nlines > 0) {
        json_t *lines = json_array();
        for (int i = 0; lines && i < doc->nlines; i++)
            json_array_append_new(lines, jstr(doc->lines[i] ? doc->lines[i] : ""));
        put(root, "lines", lines);
        if (doc->line_pages) {
            json_t *pages = json_array();
            for (int i = 0; pages && i < doc->nlines; i++)
                json_array_append_new(pages, json_integer(doc->line_pages[i]));
            put(root, "line_pages", pages);
        }
    }
}

static json_t *doc_json(const js_doc *doc, int flags)
{
    json_t *root = json_object();
    if (!root) return NULL;
    meta_json(doc, root);
    sections_json(doc, root);
    paras_json(doc, root);
    perfs_json(doc, root);
    notes_json(doc, root);
    lines_json(doc, root, flags);
    return root;
}

int js_doc_to_json(const js_doc *doc, js_buf *out, int flags, js_err *err)
{
    json_t *root = doc_json(doc, flags);
    if (!root) return js_err_set(err, JS_EINTERNAL, "%s: out of memory", doc->path);
    size_t jf = (flags & JS_JSON_PRETTY) ? JSON_INDENT(2) : JSON_COMPACT;
    char *s = json_dumps(root, jf | JSON_PRESERVE_ORDER);
    json_decref(root);
    if (!s) return js_err_set(err, JS_EINTERNAL, "%s: out of memory writing JSON", doc->path);
    js_buf_puts(out, s);
    free(s);
    if (out->oom) return js_err_set(err, JS_EINTERNAL, "%s: out of memory", doc->path);
    return JS_OK;
}
