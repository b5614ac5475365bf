/*
 * ocr.c - scanned pages through the tesseract C API (ocr.h).
 *
 * Settings, chosen by measurement on the Shanghai 2024 disclosure rasterised at
 * 200 dpi (docs/inputs.md, bench/ocr.sh): languages chi_sim+eng, page
 * segmentation PSM_SPARSE_TEXT (11: every piece of text wherever it is; on a
 * page of ruled tables it read all 28 amounts of the 支出决算表 right, where
 * automatic segmentation (3) got 25 and a uniform block (6) none, at about the
 * same speed as 3 and half the time of 6), the page rendered at the resolution
 * of its scanned image (200 dpi when unknown: 150 and 300 dpi each misread
 * three amounts of the same page that 200 read right).
 */
#include "ocr.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tesseract/capi.h>

struct js_ocr {
    pthread_mutex_t lock;
    TessBaseAPI *api;
    bool tried, ok;
    char why[200];
};

js_ocr *js_ocr_new(void)
{
    js_ocr *o = calloc(1, sizeof *o);
    if (!o) return NULL;
    if (pthread_mutex_init(&o->lock, NULL) != 0) {
        free(o);
        return NULL;
    }
    return o;
}

void js_ocr_free(js_ocr *o)
{
    if (!o) return;
    if (o->api) {
        TessBaseAPIEnd(o->api);
        TessBaseAPIDelete(o->api);
    }
    pthread_mutex_destroy(&o->lock);
    free(o);
}

/* Load the model (under the lock). */
static void load(js_ocr *o)
{
    o->tried = true;
    o->api = TessBaseAPICreate();
    if (!o->api) {
        snprintf(o->why, sizeof o->why, "out of memory");
        return;
    }
    /* tesseract's own messages (tprintf) go to debug_file; the library never prints */
    const char *const names[] = {"debug_file"};
    const char *const values[] = {"/dev/null"};
    if (TessBaseAPIInit4(o->api, NULL, "chi_sim+eng", OEM_LSTM_ONLY, NULL, 0, (char **)names,
                         (char **)values, 1, 0) != 0) {
        snprintf(o->why, sizeof o->why,
                 "the OCR language data chi_sim and eng are not installed "
                 "(Debian: tesseract-ocr-chi-sim tesseract-ocr-eng)");
        TessBaseAPIDelete(o->api);
        o->api = NULL;
        return;
    }
    TessBaseAPISetPageSegMode(o->api, PSM_SPARSE_TEXT);
    o->ok = true;
}

bool js_ocr_ready(js_ocr *o, const char *path, js_err *err)
{
    if (!o) {
        js_err_set(err, JS_EINPUT, "%s: OCR is not available in this context", path);
        return false;
    }
    pthread_mutex_lock(&o->lock);
    if (!o->tried) load(o);
    bool ok = o->ok;
    if (!ok) js_err_set(err, JS_EINPUT, "%s: cannot read the scanned pages: %s", path, o->why);
    pthread_mutex_unlock(&o->lock);
    return ok;
}

static bool wide_cp(int32_t cp)
{
    return cp >= 0x2E80;
}

static bool push(js_glyph **gv, int *cap, int *ng, js_glyph g)
{
    if (*ng == *cap) {
        int nc = *cap ? *cap * 2 : 1024;
        js_glyph *v = realloc(*gv, (size_t)nc * sizeof *v);
        if (!v) return false;
        *gv = v;
        *cap = nc;
    }
    (*gv)[(*ng)++] = g;
    return true;
}

/* A character tesseract reads where a table's ruling line is ('|' for a
 * vertical rule): left out, so that the page geometry finds the rule (a rule
 * must cross no glyph) and the cells it separates. */
static bool rule_like(int32_t cp)
{
    return cp == '|' || cp == 0xFF5C || cp == 0x4E28 || cp == 0x2502 || cp == 0x2503 ||
           cp == 0x01C0;
}

/* One recognised character and its box (pixels). */
typedef struct sym {
    int32_t cp;
    int l, t, r, b;
} sym;

