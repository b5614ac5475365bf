/*
 * cmd_db.c - juesuan db: store disclosures in a database and look at them
 * (issue #7). load parses, checks and stores each file in its own
 * transaction; list, show and export read the database. The database is a
 * SQLite file (--db, $JUESUAN_DB, or juesuan.db here); see docs/store.md.
 */
#include "batch.h"
#include "cli.h"
#include "juesuan/store.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct db_opts {
    const char *db;
    const char *format;
    const char *what;
    const char *out;
    const char *files_from;
    int jobs;
    const char *sub;
    char **args;
    int nargs;
} db_opts;

static const cli_opt DB_OPTS[] = {
    {"db", 0, CLI_STR, CLI_AT(db_opts, db), "PATH", NULL,
     N_("the database (default $JUESUAN_DB, else juesuan.db here)")},
    {"format", 'f', CLI_CHOICE, CLI_AT(db_opts, format), "FMT", "text|csv|json|xlsx",
     N_("list: text or csv; export: csv, json or xlsx (required)")},
    {"what", 0, CLI_CHOICE, CLI_AT(db_opts, what), "WHAT", "facts|findings|documents",
     N_("export: what to export (default facts)")},
    {"output", 'o', CLI_STR, CLI_AT(db_opts, out), "FILE", NULL,
     N_("export: write to FILE (required for xlsx)")},
    {"files-from", 0, CLI_STR, CLI_AT(db_opts, files_from), "LIST", NULL,
     N_("load: read file names, one per line, from LIST ('-' for standard input)")},
    {"jobs", 'j', CLI_INT, CLI_AT(db_opts, jobs), "N", "1..1024",
     N_("load: documents read and checked at the same time (default: the number of cores); "
        "they are stored one at a time, in input order")},
    {NULL, 0, 0, 0, NULL, NULL, NULL},
};

