/*
 * report_html.c - `juesuan report … --format html` (issue #15.7): one HTML
 * page with the report's tables and, above them, charts drawn by Apache
 * ECharts: the composition of income and spending (rollup), the ranking
 * (rank: 三公 by department, …), the two years side by side (yoy) and
 * budget against final accounts by 类 (execution).
 *
 * The page opens offline: ECharts (compiled into the library from
 * web/node_modules, js_web_echarts) is embedded inline, and the charts'
 * data are a JSON block made here from the same table cells the page
 * prints, each point naming the table row it comes from (table, row,
 * column; rank: the 名次), so a test can compare a chart with its table.
 * Built without ECharts, the page has the tables only and says so.
 */
#include "cli.h"
#include "juesuan/serve.h"
#include "juesuan/store.h"
#include "report_html.h"

#include <stdlib.h>
#include <string.h>

/* ---- escaping ---------------------------------------------------------------- */

static void html_text(js_buf *b, const char *s)
{
    js_buf_html(b, s);
}

/* A JSON string that is also safe inside <script>: <, >, & and the line
 * separators U+2028/2029 as \u escapes. */
static void json_str(js_buf *b, const char *s)
{
    js_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\') {
            js_buf_putc(b, '\\');
            js_buf_putc(b, (char)*p);
        } else if (*p < 0x20 || *p == '<' || *p == '>' || *p == '&') {
            js_buf_printf(b, "\\u%04x", *p);
        } else if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
            js_buf_printf(b, "\\u%04x", p[2] == 0xA8 ? 0x2028 : 0x2029);
            p += 2;
        } else {
            js_buf_putc(b, (char)*p);
        }
    }
    js_buf_putc(b, '"');
}

/* The cell as a JSON number: a plain decimal ("5662.38", "-0.01", "85.20%"
 * without its %), written as printed; false for anything else. */
static bool json_num(js_buf *b, const char *s)
{
    if (!s || !*s) return false;
    const char *p = s;
    if (*p == '-') p++;
    if (*p < '0' || *p > '9') return false;
    size_t digits = strspn(p, "0123456789");
    const char *q = p + digits;
    if (*q == '.') q += 1 + strspn(q + 1, "0123456789");
    if (*q == '%') q++;
    if (*q) return false;
    /* JSON numbers have no leading zeros ("007") nor a bare "5." */
    size_t n = (size_t)(q - s) - (q[-1] == '%');
    if (digits > 1 && *p == '0') return false;
    if (s[n - 1] == '.') return false;
    js_buf_append(b, s, n);
    return true;
}

static int col_of(const js_rtable *t, const char *key)
{
    for (int c = 0; t && c < t->ncols; c++)
        if (t->cols[c] && strcmp(t->cols[c], key) == 0) return c;
    return -1;
}

static const char *cell(const js_rtable *t, int r, int c)
{
    return c >= 0 && c < t->ncols && t->rows[r][c] ? t->rows[r][c] : "";
}

/* ---- chart data ---------------------------------------------------------------- */

typedef struct charts {
    js_buf b;
    int n;    /* charts written */
    int npts; /* points of the chart being written */
} charts;

static void chart_begin(charts *ch, const char *id, const char *type, const char *title,
                        const char *unit)
{
    js_buf_puts(&ch->b, ch->n ? ",\n" : "");
    js_buf_puts(&ch->b, "{\"id\":");
    json_str(&ch->b, id);
    js_buf_puts(&ch->b, ",\"type\":");
    json_str(&ch->b, type);
    js_buf_puts(&ch->b, ",\"title\":");
    json_str(&ch->b, title);
    js_buf_puts(&ch->b, ",\"unit\":");
    json_str(&ch->b, unit);
    ch->n++;
    ch->npts = 0;
}

/* The series' names (bar charts with several series). */
static void chart_series(charts *ch, int n, const char *const *names)
{
    js_buf_puts(&ch->b, ",\"series\":[");
    for (int i = 0; i < n; i++) {
        if (i) js_buf_putc(&ch->b, ',');
        json_str(&ch->b, names[i]);
    }
    js_buf_puts(&ch->b, "],\"points\":[");
}

