/*
 * cmd_report.c - juesuan report: roll-up (汇总), rankings and year on year
 * over the database that `juesuan db load` filled (issue #7). The analyses
 * are in the library (src/lib/store/report.c); this file parses options and
 * prints their tables as aligned text, CSV, JSON, XLSX or an HTML page with
 * charts (report_html.c).
 */
#include "cli.h"
#include "juesuan/store.h"
#include "report_html.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct rep_opts {
    const char *db, *format, *out, *region, *dept_prefix, *metric, *dept, *years, *sub, *kind;
    int year, top;
} rep_opts;

static const cli_opt REPORT_OPTS[] = {
    {"db", 0, CLI_STR, CLI_AT(rep_opts, db), "PATH", NULL,
     N_("the database (default $JUESUAN_DB, else juesuan.db here)")},
    {"format", 'f', CLI_CHOICE, CLI_AT(rep_opts, format), "FMT", "text|csv|json|xlsx|html",
     N_("text (default), csv, json or html (a page with charts; to -o FILE or standard "
        "output) or xlsx (-o FILE required)")},
    {"output", 'o', CLI_STR, CLI_AT(rep_opts, out), "FILE", NULL, N_("write to FILE")},
    {"year", 0, CLI_INT, CLI_AT(rep_opts, year), "Y", "1900..2999",
     N_("rollup, rank, execution: the year")},
    {"region", 0, CLI_STR, CLI_AT(rep_opts, region), "R", NULL,
     N_("rollup: the units of region R")},
    {"dept-prefix", 0, CLI_STR, CLI_AT(rep_opts, dept_prefix), "P", NULL,
     N_("rollup: the units whose name starts with P")},
    {"metric", 0, CLI_STR, CLI_AT(rep_opts, metric), "M", NULL,
     N_("rank: 三公经费决算, 机关运行经费, 人员经费占比 or findings (审核结果)")},
    {"top", 0, CLI_INT, CLI_AT(rep_opts, top), "N", "0..100000000",
     N_("rank: the first N (default 20, 0 = all)")},
    {"dept", 0, CLI_STR, CLI_AT(rep_opts, dept), "NAME", NULL,
     N_("yoy, execution: the department")},
    {"years", 0, CLI_STR, CLI_AT(rep_opts, years), "Y1,Y2", NULL, N_("yoy: the two years")},
    {"kind", 0, CLI_CHOICE, CLI_AT(rep_opts, kind), "K", "决算|预算|final|budget",
     N_("rollup, rank, yoy: final accounts (决算, default) or budgets (预算); never both")},
    {NULL, 0, 0, 0, NULL, NULL, NULL},
};

const cli_cmd cli_cmd_report = {
    "report",
    cmd_report,
    N_("roll-up, rankings and year-on-year reports over the database"),
    N_("[--db=PATH] rollup --year=Y [--region=R | --dept-prefix=P]\n"
       "[--db=PATH] rank --metric=M [--year=Y] [--top=N]\n"
       "[--db=PATH] yoy --dept=NAME --years=Y1,Y2\n"
       "[--db=PATH] execution --dept=NAME --year=Y"),
    N_("Reports over the database that 'juesuan db load' filled (--db PATH, else\n"
       "$JUESUAN_DB, else juesuan.db). Where a department has several documents for a\n"
       "year, the one loaded last counts.\n\n"
       "  rollup  汇总: every fact summed over the units of year Y (of region R, or whose\n"
       "          dept starts with P), per table, row and column; then a check of the\n"
       "          rolled-up tables: 01 收入总计 = 支出总计, 本年收入合计 = Σ 收入各项,\n"
       "          02/03 合计 = Σ 各类 = 01, 05 小计 = 基本 + 项目, 06 人员 + 公用 = 05 基本,\n"
       "          07 合计 = 出国 + 车 + 接待, …, each with both sides and the difference.\n"
       "  rank    documents ranked by M, largest first: 三公经费决算 (07 决算合计),\n"
       "          机关运行经费 (as the narrative states it, else 06 公用经费合计),\n"
       "          人员经费占比 (06 人员经费合计 / (人员 + 公用)), findings (errors,\n"
       "          then warnings; checked documents only).\n"
       "  yoy     one department's two years side by side: every fact, the change and the\n"
       "          percentage change (exact, two decimals); a missing fact counts as 0.\n"
       "          With --kind 预算 and consecutive years, the 三公 statements of the later\n"
       "          budget (比上年预算增加/减少 X, 与上年持平) against the two budgets' tables.\n"
       "  execution  预算执行: the department's budget (部门预算公开) against its final\n"
       "          accounts (部门决算公开) of year Y: expenditure by 功能分类 类 (预算, 决算,\n"
       "          difference, 完成率 = 决算 / 预算, 基本/项目 where both split them) and\n"
       "          each 三公 item (预算, the 年初预算 table 07 prints and whether it equals\n"
       "          the budget, 决算, 完成率), 会议费/培训费, 机关运行经费.\n\n"
       "Amounts in 万元. --format html writes one page: the charts (Apache ECharts, inline:\n"
       "the file opens offline) drawn from the cells of the tables below them."),
    REPORT_OPTS,
    "juesuan report rank --metric 三公经费决算 --year 2020 --top 10",
};

