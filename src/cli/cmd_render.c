/*
 * cmd_render.c - juesuan render: write a document model (the JSON that
 * `juesuan build` writes, or any disclosure `juesuan parse` reads) as HTML,
 * XLSX, Markdown, text or JSON.
 */
#include "input.h"

#include <string.h>

typedef struct render_opts {
    const char *format, *out;
} render_opts;

static const cli_opt RENDER_OPTS[] = {
    {"format", 'f', CLI_CHOICE, CLI_AT(render_opts, format), "FMT", "html|xlsx|md|txt|json",
     N_("the output format (required)")},
    {"output", 'o', CLI_STR, CLI_AT(render_opts, out), "FILE", NULL,
     N_("write to FILE (required; '-' is standard output, not for xlsx)")},
    {NULL, 0, 0, 0, NULL, NULL, NULL},
};

const cli_cmd cli_cmd_render = {
    "render",
    cmd_render,
    N_("render a document model as HTML, XLSX, Markdown, text or JSON"),
    N_("MODEL.json --format=html|xlsx|md|txt|json -o FILE"),
    N_("Render a document model in the shapes people publish and work in:\n"
       "  html  one self-contained print-ready page (A4), tables laid out as on the form\n"
       "  xlsx  a workbook with one sheet per table (公开01表 … 09表, 绩效自评表)\n"
       "  md    Markdown\n"
       "  txt   text in the shape of the published disclosures (tab-separated cells),\n"
       "        which `juesuan parse`, `facts` and `check` read back\n"
       "  json  the document model\n"
       "The input may be a model JSON or any file `juesuan parse` reads. The output is\n"
       "written to a temporary file and renamed into place."),
    RENDER_OPTS,
    "juesuan render model.json --format html -o disclosure.html",
};

static int render_args(int argc, char **argv, render_opts *o, const char **in)
{
    cli_args a;
    int rc = cli_parse(&cli_cmd_render, argc, argv, o, &a);
    if (rc == CLI_GO && a.n == 0) rc = cli_usage("render", _("no input given"));
    if (rc == CLI_GO && a.n > 1)
        rc = cli_usage("render", _("more than one input given (%s)"), a.v[1]);
    if (rc == CLI_GO && !o->format) rc = cli_usage("render", _("--format is required"));
    if (rc == CLI_GO && !o->out) rc = cli_usage("render", _("-o FILE is required"));
    if (rc == CLI_GO && strcmp(o->out, "-") == 0 && strcmp(o->format, "xlsx") == 0)
        rc = cli_usage("render", _("xlsx cannot go to standard output"));
    if (rc == CLI_GO) *in = a.v[0];
    cli_args_release(&cli_cmd_render, o, &a);
    return rc;
}

int cmd_render(int argc, char **argv)
{
    render_opts o = {NULL, NULL};
    const char *in = NULL;
    int prc = render_args(argc, argv, &o, &in);
    if (prc != CLI_GO) return prc;
    const char *out = o.out, *format = o.format;
    js_ctx *ctx = cli_ctx();
    if (!ctx) return EXIT_INTERNAL;
    int rc = EXIT_OK;
    js_doc *doc = cli_read_doc(ctx, "render", in, &rc);
    if (!doc) {
        js_ctx_free(ctx);
        return rc;
    }
    rc = cli_render_doc(ctx, "render", doc, format, out);
    js_doc_free(doc);
    js_ctx_free(ctx);
    return rc;
}
