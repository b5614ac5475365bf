/*
 * xls.c - Excel 97-2003 workbooks (BIFF5/BIFF8 in an OLE2 compound file, as
 * older finance software and "Save as .xls" write them) into a js_workbook
 * (sheet.h), through libfreexl.
 *
 * libfreexl reads a file by name, so bytes that do not come from a regular
 * file (standard input) are written to a temporary file first, removed once
 * read. libfreexl runs in a helper program, juesuan-xls (below: it can corrupt
 * memory on a damaged workbook). freexl gives numbers without their format: a double
 * is shown as General shows it (up to 15 significant digits); an integer as is.
 */
#define _GNU_SOURCE /* dladdr, pipe2 */
#include "sheet.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <freexl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Does the regular file at path hold exactly these n bytes' length? (then
 * freexl can open it by name) */
static bool same_file(const char *path, size_t n)
{
    struct stat st;
    return strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
           (size_t)st.st_size == n;
}

static int temp_copy(const char *path, const char *data, size_t n, char *tmpl, size_t cap,
                     js_err *err)
{
    const char *dir = getenv("TMPDIR");
    snprintf(tmpl, cap, "%s/juesuan-xls-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(tmpl);
    if (fd < 0) return js_err_set(err, JS_EINTERNAL, "%s: cannot create a temporary file", path);
    size_t off = 0;
    while (off < n) {
        ssize_t w = write(fd, data + off, n - off);
        if (w <= 0) {
            close(fd);
            unlink(tmpl);
            return js_err_set(err, JS_EINTERNAL, "%s: cannot write a temporary file", path);
        }
        off += (size_t)w;
    }
    close(fd);
    return JS_OK;
}

static const char *cell_text(js_arena *a, const FreeXL_CellValue *v, js_buf *b)
{
    b->len = 0;
    switch (v->type) {
    case FREEXL_CELL_INT:
        js_buf_printf(b, "%d", v->value.int_value);
        break;
    case FREEXL_CELL_DOUBLE:
        js_sheet_number(b, v->value.double_value, -1, 0, false);
        break;
    case FREEXL_CELL_TEXT:
    case FREEXL_CELL_SST_TEXT:
    case FREEXL_CELL_DATE:
    case FREEXL_CELL_DATETIME:
    case FREEXL_CELL_TIME:
        if (!v->value.text_value) return NULL;
        js_buf_puts(b, v->value.text_value);
        break;
    default:
        return NULL;
    }
    if (b->oom || b->len == 0) return NULL;
    return js_arena_strndup(a, b->data, b->len);
}

static int read_sheet(js_arena *a, const void *h, const char *path, js_wbsheet *sh, js_err *err)
{
    unsigned int nrows = 0;
    unsigned short ncols = 0;
    if (freexl_worksheet_dimensions(h, &nrows, &ncols) != FREEXL_OK)
        return js_err_set(err, JS_EINPUT, "%s: sheet “%s” cannot be read (damaged XLS)", path,
                          sh->name);
    if (nrows > JS_SHEET_MAX_ROWS) nrows = JS_SHEET_MAX_ROWS;
    sh->rows = js_arena_calloc(a, (size_t)nrows + 1, sizeof *sh->rows);
    js_wbcell *tmp = malloc(((size_t)ncols + 1) * sizeof *tmp);
    if (!sh->rows || !tmp) {
        free(tmp);
        return js_err_set(err, JS_EINTERNAL, "%s: out of memory", path);
    }
    js_buf b;
    js_buf_init(&b);
    int rc = JS_OK;
    for (unsigned int r = 0; r < nrows && rc == JS_OK; r++) {
        int n = 0;
        for (unsigned short c = 0; c < ncols; c++) {
            FreeXL_CellValue v;
            if (freexl_get_cell_value(h, r, c, &v) != FREEXL_OK) continue;
            const char *t = cell_text(a, &v, &b);
            if (t) tmp[n++] = (js_wbcell){c, t};
        }
        if (!n) continue;
        js_wbrow *row = &sh->rows[sh->nrows++];
        row->row = (int)r + 1;
        row->cells = js_arena_alloc(a, (size_t)n * sizeof *row->cells);
        if (!row->cells) {
            rc = js_err_set(err, JS_EINTERNAL, "%s: out of memory", path);
            break;
        }
        memcpy(row->cells, tmp, (size_t)n * sizeof *tmp);
        row->ncells = n;
    }
    js_buf_release(&b);
    free(tmp);
    return rc;
}

/* The workbook in file through libfreexl, in this process (the helper program). */
static int read_here(js_arena *a, const char *path, const char *file, js_workbook *wb, js_err *err)
{
    const void *h = NULL;
    int st = freexl_open(file, &h);
    if (st != FREEXL_OK) {
        if (h) freexl_close(h);
        return js_err_set(err, JS_EINPUT, "%s: not a readable XLS workbook (freexl error %d)", path,
                          st);
    }
    unsigned int nsheets = 0, pw = 0;
    int rc = JS_OK;
    if (freexl_get_info(h, FREEXL_BIFF_PASSWORD, &pw) == FREEXL_OK && pw == FREEXL_BIFF_OBFUSCATED)
        rc = js_err_set(err, JS_EINPUT, "%s: the XLS is password-protected: cannot read it", path);
    else if (freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &nsheets) != FREEXL_OK || nsheets == 0)
        rc = js_err_set(err, JS_EINPUT, "%s: the workbook has no sheets", path);
    if (nsheets > 4096) nsheets = 4096;
    wb->sheets = rc == JS_OK ? js_arena_calloc(a, nsheets + 1, sizeof *wb->sheets) : NULL;
    if (rc == JS_OK && !wb->sheets) rc = js_err_set(err, JS_EINTERNAL, "%s: out of memory", path);
    for (unsigned short s = 0; rc == JS_OK && s < nsheets; s++) {
        js_wbsheet *sh = &wb->sheets[wb->nsheets++];
        const char *name = NULL;
        if (freexl_get_worksheet_name(h, s, &name) != FREEXL_OK) name = NULL;
        sh->name = name ? js_arena_strdup(a, name) : js_arena_printf(a, "Sheet%u", s + 1u);
        if (!sh->name) {
            rc = js_err_set(err, JS_EINTERNAL, "%s: out of memory", path);
            break;
        }
        if (freexl_select_active_worksheet(h, s) != FREEXL_OK) {
            rc = js_err_set(err, JS_EINPUT, "%s: sheet %u cannot be read (damaged XLS)", path,
                            s + 1u);
            break;
        }
        rc = read_sheet(a, h, path, sh, err);
    }
    freexl_close(h);
    return rc;
}

