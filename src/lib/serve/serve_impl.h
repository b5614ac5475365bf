/* serve_impl.h - what the files of the web server share (private to src/lib/serve). */
#ifndef JUESUAN_SERVE_IMPL_H
#define JUESUAN_SERVE_IMPL_H

#include "juesuan/annotate.h"
#include "juesuan/juesuan.h"
#include "juesuan/serve.h"
#include "juesuan/store.h"

#include <jansson.h>
#include <libintl.h>
#include <microhttpd.h>
#include <pthread.h>

/* A text shown to users (the server's log lines), in the language the program chose
 * (src/cli/i18n.c); without a catalogue dgettext returns s itself. */
#define JS_T(s) dgettext("juesuan", s)

enum {
    SV_MAX_SESSIONS = 1024,
    SV_SESSION_SECONDS = 12 * 3600,
    SV_CACHE = 8,              /* documents kept parsed and checked */
    SV_MAX_PARTS = 64,         /* files in one upload */
    SV_MAX_JSON = 65536,       /* a JSON request body */
    SV_MAX_BODY_SECONDS = 600, /* a request body must arrive within this */
    SV_MAX_FAILS = 128,        /* user names whose failed logins are counted */
    SV_FAIL_LIMIT = 5,         /* failed logins of a name ... */
    SV_FAIL_SECONDS = 300,     /* ... within this many seconds block it for the rest of them */
};

/* A document read and checked, shared read-only by the requests that hold it. */
typedef struct sv_doc {
    int refs;
    int64_t id; /* store id, 0 for an unstored check */
    char hash[65];
    js_doc *doc;
    js_findings f; /* as checked, no acceptance applied */
    js_buf src;    /* the file's bytes */
    bool pdf;
    bool stored_only;   /* loaded without its file: findings from the store, no model */
    unsigned long used; /* cache clock */
} sv_doc;

typedef struct sv_session {
    char token[65]; /* cookie value, hex */
    char csrf[65];
    char user[65];
    long long expires;
} sv_session;

/* Failed logins of one user name (a brute-force guard). */
typedef struct sv_fail {
    char user[65];
    int count;
    long long first; /* time of the first failure counted */
} sv_fail;

typedef struct sv_user {
    char *name;
    char *hash;
} sv_user;

struct js_server {
    const js_ctx *ctx;
    js_serve_opts o;
    struct MHD_Daemon *d;
    int port;
    js_store *store;
    pthread_mutex_t store_mu; /* the store is one connection */
    pthread_mutex_t mu;       /* sessions, cache, inflight */
    sv_session *sessions;
    int nsessions;
    sv_user *users;
    int nusers;
    bool auth;
    char anon_csrf[65]; /* without --auth: one token for the page */
    sv_fail fails[SV_MAX_FAILS];
    sv_doc *cache[SV_CACHE];
    unsigned long clock;
    size_t inflight;
};

/* One uploaded file of a multipart body. */
typedef struct sv_part {
    char *name; /* field name */
    char *filename;
    js_buf data;
} sv_part;

/* One request: what the handlers see and fill. */
typedef struct sv_req {
    js_server *srv;
    struct MHD_Connection *con;
    const char *method, *url;
    js_buf body;
    size_t reserved; /* counted in srv->inflight */
    bool too_big, busy;
    sv_part parts[SV_MAX_PARTS];
    int nparts;
    const sv_session *sess; /* copy below when logged in */
    sv_session sess_copy;
    /* the response */
    int status;
    const char *ctype;
    js_buf out;
    const void *static_data; /* a response from constant memory instead of out */
    size_t static_len;
    char disposition[256];
    char cookie[256];
    bool no_store;
    double t0;
} sv_req;

/* ---- server.c ---- */
void sv_log(js_server *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A JSON error body {"error": msg} with status. Returns status. */
int sv_error(sv_req *r, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Serialize j (stolen) as the response body. */
int sv_json(sv_req *r, int status, json_t *j);
const char *sv_query(sv_req *r, const char *key);
/* Parse the body as multipart/form-data into r->parts. */
int sv_parse_multipart(sv_req *r);
/* Parse the body as a JSON object (NULL with an error response set). */
json_t *sv_body_json(sv_req *r);

/* ---- api.c ---- */
/* Route an /api/ request; returns non-zero when the path is not an API path. */
int sv_api(sv_req *r, const char *path);
/* Read and check bytes; on JS_EINPUT a document with a `read` finding is
 * still made (doc may be NULL only on internal errors). */
sv_doc *sv_doc_make(js_server *s, const char *name, const char *data, size_t n, js_err *err);
void sv_doc_release(js_server *s, sv_doc *d);
/* Was the upload unreadable (its one finding is the `read` one)? */
bool sv_doc_unreadable(const sv_doc *d);
/* The stored document id, read and checked (cached); when its file was not
 * kept (juesuan db load), its stored findings (stored_only). NULL with
 * *status set (404 unknown id, 500). */
sv_doc *sv_doc_get(js_server *s, int64_t id, int *status, js_err *err);
/* Copy d's findings with the acceptances of its hash applied; the caller holds store_mu. */
int sv_findings_accepted(js_server *s, const sv_doc *d, js_findings *out, js_err *err);
/* Store d with its source bytes; d->id is set and d cached. */
int sv_doc_store(js_server *s, sv_doc *d, const char *name, const char *data, size_t n, bool *dup,
                 js_err *err);

/* Run a store query into a JSON array (rows as objects or arrays); NULL with an
 * error response set. Takes store_mu. */
json_t *sv_query_json(sv_req *r, const char *sql, const js_sval *p, int np, bool objects);

/* ---- api_out.c ---- */
/* GET /api/documents/ID/<sub> downloads; non-zero when sub is not one. */
int sv_api_doc_out(sv_req *r, sv_doc *d, const char *sub);
/* GET /api/reports/<what>; non-zero when unknown. */
int sv_api_report(sv_req *r, const char *what);

/* ---- auth.c ---- */
int sv_users_load(js_server *s, js_err *err);
void sv_users_free(js_server *s);
/* The session of the request's cookie, copied into r (NULL when none). */
const sv_session *sv_session_of(sv_req *r);
/* Handle /api/login, /api/logout, /api/session. */
int sv_auth_api(sv_req *r, const char *path);
/* Is the X-CSRF-Token header right for a state-changing request? */
bool sv_csrf_ok(sv_req *r);
void sv_random_hex(char *out, size_t nbytes); /* out holds 2*nbytes+1 */

/* ---- assets.c ---- */
/* The embedded file for an exact URL path ("/", "/app.js"), or NULL. */
const void *sv_asset(const char *path, size_t *len, const char **ctype);
bool sv_have_charts(void);

#endif
