/*
 * modules.c - the back-ends the program loads on first use (issue #18).
 *
 * The program holds the core of the library (reading, checking, the model, the
 * SQLite store, MuPDF); five back-ends and the shared libraries they link are
 * modules, shared objects built from the library's own sources (CMakeLists.txt):
 *
 *   juesuan-ocr.so     scanned pages (tesseract, leptonica)      ingest/ocr.c
 *   juesuan-pg.so      the PostgreSQL store (libpq)              store/pg.c
 *   juesuan-serve.so   the review server (libmicrohttpd, sodium) serve/ and web/
 *   juesuan-sheet.so   XLSX and XLS readers (libzip, libxml2,    ingest/xlsx.c, xls.c,
 *                      freexl)                                   zip_salvage.c
 *   juesuan-xlsx.so    XLSX writers (libxlsxwriter)              render/xlsx.c, check/
 *                                                                report_xlsx.c, store/..._xlsx.c
 *
 * For every entry point of a module the program has a stub of the same name
 * that opens the module at its first call (dlopen) and calls the module's
 * function; so a command that needs none of them never maps their libraries
 * and the dynamic linker never relocates them (docs/performance.md "Start-up").
 * The modules take the core's functions from the program (its exported symbols,
 * cmake/exports.list) and are linked -Bsymbolic, so that their calls of their
 * own entry points stay inside them.
 *
 * A module is looked for in $JUESUAN_MODULE_DIR when that is set, else next to
 * the program (the build tree), else in JS_MODULE_RELDIR relative to the
 * program's folder (LIBDIR/juesuan when installed). A module that cannot be
 * loaded is named on stderr and the program exits 4: it is a broken
 * installation, not a bad input.
 *
 * The handles and the resolved functions are the program's state (the library
 * keeps none), set once under a lock and never closed.
 */
#include "cli.h"
#include "ingest/ocr.h"
#include "ingest/sheet.h"
#include "juesuan/serve.h"
#include "juesuan/store.h"
#include "store/store_impl.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { MOD_OCR, MOD_PG, MOD_SERVE, MOD_SHEET, MOD_XLSX, MOD_N };

static const struct {
    const char *file;
    const char *what;
} MODULES[MOD_N] = {
    {"juesuan-ocr.so", N_("reading scanned pages (OCR)")},
    {"juesuan-pg.so", N_("the PostgreSQL database")},
    {"juesuan-serve.so", N_("the review server")},
    {"juesuan-sheet.so", N_("reading XLSX and XLS workbooks")},
    {"juesuan-xlsx.so", N_("writing XLSX files")},
};

static pthread_mutex_t mod_lock = PTHREAD_MUTEX_INITIALIZER;
static void *mod_handle[MOD_N];

/* Where the module file is: see the top of the file. */
static void module_path(const char *file, char *out, size_t size)
{
    const char *dir = getenv("JUESUAN_MODULE_DIR");
    if (dir && *dir) {
        snprintf(out, size, "%s/%s", dir, file);
        return;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) exe[n] = '\0';
    char *slash = n > 0 ? strrchr(exe, '/') : NULL;
    if (!slash) { /* no /proc: the dynamic linker's search path */
        snprintf(out, size, "%s", file);
        return;
    }
    *slash = '\0';
    snprintf(out, size, "%s/%s", exe, file);
    if (access(out, F_OK) != 0) snprintf(out, size, "%s/%s/%s", exe, JS_MODULE_RELDIR, file);
}

static _Noreturn void module_fail(int m, const char *path, const char *why)
{
    fprintf(stderr, _("juesuan: cannot load the module %s, needed for %s: %s"), MODULES[m].file,
            _(MODULES[m].what), why && *why ? why : path);
    fputc('\n', stderr);
    fprintf(stderr,
            _("juesuan: the installation is incomplete (modules are looked for next to "
              "the program and in %s; JUESUAN_MODULE_DIR names another folder)"),
            JS_MODULE_RELDIR);
    fputc('\n', stderr);
    fflush(stdout);
    exit(EXIT_INTERNAL);
}

/* Module m's function name, the module loaded on first use; exits 4 if it cannot be. */
static void *module_sym(int m, const char *name)
{
    pthread_mutex_lock(&mod_lock);
    char path[PATH_MAX + 64];
    path[0] = '\0';
    if (!mod_handle[m]) {
        module_path(MODULES[m].file, path, sizeof path);
        mod_handle[m] = dlopen(path, RTLD_NOW | RTLD_LOCAL);
        if (!mod_handle[m]) module_fail(m, path, dlerror());
    }
    dlerror();
    void *f = dlsym(mod_handle[m], name);
    const char *why = f ? NULL : dlerror();
    pthread_mutex_unlock(&mod_lock);
    if (!f) module_fail(m, path, why);
    return f;
}

/* The function once resolved: *slot, else module_sym stored into *slot. */
static void *cached(void *_Atomic *slot, int m, const char *name)
{
    void *p = atomic_load_explicit(slot, memory_order_acquire);
    if (!p) {
        p = module_sym(m, name);
        atomic_store_explicit(slot, p, memory_order_release);
    }
    return p;
}

