/*
 * pg.c - the PostgreSQL backend of store.h, through libpq: a shared server
 * for a team or a province (issue #17).
 *
 * The same queries as SQLite: "?N" parameters become "$N", every parameter is
 * sent as text with its type left to the server to infer from the statement,
 * statements are prepared once per connection and cached by their SQL text.
 * Result values: integer, numeric (SUM) and boolean columns come back as
 * JS_SVAL_INT, the rest as text, so the analyses see what SQLite gives them.
 * Rows are fetched one at a time (single-row mode): an export of millions of
 * facts never holds the whole result. Bulk rows go in by COPY (pg_copy).
 *
 * The schema (schema.c, js_store_pg_schema_sql) is created on first open in
 * one transaction under an advisory lock, so several loaders starting at once
 * on a new database create it once; schema_version records it. A loader's
 * session runs with synchronous_commit off: a crash of the server loses at
 * most the last few hundred milliseconds of commits, never half of one.
 */
#include "juesuan/store.h"
#include "store_impl.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PG_CACHE 64
#define PG_LOCK_SCHEMA 4707310 /* advisory lock key while creating the schema */

typedef struct pg_store {
    js_store base;
    PGconn *c;
    struct {
        const char *sql;
        char *text;
        char name[16];
        int nparams;
    } cache[PG_CACHE];
    int ncache, nprep;
    bool in_tx;
} pg_store;

/* SQLSTATEs where running the transaction again may succeed. */
static bool transient_state(const char *st)
{
    return st && (!strcmp(st, "40001") || !strcmp(st, "40P01") || !strcmp(st, "55P03"));
}

static int pg_fail(pg_store *p, const PGresult *r, js_err *err, const char *what)
{
    const char *st = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = r ? PQresultErrorMessage(r) : PQerrorMessage(p->c);
    p->base.transient = transient_state(st);
    char m[400];
    snprintf(m, sizeof m, "%s", msg && *msg ? msg : JS_T("the server did not answer"));
    size_t n = strlen(m);
    while (n && (m[n - 1] == '\n' || m[n - 1] == ' '))
        m[--n] = '\0';
    /* XX: internal error, data corrupted (XX001) or index corrupted (XX002) */
    int status = st && (!strcmp(st, "XX001") || !strcmp(st, "XX002")) ? JS_EINPUT : JS_EINTERNAL;
    return js_err_set(err, status, "%s: %s: %s", p->base.path, what, m);
}

static int pg_exec(pg_store *p, const char *sql, js_err *err)
{
    PGresult *r = PQexec(p->c, sql);
    ExecStatusType st = PQresultStatus(r);
    int rc = JS_OK;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) rc = pg_fail(p, r, err, "running SQL");
    PQclear(r);
    return rc;
}

static void pg_close(js_store *s)
{
    pg_store *p = (pg_store *)s;
    for (int i = 0; i < p->ncache; i++)
        free(p->cache[i].text);
    if (p->c) PQfinish(p->c);
    free((char *)p->base.path);
    free(p);
}

static int pg_begin(js_store *s, js_err *err)
{
    pg_store *p = (pg_store *)s;
    int rc = pg_exec(p, "BEGIN", err);
    if (rc == JS_OK) p->in_tx = true;
    return rc;
}

static int pg_commit(js_store *s, js_err *err)
{
    pg_store *p = (pg_store *)s;
    p->in_tx = false;
    return pg_exec(p, "COMMIT", err);
}

static int pg_rollback(js_store *s, js_err *err)
{
    pg_store *p = (pg_store *)s;
    if (!p->in_tx) return JS_OK;
    p->in_tx = false;
    return pg_exec(p, "ROLLBACK", err);
}

/* "?12" -> "$12" outside quoted text; *nparams gets the highest number. */
static char *pg_translate(const char *sql, int *nparams)
{
    size_t n = strlen(sql);
    char *out = malloc(n + 1);
    if (!out) return NULL;
    char quote = 0;
    int maxp = 0;
    for (size_t i = 0; i <= n; i++) {
        char ch = sql[i];
        if (quote) {
            if (ch == quote) quote = 0;
        } else if (ch == '\'' || ch == '"') {
            quote = ch;
        } else if (ch == '?' && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
            ch = '$';
            int v = (int)strtol(sql + i + 1, NULL, 10);
            if (v > maxp) maxp = v;
        }
        out[i] = ch;
    }
    *nparams = maxp;
    return out;
}