enum { MAX_WORD = 64 };

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* The middle value of v[0..n) (v is reordered). */
static int median(int *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_int);
    return v[n / 2];
}

/* The characters of one run (symbols on one text line), the run's box shared
 * out among them by advance, its top and bottom the median of theirs (one
 * oddly tall symbol box does not move the run off its line). */
static bool run_glyphs(const sym *s, int n, const int *line, float scale, js_glyph **gv, int *cap,
                       int *ng)
{
    int tops[MAX_WORD], bots[MAX_WORD], l = s[0].l, r = s[0].r;
    float units = 0;
    for (int i = 0; i < n; i++) {
        tops[i] = s[i].t;
        bots[i] = s[i].b;
        if (s[i].l < l) l = s[i].l;
        if (s[i].r > r) r = s[i].r;
        units += wide_cp(s[i].cp) ? 1.0f : 0.5f;
    }
    float y0 = (float)median(tops, n) / scale, y1 = (float)median(bots, n) / scale;
    int hs[MAX_WORD];
    for (int i = 0; i < n; i++)
        hs[i] = s[i].b - s[i].t;
    int hmed = median(hs, n), emh = hmed;
    /* on a text line of one line's height, the line's top and bottom, and an em
     * of that height */
    if (line && line[3] - line[1] <= 2 * hmed && line[3] - line[1] >= hmed) {
        y0 = (float)line[1] / scale;
        y1 = (float)line[3] / scale;
        emh = line[3] - line[1];
    }
    /* an em of about the characters' height: a box far wider than its text (a
     * symbol box stretched over its neighbours) would make a huge em for the
     * page geometry, which then merges the lines of a wrapped cell */
    float em = (float)emh / scale;
    float step = (float)(r - l) / scale / units, x = (float)l / scale;
    if (em > 0 && step > 1.15f * em) step = 1.15f * em; /* from the box's left edge */
    /* every character of the run on the run's middle line, one point high: the
     * page geometry puts glyphs on a line by their vertical centre, and ink
     * boxes (a flat 一, a tall 算) would scatter one title over two lines */
    float yc = (y0 + y1) / 2;
    y0 = yc - 0.5f;
    y1 = yc + 0.5f;
    for (int i = 0; i < n; i++) {
        float adv = step * (wide_cp(s[i].cp) ? 1.0f : 0.5f);
        if (!push(gv, cap, ng, (js_glyph){x, y0, x + adv, y1, s[i].cp})) return false;
        x += adv;
    }
    return true;
}

/* A word's symbols into glyphs: split into runs where a symbol's vertical centre
 * leaves the line (tesseract sometimes joins the two lines of a wrapped header
 * cell into one word), each run laid out evenly. */
static bool word_glyphs(const sym *s, int n, const int *line, float scale, js_glyph **gv, int *cap,
                        int *ng)
{
    int from = 0;
    for (int i = 1; i <= n; i++) {
        bool split = i == n;
        if (!split) {
            int h = s[from].b - s[from].t, cy = (s[from].t + s[from].b) / 2;
            int c = (s[i].t + s[i].b) / 2;
            split = c < cy - h * 2 / 3 || c > cy + h * 2 / 3 || s[i].l < s[i - 1].l - h;
        }
        if (split) {
            if (!run_glyphs(s + from, i - from, line, scale, gv, cap, ng)) return false;
            from = i;
        }
    }
    return true;
}

