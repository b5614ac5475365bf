/*
 * report_html.c - findings as one HTML page, for one document or a batch of
 * hundreds (issue #15.3).
 *
 * A page is self-contained: inline CSS and one inline script, no external
 * file. For a batch it opens with the counts, a contents list, a summary
 * table (one row per document: its errors, warnings, notices and 尾数, linked
 * to its section) and the findings counted by rule; then one section per
 * document, its findings grouped by table and section with the source line
 * quoted. 尾数 (rounding) notices are folded in a <details> at the end of each
 * section. The script adds filters by severity, by rule and "only documents
 * with errors"; without scripts the page reads the same, unfiltered.
 *
 * The batch (js_batch) keeps what the page and the workbook (report_xlsx.c)
 * need of each document — its counts and its findings as rows, with the
 * source line — so the caller may free each document after adding it; the
 * page is written from the rows (one document's section too).
 */
#include "check/output_impl.h"
#include "check/report_impl.h"

#include <stdlib.h>
#include <string.h>

/* ---- page ---------------------------------------------------------------- */

static const char CSS[] =
    "body{font-family:\"Noto Sans CJK SC\",\"Microsoft YaHei\",sans-serif;margin:2em;"
    "color:#222;line-height:1.5}\n"
    "h1{font-size:1.4em}h2{font-size:1.2em;border-bottom:1px solid #ccc;"
    "padding-bottom:.2em;margin-top:2em}h3{font-size:1em;margin:1.2em 0 .4em}\n"
    ".sum span{display:inline-block;padding:.1em .6em;margin-right:.5em;"
    "border-radius:.3em;color:#fff}\n"
    ".error{background:#c0392b}.warning{background:#d68910}.notice{background:#7f8c8d}"
    ".rounding{background:#95a5a6}\n"
    "tr.sub td:not(.sev){background:#f7f7f7}tr.sub td:first-child{padding-left:1.2em}"
    "table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;"
    "padding:.3em .5em;vertical-align:top;text-align:left}\n"
    "th{background:#f4f4f4;white-space:nowrap}td.sev{color:#fff;white-space:nowrap}\n"
    "table.rules td:nth-child(2){white-space:nowrap}\n"
    "td.rule,td.loc{white-space:nowrap;font-family:monospace}\n"
    "pre{margin:.3em 0 0;background:#f8f8f8;padding:.2em .4em;white-space:pre-wrap;tab-size:2;"
    "font-size:.9em;color:#555}\n.num{font-family:monospace}\n"
    "table.summary td.n,table.rules td.n{text-align:right;font-family:monospace}"
    "table.summary td.z{color:#bbb}table.summary td.e{color:#c0392b;font-weight:bold}\n"
    "table.summary thead th{position:sticky;top:0}\n"
    "tr.total td{font-weight:bold;background:#fafafa}\n"
    "details.tail{margin:.8em 0}details.tail summary{cursor:pointer;color:#555}\n"
    "nav ol{margin:.3em 0}.back{font-size:.85em;margin-left:1em}\n"
    "#filters{position:sticky;top:0;background:#fff;border-bottom:1px solid #ddd;"
    "padding:.4em 0;z-index:1}#filters label{margin-right:1em}\n"
    "@media print{#filters,.back{display:none}details.tail{display:none}}\n";

/* Filters: severity checkboxes, a rule, only documents with errors. Rows carry
 * data-s (error|warning|notice|rounding) and data-r (the rule); a table, a
 * folded 尾数 block or a section left with nothing visible is hidden too. */
static const char SCRIPT[] =
    "(function(){var f=document.getElementById('filters');if(!f)return;f.hidden=false;\n"
    "var q=function(s,e){return Array.prototype.slice.call((e||document).querySelectorAll(s));};\n"
    "function apply(){var off={};q('input[data-sev]',f).forEach(function(b){"
    "if(!b.checked)off[b.getAttribute('data-sev')]=1;});\n"
    "var rule=document.getElementById('f-rule').value;"
    "var errs=document.getElementById('f-err').checked;\n"
    "q('section.doc').forEach(function(sec){var any=0;\n"
    " q('tr[data-s]',sec).forEach(function(tr){var "
    "s=tr.getAttribute('data-s'),r=tr.getAttribute('data-r');\n"
    "  var v=!off[s]&&(!rule||r===rule);tr.hidden=!v;if(v)any=1;});\n"
    " q('table.fs,details.tail',sec).forEach(function(t){var v=q('tr[data-s]',t).some(function(tr){"
    "return !tr.hidden;});t.hidden=!v;if(v&&rule&&t.tagName==='DETAILS')t.open=true;});\n"
    " q('h3',sec).forEach(function(h){var t=h.nextElementSibling;h.hidden=t&&t.hidden;});\n"
    " var e=sec.getAttribute('data-errors')!=='0';"
    "sec.hidden=(errs&&!e)||((rule||Object.keys(off).length)&&!any);\n"
    " var row=document.getElementById('s-'+sec.id);if(row)row.hidden=errs&&!e;});}\n"
    "q('input,select',f).forEach(function(i){i.addEventListener('change',apply);});\n"
    "q('a[data-rule]').forEach(function(a){a.addEventListener('click',function(){"
    "document.getElementById('f-rule').value=a.getAttribute('data-rule');apply();});});\n"
    "})();\n";

