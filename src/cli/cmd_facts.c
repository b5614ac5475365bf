/*
 * cmd_facts.c - juesuan facts: the numbers of the nine tables as tidy facts
 * (spec/facts.md).
 */
#include "batch.h"
#include "input.h"

#include <string.h>

typedef struct facts_opts {
    int jobs;
} facts_opts;

static const cli_opt FACTS_OPTS[] = {
    {"jobs", 'j', CLI_INT, CLI_AT(facts_opts, jobs), "N", "1..1024",
     N_("documents read at the same time (default: the number of cores); the output stays in "
        "input order")},
    {NULL, 0, 0, 0, NULL, NULL, NULL},
};

const cli_cmd cli_cmd_facts = {
    "facts",
    cmd_facts,
    N_("print the numbers of the nine tables as tidy facts (TSV)"),
    N_("FILE..."),
    N_("Print every number of the nine standard tables (公开01–09表) of each disclosure as\n"
       "tab-separated facts: table, row, column, value (万元). With several files a first\n"
       "column 'document' names the file. FILE may be text extracted from a PDF, a PDF, or a\n"
       "model JSON; '-' reads standard input. The format is spec/facts.md."),
    FACTS_OPTS,
    "juesuan facts examples/disclosure.txt > facts.tsv",
};

typedef struct facts_run {
    bool many;
    bool header; /* written: it comes with the first document read */
} facts_run;

static void facts_one(void *arg, const js_ctx *ctx, int i, const char *path, cli_batch_doc *d)
{
    (void)i;
    const facts_run *r = arg;
    js_err why;
    js_doc *doc = cli_batch_read(ctx, "facts", path, d, &why);
    if (!doc) return;
    js_facts_tsv(&d->out, doc, r->many ? path : NULL);
    d->written = true;
    js_doc_free(doc);
}

static int facts_emit(void *arg, int i, cli_batch_doc *d)
{
    (void)i;
    facts_run *r = arg;
    if (!d->written) return EXIT_OK;
    if (!r->header) {
        js_buf h;
        js_buf_init(&h);
        js_facts_tsv_header(&h, r->many);
        int rc = cli_write_stdout(&h);
        js_buf_release(&h);
        if (rc != EXIT_OK) return rc;
        r->header = true;
    }
    return d->out.len || d->out.oom ? cli_write_stdout(&d->out) : EXIT_OK;
}

int cmd_facts(int argc, char **argv)
{
    facts_opts o = {cli_cores()};
    cli_args a;
    int prc = cli_parse(&cli_cmd_facts, argc, argv, &o, &a);
    if (prc == CLI_GO) prc = cli_expand_dirs(&a);
    if (prc == CLI_GO && a.n == 0) prc = cli_usage("facts", _("no input file"));
    if (prc != CLI_GO) {
        cli_args_release(&cli_cmd_facts, &o, &a);
        return prc;
    }
    facts_run r = {a.n > 1, false};
    cli_batch b = {"facts", a.v, a.n, o.jobs, facts_one, facts_emit, NULL, &r, false};
    int rc = cli_batch_run(&b);
    cli_args_release(&cli_cmd_facts, &o, &a);
    return rc;
}
