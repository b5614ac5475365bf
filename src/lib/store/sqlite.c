/*
 * sqlite.c - the SQLite backend of store.h: one database file, no server.
 *
 * The file is opened in WAL mode with synchronous=NORMAL (a commit survives a
 * crash of the process; only a power failure may lose the last commits, never
 * leave half of one) and a busy timeout, so readers query while a load runs
 * and two loaders take turns. Statements are prepared once and cached by
 * their SQL text. The schema (schema.c) is created on first open and
 * recorded in PRAGMA user_version.
 */
#include "juesuan/store.h"
#include "store_impl.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STMT_CACHE 48
#define JS_STR_(x) #x
#define JS_STR(x) JS_STR_(x)
#define BUSY_TIMEOUT_MS 30000

typedef struct sq_store {
    js_store base;
    sqlite3 *db;
    struct {
        const char *sql; /* the caller's pointer */
        char *text;      /* a copy of the statement */
        sqlite3_stmt *st;
    } cache[STMT_CACHE];
    int ncache;
    bool in_tx;
} sq_store;

/*
 * One exit code for a damaged database (docs/store.md): what SQLite says of a
 * file that is not (or no longer) a sound database, and SQL errors (a
 * damaged schema: a table or column missing) are JS_EINPUT, the database
 * being an input that cannot be read; resources (disk full, I/O, memory,
 * locks held past the timeout, read-only media) are JS_EINTERNAL.
 */
static int sq_status(int code)
{
    switch (code & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_FORMAT:
    case SQLITE_RANGE:
    case SQLITE_MISMATCH:
    case SQLITE_SCHEMA:
    case SQLITE_ERROR:
    case SQLITE_CANTOPEN:
        return JS_EINPUT;
    default:
        return JS_EINTERNAL;
    }
}

/* SQLite's message in the user's language: the errors a user meets (a file that is not a
 * database or cannot be opened, read-only, locked, damaged, a full disk) through the
 * catalogue, with SQLite's own English words as the msgids; a message with details of its
 * own (no such table: x) and any other code as SQLite says it. */
static const char *sq_errmsg(sqlite3 *db, int code)
{
    const char *m = db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    if (!m || strcmp(m, sqlite3_errstr(code)) != 0) return m ? m : JS_T("out of memory");
    switch (code & 0xff) {
    case SQLITE_NOTADB:
        return JS_T("file is not a database");
    case SQLITE_CANTOPEN:
        return JS_T("unable to open database file");
    case SQLITE_READONLY:
        return JS_T("attempt to write a readonly database");
    case SQLITE_BUSY:
        return JS_T("database is locked");
    case SQLITE_CORRUPT:
        return JS_T("database disk image is malformed");
    case SQLITE_FULL:
        return JS_T("database or disk is full");
    case SQLITE_IOERR:
        return JS_T("disk I/O error");
    case SQLITE_NOMEM:
        return JS_T("out of memory");
    default:
        return m;
    }
}

static int sq_fail(sq_store *q, js_err *err, const char *what)
{
    int code = sqlite3_errcode(q->db);
    bool damaged = (code & 0xff) == SQLITE_CORRUPT || (code & 0xff) == SQLITE_NOTADB;
    if (damaged)
        return js_err_set(err, sq_status(code), "%s: the database is damaged: %s: %s", q->base.path,
                          what, sq_errmsg(q->db, code));
    return js_err_set(err, sq_status(code), "%s: %s: %s", q->base.path, what,
                      sq_errmsg(q->db, code));
}

static int sq_exec(sq_store *q, const char *sql, js_err *err)
{
    char *msg = NULL;
    int code = sqlite3_exec(q->db, sql, NULL, NULL, &msg);
    if (code != SQLITE_OK) {
        int rc = js_err_set(err, sq_status(code), "%s: %s", q->base.path,
                            msg ? msg : sqlite3_errmsg(q->db));
        sqlite3_free(msg);
        return rc;
    }
    return JS_OK;
}

static void sq_close(js_store *s)
{
    sq_store *q = (sq_store *)s;
    for (int i = 0; i < q->ncache; i++) {
        sqlite3_finalize(q->cache[i].st);
        free(q->cache[i].text);
    }
    if (q->in_tx) sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(q->db);
    free((char *)q->base.path);
    free(q);
}

static int sq_begin(js_store *s, js_err *err)
{
    sq_store *q = (sq_store *)s;
    /* IMMEDIATE: take the write lock now (waiting up to the busy timeout), so
     * the transaction never fails half-way on a lock upgrade */
    int rc = sq_exec(q, "BEGIN IMMEDIATE", err);
    if (rc == JS_OK) q->in_tx = true;
    return rc;
}

