/*
 * cause.c - one defect, one finding: the findings of the tables that follow
 * from one wrong figure are grouped under the finding of that figure (the
 * root); the others get its id as their `cause` (spec/findings.md).
 *
 * A wrong 03 合计 breaks its row (T-ROW), its column (T-TOTAL) and the
 * comparison with 01 (X-01-03): three findings, one defect. Two findings of
 * tables (arithmetic, cross-table, classification) belong together when
 *
 *   - they point at the same cell (table, row and column), or
 *   - they are off by the same amount (more than the rounding of a few
 *     figures) and share a table and its row or its column, or one of them
 *     compares two tables (X-01-03) and names the other's table.
 *
 * A 尾数 of up to 0.05 is grouped only with the
 * same difference on the same row, of the same table or of the table a
 * cross-table finding compares, or with the same figures (rule, row, column,
 * stated and expected) in another table; two cross-table findings off by the
 * same amount on the same 科目 code are one 类 figure printed two ways.
 * Rounding notices are grouped among themselves (the reports fold them). In a group the root is the
 * most severe finding, then the one linked to most others (the cell where the identities meet); on
 * a tie the one on a detail row rather than on a total, then the one inside a table rather than
 * between tables, then the first. A 附件 that states the same wrong figure as the 说明 (same rule,
 * stated and expected) points at the 说明's finding. Otherwise the rules of
 * the narrative and of the 绩效自评表 set their causes themselves (a rate judged on a figure
 * already reported wrong, a total following from a group's weights); they are left as they are.
 */
#include "checker.h"

#include <stdlib.h>
#include <string.h>

static bool is_rounding(const js_finding *f)
{
    return f->kind && strcmp(f->kind, "rounding") == 0;
}

/* A finding of the tables: arithmetic, cross-table or classification, a warning
 * or an error, or a rounding notice of a table figure (a 尾数 that the next
 * tables carry on). */
static bool tableish(const js_finding *f)
{
    if (!f->rule || f->cause || !f->table) return false;
    if (f->rule[0] != 'T' && f->rule[0] != 'X' && f->rule[0] != 'K') return false;
    return is_rounding(f) ? f->rule[0] != 'K' : f->severity >= JS_SEV_WARNING;
}