void js_findings_html_begin(js_buf *out, const char *title)
{
    js_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<title>");
    js_buf_html(out, title ? title : "审核结果");
    js_buf_puts(out, "</title>\n<style>\n");
    js_buf_puts(out, CSS);
    js_buf_puts(out, "</style>\n</head>\n<body>\n<h1>");
    js_buf_html(out, title ? title : "审核结果");
    js_buf_puts(out, "</h1>\n");
}

void js_findings_html_end(js_buf *out)
{
    js_buf_puts(out, "<script>\n");
    js_buf_puts(out, SCRIPT);
    js_buf_puts(out, "</script>\n</body>\n</html>\n");
}

/* ---- one document (from the batch's rows) -------------------------------- */

/* Folded at the end: a 尾数 notice. */
static bool row_folded(const js_batch_row *x)
{
    return x->rounding && x->severity == JS_SEV_NOTICE;
}

static const char *row_sev(const js_batch_row *x)
{
    return row_folded(x) ? "rounding" : js_severity_name(x->severity);
}

static const char *row_sev_zh(const js_batch_row *x)
{
    return x->severity == JS_SEV_ERROR     ? "错误"
           : x->severity == JS_SEV_WARNING ? "警告"
           : x->rounding                   ? "尾数"
                                           : "提示";
}

static void html_row(const js_batch_row *x, bool sub, js_buf *out)
{
    const char *sev = row_sev(x);
    js_buf_printf(out, "<tr class=\"%s\" data-s=\"%s\" data-r=\"", sub ? "sub" : "f", sev);
    js_buf_html(out, x->rule);
    js_buf_printf(out, "\"><td class=\"sev %s\" title=\"%s\">%s%s</td><td class=\"rule\">", sev,
                  js_severity_name(x->severity), sub ? "↳ " : "", row_sev_zh(x));
    js_buf_html(out, x->rule);
    js_buf_puts(out, "</td><td class=\"loc\">");
    js_buf_html(out, x->place);
    js_buf_puts(out, "</td><td>");
    if (sub) js_buf_puts(out, "由上一条引起：");
    js_buf_html(out, x->message);
    if (x->accepted) {
        js_buf_puts(out, "<br><small>已接受（");
        js_buf_html(out, x->accepted);
        js_buf_puts(out, "）</small>");
    }
    if (x->source) {
        js_buf_puts(out, "<pre>");
        js_buf_html(out, x->source);
        js_buf_puts(out, "</pre>");
    }
    js_buf_puts(out, "</td><td class=\"num\">");
    js_buf_html(out, x->stated);
    js_buf_puts(out, "</td><td class=\"num\">");
    js_buf_html(out, x->expected);
    js_buf_puts(out, "</td></tr>\n");
}

static const char THEAD[] = "<tr><th>级别</th><th>规则</th><th>位置</th><th>问题</th>"
                            "<th>表中</th><th>应为</th></tr>\n";

static void root_and_subs(const js_batch_row *v, const js_out_links *ix, int i, js_buf *out)
{
    html_row(&v[i], false, out);
    for (int j = ix->head[i]; j >= 0; j = ix->next[j])
        html_row(&v[j], true, out);
}

static void html_groups(const js_batch_row *v, int n, const js_out_links *ix, js_buf *out)
{
    for (int g = 0; g < JS_GROUPS; g++) {
        bool head = false;
        for (int i = 0; i < n; i++) {
            const js_batch_row *x = &v[i];
            if (x->group_no != g || ix->root[i] >= 0 || row_folded(x)) continue;
            if (!head) {
                js_buf tt;
                js_buf_init(&tt);
                js_out_group_title(&tt, g);
                js_buf_puts(out, "<h3>");
                js_buf_html(out, tt.data);
                js_buf_release(&tt);
                js_buf_puts(out, "</h3>\n<table class=\"fs\">\n");
                js_buf_puts(out, THEAD);
                head = true;
            }
            root_and_subs(v, ix, i, out);
        }
        if (head) js_buf_puts(out, "</table>\n");
    }
}

