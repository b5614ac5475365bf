/*
 * pdf_program.c - the PDF reader of the shared library libjuesuan.so (issue #15):
 * PDFs are read by the juesuan program, in a child process.
 *
 * Debian 12 ships MuPDF (and mujs) only as static archives built without -fPIC,
 * which cannot be linked into a shared object. The shared library is therefore
 * built from the same objects as the program except the three that call MuPDF
 * (ingest/pdf.c, ingest/pdf_dev.c, render/pdf_annot.c), and this file takes
 * their place: js_parse_pdf runs `juesuan parse --format json -- FILE` and reads
 * the model back with js_doc_from_json (the model JSON holds everything the
 * reader made: tables, narrative, pages and boxes; docs/model-json.md), so a
 * program over libjuesuan.so reads, checks and stores PDFs as the juesuan program
 * does. The program is found as $JUESUAN_PROGRAM, else next to the library in
 * the installed layout (LIBDIR/../BINDIR/juesuan, or the same directory: the build
 * tree), else as JS_PROGRAM_PATH (the install path), else `juesuan` on PATH.
 * Drawing the findings on the PDF (annotate.h) needs MuPDF in the process: in this
 * library those functions return JS_EINTERNAL saying so (use `juesuan check
 * --annotate`).
 */
#define _GNU_SOURCE /* dladdr */
#include "ingest/pdf_geom.h"
#include "juesuan/annotate.h"
#include "juesuan/ingest.h"
#include "juesuan/json.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#ifndef JS_PROGRAM_PATH
#define JS_PROGRAM_PATH "/usr/bin/juesuan"
#endif
#ifndef JS_PROGRAM_RELDIR
#define JS_PROGRAM_RELDIR "../bin"
#endif

static const char NO_MUPDF[] = "libjuesuan.so draws no PDF (MuPDF is not in the shared library: "
                               "Debian ships it only as non-PIC static archives); use juesuan "
                               "check --annotate";

/* The juesuan program to run, in out (size bytes). */
static void find_program(char *out, size_t size)
{
    const char *env = getenv("JUESUAN_PROGRAM");
    if (env && *env) {
        snprintf(out, size, "%s", env);
        return;
    }
    Dl_info info;
    if (dladdr((void *)find_program, &info) && info.dli_fname && strchr(info.dli_fname, '/')) {
        char dir[PATH_MAX];
        snprintf(dir, sizeof dir, "%s", info.dli_fname);
        *strrchr(dir, '/') = '\0';
        snprintf(out, size, "%s/%s/juesuan", dir, JS_PROGRAM_RELDIR);
        if (access(out, X_OK) == 0) return;
        snprintf(out, size, "%s/juesuan", dir);
        if (access(out, X_OK) == 0) return;
    }
    snprintf(out, size, "%s", access(JS_PROGRAM_PATH, X_OK) == 0 ? JS_PROGRAM_PATH : "juesuan");
}

/* Read fd to its end into b. */
static bool read_all(int fd, js_buf *b)
{
    char chunk[65536];
    for (;;) {
        ssize_t k = read(fd, chunk, sizeof chunk);
        if (k < 0 && errno == EINTR) continue;
        if (k < 0) return false;
        if (k == 0) return !b->oom;
        js_buf_append(b, chunk, (size_t)k);
    }
}

/* The first line of what the program said on stderr (fd, at its start), without "juesuan: ". */
static void first_line(int fd, char *out, size_t size)
{
    out[0] = '\0';
    if (lseek(fd, 0, SEEK_SET) != 0) return;
    ssize_t k = read(fd, out, size - 1);
    out[k > 0 ? k : 0] = '\0';
    char *nl = strchr(out, '\n');
    if (nl) *nl = '\0';
}

