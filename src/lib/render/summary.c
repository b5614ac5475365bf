/*
 * summary.c - the terminal overview of a document model (render.h). Its words
 * are in the interface's language (English msgids, po/zh_CN.po; the program
 * chooses the language, src/cli/i18n.c); the reading notes are printed as every
 * diagnostic is (js_diag_text).
 */
#include "juesuan/render.h"
#include "model/form_layout.h"
#include "render/render_impl.h"

#include <libintl.h>
#include <stdio.h>
#include <string.h>

/* A text shown to users, in their language (without a catalogue: s itself). */
#define JS_T(s) dgettext("juesuan", s)

static void loc_str(js_buf *out, js_loc l)
{
    if (l.page)
        js_buf_printf(out, JS_T("p.%d"), l.page);
    else if (l.line)
        js_buf_printf(out, JS_T("L%d"), l.line);
    else
        js_buf_puts(out, "-");
}

static void pval(js_buf *out, const char *label, const js_pval *v)
{
    char n[40];
    if (v->set) js_buf_printf(out, " %s=%s", label, js_num_fmt(v->num, n, sizeof n));
}

/* Where a table was read and what was odd about it: "L12, labelled 公开02表". */
static void table_where(const js_table *t, int no, js_buf *w)
{
    bool y = no > JS_YTABLE_BASE;
    loc_str(w, t->loc);
    if (t->label && (y || strcmp(t->label, js_table_id(no)) != 0)) {
        js_buf_puts(w, JS_T(", "));
        js_buf_printf(w, JS_T("labelled 公开%s表"), t->label);
    }
    if (t->copies > 1) {
        js_buf_puts(w, JS_T(", "));
        js_buf_printf(w, JS_T("printed %d times"), t->copies);
    }
    if (t->truncated) {
        js_buf_puts(w, JS_T(", "));
        js_buf_puts(w, JS_T("truncated"));
    }
}

static void row_summary(const js_table *t, const js_row *row, js_buf *out)
{
    char num[40];
    js_buf_puts(out, "  ");
    loc_str(out, row->loc);
    js_buf_printf(out, "\t%s", row->key);
    /* the name, unless the key already says it ("收入:总计" names 总计) */
    size_t kl = strlen(row->key), nl = row->name ? strlen(row->name) : 0;
    if (nl && !(kl >= nl && strcmp(row->key + kl - nl, row->name) == 0))
        js_buf_printf(out, " %s", row->name);
    if (row->dup_of >= 0) js_buf_puts(out, JS_T(" (repeated)"));
    for (int c = 0; c < t->ncols; c++) {
        if (!row->cells[c].present) continue;
        js_buf_printf(out, "\t%s=%s", t->cols[c],
                      js_amount_fmt_wan(row->cells[c].value, num, sizeof num));
    }
    js_buf_putc(out, '\n');
}

/* One table: its title, where it was read, and every row with its values. */
static void table_summary(const js_doc *doc, int no, js_buf *out)
{
    const js_table *t = js_doc_table(doc, no);
    bool y = no > JS_YTABLE_BASE;
    char name[64];
    snprintf(name, sizeof name, y ? "%s" : "公开%s表", js_table_id(no));
    if (!t) {
        js_buf_printf(out, JS_T("\n%s %s: not found\n"), name, js_table_title(no));
        return;
    }
    js_buf w;
    js_buf_init(&w);
    table_where(t, no, &w);
    js_buf_printf(out, JS_T("\n%s %s (%s): %d rows\n"), name, t->title ? t->title : "",
                  w.data ? w.data : "", t->nrows);
    js_buf_release(&w);
    if (t->empty_note) js_buf_printf(out, JS_T("  (empty) %s\n"), t->empty_note);
    for (int r = 0; r < t->nrows; r++)
        row_summary(t, &t->rows[r], out);
}

/* The perf summary's words: what the form's 绩效自评表 words (layout.tsv perf records) name. */
static const char *pw(const js_layout *L, const js_doc *doc, const js_perf *p, const char *what,
                      int i)
{
    return js_layout_perf_name(L, doc->form, p->kind == 2 ? 2 : 1, what, i);
}