static int sq_commit(js_store *s, js_err *err)
{
    sq_store *q = (sq_store *)s;
    int rc = sq_exec(q, "COMMIT", err);
    if (rc == JS_OK) q->in_tx = false;
    return rc;
}

static int sq_rollback(js_store *s, js_err *err)
{
    sq_store *q = (sq_store *)s;
    if (!q->in_tx) return JS_OK;
    q->in_tx = false;
    return sq_exec(q, "ROLLBACK", err);
}

/* Statements are cached by the caller's pointer, checked against a copy of
 * the text: a caller reusing a buffer for another statement gets a new one. */
static sqlite3_stmt *sq_prepare(sq_store *q, const char *sql, bool *cached, js_err *err)
{
    int slot = -1;
    for (int i = 0; i < q->ncache; i++)
        if (q->cache[i].sql == sql) {
            if (strcmp(q->cache[i].text, sql) == 0) {
                *cached = true;
                return q->cache[i].st;
            }
            slot = i; /* same buffer, another statement: replace it */
            break;
        }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(q->db, sql, -1, &st, NULL) != SQLITE_OK) {
        sq_fail(q, err, JS_T("preparing a statement"));
        return NULL;
    }
    *cached = false;
    char *text = strdup(sql);
    if (!text) return st;
    if (slot >= 0) {
        sqlite3_finalize(q->cache[slot].st);
        free(q->cache[slot].text);
    } else if (q->ncache < STMT_CACHE) {
        slot = q->ncache++;
    } else {
        free(text);
        return st;
    }
    q->cache[slot].sql = sql;
    q->cache[slot].text = text;
    q->cache[slot].st = st;
    *cached = true;
    return st;
}

static int sq_query(js_store *s, const char *sql, const js_sval *params, int nparams,
                    js_store_row_fn fn, void *ud, js_err *err)
{
    sq_store *q = (sq_store *)s;
    if (nparams == 0 && !fn) return sq_exec(q, sql, err); /* DDL, several statements */
    bool cached = false;
    sqlite3_stmt *st = sq_prepare(q, sql, &cached, err);
    if (!st) return err ? err->status : JS_EINTERNAL;
    int rc = JS_OK;
    for (int i = 0; i < nparams; i++) {
        int b;
        if (params[i].type == JS_SVAL_INT)
            b = sqlite3_bind_int64(st, i + 1, params[i].i);
        else if (params[i].type == JS_SVAL_TEXT && params[i].s)
            b = sqlite3_bind_text(st, i + 1, params[i].s, -1, SQLITE_STATIC);
        else if (params[i].type == JS_SVAL_BLOB && params[i].s)
            b = sqlite3_bind_blob64(st, i + 1, params[i].s, (sqlite3_uint64)params[i].i,
                                    SQLITE_STATIC);
        else
            b = sqlite3_bind_null(st, i + 1);
        if (b != SQLITE_OK) {
            rc = sq_fail(q, err, JS_T("binding a parameter"));
            goto done;
        }
    }
    int ncols = sqlite3_column_count(st);
    js_sval vals[64];
    const char *names[64];
    if (ncols > 64) {
        rc =
            js_err_set(err, JS_EINTERNAL, "%s: a query returns more than 64 columns", q->base.path);
        goto done;
    }
    for (int c = 0; c < ncols; c++)
        names[c] = sqlite3_column_name(st, c);
    for (;;) {
        int step = sqlite3_step(st);
        if (step == SQLITE_DONE) break;
        if (step != SQLITE_ROW) {
            rc = sq_fail(q, err, JS_T("running a query"));
            break;
        }
        if (!fn) continue;
        for (int c = 0; c < ncols; c++) {
            int t = sqlite3_column_type(st, c);
            vals[c].i = 0;
            vals[c].s = NULL;
            if (t == SQLITE_NULL) {
                vals[c].type = JS_SVAL_NULL;
            } else if (t == SQLITE_BLOB) {
                vals[c].type = JS_SVAL_BLOB;
                vals[c].s = sqlite3_column_blob(st, c);
                vals[c].i = sqlite3_column_bytes(st, c);
                if (!vals[c].s) vals[c].s = "";
            } else if (t == SQLITE_INTEGER) {
                vals[c].type = JS_SVAL_INT;
                vals[c].i = sqlite3_column_int64(st, c);
            } else {
                vals[c].type = JS_SVAL_TEXT;
                vals[c].s = (const char *)sqlite3_column_text(st, c);
                if (!vals[c].s) vals[c].s = "";
                if (t == SQLITE_FLOAT) vals[c].i = sqlite3_column_int64(st, c);
            }
        }
        if (fn(ud, ncols, vals, names) != 0) break;
    }
done:
    if (cached) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
    } else {
        sqlite3_finalize(st);
    }
    return rc;
}

