/*
 * ocr_fix.c - the labels of scanned tables read back to the names the forms
 * print (ocr.h, js_ocr_fix_labels).
 *
 * Tables 01 and 04 place their rows by name, so a row whose name tesseract
 * reads with noise stays unplaced and its figures are lost: measured on the
 * Shanghai 2024 disclosure rasterised at 200 dpi, the ordinal's 、 dropped
 * (八其他收入, 十九住房保障支出), a stroke read as Latin letters before the
 * name (ZN 经营收入), a character doubled or misread inside it
 * (国有资本经营预预算支出、, 灾害防治及应Ae管理支出). The vocabulary is the
 * templates' own: every printed name of a fixed row, every 类 name and every
 * table title of every form. A cell of a scanned page that is not one of them
 * is compared with them after its noise at either end is set aside (Chinese
 * numerals, 、 and punctuation, Latin letters: an ordinal or a misread stroke);
 * it becomes the name when the rest is the name exactly, or when one name, and
 * only one, is within one edit (two for nine characters or more; five at least).
 * Column header words are in the vocabulary too, so a header is never made a row.
 * Figures and codes (cells of digits) are never touched.
 */
#include "ocr.h"

#include <stdlib.h>
#include <string.h>

#include "juesuan/template.h"
#include "juesuan/text.h"

enum { MAX_CP = 48 };

typedef struct label {
    const char *text; /* normalised (spaces removed) */
    int32_t cp[MAX_CP];
    int n;
} label;

typedef struct vocab {
    label *v;
    int n, cap;
} vocab;

static int decode(const char *s, int32_t *cp, int max)
{
    int n = 0;
    size_t len = strlen(s);
    for (size_t i = 0; i < len && n < max;) {
        int32_t c;
        i += (size_t)js_utf8_decode(s + i, len - i, &c);
        cp[n++] = c;
    }
    return n;
}

static bool add(vocab *vb, const char *text)
{
    if (!text || !*text) return true;
    for (int i = 0; i < vb->n; i++)
        if (strcmp(vb->v[i].text, text) == 0) return true;
    if (vb->n == vb->cap) {
        int nc = vb->cap ? vb->cap * 2 : 256;
        label *v = realloc(vb->v, (size_t)nc * sizeof *v);
        if (!v) return false;
        vb->v = v;
        vb->cap = nc;
    }
    label *l = &vb->v[vb->n];
    l->text = text;
    l->n = decode(text, l->cp, MAX_CP);
    if (l->n >= 2 && l->n < MAX_CP) vb->n++; /* one character is no name to match */
    return true;
}

static bool build(const js_templates *tp, vocab *vb)
{
    bool ok = true;
    for (int f = 0; f < js_templates_nforms(tp); f++)
        for (int no = 1; no <= 9; no++) {
            const js_tpl_table *t = js_templates_table(tp, js_templates_form(tp, f), no);
            for (int i = 0; t && i < t->ntitles; i++)
                ok = ok && add(vb, t->titles[i]);
            for (int k = 0; t && k < t->ncols; k++) /* headers stay headers */
                for (int i = 0; i < t->cols[k].nwords; i++)
                    ok = ok && add(vb, t->cols[k].words[i]);
            for (int r = 0; t && r < t->nrows; r++)
                for (int i = 0; i < t->rows[r].nnames; i++)
                    ok = ok && add(vb, t->rows[r].names[i]);
        }
    int nc = 0;
    const js_tpl_class *c = js_templates_classes(tp, &nc);
    for (int i = 0; i < nc; i++)
        ok = ok && add(vb, c[i].name);
    return ok;
}

/* Levenshtein distance of a and b, or more than max (then max + 1). */
static int distance(const int32_t *a, int na, const int32_t *b, int nb, int max)
{
    if (abs(na - nb) > max) return max + 1;
    int row[MAX_CP + 1];
    for (int j = 0; j <= nb; j++)
        row[j] = j;
    for (int i = 1; i <= na; i++) {
        int diag = row[0], lo;
        row[0] = lo = i;
        for (int j = 1; j <= nb; j++) {
            int up = row[j];
            int v = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < v) v = up + 1;
            if (row[j - 1] + 1 < v) v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
            if (v < lo) lo = v;
        }
        if (lo > max) return max + 1;
    }
    return row[nb];
}