static int report_err(const js_err *err)
{
    fprintf(stderr, "juesuan report: %s\n", err->msg[0] ? err->msg : _("failed"));
    return err->status == JS_EUSAGE   ? EXIT_USAGE
           : err->status == JS_EINPUT ? EXIT_INPUT
                                      : EXIT_INTERNAL;
}

static bool parse_int(const char *s, int lo, int hi, int *out)
{
    char *end = NULL;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < lo || v > hi) return false;
    *out = (int)v;
    return true;
}

/* Print t in the format asked: text to stdout, CSV, JSON or HTML to stdout or -o, XLSX to -o. */
static int emit(const rep_opts *o, int year, js_rtable *t, js_rtable *extra)
{
    const char *fmt = o->format ? o->format : "text";
    bool html = strcmp(fmt, "html") == 0;
    if (strcmp(fmt, "json") != 0) { /* names beside codes, rows in the form's order */
        cli_report_rows(t, year);
        cli_report_rows(extra, year);
    }
    if (strcmp(fmt, "json") != 0 && !html) { /* column names in the interface's language */
        cli_rtable_labels(t);
        cli_rtable_labels(extra);
    }
    js_err err;
    js_err_clear(&err);
    if (strcmp(fmt, "xlsx") == 0) {
        /* the table, and the roll-up's identity checks on a sheet of their own */
        const js_rtable *ts[2] = {t, extra && extra->ncols ? extra : NULL};
        if (js_rtables_xlsx(ts, 2, o->out, &err) != JS_OK) return report_err(&err);
        return EXIT_OK;
    }
    js_buf b;
    js_buf_init(&b);
    bool csv = strcmp(fmt, "csv") == 0;
    if (csv) cli_csv_bom(&b);
    if (html) {
        const char *metric = o->metric ? o->metric : "";
        int hrc = cli_report_html(o->sub, metric, o->year, t, extra, &b);
        if (hrc != EXIT_OK) {
            js_buf_release(&b);
            fprintf(stderr, "juesuan report: %s\n", _("out of memory"));
            return hrc;
        }
    } else if (strcmp(fmt, "json") == 0) {
        /* every table of the report: {"tables": [ … ]} */
        js_buf_puts(&b, "{\"tables\": [\n");
        int jrc = js_rtable_json(t, &b, &err);
        if (jrc == JS_OK && extra) {
            js_buf_puts(&b, ",\n");
            jrc = js_rtable_json(extra, &b, &err);
        }
        js_buf_puts(&b, "\n]}\n");
        if (jrc != JS_OK) {
            js_buf_release(&b);
            return report_err(&err);
        }
    } else if (csv) {
        js_rtable_csv(t, &b);
        if (extra) { /* a second table after an empty line */
            js_buf_puts(&b, "\r\n");
            js_rtable_csv(extra, &b);
        }
    } else {
        js_rtable_text(t, &b);
        if (extra) {
            js_buf_putc(&b, '\n');
            js_rtable_text(extra, &b);
        }
    }
    int rc = EXIT_OK;
    if (o->out) {
        FILE *f = fopen(o->out, "wb");
        if (!f || fwrite(b.data ? b.data : "", 1, b.len, f) != b.len) rc = EXIT_INTERNAL;
        if (f && fclose(f) != 0) rc = EXIT_INTERNAL;
        if (rc != EXIT_OK) fprintf(stderr, "juesuan report: %s: %s\n", o->out, _("cannot write"));
    } else {
        rc = cli_write_stdout(&b);
    }
    js_buf_release(&b);
    return rc;
}