static const js_store_ops SQLITE_OPS = {
    .name = "sqlite",
    .close = sq_close,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .query = sq_query,
};

static int sq_user_version(sq_store *q, int *v, js_err *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(q->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return sq_fail(q, err, JS_T("reading the schema version"));
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        return sq_fail(q, err, JS_T("reading the schema version"));
    }
    *v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return JS_OK;
}

/* js_hash(text): 32-bit FNV-1a, the check value of a row of sums (store_impl.h). */
static void sq_hash(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const unsigned char *t = sqlite3_value_text(argv[0]);
    if (!t) {
        sqlite3_result_null(ctx);
        return;
    }
    uint32_t h = 2166136261u;
    for (; *t; t++)
        h = (h ^ *t) * 16777619u;
    sqlite3_result_int64(ctx, (int32_t)h);
}

/* js_sums_chk(year, region, tbl, row_key, col_key, value, units): the same as
 * js_hash(year || '|' || region || … || '|' || units) (JS_SUMS_CHK) without
 * building the text: the load computes it for every key it writes. */
static void sq_sums_chk(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    uint32_t h = 2166136261u;
    for (int i = 0; i < argc; i++) {
        if (i) h = js_fnv1a(h, (const unsigned char *)"|", 1);
        int type = sqlite3_value_type(argv[i]);
        if (type == SQLITE_NULL) {
            sqlite3_result_null(ctx);
            return;
        }
        if (type == SQLITE_INTEGER) {
            char num[24];
            int n = js_i64_text(sqlite3_value_int64(argv[i]), num);
            h = js_fnv1a(h, (const unsigned char *)num, (size_t)n);
            continue;
        }
        const unsigned char *t = sqlite3_value_text(argv[i]);
        if (!t) {
            sqlite3_result_null(ctx);
            return;
        }
        h = js_fnv1a(h, t, (size_t)sqlite3_value_bytes(argv[i]));
    }
    sqlite3_result_int64(ctx, (int32_t)h);
}

/* Version 3 as its first build made it: sums without chk (schema.c). */
static int sq_v3_sums_chk(sq_store *q, js_err *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(q->db,
                           "SELECT COUNT(*) FROM pragma_table_info('sums') WHERE name = 'chk'", -1,
                           &st, NULL) != SQLITE_OK)
        return sq_fail(q, err, JS_T("reading the columns of sums"));
    bool has = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
    sqlite3_finalize(st);
    return has ? JS_OK : sq_exec(q, js_store_sqlite_sums_chk, err);
}

/* True when sums is already the view of region_sums (version 9): a database taken
 * back to an older version keeps it (the steps before 9 read it, as the table). */
static bool sq_sums_view(sq_store *q)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(q->db, "SELECT type FROM sqlite_master WHERE name = 'sums'", -1, &st,
                           NULL) != SQLITE_OK)
        return false;
    bool view =
        sqlite3_step(st) == SQLITE_ROW && !strcmp((const char *)sqlite3_column_text(st, 0), "view");
    sqlite3_finalize(st);
    return view;
}

/* Create the schema or bring it to JS_STORE_SCHEMA_VERSION, one step at a
 * time, in one write transaction (another process may be doing the same). */
