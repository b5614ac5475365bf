/*
 * budget.c - checking a budget disclosure (部门/单位预算公开, docs/budgets.md):
 * the engine runs js_check_budget instead of the final-accounts families. A
 * budget whose form is not known gets one finding (B-FORM) and nothing else:
 * it is never checked against the final-accounts form. A known form is checked
 * by the identities and links of its data (data/templates/budgets.tsv): row
 * sums (B-ROW), the hierarchy of the classified tables (B-HIER), the totals of
 * the 总表 (B-SUM), the tables against each other (B-LINK), codes and names
 * (B-CODE, B-NAME); then the narrative (budget_narrative.c).
 */
#include "budget_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

js_table *js_bchk_role(const js_bchk *b, const char *role, const js_btable **bt)
{
    for (int i = 1; i <= b->n; i++)
        if (b->tab[i] && b->bt[i] && strcmp(b->bt[i]->role, role) == 0) {
            if (bt) *bt = b->bt[i];
            return b->tab[i];
        }
    return NULL;
}

js_amount js_bchk_value(const js_table *t, const char *row, const char *col)
{
    return t ? js_table_value(t, row, col) : 0;
}

const char *js_bchk_name(const js_bchk *b, const js_table *t, char *buf, size_t n)
{
    (void)b;
    char title[256];
    const js_btable *bt = NULL;
    for (int i = 1; i <= b->n; i++)
        if (b->tab[i] == t) bt = b->bt[i];
    snprintf(title, sizeof title, "%s", bt && bt->ntitles ? bt->titles[0] : "");
    snprintf(buf, n, "%s表（%s）", js_table_id(t->no), title);
    return buf;
}

/* ---- cell references of the identities: [ROLE:]ROW[COL|COL] ------------------------ */

typedef struct bref {
    int sign;
    char role[32]; /* "" = the identity's own table */
    char row[128]; /* may hold one '*': every 功能分类 类 row */
    char cols[4][64];
    int ncols; /* "*" as the only column: every column */
} bref;

static bool parse_ref(const char *s, size_t n, int sign, bool with_role, bref *r)
{
    memset(r, 0, sizeof *r);
    r->sign = sign;
    const char *lb = memchr(s, '[', n), *rb = lb ? memchr(lb, ']', n - (size_t)(lb - s)) : NULL;
    if (!lb || !rb) return false;
    const char *row = s;
    if (with_role) {
        const char *c = memchr(s, ':', (size_t)(lb - s));
        if (!c || (size_t)(c - s) >= sizeof r->role) return false;
        memcpy(r->role, s, (size_t)(c - s));
        row = c + 1;
    }
    size_t rl = (size_t)(lb - row);
    if (rl >= sizeof r->row) return false;
    memcpy(r->row, row, rl);
    for (const char *p = lb + 1; p < rb && r->ncols < 4;) {
        const char *e = memchr(p, '|', (size_t)(rb - p));
        if (!e) e = rb;
        size_t cl = (size_t)(e - p);
        if (cl >= sizeof r->cols[0]) return false;
        memcpy(r->cols[r->ncols++], p, cl);
        p = e + 1;
    }
    return true;
}

/* Split "L = R1 + R2 - R3" into refs; returns the count (0 when malformed). */
static int parse_expr(const char *e, bool with_role, bref *out, int max)
{
    int n = 0, sign = 1;
    const char *p = e;
    while (*p && n < max) {
        while (*p == ' ')
            p++;
        if (*p == '=' || *p == '+') {
            sign = 1;
            p++;
            continue;
        }
        if (*p == '-') {
            sign = -1;
            p++;
            continue;
        }
        const char *q = p;
        while (*q && *q != ' ')
            q++;
        if (q == p) break;
        if (!parse_ref(p, (size_t)(q - p), sign, with_role, &out[n++])) return 0;
        p = q;
    }
    return n;
}

/* js_check_sum, with the rounding of a table printed in whole 元 (no decimals): a
 * difference the rounding of each printed figure to 1 元 explains is a notice. */
static void bsum(js_bchk *b, js_rule_id rule, js_where w, const js_table *t, const js_cell *stated,
                 const js_term *terms, int nt, const char *subject, const char *what)
{
    int sev = JS_SEV_ERROR;
    if (t->unit == JS_UNIT_YUAN && stated->text && !strchr(stated->text, '.')) {
        js_amount sum = 0;
        for (int i = 0; i < nt; i++)
            sum +=
                terms[i].cell && terms[i].cell->present ? terms[i].sign * terms[i].cell->value : 0;
        js_amount d = stated->value - sum;
        if (d < 0) d = -d;
        if (d && 2 * d < JS_FEN_PER_YUAN * (nt + 1)) sev = JS_SEV_ROUNDING;
    }
    js_check_sum(b->ck, rule, sev, w, t->unit, stated, terms, nt, subject, what);
}

