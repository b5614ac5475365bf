/*
 * api.c - the JSON API of the web server (docs/web.md):
 *
 *   POST /api/check                      multipart `file` (one or more) → findings JSON
 *   POST /api/documents                  multipart `file` → stored, checked
 *   GET  /api/documents?year=&region=&dept=&errors=1
 *   GET  /api/documents/ID               report + boxes + keys + model
 *   POST /api/documents/ID/accept        {"id": N, "comment": "…"}   (CSRF)
 *   POST /api/documents/ID/unaccept      {"id": N}                   (CSRF)
 *   GET  /api/documents/ID/findings.json|.csv|.xlsx
 *   GET  /api/documents/ID/annotated.pdf
 *   GET  /api/documents/ID/pages/N.png?focus=K&scale=S
 *   GET  /api/reports/overview|composition|rank|yoy   (charts)
 */
#include "serve_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A file name fit to show and to store: the last path component, control
 * characters dropped, at most 200 bytes cut at a character boundary. */
static void upload_name(const char *given, char *out, size_t size)
{
    const char *b = given ? given : "";
    for (const char *p = b; *p; p++)
        if (*p == '/' || *p == '\\') b = p + 1;
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)b; *p && o + 1 < size && o < 200; p++)
        if (*p >= 0x20 && *p != 0x7f) out[o++] = (char)*p;
    while (o > 0 && ((unsigned char)out[o - 1] & 0xC0) == 0x80)
        o--;                                                      /* drop a cut continuation … */
    if (o > 0 && ((unsigned char)out[o - 1] & 0xC0) == 0xC0) o--; /* … and its lead byte */
    out[o] = '\0';
    if (!o) snprintf(out, size, "上传文件");
}

static int files_of(sv_req *r, int *nfiles)
{
    if (sv_parse_multipart(r) != 0) return 1;
    *nfiles = 0;
    for (int i = 0; i < r->nparts; i++)
        if (strcmp(r->parts[i].name, "file") == 0) (*nfiles)++;
    if (*nfiles == 0) {
        sv_error(r, MHD_HTTP_BAD_REQUEST, "没有收到文件（multipart 字段名应为 file）");
        return 1;
    }
    return 0;
}

/* ---- POST /api/check ----------------------------------------------------------- */

static int api_check(sv_req *r)
{
    js_server *s = r->srv;
    int nfiles = 0;
    if (files_of(r, &nfiles)) return r->status;
    js_buf *out = &r->out;
    int unread = 0;
    if (nfiles > 1) js_buf_puts(out, "[");
    int k = 0;
    for (int i = 0; i < r->nparts; i++) {
        sv_part *p = &r->parts[i];
        if (strcmp(p->name, "file") != 0) continue;
        char name[256];
        upload_name(p->filename, name, sizeof name);
        js_err err;
        js_err_clear(&err);
        sv_doc *d = sv_doc_make(s, name, p->data.data ? p->data.data : "", p->data.len, &err);
        if (!d) return sv_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "内部错误：%s", err.msg);
        if (sv_doc_unreadable(d)) unread++;
        if (k++) js_buf_puts(out, ",");
        int rc = js_findings_json(d->doc, &d->f, 0, out, &err);
        sv_doc_release(s, d);
        if (rc != JS_OK)
            return sv_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "内部错误：%s", err.msg);
        js_buf_release(&p->data); /* the next file may need the memory */
        js_buf_init(&p->data);
    }
    if (nfiles > 1) js_buf_puts(out, "]");
    r->ctype = "application/json; charset=utf-8";
    r->status = unread == nfiles ? 422 : MHD_HTTP_OK;
    return r->status;
}

/* ---- POST /api/documents --------------------------------------------------------- */

static json_t *summary_json(const js_findings *f)
{
    int e, w, n;
    js_findings_summary(f, &e, &w, &n);
    return json_pack("{s:i,s:i,s:i}", "error", e, "warning", w, "notice", n);
}