/* One point: its name, a value per series (cells of the table as printed),
 * and where it comes from. Skipped (false) when a value is not a number. */
static bool chart_point(charts *ch, const char *name, int nv, const char *const *vals,
                        const char *src_key, const char *src_val)
{
    size_t mark = ch->b.len;
    js_buf_puts(&ch->b, ch->npts ? ",\n {\"name\":" : "\n {\"name\":");
    json_str(&ch->b, name);
    js_buf_puts(&ch->b, ",\"values\":[");
    for (int i = 0; i < nv; i++) {
        if (i) js_buf_putc(&ch->b, ',');
        if (!json_num(&ch->b, vals[i])) {
            ch->b.len = mark;
            return false;
        }
    }
    js_buf_puts(&ch->b, "],\"src\":{");
    json_str(&ch->b, src_key);
    js_buf_putc(&ch->b, ':');
    json_str(&ch->b, src_val);
    js_buf_puts(&ch->b, "}}");
    ch->npts++;
    return true;
}

static void chart_end(charts *ch)
{
    js_buf_puts(&ch->b, "]}");
}

static bool positive(const char *s)
{
    return s && *s && *s != '-' && strtod(s, NULL) > 0;
}

/* A row of table 01's expenditure side by 功能分类 类, as the report shows it
 * (report_rows.c: "206 科学技术支出", or "206" when the catalogue lacks the name). */
static bool class_row(const char *row)
{
    return strspn(row, "0123456789") == 3 && (row[3] == ' ' || row[3] == '\0');
}

/* rollup: 01's income items and its spending by 类 (the rows named by report_rows.c). */
static void rollup_charts(charts *ch, const js_rtable *t)
{
    int ct = col_of(t, "table"), cr = col_of(t, "row"), cc = col_of(t, "column"),
        cv = col_of(t, "万元");
    if (ct < 0 || cr < 0 || cc < 0 || cv < 0) return;
    /* the column of 01's amounts (whatever key the form gives it): the one 本年收入合计 is
     * printed in, else the first of 01 */
    const char *col01 = NULL;
    for (int r = 0; r < t->nrows; r++) {
        if (strcmp(cell(t, r, ct), "01") != 0) continue;
        if (!col01 || !strcmp(cell(t, r, cr), "收入:本年收入合计")) col01 = cell(t, r, cc);
    }
    if (!col01) col01 = ""; /* no 01: the charts drawn empty */
    for (int pass = 0; pass < 2; pass++) {
        bool income = pass == 0;
        chart_begin(ch, income ? "chart-income" : "chart-spend", "pie",
                    income ? _("Income by source (table 01, this year's income)")
                           : _("Spending by function class (table 01)"),
                    _("10,000 yuan"));
        const char *series[] = {col01};
        chart_series(ch, 1, series);
        for (int r = 0; r < t->nrows; r++) {
            const char *row = cell(t, r, cr), *v = cell(t, r, cv);
            if (strcmp(cell(t, r, ct), "01") || strcmp(cell(t, r, cc), col01) || !positive(v))
                continue;
            const char *name = NULL;
            if (income && !strncmp(row, "收入:", strlen("收入:"))) {
                name = row + strlen("收入:");
                /* the items of 本年收入, not its totals nor the balances brought in */
                if (strstr(name, "合计") || strstr(name, "总计") || strstr(name, "结转") ||
                    strstr(name, "结余"))
                    name = NULL;
            } else if (!income && class_row(row)) {
                name = row;
            }
            if (!name) continue;
            const char *vals[] = {v};
            chart_point(ch, name, 1, vals, "row", row);
        }
        chart_end(ch);
    }
}

/* rank: one bar per document, in the order of the ranking; for findings the
 * errors, warnings and notices stacked. */
