/*
 * serve.h - the review web page (`juesuan serve`): an HTTP server over the
 * library, with a JSON API under /api/ and the page itself (web/, compiled
 * into the library at build time).
 *
 *   browser ──HTTP── libmicrohttpd (thread pool)
 *                      ├─ static assets      (embedded: the files of web/, echarts)
 *                      ├─ /api/check         parse + check in-process, findings JSON
 *                      ├─ /api/documents…    the store (store.h), one connection, a mutex
 *                      ├─ …/pages/N.png      page images, annotated PDF (annotate.h)
 *                      └─ sessions, CSRF     users file of js_user_add (libsodium)
 *
 * No path from a request reaches the file system: assets are looked up by
 * exact name in a table, documents by number in the store. The API is
 * described in docs/web.md.
 *
 * Ownership: js_serve_start returns a server the caller stops with
 * js_serve_stop (which waits for the requests in progress). The server keeps
 * pointers to ctx and to the strings of opts (not copied): they must outlive
 * it. The library never prints: the server reports through opts->log.
 */
#ifndef JUESUAN_SERVE_H
#define JUESUAN_SERVE_H

#include "base.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct js_ctx js_ctx;
typedef struct js_server js_server;

/* One line of the server's log (a request, a failure); no newline. */
typedef void (*js_serve_log_fn)(void *ud, const char *line);

typedef struct js_serve_opts {
    const char *listen;    /* "ADDR:PORT" ("127.0.0.1:8080"; port 0: any free port) */
    const char *db;        /* store target (store.h js_store_open) */
    const char *auth_file; /* users file (js_user_add); NULL: no login needed */
    size_t max_upload;     /* bytes of one request body; 0: 50 MB */
    int threads;           /* worker threads; 0: 4 */
    unsigned timeout_s;    /* a connection idle this long is closed; 0: 60 */
    size_t max_inflight;   /* bytes of all bodies being received at once; 0: 8 x max_upload */
    js_serve_log_fn log;   /* may be NULL */
    void *log_ud;
} js_serve_opts;

/* Open the store, load the users file, bind and start serving in background
 * threads. JS_EUSAGE for a bad listen address or a port in use, JS_EINPUT for
 * an unreadable users file or database. */
int js_serve_start(const js_ctx *ctx, const js_serve_opts *opts, js_server **out, js_err *err);
/* The port actually bound (useful with port 0). */
int js_serve_port(const js_server *s);
/* Stop accepting, finish the requests in progress, free everything. NULL is harmless. */
void js_serve_stop(js_server *s);

/* Apache ECharts (echarts.min.js from web/node_modules, compiled in at build
 * time), for pages that draw charts offline (the page of `serve`, the HTML
 * reports of `juesuan report`); NULL when the build had none. */
const char *js_web_echarts(size_t *len);

/* ---- users (users.c) -----------------------------------------------------
 * The users file: one "name:hash" line per user, the hash made by libsodium's
 * crypto_pwhash_str (Argon2id). Names: 1-64 characters, no ':' nor control
 * characters. */

/* Add a user (or replace their password) in file, creating it with mode 0600;
 * the file is rewritten through a temporary file and rename. */
int js_user_add(const char *file, const char *name, const char *password, js_err *err);
/* Remove a user; JS_EUSAGE when there is none of that name. */
int js_user_remove(const char *file, const char *name, js_err *err);

#ifdef __cplusplus
}
#endif
#endif