/* The prepared statement for sql (prepared now if new). NULL on failure. */
static const char *pg_prepare(pg_store *p, const char *sql, int *nparams, js_err *err)
{
    int slot = -1;
    for (int i = 0; i < p->ncache; i++)
        if (p->cache[i].sql == sql) {
            if (strcmp(p->cache[i].text, sql) == 0) {
                *nparams = p->cache[i].nparams;
                return p->cache[i].name;
            }
            slot = i;
            break;
        }
    if (slot < 0 && p->ncache < PG_CACHE) slot = p->ncache++;
    if (slot < 0) slot = (int)((uintptr_t)sql % PG_CACHE); /* full: replace one */
    char *text = pg_translate(sql, nparams);
    char *copy = strdup(sql);
    if (!text || !copy) {
        free(text);
        free(copy);
        js_err_set(err, JS_EINTERNAL, "out of memory");
        return NULL;
    }
    char name[16];
    snprintf(name, sizeof name, "js%d", ++p->nprep);
    PGresult *r = PQprepare(p->c, name, text, 0, NULL);
    free(text);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        pg_fail(p, r, err, "preparing a statement");
        PQclear(r);
        free(copy);
        if (p->cache[slot].sql == NULL && slot == p->ncache - 1) p->ncache--;
        return NULL;
    }
    PQclear(r);
    if (p->cache[slot].text) {
        char dealloc[40];
        snprintf(dealloc, sizeof dealloc, "DEALLOCATE %s", p->cache[slot].name);
        PQclear(PQexec(p->c, dealloc));
        free(p->cache[slot].text);
    }
    p->cache[slot].sql = sql;
    p->cache[slot].text = copy;
    p->cache[slot].nparams = *nparams;
    memcpy(p->cache[slot].name, name, sizeof name);
    return p->cache[slot].name;
}

static bool is_int_text(const char *s)
{
    if (*s == '-') s++;
    if (!*s) return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return false;
    return true;
}

#define OID_BOOL 16
#define OID_BYTEA 17
#define OID_INT8 20
#define OID_INT2 21
#define OID_INT4 23
#define OID_NUMERIC 1700

static int pg_rows(pg_store *p, PGresult *r, js_store_row_fn fn, void *ud, bool *stop)
{
    int ncols = PQnfields(r);
    if (ncols > 64) return -1;
    js_sval vals[64];
    const char *names[64];
    for (int c = 0; c < ncols; c++)
        names[c] = PQfname(r, c);
    unsigned char *blobs[64];
    for (int row = 0; row < PQntuples(r) && !*stop; row++) {
        int nblobs = 0;
        for (int c = 0; c < ncols; c++) {
            vals[c].i = 0;
            vals[c].s = NULL;
            vals[c].type = JS_SVAL_TEXT;
            if (PQgetisnull(r, row, c)) {
                vals[c].type = JS_SVAL_NULL;
                continue;
            }
            const char *v = PQgetvalue(r, row, c);
            Oid t = PQftype(r, c);
            if (t == OID_BYTEA) {
                size_t n = 0;
                unsigned char *b = PQunescapeBytea((const unsigned char *)v, &n);
                vals[c].type = JS_SVAL_BLOB;
                vals[c].s = b ? (const char *)b : "";
                vals[c].i = b ? (int64_t)n : 0;
                if (b) blobs[nblobs++] = b;
            } else if (t == OID_BOOL) {
                vals[c].type = JS_SVAL_INT;
                vals[c].i = v[0] == 't';
            } else if ((t == OID_INT8 || t == OID_INT2 || t == OID_INT4 || t == OID_NUMERIC) &&
                       is_int_text(v)) {
                vals[c].type = JS_SVAL_INT;
                vals[c].i = strtoll(v, NULL, 10);
            } else {
                vals[c].s = v;
            }
        }
        if (fn(ud, ncols, vals, names) != 0) *stop = true;
        for (int b = 0; b < nblobs; b++)
            PQfreemem(blobs[b]);
    }
    (void)p;
    return 0;
}