const cli_cmd cli_cmd_db = {
    "db",
    cmd_db,
    N_("store disclosures in a database (SQLite or PostgreSQL) and query them"),
    N_("[--db=PATH] load [--jobs=N] [--files-from=LIST] FILE...\n"
       "[--db=PATH] list [--format=text|csv]\n"
       "[--db=PATH] show DOC\n"
       "[--db=PATH] export --format=csv|json|xlsx [--what=facts|findings|documents] [-o FILE]\n"
       "[--db=PATH] check\n"
       "[--db=PATH] migrate"),
    N_("Store disclosures in a database and query them. The database is a SQLite file or a\n"
       "PostgreSQL server (postgres://user@host/dbname): --db, else $JUESUAN_DB, else\n"
       "juesuan.db in the current directory.\n\n"
       "  load     parse, check and store each FILE (text, PDF or model JSON): metadata,\n"
       "           every fact, every finding, the narrative. A document is keyed by the\n"
       "           SHA-256 of its bytes: loading the same file twice stores it once. Each\n"
       "           document is stored in one transaction. A file that cannot be read is\n"
       "           reported and skipped (exit 3); the others are stored. --jobs N reads\n"
       "           and checks N files at a time; one writer stores them in input order.\n"
       "           Progress (documents/s) is shown on stderr when it is a terminal.\n"
       "  list     one line per document: id, hash, dept, year, region, facts, findings.\n"
       "  show     one document (DOC is its id or a hash prefix): metadata and findings.\n"
       "  export   every fact (default), finding or document as CSV or JSON (to standard\n"
       "           output or -o FILE) or XLSX (-o FILE required).\n"
       "  check    the database's integrity and every document's checksums (exit 3 when\n"
       "           damaged). list, show, export and report open the database read-only\n"
       "           and refuse to show a value whose checksum does not match (exit 3).\n"
       "  migrate  bring a database made by an older juesuan to this version, in place\n"
       "           (every row kept; load does the same); the others refuse an old one.\n\n"
       "Reports over the database: juesuan report --help. Schema: docs/store.md."),
    DB_OPTS,
    "juesuan db --db 2020.db load disclosures/*.txt && juesuan db --db 2020.db list",
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int report_err(const js_err *err, int fallback)
{
    fprintf(stderr, "juesuan db: %s\n", err->msg[0] ? err->msg : _("failed"));
    int st = err->status ? err->status : fallback;
    return st == JS_EUSAGE ? EXIT_USAGE : st == JS_EINPUT ? EXIT_INPUT : EXIT_INTERNAL;
}

/* ---- load ------------------------------------------------------------------ */

/* A load runs as a batch (batch.h): --jobs workers read, hash, parse and check
 * the files; the calling thread, the only one that uses the store (SQLite has
 * one writer), stores each document in input order (load_emit). A file whose
 * hash is stored already is not parsed: with one job the worker is the calling
 * thread and asks the store; with more, the workers look the hash up in the
 * hashes that were stored when the load began (seen), and the calling thread
 * asks the store before each document it writes (a file loaded twice in one
 * run is parsed twice, stored once). */

typedef struct seen {
    uint64_t *v; /* the first 64 bits of every stored hash, sorted */
    size_t n, cap;
} seen;

typedef struct load_st {
    js_store *store;
    const js_ctx *ctx;
    char *const *paths;
    int jobs;
    seen seen;
    long loaded, dups, failed, facts;
    long known; /* files whose hash was stored already: not stored again */
    bool progress;
    double t0, last, batch_t0;
} load_st;

/* One file, made by a worker and stored by the calling thread. */
typedef struct load_doc {
    char hash[65];
    long long bytes;
    bool failed; /* could not be read or parsed (the message is in the batch's msgs) */
    bool stop;   /* ...and the load stops there (not an input error) */
    bool known;  /* the hash was stored before (jobs > 1: perhaps; load_emit asks) */
    js_doc *doc;
    js_findings f;
    bool checked;
    js_err cerr; /* why the check did not run */
} load_doc;

static uint64_t hash_key(const char *hex)
{
    uint64_t k = 0;
    for (int i = 0; i < 16 && hex[i]; i++) {
        char c = hex[i];
        k = k << 4 | (uint64_t)(c >= 'a' ? c - 'a' + 10 : c >= 'A' ? c - 'A' + 10 : c - '0');
    }
    return k;
}

static int seen_row(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    seen *s = ud;
    if (ncols < 1 || v[0].type != JS_SVAL_TEXT) return 0;
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 1024;
        uint64_t *nv = realloc(s->v, cap * sizeof *nv);
        if (!nv) return 1;
        s->v = nv;
        s->cap = cap;
    }
    s->v[s->n++] = hash_key(v[0].s);
    return 0;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static int seen_load(load_st *L)
{
    js_err err;
    js_err_clear(&err);
    if (js_store_query(L->store, "SELECT hash FROM documents", NULL, 0, seen_row, &L->seen, &err) !=
        JS_OK)
        return report_err(&err, 4);
    if (L->seen.n) qsort(L->seen.v, L->seen.n, sizeof *L->seen.v, cmp_u64);
    return EXIT_OK;
}

static bool seen_has(const seen *s, const char *hash)
{
    uint64_t k = hash_key(hash);
    return s->n && bsearch(&k, s->v, s->n, sizeof *s->v, cmp_u64);
}

static void load_discard(void *extra)
{
    load_doc *x = extra;
    js_doc_free(x->doc);
    js_findings_release(&x->f);
    free(x);
}

/* Parse and check path into x; false (message in msgs) when it cannot be read. */
static bool load_parse(const js_ctx *ctx, const char *path, load_doc *x, cli_batch_doc *d)
{
    js_err err;
    js_err_clear(&err);
    int st = js_parse_file(ctx, path, &x->doc, &err);
    if (st != JS_OK) {
        js_buf_printf(&d->msgs, "juesuan db: %s\n", err.msg[0] ? err.msg : path);
        js_doc_free(x->doc);
        x->doc = NULL;
        x->failed = true;
        x->stop = st != JS_EINPUT;
        d->rc = st == JS_EINPUT ? EXIT_INPUT : EXIT_INTERNAL;
        d->errors = true;
        return false;
    }
    js_err_clear(&x->cerr);
    x->checked = js_check(ctx, x->doc, &x->f, &x->cerr) == JS_OK;
    return true;
}

/* A worker (or, with one job, the calling thread): read, hash, parse, check. */
static void load_work(void *arg, const js_ctx *ctx, int i, const char *path, cli_batch_doc *d)
{
    (void)i;
    load_st *L = arg;
    load_doc *x = calloc(1, sizeof *x);
    if (!x) {
        js_buf_printf(&d->msgs, "juesuan db: %s\n", _("out of memory"));
        d->rc = EXIT_INTERNAL;
        return;
    }
    d->extra = x;
    js_findings_init(&x->f);
    js_err err;
    js_err_clear(&err);
    js_buf b;
    js_buf_init(&b);
    if (js_file_read(path, &b, &err) != JS_OK || b.len == 0) {
        if (err.msg[0])
            js_buf_printf(&d->msgs, "juesuan db: %s\n", err.msg);
        else
            js_buf_printf(&d->msgs, "juesuan db: %s: %s\n", path, _("empty file"));
        js_buf_release(&b);
        x->failed = true;
        d->rc = EXIT_INPUT;
        d->errors = true;
        return;
    }
    js_sha256_hex(b.data, b.len, x->hash);
    x->bytes = (long long)b.len;
    js_buf_release(&b);
    if (L->jobs == 1) {
        int64_t id = 0;
        if (js_store_find_hash(L->store, x->hash, &id, &err) != JS_OK) {
            js_buf_printf(&d->msgs, "juesuan db: %s\n", err.msg[0] ? err.msg : _("failed"));
            x->failed = x->stop = true;
            d->rc = EXIT_INTERNAL;
            return;
        }
        x->known = id != 0;
    } else {
        x->known = seen_has(&L->seen, x->hash);
    }
    if (!x->known) load_parse(ctx, path, x, d);
}

/* Documents stored and duplicates: counted by the store (store->nstored,
 * ndups), since in a PostgreSQL batch a document is stored, or found a
 * duplicate, at the batch's commit; and the files found stored before. */
static void counts(load_st *L)
{
    L->loaded = L->store->nstored;
    L->dups = L->known + L->store->ndups;
}

static void progress(load_st *L, bool last)
{
    if (!L->progress) return;
    double t = now_s();
    if (!last && t - L->last < 0.25) return;
    L->last = t;
    counts(L);
    double el = t - L->t0;
    long n = L->loaded + L->dups + L->failed;
    fputc('\r', stderr);
    fprintf(stderr, _("%ld documents: %ld loaded, %ld duplicates, %ld failed  %.0f documents/s "),
            n, L->loaded, L->dups, L->failed, el > 0 ? (double)n / el : 0.0);
    if (last) fputc('\n', stderr);
    fflush(stderr);
}

/* Documents are stored in batches of up to BATCH_DOCS (PostgreSQL:
 * BATCH_DOCS_PG) or BATCH_S seconds, whichever comes first: SQLite waits on
 * the disk once per batch, PostgreSQL stores a batch with a few statements
 * (the larger the batch, the more documents share each row of the roll-up
 * sums). A crash loses the uncommitted batch whole, never half a document.
 * 2 s (was 0.5 s, ~75 documents a batch as text is read): gen_docs, 10,000
 * documents, 75 → 500 a batch: SQLite 1,141 → 1,411 documents per CPU-second
 * (1 region), 1,007 → 1,112 (1,000 regions); PostgreSQL server 1,543 → 1,831
 * and 1,119 → 1,283 (docs/store.md). */
#define BATCH_DOCS 500
#define BATCH_DOCS_PG 2000
#define BATCH_S 2.0

static int batch_turn(load_st *L, bool last)
{
    js_err err;
    js_err_clear(&err);
    double t = now_s();
    int most = strcmp(L->store->ops->name, "postgres") == 0 ? BATCH_DOCS_PG : BATCH_DOCS;
    if (L->store->batch >= 0 && (last || L->store->batch >= most || t - L->batch_t0 >= BATCH_S))
        if (js_store_batch_commit(L->store, &err) != JS_OK) return report_err(&err, 4);
    if (!last && L->store->batch < 0) {
        L->batch_t0 = t;
        if (js_store_batch_begin(L->store, &err) != JS_OK) return report_err(&err, 4);
    }
    return EXIT_OK;
}

/* The calling thread, in input order: store the document. A failure of the
 * database stops the load (its exit code); an unreadable file does not. */
static int load_emit(void *arg, int i, cli_batch_doc *d)
{
    load_st *L = arg;
    load_doc *x = d->extra;
    if (!x) return EXIT_INTERNAL;
    if (x->failed) {
        L->failed++;
        progress(L, false);
        return x->stop ? EXIT_INTERNAL : EXIT_OK;
    }
    int rc = batch_turn(L, false);
    if (rc != EXIT_OK) return rc;
    js_err err;
    js_err_clear(&err);
    int64_t id = 0;
    if (js_store_find_hash(L->store, x->hash, &id, &err) != JS_OK) return report_err(&err, 4);
    if (id) {
        L->known++;
        progress(L, false);
        return EXIT_OK;
    }
    if (!x->doc && !load_parse(L->ctx, L->paths[i], x, d)) { /* seen, but not stored */
        fwrite(d->msgs.data, 1, d->msgs.len, stderr);
        L->failed++;
        return x->stop ? EXIT_INTERNAL : EXIT_OK;
    }
    const char *path = L->paths[i];
    js_store_docinfo info = {x->hash, path, x->bytes, x->checked,
                             x->checked       ? NULL
                             : x->cerr.msg[0] ? x->cerr.msg
                                              : "the check did not run"};
    bool dup = false;
    int st = js_store_put(L->store, &info, x->doc, x->checked ? &x->f : NULL, &id, &dup, &err);
    if (st != JS_OK) return report_err(&err, 4);
    progress(L, false); /* stored (or a duplicate): the store counts it */
    return EXIT_OK;
}

/* The file names of --files-from, one a line, appended to *v (n in *nv). */
static int read_list(const char *list, char ***v, int *nv, int *cap)
{
    FILE *f = strcmp(list, "-") == 0 ? stdin : fopen(list, "r");
    if (!f) {
        fprintf(stderr, "juesuan db: %s: %s\n", list, _("cannot open the list of files"));
        return EXIT_INPUT;
    }
    int rc = EXIT_OK;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t n;
    while (rc == EXIT_OK && (n = getline(&line, &lcap, f)) >= 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n == 0) continue;
        if (*nv == *cap) {
            int c = *cap ? 2 * *cap : 256;
            char **nvv = c < INT_MAX / 2 ? realloc(*v, (size_t)c * sizeof **v) : NULL;
            if (!nvv) {
                rc = EXIT_INTERNAL;
                break;
            }
            *v = nvv;
            *cap = c;
        }
        if (!((*v)[*nv] = strdup(line))) {
            rc = EXIT_INTERNAL;
            break;
        }
        (*nv)++;
    }
    if (rc == EXIT_INTERNAL) fprintf(stderr, "juesuan db: %s\n", _("out of memory"));
    free(line);
    if (f != stdin) fclose(f);
    return rc;
}

