/*
 * sheets.c - the inputs of `juesuan build` as sheets of one workbook (XLSX or
 * XLS, read by ingest/sheet.h):
 *
 *   - the ledger: the sheet whose first non-empty row names the columns of
 *     docs/build.md (收支 … 金额, in any order, Chinese or English). It is given
 *     to the ledger reader as CSV text with one line per sheet row, so every
 *     message names the sheet row and cell ("book.xlsx:12: 明细!F12“金额”：…");
 *   - the metadata: a sheet named 元数据 / 基本信息 / meta, or whose first row is
 *     键 | 值 (key | value): one key of the metadata JSON a row, nested keys
 *     written with dots (budget.items.2060101.amount, performance.projects.1.name:
 *     a number is a list position from 1), top-level keys also in Chinese
 *     (部门, 年度, 地区). It is turned into the metadata JSON; its messages
 *     name the key as the sheet has it.
 */
#include "compile.h"
#include "ingest/sheet.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char *const LEDGER_COLS[] = {"收支", "kind"};
static const char *const AMOUNT_COLS[] = {"金额", "amount", "金额（元）"};

static bool any_of(const char *s, const char *const *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (js_name_eq(s, v[i])) return true;
    return false;
}

/* Does the first row of the sheet name the ledger's columns? */
static bool ledger_sheet(const js_wbsheet *s)
{
    if (s->nrows == 0) return false;
    bool kind = false, amount = false;
    const js_wbrow *r = &s->rows[0];
    for (int i = 0; i < r->ncells; i++) {
        kind = kind || any_of(r->cells[i].text, LEDGER_COLS, 2);
        amount = amount || any_of(r->cells[i].text, AMOUNT_COLS, 3);
    }
    return kind && amount;
}

static bool meta_sheet(const js_wbsheet *s)
{
    static const char *const NAMES[] = {"元数据", "基本信息", "meta", "metadata"};
    if (any_of(s->name, NAMES, 4)) return true;
    if (s->nrows == 0 || s->rows[0].ncells < 2) return false;
    const js_wbrow *r = &s->rows[0];
    return (js_name_eq(r->cells[0].text, "键") && js_name_eq(r->cells[1].text, "值")) ||
           (js_name_eq(r->cells[0].text, "key") && js_name_eq(r->cells[1].text, "value"));
}

/* One CSV field, quoted. */
static void csv_field(js_buf *b, const char *s)
{
    js_buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"') js_buf_putc(b, '"');
        js_buf_putc(b, *s);
    }
    js_buf_putc(b, '"');
}

int bs_ledger_csv(const js_workbook *wb, js_buf *csv, const char **sheet)
{
    for (int i = 0; i < wb->nsheets; i++) {
        const js_wbsheet *s = &wb->sheets[i];
        if (s->hidden || !ledger_sheet(s)) continue;
        int row = 1;
        for (int k = 0; k < s->nrows; k++) {
            for (; row < s->rows[k].row; row++)
                js_buf_putc(csv, '\n'); /* an empty row: a blank line, so lines stay rows */
            const js_wbrow *r = &s->rows[k];
            int col = 0;
            for (int c = 0; c < r->ncells; c++) {
                for (; col < r->cells[c].col; col++)
                    js_buf_puts(csv, col ? ",\"\"" : "\"\"");
                if (col) js_buf_putc(csv, ',');
                csv_field(csv, r->cells[c].text);
                col++;
            }
            js_buf_putc(csv, '\n');
            row++;
        }
        *sheet = s->name;
        return csv->oom ? JS_EINTERNAL : JS_OK;
    }
    return JS_EINPUT;
}

/* Keys whose value the metadata wants as an integer (counts and the year). */
static bool int_key(const char *last, const char *parent)
{
    static const char *const INTS[] = {
        "year",
        "abroad_groups",
        "abroad_people",
        "reception_groups",
        "reception_people",
        "vehicles_bought",
        "vehicles_held",
        "equipment_over_50w",
        "special_equipment_over_100w",
        "weight",
        "score",
    };
    if (parent && strcmp(parent, "vehicles") == 0) return true;
    for (size_t i = 0; i < sizeof INTS / sizeof INTS[0]; i++)
        if (strcmp(last, INTS[i]) == 0) return true;
    return false;
}

