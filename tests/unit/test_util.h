/*
 * test_util.h - what several unit tests need: a document parsed from inline
 * text or from a seed of ../shared, with the parse asserted to succeed.
 * Include after <cmocka.h>. The caller frees the document with js_doc_free().
 */
#ifndef JUESUAN_TEST_UTIL_H
#define JUESUAN_TEST_UTIL_H

#include <stdio.h>
#include <string.h>

#include "juesuan/juesuan.h"

/* the text is named "t.txt" in messages */
static inline js_doc *test_parse_text(const char *text)
{
    js_err err;
    js_err_clear(&err);
    js_ctx *ctx = js_ctx_new(&err);
    assert_non_null(ctx);
    js_doc *doc = NULL;
    int rc = js_parse_text(ctx, "t.txt", text, strlen(text), &doc, &err);
    js_ctx_free(ctx);
    assert_int_equal(rc, JS_OK);
    assert_non_null(doc);
    return doc;
}

/* name: a file of ../shared/seeds */
static inline js_doc *test_parse_seed(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/seeds/%s", JS_SHARED_DIR, name);
    js_err err;
    js_err_clear(&err);
    js_ctx *ctx = js_ctx_new(&err);
    assert_non_null(ctx);
    js_doc *doc = NULL;
    int rc = js_parse_file(ctx, path, &doc, &err);
    js_ctx_free(ctx);
    assert_int_equal(rc, JS_OK);
    assert_non_null(doc);
    return doc;
}

#endif