static int db_load(js_store *store, const db_opts *o)
{
    if (o->nargs == 0 && !o->files_from) return cli_usage("db", _("load: no input file"));
    js_err qerr;
    js_err_clear(&qerr);
    if (js_store_quick_check(store, &qerr) != JS_OK) return report_err(&qerr, 3);
    /* the files: the arguments, then the list's */
    char **paths = NULL;
    int n = 0, cap = 0, rc = EXIT_OK;
    for (int i = 0; i < o->nargs && rc == EXIT_OK; i++) {
        if (n == cap) {
            cap = cap ? 2 * cap : 256;
            char **nv = realloc(paths, (size_t)cap * sizeof *paths);
            if (!nv) {
                rc = EXIT_INTERNAL;
                break;
            }
            paths = nv;
        }
        paths[n++] = o->args[i]; /* not owned: the list's names are after nargs */
    }
    int nargs = n;
    int lrc = rc == EXIT_OK && o->files_from ? read_list(o->files_from, &paths, &n, &cap) : EXIT_OK;
    if (lrc == EXIT_INTERNAL) rc = lrc; /* a list that cannot be opened: the arguments are loaded */
    js_ctx *ctx = rc == EXIT_OK ? cli_ctx() : NULL;
    load_st L;
    memset(&L, 0, sizeof L);
    L.store = store;
    L.ctx = ctx;
    L.paths = paths;
    L.jobs = o->jobs < 1 ? 1 : o->jobs > n ? (n > 0 ? n : 1) : o->jobs;
    L.progress = isatty(2);
    L.t0 = L.last = now_s();
    if (rc == EXIT_OK && !ctx) rc = EXIT_INTERNAL;
    if (rc == EXIT_OK && L.jobs > 1) rc = seen_load(&L);
    if (rc == EXIT_OK) {
        cli_batch b = {"db", paths, n, L.jobs, load_work, load_emit, load_discard, &L, true};
        rc = cli_batch_run(&b);
        int brc = batch_turn(&L, true);
        if (brc > rc) rc = brc;
        if (lrc > rc) rc = lrc;
        counts(&L);
        progress(&L, true);
        double el = now_s() - L.t0;
        long nd = L.loaded + L.dups + L.failed;
        printf(_("loaded %ld, duplicates skipped %ld, failed %ld (%ld documents in %.2f s, %.0f "
                 "documents/s)\n"),
               L.loaded, L.dups, L.failed, nd, el, el > 0 ? (double)nd / el : 0.0);
    }
    for (int i = nargs; i < n; i++)
        free(paths[i]);
    free(paths);
    free(L.seen.v);
    js_ctx_free(ctx);
    return rc;
}