/* ---- evaluation ------------------------------------------------------------------ */

typedef struct bind {
    const char *code; /* the 类 code standing for '*' in a row, or NULL: '*' sums every 类 */
    const char *col;  /* the column standing for a "*" column, or NULL */
} bind;

static js_table *ref_table(const js_bchk *b, const bref *r, js_table *own)
{
    return r->role[0] ? js_bchk_role(b, r->role, NULL) : own;
}

/* The column of a reference: the first alternative whose cell in row is printed, else
 * the first alternative the table has. */
static const char *ref_col(const js_table *t, const bref *r, const bind *bd, const char *row)
{
    const char *first = NULL;
    for (int i = 0; i < r->ncols; i++) {
        const char *c = strcmp(r->cols[i], "*") == 0 ? bd->col : r->cols[i];
        int k = c ? js_table_col(t, c) : -1;
        if (k < 0) continue;
        if (!first) first = t->cols[k];
        const js_cell *cell = row ? js_table_cell(t, row, t->cols[k]) : NULL;
        if (cell && cell->present) return t->cols[k];
    }
    return first;
}

static bool is_class_code(const char *s)
{
    return strlen(s) == 3 && s[0] >= '1' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' &&
           s[2] >= '0' && s[2] <= '9';
}

/* Append the cells a reference stands for to terms; false when its table is absent. */
static bool ref_terms(const js_bchk *b, const bref *r, js_table *own, const bind *bd,
                      js_term *terms, int *nt, int max)
{
    js_table *t = ref_table(b, r, own);
    if (!t) return false;
    const char *star = strchr(r->row, '*');
    char key[160];
    if (star && bd->code)
        snprintf(key, sizeof key, "%.*s%s%s", (int)(star - r->row), r->row, bd->code, star + 1);
    else
        snprintf(key, sizeof key, "%s", r->row);
    const char *col = ref_col(t, r, bd, star && !bd->code ? NULL : key);
    if (!col) return false;
    if (star && !bd->code) { /* every 类 row: the rows whose key is the prefix and a 类 code */
        size_t pl = (size_t)(star - r->row);
        for (int i = 0; i < t->nrows && *nt < max; i++) {
            const js_row *row = &t->rows[i];
            if (row->dup_of >= 0 || strncmp(row->key, r->row, pl) != 0) continue;
            if (!is_class_code(row->key + pl)) continue;
            terms[(*nt)++] = (js_term){js_table_cell(t, row->key, col), r->sign};
        }
        return true;
    }
    if (!js_table_row(t, key)) return false; /* a row not printed (or not read): no check */
    if (*nt < max) terms[(*nt)++] = (js_term){js_table_cell(t, key, col), r->sign};
    return true;
}

static void eval_once(js_bchk *b, js_rule_id rule, const bref *refs, int n, js_table *own,
                      const bind *bd)
{
    js_term terms[64];
    int nt = 0;
    if (!ref_terms(b, &refs[0], own, bd, terms, &nt, 1) || nt != 1 || !terms[0].cell ||
        !terms[0].cell->present)
        return;
    const js_cell *stated = terms[0].cell;
    nt = 0;
    for (int i = 1; i < n; i++)
        if (!ref_terms(b, &refs[i], own, bd, terms, &nt, 64)) return;
    js_table *lt = ref_table(b, &refs[0], own);
    char key[160], nm[300], what[600];
    const char *star = strchr(refs[0].row, '*');
    if (star && bd->code)
        snprintf(key, sizeof key, "%.*s%s", (int)(star - refs[0].row), refs[0].row, bd->code);
    else
        snprintf(key, sizeof key, "%s", refs[0].row);
    const char *col = ref_col(lt, &refs[0], bd, key);
    js_where w = {.table = js_table_id(lt->no), .row = key, .column = col};
    char subject[700];
    snprintf(subject, sizeof subject, "%s %s %s：", js_bchk_name(b, lt, nm, sizeof nm), key, col);
    size_t wl = 0;
    what[0] = '\0';
    for (int i = 1; i < n && wl + 1 < sizeof what; i++) {
        js_table *t = ref_table(b, &refs[i], own);
        int k = snprintf(what + wl, sizeof what - wl, "%s%s%s%s[%s]",
                         i > 1 ? (refs[i].sign < 0 ? "－" : "＋") : "",
                         t != lt ? js_table_id(t->no) : "", t != lt ? " " : "", refs[i].row,
                         ref_col(t, &refs[i], bd, NULL) ? ref_col(t, &refs[i], bd, NULL) : "");
        if (k < 0) break;
        wl += (size_t)k < sizeof what - wl ? (size_t)k : sizeof what - wl - 1;
    }
    bsum(b, rule, w, lt, stated, terms, nt, subject, what);
}

