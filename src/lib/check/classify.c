/*
 * classify.c - classification codes and names (rules K-*) in the code tables:
 * 支出功能分类 in 02, 03, 05, 08, 09 (类 3 digits, 款 5, 项 7) and 部门经济分类
 * in 06 (类 3, 款 5).
 *
 *   K-CODE-LEN  a code of another length ("208050"): error
 *   K-HIER      a 项 whose 款, or a 款 whose 类, is not in the same table
 *   K-UNKNOWN   a code the catalogue does not know: a warning for 功能分类 类
 *               and 经济分类 (complete lists), a notice for 功能分类 款/项
 *               (the catalogue lists only the codes seen so far)
 *   K-NAME      a name that is not the catalogue's name for the code; a name
 *               that is the catalogue's name cut short (a wrapped cell whose
 *               tail was lost) is a notice
 */
#include "checker.h"

#include <string.h>

/* Is name a proper prefix (at least two characters) of the catalogue name? */
static bool cut_short(const char *name, const char *full)
{
    js_buf a, b;
    js_buf_init(&a);
    js_buf_init(&b);
    js_norm_key(&a, name, strlen(name));
    js_norm_key(&b, full, strlen(full));
    bool r = a.data && b.data && a.len >= 6 && a.len < b.len && strncmp(a.data, b.data, a.len) == 0;
    js_buf_release(&a);
    js_buf_release(&b);
    return r;
}

/* K-HIER: the 款 of a 项 (lv 3) or the 类 of a 款 (lv 2) listed in the same table. */
static void check_parent(js_checker *ck, const js_table *t, int r, int kind, int lv, js_where w)
{
    const js_row *row = &t->rows[r];
    const char *code = row->code;
    char parent[8];
    size_t pl = lv == 2 ? 3 : 5;
    memcpy(parent, code, pl);
    parent[pl] = '\0';
    bool found = false;
    for (int k = 0; k < t->nrows && !found; k++)
        found = t->rows[k].code && strcmp(t->rows[k].code, parent) == 0;
    /* the 款 printed with a wrong length just above ("201999" for 20199) is
     * reported by K-CODE-LEN already */
    for (int k = r - 1; k >= 0 && !found; k--) {
        const char *pc = t->rows[k].code;
        if (!pc) continue;
        size_t l = strlen(pc);
        if (js_code_level(kind, pc)) break;
        found = (l == 4 || l == 6) && strncmp(pc, code, 3) == 0;
    }
    if (!found)
        js_report(ck, JS_R_K_HIER, JS_SEV_WARNING, w, code, parent,
                  "公开%s表 %s %s：所属%s%s没有列出", w.table, code, row->name ? row->name : "",
                  lv == 2 ? "类" : "款", parent);
}

/* The code beside `code` (same parent, same length) whose catalogue name is
 * `name` (owned by the catalogue), NULL if none. */
static const char *sibling_named(const js_catalog *cat, int kind, int year, const char *code,
                                 const char *name)
{
    size_t n = strlen(code);
    if (!name || !*name || (n != 5 && n != 7)) return NULL;
    char c[8];
    memcpy(c, code, n + 1);
    for (int k = 0; k <= 99; k++) {
        c[n - 2] = (char)('0' + k / 10);
        c[n - 1] = (char)('0' + k % 10);
        if (strcmp(c, code) == 0) continue;
        const js_class_entry *e = js_catalog_find(cat, kind, year, c);
        if (e && e->code && strcmp(e->code, c) == 0 &&
            js_catalog_name_ok(cat, kind, e->year > year ? e->year : year, c, name))
            return e->code;
    }
    return NULL;
}

