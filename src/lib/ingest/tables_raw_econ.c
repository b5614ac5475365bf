/*
 * tables_raw_econ.c - table 06 in text extracted without layout (plain `pdftotext`,
 * issue #12). The form prints two or three code/name/amount groups side by side
 * (301|303, 302, the rest); pdftotext cuts the page into blocks and prints them in an
 * order of its own, so a row's cells are scattered over the stream:
 *
 *     20,853,880.24 302     an amount glued to the code to its right: the amount
 *     科目名称               is that of the row of the same height in the group to the
 *     301                   left (301's), the code opens its own row
 *     工资福利支出
 *     …
 *     债务利息及费用支出     an amount of the last group (nothing to its right) comes
 *     0.00                  alone after its name
 *     …
 *     39,085,239.10 公用经费合计   人员经费合计's amount glued to the label to its right
 *     …
 *     45,785,699.21         公用经费合计's: the last one
 *
 * Within a group the codes run in ascending order, so a code's row is its rank among
 * the codes of its group. The groups are told apart by what the stream shows: the
 * classes (301, 302, …) whose codes never have an amount glued before them are the
 * first group; the others are split in ascending order between a middle and a last
 * group at the point where the hierarchy (类 = Σ 款) holds best. Amounts alone on
 * their line go to the code (or total) whose name is printed right before them.
 * Each row is then written as one line (code, name, amount) for the 06 reader.
 */
#include "tables.h"

#include <string.h>

enum { EK_TEXT, EK_CODE, EK_AMT, EK_FOOT, EK_HDR };
enum { EC_MAXCODES = 400, EC_MAXCLS = 32, EC_MAXFOOT = 4, EC_MAXTOK = 20000 };

typedef struct ec_tok {
    int kind, line;
    int ref;  /* EK_CODE: its code; EK_FOOT: its fixed row */
    int pair; /* EK_AMT: the token glued after it on its line (code or total), else -1 */
    const char *t;
    size_t n;
} ec_tok;

typedef struct ec_code {
    char code[6];
    int line, cls, grp, rank;
    bool paired; /* an amount glued before it */
    const char *name;
    int name_tok; /* the first token of its name printed right after it, -1 */
    int amt;      /* its amount's token, -1 */
} ec_code;

typedef struct ec_state {
    rd *r;
    js_srcdoc *w;
    const js_tpl_table *tpl;
    ec_tok *tok;
    int ntok;
    ec_code *codes;
    int ncodes;
    int cls[EC_MAXCLS], ncls; /* the classes, ascending */
    int cls_grp[EC_MAXCLS];
    int foot_line[EC_MAXFOOT], foot_amt[EC_MAXFOOT], nfoot;
    int note; /* the 注 line, or end */
    js_buf b;
} ec_state;

static bool ec_codeword(const char *t, size_t n)
{
    return (n == 3 || n == 5) && t[0] == '3' && js_all_digits_n(t, n);
}

/* The value of an amount token in hundredths (0 when it is not one). */
static int64_t ec_value(const ec_tok *k)
{
    js_srccell c = {.text = k->t, .len = (uint32_t)k->n};
    js_num v;
    if (!tb_is_num_cell(&c, &v)) return 0;
    int64_t m = v.mant;
    for (int d = v.dec; d < 2; d++)
        m *= 10;
    for (int d = v.dec; d > 2; d--)
        m /= 10;
    return m;
}

/* Header words of 06 and its repeated headers (经济分类科 / 目编码 / 科目名称 / 决算数). */
static bool ec_header(ec_state *s, const js_srcline *ln, const char *k)
{
    return strstr(k, "编码") || strstr(k, "经济分类") || strstr(k, "科目") ||
           tb_header_line(s->r, s->tpl, ln);
}

static int ec_foot(ec_state *s, const char *k)
{
    for (int i = 0; i < s->tpl->nrows && i < EC_MAXFOOT; i++)
        for (int j = 0; j < s->tpl->rows[i].nnames; j++)
            if (strcmp(s->tpl->rows[i].names[j], k) == 0) return i;
    return -1;
}