static int api_store(sv_req *r)
{
    js_server *s = r->srv;
    int nfiles = 0;
    if (files_of(r, &nfiles)) return r->status;
    json_t *arr = json_array();
    int ok = 0;
    for (int i = 0; i < r->nparts; i++) {
        sv_part *p = &r->parts[i];
        if (strcmp(p->name, "file") != 0) continue;
        char name[256];
        upload_name(p->filename, name, sizeof name);
        js_err err;
        js_err_clear(&err);
        const char *data = p->data.data ? p->data.data : "";
        sv_doc *d = sv_doc_make(s, name, data, p->data.len, &err);
        json_t *o = json_object();
        json_object_set_new(o, "name", json_string(name));
        if (!d) {
            json_object_set_new(o, "error", json_string(err.msg));
        } else if (sv_doc_unreadable(d)) {
            json_object_set_new(o, "error", json_string(d->f.items[0].message));
        } else {
            bool dup = false;
            if (sv_doc_store(s, d, name, data, p->data.len, &dup, &err) != JS_OK) {
                json_object_set_new(o, "error", json_string(err.msg));
            } else {
                js_findings acc;
                pthread_mutex_lock(&s->store_mu);
                int rc = sv_findings_accepted(s, d, &acc, &err);
                pthread_mutex_unlock(&s->store_mu);
                json_object_set_new(o, "id", json_integer(d->id));
                json_object_set_new(o, "dup", json_boolean(dup));
                json_object_set_new(o, "department",
                                    d->doc->dept ? json_string(d->doc->dept) : json_null());
                json_object_set_new(o, "year",
                                    d->doc->year ? json_integer(d->doc->year) : json_null());
                json_object_set_new(o, "summary", summary_json(rc == JS_OK ? &acc : &d->f));
                js_findings_release(&acc);
                ok++;
            }
        }
        sv_doc_release(s, d);
        json_array_append_new(arr, o);
        js_buf_release(&p->data);
        js_buf_init(&p->data);
    }
    json_t *j = json_pack("{s:o}", "documents", arr);
    return sv_json(r, ok ? MHD_HTTP_OK : 422, j);
}

/* ---- GET /api/documents ------------------------------------------------------------ */

typedef struct rows_st {
    json_t *arr;
    bool objects; /* rows as objects keyed by column name, else arrays */
} rows_st;

static json_t *sval_json(const js_sval *v)
{
    if (v->type == JS_SVAL_INT) return json_integer(v->i);
    if (v->type == JS_SVAL_TEXT) {
        json_t *s = json_string(v->s);
        return s ? s : json_string("");
    }
    return json_null();
}

static int rows_row(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    rows_st *x = ud;
    json_t *o = x->objects ? json_object() : json_array();
    for (int c = 0; c < ncols; c++) {
        if (x->objects)
            json_object_set_new(o, names[c], sval_json(&v[c]));
        else
            json_array_append_new(o, sval_json(&v[c]));
    }
    json_array_append_new(x->arr, o);
    return 0;
}

/* Run a query into a JSON array (objects or arrays); NULL with an error response. */
json_t *sv_query_json(sv_req *r, const char *sql, const js_sval *p, int np, bool objects)
{
    js_server *s = r->srv;
    rows_st x = {json_array(), objects};
    js_err err;
    js_err_clear(&err);
    pthread_mutex_lock(&s->store_mu);
    int rc = js_store_query(s->store, sql, p, np, rows_row, &x, &err);
    pthread_mutex_unlock(&s->store_mu);
    if (rc != JS_OK) {
        json_decref(x.arr);
        sv_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "数据库错误：%s", err.msg);
        return NULL;
    }
    return x.arr;
}

