/*
 * cmd_parse.c - juesuan parse: read disclosures into the document model and
 * show it (a readable overview, or the whole model as JSON).
 */
#include "input.h"

#include <string.h>

const char help_parse[] =
    "usage: juesuan parse [--format text|json] [--compact] FILE...\n\n"
    "Read each disclosure (text extracted from a PDF, a PDF, or a model JSON) and print\n"
    "what was read: the nine tables with every row and value and where it came from,\n"
    "the narrative sections, the performance tables, and what looked wrong in the input.\n\n"
    "  --format text   a readable overview (default)\n"
    "  --format json   the whole document model as JSON (docs/model-json.md);\n"
    "                  several files give a JSON array\n"
    "  --compact       JSON on one line\n\n"
    "example: juesuan parse --format json examples/disclosure.txt\n";

int cmd_parse(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("parse");
    bool json = false, pretty = true;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
            const char *f = argv[++i];
            if (strcmp(f, "json") == 0)
                json = true;
            else if (strcmp(f, "text") == 0)
                json = false;
            else
                return cli_usage("parse", "unknown format '%s' (text or json)", f);
        } else if (strcmp(argv[i], "--compact") == 0) {
            pretty = false;
        } else {
            return cli_usage("parse", "unknown option %s", argv[i]);
        }
    }
    if (i >= argc) return cli_usage("parse", "no input file");
    js_ctx *ctx = cli_ctx();
    if (!ctx) return EXIT_INTERNAL;
    int rc = EXIT_OK, n = 0;
    bool many = argc - i > 1;
    js_buf out;
    js_buf_init(&out);
    if (json && many) js_buf_puts(&out, "[\n");
    for (; i < argc; i++) {
        js_doc *doc = cli_read_doc(ctx, "parse", argv[i], &rc);
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
            js_render_summary(doc, &out);
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
    return rc;
}
