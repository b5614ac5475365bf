/*
 * cmd_facts.c - juesuan facts: the numbers of the nine tables as tidy facts
 * (spec/facts.md).
 */
#include "input.h"

#include <string.h>

const char help_facts[] =
    "usage: juesuan facts FILE...\n\n"
    "Print every number of the nine standard tables (公开01–09表) of each disclosure as\n"
    "tab-separated facts: table, row, column, value (万元). With several files a first\n"
    "column 'document' names the file. FILE may be text extracted from a PDF, a PDF, or a\n"
    "model JSON; '-' reads standard input. The format is spec/facts.md.\n\n"
    "example: juesuan facts examples/disclosure.txt > facts.tsv\n";

int cmd_facts(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("facts");
    int first = 1;
    if (first < argc && strcmp(argv[first], "--") == 0) first++;
    for (int i = first; i < argc && argv[i][0] == '-' && argv[i][1]; i++)
        return cli_usage("facts", "unknown option %s", argv[i]);
    if (first >= argc) return cli_usage("facts", "no input file");
    js_ctx *ctx = cli_ctx();
    if (!ctx) return EXIT_INTERNAL;
    bool many = argc - first > 1;
    int rc = EXIT_OK;
    js_buf out;
    js_buf_init(&out);
    js_facts_tsv_header(&out, many);
    for (int i = first; i < argc; i++) {
        js_doc *doc = cli_read_doc(ctx, "facts", argv[i], &rc);
        if (!doc) continue;
        js_facts_tsv(&out, doc, many ? argv[i] : NULL);
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
    return rc;
}