static int api_list(sv_req *r)
{
    js_buf sql;
    js_buf_init(&sql);
    js_buf_puts(&sql, "SELECT d.id, d.hash, d.path AS name, d.dept, d.year, d.region, d.form, "
                      "d.npages, d.nerrors, d.nwarnings, d.nnotices, d.loaded_at, d.checked, "
                      "(SELECT COUNT(*) FROM sources s WHERE s.hash = d.hash) AS source "
                      "FROM documents d WHERE 1 = 1");
    js_sval p[4];
    int np = 0;
    const char *year = sv_query(r, "year"), *region = sv_query(r, "region");
    const char *dept = sv_query(r, "dept"), *errors = sv_query(r, "errors");
    if (year && *year) {
        p[np++] = js_sval_int(strtol(year, NULL, 10));
        js_buf_printf(&sql, " AND d.year = ?%d", np);
    }
    if (region && *region) {
        p[np++] = js_sval_text(region);
        js_buf_printf(&sql, " AND d.region LIKE ?%d || '%%'", np);
    }
    if (dept && *dept) {
        p[np++] = js_sval_text(dept);
        js_buf_printf(&sql, " AND d.dept LIKE '%%' || ?%d || '%%'", np);
    }
    if (errors && strcmp(errors, "1") == 0) js_buf_puts(&sql, " AND d.nerrors > 0");
    js_buf_puts(&sql, " ORDER BY d.id DESC LIMIT 2000");
    json_t *docs = sql.oom ? NULL : sv_query_json(r, sql.data, p, np, true);
    js_buf_release(&sql);
    if (!docs) return r->status ? r->status : sv_error(r, 500, "内存不足");
    json_t *years =
        sv_query_json(r, "SELECT DISTINCT year FROM documents WHERE year IS NOT NULL ORDER BY year",
                      NULL, 0, false);
    json_t *regions = sv_query_json(r,
                                    "SELECT DISTINCT region FROM documents WHERE region IS NOT "
                                    "NULL ORDER BY region",
                                    NULL, 0, false);
    if (!years || !regions) {
        json_decref(docs);
        json_decref(years);
        json_decref(regions);
        return r->status;
    }
    return sv_json(
        r, MHD_HTTP_OK,
        json_pack("{s:o,s:o,s:o}", "documents", docs, "years", years, "regions", regions));
}

/* ---- GET /api/documents/ID ---------------------------------------------------------- */