/* An identity or link, for every binding its '*'s ask for. */
static void eval(js_bchk *b, js_rule_id rule, const char *expr, bool with_role, js_table *own)
{
    bref refs[16];
    int n = parse_expr(expr, with_role, refs, 16);
    if (n < 2) return;
    js_table *lt = ref_table(b, &refs[0], own);
    if (!lt) return;
    bool rowstar = strchr(refs[0].row, '*') != NULL;
    bool colstar = refs[0].ncols == 1 && strcmp(refs[0].cols[0], "*") == 0;
    const char *star = strchr(refs[0].row, '*');
    size_t pl = star ? (size_t)(star - refs[0].row) : 0;
    for (int i = 0; i < (rowstar ? lt->nrows : 1); i++) {
        bind bd = {NULL, NULL};
        if (rowstar) {
            const js_row *row = &lt->rows[i];
            if (row->dup_of >= 0 || strncmp(row->key, refs[0].row, pl) != 0 ||
                !is_class_code(row->key + pl))
                continue;
            bd.code = row->key + pl;
        }
        for (int c = 0; c < (colstar ? lt->ncols : 1); c++) {
            bd.col = colstar ? lt->cols[c] : NULL;
            eval_once(b, rule, refs, n, own, &bd);
        }
    }
}

bool js_bchk_target(const js_bchk *b, const char *expr, js_amount *value, js_loc *loc)
{
    bref refs[8];
    char e[512];
    snprintf(e, sizeof e, "= %s", expr); /* parse_expr reads "= A + B" as terms */
    int n = parse_expr(e, true, refs, 8);
    if (!n) return false;
    js_amount sum = 0;
    bool any = false;
    for (int i = 0; i < n; i++) {
        js_table *t = js_bchk_role(b, refs[i].role, NULL);
        /* a table whose every cell is blank was not read (the raw text of a PDF: one cell a
         * line): what the 说明 says of it is not compared with 0 */
        if (!t || !js_table_row(t, refs[i].row) || !js_table_has_values(t)) return false;
        bind bd = {NULL, NULL};
        const char *col = ref_col(t, &refs[i], &bd, refs[i].row);
        const js_cell *c = col ? js_table_cell(t, refs[i].row, col) : NULL;
        if (c && c->present) {
            sum += refs[i].sign * c->value;
            if (!any && loc) *loc = c->loc;
            any = true;
        }
    }
    *value = sum;
    return true;
}

/* ---- row sums and the hierarchy ----------------------------------------------------- */

static void row_sums(js_bchk *b, js_table *t, const js_btable *bt)
{
    js_browid ids[16];
    int nids = js_browids(bt, t->cols, t->ncols, ids, 16);
    char nm[300], subject[600], what[300];
    for (int k = 0; k < nids; k++) {
        size_t wl = 0;
        for (int j = 0; j < ids[k].nb && wl + 1 < sizeof what; j++) {
            int m =
                snprintf(what + wl, sizeof what - wl, "%s%s", j ? "＋" : "", t->cols[ids[k].b[j]]);
            if (m < 0) break;
            wl += (size_t)m < sizeof what - wl ? (size_t)m : sizeof what - wl - 1;
        }
        for (int r = 0; r < t->nrows; r++) {
            js_row *row = &t->rows[r];
            if (row->dup_of >= 0 || !row->cells[ids[k].a].present) continue;
            js_term terms[12];
            bool any = false;
            for (int j = 0; j < ids[k].nb; j++) {
                terms[j] = (js_term){&row->cells[ids[k].b[j]], 1};
                any = any || row->cells[ids[k].b[j]].present;
            }
            if (!any) continue; /* only the total printed */
            js_where w = {
                .table = js_table_id(t->no), .row = row->key, .column = t->cols[ids[k].a]};
            snprintf(subject, sizeof subject, "%s %s%s%s %s", js_bchk_name(b, t, nm, sizeof nm),
                     row->key, row->name ? " " : "", row->name ? row->name : "", t->cols[ids[k].a]);
            bsum(b, JS_R_B_ROW, w, t, &row->cells[ids[k].a], terms, ids[k].nb, subject, what);
        }
    }
}