static void rank_charts(charts *ch, const js_rtable *t, const char *metric, int year)
{
    int crank = col_of(t, "rank"), cd = col_of(t, "dept"), cy = col_of(t, "year");
    int cv = 5, nv = 1;
    bool findings = col_of(t, "errors") == 5;
    if (findings) nv = 3;
    if (crank < 0 || cd < 0 || t->ncols < cv + nv) return;
    char title[200];
    snprintf(title, sizeof title, "%s %s", metric ? metric : "", year ? "" : _("(all years)"));
    chart_begin(ch, "chart-rank", findings ? "stack" : "hbar", title,
                findings ? _("findings") : t->cols[cv]);
    const char *series[3];
    for (int i = 0; i < nv; i++)
        series[i] = cli_label(t->cols[cv + i]);
    chart_series(ch, nv, series);
    for (int r = 0; r < t->nrows; r++) {
        char name[300];
        if (year)
            snprintf(name, sizeof name, "%s", cell(t, r, cd));
        else
            snprintf(name, sizeof name, "%s %s", cell(t, r, cd), cell(t, r, cy));
        const char *vals[3];
        for (int i = 0; i < nv; i++)
            vals[i] = cell(t, r, cv + i);
        chart_point(ch, name, nv, vals, "rank", cell(t, r, crank));
    }
    chart_end(ch);
}

/* yoy: the totals of table 01, then the 三公 items of table 07 (决算), the two years side by
 * side (two charts: 三公 is a hundredth of the totals). */
static void yoy_charts(charts *ch, const js_rtable *t)
{
    int ct = col_of(t, "table"), cr = col_of(t, "row"), cc = col_of(t, "column");
    if (ct < 0 || cr < 0 || cc < 0 || t->ncols < 5) return;
    for (int pass = 0; pass < 2; pass++) {
        bool sangong = pass == 1;
        chart_begin(ch, sangong ? "chart-yoy-sangong" : "chart-yoy", "bar",
                    sangong ? _("Year on year: 三公 spending (table 07, final accounts)")
                            : _("Year on year: totals of table 01"),
                    _("10,000 yuan"));
        const char *series[] = {t->cols[3], t->cols[4]};
        chart_series(ch, 2, series);
        for (int r = 0; r < t->nrows; r++) {
            const char *tb = cell(t, r, ct), *row = cell(t, r, cr), *col = cell(t, r, cc);
            bool want = sangong ? !strcmp(tb, "07") && !strncmp(col, "决算:", strlen("决算:"))
                                : !strcmp(tb, "01") && (strstr(row, "合计") || strstr(row, "总计"));
            if (!want) continue;
            const char *name = sangong ? col + strlen("决算:") : row;
            /* a year without the fact prints an empty cell: 0, as the change counts it */
            const char *vals[] = {*cell(t, r, 3) ? cell(t, r, 3) : "0",
                                  *cell(t, r, 4) ? cell(t, r, 4) : "0"};
            char key[300];
            snprintf(key, sizeof key, "%s|%s|%s", tb, row, col);
            chart_point(ch, name, 2, vals, "key", key);
        }
        chart_end(ch);
    }
}

/* execution: budget and final accounts by 类. */
static void execution_charts(charts *ch, const js_rtable *t)
{
    int ck = col_of(t, "类"), cn = col_of(t, "名称"), cb = col_of(t, "预算数"),
        cf = col_of(t, "决算数");
    if (ck < 0 || cn < 0 || cb < 0 || cf < 0) return;
    chart_begin(ch, "chart-execution", "bar", _("Budget and final accounts by function class"),
                _("10,000 yuan"));
    const char *series[] = {t->cols[cb], t->cols[cf]};
    chart_series(ch, 2, series);
    for (int r = 0; r < t->nrows; r++) {
        const char *code = cell(t, r, ck);
        if (strlen(code) != 3 || strspn(code, "0123456789") != 3) continue; /* not 合计 */
        char name[300];
        snprintf(name, sizeof name, "%s %s", code, cell(t, r, cn));
        const char *vals[] = {*cell(t, r, cb) ? cell(t, r, cb) : "0",
                              *cell(t, r, cf) ? cell(t, r, cf) : "0"};
        chart_point(ch, name, 2, vals, "类", code);
    }
    chart_end(ch);
}