/* ---- the helper program ------------------------------------------------------
 * libfreexl 1.0.6 overruns a stack buffer in its own iconv use on some damaged
 * workbooks (found by fuzz_xlsx under ASan): memory corruption that no check of
 * ours can stop once the library runs. So it runs in another process: the helper
 * program juesuan-xls (src/helper/xls_helper.c, which calls js_xls_helper_main
 * below) reads the workbook and writes it to its standard output, a pipe; this
 * process reads that back with every length checked. A helper that crashes, is
 * killed or takes more than XLS_SECONDS is a damaged workbook for the user, never a
 * crash or a hang of the program; nothing of the helper's memory reaches this
 * process but the bytes of the pipe. The helper is started by posix_spawn (a new
 * program, not a fork() of this one: a forked copy of a threaded program, e.g. the
 * sanitizer build's runtime, can inherit a lock another thread held and wait on it
 * forever). (A library that stays in process — LibreOffice converting first — would
 * cost seconds a file and a 300 MB dependency; validating the whole OLE2/BIFF
 * structure by hand would be a second reader to get wrong.)
 *
 * The helper is looked for as $JUESUAN_XLS_HELPER when that is set, else next to
 * the file holding this code (the module juesuan-sheet.so, a program linking the
 * static library, libjuesuan.so: in that folder or its juesuan/ subfolder), next to
 * the running program, and in JS_HELPER_DIR (where it is installed). */

enum { XLS_SECONDS = 60, XLS_MAX_OUT = 256 << 20 };

static void put_u32(js_buf *b, uint32_t v)
{
    js_buf_append(b, (const char *)&v, sizeof v);
}

static void put_str(js_buf *b, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    put_u32(b, (uint32_t)n);
    js_buf_append(b, s ? s : "", n);
}

/* The result of read_here as bytes: status, then the message or the sheets. */
static void encode(js_buf *b, int rc, const js_workbook *wb, const js_err *err)
{
    put_u32(b, (uint32_t)rc);
    if (rc != JS_OK) {
        put_str(b, err->msg);
        return;
    }
    put_u32(b, (uint32_t)wb->nsheets);
    for (int s = 0; s < wb->nsheets; s++) {
        const js_wbsheet *sh = &wb->sheets[s];
        put_str(b, sh->name);
        put_u32(b, sh->hidden);
        put_u32(b, (uint32_t)sh->nrows);
        for (int r = 0; r < sh->nrows; r++) {
            put_u32(b, (uint32_t)sh->rows[r].row);
            put_u32(b, (uint32_t)sh->rows[r].ncells);
            for (int c = 0; c < sh->rows[r].ncells; c++) {
                put_u32(b, (uint32_t)sh->rows[r].cells[c].col);
                put_str(b, sh->rows[r].cells[c].text);
            }
        }
    }
}

