/*
 * form_layout.h - private to the library: the print layout of a form as records
 * (data/templates/layout.tsv, docs/templates.md "The print layout"): the header
 * cells, the body rows and the note of each table, and the words of the
 * 绩效自评表. Read here (model/form_layout.c) into the form data (js_templates,
 * model/template.c), which the renderers take (render/layout.c lays the records
 * out as grids).
 *
 * Ownership: records and their strings live in the arena the layout was made in.
 */
#ifndef JUESUAN_MODEL_FORM_LAYOUT_H
#define JUESUAN_MODEL_FORM_LAYOUT_H

#include "juesuan/template.h"
#include "model/records.h"

typedef struct js_lay_rec {
    char kind; /* 'n' note, 'h' head, 'b' body, 'g' group, 'f' foot, 'p' a word of the 绩效自评表 */
    const char *form;
    int no;                         /* the table (1..9); 'p': the kind of 绩效自评表, 0 both */
    int row, col, colspan, rowspan; /* 'h', 'b' (row, col), 'g' (col), 'f' (col, colspan) */
    const char *text;               /* 'n', 'h': the text; 'b': NAME (NULL none); 'g': CODES */
    const char *key;                /* 'b', 'f': the row key; 'p': which word */
    int line;                       /* 'b': the 行次 (0 none) */
    const char **cols;              /* 'b', 'g', 'f': column keys; 'p': the words */
    int ncols;
    const char **names; /* 'p': what each word names: the word up to its （…）, without a
                           trailing ：("得分（分值×执行率）" names 得分, "等级：" 等级) */
} js_lay_rec;

typedef struct js_layout {
    js_lay_rec *v;
    int n, cap;
    js_arena *a;
} js_layout;

/* An empty layout in arena a (NULL: out of memory). */
js_layout *js_layout_new(js_arena *a);
/* Read one record of the layout's kinds (note head body group foot perf) into L. */
int js_layout_record(js_layout *L, const js_rec_line *l, js_err *err);
/* A layout of the records of text (n bytes; origin names it in messages): NULL
 * with err set ("origin:line:") when a line is not one of them. */
js_layout *js_layout_parse(js_arena *a, const char *origin, const char *text, size_t n,
                           js_err *err);
/* The built-in layout (data/templates/layout.tsv, compiled in) added to L. */
int js_layout_read_builtin(js_layout *L, js_err *err);

/* The perf record of a 绩效自评表 of kind (1 部门整体, 2 项目) for what (title, dept,
 * fundcols, indcols, grade, …) in form: the form's own record, else the "*"
 * one; NULL when the layout has none. */
const js_lay_rec *js_layout_perf(const js_layout *L, const char *form, int kind, const char *what);
/* What word i of that record names (js_lay_rec.names), "" when there is none: the
 * words the checker and the summary name the table's columns and the table by. */
const char *js_layout_perf_name(const js_layout *L, const char *form, int kind, const char *what,
                                int i);

/* The print layout of the form data t: its own layout records, else the
 * built-in ones (never NULL for templates made by js_templates_new/parse). */
const js_layout *js_templates_layout(const js_templates *t);

#endif