static int ec_code_of(ec_state *s, const char *t, size_t n, int line)
{
    for (int i = 0; i < s->ncodes; i++)
        if (strlen(s->codes[i].code) == n && memcmp(s->codes[i].code, t, n) == 0) return i;
    if (s->ncodes == EC_MAXCODES) return -1;
    ec_code *c = &s->codes[s->ncodes];
    memset(c, 0, sizeof *c);
    memcpy(c->code, t, n);
    c->line = line;
    c->cls = (t[0] - '0') * 100 + (t[1] - '0') * 10 + (t[2] - '0');
    c->amt = -1;
    c->name_tok = -1;
    return s->ncodes++;
}

static bool ec_push(ec_state *s, int kind, int line, const char *t, size_t n, int ref)
{
    if (s->ntok == EC_MAXTOK) return true;
    ec_tok *k = &s->tok[s->ntok++];
    k->kind = kind;
    k->line = line;
    k->t = t;
    k->n = n;
    k->ref = ref;
    k->pair = -1;
    return true;
}

/* The text run [a, b) of line i: one text token, or a fixed row's label. */
static bool ec_text(ec_state *s, int i, const char *a, const char *b)
{
    if (b <= a) return true;
    char *t = js_arena_strndup(s->r->doc->arena, a, (size_t)(b - a));
    if (!t) return false;
    const char *k = tb_nkey(&s->r->nb, t);
    int f = ec_foot(s, k);
    if (f >= 0) return ec_push(s, EK_FOOT, i, t, strlen(t), f);
    return ec_push(s, EK_TEXT, i, t, strlen(t), -1);
}

/* The words of line i as tokens: codes, amounts, and the text between them. */
static bool ec_line(ec_state *s, int i)
{
    const js_srcline *ln = &s->w->lines[i];
    const char *k = tb_nkey(&s->r->nb, ln->text);
    if (ec_header(s, ln, k)) return ec_push(s, EK_HDR, i, ln->text, ln->len, -1);
    const char *t = ln->text, *run = NULL;
    size_t p = 0;
    while (t[p]) {
        while (t[p] == ' ')
            p++;
        size_t q = p;
        while (t[q] && t[q] != ' ')
            q++;
        if (q == p) break;
        bool code = ec_codeword(t + p, q - p), amt = !code && tb_amount_text(t + p, q - p);
        if (code || amt) {
            if (run && !ec_text(s, i, run, t + p)) return false;
            run = NULL;
            int ref = code ? ec_code_of(s, t + p, q - p, i) : -1;
            if (code && ref < 0) return true;
            if (!ec_push(s, code ? EK_CODE : EK_AMT, i, t + p, q - p, ref)) return false;
        } else if (!run) {
            run = t + p;
        }
        p = q;
    }
    if (run) {
        const char *e = t + strlen(t);
        while (e > run && e[-1] == ' ')
            e--;
        if (!ec_text(s, i, run, e)) return false;
    }
    return true;
}

/* Glue: an amount followed on its line by a code or a fixed row's label. */
static void ec_pairs(ec_state *s)
{
    for (int i = 0; i + 1 < s->ntok; i++) {
        ec_tok *a = &s->tok[i], *b = &s->tok[i + 1];
        if (a->kind != EK_AMT || b->line != a->line) continue;
        if (b->kind == EK_CODE) {
            a->pair = i + 1;
            s->codes[b->ref].paired = true;
        } else if (b->kind == EK_FOOT) {
            a->pair = i + 1;
        }
    }
}

/* The text run just before token i (up to three lines joined), in b; false when none. */
static bool ec_text_before(ec_state *s, int i, int nlines)
{
    int j = i - nlines;
    if (j < 0) return false;
    s->b.len = 0;
    for (int k = j; k < i; k++)
        if (s->tok[k].kind != EK_TEXT) return false;
    for (int k = j; k < i; k++)
        js_buf_append(&s->b, s->tok[k].t, s->tok[k].n);
    return s->b.data != NULL;
}

/* The text run right after token i that names code c (catalogue), up to three lines. */
static void ec_name_after(ec_state *s, int i, ec_code *c)
{
    const js_catalog *cat = s->r->ctx ? s->r->ctx->catalog : NULL;
    s->b.len = 0;
    for (int k = i + 1; k < s->ntok && k <= i + 3 && s->tok[k].kind == EK_TEXT; k++) {
        js_buf_append(&s->b, s->tok[k].t, s->tok[k].n);
        if (s->b.data &&
            js_catalog_name_ok(cat, JS_CLASS_ECON, s->r->doc->year, c->code, s->b.data)) {
            c->name = js_arena_strndup(s->r->doc->arena, s->b.data, s->b.len);
            c->name_tok = i + 1;
            return;
        }
    }
}

