/*
 * auth.c - users, sessions and CSRF tokens of the web server, and the users
 * file of `juesuan user` (serve.h js_user_add).
 *
 * Passwords are hashed with libsodium's crypto_pwhash_str (Argon2id, the
 * "interactive" limits) and checked with crypto_pwhash_str_verify. A login
 * makes a session: a random 256-bit token in a cookie (HttpOnly,
 * SameSite=Strict) and a second random token the page sends back in the
 * X-CSRF-Token header of every state-changing request. Sessions live in
 * memory only: a restart logs everybody out.
 */
#include "serve_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void sv_random_hex(char *out, size_t nbytes)
{
    unsigned char raw[64];
    if (nbytes > sizeof raw) nbytes = sizeof raw;
    if (sodium_init() < 0) {
        /* cannot happen on Linux with getrandom; refuse to make a weak token */
        abort();
    }
    randombytes_buf(raw, nbytes);
    sodium_bin2hex(out, 2 * nbytes + 1, raw, nbytes);
}

/* ---- the users file ----------------------------------------------------------- */

static bool name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > 64) return false;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == ':' || *p == 0x7f) return false;
    return true;
}

/* Read the file into lines (NULL-terminated array of malloc'd strings). */
static int read_lines(const char *file, char ***out, int *n, bool missing_ok, js_err *err)
{
    *out = NULL;
    *n = 0;
    js_buf b;
    js_buf_init(&b);
    js_err e2;
    if (js_file_read(file, &b, &e2) != JS_OK) {
        js_buf_release(&b);
        if (missing_ok && access(file, F_OK) != 0) return JS_OK;
        return js_err_set(err, JS_EINPUT, "%s: cannot read the users file", file);
    }
    int cap = 0;
    char **v = NULL;
    char *p = b.data ? b.data : "";
    while (*p) {
        char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len && p[len - 1] == '\r') len--;
        if (len && p[0] != '#') {
            if (*n + 1 >= cap) {
                cap = cap ? cap * 2 : 16;
                char **nv = realloc(v, (size_t)cap * sizeof *nv);
                if (!nv) break;
                v = nv;
            }
            v[*n] = strndup(p, len);
            if (v[*n]) (*n)++;
        }
        if (!nl) break;
        p = nl + 1;
    }
    js_buf_release(&b);
    *out = v;
    return JS_OK;
}

