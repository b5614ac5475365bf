/*
 * api_out.c - what the web server hands out besides JSON pages: the findings
 * of a document as JSON, CSV or XLSX, the annotated PDF, page images with the
 * boxes, and the analyses behind the charts (store.h report.c).
 */
#include "serve_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int buf_sink(void *ud, const char *data, size_t n)
{
    js_buf *b = ud;
    js_buf_append(b, data, n);
    return b->oom;
}

static void attachment(sv_req *r, const sv_doc *d, const char *what)
{
    /* ASCII only: nothing of the upload reaches a header */
    snprintf(r->disposition, sizeof r->disposition, "attachment; filename=\"juesuan-%lld-%s\"",
             (long long)d->id, what);
}

static js_rtable *findings_table(const sv_doc *d, const js_findings *f, js_rtable *t, js_err *err)
{
    static const char *const COLS[] = {"编号", "严重程度", "规则",   "类别", "表",   "行",
                                       "列",   "说明章节", "页",     "行号", "所述", "应为",
                                       "问题", "已接受",   "接受人", "理由"};
    if (js_rtable_init(t, 16, COLS, err) != JS_OK) return NULL;
    static const char *const SEV[] = {"提示", "警告", "错误"};
    for (int i = 0; i < f->n; i++) {
        const js_finding *x = &f->items[i];
        char id[16], pg[16], ln[16];
        snprintf(id, sizeof id, "%d", x->id);
        snprintf(pg, sizeof pg, "%d", x->loc.page);
        snprintf(ln, sizeof ln, "%d", x->loc.line);
        const char *cells[16] = {id,
                                 SEV[x->severity >= 0 && x->severity <= 2 ? x->severity : 0],
                                 x->rule,
                                 x->kind,
                                 x->table,
                                 x->row,
                                 x->column,
                                 x->section,
                                 x->loc.page ? pg : NULL,
                                 x->loc.line ? ln : NULL,
                                 x->stated,
                                 x->expected,
                                 x->message,
                                 x->accepted_by ? "是" : NULL,
                                 x->accepted_by,
                                 x->accepted_comment};
        if (js_rtable_add(t, cells, err) != JS_OK) return NULL;
    }
    (void)d;
    return t;
}

static int out_xlsx(sv_req *r, const js_rtable *t)
{
    const char *dir = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/juesuan-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) return sv_error(r, 500, "无法写临时文件");
    close(fd);
    js_err err;
    js_err_clear(&err);
    int rc = js_rtable_xlsx(t, path, &err);
    if (rc == JS_OK) rc = js_file_read(path, &r->out, &err);
    unlink(path);
    if (rc != JS_OK) return sv_error(r, 500, "无法生成 XLSX：%s", err.msg);
    r->ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    return r->status = MHD_HTTP_OK;
}

static int out_findings(sv_req *r, sv_doc *d, const js_findings *f, const char *fmt)
{
    js_err err;
    js_err_clear(&err);
    if (strcmp(fmt, "json") == 0) {
        if (js_findings_json(d->doc, f, 0, &r->out, &err) != JS_OK)
            return sv_error(r, 500, "内部错误：%s", err.msg);
        r->ctype = "application/json; charset=utf-8";
        attachment(r, d, "findings.json");
        return r->status = MHD_HTTP_OK;
    }
    js_rtable t = {0};
    int st;
    if (!findings_table(d, f, &t, &err)) {
        st = sv_error(r, 500, "内部错误：%s", err.msg);
    } else if (strcmp(fmt, "csv") == 0) {
        js_buf_append(&r->out, "\xEF\xBB\xBF", 3); /* BOM: Excel reads the CSV as UTF-8 */
        js_rtable_csv(&t, &r->out);
        r->ctype = "text/csv; charset=utf-8";
        attachment(r, d, "findings.csv");
        st = r->status = MHD_HTTP_OK;
    } else {
        st = out_xlsx(r, &t);
        if (st == MHD_HTTP_OK) attachment(r, d, "findings.xlsx");
    }
    js_rtable_release(&t);
    return st;
}

