/*
 * server.c - the HTTP side of serve.h: libmicrohttpd with a thread pool,
 * request bodies gathered within bounds, multipart uploads, the static
 * assets, the session gate, and the responses with their security headers.
 *
 * A request's body is kept in memory up to --max-upload; all bodies being
 * received at once are bounded by max_inflight (503 beyond). A body announced
 * larger than the limit is refused at once (413) and the connection closed.
 */
#include "serve_impl.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

void sv_log(js_server *s, const char *fmt, ...)
{
    if (!s->o.log) return;
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    s->o.log(s->o.log_ud, line);
}

/* libmicrohttpd hands over its own printf format and arguments. */
__attribute__((format(printf, 2, 0))) static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    js_server *s = cls;
    if (!s->o.log) return;
    char line[1024];
    vsnprintf(line, sizeof line, fmt, ap);
    size_t n = strlen(line);
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    s->o.log(s->o.log_ud, line);
}

int sv_json(sv_req *r, int status, json_t *j)
{
    r->status = status;
    r->ctype = "application/json; charset=utf-8";
    r->out.len = 0;
    char *text = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(j);
    if (!text) {
        r->status = MHD_HTTP_INTERNAL_SERVER_ERROR;
        js_buf_puts(&r->out, "{\"error\":\"内存不足\"}");
        return r->status;
    }
    js_buf_puts(&r->out, text);
    free(text);
    return status;
}

int sv_error(sv_req *r, int status, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_t *j = json_object();
    json_t *m = json_string(msg);
    if (!m) m = json_string("请求无法处理");
    json_object_set_new(j, "error", m);
    return sv_json(r, status, j);
}

const char *sv_query(sv_req *r, const char *key)
{
    return MHD_lookup_connection_value(r->con, MHD_GET_ARGUMENT_KIND, key);
}

/* ---- multipart ------------------------------------------------------------- */

static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *filename, const char *content_type,
                               const char *transfer_encoding, const char *data, uint64_t off,
                               size_t size)
{
    (void)kind;
    (void)content_type;
    (void)transfer_encoding;
    sv_req *r = cls;
    sv_part *p = r->nparts ? &r->parts[r->nparts - 1] : NULL;
    bool same = p && off > 0 && strcmp(p->name, key ? key : "") == 0;
    if (!same) {
        if (r->nparts == SV_MAX_PARTS) return MHD_NO;
        p = &r->parts[r->nparts++];
        p->name = strdup(key ? key : "");
        p->filename = strdup(filename ? filename : "");
        js_buf_init(&p->data);
        if (!p->name || !p->filename) return MHD_NO;
    }
    if (size) js_buf_append(&p->data, data, size);
    return p->data.oom ? MHD_NO : MHD_YES;
}