/* ---- the page ------------------------------------------------------------------- */

static void table_html(js_buf *b, const js_rtable *t, int n)
{
    if (t->title) {
        js_buf_puts(b, "<h2>");
        html_text(b, t->title);
        js_buf_puts(b, "</h2>\n");
    }
    js_buf_printf(b, "<table class=\"report\" id=\"table-%d\">\n<thead><tr>", n);
    for (int c = 0; c < t->ncols; c++) {
        js_buf_puts(b, "<th>");
        html_text(b, t->cols[c]);
        js_buf_puts(b, "</th>");
    }
    js_buf_puts(b, "</tr></thead>\n<tbody>\n");
    for (int r = 0; r < t->nrows; r++) {
        js_buf_puts(b, "<tr>");
        for (int c = 0; c < t->ncols; c++) {
            js_buf_puts(b, t->right && t->right[c] ? "<td class=\"n\">" : "<td>");
            html_text(b, t->rows[r][c]);
            js_buf_puts(b, "</td>");
        }
        js_buf_puts(b, "</tr>\n");
    }
    js_buf_puts(b, "</tbody></table>\n");
    for (int i = 0; i < t->nfoot; i++) {
        js_buf_puts(b, "<p class=\"foot\">");
        html_text(b, t->foot[i]);
        js_buf_puts(b, "</p>\n");
    }
}

static const char PAGE_CSS[] =
    "body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"Microsoft YaHei\","
    "sans-serif;margin:24px;color:#1d2733}\n"
    "h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px}\n"
    "p.note{color:#5f6b7a;margin:4px 0 12px}\n"
    "#charts{display:flex;flex-wrap:wrap;gap:16px}\n"
    ".chart{width:560px;height:380px;border:1px solid #d7dde5;border-radius:4px}\n"
    ".chart.wide{width:100%;min-width:560px}\n"
    "table.report{border-collapse:collapse;font-size:13px}\n"
    "table.report th,table.report td{border:1px solid #d7dde5;padding:3px 8px}\n"
    "table.report th{background:#eef2f7;position:sticky;top:0}\n"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    "p.foot{font-size:12px;color:#5f6b7a;margin:2px 0}\n"
    "@media print{.chart{break-inside:avoid}}\n";

/* Draws every chart of #chart-data. Point values are the table's cells, as printed. */
static const char PAGE_JS[] =
    "(function(){\n"
    "var data=JSON.parse(document.getElementById('chart-data').textContent);\n"
    "var box=document.getElementById('charts');\n"
    "window.__charts={};\n"
    "data.charts.forEach(function(c){\n"
    " var d=document.createElement('div');d.id=c.id;d.className='chart'+"
    "(c.type==='pie'?'':' wide');\n"
    " var n=c.points.length;\n"
    " if(c.type==='hbar'||c.type==='stack')d.style.height=Math.max(240,80+26*n)+'px';\n"
    " box.appendChild(d);\n"
    " var ch=echarts.init(d,null,{renderer:'canvas'});window.__charts[c.id]=ch;\n"
    " var t={text:c.title,left:'center',textStyle:{fontSize:14}};\n"
    " if(!n){ch.setOption({title:[t,{text:data.empty,left:'center',top:'middle',"
    "textStyle:{fontSize:13,color:'#5f6b7a'}}]});return;}\n"
    " var names=c.points.map(function(p){return p.name;});\n"
    " if(c.type==='pie'){ch.setOption({title:t,tooltip:{trigger:'item',"
    "formatter:'{b}<br>{c} '+c.unit+' ({d}%)'},series:[{name:c.series[0],type:'pie',"
    "radius:['28%','62%'],top:30,label:{formatter:'{b}\\n{d}%'},"
    "data:c.points.map(function(p){return {name:p.name,value:p.values[0]};})}]});return;}\n"
    " var horiz=c.type!=='bar';\n"
    " var cat={type:'category',data:names,inverse:horiz,axisLabel:horiz?{width:260,"
    "overflow:'truncate'}:{interval:0,rotate:n>4?20:0}};\n"
    " var val={type:'value',name:c.unit};\n"
    " ch.setOption({title:t,tooltip:{trigger:'axis',axisPointer:{type:'shadow'}},"
    "legend:c.series.length>1?{top:24}:undefined,"
    "grid:{left:10,right:50,top:c.series.length>1?56:40,bottom:10,containLabel:true},"
    "xAxis:horiz?val:cat,yAxis:horiz?cat:val,"
    "series:c.series.map(function(s,i){return {name:s,type:'bar',"
    "stack:c.type==='stack'?'all':undefined,label:{show:c.type==='hbar',position:'right'},"
    "data:c.points.map(function(p){return p.values[i];})};})});\n"
    "});\n"
    "window.addEventListener('resize',function(){for(var k in window.__charts)"
    "window.__charts[k].resize();});\n"
    "})();\n";

