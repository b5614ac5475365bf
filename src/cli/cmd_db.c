/*
 * cmd_db.c - juesuan db: store disclosures in a database and look at them
 * (issue #7). load parses, checks and stores each file in its own
 * transaction; list, show and export read the database. The database is a
 * SQLite file (--db, $JUESUAN_DB, or juesuan.db here); see docs/store.md.
 */
#include "cli.h"
#include "juesuan/store.h"

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
    {NULL, 0, 0, 0, NULL, NULL, NULL},
};

const cli_cmd cli_cmd_db = {
    "db",
    cmd_db,
    N_("store disclosures in a database (SQLite or PostgreSQL) and query them"),
    N_("[--db=PATH] load [--files-from=LIST] FILE...\n"
       "[--db=PATH] list [--format=text|csv]\n"
       "[--db=PATH] show DOC\n"
       "[--db=PATH] export --format=csv|json|xlsx [--what=facts|findings|documents] [-o FILE]\n"
       "[--db=PATH] check"),
    N_("Store disclosures in a database and query them. The database is a SQLite file or a\n"
       "PostgreSQL server (postgres://user@host/dbname): --db, else $JUESUAN_DB, else\n"
       "juesuan.db in the current directory.\n\n"
       "  load     parse, check and store each FILE (text, PDF or model JSON): metadata,\n"
       "           every fact, every finding, the narrative. A document is keyed by the\n"
       "           SHA-256 of its bytes: loading the same file twice stores it once. Each\n"
       "           document is stored in one transaction. A file that cannot be read is\n"
       "           reported and skipped (exit 3); the others are stored.\n"
       "           Progress (documents/s) is shown on stderr when it is a terminal.\n"
       "  list     one line per document: id, hash, dept, year, region, facts, findings.\n"
       "  show     one document (DOC is its id or a hash prefix): metadata and findings.\n"
       "  export   every fact (default), finding or document as CSV or JSON (to standard\n"
       "           output or -o FILE) or XLSX (-o FILE required).\n"
       "  check    the database's integrity and every document's checksums (exit 3 when\n"
       "           damaged). list, show, export and report open the database read-only\n"
       "           and refuse to show a value whose checksum does not match (exit 3).\n\n"
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
    fprintf(stderr, "juesuan db: %s\n", err->msg[0] ? err->msg : "failed");
    int st = err->status ? err->status : fallback;
    return st == JS_EUSAGE ? EXIT_USAGE : st == JS_EINPUT ? EXIT_INPUT : EXIT_INTERNAL;
}

/* ---- load ------------------------------------------------------------------ */

typedef struct load_st {
    js_store *store;
    const js_ctx *ctx;
    long loaded, dups, failed, facts;
    bool progress;
    double t0, last, batch_t0;
    int rc;
} load_st;

static int load_one(load_st *L, const char *path)
{
    js_err err;
    js_err_clear(&err);
    js_buf b;
    js_buf_init(&b);
    if (js_file_read(path, &b, &err) != JS_OK || b.len == 0) {
        if (err.msg[0])
            fprintf(stderr, "juesuan db: %s\n", err.msg);
        else
            fprintf(stderr, "juesuan db: %s: empty file\n", path);
        js_buf_release(&b);
        L->failed++;
        return EXIT_INPUT;
    }
    char hash[65];
    js_sha256_hex(b.data, b.len, hash);
    long long bytes = (long long)b.len;
    js_buf_release(&b);
    int64_t id = 0;
    if (js_store_find_hash(L->store, hash, &id, &err) != JS_OK) return report_err(&err, 4);
    if (id) {
        L->dups++;
        return EXIT_OK;
    }
    js_doc *doc = NULL;
    int st = js_parse_file(L->ctx, path, &doc, &err);
    if (st != JS_OK) {
        fprintf(stderr, "juesuan db: %s\n", err.msg[0] ? err.msg : path);
        js_doc_free(doc);
        L->failed++;
        return st == JS_EINPUT ? EXIT_INPUT : EXIT_INTERNAL;
    }
    js_findings f;
    js_findings_init(&f);
    js_err cerr;
    js_err_clear(&cerr);
    bool checked = js_check(L->ctx, doc, &f, &cerr) == JS_OK;
    js_store_docinfo info = {hash, path, bytes, checked,
                             checked       ? NULL
                             : cerr.msg[0] ? cerr.msg
                                           : "the check did not run"};
    bool dup = false;
    st = js_store_put(L->store, &info, doc, checked ? &f : NULL, &id, &dup, &err);
    js_findings_release(&f);
    js_doc_free(doc);
    if (st != JS_OK) return report_err(&err, 4);
    if (dup)
        L->dups++;
    else
        L->loaded++;
    return EXIT_OK;
}

static void progress(load_st *L, bool last)
{
    if (!L->progress) return;
    double t = now_s();
    if (!last && t - L->last < 0.25) return;
    L->last = t;
    double el = t - L->t0;
    long n = L->loaded + L->dups + L->failed;
    fputc('\r', stderr);
    fprintf(stderr, _("%ld documents: %ld loaded, %ld duplicates, %ld failed  %.0f documents/s "),
            n, L->loaded, L->dups, L->failed, el > 0 ? (double)n / el : 0.0);
    if (last) fputc('\n', stderr);
    fflush(stderr);
}

/* SQLite: documents are stored in batches of up to BATCH_DOCS or BATCH_S
 * seconds (one wait on the disk per batch); each is a savepoint, so a crash
 * loses the uncommitted batch whole, never half a document. */
#define BATCH_DOCS 500
#define BATCH_S 0.5

static int batch_turn(load_st *L, bool last)
{
    js_err err;
    js_err_clear(&err);
    double t = now_s();
    if (L->store->batch >= 0 &&
        (last || L->store->batch >= BATCH_DOCS || t - L->batch_t0 >= BATCH_S))
        if (js_store_batch_commit(L->store, &err) != JS_OK) return report_err(&err, 4);
    if (!last && L->store->batch < 0) {
        L->batch_t0 = t;
        if (js_store_batch_begin(L->store, &err) != JS_OK) return report_err(&err, 4);
    }
    return EXIT_OK;
}

static int load_path(load_st *L, const char *path)
{
    int rc = batch_turn(L, false);
    if (rc == EXIT_OK) rc = load_one(L, path);
    if (rc == EXIT_INTERNAL || rc == EXIT_USAGE) return rc; /* the database failed: stop */
    if (rc > L->rc) L->rc = rc;
    progress(L, false);
    return EXIT_OK;
}

static int db_load(js_store *store, const db_opts *o)
{
    if (o->nargs == 0 && !o->files_from) return cli_usage("db", "load: no input file");
    js_err qerr;
    js_err_clear(&qerr);
    if (js_store_quick_check(store, &qerr) != JS_OK) return report_err(&qerr, 3);
    js_ctx *ctx = cli_ctx();
    if (!ctx) return EXIT_INTERNAL;
    load_st L;
    memset(&L, 0, sizeof L);
    L.store = store;
    L.ctx = ctx;
    L.progress = isatty(2);
    L.t0 = L.last = now_s();
    int rc = EXIT_OK;
    for (int i = 0; i < o->nargs && rc == EXIT_OK; i++)
        rc = load_path(&L, o->args[i]);
    if (rc == EXIT_OK && o->files_from) {
        FILE *f = strcmp(o->files_from, "-") == 0 ? stdin : fopen(o->files_from, "r");
        if (!f) {
            fprintf(stderr, "juesuan db: %s: cannot open the list of files\n", o->files_from);
            rc = EXIT_INPUT;
        }
        char *line = NULL;
        size_t cap = 0;
        ssize_t n;
        while (f && rc == EXIT_OK && (n = getline(&line, &cap, f)) >= 0) {
            while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
                line[--n] = '\0';
            if (n > 0) rc = load_path(&L, line);
        }
        free(line);
        if (f && f != stdin) fclose(f);
    }
    int brc = batch_turn(&L, true);
    if (rc == EXIT_OK) rc = brc;
    progress(&L, true);
    double el = now_s() - L.t0;
    long n = L.loaded + L.dups + L.failed;
    printf(_("loaded %ld, duplicates skipped %ld, failed %ld (%ld documents in %.2f s, %.0f "
             "documents/s)\n"),
           L.loaded, L.dups, L.failed, n, el, el > 0 ? (double)n / el : 0.0);
    js_ctx_free(ctx);
    if (rc != EXIT_OK) return rc;
    return L.rc;
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

static int db_list(js_store *store, const db_opts *o)
{
    bool csv = o->format && strcmp(o->format, "csv") == 0;
    if (o->format && !csv && strcmp(o->format, "text") != 0)
        return cli_usage("db", "list: --format is text or csv");
    js_rtable t = {0};
    js_err err;
    js_err_clear(&err);
    int rc = js_store_list(store, &t, &err);
    rc = rc == JS_OK ? print_table(&t, csv) : report_err(&err, 4);
    js_rtable_release(&t);
    return rc;
}

static int db_show(js_store *store, const db_opts *o)
{
    if (o->nargs != 1) return cli_usage("db", "show: give one document (an id or hash prefix)");
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
    if (!o->format) return cli_usage("db", "export: --format csv|json|xlsx is required");
    int fmt = strcmp(o->format, "csv") == 0    ? JS_EXPORT_CSV
              : strcmp(o->format, "json") == 0 ? JS_EXPORT_JSON
              : strcmp(o->format, "xlsx") == 0 ? JS_EXPORT_XLSX
                                               : -1;
    if (fmt < 0) return cli_usage("db", "export: unknown format %s", o->format);
    const char *w = o->what ? o->what : "facts";
    int what = strcmp(w, "facts") == 0       ? JS_EXPORT_FACTS
               : strcmp(w, "findings") == 0  ? JS_EXPORT_FINDINGS
               : strcmp(w, "documents") == 0 ? JS_EXPORT_DOCUMENTS
                                             : -1;
    if (what < 0) return cli_usage("db", "export: --what is facts, findings or documents");
    if (fmt == JS_EXPORT_XLSX && !o->out) return cli_usage("db", "export: xlsx needs -o FILE");
    if (o->nargs) return cli_usage("db", "export: unexpected argument %s", o->args[0]);
    js_err err;
    js_err_clear(&err);
    FILE *f = NULL;
    if (fmt != JS_EXPORT_XLSX) {
        f = o->out ? fopen(o->out, "wb") : stdout;
        if (!f) {
            fprintf(stderr, "juesuan db: %s: cannot write\n", o->out);
            return EXIT_INTERNAL;
        }
    }
    int rc = js_store_export(store, what, fmt, f ? sink_file : NULL, f, o->out, &err);
    int code = rc == JS_OK ? EXIT_OK : report_err(&err, 4);
    if (f) {
        bool bad = fflush(f) != 0 || ferror(f);
        if (f != stdout) bad |= fclose(f) != 0;
        if (bad && code == EXIT_OK) {
            fprintf(stderr, "juesuan db: writing the export failed\n");
            code = EXIT_INTERNAL;
        }
    }
    return code;
}

static int db_check(js_store *store, const db_opts *o)
{
    if (o->nargs) return cli_usage("db", "check: unexpected argument %s", o->args[0]);
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
        t.title = js_arena_printf(t.arena, "%s: damaged: %d problems", store->path, nbad);
        fprintf(stderr, "juesuan db: %s: the database is damaged: %d problems\n", store->path,
                nbad);
        rc = print_table(&t, false);
    } else {
        printf(_("%s: ok (integrity and every checksum verified)\n"), store->path);
        for (int i = 0; i < t.nfoot; i++)
            printf("%s\n", t.foot[i]);
    }
    js_rtable_release(&t);
    return rc != EXIT_OK ? rc : nbad ? EXIT_INPUT : EXIT_OK;
}

/* ---- options ----------------------------------------------------------------- */

static const struct {
    const char *name;
    int (*run)(js_store *, const db_opts *);
} SUBS[] = {{"load", db_load},
            {"list", db_list},
            {"show", db_show},
            {"export", db_export},
            {"check", db_check}};

int cmd_db(int argc, char **argv)
{
    db_opts o;
    memset(&o, 0, sizeof o);
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
        rc = cli_usage("db", "no subcommand (load, list, show, export, check)");
    int (*run)(js_store *, const db_opts *) = NULL;
    for (size_t k = 0; rc == EXIT_OK && k < sizeof SUBS / sizeof *SUBS; k++)
        if (strcmp(o.sub, SUBS[k].name) == 0) run = SUBS[k].run;
    if (rc == EXIT_OK && !run) rc = cli_usage("db", "unknown subcommand %s", o.sub);
    if (rc == EXIT_OK && o.files_from && strcmp(o.sub, "load") != 0)
        rc = cli_usage("db", "--files-from is for load");
    if (rc != EXIT_OK) {
        cli_args_release(&cli_cmd_db, &o, &a);
        return rc;
    }
    if (!o.db) o.db = getenv("JUESUAN_DB");
    if (!o.db || !*o.db) o.db = "juesuan.db";
    if (strcmp(o.sub, "load") != 0 && access(o.db, F_OK) != 0 && !strstr(o.db, "://")) {
        fprintf(stderr, "juesuan db: %s: no such database (load one with 'juesuan db load')\n",
                o.db);
        cli_args_release(&cli_cmd_db, &o, &a);
        return EXIT_INPUT;
    }
    js_store *store = NULL;
    js_err err;
    js_err_clear(&err);
    bool ro = strcmp(o.sub, "load") != 0; /* read-only media can be read (issue #16) */
    if (js_store_open_flags(o.db, ro ? JS_STORE_READONLY : 0, &store, &err) != JS_OK) {
        cli_args_release(&cli_cmd_db, &o, &a);
        return report_err(&err, 3);
    }
    rc = run(store, &o);
    js_store_close(store);
    cli_args_release(&cli_cmd_db, &o, &a);
    return rc;
}
