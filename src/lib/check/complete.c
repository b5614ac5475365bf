/*
 * complete.c - completeness (rules C-*): the nine tables present, empty
 * tables explained, the 情况说明 sections 一…九 present, a table printed
 * twice or under the wrong 公开NN表 label, a repeated row, the 部门 name the
 * same everywhere, and what else the reader noted about the input.
 *
 * Tables and reader notes say the same thing in two ways (js_table.copies and
 * a TABLE-TWICE note, js_table.label and a LABEL note, js_row.dup_of and a
 * ROW-TWICE note): each fact is reported once, from the table when it says
 * so, else from the note.
 */
#include "checker.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool has_note(const js_doc *d, const char *code, int table)
{
    for (int i = 0; i < d->nnotes; i++)
        if (d->notes[i].code && strcmp(d->notes[i].code, code) == 0 && d->notes[i].table == table)
            return true;
    return false;
}

static const js_note *find_note(const js_doc *d, const char *code, int table)
{
    for (int i = 0; i < d->nnotes; i++)
        if (d->notes[i].code && strcmp(d->notes[i].code, code) == 0 && d->notes[i].table == table)
            return &d->notes[i];
    return NULL;
}

/* The 公开NN表 label against the table's number. */
static void table_label(js_checker *ck, const js_table *t, int no, js_where w)
{
    const js_doc *d = ck->doc;
    const char *id = js_table_id(no);
    if (t->label && *t->label) {
        if ((int)strtol(t->label, NULL, 10) != no) {
            js_where w2 = w;
            if (t->label_loc.line || t->label_loc.page) w2.loc = t->label_loc;
            char exp[8];
            memcpy(exp, id, 3);
            js_report(ck, JS_R_C_LABEL, JS_SEV_WARNING, w2, t->label, exp,
                      "表“%s”标为公开%s表，应为公开%s表", t->title ? t->title : js_table_title(no),
                      t->label, id);
        }
    } else if (has_note(d, "LABEL", no)) {
        const js_note *n = find_note(d, "LABEL", no);
        js_where w2 = w;
        w2.loc = n->loc;
        js_report(ck, JS_R_C_LABEL, JS_SEV_WARNING, w2, NULL, id, "公开%s表：%s", id,
                  n->text ? n->text : "表号标注有误");
    }
}

/* Rows printed twice (or the reader's note of them). */
static void table_rows_twice(js_checker *ck, const js_table *t, int no)
{
    const js_doc *d = ck->doc;
    const char *id = js_table_id(no);
    bool row_dups = false;
    for (int r = 0; r < t->nrows; r++) {
        const js_row *row = &t->rows[r];
        if (row->dup_of < 0 || row->dup_of >= t->nrows) continue;
        row_dups = true;
        js_where w2 = {id, row->key, NULL, NULL, row->loc};
        js_report(ck, JS_R_C_ROW_TWICE, JS_SEV_WARNING, w2, NULL, NULL,
                  "公开%s表 %s重复列出（第一次在第%d行）", id, js_row_label(ck, row),
                  t->rows[row->dup_of].loc.line ? t->rows[row->dup_of].loc.line
                                                : t->rows[row->dup_of].loc.page);
    }
    if (!row_dups)
        for (int i = 0; i < d->nnotes; i++) {
            const js_note *n = &d->notes[i];
            if (!n->code || strcmp(n->code, "ROW-TWICE") != 0 || n->table != no) continue;
            js_where w2 = {id, NULL, NULL, NULL, n->loc};
            js_report(ck, JS_R_C_ROW_TWICE, JS_SEV_WARNING, w2, NULL, NULL, "公开%s表：%s", id,
                      n->text ? n->text : "行重复列出");
        }
}

