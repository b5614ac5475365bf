/*
 * report_xlsx.c - the findings of a batch of documents as an XLSX workbook
 * (libxlsxwriter) that reads in Excel or WPS without adjusting anything
 * (issue #15.3):
 *
 *   汇总      one row per document: 部门, 年度, the counts, a link to its first
 *             finding in 审核结果, the file; a 合计 row under the table
 *   审核结果  one row per finding: the document's number, 部门 and 年度 on every
 *             row (so a filter keeps them), 级别, 规则, 表/部分, 位置, 表中, 应为
 *             (numbers as numbers, percentages as percentages), 问题, 原文 (the
 *             source line), 由第几条引起, 已接受, 文件
 *   规则统计  one row per rule: 级别, 说明, 条数, 涉及文件, 已接受
 *
 * Every sheet: a bold shaded header row frozen at the top, an autofilter over
 * the table, column widths set for Chinese text, long texts wrapped, A4
 * landscape fitted to the page width with the header repeated on each page.
 */
#include "check/report_impl.h"
#include "render/render_impl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#define MAX_ROWS 1048575 /* an XLSX sheet holds 1,048,576 rows with the header */
#define MAX_LINKS 65000  /* hyperlinks per sheet */

typedef struct xfmts {
    lxw_format *head, *text, *wrap, *num, *pct, *link, *total, *sev[4];
} xfmts;

static lxw_format *base_fmt(lxw_workbook *wb)
{
    lxw_format *f = workbook_add_format(wb);
    format_set_font_name(f, "宋体");
    format_set_font_size(f, 10);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    return f;
}

static void make_fmts(lxw_workbook *wb, xfmts *x)
{
    x->head = base_fmt(wb);
    format_set_bold(x->head);
    format_set_bg_color(x->head, 0xDDEBF7);
    format_set_border(x->head, LXW_BORDER_THIN);
    format_set_text_wrap(x->head);
    format_set_align(x->head, LXW_ALIGN_CENTER);
    format_set_align(x->head, LXW_ALIGN_VERTICAL_CENTER);
    x->text = base_fmt(wb);
    x->wrap = base_fmt(wb);
    format_set_text_wrap(x->wrap);
    x->num = base_fmt(wb);
    format_set_num_format(x->num, "#,##0.00");
    x->pct = base_fmt(wb);
    format_set_num_format(x->pct, "0.00%");
    x->link = base_fmt(wb);
    format_set_font_color(x->link, LXW_COLOR_BLUE);
    format_set_underline(x->link, LXW_UNDERLINE_SINGLE);
    x->total = base_fmt(wb);
    format_set_bold(x->total);
    format_set_top(x->total, LXW_BORDER_THIN);
    static const lxw_color_t colors[4] = {0x7F8C8D, 0xB9770E, 0xC0392B, 0x95A5A6};
    for (int i = 0; i < 4; i++) {
        x->sev[i] = base_fmt(wb);
        format_set_font_color(x->sev[i], colors[i]);
        format_set_bold(x->sev[i]);
    }
}

typedef struct col {
    const char *name;
    double width;
} col;

static void header(lxw_worksheet *ws, const xfmts *x, const col *cols, int n, int nrows)
{
    for (int c = 0; c < n; c++) {
        worksheet_write_string(ws, 0, (lxw_col_t)c, cols[c].name, x->head);
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, cols[c].width, NULL);
    }
    worksheet_set_row(ws, 0, 20, NULL);
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)(nrows > 0 ? nrows : 1), (lxw_col_t)(n - 1));
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_repeat_rows(ws, 0, 0);
}

static void put_str(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
    if (s && *s) worksheet_write_string(ws, r, c, s, f);
}

/* A stated or expected value: an amount as a number, a percentage as a
 * percentage, anything else as the text it is. The double is the printed
 * figure for display; nothing is summed. */