static void html_folded(const js_batch_row *v, int n, const js_out_links *ix, js_buf *out)
{
    int nfold = 0;
    for (int i = 0; i < n; i++)
        if (row_folded(&v[i]) && ix->root[i] < 0) nfold++;
    if (nfold == 0) return;
    js_buf_printf(out,
                  "<details class=\"tail\"><summary>尾数差异 %d 条（四舍五入所致，已折叠，"
                  "点击展开）</summary>\n<table class=\"fs\">\n",
                  nfold);
    js_buf_puts(out, THEAD);
    for (int i = 0; i < n; i++)
        if (row_folded(&v[i]) && ix->root[i] < 0) root_and_subs(v, ix, i, out);
    js_buf_puts(out, "</table>\n</details>\n");
}

/* Document di's section; idx > 0 gives it the anchor d<idx> and a link back
 * to the summary. */
static void html_section(const js_batch *b, int di, int idx, js_buf *out)
{
    const js_batch_doc *d = &b->docs[di];
    const js_batch_row *v = b->rows + d->first_row;
    if (idx > 0)
        js_buf_printf(out, "<section class=\"doc\" id=\"d%d\" data-errors=\"%d\">\n<h2>%d. ", idx,
                      d->errors, idx);
    else
        js_buf_printf(out, "<section class=\"doc\" data-errors=\"%d\">\n<h2>", d->errors);
    js_buf_html(out, *d->dept ? d->dept : d->path);
    if (d->year) js_buf_printf(out, " %d年度", d->year);
    if (idx > 0) js_buf_puts(out, "<a class=\"back\" href=\"#summary\">↑ 返回汇总</a>");
    js_buf_puts(out, "</h2>\n<p>文件：<code>");
    js_buf_html(out, d->path);
    js_buf_printf(
        out,
        "</code></p>\n<p class=\"sum\"><span class=\"error\">错误 %d</span>"
        "<span class=\"warning\">警告 %d</span><span class=\"notice\">提示 %d</span></p>\n",
        d->errors, d->warnings, d->notices);
    if (d->nrows == 0) js_buf_puts(out, "<p>未发现问题。</p>\n");
    js_out_links ix = {0};
    if (d->nrows > 0 && !js_out_links_make(d->nrows, &v[0].id, &v[0].cause, sizeof v[0], &ix)) {
        out->oom = true; /* as a failed append would */
        return;
    }
    if (d->nrows > 0) {
        html_groups(v, d->nrows, &ix, out);
        html_folded(v, d->nrows, &ix, out);
        js_out_links_free(&ix);
    }
    js_buf_puts(out, "</section>\n");
}

void js_findings_html_doc(const js_doc *doc, const js_findings *f, js_buf *out)
{
    js_batch *b = js_batch_new();
    js_err err;
    if (!b || js_batch_add(b, doc, f, &err) != JS_OK)
        out->oom = true; /* as a failed append would */
    else
        html_section(b, 0, 0, out);
    js_batch_free(b);
}

/* ---- the batch ------------------------------------------------------------ */

static bool grow(js_batch *b, void **arr, int n, int *cap, size_t size)
{
    if (n < *cap) return true;
    int nc = *cap ? *cap * 2 : 64;
    void *p = js_arena_grow(b->arena, *arr, (size_t)n, (size_t)nc, size);
    if (!p) return false;
    *arr = p;
    *cap = nc;
    return true;
}

js_batch *js_batch_new(void)
{
    js_batch *b = calloc(1, sizeof *b);
    if (!b) return NULL;
    b->arena = js_arena_new();
    if (!b->arena) {
        free(b);
        return NULL;
    }
    return b;
}

void js_batch_free(js_batch *b)
{
    if (!b) return;
    js_arena_free(b->arena);
    free(b);
}

int js_batch_docs(const js_batch *b)
{
    return b ? b->ndocs : 0;
}

