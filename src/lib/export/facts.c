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

/* One fact's line, its text cells guarded against formula injection (js_buf_cell) and
 * the value in 万元: put together on the stack and appended at once, or piece by piece
 * when it is longer than that. */
static void fact_line(js_buf *out, const char *document, const js_fact *f)
{
    const char *cell[4] = {document, f->table, f->row, f->col};
    size_t len[4], total = 0;
    for (int i = 0; i < 4; i++) {
        len[i] = cell[i] ? strlen(cell[i]) : 0;
        total += len[i] + 2; /* a quote mark and a tab at most */
    }
    char line[512];
    if (total > sizeof line - 48) {
        for (int i = document ? 0 : 1; i < 4; i++) {
            js_buf_cell(out, cell[i]);
            js_buf_putc(out, '\t');
        }
        char num[40];
        js_buf_puts(out, js_amount_fmt_wan(f->value, num, sizeof num));
        js_buf_putc(out, '\n');
        return;
    }
    char *p = line;
    for (int i = document ? 0 : 1; i < 4; i++) {
        if (cell[i] && js_cell_is_formula(cell[i])) *p++ = '\'';
        memcpy(p, cell[i] ? cell[i] : "", len[i]);
        p += len[i];
        *p++ = '\t';
    }
    js_amount_fmt_wan(f->value, p, 40);
    p += strlen(p);
    *p++ = '\n';
    js_buf_append(out, line, (size_t)(p - line));
}

void js_facts_tsv(js_buf *out, const js_doc *doc, const char *document)
{
    js_fact *f;
    size_t n;
    if (js_facts_collect(doc, &f, &n) != JS_OK) {
        out->oom = true;
        return;
    }
    for (size_t i = 0; i < n; i++)
        fact_line(out, document, &f[i]);
}