static void perf_summary(const js_layout *L, const js_doc *doc, const js_perf *p, js_buf *out)
{
    js_buf w;
    js_buf_init(&w);
    loc_str(&w, p->loc);
    js_buf_printf(out, JS_T("\n绩效自评表 P%d %s (%s): %d fund rows, %d indicators"), p->kind,
                  p->name ? p->name : "", w.data ? w.data : "", p->nfunds, p->ninds);
    js_buf_release(&w);
    pval(out, pw(L, doc, p, "sum", 0), &p->total_score);
    if (p->grade) js_buf_printf(out, " %s=%s", pw(L, doc, p, "grade", 0), p->grade);
    js_buf_putc(out, '\n');
    for (int j = 0; j < p->nfunds; j++) {
        const js_perf_fund *f = &p->funds[j];
        js_buf_printf(out, "  %s", f->name ? f->name : "");
        const js_pval *v[6] = {&f->budget_start, &f->budget_full, &f->actual,
                               &f->weight,       &f->rate,        &f->score};
        for (int k = 0; k < 6; k++) /* in the order of the form's fund columns */
            pval(out, pw(L, doc, p, "fundcols", k), v[k]);
        js_buf_putc(out, '\n');
    }
    for (int j = 0; j < p->ninds; j++) {
        const js_perf_ind *d = &p->inds[j];
        js_buf_printf(out, "  %s/%s/%s", d->l1 ? d->l1 : "", d->l2 ? d->l2 : "",
                      d->l3 ? d->l3 : "");
        pval(out, pw(L, doc, p, "indcols", 5), &d->weight);
        pval(out, pw(L, doc, p, "indcols", 6), &d->score);
        js_buf_putc(out, '\n');
    }
}

static void draw_summary(const js_templates *tp, const js_doc *doc, js_arena *a, js_buf *out)
{
    (void)a;
    const js_layout *L = js_templates_layout(tp);
    js_buf_printf(out, JS_T("document: %s\n"), doc->path);
    js_buf_printf(out, JS_T("department: %s\n"), doc->dept ? doc->dept : JS_T("(unknown)"));
    if (doc->year) js_buf_printf(out, JS_T("year: %d\n"), doc->year);
    if (doc->region) js_buf_printf(out, JS_T("region: %s\n"), doc->region);
    if (doc->form && doc->form[0]) js_buf_printf(out, JS_T("form: %s\n"), doc->form);
    js_buf_printf(out, JS_T("kind: %s%s\n"), js_scope_name(doc->scope), js_kind_name(doc->kind));
    if (doc->kind == JS_KIND_BUDGET) {
        int n = 0;
        for (int i = 1; i <= JS_YTABLE_MAX; i++)
            if (doc->ytables[i]) {
                table_summary(doc, JS_YTABLE_BASE + i, out);
                n++;
            }
        if (!n)
            js_buf_puts(out, JS_T("\nbudget tables: none read (the budget form is not known)\n"));
    } else {
        for (int no = 1; no <= 9; no++)
            table_summary(doc, no, out);
    }
    if (doc->nsections) js_buf_puts(out, JS_T("\nnarrative:\n"));
    for (int i = 0; i < doc->nsections; i++) {
        const js_section *s = &doc->sections[i];
        js_buf_printf(out, "  %*s", s->level * 2, "");
        loc_str(out, s->loc);
        js_buf_printf(out, JS_T(" [%s] %s (%d paragraphs)\n"), s->num, s->title, s->npara);
    }
    for (int i = 0; i < doc->nperf; i++)
        perf_summary(L, doc, &doc->perf[i], out);
    if (doc->nnotes) js_buf_puts(out, JS_T("\nreading notes:\n"));
    for (int i = 0; i < doc->nnotes; i++) {
        js_buf_puts(out, "  ");
        js_diag_text(&doc->notes[i], doc->path, out);
        js_buf_printf(out, "  [%s]\n", doc->notes[i].code);
    }
}

void js_render_summary(const js_templates *form, const js_doc *doc, js_buf *out)
{
    js_err err;
    bg_draw_buf(form, doc, draw_summary, out, &err);
}
