/*
 * ctx_fixture.h - the group fixture of the unit tests that share one js_ctx:
 * `ctx`, made by setup() and freed by teardown(), for cmocka_run_group_tests.
 * Include after <cmocka.h> and juesuan/juesuan.h, in place of a file's own copy.
 */
#ifndef JUESUAN_CTX_FIXTURE_H
#define JUESUAN_CTX_FIXTURE_H

static js_ctx *ctx;

static int setup(void **state)
{
    (void)state;
    js_err err;
    ctx = js_ctx_new(&err);
    return ctx ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    js_ctx_free(ctx);
    return 0;
}

#endif