static const char *alias(const char *k)
{
    static const char *const ZH[][2] = {{"部门", "department"},
                                        {"部门名称", "department"},
                                        {"年度", "year"},
                                        {"地区", "region"},
                                        {"单位构成", "units"}};
    for (size_t i = 0; i < sizeof ZH / sizeof ZH[0]; i++)
        if (strcmp(k, ZH[i][0]) == 0) return ZH[i][1];
    return k;
}

/* A list position: 1 to 3 digits (a longer number, such as a 功能分类 code under
 * budget.items, is an object key). */
static bool position(const char *seg)
{
    return js_all_digits(seg) && strlen(seg) <= 3;
}

/* Set root[path] = value, creating objects and (for list positions) arrays. */
static bool put(json_t *root, const char *key, const char *value, js_diags *errs,
                const js_diag *where)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", key);
    char *seg[32];
    int n = 0;
    for (char *p = buf, *save = NULL; n < 32 && (p = strtok_r(p, ".", &save)); p = NULL)
        seg[n++] = p;
    if (n == 0) return true;
    seg[0] = (char *)alias(seg[0]);
    json_t *cur = root;
    for (int i = 0; i < n; i++) {
        bool last = i == n - 1;
        json_t *v;
        if (last) {
            bool num = js_all_digits(value) && strlen(value) < 16 &&
                       int_key(seg[i], i > 0 ? seg[i - 1] : NULL);
            v = num ? json_integer(strtoll(value, NULL, 10)) : json_string(value);
        } else {
            v = position(seg[i + 1]) ? json_array() : json_object();
        }
        if (!v) return false;
        if (json_is_array(cur)) {
            long idx = position(seg[i]) ? strtol(seg[i], NULL, 10) : 0;
            if (idx < 1) {
                json_decref(v);
                js_diags_add(errs, where, "键“%s”中的“%s”应为列表序号（1–999）", key, seg[i]);
                return true;
            }
            while ((long)json_array_size(cur) < idx)
                json_array_append_new(cur, json_null());
            json_t *have = json_array_get(cur, (size_t)idx - 1);
            if (!last && have && !json_is_null(have)) {
                json_decref(v);
                cur = have;
                continue;
            }
            json_array_set_new(cur, (size_t)idx - 1, v);
        } else {
            json_t *have = json_object_get(cur, seg[i]);
            if (!last && have) {
                json_decref(v);
                cur = have;
                continue;
            }
            if (last && have && !json_is_null(have)) {
                json_decref(v);
                js_diags_add(errs, where, "键“%s”出现了两次", key);
                return true;
            }
            json_object_set_new(cur, seg[i], v);
        }
        cur = v;
    }
    return true;
}

int bs_meta_json(const js_workbook *wb, const char *path, js_buf *json, const char **sheet,
                 js_diags *errs)
{
    for (int i = 0; i < wb->nsheets; i++) {
        const js_wbsheet *s = &wb->sheets[i];
        if (!meta_sheet(s)) continue;
        json_t *root = json_object();
        if (!root) return JS_EINTERNAL;
        int e0 = errs->n;
        for (int k = 0; k < s->nrows; k++) {
            const js_wbrow *r = &s->rows[k];
            const char *key = js_wbsheet_at(s, r->row, 0), *val = js_wbsheet_at(s, r->row, 1);
            if (!key || (k == 0 && (js_name_eq(key, "键") || js_name_eq(key, "key")))) continue;
            char cell[300];
            snprintf(cell, sizeof cell, "%s!A%d", s->name, r->row);
            js_diag where = {.severity = JS_DIAG_ERROR,
                             .code = "B-META",
                             .file = path,
                             .loc.line = r->row,
                             .key = cell};
            if (!put(root, key, val ? val : "", errs, &where)) {
                json_decref(root);
                return JS_EINTERNAL;
            }
        }
        char *text = json_dumps(root, JSON_COMPACT);
        json_decref(root);
        if (!text) return JS_EINTERNAL;
        js_buf_puts(json, text);
        free(text);
        *sheet = s->name;
        return errs->n > e0 ? JS_EINPUT : JS_OK;
    }
    return JS_EUSAGE;
}