/* Noise at either end of a label: an ordinal's numerals and 、, punctuation,
 * and Latin letters (a misread stroke). */
static bool noise(int32_t c)
{
    static const char num[] = "一二三四五六七八九十";
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) return true;
    if (c > 0x20 && c < 0x7F && !(c >= '0' && c <= '9') && c != '(' && c != ')') return true;
    if (c == 0x3001 || c == 0xFF0C || c == 0x3002 || c == 0xFF1A || c == 0xFF0E) return true;
    int32_t cp[10];
    int n = decode(num, cp, 10);
    for (int i = 0; i < n; i++)
        if (cp[i] == c) return true;
    return false;
}

static bool cjk(int32_t c)
{
    return c >= 0x3400 && c < 0xA000;
}

/* A cell of noise and characters in the wrong order: a label printed on two
 * lines of its cell (年初财政拨款结转 / 和结余), which tesseract interleaves
 * with Latin letters for strokes (年初财政 2b 外转结余拨AK AG 和). Matched by
 * its Chinese characters as a bag: the label whose characters it holds, at
 * least 80% of them and no more than a quarter foreign, clearly better than
 * any other label (年初… and 年末… differ by one character: a cell holding
 * neither 初 nor 末 is neither). Only for a cell with Latin letters or digits
 * among its characters. */
static const char *bag_match(const vocab *vb, const int32_t *cp, int n)
{
    int32_t c[MAX_CP + 8];
    int m = 0;
    bool noisy = false;
    for (int i = 0; i < n; i++) {
        if (cjk(cp[i]))
            c[m++] = cp[i];
        else if ((cp[i] >= 'A' && cp[i] <= 'Z') || (cp[i] >= 'a' && cp[i] <= 'z') ||
                 (cp[i] >= '0' && cp[i] <= '9'))
            noisy = true;
    }
    if (!noisy || m < 5) return NULL;
    int best = 0, second = 0;
    const char *found = NULL;
    for (int i = 0; i < vb->n; i++) {
        const label *l = &vb->v[i];
        if (l->n < 5) continue;
        bool used[MAX_CP + 8] = {false};
        int common = 0;
        for (int j = 0; j < l->n; j++)
            for (int k = 0; k < m; k++)
                if (!used[k] && c[k] == l->cp[j]) {
                    used[k] = true;
                    common++;
                    break;
                }
        if (common * 5 < l->n * 4 || (m - common) * 4 > l->n) continue;
        if (common > best) {
            second = best;
            best = common;
            found = l->text;
        } else if (common > second) {
            second = common;
        }
    }
    return found && best > second ? found : NULL;
}

/* The label that text (normalised) is, after its noise, or NULL. */
static const char *match(const vocab *vb, const int32_t *cp, int n)
{
    int lead = 0, trail = n;
    while (lead < n && noise(cp[lead]))
        lead++;
    while (trail > lead && noise(cp[trail - 1]))
        trail--;
    /* the noise may have eaten the label's own first character (一般…): try
     * every start from 0 to lead, the end at the first noise from the right
     * or the whole */
    for (int k = 0; k <= lead; k++)
        for (int e = n; e >= trail; e = e > trail ? trail : trail - 1) {
            if (e - k < 2) continue;
            for (int i = 0; i < vb->n; i++)
                if (vb->v[i].n == e - k && memcmp(vb->v[i].cp, cp + k, (size_t)(e - k) * 4) == 0)
                    return vb->v[i].text;
        }
    const char *bag = bag_match(vb, cp, n);
    if (bag) return bag;
    int len = trail - lead;
    if (len < 5) return NULL;
    int max = len >= 9 ? 2 : 1, best = max + 1, nbest = 0;
    const char *found = NULL;
    for (int i = 0; i < vb->n; i++) {
        int d = distance(cp + lead, len, vb->v[i].cp, vb->v[i].n, max);
        if (d < best) {
            best = d;
            nbest = 1;
            found = vb->v[i].text;
        } else if (d == best && d <= max) {
            nbest++;
        }
    }
    return best <= max && nbest == 1 ? found : NULL;
}