static void tables(js_checker *ck)
{
    const js_doc *d = ck->doc;
    for (int no = 1; no <= 9; no++) {
        const js_table *t = d->tables[no];
        const char *id = js_table_id(no);
        if (!t) {
            const js_note *n = find_note(d, "TOC-ONLY", no);
            js_where w = {id, NULL, NULL, NULL, n ? n->loc : (js_loc){0}};
            js_report(ck, JS_R_C_MISSING, JS_SEV_ERROR, w, NULL, NULL, "缺少公开%s表%s%s", id,
                      js_table_title(no), n ? "（只在目录中列出）" : "");
            continue;
        }
        js_where w = {id, NULL, NULL, NULL, t->loc};
        if (!js_table_has_values(t)) {
            if (no >= 7 && !t->empty_note)
                js_report(ck, JS_R_C_EMPTY, JS_SEV_WARNING, w, NULL, NULL,
                          "公开%s表%s为空表，但未说明无数据的原因", id, js_table_title(no));
            else if (no < 7 && t->empty_note) /* no income this year, said under the table */
                js_report(ck, JS_R_C_EMPTY, JS_SEV_NOTICE, w, NULL, NULL,
                          "公开%s表%s没有数据，表下说明：%s", id, js_table_title(no),
                          t->empty_note);
            else if (no < 7)
                js_report(ck, JS_R_C_EMPTY, JS_SEV_ERROR, w, NULL, NULL, "公开%s表%s没有数据", id,
                          js_table_title(no));
        }
        if (t->copies > 1 || has_note(d, "TABLE-TWICE", no)) {
            const js_note *n = find_note(d, "TABLE-TWICE", no);
            js_where w2 = w;
            if (t->copies > 1 && (t->copy_loc.line || t->copy_loc.page))
                w2.loc = t->copy_loc;
            else if (n)
                w2.loc = n->loc;
            js_report(ck, JS_R_C_TWICE, JS_SEV_WARNING, w2, NULL, NULL, "公开%s表%s重复印出%d次",
                      id, js_table_title(no), t->copies > 1 ? t->copies : 2);
        }
        table_label(ck, t, no, w);
        table_rows_twice(ck, t, no);
        if (t->truncated) {
            /* what could not be read and where: the rows read are kept and checked */
            bool pg = t->end.page > 0;
            int a = pg ? t->loc.page : t->loc.line, b = pg ? t->end.page : t->end.line;
            js_report(ck, JS_R_C_TRUNCATED, JS_SEV_WARNING, w, NULL, NULL,
                      "公开%s表%s（第%d–%d%s）没有读完整：表在合计行之前或文本结束处中断（可能"
                      "缺页，或合计行无法识别）；已读到的%d行照常列出，由缺行引起的不符不作为错误",
                      id, js_table_title(no), a, b > a ? b : a, pg ? "页" : "行", t->nrows);
        }
    }
}

/* The name in "<部门> 概况" (the heading of part 1), NULL if none. */
static const char *overview_name(js_checker *ck)
{
    const js_doc *d = ck->doc;
    for (int i = 0; i < d->nsections; i++) {
        const js_section *s = &d->sections[i];
        if (s->part != JS_PART_OVERVIEW || s->level != 0 || !s->title) continue;
        const char *p = strstr(s->title, "概况");
        if (!p || p == s->title) return NULL;
        size_t n = (size_t)(p - s->title);
        const char *t = js_trim(s->title, &n);
        size_t k = js_startswith(t, "第一部分");
        if (k) {
            t += k;
            n -= k;
            t = js_trim(t, &n);
        }
        /* quote marks around the name ("“<部门>”概况", or one a scan's OCR read in) */
        static const char *const QUOTE[] = {"“", "”", "\"", "《", "》"};
        for (bool more = true; more && n > 0;) {
            more = false;
            for (int q = 0; q < 5; q++) {
                size_t ql = strlen(QUOTE[q]);
                if (n >= ql && memcmp(t, QUOTE[q], ql) == 0) {
                    t += ql;
                    n -= ql;
                    more = true;
                }
                if (n >= ql && memcmp(t + n - ql, QUOTE[q], ql) == 0) {
                    n -= ql;
                    more = true;
                }
            }
        }
        /* "<部门>单位概况", "<部门>部门概况" */
        static const char *const TAIL[] = {"单位", "部门"};
        for (int k2 = 0; k2 < 2; k2++) {
            size_t tl = strlen(TAIL[k2]);
            if (n > tl && memcmp(t + n - tl, TAIL[k2], tl) == 0) {
                n -= tl;
                t = js_trim(t, &n);
                break;
            }
        }
        js_arena *a = js_ck_arena(ck);
        return n >= 6 && a ? js_arena_strndup(a, t, n) : NULL;
    }
    return NULL;
}