static js_batch_rule *rule_slot(js_batch *b, const js_finding *x)
{
    for (int i = 0; i < b->nrules; i++)
        if (strcmp(b->rules[i].rule, x->rule) == 0) return &b->rules[i];
    if (!grow(b, (void **)&b->rules, b->nrules, &b->caprules, sizeof *b->rules)) return NULL;
    js_batch_rule *r = &b->rules[b->nrules++];
    memset(r, 0, sizeof *r);
    r->rule = js_arena_strdup(b->arena, x->rule);
    r->kind = js_arena_strdup(b->arena, x->kind ? x->kind : "");
    r->severity = x->severity;
    return r->rule && r->kind ? r : NULL;
}

static const char *dup(js_batch *b, const char *s, bool *bad)
{
    if (!s) return NULL;
    char *c = js_arena_strdup(b->arena, s);
    if (!c) *bad = true;
    return c;
}

static bool add_row(js_batch *b, const js_doc *doc, const js_finding *x, int di)
{
    if (!grow(b, (void **)&b->rows, b->nrows, &b->caprows, sizeof *b->rows)) return false;
    js_batch_row *r = &b->rows[b->nrows];
    memset(r, 0, sizeof *r);
    bool bad = false;
    js_buf t;
    js_buf_init(&t);
    r->group_no = js_out_group(x);
    js_out_group_title(&t, r->group_no);
    if (x->section && js_out_group(x) >= 12) js_buf_printf(&t, " %s", x->section);
    r->group = dup(b, t.data, &bad);
    t.len = 0;
    js_out_place(&t, x);
    r->place = dup(b, t.len ? t.data : "", &bad);
    js_buf_release(&t);
    r->doc = di;
    r->severity = x->severity;
    r->rounding = js_out_rounding(x);
    r->id = x->id;
    r->cause = x->cause;
    r->rule = dup(b, x->rule, &bad);
    r->kind = dup(b, x->kind, &bad);
    r->stated = dup(b, x->stated, &bad);
    r->expected = dup(b, x->expected, &bad);
    r->message = dup(b, x->message, &bad);
    r->source = dup(b, js_out_source(doc, x), &bad);
    if (x->accepted_by) {
        char *a = js_arena_printf(b->arena, "%s：%s", x->accepted_by,
                                  x->accepted_comment ? x->accepted_comment : "");
        if (!a) bad = true;
        r->accepted = a;
    }
    if (bad) return false;
    b->nrows++;
    return true;
}

static bool count_finding(js_batch *b, js_batch_doc *d, const js_finding *x, int di)
{
    js_batch_rule *r = rule_slot(b, x);
    if (!r) return false;
    if (x->accepted_by) {
        d->accepted++;
        r->accepted++;
        return true;
    }
    r->n++;
    if (r->last_doc != di + 1) {
        r->docs++;
        r->last_doc = di + 1;
    }
    if (x->severity > r->severity) r->severity = x->severity;
    if (js_out_rounding(x) && x->severity == JS_SEV_NOTICE) d->rounding++;
    return true;
}

int js_batch_add(js_batch *b, const js_doc *doc, const js_findings *f, js_err *err)
{
    if (!grow(b, (void **)&b->docs, b->ndocs, &b->capdocs, sizeof *b->docs))
        return js_err_set(err, JS_EINTERNAL, "out of memory");
    int di = b->ndocs;
    js_batch_doc *d = &b->docs[di];
    memset(d, 0, sizeof *d);
    bool bad = false;
    d->path = dup(b, doc->path ? doc->path : "-", &bad);
    d->dept = dup(b, doc->dept ? doc->dept : "", &bad);
    d->year = doc->year;
    js_findings_summary(f, &d->errors, &d->warnings, &d->notices);
    d->first_row = b->nrows;
    for (int i = 0; i < f->n && !bad; i++) {
        if (!count_finding(b, d, &f->items[i], di)) bad = true;
        if (!bad && !add_row(b, doc, &f->items[i], di)) bad = true;
    }
    d->nrows = b->nrows - d->first_row;
    if (bad) return js_err_set(err, JS_EINTERNAL, "out of memory");
    b->ndocs++;
    return JS_OK;
}

/* Copy the strings of a row or a document into b's arena. */
static void dup_row(js_batch *b, js_batch_row *r, bool *bad)
{
    const char **s[] = {&r->rule,     &r->kind,    &r->group,  &r->place,   &r->stated,
                        &r->expected, &r->message, &r->source, &r->accepted};
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
        *s[i] = dup(b, *s[i], bad);
}

