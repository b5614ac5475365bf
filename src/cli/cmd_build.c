/*
 * cmd_build.c - juesuan build: build a disclosure from a ledger CSV and a
 * metadata JSON (docs/build.md). Writes the document model as JSON, or with
 * --format one rendering of it. Input errors are all listed, each naming the
 * file and line, and nothing is written (exit 3).
 */
#include "cli.h"
#include "juesuan/build.h"

#include <string.h>

typedef struct build_opts {
    const char *meta, *out, *format;
    bool stats;
} build_opts;

static const cli_opt BUILD_OPTS[] = {
    {"meta", 0, CLI_STR, CLI_AT(build_opts, meta), "FILE", NULL,
     N_("the metadata JSON, or a workbook with a 元数据 sheet (required unless LEDGER is a "
        "workbook holding one)")},
    {"output", 'o', CLI_STR, CLI_AT(build_opts, out), "FILE", NULL,
     N_("write to FILE (through a temporary file renamed into place); without it, or with "
        "'-', to standard output (not for xlsx)")},
    {"format", 'f', CLI_CHOICE, CLI_AT(build_opts, format), "FMT", "json|txt|md|html|xlsx",
     N_("json: the document model (default), or a rendering")},
    {"stats", 0, CLI_FLAG, CLI_AT(build_opts, stats), NULL, NULL,
     N_("print lines and leaves aggregated to standard error")},
    {NULL, 0, 0, 0, NULL, NULL, NULL},
};

const cli_cmd cli_cmd_build = {
    "build",
    cmd_build,
    N_("build a disclosure from a ledger CSV and metadata"),
    N_("LEDGER.csv --meta=META.json [-o FILE] [--format=FMT]  |  BOOK.xlsx [-o FILE]"),
    N_("Build a departmental final-account disclosure (部门决算公开) from the department's own\n"
       "data: a ledger CSV with one posting a line (收支, 功能分类, 经济分类, 资金来源, 支出类型,\n"
       "金额 in 元, 项目) and a metadata JSON (department, year, budgets, 三公 details, last\n"
       "year's totals, reasons, performance inputs). The nine tables are aggregated from the\n"
       "ledger and the narrative 一…十五 is written from them. Formats: docs/build.md.\n"
       "The ledger may be UTF-8 (with or without BOM) or GB18030, amounts with thousands\n"
       "separators; ledger and metadata may also be sheets of one XLSX/XLS workbook.\n"
       "Every error in the input is reported as FILE:LINE: message naming the column (or the\n"
       "sheet cell); then nothing is written and the exit status is 3."),
    BUILD_OPTS,
    "juesuan build examples/ledger.csv --meta examples/meta.json --format txt -o out.txt",
};

static int build_args(int argc, char **argv, build_opts *o, const char **ledger)
{
    cli_args a;
    int rc = cli_parse(&cli_cmd_build, argc, argv, o, &a);
    if (rc == CLI_GO && a.n == 0) rc = cli_usage("build", _("no ledger CSV given"));
    if (rc == CLI_GO && a.n > 1)
        rc = cli_usage("build", _("more than one ledger given (%s)"), a.v[1]);
    if (rc == CLI_GO && !o->out && strcmp(o->format, "xlsx") == 0)
        rc = cli_usage("build", _("xlsx needs -o FILE"));
    if (rc == CLI_GO) *ledger = a.v[0];
    cli_args_release(&cli_cmd_build, o, &a);
    return rc;
}

int cmd_build(int argc, char **argv)
{
    build_opts o = {NULL, NULL, "json", false};
    const char *ledger = NULL;
    int prc = build_args(argc, argv, &o, &ledger);
    if (prc != CLI_GO) return prc;
    const char *meta = o.meta, *out = o.out, *format = o.format;
    bool stats = o.stats;
    js_ctx *ctx = cli_ctx();
    if (!ctx) return EXIT_INTERNAL;
    js_diags errs;
    js_diags_init(&errs);
    js_err err;
    js_err_clear(&err);
    js_doc *doc = NULL;
    js_build_stats st;
    int rc = js_build_files_diag(ctx, ledger, meta, &doc, &errs, &st, &err);
    if (rc != JS_OK) {
        if (errs.n)
            cli_print_diags(&errs, NULL);
        else
            fprintf(stderr, "juesuan build: %s\n", err.msg);
        if (errs.n) {
            fprintf(stderr, "juesuan build: ");
            fprintf(stderr, _("%d error(s); nothing written\n"), st.nerrors);
        }
        js_diags_release(&errs);
        js_ctx_free(ctx);
        return rc == JS_EINPUT ? EXIT_INPUT : rc == JS_EUSAGE ? EXIT_USAGE : EXIT_INTERNAL;
    }
    if (stats) {
        fprintf(stderr, "juesuan build: ");
        fprintf(stderr, _("%ld lines, %ld leaves\n"), st.lines, st.leaves);
    }
    int code = cli_render_doc(ctx, "build", doc, format, out);
    js_diags_release(&errs);
    js_doc_free(doc);
    js_ctx_free(ctx);
    return code;
}