static int pg_query(js_store *s, const char *sql, const js_sval *params, int nparams,
                    js_store_row_fn fn, void *ud, js_err *err)
{
    pg_store *p = (pg_store *)s;
    p->base.transient = false;
    if (nparams == 0 && !fn) return pg_exec(p, sql, err); /* DDL, several statements */
    int want = 0;
    const char *name = pg_prepare(p, sql, &want, err);
    if (!name) return err ? err->status : JS_EINTERNAL;
    if (want > 64 || nparams < want)
        return js_err_set(err, JS_EINTERNAL, "%s: a statement wants %d parameters, given %d",
                          p->base.path, want, nparams);
    const char *vals[64];
    char nums[64][24];
    int lens[64], fmts[64];
    for (int i = 0; i < want; i++) {
        lens[i] = fmts[i] = 0;
        if (params[i].type == JS_SVAL_INT) {
            snprintf(nums[i], sizeof nums[i], "%lld", (long long)params[i].i);
            vals[i] = nums[i];
        } else if (params[i].type == JS_SVAL_BLOB) { /* bytes as they are: binary format */
            vals[i] = params[i].s ? params[i].s : "";
            lens[i] = (int)params[i].i;
            fmts[i] = 1;
        } else {
            vals[i] = params[i].type == JS_SVAL_TEXT ? params[i].s : NULL;
        }
    }
    if (!PQsendQueryPrepared(p->c, name, want, vals, lens, fmts, 0))
        return pg_fail(p, NULL, err, "sending a query");
    PQsetSingleRowMode(p->c);
    int rc = JS_OK;
    bool stop = false;
    PGresult *r;
    while ((r = PQgetResult(p->c)) != NULL) {
        ExecStatusType st = PQresultStatus(r);
        if (st == PGRES_SINGLE_TUPLE || st == PGRES_TUPLES_OK) {
            if (fn && !stop && rc == JS_OK && pg_rows(p, r, fn, ud, &stop) != 0)
                rc = js_err_set(err, JS_EINTERNAL, "%s: a query returns more than 64 columns",
                                p->base.path);
        } else if (st != PGRES_COMMAND_OK && rc == JS_OK) {
            rc = pg_fail(p, r, err, "running a query");
        }
        PQclear(r);
    }
    return rc;
}

/* Rows in COPY text format (tab-separated, \N for NULL) into table (cols). */
static int pg_copy(js_store *s, const char *table, const char *cols, const char *data, size_t n,
                   js_err *err)
{
    pg_store *p = (pg_store *)s;
    p->base.transient = false;
    char sql[512];
    snprintf(sql, sizeof sql, "COPY %s (%s) FROM STDIN", table, cols);
    PGresult *r = PQexec(p->c, sql);
    if (PQresultStatus(r) != PGRES_COPY_IN) {
        int rc = pg_fail(p, r, err, "starting COPY");
        PQclear(r);
        return rc;
    }
    PQclear(r);
    int ok = n == 0 || PQputCopyData(p->c, data, (int)n) == 1;
    if (PQputCopyEnd(p->c, ok ? NULL : "client failed") != 1)
        return pg_fail(p, NULL, err, "ending COPY");
    int rc = JS_OK;
    while ((r = PQgetResult(p->c)) != NULL) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK && rc == JS_OK) rc = pg_fail(p, r, err, "COPY");
        PQclear(r);
    }
    if (rc == JS_OK && !ok) rc = js_err_set(err, JS_EINTERNAL, "%s: COPY failed", p->base.path);
    return rc;
}

/* Loaders of one department and year take turns (till the end of the transaction). */
static int pg_lock(js_store *s, const char *key, js_err *err)
{
    static const char sql[] = "SELECT pg_advisory_xact_lock(hashtextextended(?1, 0))";
    js_sval k = js_sval_text(key);
    return pg_query(s, sql, &k, 1, NULL, NULL, err);
}

static const js_store_ops PG_OPS = {
    .name = "postgres",
    .close = pg_close,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .query = pg_query,
    .copy = pg_copy,
    .lock = pg_lock,
};

static int version_row(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    if (ncols > 0 && v[0].type == JS_SVAL_INT) *(int64_t *)ud = v[0].i;
    return 1;
}

