/*
 * cmd_check.c - juesuan check: audit each disclosure (审核) and report every
 * finding, as a readable report (default), JSON (spec/findings.md), TSV, an
 * HTML page or an XLSX workbook (for a batch: a summary first, report_html.c,
 * report_xlsx.c). Exit 1 when any finding is an error, 3 when an input could not
 * be read (the others are still checked, and the report has an R-UNREADABLE
 * entry for it), 2 on misuse.
 */
#include "batch.h"
#include "input.h"
#include "profile_opts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct check_opts {
    const char *format;
    const char *annotate;
    const char *output;
    int jobs;
    cli_profile_opts prof;
} check_opts;

static const cli_opt CHECK_OPTS[] = {
    {"format", 'f', CLI_CHOICE, CLI_AT(check_opts, format), "FMT", "text|json|html|tsv|xlsx",
     N_("report format: text grouped by table and section with the source line quoted "
        "(default), json (spec/findings.md), html (one page: for many files a summary table, "
        "filters, 尾数 folded), tsv, xlsx (sheets 汇总, 审核结果, 规则统计)")},
    {"output", 'o', CLI_STR, CLI_AT(check_opts, output), "FILE", NULL,
     N_("write the report to FILE instead of standard output (xlsx: to FILE, or to standard "
        "output when that is not a terminal)")},
    {"annotate", 0, CLI_STR, CLI_AT(check_opts, annotate), "OUT.pdf", NULL,
     N_("also write the original PDF (one FILE, a PDF) with a numbered box at each finding "
        "and the list of findings as its last page")},
    {"jobs", 'j', CLI_INT, CLI_AT(check_opts, jobs), "N", "1..1024",
     N_("documents read at the same time (default: the number of cores); the output stays in "
        "input order")},
    CLI_PROFILE_RECORDS(check_opts, prof),
    {NULL, 0, 0, 0, NULL, NULL, NULL},
};

const cli_cmd cli_cmd_check = {
    "check",
    cmd_check,
    N_("audit a disclosure (审核) and report every problem found"),
    N_("[--format=text|json|html|tsv|xlsx] [-o FILE] [--annotate=OUT.pdf] [--profile=NAME|FILE] "
       "[--accept=FILE] FILE..."),
    N_("Audit each disclosure (审核): arithmetic inside every table, the tables against each\n"
       "other, completeness, classification codes and names, the 情况说明 against the tables,\n"
       "the 绩效自评表, and the form of the text. 'juesuan rules' lists every rule.\n"
       "FILE may be text extracted from a PDF, a PDF or a model JSON; '-' reads standard input.\n"
       "Exit status 1 means errors were found.\n"
       "A rule profile (--profile, --disable, --enable, --severity, --tolerance) tunes the\n"
       "rules to a province's form and practice; --accept FILE marks the findings of an\n"
       "earlier 'check --format json' as accepted: reported, not counted."),
    CHECK_OPTS,
    "juesuan check --format json examples/disclosure-with-errors.txt",
};

enum { FMT_TEXT, FMT_JSON, FMT_HTML, FMT_TSV, FMT_XLSX };

static int check_operands(const check_opts *o, const cli_args *a)
{
    if (a->n == 0) return cli_usage("check", _("no input file"));
    if (o->annotate && a->n != 1) return cli_usage("check", _("--annotate wants exactly one PDF"));
    if (strcmp(o->format, "xlsx") == 0 && !o->output && isatty(STDOUT_FILENO))
        return cli_usage("check", _("--format xlsx writes a workbook: give -o FILE.xlsx"));
    if (o->output && strcmp(o->format, "xlsx") != 0 && !freopen(o->output, "w", stdout)) {
        fprintf(stderr, "juesuan check: ");
        fprintf(stderr, _("%s: cannot write"), o->output);
        fputc('\n', stderr);
        return EXIT_INPUT;
    }
    return CLI_GO;
}