int cli_report_html(const char *sub, const char *metric, int year, js_rtable *t, js_rtable *extra,
                    js_buf *out)
{
    /* the charts' data first, from the tables' keys (before they are translated) */
    charts ch;
    memset(&ch, 0, sizeof ch);
    js_buf_init(&ch.b);
    if (!strcmp(sub, "rollup"))
        rollup_charts(&ch, t);
    else if (!strcmp(sub, "rank"))
        rank_charts(&ch, t, metric, year);
    else if (!strcmp(sub, "yoy"))
        yoy_charts(&ch, t);
    else if (!strcmp(sub, "execution"))
        execution_charts(&ch, t);
    cli_rtable_labels(t);
    cli_rtable_labels(extra);

    size_t elen = 0;
    const char *echarts = js_web_echarts(&elen);
    js_buf_puts(out, cli_english() ? "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                                   : "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n");
    js_buf_puts(out, "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
                     "content=\"width=device-width, initial-scale=1\">\n<title>");
    html_text(out, t->title ? t->title : sub);
    js_buf_puts(out, "</title>\n<style>\n");
    js_buf_puts(out, PAGE_CSS);
    js_buf_puts(out, "</style>\n</head>\n<body>\n<h1>");
    html_text(out, t->title ? t->title : sub);
    js_buf_puts(out, "</h1>\n<p class=\"note\">");
    html_text(out, _("Amounts in 10,000 yuan (万元), as the tables below print them; each chart "
                     "is drawn from those cells."));
    js_buf_puts(out, "</p>\n");
    if (ch.n && echarts) {
        js_buf_puts(out, "<div id=\"charts\"></div>\n");
    } else if (ch.n) {
        js_buf_puts(out, "<p class=\"note\" id=\"no-charts\">");
        html_text(out, _("This program was built without ECharts (scripts/setup installs it "
                         "into web/node_modules; then build again): tables only."));
        js_buf_puts(out, "</p>\n");
    }
    table_html(out, t, 1);
    if (extra) table_html(out, extra, 2);
    if (ch.n && echarts) {
        js_buf_puts(out, "<script type=\"application/json\" id=\"chart-data\">{\"empty\":");
        json_str(out, _("no data for this chart"));
        js_buf_puts(out, ",\"charts\":[\n");
        js_buf_append(out, ch.b.data, ch.b.len);
        js_buf_puts(out, "\n]}</script>\n<script>\n");
        js_buf_append(out, echarts, elen); /* Apache-2.0; its licence header is kept */
        js_buf_puts(out, "\n</script>\n<script>\n");
        js_buf_puts(out, PAGE_JS);
        js_buf_puts(out, "</script>\n");
    }
    js_buf_puts(out, "</body>\n</html>\n");
    bool oom = ch.b.oom;
    js_buf_release(&ch.b);
    return oom || out->oom ? EXIT_INTERNAL : EXIT_OK;
}
