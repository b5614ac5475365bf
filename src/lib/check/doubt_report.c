/*
 * doubt_report.c - reporting the reading doubts that doubt.c found (R-DOUBT,
 * R-OCR), the reader's own notes about reading (R-…), the findings that follow
 * only from a table cut short, and a file that cannot be read (R-UNREADABLE).
 */
#include "doubt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- reporting ----------------------------------------------------------- */

static const char *place(js_arena *a, js_loc l)
{
    if (l.page > 0) return js_arena_printf(a, "第%d页", l.page);
    if (l.line > 0) return js_arena_printf(a, "第%d行", l.line);
    return "";
}

static void report_doubt(js_checker *ck, const js_doc *doc, const struct js_doubt *d)
{
    js_arena *a = js_ck_arena(ck);
    const js_table *t = doc->tables[d->table];
    if (!a || !t) return;
    const js_row *r = &t->rows[d->row];
    const js_cell *x = &r->cells[d->col];
    const char *id = js_table_id(d->table);
    char sb[40], eb[40];
    js_fmt_amount(x->value, t->unit, sb, sizeof sb);
    js_where w = {id, r->key, t->cols[d->col], NULL, x->loc};
    if (!w.loc.line && !w.loc.page) w.loc = r->loc;
    const char *stated = x->text ? x->text : sb;
    const char *at = place(a, w.loc);
    const char *lab = js_row_label(ck, r);
    if (d->kind == D_MOVE) {
        const js_row *r2 = &t->rows[d->to_row];
        const char *where2 = d->to_row == d->row ? js_arena_printf(a, "%s栏", t->cols[d->to_col])
                                                 : js_arena_printf(a, "%s行", js_row_label(ck, r2));
        js_report(ck, JS_R_R_DOUBT, JS_SEV_NOTICE, w, stated, sb,
                  "%s公开%s表 %s %s的数%s读取不可靠：按表内及表间勾稽关系它应属于%s，"
                  "核对时按%s %s %s计",
                  at ? at : "", id, lab, t->cols[d->col], stated, where2 ? where2 : "相邻单元格",
                  js_row_label(ck, r2), t->cols[d->to_col], sb);
        if (d->refilled) { /* its own figure, printed but dropped by the reader */
            js_fmt_amount(d->refill, t->unit, eb, sizeof eb);
            js_report(ck, JS_R_R_DOUBT, JS_SEV_NOTICE, w, stated, eb,
                      "%s公开%s表 %s %s本身的数没有读到（被%s占了位置）；表中印有%s，"
                      "各表勾稽关系确定其值为%s，核对时按此值计",
                      at ? at : "", id, lab, t->cols[d->col], stated, eb, eb);
        }
    } else if (d->kind == D_SWAP) {
        const js_cell *y = &r->cells[d->to_col];
        char yb[40];
        js_fmt_amount(y->value, t->unit, yb, sizeof yb);
        js_report(ck, JS_R_R_DOUBT, JS_SEV_NOTICE, w, stated, yb,
                  "%s公开%s表 %s %s的数%s与%s栏的数%s读取不可靠：按表内及表间勾稽关系两者应互换，"
                  "核对时按%s %s、%s %s计",
                  at ? at : "", id, lab, t->cols[d->col], stated, t->cols[d->to_col],
                  y->text ? y->text : yb, t->cols[d->col], yb, t->cols[d->to_col], sb);
    } else if (d->kind == D_SHIFT) {
        const char *dir = d->dir < 0 ? "左" : "右";
        if (d->out_col >= 0) {
            const js_cell *o = &r->cells[d->out_col];
            js_fmt_amount(o->value, t->unit, eb, sizeof eb);
            js_where wo = w;
            wo.column = t->cols[d->out_col];
            if (o->loc.line || o->loc.page) wo.loc = o->loc;
            js_report(ck, JS_R_R_DOUBT, JS_SEV_NOTICE, wo, o->text ? o->text : eb, eb,
                      "%s公开%s表 %s %s的数%s读取不可靠：按表内及表间勾稽关系它应属于%s %s，"
                      "其后%s至%s栏的数应各%s移一栏，核对时按此计",
                      at ? at : "", id, lab, t->cols[d->out_col], o->text ? o->text : eb,
                      js_row_label(ck, &t->rows[d->to_row]), t->cols[d->to_col], t->cols[d->col],
                      t->cols[d->end], dir);
        } else {
            js_report(ck, JS_R_R_DOUBT, JS_SEV_NOTICE, w, stated, sb,
                      "%s公开%s表 %s %s至%s栏的数读取不可靠：按表内及表间勾稽关系它们应各%s移一栏，"
                      "核对时按此计",
                      at ? at : "", id, lab, t->cols[d->col], t->cols[d->end], dir);
        }
    } else if (d->kind == D_FILL) {
        js_fmt_amount(d->used, t->unit, eb, sizeof eb);
        js_report(
            ck, JS_R_R_DOUBT, JS_SEV_NOTICE, w, NULL, eb,
            "%s公开%s表 %s %s没有读到数（可能读漏）；各表勾稽关系确定其值为%s，核对时按此值计",
            at ? at : "", id, lab, t->cols[d->col], eb);
    } else if (d->kind == D_DIGIT) {
        js_fmt_amount(d->used, t->unit, eb, sizeof eb);
        for (int i = 0; i < d->nch; i++) {
            const js_cell *y = &r->cells[d->ch[i].col];
            js_where wi = w;
            wi.column = t->cols[d->ch[i].col];
            if (y->loc.line || y->loc.page) wi.loc = y->loc;
            js_report(ck, JS_R_R_OCR, JS_SEV_NOTICE, wi, y->text ? y->text : sb, eb,
                      "%s公开%s表 %s %s：扫描页OCR识别为%s，按表内及表间勾稽关系应为%s，"
                      "已按%s核对，请对照原件",
                      at ? at : "", id, lab, t->cols[d->ch[i].col], y->text ? y->text : sb, eb, eb);
        }
    } else if (d->pinned) {
        js_fmt_amount(d->used, t->unit, eb, sizeof eb);
        js_report(
            ck, JS_R_R_DOUBT, JS_SEV_NOTICE, w, stated, eb,
            "%s公开%s表 %s %s的“%s”像科目编码而不是金额，读取不可靠；各表勾稽关系确定其值为%s，"
            "核对时按%s计",
            at ? at : "", id, lab, t->cols[d->col], stated, eb, eb);
    } else {
        js_report(ck, JS_R_R_DOUBT, JS_SEV_NOTICE, w, stated, NULL,
                  "%s公开%s表 %s %s的“%s”像科目编码而不是金额，读取不可靠，核对时不计",
                  at ? at : "", id, lab, t->cols[d->col], stated);
    }
}