static bool eq(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* |stated - expected| in units of the last printed decimal scaled to 2 (fen of
 * the unit); -1 when either is not a number. */
static int64_t diff_of(const js_finding *f)
{
    if (!f->stated || !f->expected) return -1;
    js_num a, b;
    if (js_num_parse(f->stated, strlen(f->stated), &a) != JS_NUM_VALUE ||
        js_num_parse(f->expected, strlen(f->expected), &b) != JS_NUM_VALUE)
        return -1;
    js_amount x, y;
    if (!js_num_to_amount(a, JS_UNIT_YUAN, &x) || !js_num_to_amount(b, JS_UNIT_YUAN, &y)) return -1;
    js_amount d = x - y;
    return d < 0 ? -d : d;
}

static bool is_total(const char *row)
{
    return row && (strstr(row, "合计") || strstr(row, "总计"));
}

/* Does rule id (X-01-03) name table t ("03")? */
static bool names_table(const char *rule, const char *t)
{
    if (!rule || !t || rule[0] != 'X') return false;
    size_t k = strlen(t);
    for (const char *p = rule; (p = strstr(p, t)); p += k)
        if ((p == rule || p[-1] == '-') && (p[k] == '\0' || p[k] == '-')) return true;
    return false;
}

/* The 科目 code of a row key ("支出:208" -> "208"), NULL if it is none. */
static const char *code_of(const char *row)
{
    if (!row) return NULL;
    const char *c = strchr(row, ':');
    c = c ? c + 1 : row;
    if (!*c) return NULL;
    for (const char *p = c; *p; p++)
        if (*p < '0' || *p > '9') return NULL;
    return c;
}

static bool same_code(const char *a, const char *b)
{
    const char *x = code_of(a), *y = code_of(b);
    return x && y && strcmp(x, y) == 0;
}

static bool linked(const js_finding *a, int64_t da, const js_finding *b, int64_t db)
{
    /* a rounding notice is grouped with rounding notices only: the reports fold
     * them apart from the findings a reviewer must act on */
    if (is_rounding(a) != is_rounding(b)) return false;
    if (eq(a->table, b->table) && eq(a->row, b->row) &&
        ((a->column == NULL && b->column == NULL) || eq(a->column, b->column)))
        return true;
    if (da < 0 || da != db || da == 0) return false;
    /* two cross-table findings off by the same amount on the same 科目 (01/03 and
     * 04/05 on 208 社会保障和就业支出): one 类 figure printed two ways */
    if (a->rule[0] == 'X' && b->rule[0] == 'X' && same_code(a->row, b->row)) return true;
    /* the same figures on the same row and column of two tables (03 and 05 合计
     * 基本支出 2336.91 against Σ 类 2336.92): one figure carried from table to table */
    if (eq(a->rule, b->rule) && eq(a->row, b->row) && eq(a->column, b->column) &&
        eq(a->stated, b->stated) && eq(a->expected, b->expected))
        return true;
    bool cross = names_table(a->rule, b->table) || names_table(b->rule, a->table);
    /* a 尾数 (up to 0.05 of the unit): the same difference on the same row of a
     * table, or of the table another finding compares it with */
    if (da <= 5) return eq(a->row, b->row) && (eq(a->table, b->table) || cross);
    /* the same difference beyond rounding: a shared row or column, or the table compared */
    if (eq(a->table, b->table)) return eq(a->row, b->row) || eq(a->column, b->column);
    return cross;
}

static int find(int *parent, int i)
{
    while (parent[i] != i)
        i = parent[i] = parent[parent[i]];
    return i;
}

/* 说明 and 附件 stating the same wrong figure: one defect, the 附件's finding
 * points at the 说明's (the first of the same rule, stated and expected). */
static void same_figure_twice(js_findings *out, int from)
{
    for (int i = from; i < out->n; i++) {
        js_finding *x = &out->items[i];
        if (!x->rule || x->rule[0] != 'N' || x->cause || !x->section || !x->stated ||
            !x->expected || x->severity < JS_SEV_WARNING || is_rounding(x) ||
            !js_startswith(x->section, "附件"))
            continue;
        for (int j = from; j < out->n; j++) {
            const js_finding *y = &out->items[j];
            if (j == i || y->cause || !y->section || js_startswith(y->section, "附件") ||
                !eq(y->rule, x->rule) || !eq(y->stated, x->stated) || !eq(y->expected, x->expected))
                continue;
            x->cause = y->id;
            break;
        }
    }
}

void js_check_causes(js_checker *ck, int from)
{
    same_figure_twice(ck->out, from);
    js_findings *out = ck->out;
    int n = out->n - from;
    if (n < 2) return;
    int *parent = malloc((size_t)n * sizeof *parent);
    int *links = calloc((size_t)n, sizeof *links);
    int64_t *d = malloc((size_t)n * sizeof *d);
    bool *ok = calloc((size_t)n, sizeof *ok);
    int *root = malloc((size_t)n * sizeof *root);
    if (!parent || !links || !d || !ok || !root) goto done;
    for (int i = 0; i < n; i++) {
        parent[i] = i;
        ok[i] = tableish(&out->items[from + i]);
        d[i] = ok[i] ? diff_of(&out->items[from + i]) : -1;
    }
    for (int i = 0; i < n; i++) {
        if (!ok[i]) continue;
        for (int j = i + 1; j < n; j++) {
            if (!ok[j] || !linked(&out->items[from + i], d[i], &out->items[from + j], d[j]))
                continue;
            links[i]++, links[j]++;
            int a = find(parent, i), b = find(parent, j);
            if (a != b) parent[b] = a;
        }
    }
    for (int i = 0; i < n; i++)
        root[i] = -1;
    for (int i = 0; i < n; i++) {
        if (!ok[i] || links[i] == 0) continue;
        int g = find(parent, i), r = root[g];
        if (r < 0) {
            root[g] = i;
            continue;
        }
        const js_finding *x = &out->items[from + i], *y = &out->items[from + r];
        bool better = links[i] > links[r];
        if (x->severity != y->severity)
            better = x->severity > y->severity; /* the error, not the notice it explains */
        else if (links[i] == links[r]) {
            bool xt = is_total(x->row), yt = is_total(y->row);
            if (xt != yt)
                better = !xt;
            else if ((x->rule[0] == 'X') != (y->rule[0] == 'X'))
                better = x->rule[0] != 'X';
        }
        if (better) root[g] = i;
    }
    for (int i = 0; i < n; i++) {
        if (!ok[i] || links[i] == 0) continue;
        int r = root[find(parent, i)];
        if (r >= 0 && r != i) out->items[from + i].cause = out->items[from + r].id;
    }
done:
    free(parent);
    free(links);
    free(d);
    free(ok);
    free(root);
}