static int ec_cls_index(const ec_state *s, int cls)
{
    for (int i = 0; i < s->ncls; i++)
        if (s->cls[i] == cls) return i;
    return -1;
}

/* The classes in ascending order; a class whose codes mostly have an amount glued
 * before them is not of the first group (group -1 until split). */
static void ec_classes(ec_state *s)
{
    for (int i = 0; i < s->ncodes; i++) {
        int c = s->codes[i].cls;
        if (ec_cls_index(s, c) >= 0 || s->ncls == EC_MAXCLS) continue;
        int k = s->ncls++;
        while (k > 0 && s->cls[k - 1] > c) {
            s->cls[k] = s->cls[k - 1];
            k--;
        }
        s->cls[k] = c;
    }
    for (int k = 0; k < s->ncls; k++) {
        int n = 0, paired = 0;
        for (int i = 0; i < s->ncodes; i++)
            if (s->codes[i].cls == s->cls[k]) {
                n++;
                paired += s->codes[i].paired;
            }
        s->cls_grp[k] = paired * 2 < n ? 0 : -1;
    }
}

/* Groups and ranks with the classes not of the first group split after the split-th:
 * the first `split` of them the middle group, the rest the last. */
static void ec_group(ec_state *s, int split)
{
    for (int k = 0, m = 0; k < s->ncls; k++)
        if (s->cls_grp[k] != 0) s->cls_grp[k] = m++ < split ? 1 : 2;
    for (int i = 0; i < s->ncodes; i++) {
        int k = ec_cls_index(s, s->codes[i].cls);
        s->codes[i].grp = k >= 0 ? s->cls_grp[k] : 0;
    }
    for (int i = 0; i < s->ncodes; i++) {
        int rank = 0;
        for (int j = 0; j < s->ncodes; j++)
            rank += s->codes[j].grp == s->codes[i].grp &&
                    strcmp(s->codes[j].code, s->codes[i].code) < 0;
        s->codes[i].rank = rank;
    }
}

/* The code of group g at rank r, -1. */
static int ec_at(const ec_state *s, int g, int r)
{
    for (int i = 0; i < s->ncodes; i++)
        if (s->codes[i].grp == g && s->codes[i].rank == r) return i;
    return -1;
}

/* How likely code c is the one a name run starting at token run names: the run printed
 * right after its code (0), a code whose name was not read beside it (1), another (2). */
static int ec_tier(const ec_code *c, int run)
{
    return c->name_tok == run ? 0 : c->name_tok < 0 ? 1 : 2;
}

/* The code or fixed row the name run [run, ...) printed before a lone amount names (-1;
 * a fixed row is returned as -2 - its index). */
static int ec_named(ec_state *s, const char *name, int run)
{
    const js_catalog *cat = s->r->ctx ? s->r->ctx->catalog : NULL;
    const char *k = tb_nkey(&s->r->nb, name);
    int f = ec_foot(s, k);
    if (f >= 0) return s->foot_amt[f] < 0 ? -2 - f : -1;
    int best = -1;
    for (int i = 0; i < s->ncodes; i++) {
        const ec_code *c = &s->codes[i];
        if (c->amt >= 0) continue;
        if (!(c->name && strcmp(c->name, name) == 0) &&
            !js_catalog_name_ok(cat, JS_CLASS_ECON, s->r->doc->year, c->code, name))
            continue;
        const ec_code *b = best >= 0 ? &s->codes[best] : NULL;
        int ct = ec_tier(c, run), bt = b ? ec_tier(b, run) : 3;
        if (ct < bt || (ct == bt && (c->grp > b->grp || (c->grp == b->grp && c->rank < b->rank))))
            best = i;
    }
    return best;
}