int js_parse_pdf(const js_ctx *ctx, const char *path, js_doc **out, js_err *err)
{
    (void)ctx; /* the program reads with its own context: the built-in catalogue and forms */
    *out = NULL;
    char prog[PATH_MAX];
    find_program(prog, sizeof prog);
    char errname[] = "/tmp/juesuan-pdf-XXXXXX";
    int errfd = mkstemp(errname);
    if (errfd < 0) return js_err_set(err, JS_EINTERNAL, "%s: cannot make a temporary file", path);
    unlink(errname);
    int pipefd[2];
    if (pipe2(pipefd, O_CLOEXEC) != 0) {
        close(errfd);
        return js_err_set(err, JS_EINTERNAL, "%s: cannot make a pipe", path);
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
    posix_spawn_file_actions_adddup2(&fa, errfd, 2);
    char *argv[] = {prog, "parse", "--format", "json", "--", (char *)path, NULL};
    pid_t pid;
    int src = strchr(prog, '/') ? posix_spawn(&pid, prog, &fa, NULL, argv, environ)
                                : posix_spawnp(&pid, prog, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(pipefd[1]);
    js_buf json;
    js_buf_init(&json);
    bool got = src == 0 && read_all(pipefd[0], &json);
    close(pipefd[0]);
    int status = 0;
    if (src == 0)
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
    char said[512];
    first_line(errfd, said, sizeof said);
    close(errfd);
    int rc = JS_OK;
    if (src != 0)
        rc = js_err_set(err, JS_EINTERNAL,
                        "%s: PDFs are read by the juesuan program, which cannot be run (%s: %s; "
                        "set JUESUAN_PROGRAM)",
                        path, prog, strerror(src));
    else if (!got)
        rc = js_err_set(err, JS_EINTERNAL, "%s: cannot read what %s wrote", path, prog);
    else if (!WIFEXITED(status) || (WEXITSTATUS(status) != 0 && json.len == 0))
        rc = js_err_set(err,
                        WIFEXITED(status) && WEXITSTATUS(status) == 3 ? JS_EINPUT : JS_EINTERNAL,
                        "%s", said[0] ? said : "the juesuan program failed on the PDF");
    else
        rc = js_doc_from_json(path, json.data ? json.data : "", json.len, out, err);
    js_buf_release(&json);
    return rc;
}

int js_parse_pdf_bytes(const js_ctx *ctx, const char *path, const char *data, size_t n,
                       js_doc **out, js_err *err)
{
    *out = NULL;
    char name[] = "/tmp/juesuan-pdf-XXXXXX";
    int fd = mkstemp(name);
    if (fd < 0) return js_err_set(err, JS_EINTERNAL, "%s: cannot make a temporary file", path);
    size_t done = 0;
    while (done < n) {
        ssize_t k = write(fd, data + done, n - done);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) break;
        done += (size_t)k;
    }
    int rc = close(fd) == 0 && done == n
                 ? js_parse_pdf(ctx, name, out, err)
                 : js_err_set(err, JS_EINTERNAL, "%s: cannot write a temporary file", path);
    unlink(name);
    if (*out && path) { /* the document is named as the caller named it */
        js_doc *d = *out;
        d->path = js_arena_strdup(d->arena, path);
    }
    return rc;
}

int js_pdf_srcdoc(js_arena *a, const char *path, const char *data, size_t n, js_srcdoc *out,
                  js_err *err)
{
    (void)a, (void)data, (void)n, (void)out;
    return js_err_set(err, JS_EINTERNAL,
                      "%s: libjuesuan.so gives no PDF source lines (MuPDF is not in the shared "
                      "library); js_parse_pdf reads the PDF through the juesuan program",
                      path);
}

int js_annotate_pdf(const char *pdf, size_t n, const js_doc *doc, const js_findings *f,
                    js_annot_sink sink, void *ud, js_err *err)
{
    (void)pdf, (void)n, (void)doc, (void)f, (void)sink, (void)ud;
    return js_err_set(err, JS_EINTERNAL, "%s", NO_MUPDF);
}

int js_annotate_pdf_file(const js_doc *doc, const js_findings *f, const char *path, js_err *err)
{
    (void)doc, (void)f, (void)path;
    return js_err_set(err, JS_EINTERNAL, "%s", NO_MUPDF);
}

int js_annotate_page_png(const char *pdf, size_t n, const js_doc *doc, const js_findings *f,
                         int page, double scale, int focus, js_annot_sink sink, void *ud,
                         js_err *err)
{
    (void)pdf, (void)n, (void)doc, (void)f, (void)page, (void)scale, (void)focus, (void)sink,
        (void)ud;
    return js_err_set(err, JS_EINTERNAL, "%s", NO_MUPDF);
}
