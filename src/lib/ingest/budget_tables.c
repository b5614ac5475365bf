/*
 * budget_tables.c - the tables of a budget disclosure (budget.h): the form is
 * the one of data/templates/budgets.tsv whose titles match most printed
 * titles; each table found (title followed by its 单位 line) becomes Yn in the
 * order printed, read by the reader its form names (balance, coded, list,
 * onerow, procure), its values placed into the form's columns by the header
 * positions and the row identities.
 */
#include "budget.h"
#include "recognize.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAXTOK 96
#define MAXSTART 24

typedef struct bctx {
    const js_ctx *ctx;
    const js_srcdoc *src;
    js_doc *doc;
    const js_bforms *bf;
    const char *form;
    unsigned char *line_kind;
} bctx;

/* One table being read. */
typedef struct btab {
    const js_btable *bt;
    js_table *t;
    int from, to; /* region lines [from, to) */
    int unit;
    double cx[32]; /* header x centre of each column, NAN when not found */
    js_browid ids[16];
    int nids;
} btab;

static const char *key_of(const js_srcline *l, char *buf, size_t n)
{
    return js_budget_key(l->text, buf, n);
}

static const js_btable *title_at(const bctx *b, int i, const char *form)
{
    const js_srcline *l = &b->src->lines[i];
    if (l->blank || l->len > 300) return NULL;
    return js_bforms_title(b->bf, form, l->text, b->doc->dept);
}

static const char *choose_form(const bctx *b)
{
    int n;
    const js_btable *all = js_bforms_tables(b->bf, &n);
    const char *best = NULL;
    int bestc = 0;
    for (int k = 0; k < n; k++) {
        if (k > 0 && strcmp(all[k].form, all[k - 1].form) == 0) continue;
        const char *form = all[k].form;
        int count = 0;
        for (int i = 0; i < b->src->nlines; i++)
            count += title_at(b, i, form) != NULL;
        if (count > bestc) {
            bestc = count;
            best = form;
        }
    }
    return bestc >= 2 ? best : NULL;
}

/* A title starts a table (not a 目录 entry) when a 单位 line follows within four lines. */
static bool is_start(const bctx *b, int i)
{
    char key[1024];
    int seen = 0;
    for (int j = i + 1; j < b->src->nlines && seen < 4; j++) {
        if (b->src->lines[j].blank) continue;
        seen++;
        key_of(&b->src->lines[j], key, sizeof key);
        if (strstr(key, "单位:")) return true;
        /* the next entry of the 目录, or its part heading, before any 单位 line */
        if (title_at(b, j, b->form) || (js_startswith(key, "第") && strstr(key, "部分")))
            return false;
    }
    return false;
}

/* A line that ends the tables: a part heading or a heading of the narrative. */
static bool ends_tables(const js_srcline *l)
{
    char key[1024];
    key_of(l, key, sizeof key);
    size_t n = strlen(key);
    if (js_startswith(key, "第") && strstr(key, "部分") && n < 120) return true;
    if (n > 90) return false;
    static const char *const ENDS[] = {"情况说明", "编制说明", "名词解释", NULL};
    for (int i = 0; ENDS[i]; i++) {
        size_t m = strlen(ENDS[i]);
        if (n >= m && strcmp(key + n - m, ENDS[i]) == 0) return true;
    }
    return false;
}

static int region_unit(const bctx *b, int from, int to)
{
    char key[1024];
    for (int i = from; i < to && i < from + 8; i++) {
        key_of(&b->src->lines[i], key, sizeof key);
        const char *u = strstr(key, "单位:");
        while (u && js_startswith(u + strlen("单位:"), "万元") == 0 &&
               js_startswith(u + strlen("单位:"), "元") == 0)
            u = strstr(u + 1, "单位:");
        if (!u) continue;
        return js_startswith(u + strlen("单位:"), "元") ? JS_UNIT_YUAN : JS_UNIT_WANYUAN;
    }
    return JS_UNIT_WANYUAN;
}

