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

#include "juesuan/model.h"
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

/* A table title of the forms as compared with a scanned line: its Chinese
 * characters only (quotes and spaces left out). */
typedef struct title {
    const char *text; /* as the templates print it (normalised) */
    int no;           /* 1..9 */
    int32_t cp[MAX_CP];
    int n;
} title;

typedef struct titles {
    title *v;
    int n, cap;
} titles;

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

static bool cjk(int32_t c);
static bool tight(int32_t c);
static int han_seq(const int32_t *cp, int n, int32_t *out, int max, int *digits);

static bool add_title(titles *tt, const char *text, int no)
{
    for (int i = 0; i < tt->n; i++)
        if (strcmp(tt->v[i].text, text) == 0) return true;
    if (tt->n == tt->cap) {
        int nc = tt->cap ? tt->cap * 2 : 32;
        title *v = realloc(tt->v, (size_t)nc * sizeof *v);
        if (!v) return false;
        tt->v = v;
        tt->cap = nc;
    }
    title *t = &tt->v[tt->n];
    int32_t cp[MAX_CP + 8];
    int n = decode(text, cp, MAX_CP + 8), digits = 0;
    t->text = text;
    t->no = no;
    t->n = han_seq(cp, n, t->cp, MAX_CP, &digits);
    if (t->n >= 4 && n < MAX_CP + 8) tt->n++;
    return true;
}

