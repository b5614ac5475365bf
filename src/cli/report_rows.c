/*
 * report_rows.c - the rows of `juesuan report rollup|yoy` as a finance officer
 * reads the printed tables (issue #15): the 科目 name beside its code
 * (the store's key 支出:206 becomes "206 科学技术支出", 2060101 "2060101 行政运行",
 * 30101 "30101 基本工资"), and the rows in the order of the form — per table
 * the income side before the expenditure side, 合计 first, the codes in code
 * order (类, then its 款, then their 项), the fixed rows in the form's order
 * (收入:本年收入合计 … 收入:总计), table 06's 人员经费 rows before its 公用经费
 * rows, the columns in the form's printed order.
 *
 * The names come from the classification catalogue of the report's year
 * (data/catalog/classification.tsv, the edition valid for that year); a code
 * the catalogue does not know is shown alone. The order comes from the form
 * of that year (data/templates/templates.tsv). JSON keeps the store's keys and
 * order: it is for programs.
 */
#include "cli.h"
#include "juesuan/catalog.h"
#include "juesuan/store.h"
#include "juesuan/template.h"

#include <stdlib.h>
#include <string.h>

static int col_of(const js_rtable *t, const char *key)
{
    for (int c = 0; c < t->ncols; c++)
        if (t->cols[c] && strcmp(t->cols[c], key) == 0) return c;
    return -1;
}

typedef struct row_key {
    int idx; /* the row's place in the table as the store gave it (the last tie-break) */
    const char *tbl, *row, *col;
    int side;  /* 0 收入 side (and one-sided tables), 1 支出 side */
    int cls;   /* 0 合计, 1 a code, 2 a fixed row of the form, 3 any other row */
    int fixed; /* cls 2: its place among the form's fixed rows */
    int colno; /* the column's place in the form (a large number when not in it) */
} row_key;

static int cmp_rows(const void *pa, const void *pb)
{
    const row_key *a = pa, *b = pb;
    int c = strcmp(a->tbl, b->tbl);
    if (c) return c;
    if (a->side != b->side) return a->side - b->side;
    if (a->cls != b->cls) return a->cls - b->cls;
    if (a->cls == 1) c = strcmp(js_row_key_code(a->row), js_row_key_code(b->row));
    if (a->cls == 2) c = a->fixed - b->fixed;
    if (a->cls == 3) c = strcmp(a->row, b->row);
    if (c) return c;
    if (a->colno != b->colno) return a->colno - b->colno;
    c = strcmp(a->col, b->col);
    return c ? c : a->idx - b->idx;
}

static const js_tpl_table *form_table(const js_templates *tp, const char *form, const char *tbl)
{
    if (!tp || !form || strlen(tbl) != 2 || tbl[0] != '0' || tbl[1] < '1' || tbl[1] > '9')
        return NULL;
    return js_templates_table(tp, form, tbl[1] - '0');
}

static void key_of(row_key *k, const js_templates *tp, const char *form)
{
    const js_tpl_table *tt = form_table(tp, form, k->tbl);
    k->side = strncmp(k->row, "支出:", strlen("支出:")) == 0;
    /* 06 prints 人员经费 (301, 303, 人员经费合计) before 公用经费 (302, 307, 310, 399, …) */
    if (strcmp(k->tbl, "06") == 0)
        k->side = !(strncmp(k->row, "301", 3) == 0 || strncmp(k->row, "303", 3) == 0 ||
                    strcmp(k->row, "人员经费合计") == 0);
    k->cls = 3;
    k->colno = 1 << 20;
    if (strcmp(k->row, "合计") == 0)
        k->cls = 0;
    else if (js_row_key_code(k->row))
        k->cls = 1;
    for (int i = 0; tt && k->cls == 3 && i < tt->nrows; i++)
        if (strcmp(tt->rows[i].key, k->row) == 0) {
            k->cls = 2;
            k->fixed = i;
        }
    for (int i = 0; tt && i < tt->ncols; i++)
        if (strcmp(tt->cols[i].key, k->col) == 0) {
            k->colno = i;
            break;
        }
}

/* Sort t's rows by the form of year; false (t unchanged) when out of memory. */
static bool sort_rows(js_rtable *t, int ct, int cr, int cc, int year)
{
    row_key *k = calloc((size_t)t->nrows + 1, sizeof *k);
    const char ***rows = calloc((size_t)t->nrows + 1, sizeof *rows);
    if (!k || !rows) {
        free(k);
        free(rows);
        return false;
    }
    js_err err;
    js_err_clear(&err);
    js_templates *tp = js_templates_new(&err);
    const char *form = tp ? js_templates_form_for_year(tp, year) : NULL;
    for (int r = 0; r < t->nrows; r++) {
        k[r].idx = r;
        k[r].tbl = t->rows[r][ct] ? t->rows[r][ct] : "";
        k[r].row = t->rows[r][cr] ? t->rows[r][cr] : "";
        k[r].col = cc >= 0 && t->rows[r][cc] ? t->rows[r][cc] : "";
        key_of(&k[r], tp, form);
    }
    qsort(k, (size_t)t->nrows, sizeof *k, cmp_rows);
    for (int r = 0; r < t->nrows; r++)
        rows[r] = t->rows[k[r].idx];
    memcpy(t->rows, rows, (size_t)t->nrows * sizeof *rows);
    js_templates_free(tp);
    free(rows);
    free(k);
    return true;
}

void cli_report_rows(js_rtable *t, int year)
{
    int ct = t ? col_of(t, "table") : -1, cr = t ? col_of(t, "row") : -1;
    if (ct < 0 || cr < 0 || t->nrows == 0) return;
    sort_rows(t, ct, cr, col_of(t, "column"), year);
    js_err err;
    js_err_clear(&err);
    js_catalog *cat = js_catalog_new(&err);
    if (!cat) return;
    for (int r = 0; r < t->nrows; r++) {
        const char *code = t->rows[r][cr] ? js_row_key_code(t->rows[r][cr]) : NULL;
        if (!code) continue;
        const js_class_entry *e = js_catalog_find_code(cat, year, code);
        const char *shown = e ? js_arena_printf(t->arena, "%s %s", code, e->name) : code;
        if (shown) t->rows[r][cr] = shown;
    }
    js_catalog_free(cat);
}