static void put_value(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, const xfmts *x)
{
    if (!s || !*s) return;
    js_num n;
    size_t len = strlen(s);
    bool pct = js_pct_parse(s, len, &n) == JS_NUM_VALUE;
    if (pct || js_num_parse(s, len, &n) == JS_NUM_VALUE) {
        double v = (double)n.mant;
        for (int k = 0; k < n.dec; k++)
            v /= 10.0;
        worksheet_write_number(ws, r, c, pct ? v / 100.0 : v, pct ? x->pct : x->num);
        return;
    }
    worksheet_write_string(ws, r, c, s, x->text);
}

static const char *sev_zh(int severity, bool rounding)
{
    return severity == JS_SEV_ERROR     ? "错误"
           : severity == JS_SEV_WARNING ? "警告"
           : rounding                   ? "尾数"
                                        : "提示";
}

static lxw_format *sev_fmt(const xfmts *x, int severity, bool rounding)
{
    return severity == JS_SEV_NOTICE && rounding ? x->sev[3] : x->sev[severity & 3];
}

static void sheet_summary(lxw_workbook *wb, const xfmts *x, const js_batch *b)
{
    static const col cols[] = {{"序号", 6},      {"部门", 34}, {"年度", 7},     {"错误", 7},
                               {"警告", 7},      {"提示", 7},  {"其中尾数", 9}, {"已接受", 8},
                               {"审核结果", 14}, {"文件", 48}};
    lxw_worksheet *ws = workbook_add_worksheet(wb, "汇总");
    if (!ws) return;
    header(ws, x, cols, 10, b->ndocs);
    double t[5] = {0};
    for (int i = 0; i < b->ndocs; i++) {
        const js_batch_doc *d = &b->docs[i];
        lxw_row_t r = (lxw_row_t)(i + 1);
        worksheet_write_number(ws, r, 0, i + 1, x->text);
        put_str(ws, r, 1, *d->dept ? d->dept : "（未识别部门）", x->text);
        if (d->year) worksheet_write_number(ws, r, 2, d->year, x->text);
        int v[5] = {d->errors, d->warnings, d->notices, d->rounding, d->accepted};
        for (int k = 0; k < 5; k++) {
            worksheet_write_number(ws, r, (lxw_col_t)(3 + k), v[k],
                                   k == 0 && v[k] ? x->sev[JS_SEV_ERROR] : x->text);
            t[k] += v[k];
        }
        if (d->nrows > 0 && i < MAX_LINKS && d->first_row + 1 < MAX_ROWS) {
            char url[64], label[48];
            snprintf(url, sizeof url, "internal:'审核结果'!A%d", d->first_row + 2);
            snprintf(label, sizeof label, "查看 %d 条", d->nrows);
            worksheet_write_url_opt(ws, r, 8, url, x->link, label, NULL);
        } else {
            worksheet_write_string(ws, r, 8, d->nrows ? "见审核结果" : "未发现问题", x->text);
        }
        put_str(ws, r, 9, d->path, x->text);
    }
    lxw_row_t r = (lxw_row_t)(b->ndocs + 1);
    char label[48];
    snprintf(label, sizeof label, "合计（%d 份）", b->ndocs);
    worksheet_write_string(ws, r, 1, label, x->total);
    for (int k = 0; k < 5; k++)
        worksheet_write_number(ws, r, (lxw_col_t)(3 + k), t[k], x->total);
}

static const col FINDING_COLS[] = {
    {"序号", 6},  {"部门", 26},    {"年度", 7},         {"编号", 6},    {"级别", 6},
    {"规则", 15}, {"表/部分", 30}, {"位置", 10},        {"表中", 12},   {"应为", 12},
    {"问题", 60}, {"原文", 50},    {"由第几条引起", 8}, {"已接受", 20}, {"文件", 40}};
enum { NFCOLS = sizeof FINDING_COLS / sizeof FINDING_COLS[0] };