static int out_pdf(sv_req *r, sv_doc *d, const js_findings *f)
{
    if (d->stored_only)
        return sv_error(r, MHD_HTTP_CONFLICT, "原文件未保存（命令行载入），无法标注");
    if (!d->pdf) return sv_error(r, MHD_HTTP_CONFLICT, "原文件不是 PDF，没有可标注的页面");
    js_err err;
    js_err_clear(&err);
    if (js_annotate_pdf(d->src.data, d->src.len, d->doc, f, buf_sink, &r->out, &err) != JS_OK)
        return sv_error(r, 500, "无法生成标注 PDF：%s", err.msg);
    r->ctype = "application/pdf";
    attachment(r, d, "annotated.pdf");
    return r->status = MHD_HTTP_OK;
}

static int out_png(sv_req *r, sv_doc *d, const js_findings *f, const char *name)
{
    if (!d->pdf)
        return sv_error(r, MHD_HTTP_CONFLICT, "%s",
                        d->stored_only ? "原文件未保存（命令行载入），没有页面图像"
                                       : "原文件不是 PDF，没有页面图像");
    char *end = NULL;
    long page = strtol(name, &end, 10);
    if (end == name || strcmp(end, ".png") != 0 || page < 1 || page > d->doc->npages)
        return sv_error(r, MHD_HTTP_NOT_FOUND, "没有第 %s 页", name);
    const char *fq = sv_query(r, "focus"), *sq = sv_query(r, "scale");
    int focus = fq ? (int)strtol(fq, NULL, 10) : 0;
    double scale = sq ? strtod(sq, NULL) : 1.5;
    js_err err;
    js_err_clear(&err);
    if (js_annotate_page_png(d->src.data, d->src.len, d->doc, f, (int)page, scale, focus, buf_sink,
                             &r->out, &err) != JS_OK)
        return sv_error(r, 500, "无法绘制页面：%s", err.msg);
    r->ctype = "image/png";
    r->no_store = false;
    return r->status = MHD_HTTP_OK;
}

int sv_api_doc_out(sv_req *r, sv_doc *d, const char *sub)
{
    js_server *s = r->srv;
    const char *fmt = NULL;
    if (strncmp(sub, "findings.", 9) == 0) {
        fmt = sub + 9;
        if (strcmp(fmt, "json") != 0 && strcmp(fmt, "csv") != 0 && strcmp(fmt, "xlsx") != 0)
            return 1;
    } else if (strcmp(sub, "annotated.pdf") != 0 && strncmp(sub, "pages/", 6) != 0) {
        return 1;
    }
    js_findings acc;
    js_err err;
    js_err_clear(&err);
    pthread_mutex_lock(&s->store_mu);
    int rc = sv_findings_accepted(s, d, &acc, &err);
    pthread_mutex_unlock(&s->store_mu);
    if (rc != JS_OK) {
        js_findings_release(&acc);
        sv_error(r, 500, "数据库错误：%s", err.msg);
        return 0;
    }
    if (fmt)
        out_findings(r, d, &acc, fmt);
    else if (strcmp(sub, "annotated.pdf") == 0)
        out_pdf(r, d, &acc);
    else
        out_png(r, d, &acc, sub + 6);
    js_findings_release(&acc);
    return 0;
}

/* ---- analyses for the charts ---------------------------------------------------------- */

static json_t *rtable_json(const js_rtable *t)
{
    json_t *cols = json_array(), *rows = json_array();
    for (int c = 0; c < t->ncols; c++)
        json_array_append_new(cols, json_string(t->cols[c] ? t->cols[c] : ""));
    for (int i = 0; i < t->nrows; i++) {
        json_t *row = json_array();
        for (int c = 0; c < t->ncols; c++) {
            const char *v = t->rows[i][c];
            json_t *js = v ? json_string(v) : json_null();
            json_array_append_new(row, js ? js : json_null());
        }
        json_array_append_new(rows, row);
    }
    return json_pack("{s:s?,s:o,s:o}", "title", t->title, "columns", cols, "rows", rows);
}

