/*
 * template.c - the table templates (template.h), read from
 * data/templates/templates.tsv (compiled in).
 */
#include "juesuan/template.h"
#include "../data.h"

#include <stdlib.h>

struct js_templates {
    int nlines;
};

js_templates *js_templates_new(js_err *err)
{
    js_templates *t = calloc(1, sizeof *t);
    if (!t) js_err_set(err, JS_EINTERNAL, "out of memory loading templates");
    for (size_t i = 0; t && i < js_data_templates_tsv_len; i++)
        if (js_data_templates_tsv[i] == '\n') t->nlines++;
    return t;
}

void js_templates_free(js_templates *t)
{
    free(t);
}