/* Names equal as facts.md compares them, or equal but for a "(本级)" suffix. */
static bool same_dept(const char *a, const char *b)
{
    if (js_name_eq(a, b)) return true;
    js_buf x, y;
    js_buf_init(&x);
    js_buf_init(&y);
    js_norm_key(&x, a, strlen(a));
    js_norm_key(&y, b, strlen(b));
    bool r = false;
    if (x.data && y.data) {
        const char *sfx = "(本级)";
        size_t sl = strlen(sfx);
        if (x.len > sl && strcmp(x.data + x.len - sl, sfx) == 0) x.data[x.len -= sl] = '\0';
        if (y.len > sl && strcmp(y.data + y.len - sl, sfx) == 0) y.data[y.len -= sl] = '\0';
        r = strcmp(x.data, y.data) == 0;
    }
    js_buf_release(&x);
    js_buf_release(&y);
    return r;
}

static void dept_other(js_checker *ck, const char *name, js_loc loc, const char *where,
                       const char *table)
{
    const char *ref = ck->doc->dept;
    if (!name || !*name || !ref || same_dept(name, ref)) return;
    /* the form's place names a part (spec/findings.md: section 第一部分) */
    js_where w = {table, NULL, NULL, table ? NULL : "第一部分", loc};
    js_report(ck, JS_R_C_DEPT, JS_SEV_WARNING, w, name, ref, "%s的部门名称“%s”与各表的“%s”不一致",
              where, name, ref);
}

/* The 部门 line of every table names the department of the document. */
static void dept(js_checker *ck)
{
    const js_doc *d = ck->doc;
    const char *ref = d->dept;
    if (!ref || !*ref) return;
    for (int no = 1; no <= 9; no++) {
        const js_table *t = d->tables[no];
        if (!t || !t->dept || !*t->dept || same_dept(t->dept, ref)) continue;
        js_where w = {js_table_id(no), NULL, NULL, NULL, t->loc};
        js_report(ck, JS_R_C_DEPT, JS_SEV_WARNING, w, t->dept, ref,
                  "公开%s表的部门名称“%s”与文件的部门名称“%s”不一致", js_table_id(no), t->dept,
                  ref);
    }
    const char *ov = overview_name(ck);
    for (int i = 0; ov && i < d->nsections; i++)
        if (d->sections[i].part == JS_PART_OVERVIEW && d->sections[i].level == 0) {
            dept_other(ck, ov, d->sections[i].loc, "第一部分概况", NULL);
            break;
        }
    for (int i = 0; i < d->nperf; i++) {
        const js_perf *p = &d->perf[i];
        if (p->kind == 1) dept_other(ck, p->name, p->loc, "部门整体支出绩效自评表", "P1");
    }
}

/* A year "YYYY年" printed in the heading lines of a table (title to first row,
 * at most 12 lines), 0 if none. */
static int table_year(const js_doc *d, const js_table *t, js_loc *at)
{
    if (!d->lines || t->loc.line <= 0 || t->nrows <= 0) return 0;
    int from = t->loc.line, to = t->rows[0].loc.line;
    if (to <= from || to - from > 12) to = from + 12;
    /* never into the next table */
    for (int no = 1; no <= 9; no++) {
        const js_table *u = d->tables[no];
        if (u && u != t && u->loc.line > from && u->loc.line < to) to = u->loc.line;
    }
    for (int l = from; l < to && l <= d->nlines; l++) {
        const char *s = d->lines[l - 1];
        for (const char *p = s; s && *p; p++) {
            if (*p < '1' || *p > '2' || (p > s && p[-1] >= '0' && p[-1] <= '9')) continue;
            int y = 0, n = 0;
            const char *q = p;
            while (*q >= '0' && *q <= '9' && n < 5)
                y = y * 10 + (*q++ - '0'), n++;
            while (*q == ' ')
                q++;
            if (n == 4 && js_startswith(q, "年")) {
                at->line = l;
                return y;
            }
        }
    }
    return 0;
}

