/*
 * cmd_check.c - juesuan check: audit each disclosure (审核) and report every
 * finding, as a readable report (default), JSON (spec/findings.md) or an
 * HTML page. Exit 1 when any finding is an error, 3 when an input could not
 * be read (the others are still checked), 2 on misuse.
 */
#include "input.h"

#include <string.h>

const char help_check[] =
    "usage: juesuan check [--format text|json|html|tsv] FILE...\n\n"
    "Audit each disclosure (审核): arithmetic inside every table, the tables against each\n"
    "other, completeness, classification codes and names, the 情况说明 against the tables,\n"
    "the 绩效自评表, and the form of the text. 'juesuan rules' lists every rule.\n\n"
    "options:\n"
    "  --format text   a report grouped by table and section, each finding with the source\n"
    "                  line quoted (default)\n"
    "  --format json   the findings format of spec/findings.md (an array for several files)\n"
    "  --format html   a self-contained HTML page for a reviewer\n"
    "  --format tsv    one finding per line, tab-separated, with a header line\n\n"
    "exit: 0 no errors found, 1 errors found, 2 usage, 3 an input could not be read,\n"
    "      4 internal error\n\n"
    "example: juesuan check --format json disclosure.txt\n";

enum { FMT_TEXT, FMT_JSON, FMT_HTML, FMT_TSV };

int cmd_check(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("check");
    int fmt = FMT_TEXT;
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (a[0] != '-' || a[1] == '\0') break;
        const char *v = NULL;
        if (strcmp(a, "--format") == 0 || strcmp(a, "-f") == 0) {
            if (i + 1 >= argc) return cli_usage("check", "%s needs a value", a);
            v = argv[++i];
        } else if (strncmp(a, "--format=", 9) == 0) {
            v = a + 9;
        } else {
            return cli_usage("check", "unknown option %s", a);
        }
        if (strcmp(v, "text") == 0)
            fmt = FMT_TEXT;
        else if (strcmp(v, "json") == 0)
            fmt = FMT_JSON;
        else if (strcmp(v, "html") == 0)
            fmt = FMT_HTML;
        else if (strcmp(v, "tsv") == 0)
            fmt = FMT_TSV;
        else
            return cli_usage("check", "unknown format '%s' (text, json, html or tsv)", v);
    }
    if (i >= argc) return cli_usage("check", "no input file");
    js_ctx *ctx = cli_ctx();
    if (!ctx) return EXIT_INTERNAL;
    int nfiles = argc - i;
    int rc = EXIT_OK;
    bool errors = false;
    int written = 0;
    js_buf out;
    js_buf_init(&out);
    if (fmt == FMT_JSON && nfiles > 1) js_buf_puts(&out, "[");
    if (fmt == FMT_HTML)
        js_findings_html_begin(&out, nfiles == 1 ? "决算公开审核结果" : "决算公开审核结果（多份）");
    for (; i < argc; i++) {
        js_doc *doc = cli_read_doc(ctx, "check", argv[i], &rc);
        if (!doc) continue;
        js_findings f;
        js_findings_init(&f);
        js_err err;
        js_err_clear(&err);
        if (js_check(ctx, doc, &f, &err) != JS_OK) {
            fprintf(stderr, "juesuan check: %s\n", err.msg);
            if (rc < EXIT_INTERNAL) rc = EXIT_INTERNAL;
        } else {
            int e, w, n;
            js_findings_summary(&f, &e, &w, &n);
            if (e) errors = true;
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
    if (rc == EXIT_OK && errors) rc = EXIT_FINDINGS;
    return rc;
}
