/*
 * summary.c - the terminal overview of a document model (render.h).
 */
#include "juesuan/render.h"

#include <string.h>

static void loc_str(js_buf *out, js_loc l)
{
    if (l.page)
        js_buf_printf(out, "p.%d", l.page);
    else if (l.line)
        js_buf_printf(out, "L%d", l.line);
    else
        js_buf_puts(out, "-");
}

static void pval(js_buf *out, const char *label, const js_pval *v)
{
    char n[40];
    if (v->set) js_buf_printf(out, " %s=%s", label, js_num_fmt(v->num, n, sizeof n));
}

/* One table: its title, where it was read, and every row with its values. */
static void table_summary(const js_doc *doc, int no, js_buf *out)
{
    char num[40];
    const js_table *t = js_doc_table(doc, no);
    bool y = no > JS_YTABLE_BASE;
    if (!t) {
        js_buf_printf(out, "\n公开%s表 %s: not found\n", js_table_id(no), js_table_title(no));
        return;
    }
    if (y)
        js_buf_printf(out, "\n%s %s (", js_table_id(no), t->title ? t->title : "");
    else
        js_buf_printf(out, "\n公开%s表 %s (", js_table_id(no), t->title ? t->title : "");
    loc_str(out, t->loc);
    if (t->label && !y && strcmp(t->label, js_table_id(no)) != 0)
        js_buf_printf(out, ", labelled 公开%s表", t->label);
    if (t->label && y) js_buf_printf(out, ", labelled 公开%s表", t->label);
    if (t->copies > 1) js_buf_printf(out, ", printed %d times", t->copies);
    if (t->truncated) js_buf_puts(out, ", truncated");
    js_buf_printf(out, "): %d rows\n", t->nrows);
    if (t->empty_note) js_buf_printf(out, "  (empty) %s\n", t->empty_note);
    for (int r = 0; r < t->nrows; r++) {
        const js_row *row = &t->rows[r];
        js_buf_puts(out, "  ");
        loc_str(out, row->loc);
        js_buf_printf(out, "\t%s", row->key);
        /* the name, unless the key already says it ("收入:总计" names 总计) */
        size_t kl = strlen(row->key), nl = row->name ? strlen(row->name) : 0;
        if (nl && !(kl >= nl && strcmp(row->key + kl - nl, row->name) == 0))
            js_buf_printf(out, " %s", row->name);
        if (row->dup_of >= 0) js_buf_puts(out, " (repeated)");
        for (int c = 0; c < t->ncols; c++) {
            if (!row->cells[c].present) continue;
            js_buf_printf(out, "\t%s=%s", t->cols[c],
                          js_amount_fmt_wan(row->cells[c].value, num, sizeof num));
        }
        js_buf_putc(out, '\n');
    }
}

void js_render_summary(const js_doc *doc, js_buf *out)
{
    js_buf_printf(out, "document: %s\n", doc->path);
    js_buf_printf(out, "department: %s\n", doc->dept ? doc->dept : "(unknown)");
    if (doc->year) js_buf_printf(out, "year: %d\n", doc->year);
    if (doc->region) js_buf_printf(out, "region: %s\n", doc->region);
    if (doc->form && doc->form[0]) js_buf_printf(out, "form: %s\n", doc->form);
    js_buf_printf(out, "kind: %s%s\n", js_scope_name(doc->scope), js_kind_name(doc->kind));
    if (doc->kind == JS_KIND_BUDGET) {
        int n = 0;
        for (int i = 1; i <= JS_YTABLE_MAX; i++)
            if (doc->ytables[i]) {
                table_summary(doc, JS_YTABLE_BASE + i, out);
                n++;
            }
        if (!n) js_buf_puts(out, "\nbudget tables: none read (the budget form is not known)\n");
    } else {
        for (int no = 1; no <= 9; no++)
            table_summary(doc, no, out);
    }
    if (doc->nsections) js_buf_puts(out, "\nnarrative:\n");
    for (int i = 0; i < doc->nsections; i++) {
        const js_section *s = &doc->sections[i];
        js_buf_printf(out, "  %*s", s->level * 2, "");
        loc_str(out, s->loc);
        js_buf_printf(out, " [%s] %s (%d paragraphs)\n", s->num, s->title, s->npara);
    }
    for (int i = 0; i < doc->nperf; i++) {
        const js_perf *p = &doc->perf[i];
        js_buf_printf(out, "\n绩效自评表 P%d %s (", p->kind, p->name ? p->name : "");
        loc_str(out, p->loc);
        js_buf_printf(out, "): %d fund rows, %d indicators", p->nfunds, p->ninds);
        pval(out, "总分", &p->total_score);
        if (p->grade) js_buf_printf(out, " 等级=%s", p->grade);
        js_buf_putc(out, '\n');
        for (int j = 0; j < p->nfunds; j++) {
            const js_perf_fund *f = &p->funds[j];
            js_buf_printf(out, "  %s", f->name ? f->name : "");
            pval(out, "年初预算数", &f->budget_start);
            pval(out, "全年预算数", &f->budget_full);
            pval(out, "全年执行数", &f->actual);
            pval(out, "分值", &f->weight);
            pval(out, "执行率", &f->rate);
            pval(out, "得分", &f->score);
            js_buf_putc(out, '\n');
        }
        for (int j = 0; j < p->ninds; j++) {
            const js_perf_ind *d = &p->inds[j];
            js_buf_printf(out, "  %s/%s/%s", d->l1 ? d->l1 : "", d->l2 ? d->l2 : "",
                          d->l3 ? d->l3 : "");
            pval(out, "分值", &d->weight);
            pval(out, "得分", &d->score);
            js_buf_putc(out, '\n');
        }
    }
    if (doc->nnotes) js_buf_puts(out, "\nnotes:\n");
    for (int i = 0; i < doc->nnotes; i++) {
        js_buf_puts(out, "  ");
        loc_str(out, doc->notes[i].loc);
        js_buf_printf(out, " %s %s\n", doc->notes[i].code, doc->notes[i].text);
    }
}