/* Does the finding follow from table no being cut short: an arithmetic finding on
 * it other than a row's own sum (T-ROW), or a cross-table one naming it? */
static bool cut_consequence(const js_finding *x, int no)
{
    const char *id = js_table_id(no);
    if (strcmp(x->kind, "arithmetic") == 0)
        return x->table && strcmp(x->table, id) == 0 && strcmp(x->rule, "T-ROW") != 0;
    if (strcmp(x->kind, "cross-table") != 0) return false;
    if (x->table && strcmp(x->table, id) == 0) return true;
    char pat[16];
    snprintf(pat, sizeof pat, "%s表", id);
    return x->message && strstr(x->message, pat) != NULL;
}

/* Drop the findings from out->items[from..) that follow only from a table cut
 * short (C-TRUNCATED says what was not read); causes are renumbered. */
static void drop_cut_consequences(js_checker *ck, const js_doc *doc, int from)
{
    js_findings *f = ck->out;
    bool cut[10] = {false}, any = false;
    for (int no = 1; no <= 9; no++)
        any |= cut[no] = doc->tables[no] && doc->tables[no]->truncated;
    if (!any || f->n <= from) return;
    int *to = calloc((size_t)f->n + 1, sizeof *to); /* old position + 1 -> new, 0 dropped */
    if (!to) return;
    int w = from;
    for (int i = 0; i < from; i++)
        to[i + 1] = i + 1;
    for (int i = from; i < f->n; i++) {
        const js_finding *x = &f->items[i];
        bool drop = false;
        for (int no = 1; no <= 9 && !drop; no++)
            drop = cut[no] && x->severity >= JS_SEV_NOTICE && cut_consequence(x, no);
        if (drop) continue;
        f->items[w] = f->items[i];
        to[i + 1] = w + 1;
        w++;
    }
    f->n = w;
    for (int i = from; i < f->n; i++) {
        js_finding *x = &f->items[i];
        x->id = to[x->id > 0 && x->id <= f->cap ? x->id : 0];
        if (x->cause > 0) x->cause = x->cause <= f->cap ? to[x->cause] : 0;
    }
    free(to);
}

void js_check_read(js_checker *ck, const js_doc *doc, const js_doubts *dz, int from)
{
    drop_cut_consequences(ck, doc, from);
    for (int i = 0; i < doc->nnotes; i++) {
        const js_note *n = &doc->notes[i];
        if (!n->code || strncmp(n->code, "R-", 2) != 0) continue;
        js_where w = {n->table >= 1 && n->table <= 9 ? js_table_id(n->table) : NULL, NULL, NULL,
                      NULL, n->loc};
        const js_rule *r = js_rule_find(n->code);
        js_rule_id id = r ? (js_rule_id)(r - js_rule_of((js_rule_id)0)) : JS_R_R_DOUBT;
        js_report(ck, id, JS_SEV_NOTICE, w, NULL, NULL, "%s", n->text ? n->text : "读取时的提示");
    }
    for (int i = 0; dz && i < dz->n; i++)
        report_doubt(ck, doc, &dz->items[i]);
}

/* ---- a file that cannot be read ------------------------------------------ */

int js_check_unreadable(const char *path, const char *why, js_doc **doc, js_findings *out,
                        js_err *err)
{
    *doc = js_doc_new(path ? path : "-");
    if (!*doc) return js_err_set(err, JS_EINTERNAL, "%s: out of memory", path ? path : "-");
    (*doc)->dept = "";
    js_checker ck = {NULL, *doc, out, NULL, NULL, out->n};
    js_where w = {NULL, NULL, NULL, NULL, {0}};
    /* "path:12: …" names the line */
    size_t pl = path ? strlen(path) : 0;
    const char *msg = why && *why ? why : "无法读取";
    if (path && strncmp(msg, path, pl) == 0 && msg[pl] == ':') {
        char *end;
        long l = strtol(msg + pl + 1, &end, 10);
        if (end > msg + pl + 1 && *end == ':' && l > 0 && l < INT32_MAX) w.loc.line = (int)l;
    }
    if (!js_report(&ck, JS_R_R_UNREADABLE, JS_SEV_ERROR, w, NULL, NULL, "文件无法读取：%s", msg))
        return js_err_set(err, JS_EINTERNAL, "%s: out of memory", path ? path : "-");
    return JS_OK;
}
