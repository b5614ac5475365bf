/*
 * facts.c - the tidy facts export (spec/facts.md): every printed non-zero
 * value of the nine tables as (table, row, column, value), amounts in 万元.
 */
#include "juesuan/facts.h"
#include "juesuan/text.h"

#include <string.h>

static bool seen_before(const js_table *t, int r, int c)
{
    /* a repeated row (dup_of) yields its key once: the first printed value wins */
    const js_row *row = &t->rows[r];
    for (int i = 0; i < r; i++)
        if (strcmp(t->rows[i].key, row->key) == 0 && t->rows[i].cells[c].present &&
            t->rows[i].cells[c].value != 0)
            return true;
    return false;
}

/* The i-th table number of the facts order: 01..09, then the budget tables Y01.. */
static int table_no(int i)
{
    return i < 9 ? i + 1 : JS_YTABLE_BASE + i - 8;
}
#define NTABLES (9 + JS_YTABLE_MAX)

int js_facts_collect(const js_doc *doc, js_fact **out, size_t *n)
{
    size_t count = 0;
    for (int i = 0; i < NTABLES; i++) {
        const js_table *t = js_doc_table(doc, table_no(i));
        if (!t) continue;
        for (int r = 0; r < t->nrows; r++)
            for (int c = 0; c < t->ncols; c++)
                if (t->rows[r].cells[c].present && t->rows[r].cells[c].value != 0) count++;
    }
    js_fact *f = js_arena_calloc(doc->arena, count ? count : 1, sizeof *f);
    if (!f) return JS_EINTERNAL;
    size_t k = 0;
    for (int i = 0; i < NTABLES; i++) {
        int no = table_no(i);
        const js_table *t = js_doc_table(doc, no);
        if (!t) continue;
        for (int r = 0; r < t->nrows; r++) {
            const js_row *row = &t->rows[r];
            for (int c = 0; c < t->ncols; c++) {
                const js_cell *cell = &row->cells[c];
                if (!cell->present || cell->value == 0) continue;
                if (row->dup_of >= 0 && seen_before(t, r, c)) continue;
                f[k].table = js_table_id(no);
                f[k].row = row->key;
                f[k].col = t->cols[c];
                f[k].value = cell->value;
                f[k].loc = cell->loc;
                k++;
            }
        }
    }
    *out = f;
    *n = k;
    return JS_OK;
}

void js_facts_tsv_header(js_buf *out, bool with_document)
{
    js_buf_puts(out, with_document ? "document\ttable\trow\tcolumn\tvalue\n"
                                   : "table\trow\tcolumn\tvalue\n");
}

void js_facts_tsv(js_buf *out, const js_doc *doc, const char *document)
{
    js_fact *f;
    size_t n;
    if (js_facts_collect(doc, &f, &n) != JS_OK) {
        out->oom = true;
        return;
    }
    char num[40];
    for (size_t i = 0; i < n; i++) {
        /* text cells guarded against formula injection; the value is a number */
        if (document) {
            js_buf_cell(out, document);
            js_buf_putc(out, '\t');
        }
        js_buf_cell(out, f[i].table);
        js_buf_putc(out, '\t');
        js_buf_cell(out, f[i].row);
        js_buf_putc(out, '\t');
        js_buf_cell(out, f[i].col);
        js_buf_putc(out, '\t');
        js_buf_puts(out, js_amount_fmt_wan(f[i].value, num, sizeof num));
        js_buf_putc(out, '\n');
    }
}