static bool merge_rule(js_batch *b, const js_batch_rule *r, int doc0)
{
    js_finding key = {.rule = r->rule, .kind = r->kind, .severity = r->severity};
    js_batch_rule *d = rule_slot(b, &key);
    if (!d) return false;
    d->n += r->n;
    d->docs += r->docs;
    d->accepted += r->accepted;
    if (r->severity > d->severity) d->severity = r->severity;
    if (r->last_doc) d->last_doc = doc0 + r->last_doc;
    return true;
}

int js_batch_merge(js_batch *b, const js_batch *src, js_err *err)
{
    int doc0 = b->ndocs, row0 = b->nrows;
    bool bad = false;
    for (int i = 0; i < src->ndocs && !bad; i++) {
        if (!grow(b, (void **)&b->docs, b->ndocs, &b->capdocs, sizeof *b->docs)) break;
        js_batch_doc *d = &b->docs[b->ndocs];
        *d = src->docs[i];
        d->path = dup(b, d->path, &bad);
        d->dept = dup(b, d->dept, &bad);
        d->first_row += row0;
        b->ndocs++;
    }
    for (int i = 0; i < src->nrows && !bad; i++) {
        if (!grow(b, (void **)&b->rows, b->nrows, &b->caprows, sizeof *b->rows)) break;
        js_batch_row *r = &b->rows[b->nrows];
        *r = src->rows[i];
        r->doc += doc0;
        dup_row(b, r, &bad);
        b->nrows++;
    }
    for (int i = 0; i < src->nrules && !bad; i++)
        bad = !merge_rule(b, &src->rules[i], doc0);
    if (bad || b->ndocs != doc0 + src->ndocs || b->nrows != row0 + src->nrows)
        return js_err_set(err, JS_EINTERNAL, "out of memory");
    return JS_OK;
}

/* ---- the batch page ------------------------------------------------------- */

static void num_cell(js_buf *out, int v, bool err)
{
    js_buf_printf(out, "<td class=\"n%s\">%d</td>", v ? (err ? " e" : "") : " z", v);
}

static void summary_table(const js_batch *b, js_buf *out)
{
    js_buf_puts(out, "<h2 id=\"summary\">一、汇总</h2>\n<table class=\"summary\">\n<thead><tr>"
                     "<th>序号</th><th>部门</th><th>年度</th><th>错误</th><th>警告</th>"
                     "<th>提示</th><th>其中尾数</th><th>已接受</th><th>文件</th></tr></thead>\n"
                     "<tbody>\n");
    int t[5] = {0};
    for (int i = 0; i < b->ndocs; i++) {
        const js_batch_doc *d = &b->docs[i];
        js_buf_printf(out, "<tr id=\"s-d%d\"><td class=\"n\">%d</td><td><a href=\"#d%d\">", i + 1,
                      i + 1, i + 1);
        js_buf_html(out, *d->dept ? d->dept : "（未识别部门）");
        js_buf_puts(out, "</a></td><td>");
        if (d->year) js_buf_printf(out, "%d", d->year);
        js_buf_puts(out, "</td>");
        int v[5] = {d->errors, d->warnings, d->notices, d->rounding, d->accepted};
        for (int k = 0; k < 5; k++) {
            num_cell(out, v[k], k == 0);
            t[k] += v[k];
        }
        js_buf_puts(out, "<td><code>");
        js_buf_html(out, d->path);
        js_buf_puts(out, "</code></td></tr>\n");
    }
    js_buf_printf(out, "</tbody>\n<tr class=\"total\"><td></td><td>合计（%d 份）</td><td></td>",
                  b->ndocs);
    for (int k = 0; k < 5; k++)
        num_cell(out, t[k], k == 0);
    js_buf_puts(out, "<td></td></tr>\n</table>\n");
}

static int by_count(const void *pa, const void *pb)
{
    const js_batch_rule *a = *(const js_batch_rule *const *)pa;
    const js_batch_rule *c = *(const js_batch_rule *const *)pb;
    if (a->severity != c->severity) return c->severity - a->severity;
    if (a->n != c->n) return c->n - a->n;
    return strcmp(a->rule, c->rule);
}

/* The rules by severity, then count: pointers into b->rules (NULL when out of memory). */
const js_batch_rule **js_batch_rules_sorted(const js_batch *b)
{
    const js_batch_rule **v = calloc((size_t)b->nrules + 1, sizeof *v);
    if (!v) return NULL;
    for (int i = 0; i < b->nrules; i++)
        v[i] = &b->rules[i];
    qsort(v, (size_t)b->nrules, sizeof *v, by_count);
    return v;
}

