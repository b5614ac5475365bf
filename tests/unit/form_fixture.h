/*
 * form_fixture.h - the form's data edited for a test (issue #10: a data change
 * alone changes behaviour): the built-in data/templates/templates.tsv with one
 * line replaced, or with lines added (to it or to the print layout, layout.tsv),
 * parsed into templates the test frees with js_templates_free(). Include after
 * <cmocka.h> and "data.h".
 */
#ifndef JUESUAN_FORM_FIXTURE_H
#define JUESUAN_FORM_FIXTURE_H

#include <string.h>

#include "juesuan/juesuan.h"

/* Text t parsed as templates (named origin in messages), asserted to load. */
static inline js_templates *form_parse(const char *origin, const js_buf *t)
{
    js_err err;
    js_templates *tp = js_templates_parse(origin, t->data, t->len, &err);
    if (!tp) print_message("%s\n", err.msg);
    assert_non_null(tp);
    return tp;
}

/* The built-in templates with the text from replaced by to (to "" drops it). */
static inline js_templates *form_edited(const char *from, const char *to)
{
    const char *p = strstr(js_data_templates_tsv, from);
    assert_non_null(p);
    js_buf t;
    js_buf_init(&t);
    js_buf_append(&t, js_data_templates_tsv, (size_t)(p - js_data_templates_tsv));
    js_buf_puts(&t, to);
    const char *rest = p + strlen(from);
    js_buf_append(&t, rest, js_data_templates_tsv_len - (size_t)(rest - js_data_templates_tsv));
    js_templates *tp = form_parse("edited.tsv", &t);
    js_buf_release(&t);
    return tp;
}

/* The built-in form data, templates.tsv and the print layout layout.tsv, with
 * the records of extra appended (a form's own layout, say), asserted to load. */
static inline js_templates *form_with_layout(const char *extra)
{
    js_buf t;
    js_buf_init(&t);
    js_buf_append(&t, js_data_templates_tsv, js_data_templates_tsv_len);
    js_buf_append(&t, js_data_layout_tsv, js_data_layout_tsv_len);
    js_buf_puts(&t, extra);
    js_templates *tp = form_parse("form.tsv", &t);
    js_buf_release(&t);
    return tp;
}

#endif