static int do_rollup(js_store *s, const rep_opts *o)
{
    if (!o->year) return cli_usage("report", _("rollup needs --year"));
    if (o->region && o->dept_prefix)
        return cli_usage("report", _("rollup takes --region or --dept-prefix, not both"));
    js_rollup_opts ro = {o->year, o->region, o->dept_prefix, o->kind, false};
    js_rtable sums = {0}, checks = {0};
    js_err err;
    js_err_clear(&err);
    int nfail = 0;
    int rc = js_report_rollup(s, &ro, &sums, &checks, &nfail, &err);
    if (rc != JS_OK) {
        rc = report_err(&err);
    } else {
        bool text = !o->format || strcmp(o->format, "text") == 0;
        bool both = text || !strcmp(o->format, "json") || !strcmp(o->format, "html") ||
                    !strcmp(o->format, "xlsx"); /* XLSX: the checks on a sheet of their own */
        if (!both) {
            /* CSV carries the sums; the checks go to stderr */
            js_buf b;
            js_buf_init(&b);
            cli_rtable_labels(&checks); /* column names and 相符/不符 in the user's language */
            js_rtable_text(&checks, &b);
            fputs(b.data ? b.data : "", stderr);
            js_buf_release(&b);
        }
        rc = emit(o, o->year, &sums, both ? &checks : NULL);
    }
    js_rtable_release(&sums);
    js_rtable_release(&checks);
    return rc;
}

static int do_rank(js_store *s, const rep_opts *o)
{
    if (!o->metric) return cli_usage("report", _("rank needs --metric"));
    rep_opts ro = *o; /* 审核结果 is findings; shown so in a Chinese page and title */
    if (!strcmp(ro.metric, "审核结果") || !strcmp(ro.metric, "审核意见")) ro.metric = "findings";
    int m = js_metric_parse(ro.metric);
    if (m < 0)
        return cli_usage("report",
                         _("unknown metric %s (三公经费决算, 机关运行经费, 人员经费占比, "
                           "findings)"),
                         o->metric);
    js_rtable t = {0};
    js_err err;
    js_err_clear(&err);
    int rc = js_report_rank_kind(s, m, o->year, o->top, o->kind, &t, &err);
    if (rc == JS_OK && m == JS_METRIC_FINDINGS && !cli_english()) {
        ro.metric = "审核结果";
        const char *at = t.title ? strstr(t.title, "findings") : NULL;
        if (at)
            t.title = js_arena_printf(t.arena, "%.*s审核结果%s", (int)(at - t.title), t.title,
                                      at + strlen("findings"));
    }
    rc = rc == JS_OK ? emit(&ro, o->year, &t, NULL) : report_err(&err);
    js_rtable_release(&t);
    return rc;
}

static int do_execution(js_store *s, const rep_opts *o)
{
    if (!o->dept || !o->year) return cli_usage("report", _("execution needs --dept and --year"));
    js_rtable classes = {0}, sangong = {0};
    js_err err;
    js_err_clear(&err);
    int rc = js_report_execution(s, o->dept, o->year, &classes, &sangong, &err);
    if (rc != JS_OK)
        rc = report_err(&err);
    else if (o->format && strcmp(o->format, "xlsx") == 0)
        rc = cli_usage("report", _("execution writes text, csv, json or html"));
    else
        rc = emit(o, o->year, &classes, &sangong);
    js_rtable_release(&classes);
    js_rtable_release(&sangong);
    return rc;
}