/* K-UNKNOWN and K-NAME: the code and its name against the catalogue. */
static void check_catalogue(js_checker *ck, const js_catalog *cat, const js_table *t,
                            const js_row *row, int kind, int lv, js_where w)
{
    int year = ck->doc->year;
    const char *id = w.table, *code = row->code;
    const js_class_entry *e = js_catalog_find(cat, kind, year, code);
    if (!e) {
        bool complete = kind == JS_CLASS_ECON || lv == 1;
        /* a 款 or 项 the partial list lacks, printed with the name of a code beside
         * it (2299987 其他支出, which is 2299901): the code is wrong */
        const char *sib = complete ? NULL : sibling_named(cat, kind, year, code, row->name);
        if (sib) {
            js_report(ck, JS_R_K_UNKNOWN, JS_SEV_WARNING, w, code, sib,
                      "公开%s表 科目编码%s不在功能分类政府收支分类科目中，其名称“%s”是科目%s的名称",
                      id, code, row->name, sib);
            return;
        }
        js_report(ck, JS_R_K_UNKNOWN, complete ? JS_SEV_WARNING : JS_SEV_NOTICE, w, code, NULL,
                  "公开%s表 科目编码%s（%s）不在%s政府收支分类科目%s中", id, code,
                  row->name ? row->name : "", kind == JS_CLASS_ECON ? "部门经济分类" : "功能分类",
                  complete ? "" : "（本工具所收的部分目录）");
        return;
    }
    if (!row->name || !*row->name) return;
    if (js_catalog_name_ok(cat, kind, year, code, row->name)) return;
    /* a year before the catalogue's first edition of the code: find gives that
     * later edition as the best guess, so its names are the ones to compare */
    if (e->year > year && js_catalog_name_ok(cat, kind, e->year, code, row->name)) return;
    if (js_ocr_at(ck->doc, row->loc)) {
        js_report(ck, JS_R_R_OCR, JS_SEV_NOTICE, w, row->name, e->name,
                  "公开%s表 科目%s：扫描页OCR识别的名称“%s”与科目编码的名称“%s”不符，"
                  "可能是识别错误，请对照原件",
                  id, code, row->name, e->name);
        return;
    }
    if (js_name_misread(ck, t, row)) {
        js_report(ck, JS_R_R_NAME, JS_SEV_NOTICE, w, row->name, e->name,
                  "公开%s表 科目%s的名称读作“%s”：像是换行印出的名称有一部分读到了相邻行"
                  "（科目名称为“%s”），请对照原件",
                  id, code, row->name, e->name);
        return;
    }
    bool cut = cut_short(row->name, e->name);
    js_report(ck, JS_R_K_NAME, cut ? JS_SEV_NOTICE : JS_SEV_WARNING, w, row->name, e->name,
              cut ? "公开%s表 科目%s的名称“%s”不完整，应为“%s”"
                  : "公开%s表 科目%s的名称“%s”与科目编码不符，应为“%s”",
              id, code, row->name, e->name);
}

static void check_table(js_checker *ck, const js_table *t)
{
    int kind = t->no == 6 ? JS_CLASS_ECON : JS_CLASS_FUNC;
    const js_catalog *cat = ck->ctx ? ck->ctx->catalog : NULL;
    const char *id = js_tid(t);
    for (int r = 0; r < t->nrows; r++) {
        const js_row *row = &t->rows[r];
        if (!row->code || !*row->code || row->dup_of >= 0) continue;
        js_where w = {id, row->key, NULL, NULL, row->loc};
        const char *code = row->code;
        int lv = js_code_level(kind, code);
        if (!js_all_digits(code) || !lv || (kind == JS_CLASS_ECON && lv == 3)) {
            js_report(ck, JS_R_K_CODE_LEN, JS_SEV_ERROR, w, code, NULL,
                      "公开%s表 科目编码%s（%s）有%zu位，%s", id, code, row->name ? row->name : "",
                      strlen(code),
                      kind == JS_CLASS_ECON
                          ? "经济分类科目编码应为3位（类）或5位（款）"
                          : "功能分类科目编码应为3位（类）、5位（款）或7位（项）");
            continue;
        }
        if (lv >= 2) check_parent(ck, t, r, kind, lv, w);
        if (cat) check_catalogue(ck, cat, t, row, kind, lv, w);
    }
}

void js_check_classification(js_checker *ck)
{
    static const int NOS[] = {2, 3, 5, 6, 8, 9};
    for (size_t i = 0; i < sizeof NOS / sizeof NOS[0]; i++) {
        const js_table *t = ck->doc->tables[NOS[i]];
        if (t && t->nrows > 0) check_table(ck, t);
    }
}
