/*
 * report_html.h - the HTML page of `juesuan report` with its charts (report_html.c).
 */
#ifndef JUESUAN_CLI_REPORT_HTML_H
#define JUESUAN_CLI_REPORT_HTML_H

#include "juesuan/base.h"

struct js_rtable;

/* The page of report sub ("rollup", "rank", "yoy", "execution"): the charts
 * drawn from t's cells (ECharts inline), then t and extra (may be NULL),
 * their column names translated here (cli_rtable_labels). metric and year:
 * what rank ranked (year 0: every year), the year a roll-up is of. */
int cli_report_html(const char *sub, const char *metric, int year, struct js_rtable *t,
                    struct js_rtable *extra, js_buf *out);

#endif