static void rules_table(const js_batch *b, const js_batch_rule **v, js_buf *out)
{
    js_buf_puts(out, "<h2 id=\"rules\">二、按规则统计</h2>\n<table class=\"rules\">\n<tr>"
                     "<th>规则</th><th>级别</th><th>说明</th><th>条数</th><th>涉及文件</th>"
                     "<th>已接受</th></tr>\n");
    for (int i = 0; i < b->nrules; i++) {
        const js_rule *r = js_rule_find(v[i]->rule);
        js_buf_puts(out, "<tr><td class=\"rule\"><a href=\"#docs\" data-rule=\"");
        js_buf_html(out, v[i]->rule);
        js_buf_puts(out, "\">");
        js_buf_html(out, v[i]->rule);
        js_buf_printf(out, "</a></td><td>%s</td><td>",
                      v[i]->severity == JS_SEV_ERROR        ? "错误"
                      : v[i]->severity == JS_SEV_WARNING    ? "警告"
                      : strcmp(v[i]->kind, "rounding") == 0 ? "尾数"
                                                            : "提示");
        js_buf_html(out, r ? r->summary : "");
        js_buf_puts(out, "</td>");
        num_cell(out, v[i]->n, false);
        num_cell(out, v[i]->docs, false);
        num_cell(out, v[i]->accepted, false);
        js_buf_puts(out, "</tr>\n");
    }
    js_buf_puts(out, "</table>\n");
}

static void filters(const js_batch *b, const js_batch_rule **v, js_buf *out)
{
    js_buf_puts(out, "<div id=\"filters\" hidden>筛选：");
    static const char *const sev[][2] = {
        {"error", "错误"}, {"warning", "警告"}, {"notice", "提示"}, {"rounding", "尾数"}};
    for (int k = 0; k < 4; k++)
        js_buf_printf(out, "<label><input type=\"checkbox\" data-sev=\"%s\" checked> %s</label>",
                      sev[k][0], sev[k][1]);
    js_buf_puts(out, "<label>规则 <select id=\"f-rule\"><option value=\"\">全部</option>");
    for (int i = 0; i < b->nrules; i++) {
        js_buf_puts(out, "<option>");
        js_buf_html(out, v[i]->rule);
        js_buf_puts(out, "</option>");
    }
    js_buf_puts(out, "</select></label><label><input type=\"checkbox\" id=\"f-err\"> "
                     "只看有错误的文件</label></div>\n");
}

int js_batch_html(const js_batch *b, const char *title, js_buf *out, js_err *err)
{
    const js_batch_rule **v = js_batch_rules_sorted(b);
    if (!v) return js_err_set(err, JS_EINTERNAL, "out of memory");
    js_findings_html_begin(out, title);
    int t[4] = {0}, withe = 0;
    for (int i = 0; i < b->ndocs; i++) {
        t[0] += b->docs[i].errors;
        t[1] += b->docs[i].warnings;
        t[2] += b->docs[i].notices;
        t[3] += b->docs[i].rounding;
        withe += b->docs[i].errors > 0;
    }
    js_buf_printf(out,
                  "<p class=\"sum\" id=\"top\">%d 份文件，其中 %d 份有错误：<span "
                  "class=\"error\">错误 %d</span>"
                  "<span class=\"warning\">警告 %d</span><span class=\"notice\">提示 %d"
                  "（其中尾数 %d）</span></p>\n",
                  b->ndocs, withe, t[0], t[1], t[2], t[3]);
    if (b->ndocs > 1) {
        js_buf_puts(out, "<nav><strong>目录</strong><ol><li><a href=\"#summary\">汇总</a>（每份"
                         "文件一行）</li><li><a href=\"#rules\">按规则统计</a></li><li><a "
                         "href=\"#docs\">各文件的审核结果</a></li></ol></nav>\n");
        filters(b, v, out);
        summary_table(b, out);
        rules_table(b, v, out);
        js_buf_puts(out, "<h2 id=\"docs\">三、各文件的审核结果</h2>\n");
    } else {
        js_buf_puts(out, "<span id=\"summary\"></span>\n");
        filters(b, v, out);
    }
    free(v);
    for (int i = 0; i < b->ndocs; i++)
        html_section(b, i, b->ndocs > 1 ? i + 1 : 0, out);
    js_findings_html_end(out);
    return out->oom ? js_err_set(err, JS_EINTERNAL, "out of memory") : JS_OK;
}