/* The 公开NN表 label on one of the three lines before the title, or in the title line. */
static const char *label_near(const bctx *b, int i)
{
    char key[1024];
    for (int j = i; j >= 0 && j >= i - 3; j--) {
        key_of(&b->src->lines[j], key, sizeof key);
        const char *p = strstr(key, "公开");
        if (!p) continue;
        p += strlen("公开");
        if (p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9' && js_startswith(p + 2, "表"))
            return js_arena_strndup(b->doc->arena, p, 2);
    }
    return NULL;
}

/* ---- header positions ----------------------------------------------------- */

static bool word_of(const js_bcol *c, const char *w)
{
    for (int k = 0; k < c->nwords; k++)
        if (strcmp(c->words[k], w) == 0) return true;
    return false;
}

/* A header word wrapped in its cell ("结转下年资" / "金" in layout text): at least three
 * characters that begin one of the column's words and are no other column's word. */
static bool word_start_of(const js_btable *bt, int c, const char *w)
{
    size_t n = strlen(w);
    if (n < 9) return false;
    for (int o = 0; o < bt->ncols; o++)
        if (word_of(&bt->cols[o], w)) return false;
    for (int k = 0; k < bt->cols[c].nwords; k++)
        if (strncmp(bt->cols[c].words[k], w, n) == 0) return true;
    return false;
}

/* Each column's header x: the leftmost word naming it right of the previous column's (else
 * the leftmost wrapped start of one). */
static void header_x(const bctx *b, btab *tb, int from, int to)
{
    const js_btable *bt = tb->bt;
    for (int c = 0; c < 32; c++)
        tb->cx[c] = NAN;
    double last = -1e9;
    for (int c = 0; c < bt->ncols && c < 32; c++) {
        double best = NAN, part = NAN;
        for (int i = from; i < to; i++) {
            js_btok tok[MAXTOK];
            int n = js_btok_line(b->doc->arena, &b->src->lines[i], tok, MAXTOK, false);
            for (int k = 0; k < n; k++) {
                if (tok[k].x0 < 0) continue;
                char w[256];
                js_budget_key(tok[k].text, w, sizeof w);
                double x = (tok[k].x0 + tok[k].x1) / 2;
                if (x <= last + 1) continue;
                if (word_of(&bt->cols[c], w) && (isnan(best) || x < best)) best = x;
                if (word_start_of(bt, c, w) && (isnan(part) || x < part)) part = x;
            }
        }
        tb->cx[c] = isnan(best) ? part : best;
        if (!isnan(tb->cx[c])) last = tb->cx[c];
    }
}

/* A line printing one of the columns' header words. */
static bool header_line(bctx *b, const btab *tb, int i)
{
    js_btok tok[MAXTOK];
    int n = js_btok_line(b->doc->arena, &b->src->lines[i], tok, MAXTOK, false);
    for (int k = 0; k < n; k++) {
        char w[256];
        js_budget_key(tok[k].text, w, sizeof w);
        for (int c = 0; c < tb->bt->ncols; c++)
            if (word_of(&tb->bt->cols[c], w)) return true;
    }
    return false;
}

static bool has_number(bctx *b, int i)
{
    js_btok tok[MAXTOK];
    int n = js_btok_line(b->doc->arena, &b->src->lines[i], tok, MAXTOK, false);
    for (int k = 0; k < n; k++)
        if (tok[k].type == JS_BTOK_NUM) return true;
    return false;
}

/* The end of the header that begins at line i: the first line with a number (a 合计 row
 * label further down names no column). */
static int header_end(bctx *b, const btab *tb, int i)
{
    while (i < tb->to && !has_number(b, i))
        i++;
    return i;
}

/* The header printed again from line i (a table continued on the next page, its columns
 * drawn elsewhere: layout text is not aligned from page to page): its positions hold from
 * there on; a column it does not name keeps the earlier one. */
static void header_again(bctx *b, btab *tb, int i)
{
    double keep[32];
    memcpy(keep, tb->cx, sizeof keep);
    header_x(b, tb, i, header_end(b, tb, i));
    for (int c = 0; c < 32; c++)
        if (isnan(tb->cx[c])) tb->cx[c] = keep[c];
}

/* ---- rows ------------------------------------------------------------------ */

static void set_cell(bctx *b, btab *tb, js_row *r, int col, const js_btok *tok, js_loc loc)
{
    if (col < 0 || col >= tb->t->ncols) return;
    js_amount v;
    if (!js_num_to_amount(tok->num, tb->unit, &v)) return;
    if (tok->x0 >= 0 && b->src->positional) {
        loc.x0 = (float)tok->x0;
        loc.x1 = (float)tok->x1;
    }
    js_cell_set(b->doc, &r->cells[col], v, tok->text, loc);
}

/* Put the values toks[0..m) of a row into the columns cand[0..nc). */
static void put_values(bctx *b, btab *tb, js_row *r, const js_btok *toks, int m, const int *cand,
                       int nc, js_loc loc)
{
    double vx[32] = {0}, cx[32] = {0};
    js_amount v[32] = {0};
    int out[32];
    if (m > 32) m = 32;
    for (int i = 0; i < m; i++) {
        vx[i] = toks[i].x0 < 0 ? -1 : (toks[i].x0 + toks[i].x1) / 2;
        js_num_to_amount(toks[i].num, tb->unit, &v[i]);
        out[i] = -1;
    }
    bool blank[32] = {false};
    for (int k = 0; k < nc && k < 32; k++) {
        cx[k] = tb->cx[cand[k]];
        blank[k] = false;
        for (int j = 0; j < tb->bt->nblanks; j++)
            blank[k] = blank[k] || strcmp(tb->bt->blanks[j], tb->t->cols[cand[k]]) == 0;
    }
    js_bplace(vx, v, m, cand, cx, nc, tb->ids, tb->nids, tb->t->ncols, blank, out);
    for (int i = 0; i < m; i++)
        set_cell(b, tb, r, out[i], &toks[i], loc);
}

static js_row *add_row(bctx *b, btab *tb, const char *key, const char *code, const char *name,
                       js_loc loc)
{
    return js_table_row_add(b->doc, tb->t, key, code, name, loc);
}

/* ---- coded tables ------------------------------------------------------------ */

static bool is_total(const char *text)
{
    char k[64];
    js_budget_key(text, k, sizeof k);
    return strcmp(k, "合计") == 0 || strcmp(k, "总计") == 0;
}

/* Split a run of code tokens into codes: 204 06 01 -> 2040601; 204 20405 -> two codes. */
static int codes_of(const js_btok *tok, int n, char codes[][16], int max)
{
    int k = 0;
    for (int i = 0; i < n; i++) {
        size_t len = strlen(tok[i].text);
        size_t cur = k ? strlen(codes[k - 1]) : 0;
        if (k && len == 2 && cur < 7) {
            if (cur + 2 < 16) memcpy(codes[k - 1] + cur, tok[i].text, 3);
        } else if (k < max && len < 16) {
            memcpy(codes[k++], tok[i].text, len + 1);
        }
    }
    return k;
}

/* A merged name of several rows ("公共安全支出法院"): the catalogue name of each code in turn. */
static const char *name_part(bctx *b, const char *code, const char **rest, bool last)
{
    if (last || !*rest) return *rest;
    int kind = code[0] == '3' ? JS_CLASS_ECON : JS_CLASS_FUNC;
    const js_class_entry *e = js_catalog_find(b->ctx->catalog, kind, b->doc->year, code);
    if (!e) e = js_catalog_find(b->ctx->catalog, kind, 0, code);
    size_t m = e ? js_startswith(*rest, e->name) : 0;
    if (!m) return NULL;
    const char *name = js_arena_strndup(b->doc->arena, *rest, m);
    *rest += m;
    return name;
}

/* The 合计 row printed inside the header's cells (Jiangsu 2017: "功能科目名称合计" and
 * "金额28,849.38"): a header word and 合计 (or 总计) becomes 合计, a column's header word and a
 * number becomes the number. */
static void unglue(const btab *tb, js_btok *tok, int n)
{
    for (int k = 0; k < n; k++) {
        if (tok[k].type != JS_BTOK_TEXT) continue;
        const char *t = tok[k].text;
        size_t len = strlen(t), cut = 0;
        for (int c = 0; c < tb->bt->ncols && !cut; c++)
            for (int w = 0; w < tb->bt->cols[c].nwords && !cut; w++) {
                size_t m = js_startswith(t, tb->bt->cols[c].words[w]);
                js_num num;
                if (m && m < len && js_num_parse(t + m, len - m, &num) == JS_NUM_VALUE) {
                    cut = m;
                    tok[k].type = JS_BTOK_NUM;
                    tok[k].num = num;
                    tok[k].digits = false;
                }
            }
        static const char *const NAMED[] = {"名称合计", "名称总计", NULL};
        for (int w = 0; NAMED[w] && !cut; w++)
            if (len > strlen(NAMED[w]) && strcmp(t + len - strlen(NAMED[w]), NAMED[w]) == 0)
                cut = len - strlen("合计");
        if (!cut) continue;
        if (tok[k].x0 >= 0) tok[k].x0 += (tok[k].x1 - tok[k].x0) * (double)cut / (double)len;
        tok[k].text = t + cut;
    }
}

/* 合计 spaced out into two cells ("合   计" in layout text): one token. Returns the count. */
static int join_total(js_btok *tok, int n)
{
    for (int k = 0; k + 1 < n; k++) {
        bool he = strcmp(tok[k].text, "合") == 0 || strcmp(tok[k].text, "总") == 0;
        if (!he || tok[k].type != JS_BTOK_TEXT || strcmp(tok[k + 1].text, "计") != 0) continue;
        tok[k].text = strcmp(tok[k].text, "合") == 0 ? "合计" : "总计";
        tok[k].x1 = tok[k + 1].x1;
        memmove(tok + k + 1, tok + k + 2, (size_t)(n - k - 2) * sizeof *tok);
        n--;
    }
    return n;
}

/* A 合计 followed by a number on a line without codes (the header's cells): its index. */
static int total_at(const js_btok *tok, int n)
{
    for (int k = 0; k + 1 < n; k++)
        if (tok[k].type == JS_BTOK_TEXT && is_total(tok[k].text) && tok[k + 1].type == JS_BTOK_NUM)
            return k;
    return -1;
}

static void coded_line(bctx *b, btab *tb, int i)
{
    const js_srcline *l = &b->src->lines[i];
    js_btok tok[MAXTOK];
    int n = js_btok_line(b->doc->arena, l, tok, MAXTOK, true);
    n = join_total(tok, n);
    unglue(tb, tok, n);
    int k = 0;
    while (k < n && tok[k].type == JS_BTOK_NUM && tok[k].digits && strlen(tok[k].text) <= 7)
        k++;
    int ncode = k;
    const char *name = k < n && tok[k].type == JS_BTOK_TEXT ? tok[k++].text : NULL;
    if (!ncode && !(name && is_total(name))) {
        k = total_at(tok, n);
        if (k < 0) return;
        name = tok[k++].text;
    }
    if (n == ncode) return;                   /* digits only: a page number */
    if (ncode && !name && i > tb->from + 1) { /* the name printed on the line above */
        js_btok up[MAXTOK];
        int m = js_btok_line(b->doc->arena, &b->src->lines[i - 1], up, MAXTOK, true);
        if (m == 1 && up[0].type == JS_BTOK_TEXT) name = up[0].text;
    }
    int nv = n - k;
    for (int j = k; j < n; j++)
        if (tok[j].type != JS_BTOK_NUM) nv = j - k; /* stop at trailing text */
    int cand[32];
    int nc = tb->t->ncols < 32 ? tb->t->ncols : 32;
    for (int c = 0; c < nc; c++)
        cand[c] = c;
    if (!ncode) {
        js_row *r = add_row(b, tb, "合计", NULL, "合计", l->loc);
        if (r) put_values(b, tb, r, tok + k, nv, cand, nc, l->loc);
        return;
    }
    char codes[8][16];
    int nk = codes_of(tok, ncode, codes, 8);
    if (nk && strlen(codes[0]) < 3) return; /* "01 行政运行": a piece of a code (raw text) */
    const char *rest = name;
    int per = nk > 1 && nv == nk * nc ? nc : nv; /* merged rows: each takes its share */
    for (int j = 0; j < nk; j++) {
        const char *nm = name_part(b, codes[j], &rest, j == nk - 1);
        js_row *r = add_row(b, tb, codes[j], codes[j], nm, l->loc);
        if (!r) return;
        if (nk == 1 || per == nc)
            put_values(b, tb, r, tok + k + j * per, per, cand, nc, l->loc);
        else if (j == 0)
            put_values(b, tb, r, tok + k, nv, cand, nc, l->loc);
    }
}

/* ---- balance tables ------------------------------------------------------------ */

static const js_brow *named_row(const js_btable *bt, const char *name)
{
    for (int i = 0; i < bt->nrows; i++)
        for (int k = 0; k < bt->rows[i].nnames; k++)
            if (strcmp(bt->rows[i].names[k], name) == 0) return &bt->rows[i];
    return NULL;
}

/* The printed name without its heading number ("一、", "1.", "(1)"). */
static const char *bare_name(const char *text, char *buf, size_t n)
{
    js_budget_key(text, buf, n);
    js_heading_num h;
    size_t k = js_heading_parse(buf, strlen(buf), &h);
    if (k) memmove(buf, buf + k, strlen(buf + k) + 1);
    return buf;
}

/* A name two known names or two 类 names were printed into ("上年结转资金收入合计",
 * "十七、国土海洋气象等支出十八、住房保障支出"): the last part, which the values follow. */
static const char *last_part(const js_btable *bt, char *name)
{
    for (size_t off = 3; off < strlen(name); off++) {
        if ((name[off] & 0xC0) == 0x80) continue;
        js_heading_num h;
        size_t k = js_heading_parse(name + off, strlen(name + off), &h);
        if (k && h.level == 1) return name + off + k;
        if (named_row(bt, name + off) && !named_row(bt, name)) return name + off;
    }
    return name;
}

static void balance_entry(bctx *b, btab *tb, const char *text, const js_btok *vals, int nv,
                          js_loc loc)
{
    char buf[512];
    const char *name = last_part(tb->bt, (char *)bare_name(text, buf, sizeof buf));
    const js_brow *br = named_row(tb->bt, name);
    bool income = br && js_startswith(br->key, "收入:");
    const char *code = !br ? js_catalog_func_class(b->ctx->catalog, name) : NULL;
    char key[600];
    if (br)
        snprintf(key, sizeof key, "%s", br->key);
    else
        snprintf(key, sizeof key, "支出:%s", code ? code : name);
    if (!nv) return;
    js_row *r = add_row(b, tb, key, code, name, loc);
    if (!r) return;
    int cand[32], nc = 0;
    if (!income)
        for (int c = 1; c < tb->t->ncols && nc < 32; c++)
            if (!isnan(tb->cx[c])) cand[nc++] = c;
    if (!nc) { /* income, or one amount column on both sides */
        cand[0] = 0;
        nc = 1;
    }
    put_values(b, tb, r, vals, nv, cand, nc, loc);
}

/* The text token of line i lying between x0 and x1 and followed by no number on its line
 * (a part of a name wrapped in its cell), or NULL. */
static const js_btok *between(bctx *b, btab *tb, int i, double x0, double x1, js_btok *tok)
{
    if (i <= tb->from || i >= tb->to || b->src->lines[i].blank) return NULL;
    int n = js_btok_line(b->doc->arena, &b->src->lines[i], tok, MAXTOK, true);
    for (int k = 0; k < n; k++)
        if (tok[k].type == JS_BTOK_TEXT && tok[k].x0 > x0 && tok[k].x1 < x1 &&
            (k + 1 == n || tok[k + 1].type != JS_BTOK_NUM))
            return &tok[k];
    return NULL;
}

/* A name wrapped in its cell around the line of its amount, beside another row's name
 * ("三、单位预留机" / "三、国防支出  1685.72" / "动经费" in layout text): the part above
 * and the part below lying between the line's name (ending at x0) and the amount (at x1)
 * make a known row's name. Returns the name (arena) and its right end in *end, or NULL. */
static const char *wrapped_name(bctx *b, btab *tb, int i, double x0, double x1, double *end)
{
    js_btok up[MAXTOK], down[MAXTOK];
    const js_btok *u = between(b, tb, i - 1, x0, x1, up);
    const js_btok *d = between(b, tb, i + 1, x0, x1, down);
    if (!u || !d) return NULL;
    const char *name = js_arena_printf(b->doc->arena, "%s%s", u->text, d->text);
    char buf[512];
    const char *bare = last_part(tb->bt, (char *)bare_name(name, buf, sizeof buf));
    if (!named_row(tb->bt, bare) && !js_catalog_func_class(b->ctx->catalog, bare)) return NULL;
    *end = u->x1 > d->x1 ? u->x1 : d->x1;
    return name;
}

static void balance_line(bctx *b, btab *tb, int i)
{
    const js_srcline *l = &b->src->lines[i];
    js_btok tok[MAXTOK];
    int n = js_btok_line(b->doc->arena, l, tok, MAXTOK, true);
    for (int k = 0; k < n;) {
        if (tok[k].type != JS_BTOK_TEXT) {
            k++;
            continue;
        }
        int j = k + 1;
        while (j < n && tok[j].type == JS_BTOK_NUM)
            j++;
        int own = j - k - 1;
        double end = 0;
        const char *other =
            own && tok[k].x1 >= 0 ? wrapped_name(b, tb, i, tok[k].x1, tok[j - 1].x0, &end) : NULL;
        if (other) { /* the amounts right of the wrapped name are its own */
            own = 0;
            while (own < j - k - 1 && tok[k + 1 + own].x0 < end)
                own++;
            balance_entry(b, tb, other, tok + k + 1 + own, j - k - 1 - own, l->loc);
        }
        balance_entry(b, tb, tok[k].text, tok + k + 1, own, l->loc);
        k = j;
    }
}

/* ---- list, one-row and procurement tables ---------------------------------------------- */

static const char *const GROUPS[] = {"一般公共预算资金", "政府性基金",         "财政专户管理资金",
                                     "其他资金",         "上年结转和结余资金", NULL};

/* The known names a text token was printed as (a PDF cell may hold several:
 * "小计公共财政拨款(补助)资金"), greedily from the left; a group's name is skipped. */
static int list_names(const js_btable *bt, const char *text, const js_brow **out, int max)
{
    char w[512];
    js_budget_key(text, w, sizeof w);
    int n = 0;
    for (const char *p = w; *p && n < max;) {
        size_t best = 0;
        const js_brow *br = NULL;
        for (int g = 0; GROUPS[g]; g++) {
            size_t m = js_startswith(p, GROUPS[g]);
            if (m > best) {
                best = m;
                br = NULL;
            }
        }
        for (int i = 0; i < bt->nrows; i++)
            for (int k = 0; k < bt->rows[i].nnames; k++) {
                size_t m = js_startswith(p, bt->rows[i].names[k]);
                if (m > best) {
                    best = m;
                    br = &bt->rows[i];
                }
            }
        if (!best) return n;
        if (br) out[n++] = br;
        p += best;
    }
    return n;
}

static bool is_sub(const js_brow *br)
{
    return strcmp(br->key, "小计") == 0;
}

static void list_row(bctx *b, btab *tb, const js_brow *br, const char *group, const js_btok *num,
                     js_loc loc)
{
    char key[300];
    if (is_sub(br))
        snprintf(key, sizeof key, "%s:小计", group ? group : "");
    else
        snprintf(key, sizeof key, "%s", br->key);
    js_row *r = add_row(b, tb, key, NULL, br->key, loc);
    if (r) set_cell(b, tb, r, 0, num, loc);
}

/* The list being read: the 小计 rows seen (the k-th is the k-th group's: a group's name is
 * printed beside the middle of its rows, its 小计 is its first row), and the amounts of a
 * line that printed no name (a PDF cell of several names takes them on the next line). */
typedef struct lstate {
    int nsub;
    js_btok carry[8];
    int ncarry;
} lstate;

/* Fewer amounts than names (a PDF cell of several rows, blank amounts not printed): the
 * amounts are the first names', taken only when the line starts with a 小计 and that 小计
 * equals the sum of the group's items given an amount. */
static bool first_names(const js_brow *const *items, int ni, const js_btok *const *nums, int nn,
                        int unit)
{
    if (nn < 1 || nn >= ni || !is_sub(items[0])) return false;
    js_amount sub = 0, sum = 0, v = 0;
    js_num_to_amount(nums[0]->num, unit, &sub);
    for (int k = 1; k < nn && !is_sub(items[k]); k++)
        if (js_num_to_amount(nums[k]->num, unit, &v)) sum += v;
    return sum == sub;
}

static void list_line(bctx *b, btab *tb, int i, lstate *ls)
{
    const js_srcline *l = &b->src->lines[i];
    js_btok tok[MAXTOK];
    int n = js_btok_line(b->doc->arena, l, tok, MAXTOK, true);
    const js_brow *items[16];
    const char *groups[16];
    int ni = 0, nn = 0, ngroups = 0;
    while (GROUPS[ngroups])
        ngroups++;
    const js_btok *nums[24];
    for (int k = 0; k < ls->ncarry; k++)
        nums[nn++] = &ls->carry[k];
    for (int k = 0; k < n; k++) {
        if (tok[k].type == JS_BTOK_NUM && nn < 24) nums[nn++] = &tok[k];
        if (tok[k].type != JS_BTOK_TEXT) continue;
        const js_brow *found[16];
        int m = list_names(tb->bt, tok[k].text, found, 16);
        for (int j = 0; j < m && ni < 16; j++) {
            groups[ni] = NULL;
            if (is_sub(found[j]))
                groups[ni] = GROUPS[ls->nsub < ngroups ? ls->nsub++ : ngroups - 1];
            items[ni++] = found[j];
        }
    }
    if (!ni) { /* amounts alone: the next line's names */
        ls->ncarry = 0;
        for (int k = 0; k < n && ls->ncarry < 8; k++)
            if (tok[k].type == JS_BTOK_NUM) ls->carry[ls->ncarry++] = tok[k];
        return;
    }
    ls->ncarry = 0;
    if (!nn) return;
    if (ni == nn || first_names(items, ni, nums, nn, tb->unit)) /* in order */
        for (int k = 0; k < ni && k < nn; k++)
            list_row(b, tb, items[k], groups[k], nums[k], l->loc);
    else if (ni == 1) /* else which name an amount belongs to is not known: none is read */
        list_row(b, tb, items[0], groups[0], nums[nn - 1], l->loc);
}

static void onerow_line(bctx *b, btab *tb, int i)
{
    const js_srcline *l = &b->src->lines[i];
    js_btok tok[MAXTOK], vals[MAXTOK];
    int n = js_btok_line(b->doc->arena, l, tok, MAXTOK, true), nv = 0;
    for (int k = 0; k < n; k++)
        if (tok[k].type == JS_BTOK_NUM) vals[nv++] = tok[k];
    const char *key = tb->bt->nrows ? tb->bt->rows[0].key : "合计";
    if (nv < 2 || nv < n - 1 || js_table_row(tb->t, key)) return;
    js_row *r = add_row(b, tb, key, NULL, NULL, l->loc);
    int cand[32], nc = tb->t->ncols < 32 ? tb->t->ncols : 32;
    for (int c = 0; c < nc; c++)
        cand[c] = c;
    if (r) put_values(b, tb, r, vals, nv, cand, nc, l->loc);
}

/* 政府采购: the 合计 and 货物/工程/服务 rows; a row's amount is the number on its line
 * that makes 合计 = 货物 + 工程 + 服务 (a PDF cell may hold the next row's amount too),
 * else the last one. */
typedef struct procrow {
    const js_brow *br;
    js_btok num[4];
    int n, line;
} procrow;

static bool proc_pick(procrow *pr, int np, int k, js_amount want, js_amount sum, int *pick,
                      int unit)
{
    if (k == np) return sum == want;
    for (int i = 0; i < pr[k].n; i++) {
        js_amount v = 0;
        js_num_to_amount(pr[k].num[i].num, unit, &v);
        pick[k] = i;
        if (proc_pick(pr, np, k + 1, want, sum + v, pick, unit)) return true;
    }
    return false;
}

static void procure_table(bctx *b, btab *tb)
{
    procrow pr[8];
    int np = 0, total = -1;
    for (int i = tb->from + 1; i < tb->to && np < 8; i++) {
        js_btok tok[MAXTOK];
        int n = join_total(tok, js_btok_line(b->doc->arena, &b->src->lines[i], tok, MAXTOK, true));
        if (n < 2 || tok[0].type != JS_BTOK_TEXT) continue;
        char w[256];
        const js_brow *br = named_row(tb->bt, js_budget_key(tok[0].text, w, sizeof w));
        if (!br) continue;
        procrow *p = &pr[np];
        memset(p, 0, sizeof *p);
        p->br = br;
        p->line = i;
        for (int k = 1; k < n && p->n < 4; k++)
            if (tok[k].type == JS_BTOK_NUM) p->num[p->n++] = tok[k];
        if (!p->n) continue;
        if (strcmp(br->key, "合计") == 0) total = np;
        np++;
    }
    int pick[8] = {0};
    bool fit = false;
    if (total >= 0 && np > 1) {
        procrow parts[8];
        int nparts = 0;
        for (int k = 0; k < np; k++)
            if (k != total) parts[nparts++] = pr[k];
        js_amount want = 0;
        js_num_to_amount(pr[total].num[0].num, tb->unit, &want);
        int pp[8] = {0};
        fit = proc_pick(parts, nparts, 0, want, 0, pp, tb->unit);
        for (int k = 0, j = 0; fit && k < np; k++)
            pick[k] = k == total ? 0 : pp[j++];
    }
    for (int k = 0; k < np; k++) {
        const js_srcline *l = &b->src->lines[pr[k].line];
        js_row *r = add_row(b, tb, pr[k].br->key, NULL, pr[k].br->key, l->loc);
        if (r) set_cell(b, tb, r, 0, &pr[k].num[fit ? pick[k] : pr[k].n - 1], l->loc);
    }
}

/* ---- one table ------------------------------------------------------------------ */

static void empty_note(bctx *b, btab *tb)
{
    static const char *const SAYS[] = {
        "为空表", "此表为空", "本部门无相关收支", "无相关收支", "本单位无", "本部门无", NULL};
    char key[1024];
    for (int i = tb->from + 1; i < tb->to; i++) {
        key_of(&b->src->lines[i], key, sizeof key);
        for (int k = 0; SAYS[k]; k++)
            if (strstr(key, SAYS[k])) {
                tb->t->empty_note = js_arena_strdup(b->doc->arena, key);
                tb->t->empty_loc = b->src->lines[i].loc;
                return;
            }
    }
}

/* A line of the region that holds no row: a 公开NN表 label, a 注, a page number. */
static bool no_row(const js_srcline *l)
{
    char key[1024];
    key_of(l, key, sizeof key);
    if (js_startswith(key, "注") || js_startswith(key, ":")) return true;
    if (js_startswith(key, "公开") && strstr(key, "表") && strlen(key) < 24) return true;
    size_t n = strlen(key), d = 0;
    while (d < n && ((key[d] >= '0' && key[d] <= '9') || key[d] == '-'))
        d++;
    return d == n;
}

/* A table that prints amounts of which none was read (the raw text of a PDF, one cell a
 * line): a note the checker reports (B-UNREAD), so that its checks are not taken as passed. */
static void unread_note(bctx *b, btab *tb)
{
    for (int r = 0; r < tb->t->nrows; r++)
        for (int c = 0; c < tb->t->ncols; c++)
            if (tb->t->rows[r].cells[c].present) return;
    int amounts = 0;
    for (int i = tb->from + 1; i < tb->to; i++) {
        js_btok tok[MAXTOK];
        int n = js_btok_line(b->doc->arena, &b->src->lines[i], tok, MAXTOK, false);
        for (int k = 0; k < n; k++)
            amounts += tok[k].type == JS_BTOK_NUM && !tok[k].digits;
    }
    if (amounts)
        js_doc_note(b->doc, "B-UNREAD", tb->t->no, tb->t->loc, "印有%d个金额，一个也未能读出",
                    amounts);
}

static void read_table(bctx *b, btab *tb)
{
    const js_btable *bt = tb->bt;
    const char *colkeys[32];
    int nc = bt->ncols < 32 ? bt->ncols : 32;
    for (int c = 0; c < nc; c++)
        colkeys[c] = bt->cols[c].key;
    tb->nids = js_browids(bt, colkeys, nc, tb->ids, 16);
    header_x(b, tb, tb->from + 1, header_end(b, tb, tb->from + 1));
    lstate ls = {0};
    bool rows = false; /* a line with numbers since the last header */
    for (int i = tb->from + 1; i < tb->to; i++) {
        if (b->src->lines[i].blank) continue;
        if (rows && header_line(b, tb, i)) { /* the header printed again on the next page */
            rows = false;
            header_again(b, tb, i);
        }
        rows = rows || has_number(b, i);
        if (no_row(&b->src->lines[i])) continue;
        switch (bt->kind) {
        case JS_BT_CODED:
            coded_line(b, tb, i);
            break;
        case JS_BT_BALANCE:
            balance_line(b, tb, i);
            break;
        case JS_BT_LIST:
            list_line(b, tb, i, &ls);
            break;
        case JS_BT_ONEROW:
            onerow_line(b, tb, i);
            break;
        default:
            break;
        }
    }
    if (bt->kind == JS_BT_PROCURE) procure_table(b, tb);
    empty_note(b, tb);
    unread_note(b, tb);
}

int js_budget_tables(const js_ctx *ctx, const js_srcdoc *src, unsigned char *line_kind, js_doc *doc,
                     js_err *err)
{
    js_bforms *bf = js_bforms_new(err);
    if (!bf) return JS_EINTERNAL;
    bctx b = {ctx, src, doc, bf, NULL, line_kind};
    b.form = choose_form(&b);
    if (!b.form) {
        js_bforms_free(bf);
        return JS_OK;
    }
    doc->form = js_arena_strdup(doc->arena, b.form);
    int start[MAXSTART], ns = 0;
    const js_btable *bts[MAXSTART];
    for (int i = 0; i < src->nlines && ns < MAXSTART; i++) {
        const js_btable *bt = title_at(&b, i, b.form);
        if (!bt || !is_start(&b, i)) continue;
        bool again = false;
        for (int k = 0; k < ns; k++)
            again = again || bts[k] == bt;
        if (again) continue;
        bts[ns] = bt;
        start[ns++] = i;
    }
    for (int k = 0; k < ns && k < JS_YTABLE_MAX; k++) {
        btab tb;
        memset(&tb, 0, sizeof tb);
        tb.bt = bts[k];
        tb.from = start[k];
        int end = k + 1 < ns ? start[k + 1] : src->nlines;
        tb.to = tb.from + 1;
        while (tb.to < end && !ends_tables(&src->lines[tb.to]))
            tb.to++;
        tb.unit = region_unit(&b, tb.from, tb.to);
        const char *colkeys[32];
        int nc = tb.bt->ncols < 32 ? tb.bt->ncols : 32;
        for (int c = 0; c < nc; c++)
            colkeys[c] = tb.bt->cols[c].key;
        tb.t = js_doc_table_add(doc, JS_YTABLE_BASE + k + 1, nc, colkeys);
        if (!tb.t) break;
        tb.t->title = src->lines[tb.from].text;
        tb.t->loc = src->lines[tb.from].loc;
        tb.t->end = src->lines[tb.to - 1].loc;
        tb.t->unit = tb.unit;
        tb.t->label = label_near(&b, tb.from);
        for (int i = tb.from; i < tb.to; i++)
            line_kind[i] = JS_LINE_TABLE;
        read_table(&b, &tb);
    }
    js_bforms_free(bf);
    return JS_OK;
}
