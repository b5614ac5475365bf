/*
 * input.c - reading the input files of parse, facts, check and render: every
 * file is tried, a file that cannot be read is reported on stderr (naming the
 * file and line or page) and the others go on; the exit code says so.
 * '-' is standard input. A path that is not a regular file (a FIFO, a
 * device, a directory, a socket) is reported and skipped before anything
 * opens it: opening a FIFO would wait for a writer forever. A directory given
 * to parse, facts or check stands for the files in it (cli_expand_dirs).
 */
#include "input.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
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
    return cli_read_doc_msg(ctx, cmd, path, rc, why, NULL);
}

js_doc *cli_read_doc_msg(const js_ctx *ctx, const char *cmd, const char *path, int *rc, js_err *why,
                         js_buf *msgs)
{
    js_err_clear(why);
    js_err *err = why;
    js_doc *doc = NULL;
    int st = special_file(path, err) ? JS_EINPUT : js_parse_file(ctx, path, &doc, err);
    if (st == JS_OK) return doc;
    if (msgs)
        js_buf_printf(msgs, "juesuan %s: %s\n", cmd, err->msg[0] ? err->msg : path);
    else
        fprintf(stderr, "juesuan %s: %s\n", cmd, err->msg[0] ? err->msg : path);
    int code = st == JS_EINPUT ? EXIT_INPUT : st == JS_EUSAGE ? EXIT_USAGE : EXIT_INTERNAL;
    if (code > *rc) *rc = code;
    js_doc_free(doc);
    return NULL;
}

/* ---- directories ------------------------------------------------------------ */

typedef struct pathlist {
    char **v;
    int n, cap;
    size_t bytes; /* the strings' total size with their NULs */
    bool oom;
} pathlist;

static void add(pathlist *l, const char *p)
{
    if (l->oom) return;
    if (l->n == l->cap) {
        int nc = l->cap ? l->cap * 2 : 16;
        char **v = realloc(l->v, (size_t)nc * sizeof *v);
        if (!v) {
            l->oom = true;
            return;
        }
        l->v = v;
        l->cap = nc;
    }
    char *c = strdup(p);
    if (!c) {
        l->oom = true;
        return;
    }
    l->v[l->n++] = c;
    l->bytes += strlen(c) + 1;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_dir(const char *p)
{
    struct stat st;
    return strcmp(p, "-") != 0 && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The files under dir, by name, depth first; hidden entries (.name) skipped. */
static void walk(pathlist *l, const char *dir, int depth)
{
    DIR *d = depth < 32 ? opendir(dir) : NULL;
    if (!d) {
        add(l, dir); /* reading it then says why */
        return;
    }
    pathlist here = {0};
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.') continue;
        size_t n = strlen(dir) + strlen(e->d_name) + 2;
        char *p = malloc(n);
        if (!p) {
            here.oom = true;
            break;
        }
        snprintf(p, n, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
        add(&here, p);
        free(p);
    }
    closedir(d);
    if (here.n) qsort(here.v, (size_t)here.n, sizeof *here.v, cmp_str);
    for (int i = 0; i < here.n; i++) {
        if (is_dir(here.v[i]))
            walk(l, here.v[i], depth + 1);
        else
            add(l, here.v[i]);
        free(here.v[i]);
    }
    l->oom = l->oom || here.oom;
    free(here.v);
}

int cli_expand_dirs(cli_args *a)
{
    bool any = false;
    for (int i = 0; i < a->n && !any; i++)
        any = is_dir(a->v[i]);
    if (!any) return CLI_GO;
    pathlist l = {0};
    for (int i = 0; i < a->n; i++) {
        if (is_dir(a->v[i]))
            walk(&l, a->v[i], 0);
        else
            add(&l, a->v[i]);
    }
    /* one block: the pointers, then the strings, so that cli_args_release's
     * free(a->v) releases everything */
    char **v = l.oom ? NULL : malloc((size_t)(l.n + 1) * sizeof *v + l.bytes);
    if (v) {
        char *s = (char *)(v + l.n + 1);
        for (int i = 0; i < l.n; i++) {
            size_t k = strlen(l.v[i]) + 1;
            memcpy(s, l.v[i], k);
            v[i] = s;
            s += k;
        }
        v[l.n] = NULL;
    }
    for (int i = 0; i < l.n; i++)
        free(l.v[i]);
    free(l.v);
    if (!v) {
        fprintf(stderr, "juesuan: %s\n", _("out of memory listing the input folders"));
        return EXIT_INTERNAL;
    }
    free(a->v);
    a->v = v;
    a->n = l.n;
    return CLI_GO;
}
