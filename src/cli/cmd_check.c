/*
 * cmd_check.c - juesuan check: audit each disclosure (审核) and report every
 * finding, as a readable report (default), JSON (spec/findings.md) or an
 * HTML page. Exit 1 when any finding is an error, 3 when an input could not
 * be read (the others are still checked, and the report has an R-UNREADABLE
 * entry for it), 2 on misuse.
 */
#include "input.h"
#include "profile_opts.h"

#include <string.h>

typedef struct check_opts {
    const char *format;
    const char *annotate;
    cli_profile_opts prof;
} check_opts;

static const cli_opt CHECK_OPTS[] = {
    {"format", 'f', CLI_CHOICE, CLI_AT(check_opts, format), "FMT", "text|json|html|tsv",
     N_("report format: text grouped by table and section with the source line quoted "
        "(default), json (spec/findings.md), html (one page for a reviewer), tsv")},
    {"annotate", 0, CLI_STR, CLI_AT(check_opts, annotate), "OUT.pdf", NULL,
     N_("also write the original PDF (one FILE, a PDF) with a numbered box at each finding "
        "and the list of findings as its last page")},
    CLI_PROFILE_RECORDS(check_opts, prof),
    {NULL, 0, 0, 0, NULL, NULL, NULL},
};

const cli_cmd cli_cmd_check = {
    "check",
    cmd_check,
    N_("audit a disclosure (审核) and report every problem found"),
    N_("[--format=text|json|html|tsv] [--annotate=OUT.pdf] [--profile=NAME|FILE] "
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

enum { FMT_TEXT, FMT_JSON, FMT_HTML, FMT_TSV };

static int check_operands(const check_opts *o, const cli_args *a)
{
    if (a->n == 0) return cli_usage("check", _("no input file"));
    if (o->annotate && a->n != 1) return cli_usage("check", _("--annotate wants exactly one PDF"));
    return CLI_GO;
}

/* --annotate: the original PDF with the findings drawn on it, written to out;
 * *rc raised to the exit code of a failure. */
static void write_annotated(const char *out, const js_doc *doc, const js_findings *f, int *rc_out)
{
    js_err err;
    js_err_clear(&err);
    const js_writer *w = js_writer_find("annotated-pdf");
    int rc = w ? js_write_file(w, doc, f, out, &err)
               : js_err_set(&err, JS_EINTERNAL, "no annotated-pdf writer");
    if (rc == JS_OK) return;
    fprintf(stderr, "juesuan check: %s\n", err.msg);
    int code = rc == JS_EUSAGE ? EXIT_USAGE : rc == JS_EINPUT ? EXIT_INPUT : EXIT_INTERNAL;
    if (code > *rc_out) *rc_out = code;
}

int cmd_check(int argc, char **argv)
{
    check_opts o = {"text", NULL, {0}};
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
    int fmt = strcmp(o.format, "json") == 0   ? FMT_JSON
              : strcmp(o.format, "html") == 0 ? FMT_HTML
              : strcmp(o.format, "tsv") == 0  ? FMT_TSV
                                              : FMT_TEXT;
    js_ctx *ctx = cli_ctx();
    if (!ctx) {
        js_profile_free(prof);
        cli_args_release(&cli_cmd_check, &o, &a);
        return EXIT_INTERNAL;
    }
    int nfiles = a.n;
    int rc = EXIT_OK;
    bool errors = false;
    int written = 0;
    js_buf out;
    js_buf_init(&out);
    if (fmt == FMT_JSON && nfiles > 1) js_buf_puts(&out, "[");
    if (fmt == FMT_HTML)
        js_findings_html_begin(&out, nfiles == 1 ? "决算公开审核结果" : "决算公开审核结果（多份）");
    for (int i = 0; i < a.n; i++) {
        js_err err;
        js_doc *doc = cli_read_doc_err(ctx, "check", a.v[i], &rc, &err);
        js_findings f;
        js_findings_init(&f);
        int crc;
        if (doc) {
            js_err_clear(&err);
            crc = js_check_profile(ctx, doc, prof, &f, &err);
        } else { /* a file that cannot be read is in the report too (spec/findings.md) */
            char why[sizeof err.msg];
            memcpy(why, err.msg, sizeof why);
            js_err_clear(&err);
            crc = js_check_unreadable(a.v[i], why, &doc, &f, &err);
        }
        if (crc != JS_OK) {
            fprintf(stderr, "juesuan check: %s\n", err.msg);
            if (rc < EXIT_INTERNAL) rc = EXIT_INTERNAL;
        } else {
            int e, w, n;
            js_findings_summary(&f, &e, &w, &n);
            if (e) errors = true;
            if (o.annotate) write_annotated(o.annotate, doc, &f, &rc);
            if (fmt == FMT_JSON) {
                if (nfiles > 1) js_buf_puts(&out, written ? ",\n  " : "\n  ");
                if (js_findings_json(doc, &f, nfiles > 1 ? 2 : 0, &out, &err) != JS_OK) {
                    fprintf(stderr, "juesuan check: %s\n", err.msg);
                    rc = EXIT_INTERNAL;
                }
                if (nfiles == 1) js_buf_puts(&out, "\n");
            } else if (fmt == FMT_HTML) {
                js_findings_html_doc(doc, &f, &out);
            } else if (fmt == FMT_TSV) {
                js_findings_tsv(doc, &f, written == 0, &out);
            } else {
                if (written) js_buf_puts(&out, "\n");
                js_findings_text(doc, &f, &out);
            }
            written++;
        }
        js_findings_release(&f);
        js_doc_free(doc);
        if (fmt != FMT_HTML && !(fmt == FMT_JSON && nfiles > 1)) {
            int wr = cli_write_stdout(&out);
            out.len = 0;
            if (wr != EXIT_OK) {
                rc = wr;
                break;
            }
        }
    }
    if (fmt == FMT_JSON && nfiles > 1) js_buf_puts(&out, written ? "\n]\n" : "]\n");
    if (fmt == FMT_HTML) js_findings_html_end(&out);
    int wr = cli_write_stdout(&out);
    if (wr != EXIT_OK) rc = wr;
    js_buf_release(&out);
    js_ctx_free(ctx);
    js_profile_free(prof);
    cli_args_release(&cli_cmd_check, &o, &a);
    if (rc == EXIT_OK && errors) rc = EXIT_FINDINGS;
    return rc;
}