/* Amounts alone on their line: to the code or fixed row named right before them. */
static void ec_lone(ec_state *s)
{
    for (int i = 0; i < s->ntok; i++) {
        const ec_tok *a = &s->tok[i];
        if (a->kind != EK_AMT || a->pair >= 0 || a->ref >= 0) continue;
        for (int nl = 1; nl <= 3; nl++) {
            if (!ec_text_before(s, i, nl)) break;
            int c = ec_named(s, s->b.data, i - nl);
            if (c == -1) continue;
            if (c >= 0)
                s->codes[c].amt = i;
            else
                s->foot_amt[-2 - c] = i;
            s->tok[i].ref = 1;
            break;
        }
    }
    /* the last fixed row's amount is the region's last amount, alone */
    int f = s->nfoot - 1;
    if (f < 0 || s->foot_amt[f] >= 0) return;
    for (int i = s->ntok - 1; i >= 0; i--)
        if (s->tok[i].kind == EK_AMT) {
            if (s->tok[i].pair < 0 && s->tok[i].ref < 0) s->foot_amt[f] = i;
            return;
        }
}

/* The sum of the amounts of class k's 款 (5-digit codes) read, and how many have none. */
static int64_t ec_kids(const ec_state *s, int cls, int *missing, int *which)
{
    int64_t sum = 0;
    *missing = 0;
    for (int j = 0; j < s->ncodes; j++) {
        const ec_code *c = &s->codes[j];
        if (c->cls != cls || strlen(c->code) != 5) continue;
        if (c->amt >= 0)
            sum += ec_value(&s->tok[c->amt]);
        else {
            ++*missing;
            *which = j;
        }
    }
    return sum;
}

/* A lone amount no code took, equal to v (not zero): its token, -1. */
static int ec_unused(const ec_state *s, int64_t v)
{
    if (v == 0) return -1;
    for (int i = 0; i < s->ntok; i++) {
        const ec_tok *a = &s->tok[i];
        if (a->kind == EK_AMT && a->pair < 0 && a->ref < 0 && ec_value(a) == v) return i;
    }
    return -1;
}

/* Codes still without an amount that the hierarchy pins (类 = Σ 款) to an amount printed
 * alone that nothing took: a 类 whose 款 add up to it, the one 款 of a 类 left. */
static void ec_fill(ec_state *s)
{
    for (bool changed = true; changed;) {
        changed = false;
        for (int i = 0; i < s->ncodes; i++) {
            ec_code *k = &s->codes[i];
            if (strlen(k->code) != 3) continue;
            int missing = 0, which = -1;
            int64_t sum = ec_kids(s, k->cls, &missing, &which);
            int t = -1, to = -1;
            if (k->amt < 0) {
                t = ec_unused(s, sum);
                to = i;
            } else if (missing == 1) {
                t = ec_unused(s, ec_value(&s->tok[k->amt]) - sum);
                to = which;
            }
            if (t < 0) continue;
            s->codes[to].amt = t;
            s->tok[t].ref = 1;
            changed = true;
        }
    }
}

/* Assign the amounts with the groups of split; a score of how well 类 = Σ 款 holds. */
static int ec_assign(ec_state *s, int split)
{
    ec_group(s, split);
    for (int i = 0; i < s->ncodes; i++)
        s->codes[i].amt = -1;
    for (int f = 0; f < EC_MAXFOOT; f++)
        s->foot_amt[f] = -1;
    int score = 0;
    for (int i = 0; i < s->ntok; i++) {
        ec_tok *a = &s->tok[i];
        if (a->kind != EK_AMT) continue;
        a->ref = -1;
        if (a->pair < 0) continue;
        const ec_tok *b = &s->tok[a->pair];
        if (b->kind == EK_FOOT) {
            if (b->ref > 0 && s->foot_amt[b->ref - 1] < 0) s->foot_amt[b->ref - 1] = i;
            continue;
        }
        const ec_code *c = &s->codes[b->ref];
        int t = c->grp > 0 ? ec_at(s, c->grp - 1, c->rank) : -1;
        if (t < 0 || s->codes[t].amt >= 0) {
            score--;
            continue;
        }
        s->codes[t].amt = i;
    }
    ec_lone(s);
    for (int i = 0; i < s->ncodes; i++) {
        const ec_code *k = &s->codes[i];
        if (strlen(k->code) != 3 || k->amt < 0) continue;
        int64_t sum = 0;
        int kids = 0;
        for (int j = 0; j < s->ncodes; j++)
            if (s->codes[j].cls == k->cls && strlen(s->codes[j].code) == 5 &&
                s->codes[j].amt >= 0) {
                sum += ec_value(&s->tok[s->codes[j].amt]);
                kids++;
            }
        int64_t v = ec_value(&s->tok[k->amt]);
        if (kids && sum == v && v != 0) score += 2;
        if (kids && sum != v) score -= 2;
    }
    return score;
}