int sv_parse_multipart(sv_req *r)
{
    const char *ct =
        MHD_lookup_connection_value(r->con, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    if (!ct || strncasecmp(ct, "multipart/form-data", 19) != 0)
        return sv_error(r, MHD_HTTP_BAD_REQUEST,
                        "请以 multipart/form-data 上传，文件字段名为 file");
    struct MHD_PostProcessor *pp = MHD_create_post_processor(r->con, 64 * 1024, on_part, r);
    if (!pp) return sv_error(r, MHD_HTTP_BAD_REQUEST, "无法解析上传内容");
    enum MHD_Result ok = MHD_post_process(pp, r->body.data ? r->body.data : "", r->body.len);
    MHD_destroy_post_processor(pp);
    if (ok != MHD_YES)
        return sv_error(r, MHD_HTTP_BAD_REQUEST, "上传内容不完整或文件过多（至多 %d 个）",
                        SV_MAX_PARTS);
    return 0;
}

json_t *sv_body_json(sv_req *r)
{
    if (r->body.len > SV_MAX_JSON) {
        sv_error(r, MHD_HTTP_CONTENT_TOO_LARGE, "请求内容过大（JSON 至多 %d 字节）", SV_MAX_JSON);
        return NULL;
    }
    json_error_t je;
    json_t *j = r->body.len ? json_loadb(r->body.data, r->body.len, 0, &je) : NULL;
    if (!json_is_object(j)) {
        json_decref(j);
        sv_error(r, MHD_HTTP_BAD_REQUEST, "请求内容应为 JSON 对象");
        return NULL;
    }
    return j;
}

/* ---- responses ------------------------------------------------------------- */

static void free_cb(void *p)
{
    free(p);
}

static enum MHD_Result send_response(sv_req *r)
{
    struct MHD_Response *resp;
    if (r->static_data) {
        resp = MHD_create_response_from_buffer(r->static_len, (void *)r->static_data,
                                               MHD_RESPMEM_PERSISTENT);
    } else {
        if (r->out.oom) {
            js_buf_release(&r->out);
            js_buf_init(&r->out);
            r->status = MHD_HTTP_INTERNAL_SERVER_ERROR;
            r->ctype = "application/json; charset=utf-8";
            js_buf_puts(&r->out, "{\"error\":\"内存不足\"}");
        }
        size_t len = r->out.len;
        char *data = r->out.data;
        r->out.data = NULL; /* handed to MHD */
        r->out.len = r->out.cap = 0;
        if (!data) {
            data = malloc(1);
            if (!data) return MHD_NO;
        }
        resp = MHD_create_response_from_buffer_with_free_callback(len, data, free_cb);
        if (!resp) free(data);
    }
    if (!resp) return MHD_NO;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                            r->ctype ? r->ctype : "application/json; charset=utf-8");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'self'; script-src 'self'; style-src 'self' "
                            "'unsafe-inline'; img-src 'self' data: blob:; object-src 'none'; "
                            "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
                            r->no_store ? "no-store" : "private, max-age=300");
    if (r->disposition[0])
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_DISPOSITION, r->disposition);
    if (r->cookie[0]) MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, r->cookie);
    enum MHD_Result ok = MHD_queue_response(r->con, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    sv_log(r->srv, "%s %s %d %zu %.1fms", r->method, r->url, r->status,
           r->static_data ? r->static_len : 0, now_ms() - r->t0);
    return ok;
}

/* ---- dispatch -------------------------------------------------------------- */

static void handle(sv_req *r)
{
    js_server *s = r->srv;
    r->status = MHD_HTTP_OK;
    r->no_store = true;
    const char *path = r->url;
    r->sess = sv_session_of(r);
    if (r->too_big) {
        sv_error(r, MHD_HTTP_CONTENT_TOO_LARGE,
                 "文件过大：上限为 %zu MB（服务器选项 --max-upload）",
                 s->o.max_upload / (1024 * 1024));
        return;
    }
    if (r->busy) {
        sv_error(r, MHD_HTTP_SERVICE_UNAVAILABLE, "服务器正忙（同时上传的数据过多），请稍后再试");
        return;
    }
    if (strncmp(path, "/api/", 5) == 0) {
        if (sv_auth_api(r, path) == 0) return;
        if (s->auth && !r->sess) {
            sv_error(r, MHD_HTTP_UNAUTHORIZED, "请先登录");
            return;
        }
        bool writes = strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0;
        /* /api/check changes nothing: scripts may post to it without a token */
        if (writes && strcmp(path, "/api/check") != 0 && !sv_csrf_ok(r)) {
            sv_error(r, MHD_HTTP_FORBIDDEN, "缺少或错误的 CSRF 令牌（请求头 X-CSRF-Token）");
            return;
        }
        if (sv_api(r, path) != 0) sv_error(r, MHD_HTTP_NOT_FOUND, "没有这个接口");
        return;
    }
    if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0) {
        sv_error(r, MHD_HTTP_METHOD_NOT_ALLOWED, "不支持的请求方法");
        return;
    }
    size_t len = 0;
    const char *ctype = NULL;
    const void *data = sv_asset(path, &len, &ctype);
    if (!data) {
        sv_error(r, MHD_HTTP_NOT_FOUND, "没有这个页面");
        return;
    }
    r->static_data = data;
    r->static_len = len;
    r->ctype = ctype;
    r->no_store = strcmp(path, "/") == 0 || strcmp(path, "/index.html") == 0;
}

