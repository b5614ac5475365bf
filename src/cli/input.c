/*
 * input.c - reading the input files of parse, facts and check: every file is
 * tried, a file that cannot be read is reported on stderr (naming the file
 * and line or page) and the others go on; the exit code says so.
 */
#include "input.h"

#include <stdio.h>

js_doc *cli_read_doc(const js_ctx *ctx, const char *cmd, const char *path, int *rc)
{
    js_err err;
    return cli_read_doc_err(ctx, cmd, path, rc, &err);
}

js_doc *cli_read_doc_err(const js_ctx *ctx, const char *cmd, const char *path, int *rc,
                         js_err *why)
{
    js_err_clear(why);
    js_err *err = why;
    js_doc *doc = NULL;
    int st = js_parse_file(ctx, path, &doc, err);
    if (st == JS_OK) return doc;
    fprintf(stderr, "juesuan %s: %s\n", cmd, err->msg[0] ? err->msg : path);
    int code = st == JS_EINPUT ? EXIT_INPUT : st == JS_EUSAGE ? EXIT_USAGE : EXIT_INTERNAL;
    if (code > *rc) *rc = code;
    js_doc_free(doc);
    return NULL;
}