/* Parent of a code in the table's own rows: 7 -> 5 -> 3 digits, "合计" for a 类. */
static void hier(js_bchk *b, js_table *t)
{
    char nm[300], subject[600];
    for (int r = 0; r < t->nrows; r++) {
        js_row *p = &t->rows[r];
        size_t pl = strlen(p->key);
        bool total = strcmp(p->key, "合计") == 0;
        if (p->dup_of >= 0 || (!total && pl != 3 && pl != 5)) continue;
        for (int c = 0; c < t->ncols; c++) {
            js_term terms[128];
            int nt = 0;
            for (int k = 0; k < t->nrows && nt < 128; k++) {
                const js_row *ch = &t->rows[k];
                if (ch->dup_of >= 0 || !ch->code) continue;
                size_t cl = strlen(ch->key);
                bool child = total ? cl == 3 : cl == pl + 2 && strncmp(ch->key, p->key, pl) == 0;
                if (child) terms[nt++] = (js_term){&ch->cells[c], 1};
            }
            if (!nt || !p->cells[c].present) continue;
            js_where w = {.table = js_table_id(t->no), .row = p->key, .column = t->cols[c]};
            snprintf(subject, sizeof subject, "%s %s%s%s %s", js_bchk_name(b, t, nm, sizeof nm),
                     p->key, p->name && !total ? " " : "", p->name && !total ? p->name : "",
                     t->cols[c]);
            bsum(b, JS_R_B_HIER, w, t, &p->cells[c], terms, nt, subject,
                 total ? "各类之和" : "下级科目之和");
        }
    }
}

/* ---- codes and names -------------------------------------------------------------------- */

static void codes(js_bchk *b, js_table *t)
{
    char nm[300];
    int first = 0; /* the first wrong 款 name under a 类: the ones after it follow from it */
    char firstcls[4] = "";
    for (int r = 0; r < t->nrows; r++) {
        const js_row *row = &t->rows[r];
        if (!row->code || row->dup_of >= 0) continue;
        size_t l = strlen(row->code);
        int kind = row->code[0] == '3' ? JS_CLASS_ECON : JS_CLASS_FUNC;
        bool parent = true;
        if (l == 5 || l == 7) {
            char pc[8];
            snprintf(pc, sizeof pc, "%.*s", (int)(l - 2), row->code);
            parent = js_table_row(t, pc) != NULL;
        }
        js_where w = {.table = js_table_id(t->no), .row = row->key, .loc = row->loc};
        if ((kind == JS_CLASS_FUNC && l != 3 && l != 5 && l != 7) ||
            (kind == JS_CLASS_ECON && l != 3 && l != 5) || !parent) {
            /* "7 11 02" under 21011: the 项 2101102 with its 类 digits lost */
            char want[16] = "";
            const char *prev = r > 0 ? t->rows[r - 1].code : NULL;
            if (prev && strlen(prev) == 5 && l == 5 && strncmp(row->code + 1, prev + 3, 2) == 0)
                snprintf(want, sizeof want, "%s%s", prev, row->code + 3);
            js_report(b->ck, JS_R_B_CODE, JS_SEV_ERROR, w, row->code, want[0] ? want : NULL,
                      "%s 科目编码“%s”（%s）不是所列类、款之下的%s编码%s%s",
                      js_bchk_name(b, t, nm, sizeof nm), row->code, row->name ? row->name : "",
                      kind == JS_CLASS_ECON ? "经济分类" : "功能分类", want[0] ? "，应为" : "",
                      want);
            continue;
        }
        if (!row->name || !js_catalog_known(b->ck->ctx->catalog, kind, row->code)) continue;
        const js_class_entry *e =
            js_catalog_find(b->ck->ctx->catalog, kind, b->doc->year, row->code);
        if (!e || e->year > b->doc->year) continue; /* no edition of the catalogue for the year */
        if (js_catalog_name_ok(b->ck->ctx->catalog, kind, b->doc->year, row->code, row->name))
            continue;
        bool chain = l == 5 && first && strncmp(firstcls, row->code, 3) == 0;
        js_finding *f = js_report(b->ck, JS_R_B_NAME, JS_SEV_WARNING, w, row->name, e->name,
                                  "%s 科目编码%s的名称应为“%s”，表中为“%s”%s",
                                  js_bchk_name(b, t, nm, sizeof nm), row->code, e->name, row->name,
                                  chain ? "（与上一处同因：编码整体错位）" : "");
        if (f && chain) f->cause = first;
        if (f && !chain && l == 5) {
            first = f->id;
            memcpy(firstcls, row->code, 3);
            firstcls[3] = '\0';
        }
    }
}