/* ---- list, show, export ------------------------------------------------------ */

static int print_table(js_rtable *t, bool csv)
{
    js_buf b;
    js_buf_init(&b);
    cli_rtable_labels(t); /* column names in the interface's language (labels.c) */
    if (csv) cli_csv_bom(&b);
    if (csv)
        js_rtable_csv(t, &b);
    else
        js_rtable_text(t, &b);
    int rc = cli_write_stdout(&b);
    js_buf_release(&b);
    return rc;
}

/* db list as CSV: one column per count (errors, warnings, notices: 错误, 警告, 提示;
 * empty for a document not checked) instead of "6/4/0", so that a spreadsheet sums
 * and sorts them (issue #15.4). */
static int split_counts(const js_rtable *t, js_rtable *out, js_err *err)
{
    int k = -1;
    for (int c = 0; c < t->ncols; c++)
        if (t->cols[c] && strcmp(t->cols[c], "findings e/w/n") == 0) k = c;
    if (k < 0 || t->ncols + 2 > 64) return js_err_set(err, JS_EINTERNAL, "no counts to split");
    const char *cols[64];
    int n = 0;
    for (int c = 0; c < t->ncols; c++) {
        if (c != k) {
            cols[n++] = t->cols[c];
            continue;
        }
        cols[n++] = "errors";
        cols[n++] = "warnings";
        cols[n++] = "notices";
    }
    int rc = js_rtable_init(out, n, cols, err);
    for (int c = 0, j = 0; rc == JS_OK && c < t->ncols; c++, j++) {
        out->right[j] = t->right[c];
        if (c == k) out->right[j] = out->right[j + 1] = out->right[j + 2] = true, j += 2;
    }
    for (int r = 0; rc == JS_OK && r < t->nrows; r++) {
        const char *cells[64], *v = t->rows[r][k] ? t->rows[r][k] : "";
        char cnt[3][24] = {"", "", ""};
        long a, b, c;
        if (sscanf(v, "%ld/%ld/%ld", &a, &b, &c) == 3) {
            snprintf(cnt[0], sizeof cnt[0], "%ld", a);
            snprintf(cnt[1], sizeof cnt[1], "%ld", b);
            snprintf(cnt[2], sizeof cnt[2], "%ld", c);
        }
        int m = 0;
        for (int col = 0; col < t->ncols; col++) {
            if (col != k) {
                cells[m++] = t->rows[r][col];
                continue;
            }
            for (int i = 0; i < 3; i++)
                cells[m++] = cnt[i];
        }
        rc = js_rtable_add(out, cells, err);
    }
    return rc;
}

