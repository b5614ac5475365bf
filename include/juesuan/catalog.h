/*
 * catalog.h - the classification catalogues (政府收支分类科目): 支出功能分类
 * (类 3 digits / 款 5 / 项 7) and 部门经济分类 (类 3 / 款 5), per year.
 *
 * The catalogues are data (data/catalog/classification.tsv), compiled into the library at
 * build time and parsed by js_catalog_new(); a caller may also load its own
 * file with js_catalog_load(). A catalogue is immutable once built and may be
 * shared between threads.
 *
 * Ownership: the catalogue owns its entries; returned names live as long as it.
 */
#ifndef JUESUAN_CATALOG_H
#define JUESUAN_CATALOG_H

#include "base.h"

#ifdef __cplusplus
extern "C" {
#endif

enum js_class_kind {
    JS_CLASS_FUNC = 1, /* 支出功能分类 */
    JS_CLASS_ECON = 2, /* 部门经济分类 */
};

typedef struct js_class_entry {
    int kind;         /* enum js_class_kind */
    int year;         /* the first year the entry is valid for (catalogue edition) */
    const char *code; /* "2010301" */
    const char *name; /* "行政运行" */
} js_class_entry;

typedef struct js_catalog js_catalog;

/* The built-in catalogues. NULL with err set on failure. */
js_catalog *js_catalog_new(js_err *err);
/* Add the entries of a TSV file (kind\tyear\tcode\tname lines, # comments). */
int js_catalog_load(js_catalog *cat, const char *path, js_err *err);
/* Add entries from TSV text; origin names the text in error messages. */
int js_catalog_load_text(js_catalog *cat, const char *origin, const char *text, size_t n,
                         js_err *err);
void js_catalog_free(js_catalog *cat);

/* The entry for code in the edition valid for year (the newest edition not
 * later than year; year 0 = newest), or NULL if the code is unknown. */
const js_class_entry *js_catalog_find(const js_catalog *cat, int kind, int year, const char *code);
/* The code of a facts row key that names one ("206", "支出:206", "2060101", "30101"), else
 * NULL (合计, fixed rows of the form, 收入 rows). Points into key. */
const char *js_row_key_code(const char *key);
/* The entry for code in either classification, as for js_catalog_find: 经济分类 codes
 * begin with 3 (301 工资福利支出), 功能分类 codes with 2; the other kind is asked when the
 * first does not know the code. NULL when neither does. */
const js_class_entry *js_catalog_find_code(const js_catalog *cat, int year, const char *code);
/* Is code known in any edition? */
bool js_catalog_known(const js_catalog *cat, int kind, const char *code);
/* Does name match the catalogue name for code (compared as js_name_eq, also
 * allowing the 款/项 name printed without its trailing 支出)? Unknown code: false. */
bool js_catalog_name_ok(const js_catalog *cat, int kind, int year, const char *code,
                        const char *name);
/* The 类 code for a 功能分类 类 name as printed in tables 01 and 04
 * ("一般公共服务支出" -> "201", with or without "一、" prefix). NULL if none. */
const char *js_catalog_func_class(const js_catalog *cat, const char *name);
/* Number of entries (for tests). */
size_t js_catalog_size(const js_catalog *cat);
/* Entry i (0 .. js_catalog_size - 1), in code order; NULL past the end. */
const js_class_entry *js_catalog_at(const js_catalog *cat, size_t i);

/* Code level: 1 类 (3 digits), 2 款 (5), 3 项 (7); 0 if malformed. */
int js_code_level(int kind, const char *code);

#ifdef __cplusplus
}
#endif
#endif
