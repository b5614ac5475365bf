/*
 * template_title.h - private to model/: the index of the tables' titles that
 * js_templates_title looks a title up in (template_title.c), built once when the
 * templates are read and kept in them: two binary searches (the titles as
 * printed, then with quotation marks left out) instead of a walk over every title
 * of every form for every line that might be one.
 *
 * Ownership: the index and the arrays it keeps are in the arena given; the titles
 * are not copied (they live as long as the templates).
 */
#ifndef JUESUAN_MODEL_TEMPLATE_TITLE_H
#define JUESUAN_MODEL_TEMPLATE_TITLE_H

#include "juesuan/base.h"

typedef struct js_tpl_title_ix js_tpl_title_ix;

/* The index of titles[0..n), titles[i] that of table no[i]; where titles are
 * equal, the one earlier in the arrays wins. NULL when out of memory. */
js_tpl_title_ix *js_tpl_title_ix_new(js_arena *a, const char *const *titles, const int *no, int n);

/* The table of the first title equal to s, else of the first equal to it when
 * quotation marks are left out ("三公" printed “三公”, ‘三公’, 「三公」); 0 if none. */
int js_tpl_title_ix_find(const js_tpl_title_ix *ix, const char *s);

#endif
