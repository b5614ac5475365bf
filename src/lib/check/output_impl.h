/*
 * output_impl.h - what the report writers of check share (internal to
 * libjuesuan): the grouping of findings by table and section, the source line
 * of a finding, the roots findings follow from, Chinese severity names.
 * output.c (JSON, TSV, text), report_html.c (HTML, one document or a batch),
 * report_xlsx.c (the batch workbook).
 */
#ifndef JUESUAN_OUTPUT_IMPL_H
#define JUESUAN_OUTPUT_IMPL_H

#include "juesuan/juesuan.h"

/* Group of a finding: 0 document, 1..9 tables, 10 P1, 11 P2, 12 情况说明, 13 附件. */
enum { JS_GROUPS = 14 };
int js_out_group(const js_finding *x);
/* Append the Chinese title of group g ("公开03表 一般公共预算财政拨款收入支出决算表"). */
void js_out_group_title(js_buf *b, int g);
/* The source line of x (doc->lines), or NULL. */
const char *js_out_source(const js_doc *doc, const js_finding *x);
/* Which items follow from which (a finding's `cause`, shown folded under its root): for n
 * items whose id and cause are the ints at ids and causes, stride bytes apart (members of
 * an array of structs), root[i] is the index of the item i follows from (the first other
 * item with i's cause as its id) or -1 for a root, and head[r], then next[…], the items
 * that follow from r in order (-1 ends). Linear in n; false when out of memory. The text
 * report (output.c) and the HTML one (report_html.c) share it. */
typedef struct js_out_links {
    int *root, *head, *next;
} js_out_links;
bool js_out_links_make(int n, const int *ids, const int *causes, size_t stride, js_out_links *l);
void js_out_links_free(js_out_links *l);
/* Is x a 尾数 (rounding) finding? */
bool js_out_rounding(const js_finding *x);
/* 错误, 警告, 尾数 or 提示. */
const char *js_out_severity_zh(const js_finding *x);
/* Append where x is: "Sheet!D12", "第5页" or "第120行" (nothing when unknown). */
void js_out_place(js_buf *b, const js_finding *x);

#endif
