/*
 * input.c - reading the input files of parse, facts, check and render: every
 * file is tried, a file that cannot be read is reported on stderr (naming the
 * file and line or page) and the others go on; the exit code says so.
 * '-' is standard input. A path that is not a regular file (a FIFO, a
 * device, a directory, a socket) is reported and skipped before anything
 * opens it: opening a FIFO would wait for a writer forever.
 */
#include "input.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* What kind of non-regular file st is, for the message. */
static const char *kind_name(const struct stat *st)
{
    if (S_ISFIFO(st->st_mode)) return _("a FIFO");
    if (S_ISDIR(st->st_mode)) return _("a directory");
    if (S_ISSOCK(st->st_mode)) return _("a socket");
    if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode)) return _("a device");
    return _("not a regular file");
}

/* Not a regular file (a FIFO, device, directory or socket)? Then *why says so. */
static bool special_file(const char *path, js_err *why)
{
    struct stat st;
    if (strcmp(path, "-") == 0 || stat(path, &st) != 0 || S_ISREG(st.st_mode))
        return false; /* a missing file is reported by the reader, with the reason */
    js_err_set(why, JS_EINPUT, _("%s: %s, not a file; skipped"), path, kind_name(&st));
    return true;
}

bool cli_input_ok(const char *cmd, const char *path, int *rc)
{
    js_err why;
    js_err_clear(&why);
    if (!special_file(path, &why)) return true;
    fprintf(stderr, "juesuan %s: %s\n", cmd, why.msg);
    if (EXIT_INPUT > *rc) *rc = EXIT_INPUT;
    return false;
}

js_doc *cli_read_doc(const js_ctx *ctx, const char *cmd, const char *path, int *rc)
{
    js_err err;
    return cli_read_doc_err(ctx, cmd, path, rc, &err);
}

js_doc *cli_read_doc_err(const js_ctx *ctx, const char *cmd, const char *path, int *rc, js_err *why)
{
    js_err_clear(why);
    js_err *err = why;
    js_doc *doc = NULL;
    int st = special_file(path, err) ? JS_EINPUT : js_parse_file(ctx, path, &doc, err);
    if (st == JS_OK) return doc;
    fprintf(stderr, "juesuan %s: %s\n", cmd, err->msg[0] ? err->msg : path);
    int code = st == JS_EINPUT ? EXIT_INPUT : st == JS_EUSAGE ? EXIT_USAGE : EXIT_INTERNAL;
    if (code > *rc) *rc = code;
    js_doc_free(doc);
    return NULL;
}