static int db_list(js_store *store, const db_opts *o)
{
    bool csv = o->format && strcmp(o->format, "csv") == 0;
    if (o->format && !csv && strcmp(o->format, "text") != 0)
        return cli_usage("db", _("list: --format is text or csv"));
    js_rtable t = {0};
    js_err err;
    js_err_clear(&err);
    int rc = js_store_list(store, &t, &err);
    if (rc != JS_OK) {
        js_rtable_release(&t);
        return report_err(&err, 4);
    }
    if (csv) {
        js_rtable s = {0};
        rc = split_counts(&t, &s, &err);
        rc = rc == JS_OK ? print_table(&s, true) : report_err(&err, 4);
        js_rtable_release(&s);
    } else {
        for (int r = 0; r < t.nrows; r++) /* the store's words for a document not checked */
            for (int c = 0; c < t.ncols; c++)
                if (t.rows[r][c] && strcmp(t.rows[r][c], "not checked") == 0)
                    t.rows[r][c] = _("not checked");
        rc = print_table(&t, false);
    }
    js_rtable_release(&t);
    return rc;
}

static int db_show(js_store *store, const db_opts *o)
{
    if (o->nargs != 1) return cli_usage("db", _("show: give one document (an id or hash prefix)"));
    js_err err;
    js_err_clear(&err);
    int64_t id = 0;
    if (js_store_resolve(store, o->args[0], &id, &err) != JS_OK) return report_err(&err, 2);
    js_rtable meta = {0}, fnd = {0};
    int rc = js_store_show(store, id, &meta, &fnd, &err);
    if (rc == JS_OK) {
        fnd.title = js_arena_printf(fnd.arena, _("\nfindings (%d)"), fnd.nrows);
        rc = print_table(&meta, false);
        if (rc == EXIT_OK) rc = print_table(&fnd, false);
    } else {
        rc = report_err(&err, 4);
    }
    js_rtable_release(&meta);
    js_rtable_release(&fnd);
    return rc;
}

