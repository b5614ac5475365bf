/*
 * template.h - the nine tables of each form (2020 Hunan, 2024 Shanghai, …)
 * described as data: titles and their variants, columns with the header words
 * that name them, the fixed rows of tables 01, 04, 06 and 07, and the
 * identities each table must satisfy. Read from data/templates/templates.tsv
 * (compiled in); the format is docs/templates.md.
 *
 * Ownership: js_templates owns everything it holds; immutable once built, so
 * it may be shared between threads. Names and header words are stored
 * normalised (js_norm_key: full-width folded, spaces removed); keys as written.
 */
#ifndef JUESUAN_TEMPLATE_H
#define JUESUAN_TEMPLATE_H

#include "base.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct js_templates js_templates;

/* How a table is laid out. */
enum js_tpl_kind {
    JS_TPL_TWOSIDED = 1, /* 01, 04: income rows beside expenditure rows */
    JS_TPL_CODED = 2,    /* 02, 03, 05, 08, 09: rows by 功能分类 code */
    JS_TPL_ECON = 3,     /* 06: 经济分类 codes in side-by-side groups */
    JS_TPL_SANGONG = 4,  /* 07: one row of twelve values */
};

typedef struct js_tpl_col {
    const char *key;    /* facts column key */
    const char **words; /* header words naming it (normalised) */
    int nwords;
} js_tpl_col;

typedef struct js_tpl_row {
    const char *key;    /* facts row key ("收入:总计") */
    const char *after;  /* the row only follows this row key (年初 sub-rows), or NULL */
    const char **names; /* printed names (normalised) */
    int nnames;
} js_tpl_row;

typedef struct js_tpl_table {
    const char *form;    /* "2020", "2024-shanghai" */
    int no;              /* 1..9 */
    int kind;            /* enum js_tpl_kind */
    const char **titles; /* normalised printed titles, first = standard */
    int ntitles;
    js_tpl_col *cols;
    int ncols;
    js_tpl_row *rows;
    int nrows;
    const char **idents;      /* identities as written in the data */
    const char **ident_rules; /* the rule id reporting each ("T-01-TOTAL", rules.def) */
    int nidents;
} js_tpl_table;

typedef struct js_tpl_class {
    const char *code; /* "201" */
    const char *name; /* normalised "一般公共服务支出" */
} js_tpl_class;

/* The built-in templates. NULL with err set on failure. */
js_templates *js_templates_new(js_err *err);
/* Templates from text in the format of docs/templates.md; origin names the
 * text in messages (err gives origin:line). NULL with err set on failure. */
js_templates *js_templates_parse(const char *origin, const char *text, size_t n, js_err *err);
void js_templates_free(js_templates *t);

/* Number of forms, and the id of form i (0-based). */
int js_templates_nforms(const js_templates *t);
const char *js_templates_form(const js_templates *t, int i);
/* The form whose marks appear in a normalised line (spaces removed), or NULL. */
const char *js_templates_form_marked(const js_templates *t, const char *normline);
/* The form for a year: the one with the largest start year <= year ("2020" when none). */
const char *js_templates_form_for_year(const js_templates *t, int year);

/* Table no of form (falling back to the "*" description of that table). */
const js_tpl_table *js_templates_table(const js_templates *t, const char *form, int no);
/* Which table (1..9) has title normtitle (normalised, spaces removed) in any
 * form; 0 if none. */
int js_templates_title(const js_templates *t, const char *normtitle);
/* The 类 row names of tables 01 and 04. */
const js_tpl_class *js_templates_classes(const js_templates *t, int *n);

#ifdef __cplusplus
}
#endif
#endif