/* The schema version (0: no juesuan schema yet). */
static int pg_version(pg_store *p, int64_t *v, js_err *err)
{
    static const char has_sql[] = "SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE tablename = "
                                  "'schema_version' AND schemaname = current_schema()";
    static const char ver_sql[] = "SELECT MAX(version) FROM schema_version";
    int64_t has = 0;
    *v = 0;
    int rc = pg_query(&p->base, has_sql, NULL, 0, version_row, &has, err);
    if (rc == JS_OK && has) rc = pg_query(&p->base, ver_sql, NULL, 0, version_row, v, err);
    return rc;
}

static int pg_migrate(pg_store *p, js_err *err)
{
    int64_t v = 0;
    int rc = pg_version(p, &v, err);
    if (rc == JS_OK && v > JS_STORE_SCHEMA_VERSION)
        return js_err_set(err, JS_EINPUT,
                          "%s: the database has schema version %lld, newer than this juesuan (%d)",
                          p->base.path, (long long)v, JS_STORE_SCHEMA_VERSION);
    if (rc != JS_OK || v == JS_STORE_SCHEMA_VERSION) return rc;
    if (p->base.readonly && v > 0)
        return js_err_set(err, JS_EINPUT,
                          "%s: schema version %lld, older than this juesuan's %d: migrate it "
                          "once with 'juesuan db --db %s migrate' (in place; every row is kept)",
                          p->base.path, (long long)v, JS_STORE_SCHEMA_VERSION, p->base.path);
    if (p->base.readonly)
        return js_err_set(err, JS_EINPUT, "%s: no juesuan database here (load one first)",
                          p->base.path);
    char lock[64];
    snprintf(lock, sizeof lock, "SELECT pg_advisory_xact_lock(%d)", PG_LOCK_SCHEMA);
    rc = pg_begin(&p->base, err);
    if (rc == JS_OK) rc = pg_exec(p, lock, err);
    if (rc == JS_OK) rc = pg_version(p, &v, err); /* another loader may have done it */
    for (int m = (int)v; rc == JS_OK && m < JS_STORE_SCHEMA_VERSION; m++) {
        const char *sql = js_store_pg_migration(m);
        if (!sql) break;
        rc = pg_exec(p, sql, err);
    }
    if (rc == JS_OK) rc = pg_commit(&p->base, err);
    if (rc != JS_OK) pg_rollback(&p->base, NULL);
    return rc;
}

int js_store_pg_open(const char *conninfo, int flags, js_store **out, js_err *err)
{
    *out = NULL;
    pg_store *p = calloc(1, sizeof *p);
    if (!p) return js_err_set(err, JS_EINTERNAL, "out of memory");
    p->base.ops = &PG_OPS;
    p->base.readonly = (flags & JS_STORE_READONLY) != 0;
    /* the name shown in messages: the connection string without a password */
    char shown[256];
    snprintf(shown, sizeof shown, "%s", conninfo);
    char *at = strchr(shown, '@'), *colon = strchr(shown + 13, ':');
    if (at && colon && colon < at) memmove(colon, at, strlen(at) + 1);
    p->base.path = strdup(shown);
    if (!p->base.path) {
        free(p);
        return js_err_set(err, JS_EINTERNAL, "out of memory");
    }
    const char *keys[] = {"dbname", "client_encoding", "application_name", "connect_timeout", NULL};
    const char *vals[] = {conninfo, "UTF8", "juesuan", "10", NULL};
    p->c = PQconnectdbParams(keys, vals, 1);
    if (!p->c || PQstatus(p->c) != CONNECTION_OK) {
        char m[300];
        snprintf(m, sizeof m, "%s", p->c ? PQerrorMessage(p->c) : JS_T("out of memory"));
        size_t n = strlen(m);
        while (n && (m[n - 1] == '\n' || m[n - 1] == ' '))
            m[--n] = '\0';
        int rc = js_err_set(err, JS_EINTERNAL, "%s: cannot connect: %s", p->base.path, m);
        pg_close(&p->base);
        return rc;
    }
    int rc = pg_exec(p,
                     p->base.readonly ? "SET default_transaction_read_only = on"
                                      : "SET synchronous_commit = off",
                     err);
    if (rc == JS_OK) rc = pg_exec(p, "SET client_min_messages = warning", err);
    if (rc == JS_OK) rc = pg_migrate(p, err);
    if (rc != JS_OK) {
        pg_close(&p->base);
        return rc;
    }
    *out = &p->base;
    return JS_OK;
}