static void release_reserve(sv_req *r)
{
    if (!r->reserved) return;
    pthread_mutex_lock(&r->srv->mu);
    r->srv->inflight -= r->reserved;
    pthread_mutex_unlock(&r->srv->mu);
    r->reserved = 0;
}

/* Count n more bytes of body against the server's budget. */
static bool reserve(sv_req *r, size_t n)
{
    js_server *s = r->srv;
    bool ok;
    pthread_mutex_lock(&s->mu);
    ok = s->inflight + n <= s->o.max_inflight;
    if (ok) s->inflight += n;
    pthread_mutex_unlock(&s->mu);
    if (ok) r->reserved += n;
    return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *con, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)version;
    js_server *s = cls;
    sv_req *r = *con_cls;
    if (!r) {
        r = calloc(1, sizeof *r);
        if (!r) return MHD_NO;
        r->srv = s;
        r->con = con;
        r->method = method;
        r->url = url;
        r->t0 = now_ms();
        js_buf_init(&r->body);
        js_buf_init(&r->out);
        *con_cls = r;
        const char *cl =
            MHD_lookup_connection_value(con, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl) {
            char *end = NULL;
            unsigned long long v = strtoull(cl, &end, 10);
            if (end != cl && v > s->o.max_upload) {
                r->too_big = true;
                /* far too big: answer now and let MHD close the connection */
                if (v > 4 * (unsigned long long)s->o.max_upload) {
                    handle(r);
                    return send_response(r);
                }
            }
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        /* a body trickling in (slowloris) is cut off: the idle timeout alone never fires */
        if (now_ms() - r->t0 > SV_MAX_BODY_SECONDS * 1000.0) {
            sv_log(s, JS_T("%s %s: body not received within %d s, connection closed"), method, url,
                   SV_MAX_BODY_SECONDS);
            return MHD_NO;
        }
        if (r->too_big || r->busy) return MHD_YES; /* read and drop */
        if (r->body.len + n > s->o.max_upload) {
            r->too_big = true;
            js_buf_release(&r->body);
            js_buf_init(&r->body);
            release_reserve(r);
            return MHD_YES;
        }
        if (!reserve(r, n)) {
            r->busy = true;
            js_buf_release(&r->body);
            js_buf_init(&r->body);
            release_reserve(r);
            return MHD_YES;
        }
        js_buf_append(&r->body, upload_data, n);
        return r->body.oom ? MHD_NO : MHD_YES;
    }
    handle(r);
    return send_response(r);
}

static void on_completed(void *cls, struct MHD_Connection *con, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)con;
    (void)toe;
    sv_req *r = *con_cls;
    if (!r) return;
    release_reserve(r);
    js_buf_release(&r->body);
    js_buf_release(&r->out);
    for (int i = 0; i < r->nparts; i++) {
        free(r->parts[i].name);
        free(r->parts[i].filename);
        js_buf_release(&r->parts[i].data);
    }
    free(r);
    *con_cls = NULL;
}

/* ---- start and stop ---------------------------------------------------------- */

static int parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len, bool *v6,
                        js_err *err)
{
    char host[256];
    const char *colon = strrchr(listen, ':');
    if (!colon || colon == listen || (size_t)(colon - listen) >= sizeof host)
        return js_err_set(err, JS_EUSAGE, "--listen wants ADDR:PORT, not '%s'", listen);
    size_t hl = (size_t)(colon - listen);
    memcpy(host, listen, hl);
    host[hl] = '\0';
    if (host[0] == '[' && hl > 2 && host[hl - 1] == ']') {
        memmove(host, host + 1, hl - 2);
        host[hl - 2] = '\0';
    }
    if (strcmp(host, "localhost") == 0) snprintf(host, sizeof host, "127.0.0.1");
    char *end = NULL;
    long port = strtol(colon + 1, &end, 10);
    if (!colon[1] || *end || port < 0 || port > 65535)
        return js_err_set(err, JS_EUSAGE, "--listen: bad port in '%s'", listen);
    struct addrinfo hints, *ai = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    hints.ai_socktype = SOCK_STREAM;
    char ps[16];
    snprintf(ps, sizeof ps, "%ld", port);
    if (getaddrinfo(host, ps, &hints, &ai) != 0 || !ai)
        return js_err_set(err, JS_EUSAGE,
                          "--listen: '%s' is not a numeric address (such as 127.0.0.1)", host);
    memcpy(ss, ai->ai_addr, ai->ai_addrlen);
    *len = ai->ai_addrlen;
    *v6 = ai->ai_family == AF_INET6;
    freeaddrinfo(ai);
    return JS_OK;
}