static int api_doc(sv_req *r, sv_doc *d)
{
    js_server *s = r->srv;
    js_findings acc;
    js_err err;
    js_err_clear(&err);
    pthread_mutex_lock(&s->store_mu);
    int rc = sv_findings_accepted(s, d, &acc, &err);
    json_t *meta = NULL;
    pthread_mutex_unlock(&s->store_mu);
    js_sval p[1] = {js_sval_int(d->id)};
    if (rc == JS_OK)
        meta = sv_query_json(
            r, "SELECT path AS name, loaded_at, region FROM documents WHERE id = ?1", p, 1, true);
    if (rc != JS_OK || !meta) {
        js_findings_release(&acc);
        return meta ? sv_error(r, 500, "内部错误：%s", err.msg) : r->status;
    }
    json_t *head = json_object();
    json_object_set_new(head, "id", json_integer(d->id));
    json_object_set_new(head, "hash", json_string(d->hash));
    json_object_set_new(head, "pdf", json_boolean(d->pdf));
    json_object_set_new(head, "pages", json_integer(d->doc->npages));
    json_object_set_new(head, "stored_only", json_boolean(d->stored_only));
    json_t *m0 = json_array_get(meta, 0);
    if (m0) json_object_update(head, m0);
    json_decref(meta);
    json_t *keys = json_array(), *boxes = json_array();
    for (int i = 0; i < acc.n; i++) {
        char key[1024];
        js_finding_key(&acc, i, key, sizeof key);
        json_t *k = json_string(key);
        json_array_append_new(keys, k ? k : json_string(""));
        js_loc b;
        if (js_annot_box(d->doc, &acc.items[i], &b))
            json_array_append_new(boxes, json_pack("[iffff]", b.page, (double)b.x0, (double)b.y0,
                                                   (double)b.x1, (double)b.y1));
        else
            json_array_append_new(boxes, json_null());
    }
    json_object_set_new(head, "keys", keys);
    json_object_set_new(head, "boxes", boxes);
    char *h = json_dumps(head, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(head);
    if (!h) {
        js_findings_release(&acc);
        return sv_error(r, 500, "内存不足");
    }
    /* {head…, "report": findings JSON, "model": model JSON} */
    js_buf *o = &r->out;
    o->len = 0;
    js_buf_append(o, h, strlen(h) - 1);
    free(h);
    js_buf_puts(o, ",\"report\":");
    rc = js_findings_json(d->doc, &acc, 0, o, &err);
    js_findings_release(&acc);
    js_buf_puts(o, ",\"model\":");
    if (rc == JS_OK) rc = js_doc_to_json(d->doc, o, 0, &err);
    js_buf_puts(o, "}");
    if (rc != JS_OK) return sv_error(r, 500, "内部错误：%s", err.msg);
    r->ctype = "application/json; charset=utf-8";
    r->status = MHD_HTTP_OK;
    return r->status;
}

/* ---- accept ------------------------------------------------------------------------- */

static int api_accept(sv_req *r, sv_doc *d, bool accept)
{
    js_server *s = r->srv;
    json_t *j = sv_body_json(r);
    if (!j) return r->status;
    json_int_t fid = json_integer_value(json_object_get(j, "id"));
    const char *comment = json_string_value(json_object_get(j, "comment"));
    if (fid < 1 || fid > d->f.n) {
        json_decref(j);
        return sv_error(r, MHD_HTTP_BAD_REQUEST, "没有编号为 %lld 的问题", (long long)fid);
    }
    if (accept && (!comment || !*comment || strlen(comment) > 2000)) {
        json_decref(j);
        return sv_error(r, MHD_HTTP_BAD_REQUEST, "请填写接受的理由（至多 2000 字节）");
    }
    if (d->id == 0) {
        json_decref(j);
        return sv_error(r, MHD_HTTP_CONFLICT, "文件未保存，不能接受问题");
    }
    char key[1024];
    js_finding_key(&d->f, (int)fid - 1, key, sizeof key);
    const char *who = r->sess ? r->sess->user : "本机审核人";
    js_err err;
    js_err_clear(&err);
    js_findings acc;
    js_findings_init(&acc);
    pthread_mutex_lock(&s->store_mu);
    int rc = accept ? js_store_accept(s->store, d->hash, key, who, comment, &err)
                    : js_store_unaccept(s->store, d->hash, key, &err);
    if (rc == JS_OK) rc = sv_findings_accepted(s, d, &acc, &err);
    int e = 0, w = 0, n = 0;
    if (rc == JS_OK) {
        js_findings_summary(&acc, &e, &w, &n);
        rc = js_store_set_counts(s->store, d->id, e, w, n, &err);
    }
    pthread_mutex_unlock(&s->store_mu);
    js_findings_release(&acc);
    json_decref(j);
    if (rc != JS_OK) return sv_error(r, 500, "数据库错误：%s", err.msg);
    if (accept)
        sv_log(s, JS_T("%s accepted finding %lld of document %lld"), who, (long long)fid,
               (long long)d->id);
    else
        sv_log(s, JS_T("%s withdrew the acceptance of finding %lld of document %lld"), who,
               (long long)fid, (long long)d->id);
    return sv_json(
        r, MHD_HTTP_OK,
        json_pack("{s:{s:i,s:i,s:i}}", "summary", "error", e, "warning", w, "notice", n));
}

/* ---- routing ------------------------------------------------------------------------- */

static bool is(sv_req *r, const char *method)
{
    return strcmp(r->method, method) == 0;
}

static int doc_route(sv_req *r, const char *rest)
{
    char *end = NULL;
    long long id = strtoll(rest, &end, 10);
    if (end == rest || id <= 0 || (*end && *end != '/')) return 1;
    const char *sub = *end ? end + 1 : "";
    js_err err;
    js_err_clear(&err);
    int status = 0;
    sv_doc *d = sv_doc_get(r->srv, id, &status, &err);
    if (!d) {
        sv_error(r, status, "%s", err.msg);
        return 0;
    }
    if (!*sub && is(r, "GET"))
        api_doc(r, d);
    else if (strcmp(sub, "accept") == 0 && is(r, "POST"))
        api_accept(r, d, true);
    else if (strcmp(sub, "unaccept") == 0 && is(r, "POST"))
        api_accept(r, d, false);
    else if (is(r, "GET") && sv_api_doc_out(r, d, sub) == 0)
        ;
    else
        sv_error(r, MHD_HTTP_NOT_FOUND, "没有这个接口");
    sv_doc_release(r->srv, d);
    return 0;
}

int sv_api(sv_req *r, const char *path)
{
    if (strcmp(path, "/api/check") == 0) {
        if (!is(r, "POST")) return sv_error(r, MHD_HTTP_METHOD_NOT_ALLOWED, "请用 POST 上传"), 0;
        api_check(r);
        return 0;
    }
    if (strcmp(path, "/api/documents") == 0) {
        if (is(r, "POST"))
            api_store(r);
        else if (is(r, "GET"))
            api_list(r);
        else
            sv_error(r, MHD_HTTP_METHOD_NOT_ALLOWED, "不支持的请求方法");
        return 0;
    }
    if (strncmp(path, "/api/documents/", 15) == 0) return doc_route(r, path + 15);
    if (strncmp(path, "/api/reports/", 13) == 0 && is(r, "GET")) return sv_api_report(r, path + 13);
    return 1;
}
