/*
 * cmd_facts.c - juesuan facts: the numbers of the nine tables as tidy facts
 * (spec/facts.md).
 */
#include "input.h"

#include <string.h>

const cli_cmd cli_cmd_facts = {
    "facts",
    cmd_facts,
    N_("print the numbers of the nine tables as tidy facts (TSV)"),
    N_("FILE..."),
    N_("Print every number of the nine standard tables (公开01–09表) of each disclosure as\n"
       "tab-separated facts: table, row, column, value (万元). With several files a first\n"
       "column 'document' names the file. FILE may be text extracted from a PDF, a PDF, or a\n"
       "model JSON; '-' reads standard input. The format is spec/facts.md."),
    NULL,
    "juesuan facts examples/disclosure.txt > facts.tsv",
};

int cmd_facts(int argc, char **argv)
{
    cli_args a;
    int prc = cli_parse(&cli_cmd_facts, argc, argv, NULL, &a);
    if (prc == CLI_GO) prc = cli_expand_dirs(&a);
    if (prc == CLI_GO && a.n == 0) prc = cli_usage("facts", _("no input file"));
    js_ctx *ctx = prc == CLI_GO ? cli_ctx() : NULL;
    if (prc == CLI_GO && !ctx) prc = EXIT_INTERNAL;
    if (prc != CLI_GO) {
        cli_args_release(&cli_cmd_facts, NULL, &a);
        return prc;
    }
    bool many = a.n > 1;
    int rc = EXIT_OK;
    js_buf out;
    js_buf_init(&out);
    js_facts_tsv_header(&out, many);
    for (int i = 0; i < a.n; i++) {
        js_doc *doc = cli_read_doc(ctx, "facts", a.v[i], &rc);
        if (!doc) continue;
        js_facts_tsv(&out, doc, many ? a.v[i] : NULL);
        js_doc_free(doc);
        int w = cli_write_stdout(&out);
        if (w != EXIT_OK) {
            rc = w;
            break;
        }
        out.len = 0;
    }
    js_buf_release(&out);
    js_ctx_free(ctx);
    cli_args_release(&cli_cmd_facts, NULL, &a);
    return rc;
}