/* The line's text again from its cells (pdf_geom.c: non-empty cells joined by two spaces). */
static bool relink(js_arena *a, js_srcline *ln)
{
    js_buf b;
    js_buf_init(&b);
    for (int c = 0; c < ln->ncells; c++) {
        if (!ln->cells[c].len) continue;
        if (b.len) js_buf_puts(&b, "  ");
        js_buf_append(&b, ln->cells[c].text, ln->cells[c].len);
    }
    const char *t = b.oom ? NULL : js_arena_strndup(a, b.data ? b.data : "", b.len);
    if (t) {
        ln->text = t;
        ln->len = b.len;
    }
    js_buf_release(&b);
    return t != NULL;
}

/* A figure or a code, not a label: digits and no more than one Chinese character. */
static bool numeric(const char *s)
{
    int digits = 0, han = 0;
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        int32_t c;
        i += (size_t)js_utf8_decode(s + i, len - i, &c);
        digits += c >= '0' && c <= '9';
        han += cjk(c);
    }
    return digits > 0 && (han < 2 || digits * 3 > han);
}

/* Is text (n bytes), normalised, a label exactly? (key: scratch) */
static bool is_label(const vocab *vb, js_buf *key, const char *text, size_t n)
{
    key->len = 0;
    js_norm_key(key, text, n);
    if (key->oom || !key->data) return false;
    for (int i = 0; i < vb->n; i++)
        if (strcmp(vb->v[i].text, key->data) == 0) return true;
    return false;
}

/* Are cells a and b together a label? */
static bool joined_label(const vocab *vb, js_buf *key, const js_srccell *a, const js_srccell *b)
{
    if (!a->len || !b->len) return false;
    js_buf t;
    js_buf_init(&t);
    js_buf_append(&t, a->text, a->len);
    js_buf_append(&t, b->text, b->len);
    bool yes = !t.oom && t.data && is_label(vb, key, t.data, t.len);
    js_buf_release(&t);
    return yes;
}

int js_ocr_fix_labels(const js_templates *tp, js_arena *a, js_srcdoc *src,
                      const unsigned char *pages, int npages)
{
    if (!tp || !pages) return 0;
    vocab vb = {0};
    if (!build(tp, &vb)) {
        free(vb.v);
        return -1;
    }
    int fixed = 0;
    js_buf key;
    js_buf_init(&key);
    for (int i = 0; i < src->nlines && fixed >= 0; i++) {
        js_srcline *ln = &src->lines[i];
        if (ln->loc.page < 1 || ln->loc.page > npages || !pages[ln->loc.page]) continue;
        /* a label split over cells ([一] [般公共预算…决算表]) is left as it is */
        if (is_label(&vb, &key, ln->text, ln->len)) continue;
        bool changed = false;
        for (int c = 0; c < ln->ncells; c++) {
            js_srccell *cell = &ln->cells[c];
            if (!cell->len || numeric(cell->text)) continue;
            if ((c > 0 && joined_label(&vb, &key, &ln->cells[c - 1], cell)) ||
                (c + 1 < ln->ncells && joined_label(&vb, &key, cell, &ln->cells[c + 1])))
                continue;
            key.len = 0;
            js_norm_key(&key, cell->text, cell->len);
            if (key.oom || !key.data) continue;
            int32_t cp[MAX_CP + 8];
            int n = decode(key.data, cp, MAX_CP + 8);
            if (n < 2 || n > MAX_CP) continue;
            const char *name = match(&vb, cp, n);
            if (!name || strcmp(name, key.data) == 0) continue;
            cell->text = name;
            cell->len = strlen(name);
            changed = true;
            fixed++;
        }
        if (changed && !relink(a, ln)) fixed = -1;
    }
    js_buf_release(&key);
    free(vb.v);
    return fixed;
}