/* A 类 printed in a 总表 under a name that is not the year's (医疗卫生与计划生育支出 in 2024). */
static void class_names(js_bchk *b, js_table *t)
{
    char nm[300];
    for (int r = 0; r < t->nrows; r++) {
        const js_row *row = &t->rows[r];
        if (!row->code || !row->name || row->dup_of >= 0 || strlen(row->code) != 3) continue;
        const js_class_entry *e =
            js_catalog_find(b->ck->ctx->catalog, JS_CLASS_FUNC, b->doc->year, row->code);
        if (!e || js_name_eq(e->name, row->name)) continue;
        js_where w = {.table = js_table_id(t->no), .row = row->key, .loc = row->loc};
        js_report(b->ck, JS_R_B_NAME, JS_SEV_WARNING, w, row->name, e->name,
                  "%s %d年的%s类名称应为“%s”，表中为“%s”", js_bchk_name(b, t, nm, sizeof nm),
                  b->doc->year, row->code, e->name, row->name);
    }
}

static void check_tables(js_bchk *b)
{
    for (int i = 1; i <= b->n; i++) {
        js_table *t = b->tab[i];
        const js_btable *bt = b->bt[i];
        if (!t || !bt) continue;
        row_sums(b, t, bt);
        for (int k = 0; k < bt->nidents; k++) {
            const char *e = bt->idents[k];
            if (strcmp(e, "hier") == 0)
                hier(b, t);
            else if (!js_startswith(e, "row "))
                eval(b, JS_R_B_SUM, e, false, t);
        }
        if (bt->kind == JS_BT_CODED)
            codes(b, t);
        else if (bt->kind == JS_BT_BALANCE)
            class_names(b, t);
    }
    for (int i = 1; i <= b->n; i++)
        for (int k = 0; b->bt[i] && k < b->bt[i]->nlinks; k++)
            eval(b, JS_R_B_LINK, b->bt[i]->links[k], true, b->tab[i]);
}

/* The tables printing amounts the reader got none of (B-UNREAD notes): one finding. */
static void unread(js_checker *ck)
{
    const js_doc *doc = ck->doc;
    char list[256] = "";
    size_t len = 0;
    int n = 0, total = 0;
    js_where w = {.section = NULL};
    for (int i = 0; i < doc->nnotes; i++) {
        const js_note *nt = &doc->notes[i];
        if (!nt->code || strcmp(nt->code, "B-UNREAD") != 0) continue;
        if (!n++) w.loc = nt->loc;
        int k = snprintf(list + len, sizeof list - len, "%s%s", n > 1 ? "、" : "",
                         js_table_id(nt->table));
        if (k > 0 && (size_t)k < sizeof list - len) len += (size_t)k;
    }
    for (int i = 1; i <= JS_YTABLE_MAX; i++)
        total += doc->ytables[i] != NULL;
    if (n)
        js_report(ck, JS_R_B_UNREAD, JS_SEV_ERROR, w, NULL, NULL,
                  "%d张预算表中有%d张（%s）印有金额却一个也未能读出，这些表未能核对；"
                  "请用PDF原件或 pdftotext -layout 的文本",
                  total, n, list);
}

void js_check_budget(js_checker *ck)
{
    const js_doc *doc = ck->doc;
    int n = 0;
    for (int i = 1; i <= JS_YTABLE_MAX; i++)
        n += doc->ytables[i] != NULL;
    if (!n || !doc->form || !doc->form[0]) {
        js_where w = {.section = "第二部分"};
        if (doc->npages)
            w.loc.page = 1;
        else
            w.loc.line = 1;
        js_report(ck, JS_R_B_FORM, JS_SEV_ERROR, w, NULL, NULL,
                  "这是一份%s%s公开文件，但其表式不在已知的预算表式之列，表格未能读取和核对",
                  js_scope_name(doc->scope), js_kind_name(doc->kind));
        return;
    }
    js_err err;
    js_err_clear(&err);
    js_bforms *bf = js_bforms_new(&err);
    if (!bf) return;
    js_bchk b = {.ck = ck, .doc = doc, .bf = bf, .n = JS_YTABLE_MAX};
    for (int i = 1; i <= JS_YTABLE_MAX; i++) {
        b.tab[i] = doc->ytables[i];
        if (b.tab[i] && b.tab[i]->title)
            b.bt[i] = js_bforms_title(bf, doc->form, b.tab[i]->title, doc->dept);
    }
    unread(ck);
    check_tables(&b);
    js_check_budget_narrative(&b);
    js_bforms_free(bf);
}