/* A stub: name(params) calls the module's name(args). */
#define STUB(mod, ret, name, params, args)                                                         \
    ret name params                                                                                \
    {                                                                                              \
        static void *_Atomic slot;                                                                 \
        void *p = cached(&slot, mod, #name);                                                       \
        ret(*f) params;                                                                            \
        memcpy(&f, &p, sizeof f);                                                                  \
        return f args;                                                                             \
    }

/* ---- juesuan-ocr.so ------------------------------------------------------------ */

/* Every context has an OCR engine (js_ctx_new makes one) that almost no command
 * uses: the program's engine is a shell that makes the module's on first use. */
struct js_ocr {
    pthread_mutex_t lock;
    void *real; /* the module's js_ocr */
};

typedef void *(*ocr_new_fn)(void);
typedef void (*ocr_free_fn)(void *);
typedef bool (*ocr_ready_fn)(void *, const char *, js_err *);
typedef int (*ocr_page_fn)(void *, const unsigned char *, int, int, int, float, js_glyph **, int *,
                           int *, js_ocr_word *, int *);
static void *_Atomic ocr_new_slot, *_Atomic ocr_free_slot, *_Atomic ocr_ready_slot,
    *_Atomic ocr_page_slot;

js_ocr *js_ocr_new(void)
{
    js_ocr *o = calloc(1, sizeof *o);
    if (o && pthread_mutex_init(&o->lock, NULL) != 0) {
        free(o);
        return NULL;
    }
    return o;
}

void js_ocr_free(js_ocr *o)
{
    if (!o) return;
    if (o->real) {
        ocr_free_fn f;
        void *p = cached(&ocr_free_slot, MOD_OCR, "js_ocr_free");
        memcpy(&f, &p, sizeof f);
        f(o->real);
    }
    pthread_mutex_destroy(&o->lock);
    free(o);
}

bool js_ocr_ready(js_ocr *o, const char *path, js_err *err)
{
    ocr_ready_fn ready;
    void *p = cached(&ocr_ready_slot, MOD_OCR, "js_ocr_ready");
    memcpy(&ready, &p, sizeof ready);
    if (!o) return ready(NULL, path, err);
    pthread_mutex_lock(&o->lock);
    if (!o->real) {
        ocr_new_fn make;
        p = cached(&ocr_new_slot, MOD_OCR, "js_ocr_new");
        memcpy(&make, &p, sizeof make);
        o->real = make();
    }
    void *real = o->real;
    pthread_mutex_unlock(&o->lock);
    if (!real) {
        js_err_set(err, JS_EINTERNAL, "out of memory");
        return false;
    }
    return ready(real, path, err);
}

int js_ocr_page(js_ocr *o, const unsigned char *gray, int w, int h, int stride, float scale,
                js_glyph **gv, int *cap, int *ng, js_ocr_word *doubts, int *ndoubt)
{
    *ndoubt = 0;
    if (!o || !o->real) return JS_EINTERNAL; /* js_ocr_ready first */
    ocr_page_fn f;
    void *p = cached(&ocr_page_slot, MOD_OCR, "js_ocr_page");
    memcpy(&f, &p, sizeof f);
    return f(o->real, gray, w, h, stride, scale, gv, cap, ng, doubts, ndoubt);
}

/* ---- juesuan-pg.so ---------------------------------------------------------------- */

STUB(MOD_PG, int, js_store_pg_open, (const char *conninfo, int flags, js_store **out, js_err *err),
     (conninfo, flags, out, err))

/* ---- juesuan-serve.so ------------------------------------------------------------- */

STUB(MOD_SERVE, int, js_serve_start,
     (const js_ctx *ctx, const js_serve_opts *opts, js_server **out, js_err *err),
     (ctx, opts, out, err))
STUB(MOD_SERVE, int, js_serve_port, (const js_server *s), (s))
/* ECharts for report --format html (report_html.c): embedded with the page in this module */
STUB(MOD_SERVE, const char *, js_web_echarts, (size_t * len), (len))
STUB(MOD_SERVE, int, js_user_add,
     (const char *file, const char *name, const char *password, js_err *err),
     (file, name, password, err))
STUB(MOD_SERVE, int, js_user_remove, (const char *file, const char *name, js_err *err),
     (file, name, err))

void js_serve_stop(js_server *s)
{
    static void *_Atomic slot;
    void (*f)(js_server *);
    void *p = cached(&slot, MOD_SERVE, "js_serve_stop");
    memcpy(&f, &p, sizeof f);
    f(s);
}

/* ---- juesuan-sheet.so ------------------------------------------------------------- */

STUB(MOD_SHEET, int, js_xlsx_read,
     (js_arena * a, const char *path, const char *data, size_t n, js_workbook *wb, js_err *err),
     (a, path, data, n, wb, err))
STUB(MOD_SHEET, int, js_xls_read,
     (js_arena * a, const char *path, const char *data, size_t n, js_workbook *wb, js_err *err),
     (a, path, data, n, wb, err))

/* ---- juesuan-xlsx.so -------------------------------------------------------------- */

STUB(MOD_XLSX, int, js_render_xlsx,
     (const js_templates *form, const js_doc *doc, const char *path, js_err *err),
     (form, doc, path, err))
STUB(MOD_XLSX, int, js_batch_xlsx, (const js_batch *b, const char *path, js_err *err),
     (b, path, err))
STUB(MOD_XLSX, int, js_rtable_xlsx, (const js_rtable *t, const char *path, js_err *err),
     (t, path, err))
STUB(MOD_XLSX, int, js_rtables_xlsx,
     (const js_rtable *const *ts, int n, const char *path, js_err *err), (ts, n, path, err))
STUB(MOD_XLSX, int, js_xsheet_open,
     (const char *path, const char *sheet, js_xsheet **out, js_err *err), (path, sheet, out, err))
STUB(MOD_XLSX, int, js_xsheet_row,
     (js_xsheet * x, long long nrows, int ncols, const js_sval *v, const char *const *names,
      const char *const *header, js_err *err),
     (x, nrows, ncols, v, names, header, err))
STUB(MOD_XLSX, int, js_xsheet_close, (js_xsheet * x, const char *path, int rc, js_err *err),
     (x, path, rc, err))