int js_xls_helper_main(int argc, char **argv)
{
    if (argc != 3) return 2;
    const char *file = argv[1], *path = argv[2];
    js_arena *a = js_arena_new();
    js_workbook wb;
    memset(&wb, 0, sizeof wb);
    js_err err = {0};
    int rc = a ? read_here(a, path, file, &wb, &err) : JS_EINTERNAL;
    if (!a) snprintf(err.msg, sizeof err.msg, "%s: out of memory", path);
    js_buf b;
    js_buf_init(&b);
    encode(&b, rc, &wb, &err);
    size_t off = 0;
    while (!b.oom && off < b.len) {
        ssize_t w = write(1, b.data + off, b.len - off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) break;
        off += (size_t)w;
    }
    /* the process ends here: its memory goes with it (libfreexl loses some of its
     * own on damaged workbooks; the caller exits by _exit, so no leak check runs) */
    return !b.oom && off == b.len ? 0 : 1;
}

/* Reading the helper's bytes back, every length checked against what is left. */
typedef struct rd {
    const char *p, *end;
    bool bad;
} rd;

static uint32_t get_u32(rd *r)
{
    uint32_t v = 0;
    if (r->end - r->p < (ptrdiff_t)sizeof v) {
        r->bad = true;
        return 0;
    }
    memcpy(&v, r->p, sizeof v);
    r->p += sizeof v;
    return v;
}

static const char *get_str(rd *r, js_arena *a)
{
    uint32_t n = get_u32(r);
    if (r->bad || (uint32_t)(r->end - r->p) < n) {
        r->bad = true;
        return NULL;
    }
    const char *s = js_arena_strndup(a, r->p, n);
    r->p += n;
    if (!s) r->bad = true;
    return s;
}

static int decode(js_arena *a, const char *path, const char *data, size_t n, js_workbook *wb,
                  js_err *err)
{
    rd r = {data, data + n, false};
    int rc = (int)get_u32(&r);
    if (!r.bad && rc != JS_OK) {
        const char *msg = get_str(&r, a);
        if (!r.bad && (rc == JS_EINPUT || rc == JS_EINTERNAL))
            return js_err_set(err, rc, "%s", msg ? msg : path);
    }
    uint32_t ns = r.bad || rc != JS_OK ? 0 : get_u32(&r);
    if (ns > 4096) r.bad = true;
    wb->sheets = r.bad ? NULL : js_arena_calloc(a, ns + 1, sizeof *wb->sheets);
    for (uint32_t s = 0; wb->sheets && s < ns && !r.bad; s++) {
        js_wbsheet *sh = &wb->sheets[wb->nsheets++];
        sh->name = get_str(&r, a);
        sh->hidden = get_u32(&r) != 0;
        uint32_t nr = get_u32(&r);
        /* every row takes at least 8 bytes: a count beyond what is left is damage */
        if (r.bad || nr > (uint32_t)(r.end - r.p) / 8) break;
        sh->rows = js_arena_calloc(a, nr + 1, sizeof *sh->rows);
        for (uint32_t i = 0; sh->rows && i < nr && !r.bad; i++) {
            js_wbrow *row = &sh->rows[sh->nrows++];
            row->row = (int)get_u32(&r);
            uint32_t nc = get_u32(&r);
            if (r.bad || nc > (uint32_t)(r.end - r.p) / 8 || nc > JS_SHEET_MAX_COLS) {
                r.bad = true;
                break;
            }
            row->cells = js_arena_calloc(a, nc + 1, sizeof *row->cells);
            for (uint32_t c = 0; row->cells && c < nc && !r.bad; c++) {
                row->cells[row->ncells].col = (int)get_u32(&r);
                row->cells[row->ncells++].text = get_str(&r, a);
            }
            if (!row->cells) r.bad = true;
        }
        if (!sh->rows) r.bad = true;
    }
    if (r.bad || !wb->sheets || r.p != r.end)
        return js_err_set(err, JS_EINPUT, "%s: not a readable XLS workbook (damaged)", path);
    return JS_OK;
}

/* The helper's output (at most XLS_MAX_OUT bytes, within XLS_SECONDS) into b;
 * false when it took too long. */
static bool drain(int fd, js_buf *b)
{
    time_t until = time(NULL) + XLS_SECONDS;
    char chunk[65536];
    for (;;) {
        int left = (int)(until - time(NULL));
        if (left <= 0) return false;
        struct pollfd p = {fd, POLLIN, 0};
        int pr = poll(&p, 1, left * 1000);
        if (pr < 0 && errno == EINTR) continue;
        if (pr <= 0) return false;
        ssize_t k = read(fd, chunk, sizeof chunk);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) return true;
        if (b->len + (size_t)k > XLS_MAX_OUT) return false;
        js_buf_append(b, chunk, (size_t)k);
    }
}