static int report_rank(sv_req *r)
{
    const char *m = sv_query(r, "metric"), *y = sv_query(r, "year"), *top = sv_query(r, "top");
    int metric = js_metric_parse(m && *m ? m : "三公经费决算");
    if (metric < 0) return sv_error(r, MHD_HTTP_BAD_REQUEST, "未知的指标");
    js_rtable t = {0};
    js_err err;
    js_err_clear(&err);
    js_server *s = r->srv;
    pthread_mutex_lock(&s->store_mu);
    int rc = js_report_rank(s->store, metric, y ? (int)strtol(y, NULL, 10) : 0,
                            top ? (int)strtol(top, NULL, 10) : 20, &t, &err);
    pthread_mutex_unlock(&s->store_mu);
    int st = rc == JS_OK ? sv_json(r, MHD_HTTP_OK, rtable_json(&t))
                         : sv_error(r, rc == JS_EUSAGE ? 400 : 500, "%s", err.msg);
    js_rtable_release(&t);
    return st;
}

static int report_yoy(sv_req *r)
{
    const char *dept = sv_query(r, "dept"), *y1 = sv_query(r, "y1"), *y2 = sv_query(r, "y2");
    if (!dept || !y1 || !y2) return sv_error(r, 400, "需要 dept、y1、y2 参数");
    js_rtable t = {0};
    js_err err;
    js_err_clear(&err);
    js_server *s = r->srv;
    pthread_mutex_lock(&s->store_mu);
    int rc = js_report_yoy(s->store, dept, (int)strtol(y1, NULL, 10), (int)strtol(y2, NULL, 10), &t,
                           &err);
    pthread_mutex_unlock(&s->store_mu);
    int st = rc == JS_OK ? sv_json(r, MHD_HTTP_OK, rtable_json(&t))
                         : sv_error(r, rc == JS_EUSAGE ? 400 : 500, "%s", err.msg);
    js_rtable_release(&t);
    return st;
}

int sv_api_report(sv_req *r, const char *what)
{
    if (strcmp(what, "rank") == 0) return report_rank(r), 0;
    if (strcmp(what, "yoy") == 0) return report_yoy(r), 0;
    json_t *rows = NULL;
    if (strcmp(what, "overview") == 0) {
        rows = sv_query_json(r,
                             "SELECT year, COUNT(*) AS documents, SUM(nerrors) AS errors, "
                             "SUM(nwarnings) AS warnings, SUM(nnotices) AS notices, "
                             "SUM(CASE WHEN nerrors > 0 THEN 1 ELSE 0 END) AS with_errors "
                             "FROM documents WHERE year IS NOT NULL GROUP BY year ORDER BY year",
                             NULL, 0, true);
    } else if (strcmp(what, "composition") == 0) {
        /* table 01 of the current documents of a year: income by kind, spending by 类 */
        const char *y = sv_query(r, "year");
        int year = y ? (int)strtol(y, NULL, 10) : 0;
        /* 01's amount column as the year's form names it (data/templates/templates.tsv) */
        const js_templates *tp = r->srv->ctx->templates;
        const char *col = js_templates_col_key(tp, js_templates_form_for_year(tp, year), 1, 0);
        js_sval p[2] = {js_sval_int(year), js_sval_text(col ? col : "")};
        rows = sv_query_json(r,
                             "SELECT f.row_key AS row, SUM(f.value) AS fen, COUNT(*) AS units "
                             "FROM facts f JOIN documents d ON d.id = f.doc_id "
                             "WHERE d.current = 1 AND d.year = ?1 AND f.tbl = '01' "
                             "AND f.col_key = ?2 GROUP BY f.row_key ORDER BY f.row_key",
                             p, 2, true);
    } else if (strcmp(what, "depts") == 0) {
        rows = sv_query_json(r,
                             "SELECT dept, MIN(year) AS first, MAX(year) AS last, "
                             "COUNT(DISTINCT year) AS years FROM documents "
                             "WHERE dept IS NOT NULL AND year IS NOT NULL GROUP BY dept "
                             "ORDER BY years DESC, dept LIMIT 500",
                             NULL, 0, true);
    } else {
        return 1;
    }
    if (!rows) return 0;
    sv_json(r, MHD_HTTP_OK, json_pack("{s:o}", "rows", rows));
    return 0;
}
