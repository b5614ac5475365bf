/*
 * cmd_parse.c - juesuan parse: read disclosures into the document model and
 * show it (a readable overview, or the whole model as JSON).
 */
#include "input.h"

#include <string.h>

typedef struct parse_opts {
    const char *format;
    bool compact;
} parse_opts;

static const cli_opt PARSE_OPTS[] = {
    {"format", 'f', CLI_CHOICE, CLI_AT(parse_opts, format), "FMT", "text|json",
     N_("text: a readable overview (default); json: the whole document model "
        "(docs/model-json.md), an array for several files")},
    {"compact", 0, CLI_FLAG, CLI_AT(parse_opts, compact), NULL, NULL, N_("JSON on one line")},
    {NULL, 0, 0, 0, NULL, NULL, NULL},
};

const cli_cmd cli_cmd_parse = {
    "parse",
    cmd_parse,
    N_("read a disclosure (text, PDF, model JSON) into the document model"),
    N_("[--format=text|json] [--compact] FILE..."),
    N_("Read each disclosure (text extracted from a PDF, a PDF, or a model JSON) and print\n"
       "what was read: the nine tables with every row and value and where it came from,\n"
       "the narrative sections, the performance tables, and what looked wrong in the input.\n"
       "'-' reads standard input."),
    PARSE_OPTS,
    "juesuan parse --format json examples/disclosure.txt",
};

int cmd_parse(int argc, char **argv)
{
    parse_opts o = {"text", false};
    cli_args a;
    int prc = cli_parse(&cli_cmd_parse, argc, argv, &o, &a);
    if (prc == CLI_GO) prc = cli_expand_dirs(&a);
    if (prc == CLI_GO && a.n == 0) prc = cli_usage("parse", _("no input file"));
    if (prc != CLI_GO) {
        cli_args_release(&cli_cmd_parse, &o, &a);
        return prc;
    }
    bool json = strcmp(o.format, "json") == 0, pretty = !o.compact;
    js_ctx *ctx = cli_ctx();
    if (!ctx) {
        cli_args_release(&cli_cmd_parse, &o, &a);
        return EXIT_INTERNAL;
    }
    int rc = EXIT_OK, n = 0;
    bool many = a.n > 1;
    js_buf out;
    js_buf_init(&out);
    if (json && many) js_buf_puts(&out, "[\n");
    for (int i = 0; i < a.n; i++) {
        js_doc *doc = cli_read_doc(ctx, "parse", a.v[i], &rc);
        if (!doc) continue;
        if (json) {
            js_err err;
            js_err_clear(&err);
            if (many && n > 0) js_buf_puts(&out, ",\n");
            if (js_doc_to_json(doc, &out, pretty ? JS_JSON_PRETTY : 0, &err) != JS_OK) {
                fprintf(stderr, "juesuan parse: %s\n", err.msg);
                rc = EXIT_INTERNAL;
            }
        } else {
            if (n > 0) js_buf_puts(&out, "\n");
            js_render_summary(ctx->templates, doc, &out);
        }
        n++;
        js_doc_free(doc);
        int w = cli_write_stdout(&out);
        out.len = 0;
        if (w != EXIT_OK) {
            rc = w;
            break;
        }
    }
    if (json && many)
        js_buf_puts(&out, "\n]\n");
    else if (json && n)
        js_buf_puts(&out, "\n");
    int w = cli_write_stdout(&out);
    if (w != EXIT_OK) rc = w;
    js_buf_release(&out);
    js_ctx_free(ctx);
    cli_args_release(&cli_cmd_parse, &o, &a);
    return rc;
}