static int sq_migrate(sq_store *q, js_err *err)
{
    int v = 0;
    int rc = sq_exec(q, "BEGIN IMMEDIATE", err);
    if (rc == JS_OK) rc = sq_user_version(q, &v, err);
    while (rc == JS_OK && v < JS_STORE_SCHEMA_VERSION) {
        const char *sql = js_store_sqlite_migration(v);
        int before = v;
        if (!sql) break;
        bool view = (v == 3 || v == 8) && sq_sums_view(q);
        if (v == 3 && !view) rc = sq_v3_sums_chk(q, err);
        if (v == 8 && view) sql = js_store_sqlite_v9_kept;
        if (rc == JS_OK) rc = sq_exec(q, sql, err);
        if (rc == JS_OK) rc = sq_user_version(q, &v, err);
        if (rc == JS_OK && v <= before)
            rc = js_err_set(err, JS_EINTERNAL, "%s: migration from version %d did not advance",
                            q->base.path, before);
    }
    if (rc == JS_OK) return sq_exec(q, "COMMIT", err);
    sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/*
 * Read-only (issue #16): SQLITE_OPEN_READONLY first; a database in WAL mode
 * on read-only media cannot be opened that way when its -shm file cannot be
 * created, so then it is opened immutable (no locks, no WAL) — right when
 * no -wal file with content lies beside it, which is the state a finished
 * load leaves (the last connection checkpoints and removes the WAL).
 */
static int sq_open_ro(sq_store *q, const char *path)
{
    int rc = sqlite3_open_v2(path, &q->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(q->db, "SELECT COUNT(*) FROM sqlite_master", NULL, NULL, NULL);
    if (rc == SQLITE_OK || (rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT) return rc;
    char wal[4096];
    snprintf(wal, sizeof wal, "%s-wal", path);
    FILE *w = fopen(wal, "rb");
    bool wal_content = w && fgetc(w) != EOF;
    if (w) fclose(w);
    if (wal_content) return rc;
    sqlite3_close(q->db);
    q->db = NULL;
    /* file:PATH?immutable=1 with ?, # and % of the path escaped */
    size_t n = strlen(path);
    char *uri = malloc(3 * n + 32);
    if (!uri) return SQLITE_NOMEM;
    size_t k = (size_t)snprintf(uri, 8, "file:");
    for (size_t i = 0; i < n; i++) {
        char c = path[i];
        if (c == '?' || c == '#' || c == '%')
            k += (size_t)snprintf(uri + k, 4, "%%%02X", (unsigned char)c);
        else
            uri[k++] = c;
    }
    memcpy(uri + k, "?immutable=1", 13);
    rc = sqlite3_open_v2(uri, &q->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                         NULL);
    free(uri);
    return rc;
}

/* The file or its directory (where the -wal and -shm files go) cannot be written. */
static bool sq_not_writable(const char *path)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        slash[slash == dir ? 1 : 0] = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    return (access(path, F_OK) == 0 && access(path, W_OK) != 0) || access(dir, W_OK) != 0;
}

int js_store_sqlite_open(const char *path, js_store **out, js_err *err)
{
    return js_store_sqlite_open_flags(path, 0, out, err);
}

int js_store_sqlite_open_flags(const char *path, int flags, js_store **out, js_err *err)
{
    *out = NULL;
    sq_store *q = calloc(1, sizeof *q);
    if (!q) return js_err_set(err, JS_EINTERNAL, "%s: out of memory", path);
    q->base.ops = &SQLITE_OPS;
    q->base.readonly = (flags & JS_STORE_READONLY) != 0;
    q->base.batch = -1;
    q->base.path = strdup(path);
    if (!q->base.path) {
        free(q);
        return js_err_set(err, JS_EINTERNAL, "%s: out of memory", path);
    }
    int rc = q->base.readonly
                 ? sq_open_ro(q, path)
                 : sqlite3_open_v2(path, &q->db,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                   NULL);
    if (rc != SQLITE_OK) {
        rc = js_err_set(err, sq_status(rc), "%s: cannot open the database: %s", path,
                        sq_errmsg(q->db, rc));
        sq_close(&q->base);
        return rc;
    }
    sqlite3_busy_timeout(q->db, BUSY_TIMEOUT_MS);
    sqlite3_extended_result_codes(q->db, 0);
    sqlite3_create_function(q->db, "js_hash", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sq_hash,
                            NULL, NULL);
    sqlite3_create_function(q->db, "js_sums_chk", 7, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                            sq_sums_chk, NULL, NULL);
    int v = 0;
    rc = sq_user_version(q, &v, err);
    if (rc == JS_OK && v > JS_STORE_SCHEMA_VERSION)
        rc = js_err_set(err, JS_EINPUT,
                        "%s: the database has schema version %d, newer than this juesuan "
                        "(%d)",
                        path, v, JS_STORE_SCHEMA_VERSION);
    if (rc == JS_OK && q->base.readonly) {
        if (v == 0)
            rc = js_err_set(err, JS_EINPUT, "%s: not a juesuan database (no schema)", path);
        else if (v < JS_STORE_SCHEMA_VERSION)
            rc = js_err_set(err, JS_EINPUT,
                            "%s: schema version %d, older than this juesuan's %d: migrate it "
                            "once with 'juesuan db --db %s migrate' (in place; every row is "
                            "kept)",
                            path, v, JS_STORE_SCHEMA_VERSION, path);
        if (rc == JS_OK) rc = sq_exec(q, "PRAGMA query_only=ON", err);
    } else if (rc == JS_OK) {
        /* WAL: readers never block the writer nor the writer the readers; a
         * writer keeps 64 MB of pages (the sums and indexes a load updates) */
        rc = sq_exec(q, "PRAGMA journal_mode=WAL", err);
        if (rc == JS_OK)
            rc = sq_exec(
                q, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536",
                err);
        if (rc == JS_OK && v < JS_STORE_SCHEMA_VERSION) rc = sq_migrate(q, err);
    }
    if (rc != JS_OK && !q->base.readonly && sq_not_writable(path))
        rc = js_err_set(err, JS_EINTERNAL,
                        "%s: cannot write here (read-only media or no permission): nothing can "
                        "be loaded; list, show, export and report can still read it",
                        path);
    if (rc != JS_OK) {
        sq_close(&q->base);
        return rc;
    }
    *out = &q->base;
    return JS_OK;
}