/* The workbook to o->output, or through a temporary file to standard output. */
static int write_xlsx(const char *output, const js_batch *b)
{
    js_err err;
    js_err_clear(&err);
    if (output) {
        if (js_batch_xlsx(b, output, &err) == JS_OK) return EXIT_OK;
        fprintf(stderr, "juesuan check: %s\n", err.msg);
        return EXIT_INTERNAL;
    }
    const char *dir = getenv("TMPDIR");
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s/juesuan-check-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(stderr, "juesuan check: %s: %s\n", tmp, _(strerror(errno)));
        return EXIT_INTERNAL;
    }
    close(fd);
    js_buf book;
    js_buf_init(&book);
    int rc = js_batch_xlsx(b, tmp, &err) == JS_OK && js_file_read(tmp, &book, &err) == JS_OK
                 ? cli_write_stdout(&book)
                 : EXIT_INTERNAL;
    if (err.msg[0]) fprintf(stderr, "juesuan check: %s\n", err.msg);
    js_buf_release(&book);
    remove(tmp);
    return rc;
}

/* The batch report (html, xlsx) once every document is in. */
static int write_batch(const check_opts *o, int fmt, const js_batch *b, js_buf *out)
{
    if (fmt == FMT_XLSX) return write_xlsx(o->output, b);
    js_err err;
    js_err_clear(&err);
    const char *title = js_batch_docs(b) == 1 ? "决算公开审核结果" : "决算公开审核结果（多份）";
    if (js_batch_html(b, title, out, &err) == JS_OK) return EXIT_OK;
    fprintf(stderr, "juesuan check: %s\n", err.msg);
    return EXIT_INTERNAL;
}

/* --annotate: the original PDF with the findings drawn on it, written to out;
 * d->rc raised to the exit code of a failure. */
static void write_annotated(const char *out, const js_doc *doc, const js_findings *f,
                            cli_batch_doc *d)
{
    js_err err;
    js_err_clear(&err);
    const js_writer *w = js_writer_find("annotated-pdf");
    int rc = w ? js_write_file(w, NULL, doc, f, out, &err) /* no layout: the original PDF */
               : js_err_set(&err, JS_EINTERNAL, "no annotated-pdf writer");
    if (rc == JS_OK) return;
    js_buf_printf(&d->msgs, "juesuan check: %s\n", err.msg);
    int code = rc == JS_EUSAGE ? EXIT_USAGE : rc == JS_EINPUT ? EXIT_INPUT : EXIT_INTERNAL;
    if (code > d->rc) d->rc = code;
}

/* What every document of one run shares; written, errors, batch and failed are
 * the writer's (check_emit, in input order). */
typedef struct check_run {
    const check_opts *o;
    const js_profile *prof;
    const js_findings_writer *fw;
    int nfiles;
    int written;
    bool errors, failed;
    js_batch *batch; /* html, xlsx: every document, for the summary */
} check_run;

/* One document's report through the findings writer, as the first report (d->out)
 * and as a later one (d->extra, a js_buf): which one is written is known only in
 * order (check_emit). html, xlsx: a batch of this one document, merged in order. */
static void report_one(const check_run *r, const js_doc *doc, const js_findings *f,
                       cli_batch_doc *d)
{
    js_err err;
    js_err_clear(&err);
    int rc = JS_OK;
    if (r->batch) {
        js_batch *one = js_batch_new();
        rc =
            one ? js_batch_add(one, doc, f, &err) : js_err_set(&err, JS_EINTERNAL, "out of memory");
        d->extra = one;
    } else {
        /* one file: it is the first report written, never a later one (no second copy
         * of a large document's report in memory) */
        js_buf *later = r->nfiles > 1 ? calloc(1, sizeof *later) : NULL;
        rc = later || r->nfiles <= 1 ? r->fw->one(doc, f, 0, r->nfiles, &d->out, &err)
                                     : js_err_set(&err, JS_EINTERNAL, "out of memory");
        if (rc == JS_OK && later) rc = r->fw->one(doc, f, 1, r->nfiles, later, &err);
        d->extra = later;
    }
    if (rc != JS_OK) {
        js_buf_printf(&d->msgs, "juesuan check: %s\n", err.msg);
        d->rc = EXIT_INTERNAL;
    }
    d->written = true;
}