/* Bind once ourselves first, for a clear message when the port is taken. */
static int probe_bind(const struct sockaddr_storage *ss, socklen_t len, const char *listen,
                      js_err *err)
{
    int fd = socket(ss->ss_family, SOCK_STREAM, 0);
    if (fd < 0) return js_err_set(err, JS_EINTERNAL, "socket: %s", strerror(errno));
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    int rc = bind(fd, (const struct sockaddr *)ss, len);
    int e = errno;
    close(fd);
    if (rc != 0) return js_err_set(err, JS_EUSAGE, "cannot listen on %s: %s", listen, strerror(e));
    return JS_OK;
}

int js_serve_start(const js_ctx *ctx, const js_serve_opts *opts, js_server **out, js_err *err)
{
    *out = NULL;
    js_server *s = calloc(1, sizeof *s);
    if (!s) return js_err_set(err, JS_EINTERNAL, "out of memory");
    s->ctx = ctx;
    s->o = *opts;
    if (!s->o.listen) s->o.listen = "127.0.0.1:8080";
    if (!s->o.max_upload) s->o.max_upload = 50u * 1024 * 1024;
    if (s->o.threads <= 0) s->o.threads = 4;
    if (s->o.threads > 64) s->o.threads = 64;
    if (!s->o.timeout_s) s->o.timeout_s = 60;
    if (!s->o.max_inflight) s->o.max_inflight = 8 * s->o.max_upload;
    pthread_mutex_init(&s->mu, NULL);
    pthread_mutex_init(&s->store_mu, NULL);
    sv_random_hex(s->anon_csrf, 32);
    struct sockaddr_storage ss;
    socklen_t sl = 0;
    bool v6 = false;
    int rc = parse_listen(s->o.listen, &ss, &sl, &v6, err);
    if (rc == JS_OK && s->o.auth_file) rc = sv_users_load(s, err);
    if (rc == JS_OK) rc = js_store_open(s->o.db, &s->store, err);
    if (rc == JS_OK) rc = probe_bind(&ss, sl, s->o.listen, err);
    if (rc == JS_OK) {
        unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
        if (v6) flags |= MHD_USE_IPv6;
        s->d = MHD_start_daemon(
            flags, 0, NULL, NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, s,
            MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE,
            (unsigned)s->o.threads, MHD_OPTION_CONNECTION_TIMEOUT, s->o.timeout_s,
            MHD_OPTION_CONNECTION_LIMIT, 1000u, MHD_OPTION_PER_IP_CONNECTION_LIMIT, 0u,
            MHD_OPTION_LISTEN_BACKLOG_SIZE, 512u, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
            MHD_OPTION_END);
        if (!s->d) rc = js_err_set(err, JS_EUSAGE, "cannot listen on %s", s->o.listen);
    }
    if (rc != JS_OK) {
        js_serve_stop(s);
        return rc;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : 0;
    *out = s;
    return JS_OK;
}

int js_serve_port(const js_server *s)
{
    return s ? s->port : 0;
}

void js_serve_stop(js_server *s)
{
    if (!s) return;
    if (s->d) MHD_stop_daemon(s->d);
    for (int i = 0; i < SV_CACHE; i++)
        if (s->cache[i]) {
            s->cache[i]->refs = 1;
            sv_doc_release(s, s->cache[i]);
        }
    js_store_close(s->store);
    sv_users_free(s);
    free(s->sessions);
    pthread_mutex_destroy(&s->mu);
    pthread_mutex_destroy(&s->store_mu);
    free(s);
}
