/*
 * cmd_render.c - juesuan render: write a document model (the JSON that
 * `juesuan build` writes, or any disclosure `juesuan parse` reads) as HTML,
 * XLSX, Markdown, text or JSON.
 */
#include "input.h"

#include <string.h>

const char help_render[] =
    "usage: juesuan render MODEL.json --format html|xlsx|md|txt|json -o FILE\n\n"
    "Render a document model in the shapes people publish and work in:\n"
    "  html  one self-contained print-ready page (A4), tables laid out as on the form\n"
    "  xlsx  a workbook with one sheet per table (公开01表 … 09表, 绩效自评表)\n"
    "  md    Markdown\n"
    "  txt   text in the shape of the published disclosures (tab-separated cells),\n"
    "        which `juesuan parse`, `facts` and `check` read back\n"
    "  json  the document model\n"
    "The input may be a model JSON or any file `juesuan parse` reads. The output is\n"
    "written to a temporary file and renamed into place; '-o -' writes to standard\n"
    "output (not for xlsx).\n\n"
    "example: juesuan render model.json --format html -o disclosure.html\n";

int cmd_render(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("render");
    const char *in = NULL, *out = NULL, *format = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--format") == 0) {
            if (i + 1 >= argc) return cli_usage("render", "%s needs a value", argv[i]);
            if (argv[i][1] == 'o')
                out = argv[++i];
            else
                format = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage("render", "unknown option %s", argv[i]);
        } else if (!in) {
            in = argv[i];
        } else {
            return cli_usage("render", "more than one input given (%s)", argv[i]);
        }
    }
    if (!in) return cli_usage("render", "no input given");
    if (!format) return cli_usage("render", "--format is required");
    if (!js_render_format_ok(format)) return cli_usage("render", "unknown format '%s'", format);
    if (!out) return cli_usage("render", "-o FILE is required");
    bool to_stdout = strcmp(out, "-") == 0;
    if (to_stdout && strcmp(format, "xlsx") == 0)
        return cli_usage("render", "xlsx cannot go to standard output");
    js_ctx *ctx = cli_ctx();
    if (!ctx) return EXIT_INTERNAL;
    int rc = EXIT_OK;
    js_doc *doc = cli_read_doc(ctx, "render", in, &rc);
    if (!doc) {
        js_ctx_free(ctx);
        return rc;
    }
    js_err err;
    js_err_clear(&err);
    int st;
    if (to_stdout) {
        js_buf b;
        js_buf_init(&b);
        if (strcmp(format, "json") == 0) {
            st = js_doc_to_json(doc, &b, JS_JSON_PRETTY, &err);
            if (st == JS_OK) js_buf_putc(&b, '\n');
        } else if (strcmp(format, "txt") == 0)
            st = js_render_txt(doc, &b, &err);
        else if (strcmp(format, "md") == 0)
            st = js_render_md(doc, &b, &err);
        else
            st = js_render_html(doc, &b, &err);
        if (st == JS_OK) rc = cli_write_stdout(&b);
        js_buf_release(&b);
    } else {
        st = js_render_file(doc, format, out, &err);
    }
    if (st != JS_OK) {
        fprintf(stderr, "juesuan render: %s\n", err.msg);
        rc = st == JS_EUSAGE ? EXIT_USAGE : EXIT_INTERNAL;
    }
    js_doc_free(doc);
    js_ctx_free(ctx);
    return rc;
}