static int sink_file(void *ud, const char *data, size_t n)
{
    return fwrite(data, 1, n, (FILE *)ud) != n;
}

static int db_export(js_store *store, const db_opts *o)
{
    if (!o->format) return cli_usage("db", _("export: --format csv|json|xlsx is required"));
    int fmt = strcmp(o->format, "csv") == 0    ? JS_EXPORT_CSV
              : strcmp(o->format, "json") == 0 ? JS_EXPORT_JSON
              : strcmp(o->format, "xlsx") == 0 ? JS_EXPORT_XLSX
                                               : -1;
    if (fmt < 0) return cli_usage("db", _("export: unknown format %s"), o->format);
    const char *w = o->what ? o->what : "facts";
    int what = strcmp(w, "facts") == 0       ? JS_EXPORT_FACTS
               : strcmp(w, "findings") == 0  ? JS_EXPORT_FINDINGS
               : strcmp(w, "documents") == 0 ? JS_EXPORT_DOCUMENTS
                                             : -1;
    if (what < 0) return cli_usage("db", _("export: --what is facts, findings or documents"));
    if (fmt == JS_EXPORT_XLSX && !o->out) return cli_usage("db", _("export: xlsx needs -o FILE"));
    if (o->nargs) return cli_usage("db", _("export: unexpected argument %s"), o->args[0]);
    js_err err;
    js_err_clear(&err);
    FILE *f = NULL;
    if (fmt != JS_EXPORT_XLSX) {
        f = o->out ? fopen(o->out, "wb") : stdout;
        if (!f) {
            fprintf(stderr, "juesuan db: %s: %s\n", o->out, _("cannot write"));
            return EXIT_INTERNAL;
        }
    }
    if (fmt == JS_EXPORT_CSV) { /* Chinese: a byte order mark first, for Excel (labels.c) */
        js_buf bom;
        js_buf_init(&bom);
        cli_csv_bom(&bom);
        if (bom.len) fwrite(bom.data, 1, bom.len, f);
        js_buf_release(&bom);
    }
    /* CSV and XLSX column names in the interface's language; JSON keeps the keys */
    int rc =
        js_store_export_labeled(store, what, fmt, cli_label, f ? sink_file : NULL, f, o->out, &err);
    int code = rc == JS_OK ? EXIT_OK : report_err(&err, 4);
    if (f) {
        bool bad = fflush(f) != 0 || ferror(f);
        if (f != stdout) bad |= fclose(f) != 0;
        if (bad && code == EXIT_OK) {
            fprintf(stderr, "juesuan db: %s\n", _("writing the export failed"));
            code = EXIT_INTERNAL;
        }
    }
    return code;
}

static int db_check(js_store *store, const db_opts *o)
{
    if (o->nargs) return cli_usage("db", _("check: unexpected argument %s"), o->args[0]);
    js_rtable t = {0};
    js_err err;
    js_err_clear(&err);
    int nbad = 0;
    int rc = js_store_check(store, &t, &nbad, &err);
    if (rc != JS_OK) {
        js_rtable_release(&t);
        return report_err(&err, 4);
    }
    if (nbad) {
        t.title = js_arena_printf(t.arena, _("%s: damaged: %d problems"), store->path, nbad);
        fprintf(stderr, "juesuan db: ");
        fprintf(stderr, _("%s: the database is damaged: %d problems\n"), store->path, nbad);
        rc = print_table(&t, false);
    } else {
        printf(_("%s: ok (integrity and every checksum verified)\n"), store->path);
        for (int i = 0; i < t.nfoot; i++)
            printf("%s\n", t.foot[i]);
    }
    js_rtable_release(&t);
    return rc != EXIT_OK ? rc : nbad ? EXIT_INPUT : EXIT_OK;
}