static void free_lines(char **v, int n)
{
    for (int i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static int write_lines(const char *file, char **v, int n, js_err *err)
{
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.tmpXXXXXX", file) >= (int)sizeof tmp)
        return js_err_set(err, JS_EUSAGE, "%s: file name too long", file);
    int fd = mkstemp(tmp);
    if (fd < 0) return js_err_set(err, JS_EINPUT, "%s: cannot write: %s", file, strerror(errno));
    fchmod(fd, 0600);
    FILE *f = fdopen(fd, "w");
    bool ok = f != NULL;
    if (ok) fputs("# juesuan users: name:Argon2id hash (juesuan user add)\n", f);
    for (int i = 0; ok && i < n; i++)
        ok = v[i] && v[i][0] && fprintf(f, "%s\n", v[i]) > 0;
    ok = f && ok && fflush(f) == 0 && fsync(fd) == 0;
    if (f) ok = fclose(f) == 0 && ok;
    if (ok && rename(tmp, file) != 0) ok = false;
    if (!ok) {
        unlink(tmp);
        return js_err_set(err, JS_EINPUT, "%s: cannot write the users file", file);
    }
    return JS_OK;
}

static int find_user(char **v, int n, const char *name)
{
    size_t nl = strlen(name);
    for (int i = 0; i < n; i++)
        if (v[i] && strncmp(v[i], name, nl) == 0 && v[i][nl] == ':') return i;
    return -1;
}

int js_user_add(const char *file, const char *name, const char *password, js_err *err)
{
    if (!name_ok(name))
        return js_err_set(err, JS_EUSAGE,
                          "user name must be 1-64 characters without ':' or control characters");
    if (strlen(password) < 8)
        return js_err_set(err, JS_EUSAGE, "the password must have at least 8 characters");
    if (sodium_init() < 0) return js_err_set(err, JS_EINTERNAL, "libsodium cannot start");
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return js_err_set(err, JS_EINTERNAL, "out of memory hashing the password");
    char **v = NULL;
    int n = 0;
    int rc = read_lines(file, &v, &n, true, err);
    if (rc != JS_OK) return rc;
    size_t need = strlen(name) + strlen(hash) + 2;
    char *line = malloc(need);
    if (!line) {
        free_lines(v, n);
        return js_err_set(err, JS_EINTERNAL, "out of memory");
    }
    snprintf(line, need, "%s:%s", name, hash);
    int at = find_user(v, n, name);
    if (at >= 0) {
        free(v[at]);
        v[at] = line;
    } else {
        char **nv = realloc(v, (size_t)(n + 1) * sizeof *nv);
        if (!nv) {
            free(line);
            free_lines(v, n);
            return js_err_set(err, JS_EINTERNAL, "out of memory");
        }
        v = nv;
        v[n++] = line;
    }
    rc = write_lines(file, v, n, err);
    free_lines(v, n);
    return rc;
}

int js_user_remove(const char *file, const char *name, js_err *err)
{
    char **v = NULL;
    int n = 0;
    int rc = read_lines(file, &v, &n, false, err);
    if (rc != JS_OK) return rc;
    int at = find_user(v, n, name);
    if (at < 0) {
        free_lines(v, n);
        return js_err_set(err, JS_EUSAGE, "%s: no user '%s'", file, name);
    }
    free(v[at]);
    v[at] = NULL;
    rc = write_lines(file, v, n, err);
    free_lines(v, n);
    return rc;
}

int sv_users_load(js_server *s, js_err *err)
{
    if (sodium_init() < 0) return js_err_set(err, JS_EINTERNAL, "libsodium cannot start");
    char **v = NULL;
    int n = 0;
    int rc = read_lines(s->o.auth_file, &v, &n, false, err);
    if (rc != JS_OK) return rc;
    s->users = calloc((size_t)(n ? n : 1), sizeof *s->users);
    if (!s->users) {
        free_lines(v, n);
        return js_err_set(err, JS_EINTERNAL, "out of memory");
    }
    for (int i = 0; i < n; i++) {
        char *c = strchr(v[i], ':');
        if (!c || c == v[i] || strncmp(c + 1, "$argon2", 7) != 0) {
            free_lines(v, n);
            return js_err_set(err, JS_EINPUT,
                              "%s: line %d is not name:hash (make users with 'juesuan user add')",
                              s->o.auth_file, i + 1);
        }
        *c = '\0';
        s->users[s->nusers].name = strdup(v[i]);
        s->users[s->nusers].hash = strdup(c + 1);
        if (s->users[s->nusers].name && s->users[s->nusers].hash) s->nusers++;
    }
    free_lines(v, n);
    if (s->nusers == 0)
        return js_err_set(err, JS_EINPUT, "%s: no users (add one with 'juesuan user add')",
                          s->o.auth_file);
    s->auth = true;
    return JS_OK;
}

void sv_users_free(js_server *s)
{
    for (int i = 0; i < s->nusers; i++) {
        free(s->users[i].name);
        sodium_memzero(s->users[i].hash, strlen(s->users[i].hash));
        free(s->users[i].hash);
    }
    free(s->users);
    s->users = NULL;
    s->nusers = 0;
}

/* ---- sessions ------------------------------------------------------------------ */

const sv_session *sv_session_of(sv_req *r)
{
    js_server *s = r->srv;
    if (!s->auth) return NULL;
    const char *tok = MHD_lookup_connection_value(r->con, MHD_COOKIE_KIND, "js_session");
    if (!tok || strlen(tok) != 64) return NULL;
    long long now = (long long)time(NULL);
    const sv_session *found = NULL;
    pthread_mutex_lock(&s->mu);
    for (int i = 0; i < s->nsessions; i++) {
        if (s->sessions[i].expires > now && sodium_memcmp(s->sessions[i].token, tok, 64) == 0) {
            r->sess_copy = s->sessions[i];
            found = &r->sess_copy;
            break;
        }
    }
    pthread_mutex_unlock(&s->mu);
    return found;
}

static bool session_new(js_server *s, const char *user, sv_session *out)
{
    memset(out, 0, sizeof *out);
    sv_random_hex(out->token, 32);
    sv_random_hex(out->csrf, 32);
    snprintf(out->user, sizeof out->user, "%s", user);
    long long now = (long long)time(NULL);
    out->expires = now + SV_SESSION_SECONDS;
    bool ok = true;
    pthread_mutex_lock(&s->mu);
    if (!s->sessions) s->sessions = calloc(SV_MAX_SESSIONS, sizeof *s->sessions);
    if (!s->sessions) {
        ok = false;
    } else {
        int slot = -1, oldest = 0;
        for (int i = 0; i < s->nsessions; i++) {
            if (s->sessions[i].expires <= now) {
                slot = i;
                break;
            }
            if (s->sessions[i].expires < s->sessions[oldest].expires) oldest = i;
        }
        if (slot < 0) slot = s->nsessions < SV_MAX_SESSIONS ? s->nsessions++ : oldest;
        s->sessions[slot] = *out;
    }
    pthread_mutex_unlock(&s->mu);
    return ok;
}

static void session_end(js_server *s, const char *token)
{
    pthread_mutex_lock(&s->mu);
    for (int i = 0; i < s->nsessions; i++)
        if (sodium_memcmp(s->sessions[i].token, token, 64) == 0) s->sessions[i].expires = 0;
    pthread_mutex_unlock(&s->mu);
}

bool sv_csrf_ok(sv_req *r)
{
    js_server *s = r->srv;
    const char *origin = MHD_lookup_connection_value(r->con, MHD_HEADER_KIND, "Origin");
    const char *host = MHD_lookup_connection_value(r->con, MHD_HEADER_KIND, "Host");
    if (origin && strcmp(origin, "null") != 0) {
        const char *o = strstr(origin, "://");
        if (!host || !o || strcmp(o + 3, host) != 0) return false;
    }
    const char *tok = MHD_lookup_connection_value(r->con, MHD_HEADER_KIND, "X-CSRF-Token");
    if (!tok || strlen(tok) != 64) return false;
    const char *want = s->auth ? (r->sess ? r->sess->csrf : NULL) : s->anon_csrf;
    return want && sodium_memcmp(want, tok, 64) == 0;
}

static int api_session(sv_req *r)
{
    js_server *s = r->srv;
    json_t *j = json_object();
    json_object_set_new(j, "auth", json_boolean(s->auth));
    json_object_set_new(j, "user", r->sess ? json_string(r->sess->user) : json_null());
    const char *csrf = s->auth ? (r->sess ? r->sess->csrf : NULL) : s->anon_csrf;
    json_object_set_new(j, "csrf", csrf ? json_string(csrf) : json_null());
    json_object_set_new(j, "max_upload", json_integer((json_int_t)s->o.max_upload));
    json_object_set_new(j, "charts", json_boolean(sv_have_charts()));
    json_object_set_new(j, "version", json_string(JS_VERSION));
    return sv_json(r, MHD_HTTP_OK, j);
}

/* Is name blocked after too many failed logins? With fail, count one more
 * failure; with ok, forget its failures. */
static bool login_guard(js_server *s, const char *name, int what)
{
    long long now = (long long)time(NULL);
    bool blocked = false;
    pthread_mutex_lock(&s->mu);
    sv_fail *e = NULL, *free_slot = NULL;
    for (int i = 0; i < SV_MAX_FAILS; i++) {
        sv_fail *f = &s->fails[i];
        if (f->count && now - f->first > SV_FAIL_SECONDS) f->count = 0; /* expired */
        if (f->count && strcmp(f->user, name) == 0) e = f;
        if (!f->count && !free_slot) free_slot = f;
    }
    if (what == 0) {
        blocked = e && e->count >= SV_FAIL_LIMIT;
    } else if (what < 0) {
        if (!e && free_slot) {
            e = free_slot;
            snprintf(e->user, sizeof e->user, "%s", name);
            e->first = now;
        }
        if (e) e->count++;
    } else if (e) {
        e->count = 0;
    }
    pthread_mutex_unlock(&s->mu);
    return blocked;
}

static int api_login(sv_req *r)
{
    js_server *s = r->srv;
    const char *ct =
        MHD_lookup_connection_value(r->con, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    if (!ct || strncasecmp(ct, "application/json", 16) != 0)
        return sv_error(r, MHD_HTTP_BAD_REQUEST, "登录请求应为 JSON");
    if (!s->auth) return sv_error(r, MHD_HTTP_BAD_REQUEST, "本服务器未启用登录（--auth）");
    json_t *j = sv_body_json(r);
    if (!j) return r->status;
    const char *user = json_string_value(json_object_get(j, "user"));
    const char *pw = json_string_value(json_object_get(j, "password"));
    if (user && login_guard(s, user, 0)) {
        sv_log(s, JS_T("login refused for '%.64s': too many failures"), user);
        json_decref(j);
        return sv_error(r, MHD_HTTP_TOO_MANY_REQUESTS, "登录失败次数过多，请 %d 分钟后再试",
                        SV_FAIL_SECONDS / 60);
    }
    const char *hash = NULL;
    for (int i = 0; user && i < s->nusers; i++)
        if (strcmp(s->users[i].name, user) == 0) hash = s->users[i].hash;
    bool ok = hash && pw && crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
    sv_session ses;
    if (ok && !session_new(s, user, &ses)) ok = false;
    if (user) login_guard(s, user, ok ? 1 : -1);
    if (!ok) {
        sv_log(s, JS_T("login failed for '%.64s'"), user ? user : "");
        json_decref(j);
        return sv_error(r, MHD_HTTP_UNAUTHORIZED, "用户名或密码不对");
    }
    json_decref(j);
    snprintf(r->cookie, sizeof r->cookie,
             "js_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d", ses.token,
             SV_SESSION_SECONDS);
    json_t *o = json_object();
    json_object_set_new(o, "user", json_string(ses.user));
    json_object_set_new(o, "csrf", json_string(ses.csrf));
    return sv_json(r, MHD_HTTP_OK, o);
}

int sv_auth_api(sv_req *r, const char *path)
{
    if (strcmp(path, "/api/session") == 0) {
        api_session(r);
        return 0;
    }
    if (strcmp(path, "/api/login") == 0) {
        if (strcmp(r->method, "POST") != 0)
            sv_error(r, MHD_HTTP_METHOD_NOT_ALLOWED, "请用 POST 登录");
        else
            api_login(r);
        return 0;
    }
    if (strcmp(path, "/api/logout") == 0) {
        if (strcmp(r->method, "POST") != 0) {
            sv_error(r, MHD_HTTP_METHOD_NOT_ALLOWED, "请用 POST 退出");
        } else if (r->sess && !sv_csrf_ok(r)) {
            sv_error(r, MHD_HTTP_FORBIDDEN, "缺少或错误的 CSRF 令牌");
        } else {
            if (r->sess) session_end(r->srv, r->sess->token);
            snprintf(r->cookie, sizeof r->cookie,
                     "js_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
            sv_json(r, MHD_HTTP_OK, json_pack("{s:b}", "ok", 1));
        }
        return 0;
    }
    return 1;
}