/* A worker thread: read and check one file. */
static void check_one(void *arg, const js_ctx *ctx, int i, const char *path, cli_batch_doc *d)
{
    (void)i;
    const check_run *r = arg;
    js_err err;
    js_doc *doc = cli_batch_read(ctx, "check", path, d, &err);
    js_findings f;
    js_findings_init(&f);
    int crc;
    if (doc) {
        js_err_clear(&err);
        crc = js_check_profile(ctx, doc, r->prof, &f, &err);
        /* the check's own blocks, freed, are holes in the heap the report (mapped: one
         * large block) cannot use: 0.3x the input at the seeds x200 */
        cli_batch_trim(doc);
    } else { /* a file that cannot be read is in the report too (spec/findings.md) */
        char why[sizeof err.msg];
        memcpy(why, err.msg, sizeof why);
        js_err_clear(&err);
        crc = js_check_unreadable(path, why, &doc, &f, &err);
    }
    if (crc != JS_OK) {
        js_buf_printf(&d->msgs, "juesuan check: %s\n", err.msg);
        if (d->rc < EXIT_INTERNAL) d->rc = EXIT_INTERNAL;
    } else {
        int e, w, n;
        js_findings_summary(&f, &e, &w, &n);
        if (e) d->errors = true;
        if (r->o->annotate) write_annotated(r->o->annotate, doc, &f, d);
        report_one(r, doc, &f, d);
    }
    js_findings_release(&f);
    js_doc_free(doc);
}

static void drop_batch(void *extra)
{
    js_batch_free(extra);
}

static void drop_buf(void *extra)
{
    js_buf_release(extra);
    free(extra);
}

/* In input order: the report as the first or as a later one (html, xlsx: the
 * document joins the batch, written at the end). */
static int check_emit(void *arg, int i, cli_batch_doc *d)
{
    (void)i;
    check_run *r = arg;
    if (d->errors) r->errors = true;
    if (!d->written) return EXIT_OK;
    if (r->batch) {
        js_err err;
        js_err_clear(&err);
        if (d->extra && js_batch_merge(r->batch, d->extra, &err) != JS_OK) {
            fprintf(stderr, "juesuan check: %s\n", err.msg);
            r->failed = true;
        }
        r->written++;
        return EXIT_OK;
    }
    const js_buf *b = r->written && d->extra ? d->extra : &d->out;
    r->written++;
    return b->len || b->oom ? cli_write_stdout(b) : EXIT_OK;
}

/* Before and after the reports: the writer's begin and end, or the batch report. */
static int check_frame(check_run *r, bool end)
{
    js_buf out;
    js_buf_init(&out);
    int rc = EXIT_OK;
    if (!r->batch && !end && r->fw->begin) r->fw->begin(&out, r->nfiles);
    if (!r->batch && end && r->fw->end) r->fw->end(&out, r->nfiles, r->written);
    if (r->batch && end)
        rc = write_batch(r->o, strcmp(r->o->format, "xlsx") == 0 ? FMT_XLSX : FMT_HTML, r->batch,
                         &out);
    int wr = out.len || out.oom ? cli_write_stdout(&out) : EXIT_OK;
    js_buf_release(&out);
    return wr > rc ? wr : rc;
}

int cmd_check(int argc, char **argv)
{
    check_opts o = {"text", NULL, NULL, cli_cores(), {0}};
    cli_args a;
    js_profile *prof = NULL;
    int prc = cli_parse(&cli_cmd_check, argc, argv, &o, &a);
    if (prc == CLI_GO) prc = cli_expand_dirs(&a);
    if (prc == CLI_GO) prc = check_operands(&o, &a);
    if (prc == CLI_GO) prc = cli_profile("check", &o.prof, &prof);
    if (prc != CLI_GO) {
        cli_args_release(&cli_cmd_check, &o, &a);
        return prc;
    }
    bool batch = strcmp(o.format, "html") == 0 || strcmp(o.format, "xlsx") == 0;
    check_run r = {&o,
                   prof,
                   js_findings_writer_find(batch ? "text" : o.format),
                   a.n,
                   0,
                   false,
                   false,
                   batch ? js_batch_new() : NULL};
    int rc = (batch && !r.batch) || !r.fw ? EXIT_INTERNAL : check_frame(&r, false);
    if (rc == EXIT_OK) {
        cli_batch b = {
            "check", a.v,  a.n, o.jobs, check_one, check_emit, batch ? drop_batch : drop_buf,
            &r,      false};
        rc = cli_batch_run(&b);
        int w = check_frame(&r, true);
        if (w > rc) rc = w;
    }
    if (r.failed && rc < EXIT_INTERNAL) rc = EXIT_INTERNAL;
    js_batch_free(r.batch);
    js_profile_free(prof);
    cli_args_release(&cli_cmd_check, &o, &a);
    if (rc == EXIT_OK && r.errors) rc = EXIT_FINDINGS;
    return rc;
}