static int do_yoy(js_store *s, const rep_opts *o)
{
    if (!o->dept || !o->years) return cli_usage("report", _("yoy needs --dept and --years Y1,Y2"));
    const char *comma = strchr(o->years, ',');
    char y1s[16];
    int y1 = 0, y2 = 0;
    size_t n = comma ? (size_t)(comma - o->years) : 0;
    if (!comma || n == 0 || n >= sizeof y1s)
        return cli_usage("report", _("--years wants two years: Y1,Y2"));
    memcpy(y1s, o->years, n);
    y1s[n] = '\0';
    if (!parse_int(y1s, 1900, 2999, &y1) || !parse_int(comma + 1, 1900, 2999, &y2))
        return cli_usage("report", _("--years wants two years: Y1,Y2"));
    js_rtable t = {0};
    js_err err;
    js_err_clear(&err);
    int rc = js_report_yoy_kind(s, o->dept, y1, y2, o->kind, &t, &err);
    /* two budgets of consecutive years: their 三公 "比上年预算增减" statements too */
    js_rtable ch = {0};
    bool changes = rc == JS_OK && o->kind && !strcmp(o->kind, "预算") && y2 == y1 + 1;
    if (changes) rc = js_report_budget_changes(s, o->dept, y2, &ch, &err);
    rc = rc == JS_OK ? emit(o, y2, &t, changes ? &ch : NULL) : report_err(&err);
    js_rtable_release(&t);
    js_rtable_release(&ch);
    return rc;
}

int cmd_report(int argc, char **argv)
{
    rep_opts o;
    memset(&o, 0, sizeof o);
    o.top = 20;
    cli_args a;
    int prc = cli_parse(&cli_cmd_report, argc, argv, &o, &a);
    if (prc == CLI_GO && a.n == 0)
        prc = cli_usage("report", _("no report named (rollup, rank, yoy, execution)"));
    if (prc == CLI_GO && a.n > 1) prc = cli_usage("report", _("unexpected argument %s"), a.v[1]);
    if (prc == CLI_GO) o.sub = a.v[0];
    cli_args_release(&cli_cmd_report, &o, &a);
    if (prc != CLI_GO) return prc;
    if (o.format && strcmp(o.format, "xlsx") == 0 && !o.out)
        return cli_usage("report", _("--format xlsx needs -o FILE"));
    if (strcmp(o.sub, "rollup") && strcmp(o.sub, "rank") && strcmp(o.sub, "yoy") &&
        strcmp(o.sub, "execution"))
        return cli_usage("report", _("unknown report %s (rollup, rank, yoy, execution)"), o.sub);
    if (o.kind && !strcmp(o.kind, "final")) o.kind = "决算";
    if (o.kind && !strcmp(o.kind, "budget")) o.kind = "预算";
    if (!o.db) o.db = getenv("JUESUAN_DB");
    if (!o.db || !*o.db) o.db = "juesuan.db";
    if (access(o.db, F_OK) != 0 && !strstr(o.db, "://")) {
        fprintf(stderr, "juesuan report: %s: %s\n", o.db,
                _("no such database (load one with 'juesuan db load')"));
        return EXIT_INPUT;
    }
    js_store *s = NULL;
    js_err err;
    js_err_clear(&err);
    if (js_store_open_flags(o.db, JS_STORE_READONLY, &s, &err) != JS_OK) return report_err(&err);
    int rc = strcmp(o.sub, "rollup") == 0      ? do_rollup(s, &o)
             : strcmp(o.sub, "rank") == 0      ? do_rank(s, &o)
             : strcmp(o.sub, "execution") == 0 ? do_execution(s, &o)
                                               : do_yoy(s, &o);
    js_store_close(s);
    return rc;
}