static void finding_row(lxw_worksheet *ws, const xfmts *x, const js_batch *b, const js_batch_row *f,
                        lxw_row_t r)
{
    const js_batch_doc *d = &b->docs[f->doc];
    worksheet_write_number(ws, r, 0, f->doc + 1, x->text);
    put_str(ws, r, 1, d->dept, x->text);
    if (d->year) worksheet_write_number(ws, r, 2, d->year, x->text);
    worksheet_write_number(ws, r, 3, f->id, x->text);
    worksheet_write_string(ws, r, 4, sev_zh(f->severity, f->rounding),
                           sev_fmt(x, f->severity, f->rounding));
    put_str(ws, r, 5, f->rule, x->text);
    put_str(ws, r, 6, f->group, x->wrap);
    put_str(ws, r, 7, f->place, x->text);
    put_value(ws, r, 8, f->stated, x);
    put_value(ws, r, 9, f->expected, x);
    put_str(ws, r, 10, f->message, x->wrap);
    put_str(ws, r, 11, f->source, x->wrap);
    if (f->cause > 0) worksheet_write_number(ws, r, 12, f->cause, x->text);
    put_str(ws, r, 13, f->accepted, x->wrap);
    put_str(ws, r, 14, d->path, x->text);
}

static void sheet_findings(lxw_workbook *wb, const xfmts *x, const js_batch *b)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "审核结果");
    if (!ws) return;
    header(ws, x, FINDING_COLS, NFCOLS, b->nrows);
    worksheet_freeze_panes(ws, 1, 3); /* the document stays in view */
    for (int i = 0; i < b->nrows; i++)
        finding_row(ws, x, b, &b->rows[i], (lxw_row_t)(i + 1));
}

static void sheet_rules(lxw_workbook *wb, const xfmts *x, const js_batch *b)
{
    static const col cols[] = {{"规则", 16}, {"级别", 7},     {"说明", 70},
                               {"条数", 8},  {"涉及文件", 9}, {"已接受", 8}};
    lxw_worksheet *ws = workbook_add_worksheet(wb, "规则统计");
    const js_batch_rule **v = js_batch_rules_sorted(b);
    if (!ws || !v) {
        free(v);
        return;
    }
    header(ws, x, cols, 6, b->nrules);
    for (int i = 0; i < b->nrules; i++) {
        lxw_row_t r = (lxw_row_t)(i + 1);
        bool rounding = strcmp(v[i]->kind, "rounding") == 0;
        const js_rule *rule = js_rule_find(v[i]->rule);
        put_str(ws, r, 0, v[i]->rule, x->text);
        worksheet_write_string(ws, r, 1, sev_zh(v[i]->severity, rounding),
                               sev_fmt(x, v[i]->severity, rounding));
        put_str(ws, r, 2, rule ? rule->summary : "", x->wrap);
        worksheet_write_number(ws, r, 3, v[i]->n, x->text);
        worksheet_write_number(ws, r, 4, v[i]->docs, x->text);
        worksheet_write_number(ws, r, 5, v[i]->accepted, x->text);
    }
    free(v);
}

static int write_book(const js_batch *b, const char *path, js_err *err)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb) return js_err_set(err, JS_EINTERNAL, "%s: cannot create the workbook", path);
    xfmts x;
    make_fmts(wb, &x);
    sheet_summary(wb, &x, b);
    sheet_findings(wb, &x, b);
    sheet_rules(wb, &x, b);
    lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR)
        return js_err_set(err, JS_EINTERNAL, "%s: writing the workbook failed: %s", path,
                          lxw_strerror(e));
    return JS_OK;
}

int js_batch_xlsx(const js_batch *b, const char *path, js_err *err)
{
    if (b->nrows > MAX_ROWS - 1)
        return js_err_set(err, JS_EUSAGE,
                          "more than %d findings: too many for one XLSX sheet; use --format tsv",
                          MAX_ROWS - 1);
    char tmp[4096];
    int rc = js_tmp_for(path, tmp, sizeof tmp, err);
    if (rc != JS_OK) return rc;
    rc = write_book(b, tmp, err);
    return js_tmp_done(rc, tmp, path, err);
}
