/*
 * template.h - the nine tables of each form (2020 Hunan, 2024 Shanghai, …)
 * described as data: titles and their variants, columns with the header words
 * that name them, the fixed rows of tables 01, 04, 06 and 07, and the
 * identities each table must satisfy. Read from data/templates/ (compiled in).
 *
 * Ownership: js_templates owns everything it holds; immutable once built.
 */
#ifndef JUESUAN_TEMPLATE_H
#define JUESUAN_TEMPLATE_H

#include "base.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct js_templates js_templates;

/* The built-in templates. NULL with err set on failure. */
js_templates *js_templates_new(js_err *err);
void js_templates_free(js_templates *t);

#ifdef __cplusplus
}
#endif
#endif
