/*
 * export_names.c - the 科目名称 beside the code in `db export`'s CSV and XLSX
 * facts (issue #15.4): a finance officer reads "2060101 行政运行", not the key
 * alone. The name comes from the classification catalogue of the document's
 * year (data/catalog/classification.tsv, the edition valid for that year), as
 * `report rollup|yoy` show it (src/cli/report_rows.c); a row that is no code
 * (合计, 收入:本年收入合计) or a code the catalogue does not know has an empty
 * name. JSON keeps the store's columns (spec/facts.md keys): it is for programs.
 */
#include "store_impl.h"

#include "juesuan/catalog.h"

#include <string.h>

const char *js_export_row_name(const js_catalog *cat, int year, const char *row_key)
{
    const char *code = cat ? js_row_key_code(row_key) : NULL;
    const js_class_entry *e = code ? js_catalog_find_code(cat, year, code) : NULL;
    return e && e->name ? e->name : "";
}

int js_export_with_name(int ncols, const js_sval *v, const char *const *names,
                        const js_catalog *cat, js_sval *wv, const char **wn, int cap)
{
    int crow = -1, cyear = -1;
    for (int c = 0; c < ncols; c++) {
        if (!strcmp(names[c], "row")) crow = c;
        if (!strcmp(names[c], "year")) cyear = c;
    }
    if (crow < 0 || ncols + 1 > cap) return -1;
    int year = cyear >= 0 && v[cyear].type == JS_SVAL_INT ? (int)v[cyear].i : 0;
    const char *key = v[crow].type == JS_SVAL_TEXT ? v[crow].s : NULL;
    int n = 0;
    for (int c = 0; c < ncols; c++) {
        wv[n] = v[c];
        wn[n++] = names[c];
        if (c != crow) continue;
        wv[n] = (js_sval){.type = JS_SVAL_TEXT, .s = js_export_row_name(cat, year, key)};
        wn[n++] = "name";
    }
    return n;
}