/* A cell of text t at x for a line written anew. */
static bool ec_cell(ec_state *s, js_srccell *c, int i, const char *t, size_t n, float x)
{
    memset(c, 0, sizeof *c);
    c->text = js_arena_strndup(s->r->doc->arena, t, n);
    if (!c->text) return false;
    c->len = (uint32_t)n;
    c->x0 = x;
    c->x1 = x + (float)n;
    c->index = i;
    return true;
}

/* Row (a code, or fixed row -1 - f) written as line li: code, name, amount. */
static bool ec_emit(ec_state *s, int li, int code, int foot)
{
    js_srccell *cc = js_arena_calloc(s->r->doc->arena, 3, sizeof *cc);
    if (!cc) return false;
    int k = 0, amt;
    if (code >= 0) {
        const ec_code *c = &s->codes[code];
        if (!ec_cell(s, &cc[k], k, c->code, strlen(c->code), 0)) return false;
        k++;
        if (c->name && !ec_cell(s, &cc[k], k, c->name, strlen(c->name), 10)) return false;
        k += c->name != NULL;
        amt = c->amt;
    } else {
        const char *nm = s->tpl->rows[foot].names[0];
        if (!ec_cell(s, &cc[k], k, nm, strlen(nm), 10)) return false;
        k++;
        amt = s->foot_amt[foot];
    }
    if (amt >= 0 && !ec_cell(s, &cc[k], k, s->tok[amt].t, s->tok[amt].n, 100)) return false;
    k += amt >= 0;
    js_srcline *ln = &s->w->lines[li];
    ln->cells = cc;
    ln->ncells = k;
    ln->blank = false;
    return true;
}

/* Where each row goes: its code's (or label's) line when before the 注 line, else a
 * line of the region left over. Lines of the table that are not header lines and hold
 * no row are blanked. */
static bool ec_write(ec_state *s, int first)
{
    int nrows = s->ncodes + s->nfoot;
    unsigned char *used = js_arena_calloc(s->r->doc->arena, (size_t)(s->note - first + 1), 1);
    if (!used) return false;
    int *at = js_arena_calloc(s->r->doc->arena, (size_t)nrows + 1, sizeof *at);
    if (!at) return false;
    for (int i = 0; i < nrows; i++) {
        int line = i < s->ncodes ? s->codes[i].line : s->foot_line[i - s->ncodes];
        at[i] = line >= first && line < s->note && !used[line - first] ? line : -1;
        if (at[i] >= 0) used[at[i] - first] = 1;
        /* a fixed row neither printed nor given an amount is no row */
        if (i >= s->ncodes && line < 0 && s->foot_amt[i - s->ncodes] < 0) at[i] = -2;
    }
    int free_line = first;
    for (int i = 0; i < nrows; i++) {
        if (at[i] != -1) continue;
        while (free_line < s->note && (used[free_line - first] || s->w->lines[free_line].blank ||
                                       tb_header_line(s->r, s->tpl, &s->w->lines[free_line])))
            free_line++;
        if (free_line >= s->note) continue; /* no room: the row is left out */
        at[i] = free_line;
        used[free_line - first] = 1;
    }
    for (int i = first; i < s->note; i++) {
        js_srcline *ln = &s->w->lines[i];
        if (!used[i - first] && !ln->blank && !tb_header_line(s->r, s->tpl, ln)) ln->blank = true;
    }
    for (int i = 0; i < nrows; i++)
        if (at[i] >= 0 &&
            !ec_emit(s, at[i], i < s->ncodes ? i : -1, i < s->ncodes ? 0 : i - s->ncodes))
            return false;
    /* lines after the 注 line holding only this table's codes and amounts */
    for (int t = 0; t < s->ntok; t++) {
        int li = s->tok[t].line;
        if (li <= s->note || s->tok[t].kind == EK_TEXT || s->tok[t].kind == EK_HDR) continue;
        bool only = true;
        for (int u = 0; u < s->ntok; u++)
            if (s->tok[u].line == li && (s->tok[u].kind == EK_TEXT || s->tok[u].kind == EK_HDR))
                only = false;
        if (only) s->w->lines[li].blank = true;
    }
    return true;
}

