/*
 * cmd_build.c - juesuan build: build a disclosure from a ledger CSV and a
 * metadata JSON (docs/build.md). Writes the document model as JSON, or with
 * --format one rendering of it. Input errors are all listed, each naming the
 * file and line, and nothing is written (exit 3).
 */
#include "cli.h"
#include "juesuan/build.h"

#include <string.h>

const char help_build[] =
    "usage: juesuan build LEDGER.csv --meta META.json [-o FILE] [--format "
    "html|xlsx|md|txt|json]\n\n"
    "Build a departmental final-account disclosure (部门决算公开) from the department's own\n"
    "data: a ledger CSV with one posting a line (收支, 功能分类, 经济分类, 资金来源, 支出类型,\n"
    "金额 in 元, 项目) and a metadata JSON (department, year, budgets, 三公 details, last\n"
    "year's totals, reasons, performance inputs). The nine tables are aggregated from the\n"
    "ledger and the narrative 一…十五 is written from them. Formats: docs/build.md.\n\n"
    "  --meta FILE      the metadata JSON (required)\n"
    "  -o FILE          write to FILE (through a temporary file renamed into place);\n"
    "                   without -o the output goes to standard output (not for xlsx)\n"
    "  --format FMT     json (the document model, the default), txt, md, html or xlsx\n"
    "  --stats          print lines and leaves aggregated to standard error\n\n"
    "Every error in the input is reported as FILE:LINE: message; then nothing is written\n"
    "and the exit code is 3.\n\n"
    "example: juesuan build examples/ledger.csv --meta examples/meta.json --format txt -o "
    "out.txt\n";

int cmd_build(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("build");
    const char *ledger = NULL, *meta = NULL, *out = NULL, *format = "json";
    bool stats = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--meta") == 0 || strcmp(argv[i], "-o") == 0 ||
            strcmp(argv[i], "--format") == 0) {
            if (i + 1 >= argc) return cli_usage("build", "%s needs a value", argv[i]);
            const char **dst = argv[i][1] == 'o' ? &out : argv[i][2] == 'm' ? &meta : &format;
            *dst = argv[++i];
        } else if (strcmp(argv[i], "--stats") == 0) {
            stats = true;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage("build", "unknown option %s", argv[i]);
        } else if (!ledger) {
            ledger = argv[i];
        } else {
            return cli_usage("build", "more than one ledger given (%s)", argv[i]);
        }
    }
    if (!ledger) return cli_usage("build", "no ledger CSV given");
    if (!meta) return cli_usage("build", "--meta META.json is required");
    if (!js_render_format_ok(format)) return cli_usage("build", "unknown format '%s'", format);
    if (!out && strcmp(format, "xlsx") == 0) return cli_usage("build", "xlsx needs -o FILE");
    js_ctx *ctx = cli_ctx();
    if (!ctx) return EXIT_INTERNAL;
    js_buf errs;
    js_buf_init(&errs);
    js_err err;
    js_err_clear(&err);
    js_doc *doc = NULL;
    js_build_stats st;
    int rc = js_build_files(ctx, ledger, meta, &doc, &errs, &st, &err);
    if (rc != JS_OK) {
        if (errs.len)
            fwrite(errs.data, 1, errs.len, stderr);
        else
            fprintf(stderr, "juesuan build: %s\n", err.msg);
        if (errs.len) fprintf(stderr, "juesuan build: %d error(s); nothing written\n", st.nerrors);
        js_buf_release(&errs);
        js_ctx_free(ctx);
        return rc == JS_EINPUT ? EXIT_INPUT : rc == JS_EUSAGE ? EXIT_USAGE : EXIT_INTERNAL;
    }
    if (stats) fprintf(stderr, "juesuan build: %ld lines, %ld leaves\n", st.lines, st.leaves);
    int code = EXIT_OK;
    if (out) {
        rc = js_render_file(doc, format, out, &err);
    } else {
        js_buf b;
        js_buf_init(&b);
        if (strcmp(format, "json") == 0) {
            rc = js_doc_to_json(doc, &b, JS_JSON_PRETTY, &err);
            if (rc == JS_OK) js_buf_putc(&b, '\n');
        } else if (strcmp(format, "txt") == 0)
            rc = js_render_txt(doc, &b, &err);
        else if (strcmp(format, "md") == 0)
            rc = js_render_md(doc, &b, &err);
        else
            rc = js_render_html(doc, &b, &err);
        if (rc == JS_OK) code = cli_write_stdout(&b);
        js_buf_release(&b);
    }
    if (rc != JS_OK) {
        fprintf(stderr, "juesuan build: %s\n", err.msg);
        code = rc == JS_EUSAGE ? EXIT_USAGE : EXIT_INTERNAL;
    }
    js_buf_release(&errs);
    js_doc_free(doc);
    js_ctx_free(ctx);
    return code;
}