/* UTF-8 of code point c into u (room for 4); its length. */
static size_t utf8_put(int32_t c, char *u)
{
    if (c < 0x80) {
        u[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        u[0] = (char)(0xC0 | (c >> 6));
        u[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        u[0] = (char)(0xE0 | (c >> 12));
        u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        u[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    u[0] = (char)(0xF0 | (c >> 18));
    u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    u[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    u[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* A doubtful word: its text and box. */
static void doubt(js_ocr_word *d, const sym *s, int n, float scale, int conf)
{
    int l = s[0].l, t = s[0].t, r = s[0].r, b = s[0].b;
    size_t k = 0;
    for (int i = 0; i < n; i++) {
        if (s[i].l < l) l = s[i].l;
        if (s[i].t < t) t = s[i].t;
        if (s[i].r > r) r = s[i].r;
        if (s[i].b > b) b = s[i].b;
        char u[4];
        size_t m = utf8_put(s[i].cp, u);
        if (k + m >= sizeof d->text) break;
        memcpy(d->text + k, u, m);
        k += m;
    }
    d->text[k] = '\0';
    d->x0 = (float)l / scale;
    d->y0 = (float)t / scale;
    d->x1 = (float)r / scale;
    d->y1 = (float)b / scale;
    d->conf = conf;
}

/* The runs of glyphs a page gave (glyphs [from, to)): consecutive glyphs on one
 * middle line, left to right, as run_glyphs lays them out. */
typedef struct run_ref {
    int from, to, group;
    float yc, x0, x1;
} run_ref;

static int cmp_run_y(const void *a, const void *b)
{
    const run_ref *x = a, *y = b;
    return (x->yc > y->yc) - (x->yc < y->yc);
}

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* Runs of one text line that tesseract put a little off it (a word it took as a
 * line of its own, 收入 two points below 四、财政拨款 … 支出决算总体情况说明:
 * the page geometry, which puts glyphs on a line by their middle, made it a line
 * of its own and the heading lost a word) are moved onto the line: a run goes
 * to the middle of the longest of the longer runs within 0.45 em of its middle
 * that do not overlap it side by side, when those runs are all on one line
 * (within 0.15 em of each other); with longer runs on two lines near it (a
 * title between its quote marks read as noise) it stays where it is. Rows of a
 * table and the lines of a wrapped cell are an em and more apart. false when
 * out of memory. */
static bool snap_lines(js_glyph *g, int from, int to)
{
    if (to - from < 2) return true;
    run_ref *rv = malloc((size_t)(to - from) * sizeof *rv);
    float *adv = malloc((size_t)(to - from) * sizeof *adv);
    if (!rv || !adv) {
        free(rv);
        free(adv);
        return false;
    }
    int nr = 0, na = 0;
    for (int i = from; i < to;) {
        int j = i + 1;
        while (j < to && g[j].y0 == g[i].y0 && g[j].x0 >= g[j - 1].x0)
            j++;
        rv[nr++] = (run_ref){i, j, -1, (g[i].y0 + g[i].y1) / 2, g[i].x0, g[j - 1].x1};
        for (int k = i; k < j; k++)
            if (wide_cp(g[k].cp)) adv[na++] = g[k].x1 - g[k].x0;
        i = j;
    }
    if (na > 0) {
        qsort(adv, (size_t)na, sizeof *adv, cmp_float);
        float em = adv[na / 2], near = 0.45f * em, same = 0.15f * em;
        qsort(rv, (size_t)nr, sizeof *rv, cmp_run_y);
        for (int i = 0; i < nr; i++) { /* group: the run whose middle run i takes, or -1 */
            int len = rv[i].to - rv[i].from, best = -1;
            float lo = 0, hi = 0;
            for (int j = 0; j < nr; j++) {
                if (j == i || rv[j].to - rv[j].from <= len) continue;
                float dy = rv[j].yc - rv[i].yc;
                if (dy > near || dy < -near) continue;
                if (rv[j].x0 < rv[i].x1 - near && rv[i].x0 < rv[j].x1 - near)
                    continue; /* overlap */
                if (best < 0) {
                    lo = hi = rv[j].yc;
                } else {
                    if (rv[j].yc < lo) lo = rv[j].yc;
                    if (rv[j].yc > hi) hi = rv[j].yc;
                }
                if (best < 0 || rv[j].to - rv[j].from > rv[best].to - rv[best].from) best = j;
            }
            rv[i].group = best >= 0 && hi - lo <= same ? best : -1;
        }
        for (int i = 0; i < nr; i++) {
            if (rv[i].group < 0) continue;
            float yc = rv[rv[i].group].yc;
            for (int k = rv[i].from; k < rv[i].to; k++) {
                g[k].y0 = yc - 0.5f;
                g[k].y1 = yc + 0.5f;
            }
        }
    }
    free(rv);
    free(adv);
    return true;
}

/* Debian's tesseract is built with OpenMP and asks for a team of threads in
 * its LSTM layers (num_threads(4) and more) on every line: on a busy machine
 * (and in a batch, where the other cores read other files) those threads
 * spin-wait for each other, and one page cost 6.8 s of CPU for 4.3 s of
 * recognition. Dynamic teams (the calling thread's dyn-var ICV, set through
 * the runtime when tesseract loaded it: no global of ours, nothing when
 * tesseract has no OpenMP) let the runtime size the team by the cores that are
 * idle: on the loaded 2-core machine 1.75 s of CPU a page, and sooner done
 * (12 s wall instead of 20). */
static void omp_dynamic(void)
{
    void (*set_dynamic)(int);
    *(void **)&set_dynamic = dlsym(RTLD_DEFAULT, "omp_set_dynamic");
    if (set_dynamic) set_dynamic(1);
}

int js_ocr_page(js_ocr *o, const unsigned char *gray, int w, int h, int stride, float scale,
                js_glyph **gv, int *cap, int *ng, js_ocr_word *doubts, int *ndoubt)
{
    *ndoubt = 0;
    if (!o || !o->ok) return JS_EINTERNAL;
    int first = *ng;
    pthread_mutex_lock(&o->lock);
    omp_dynamic();
    TessBaseAPISetImage(o->api, gray, w, h, 1, stride);
    TessBaseAPISetSourceResolution(o->api, (int)(scale * 72.0f + 0.5f));
    int rc = TessBaseAPIRecognize(o->api, NULL) == 0 ? JS_OK : JS_EINTERNAL;
    TessResultIterator *it = rc == JS_OK ? TessBaseAPIGetIterator(o->api) : NULL;
    if (it) {
        const TessPageIterator *pi = TessResultIteratorGetPageIterator(it);
        sym ws[MAX_WORD];
        int nw = 0, line[4] = {0, 0, 0, 0};
        float conf = 100;
        do {
            if (TessPageIteratorIsAtBeginningOf(pi, RIL_WORD)) {
                nw = 0;
                conf = TessResultIteratorConfidence(it, RIL_WORD);
                if (!TessPageIteratorBoundingBox(pi, RIL_TEXTLINE, &line[0], &line[1], &line[2],
                                                 &line[3]))
                    line[0] = line[1] = line[2] = line[3] = 0;
            }
            char *t = TessResultIteratorGetUTF8Text(it, RIL_SYMBOL);
            int l, tp, r, b;
            if (t && *t && TessPageIteratorBoundingBox(pi, RIL_SYMBOL, &l, &tp, &r, &b) && r > l &&
                b > tp) {
                size_t len = strlen(t);
                for (size_t i = 0; i < len && nw < MAX_WORD;) {
                    int32_t cp;
                    i += (size_t)js_utf8_decode(t + i, len - i, &cp);
                    if (cp > 0x20 && cp != 0x3000 && !rule_like(cp))
                        ws[nw++] = (sym){cp, l, tp, r, b};
                }
            }
            TessDeleteText(t);
            if (nw > 0 && TessPageIteratorIsAtFinalElement(pi, RIL_WORD, RIL_SYMBOL)) {
                if (!word_glyphs(ws, nw, line, scale, gv, cap, ng)) rc = JS_EINTERNAL;
                if (conf < JS_OCR_DOUBT && *ndoubt < JS_OCR_MAX_DOUBT)
                    doubt(&doubts[(*ndoubt)++], ws, nw, scale, (int)conf);
                nw = 0;
            }
        } while (rc == JS_OK && TessResultIteratorNext(it, RIL_SYMBOL));
        TessResultIteratorDelete(it);
    }
    if (rc == JS_OK && !snap_lines(*gv, first, *ng)) rc = JS_EINTERNAL;
    TessBaseAPIClear(o->api);
    pthread_mutex_unlock(&o->lock);
    return rc;
}