/* The year printed over a table is the report's. */
static void years(js_checker *ck)
{
    const js_doc *d = ck->doc;
    if (!d->year) return;
    for (int no = 1; no <= 9; no++) {
        const js_table *t = d->tables[no];
        if (!t) continue;
        js_loc at = {0};
        int y = table_year(d, t, &at);
        if (!y || y == d->year) continue;
        char sb[16], eb[16];
        snprintf(sb, sizeof sb, "%d", y);
        snprintf(eb, sizeof eb, "%d", d->year);
        js_where w = {js_table_id(no), NULL, NULL, NULL, at};
        js_report(ck, JS_R_C_YEAR, JS_SEV_WARNING, w, sb, eb,
                  "公开%s表标注的年度%d年与决算年度%d年不符", js_table_id(no), y, d->year);
    }
}

/* 情况说明 (part 3) has sections 一 … 九. */
static void sections(js_checker *ck)
{
    const js_doc *d = ck->doc;
    bool seen[10] = {false};
    bool part3 = false;
    js_loc at = {0};
    for (int i = 0; i < d->nsections; i++) {
        const js_section *s = &d->sections[i];
        if (s->part != JS_PART_NARRATIVE) continue;
        if (!part3) at = s->loc;
        part3 = true;
        if (s->level == 1 && s->value >= 1 && s->value <= 9) seen[s->value] = true;
    }
    if (!part3) {
        js_where w = {NULL, NULL, NULL, NULL, {0}};
        js_report(ck, JS_R_C_SECTION, JS_SEV_WARNING, w, NULL, NULL, "未找到第三部分情况说明");
        return;
    }
    js_buf miss;
    js_buf_init(&miss);
    for (int v = 1; v <= 9; v++) {
        if (seen[v]) continue;
        char cn[16];
        if (miss.len) js_buf_puts(&miss, "、");
        js_buf_puts(&miss, js_cnum_fmt(v, cn, sizeof cn));
    }
    if (miss.len) {
        js_where w = {NULL, NULL, NULL, NULL, at};
        js_report(ck, JS_R_C_SECTION, JS_SEV_WARNING, w, NULL, NULL, "情况说明缺少第%s部分说明",
                  miss.data);
    }
    js_buf_release(&miss);
}

/* Reader notes not covered above. */
static void notes(js_checker *ck)
{
    static const char *const HANDLED[] = {"TABLE-TWICE", "LABEL", "TOC-ONLY", "ROW-TWICE"};
    const js_doc *d = ck->doc;
    for (int i = 0; i < d->nnotes; i++) {
        const js_note *n = &d->notes[i];
        bool handled = false;
        for (size_t k = 0; k < sizeof HANDLED / sizeof HANDLED[0]; k++)
            handled = handled || (n->code && strcmp(n->code, HANDLED[k]) == 0);
        /* a TOC-ONLY note for a table that is there after all is moot; notes about
         * the reading itself (R-…) are reported by doubt.c */
        if (handled || (n->code && strncmp(n->code, "R-", 2) == 0)) continue;
        js_where w = {n->table >= 1 && n->table <= 9 ? js_table_id(n->table) : NULL, NULL, NULL,
                      NULL, n->loc};
        const char *pre = w.table ? js_arena_printf(js_ck_arena(ck), "公开%s表：", w.table) : "";
        js_report(ck, JS_R_C_NOTE, JS_SEV_NOTICE, w, NULL, NULL, "%s%s", pre ? pre : "",
                  n->text ? n->text : (n->code ? n->code : "读取时的提示"));
    }
}

void js_check_completeness(js_checker *ck)
{
    tables(ck);
    dept(ck);
    years(ck);
    sections(ck);
    notes(ck);
}