/* Is there an executable juesuan-xls in dir (or in dir/juesuan)? Its path into out. */
static bool helper_in(const char *dir, size_t dirlen, char *out, size_t cap)
{
    static const char *const where[] = {"/juesuan-xls", "/juesuan/juesuan-xls"};
    for (size_t i = 0; i < sizeof where / sizeof *where; i++) {
        int k = snprintf(out, cap, "%.*s%s", (int)dirlen, dir, where[i]);
        if (k > 0 && (size_t)k < cap && access(out, X_OK) == 0) return true;
    }
    return false;
}

/* The folder part of file (up to its last slash), or false when it has none. */
static bool dir_of(const char *file, size_t *len)
{
    const char *slash = file ? strrchr(file, '/') : NULL;
    if (!slash) return false;
    *len = slash == file ? 1 : (size_t)(slash - file);
    return true;
}

/* The helper program's path into out (see "the helper program" above). */
static bool find_helper(char *out, size_t cap)
{
    const char *env = getenv("JUESUAN_XLS_HELPER");
    if (env && *env) {
        int k = snprintf(out, cap, "%s", env);
        return k > 0 && (size_t)k < cap;
    }
    size_t len = 0;
    Dl_info di;
    if (dladdr((void *)js_xls_read, &di) && dir_of(di.dli_fname, &len) &&
        helper_in(di.dli_fname, len, out, cap))
        return true;
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        if (dir_of(exe, &len) && helper_in(exe, len, out, cap)) return true;
    }
#ifdef JS_HELPER_DIR
    if (helper_in(JS_HELPER_DIR, strlen(JS_HELPER_DIR), out, cap)) return true;
#endif
    return false;
}

/* Start the helper on file (path names it in messages), its standard output the
 * write end of fds; its standard input and error /dev/null. 0 or an errno. */
static int spawn_helper(const char *helper, const char *file, const char *path, const int fds[2],
                        pid_t *pid)
{
    extern char **environ;
    posix_spawn_file_actions_t fa;
    int rc = posix_spawn_file_actions_init(&fa);
    if (rc != 0) return rc;
    if (!(rc = posix_spawn_file_actions_adddup2(&fa, fds[1], 1)) &&
        !(rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0)) &&
        !(rc = posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0))) {
        char *argv[] = {(char *)helper, (char *)file, (char *)path, NULL};
        rc = posix_spawn(pid, helper, &fa, NULL, argv, environ);
    }
    posix_spawn_file_actions_destroy(&fa);
    return rc;
}

int js_xls_read(js_arena *a, const char *path, const char *data, size_t n, js_workbook *wb,
                js_err *err)
{
    memset(wb, 0, sizeof *wb);
    char helper[4096];
    if (!find_helper(helper, sizeof helper))
        return js_err_set(err, JS_EINTERNAL,
                          "%s: cannot read XLS workbooks: the helper program juesuan-xls is not "
                          "installed (looked for next to the program and its modules)",
                          path);
    char tmpl[4096];
    const char *file = path;
    bool temp = !same_file(path, n);
    if (temp) {
        int rc = temp_copy(path, data, n, tmpl, sizeof tmpl, err);
        if (rc != JS_OK) return rc;
        file = tmpl;
    }
    /* close-on-exec: another thread's helper must not inherit this pipe (it would
     * hold its write end open) */
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        if (temp) unlink(tmpl);
        return js_err_set(err, JS_EINTERNAL, "%s: cannot make a pipe for the XLS reader", path);
    }
    pid_t pid = -1;
    if (spawn_helper(helper, file, path, fds, &pid) != 0) pid = -1;
    close(fds[1]);
    js_buf b;
    js_buf_init(&b);
    bool done = pid > 0 && drain(fds[0], &b);
    close(fds[0]);
    int status = 0;
    if (pid > 0) {
        if (!done) kill(pid, SIGKILL);
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
    }
    if (temp) unlink(tmpl);
    int rc;
    if (pid <= 0)
        rc = js_err_set(err, JS_EINTERNAL, "%s: cannot start the XLS reader (%s)", path, helper);
    else if (!done)
        rc = js_err_set(err, JS_EINPUT,
                        "%s: the XLS reader (libfreexl) took more than %d s: "
                        "damaged workbook?",
                        path, XLS_SECONDS);
    else if (WIFSIGNALED(status) || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        rc = js_err_set(err, JS_EINPUT,
                        "%s: not a readable XLS workbook (damaged: libfreexl failed on it%s)", path,
                        WIFSIGNALED(status) ? ", killed by a signal" : "");
    else if (b.oom)
        rc = js_err_set(err, JS_EINTERNAL, "%s: out of memory", path);
    else
        rc = decode(a, path, b.data ? b.data : "", b.len, wb, err);
    js_buf_release(&b);
    if (rc != JS_OK) memset(wb, 0, sizeof *wb);
    return rc;
}