static bool build(const js_templates *tp, vocab *vb, titles *tt)
{
    bool ok = true;
    for (int f = 0; f < js_templates_nforms(tp); f++)
        for (int no = 1; no <= 9; no++) {
            const js_tpl_table *t = js_templates_table(tp, js_templates_form(tp, f), no);
            for (int i = 0; t && i < t->ntitles; i++)
                ok = ok && add(vb, t->titles[i]) && add_title(tt, t->titles[i], no);
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

enum { MIN_ROWS = 2 }; /* a page with fewer rows of figures holds no table to read back */

/* A figure of a table, a cell of its own: an amount (1,234.50, 0.00) or a code of
 * three digits or more; not a page number of a 目录, nor a sentence with figures
 * (占20.51%). */
static bool figure(const js_srccell *cell)
{
    int digits = 0;
    bool point = false;
    for (size_t i = 0; i < cell->len; i++) {
        char c = cell->text[i];
        if (c >= '0' && c <= '9')
            digits++;
        else if (c == '.' || c == ',')
            point = true;
        else if (c != '-' && c != ' ')
            return false;
    }
    return digits > 0 && (point || digits >= 3);
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

/* ---- table titles ------------------------------------------------------ */

enum { WILD = -1 }; /* a run of Latin letters: tesseract's reading of one character */

/* The Chinese characters of cp (n), a run of Latin letters as one WILD, into out
 * (at most max); the digits seen into *digits. Quotes, punctuation and spaces are
 * left out. Returns the length. */
static int han_seq(const int32_t *cp, int n, int32_t *out, int max, int *digits)
{
    int m = 0;
    bool latin = false;
    for (int i = 0; i < n && m < max; i++) {
        int32_t c = cp[i];
        bool l = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        if (cjk(c))
            out[m++] = c;
        else if (l && !latin)
            out[m++] = WILD;
        *digits += c >= '0' && c <= '9';
        latin = l;
    }
    return m;
}

/* Edit distance of a scanned line a (with WILD) and a title b, in half edits: a
 * character changed, added or left out is 2, a WILD read for a character or
 * left over is 1 (a misread character is more likely than a wrong one). */
static int title_distance(const int32_t *a, int na, const int32_t *b, int nb)
{
    int row[MAX_CP + 1];
    for (int j = 0; j <= nb; j++)
        row[j] = 2 * j;
    for (int i = 1; i <= na; i++) {
        int w = a[i - 1] == WILD ? 1 : 2;
        int diag = row[0];
        row[0] += w;
        for (int j = 1; j <= nb; j++) {
            int up = row[j];
            int v = diag + (a[i - 1] == b[j - 1] ? 0 : w);
            if (up + w < v) v = up + w;
            if (row[j - 1] + 2 < v) v = row[j - 1] + 2;
            row[j] = v;
            diag = up;
        }
    }
    return row[nb];
}

/* The title of the forms that a scanned line (its text normalised, spaces
 * removed: key) is a misreading of, or NULL. The line must end in 表 (noise
 * after it aside) and hold no figure after a 年度 that may open it (the
 * department and year before the title); its characters are within 30% of one
 * table's title (in edits, a WILD half an edit), and every other table's titles
 * are a whole edit further: 财政拨TA 二 公 费 支出决算表 is table 07's title,
 * 3 edits from 财政拨款“三公”经费支出决算表 and 4.5 from the next, 04's. */
static const title *title_match(const titles *tt, const char *key)
{
    int32_t cp[MAX_CP + 8], seq[MAX_CP];
    int n = decode(key, cp, MAX_CP + 8);
    if (n >= MAX_CP + 8) return NULL;
    int start = 0;
    for (int i = 0; i + 1 < n; i++)
        if (cp[i] == 0x5E74 && cp[i + 1] == 0x5EA6) start = i + 2; /* 年度 */
    int digits = 0;
    int m = han_seq(cp + start, n - start, seq, MAX_CP, &digits);
    while (m > 0 && seq[m - 1] == WILD)
        m--;
    if (digits || m < 4 || seq[m - 1] != 0x8868) return NULL; /* 表 */
    const title *found = NULL;
    int best[10];
    for (int no = 0; no <= 9; no++)
        best[no] = 1 << 20;
    for (int i = 0; i < tt->n; i++) {
        const title *t = &tt->v[i];
        int d = title_distance(seq, m, t->cp, t->n);
        if (d < best[t->no]) best[t->no] = d;
        if (d * 10 <= t->n * 6 && (!found || d < title_distance(seq, m, found->cp, found->n)))
            found = t;
    }
    if (!found) return NULL;
    int d = best[found->no];
    for (int no = 1; no <= 9; no++)
        if (no != found->no && best[no] < d + 2) return NULL;
    return found;
}

/* One note, when doc is given, for a label of a scanned page read back; y: the cell's
 * vertical extent (y0, y1; js_srcdoc.cell_y), NULL when unknown. */
static void note_fix(js_doc *doc, const js_srcline *ln, const js_srccell *cell, const float *y,
                     int table, const char *what, const char *from, const char *to)
{
    if (!doc) return;
    js_loc loc = ln->loc;
    if (cell && cell->x1 > cell->x0) {
        loc.x0 = cell->x0;
        loc.x1 = cell->x1;
        if (y && y[1] > y[0]) {
            loc.y0 = y[0];
            loc.y1 = y[1];
        }
    }
    js_doc_note(doc, "R-OCR", table, loc,
                "第%d页%s：扫描页OCR识别为“%s”，按表样读作“%s”，请对照原件核对", ln->loc.page, what,
                from, to);
}

/* A line of running text (a scanned page without figures) as one cell: tesseract
 * leaves gaps wider than a space inside a sentence or a heading (四、财政拨款 |
 * 收入支出决算总体情况说明), which the page geometry takes for a column gap, and
 * a heading of two cells is not read as one. The cells are joined with a space,
 * none between Chinese characters. false when out of memory. */
/* The vertical extents of a line's cells merged into its first: that of the cells not
 * empty (ys: the line's js_srcdoc.cell_y, NULL when unknown). */
static void merge_y(const js_srcline *ln, float *ys)
{
    if (!ys) return;
    float y0 = 0, y1 = 0;
    bool any = false;
    for (int c = 0; c < ln->ncells; c++) {
        const float *x = &ys[2 * c];
        if (!ln->cells[c].len) continue;
        if (!any) {
            y0 = x[0];
            y1 = x[1];
            any = true;
            continue;
        }
        if (x[1] > x[0] && (x[0] < y0 || y1 <= y0)) y0 = x[0];
        if (x[1] > y1) y1 = x[1];
    }
    if (any) {
        ys[0] = y0;
        ys[1] = y1;
    }
}

static bool one_cell(js_arena *a, js_srcline *ln, float *ys)
{
    int n = 0;
    for (int c = 0; c < ln->ncells; c++)
        n += ln->cells[c].len > 0;
    if (n < 2) return true;
    js_buf b;
    js_buf_init(&b);
    js_srccell one = {0};
    bool any = false;
    for (int c = 0; c < ln->ncells; c++) {
        const js_srccell *x = &ln->cells[c];
        if (!x->len) continue;
        if (any) {
            int32_t last = 0, next = 0;
            size_t k = b.len;
            while (k > 0 && ((unsigned char)b.data[k - 1] & 0xC0) == 0x80)
                k--;
            if (k > 0) js_utf8_decode(b.data + k - 1, b.len - k + 1, &last);
            js_utf8_decode(x->text, x->len, &next);
            if (!(tight(last) && tight(next))) js_buf_putc(&b, ' ');
            if (x->x0 < one.x0) one.x0 = x->x0;
            if (x->x1 > one.x1) one.x1 = x->x1;
        } else {
            one = *x;
        }
        js_buf_append(&b, x->text, x->len);
        any = true;
    }
    const char *t = b.oom ? NULL : js_arena_strndup(a, b.data ? b.data : "", b.len);
    if (t) {
        one.text = t;
        one.len = b.len;
        merge_y(ln, ys);
        ln->cells[0] = one;
        ln->ncells = 1;
    }
    js_buf_release(&b);
    return t && relink(a, ln);
}

/* Is line ln the second line of another table's title that wraps (政府性基金预算 /
 * 财政拨款收入支出决算表 is 08, not 04)? key: scratch, holds ln's key on return. */
static bool wrapped(const titles *tt, js_buf *key, const js_srcline *prev, const js_srcline *ln,
                    const title *t)
{
    if (prev->loc.page != ln->loc.page || prev->blank) return false;
    key->len = 0;
    js_norm_key(key, prev->text, prev->len);
    js_norm_key(key, ln->text, ln->len);
    const title *both = key->oom || !key->data ? NULL : title_match(tt, key->data);
    key->len = 0;
    js_norm_key(key, ln->text, ln->len);
    return both && both->no != t->no;
}

/* The line becomes one cell holding the title t, over the extent of its cells. */
static bool set_title(js_arena *a, js_srcline *ln, float *ys, const title *t)
{
    js_srccell one = {0};
    bool any = false;
    for (int c = 0; c < ln->ncells; c++) {
        const js_srccell *x = &ln->cells[c];
        if (!x->len) continue;
        if (!any) {
            one = *x;
        } else {
            if (x->x0 < one.x0) one.x0 = x->x0;
            if (x->x1 > one.x1) one.x1 = x->x1;
        }
        any = true;
    }
    one.text = t->text;
    one.len = strlen(t->text);
    merge_y(ln, ys);
    ln->cells[0] = one;
    ln->ncells = 1;
    return relink(a, ln);
}

/* Chinese characters and the punctuation set with them (、，：“” …). */
static bool tight(int32_t c)
{
    return cjk(c) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF) ||
           (c >= 0x2018 && c <= 0x201D);
}

/* tesseract gives Chinese text as words a character or two long, so a scanned
 * line has spaces between characters (第 一 部分 上 海 市, 一 、主 要 职能):
 * spaces between two Chinese characters or their punctuation are taken out of
 * each cell, as a text layer has none. Returns false when out of memory. */
static bool join_han(js_arena *a, js_srcline *ln)
{
    bool changed = false;
    for (int c = 0; c < ln->ncells; c++) {
        js_srccell *cell = &ln->cells[c];
        const char *s = cell->text;
        size_t n = cell->len;
        if (!n || !memchr(s, ' ', n)) continue;
        char *out = js_arena_alloc(a, n + 1);
        if (!out) return false;
        size_t k = 0;
        int32_t prev = 0;
        for (size_t i = 0; i < n;) {
            int32_t ch;
            size_t len = (size_t)js_utf8_decode(s + i, n - i, &ch);
            if (ch == ' ' && tight(prev)) {
                size_t j = i;
                while (j < n && s[j] == ' ')
                    j++;
                int32_t next = 0;
                if (j < n) js_utf8_decode(s + j, n - j, &next);
                if (tight(next)) {
                    i = j;
                    continue;
                }
            }
            memcpy(out + k, s + i, len);
            k += len;
            i += len;
            prev = ch;
        }
        out[k] = '\0';
        if (k != n) {
            cell->text = out;
            cell->len = k;
            changed = true;
        }
    }
    return !changed || relink(a, ln);
}

/* Is line ln on a page read by OCR? */
static bool scanned_line(const js_srcline *ln, const unsigned char *pages, int npages)
{
    return ln->loc.page >= 1 && ln->loc.page <= npages && pages[ln->loc.page];
}

/* The pages of tables (table[p], p in 1..npages), the only ones read back: pages
 * with rows of figures, or with a table's title (or two: 08 and 09 often share a
 * page) and no figures (an empty table, or 07 with one row). The running text,
 * the 目录 (all nine titles) and the cover of a scan are left as read: a 目录
 * entry keeps its ordinal, a sentence its words (财政拨款和 is no 财政拨款收).
 * NULL when out of memory. */
static bool *table_pages(const titles *tt, const js_srcdoc *src, const unsigned char *pages,
                         int npages, js_buf *key)
{
    int *rows = calloc((size_t)npages + 1, sizeof *rows);
    int *ntitles = calloc((size_t)npages + 1, sizeof *ntitles);
    bool *table = calloc((size_t)npages + 1, sizeof *table);
    if (!rows || !ntitles || !table) {
        free(rows);
        free(ntitles);
        free(table);
        return NULL;
    }
    for (int i = 0; i < src->nlines; i++) {
        const js_srcline *ln = &src->lines[i];
        if (!scanned_line(ln, pages, npages)) continue;
        int n = 0;
        for (int c = 0; c < ln->ncells; c++)
            n += figure(&ln->cells[c]);
        rows[ln->loc.page] += n >= 2; /* a row of a table */
        key->len = 0;
        js_norm_key(key, ln->text, ln->len);
        if (!key->oom && key->data && title_match(tt, key->data)) ntitles[ln->loc.page]++;
    }
    for (int p = 1; p <= npages; p++)
        table[p] = rows[p] >= MIN_ROWS || (ntitles[p] >= 1 && ntitles[p] <= 2);
    free(rows);
    free(ntitles);
    return table;
}

/* The cells of line ln that are labels read with noise, read back (one note each):
 * how many, -1 when out of memory. */
static int fix_cells(const vocab *vb, js_buf *key, js_arena *a, js_srcline *ln, const float *ys,
                     js_doc *doc)
{
    int fixed = 0;
    for (int c = 0; c < ln->ncells; c++) {
        js_srccell *cell = &ln->cells[c];
        if (!cell->len || numeric(cell->text)) continue;
        if ((c > 0 && joined_label(vb, key, &ln->cells[c - 1], cell)) ||
            (c + 1 < ln->ncells && joined_label(vb, key, cell, &ln->cells[c + 1])))
            continue;
        key->len = 0;
        js_norm_key(key, cell->text, cell->len);
        if (key->oom || !key->data) continue;
        int32_t cp[MAX_CP + 8];
        int n = decode(key->data, cp, MAX_CP + 8);
        if (n < 2 || n > MAX_CP) continue;
        const char *name = match(vb, cp, n);
        if (!name || strcmp(name, key->data) == 0) continue;
        note_fix(doc, ln, cell, ys ? &ys[2 * c] : NULL, 0, "", cell->text, name);
        cell->text = name;
        cell->len = strlen(name);
        fixed++;
    }
    return fixed && !relink(a, ln) ? -1 : fixed;
}

/* Line i of a table's page read back: the whole line a table's title, or its
 * cells labels. How many changed, -1 when out of memory. (key: scratch) */
static int fix_line(const vocab *vb, const titles *tt, js_buf *key, js_arena *a, js_srcdoc *src,
                    int i, js_doc *doc)
{
    js_srcline *ln = &src->lines[i];
    float *ys = src->cell_y ? src->cell_y[i] : NULL;
    /* a label split over cells ([一] [般公共预算…决算表]) is left as it is */
    if (is_label(vb, key, ln->text, ln->len)) return 0;
    /* a table's title misread (财政拨TA  二 公  费 支出决算表): the whole line */
    const title *t = key->data && !key->oom ? title_match(tt, key->data) : NULL;
    if (t && i > 0 && wrapped(tt, key, &src->lines[i - 1], ln, t))
        return 0; /* the second line of another table's title: as it is */
    if (!t) return fix_cells(vb, key, a, ln, ys, doc);
    const char *from = ln->text;
    if (!set_title(a, ln, ys, t)) return -1;
    note_fix(doc, ln, &ln->cells[0], ys, t->no, "表题", from, t->text);
    return 1;
}

int js_ocr_fix_labels(const js_templates *tp, js_arena *a, js_srcdoc *src,
                      const unsigned char *pages, int npages, js_doc *doc)
{
    if (!tp || !pages) return 0;
    vocab vb = {0};
    titles tt = {0};
    js_buf key;
    js_buf_init(&key);
    bool *table = build(tp, &vb, &tt) ? table_pages(&tt, src, pages, npages, &key) : NULL;
    int fixed = table ? 0 : -1;
    for (int i = 0; i < src->nlines && fixed >= 0; i++) {
        js_srcline *ln = &src->lines[i];
        if (!scanned_line(ln, pages, npages)) continue;
        int n = !join_han(a, ln) ? -1
                : !table[ln->loc.page]
                    ? (one_cell(a, ln, src->cell_y ? src->cell_y[i] : NULL) ? 0 : -1)
                    : fix_line(&vb, &tt, &key, a, src, i, doc);
        fixed = n < 0 ? -1 : fixed + n;
    }
    js_buf_release(&key);
    free(table);
    free(vb.v);
    free(tt.v);
    return fixed;
}