static bool ec_region(const js_srcdoc *w, int from, int end)
{
    int lines = 0, single = 0, codes = 0;
    for (int i = from; i < end; i++) {
        const js_srcline *ln = &w->lines[i];
        if (ln->blank) continue;
        lines++;
        single += ln->ncells == 1;
        if (ln->ncells < 1) continue;
        const char *t = ln->cells[0].text;
        size_t n = strcspn(t, " ");
        codes += ec_codeword(t, n);
    }
    return lines >= 8 && single * 10 >= lines * 9 && codes >= 3;
}

/* Tokens, codes and fixed rows of [from, end); the 注 line in s->note. */
static bool ec_scan(ec_state *s, int from, int end)
{
    s->note = tb_raw_note(s->w, from, end);
    for (int i = from; i < end; i++) {
        const js_srcline *ln = &s->w->lines[i];
        if (ln->blank) continue;
        if (i == s->note) {
            if (!ec_push(s, EK_HDR, i, ln->text, ln->len, -1)) return false;
            continue;
        }
        if (!ec_line(s, i)) return false;
    }
    for (int i = 0; i < s->ntok; i++) {
        const ec_tok *k = &s->tok[i];
        if (k->kind == EK_CODE && !s->codes[k->ref].name) ec_name_after(s, i, &s->codes[k->ref]);
        if (k->kind == EK_FOOT && k->ref < EC_MAXFOOT && s->foot_line[k->ref] < 0)
            s->foot_line[k->ref] = k->line;
    }
    return true;
}

int tb_regroup_raw_econ(rd *r, js_srcdoc *w, const js_tpl_table *tpl, int from, int end)
{
    if (tpl->kind != JS_TPL_ECON || !ec_region(w, from, end)) return 0;
    ec_state s;
    memset(&s, 0, sizeof s);
    s.r = r;
    s.w = w;
    s.tpl = tpl;
    s.note = end;
    s.nfoot = tpl->nrows < EC_MAXFOOT ? tpl->nrows : EC_MAXFOOT;
    for (int f = 0; f < EC_MAXFOOT; f++)
        s.foot_line[f] = -1;
    int ntok = 0;
    for (int i = from; i < end; i++)
        ntok += w->lines[i].blank ? 0 : (int)(w->lines[i].len / 2 + 1);
    if (ntok > EC_MAXTOK) ntok = EC_MAXTOK;
    s.tok = js_arena_calloc(r->doc->arena, (size_t)ntok + 1, sizeof *s.tok);
    s.codes = js_arena_calloc(r->doc->arena, EC_MAXCODES, sizeof *s.codes);
    if (!s.tok || !s.codes) return -1;
    js_buf_init(&s.b);
    int rc = -1;
    if (!ec_scan(&s, from, end)) goto out;
    rc = 0;
    if (s.ncodes < 3) goto out;
    ec_pairs(&s);
    ec_classes(&s);
    int rest = 0;
    for (int k = 0; k < s.ncls; k++)
        rest += s.cls_grp[k] != 0;
    int best = rest, best_score = 0;
    for (int split = rest; split >= 1; split--) {
        int sc = ec_assign(&s, split);
        if (split == rest || sc >= best_score) {
            best = split;
            best_score = sc;
        }
    }
    ec_assign(&s, best);
    ec_fill(&s);
    int first = end;
    for (int i = 0; i < s.ntok && first == end; i++)
        if (s.tok[i].kind == EK_CODE || s.tok[i].kind == EK_AMT || s.tok[i].kind == EK_FOOT)
            first = s.tok[i].line;
    rc = first < s.note && ec_write(&s, first) ? 1 : -1;
    if (first >= s.note) rc = 0;
out:
    js_buf_release(&s.b);
    return rc;
}