/* migrate: the store was opened for writing, which brought it to this version; print
 * its schema history (docs/store.md) */
static int version_row(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    js_buf *b = ud;
    if (ncols < 3) return 0;
    char ver[24];
    if (v[0].type == JS_SVAL_INT)
        snprintf(ver, sizeof ver, "%lld", (long long)v[0].i);
    else
        snprintf(ver, sizeof ver, "%s", v[0].type == JS_SVAL_TEXT ? v[0].s : "?");
    /* the note in the user's language: the notes are in the catalogue (schema.c, JS_NOTE) */
    const char *note = v[2].type == JS_SVAL_TEXT && v[2].s && *v[2].s ? _(v[2].s) : "";
    js_buf_printf(b, "  %-3s %-20s %s\n", ver, v[1].type == JS_SVAL_TEXT ? v[1].s : "", note);
    return 0;
}

static int db_migrate(js_store *store, const db_opts *o)
{
    if (o->nargs) return cli_usage("db", _("migrate: unexpected argument %s"), o->args[0]);
    js_buf b;
    js_buf_init(&b);
    js_err err;
    js_err_clear(&err);
    js_buf_printf(&b, _("%s: schema version %d (the version of this juesuan); its history:\n"),
                  store->path, JS_STORE_SCHEMA_VERSION);
    int rc = js_store_query(store,
                            "SELECT version, CAST(applied_at AS TEXT), note FROM schema_version "
                            "ORDER BY version",
                            NULL, 0, version_row, &b, &err);
    rc = rc == JS_OK ? cli_write_stdout(&b) : report_err(&err, 4);
    js_buf_release(&b);
    return rc;
}

/* ---- options ----------------------------------------------------------------- */

static const struct {
    const char *name;
    int (*run)(js_store *, const db_opts *);
} SUBS[] = {{"load", db_load},     {"list", db_list},   {"show", db_show},
            {"export", db_export}, {"check", db_check}, {"migrate", db_migrate}};

int cmd_db(int argc, char **argv)
{
    db_opts o;
    memset(&o, 0, sizeof o);
    o.jobs = cli_cores();
    cli_args a;
    int rc = cli_parse(&cli_cmd_db, argc, argv, &o, &a);
    if (rc != CLI_GO) {
        cli_args_release(&cli_cmd_db, &o, &a);
        return rc;
    }
    rc = EXIT_OK;
    if (a.n > 0) {
        o.sub = a.v[0];
        o.args = a.v + 1;
        o.nargs = a.n - 1;
    }
    if (rc == EXIT_OK && !o.sub)
        rc = cli_usage("db", _("no subcommand (load, list, show, export, check, migrate)"));
    int (*run)(js_store *, const db_opts *) = NULL;
    for (size_t k = 0; rc == EXIT_OK && k < sizeof SUBS / sizeof *SUBS; k++)
        if (strcmp(o.sub, SUBS[k].name) == 0) run = SUBS[k].run;
    if (rc == EXIT_OK && !run) rc = cli_usage("db", _("unknown subcommand %s"), o.sub);
    if (rc == EXIT_OK && o.files_from && strcmp(o.sub, "load") != 0)
        rc = cli_usage("db", _("--files-from is for load"));
    if (rc != EXIT_OK) {
        cli_args_release(&cli_cmd_db, &o, &a);
        return rc;
    }
    if (!o.db) o.db = getenv("JUESUAN_DB");
    if (!o.db || !*o.db) o.db = "juesuan.db";
    if (strcmp(o.sub, "load") != 0 && access(o.db, F_OK) != 0 && !strstr(o.db, "://")) {
        fprintf(stderr, "juesuan db: %s: %s\n", o.db,
                _("no such database (load one with 'juesuan db load')"));
        cli_args_release(&cli_cmd_db, &o, &a);
        return EXIT_INPUT;
    }
    js_store *store = NULL;
    js_err err;
    js_err_clear(&err);
    /* read-only media can be read (issue #16); load and migrate write */
    bool ro = strcmp(o.sub, "load") != 0 && strcmp(o.sub, "migrate") != 0;
    if (js_store_open_flags(o.db, ro ? JS_STORE_READONLY : 0, &store, &err) != JS_OK) {
        cli_args_release(&cli_cmd_db, &o, &a);
        return report_err(&err, 3);
    }
    rc = run(store, &o);
    js_store_close(store);
    cli_args_release(&cli_cmd_db, &o, &a);
    return rc;
}
