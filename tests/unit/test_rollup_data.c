/* test_rollup_data.c - the consistency checks of a roll-up (juesuan report rollup)
 * are the form data's `rollup` records (data/templates/templates.tsv, issue #10):
 * the built-in ones hold on a consistent unit, and a change to the data alone
 * adds, drops or breaks a check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "data.h"
#include "form_fixture.h"
#include "juesuan/juesuan.h"
#include "juesuan/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define WAN(x) ((js_amount)(x)*10000) /* x in 0.01 万元 -> fen */

static void set(js_doc *d, js_table *t, const char *row, js_amount v)
{
    js_loc loc = {7, 0, 0, 0, 0, 0};
    js_row *r = js_table_row(t, row);
    if (!r) r = js_table_row_add(d, t, row, NULL, NULL, loc);
    assert_non_null(r);
    char buf[48];
    js_cell_set(d, &r->cells[0], v, js_amount_fmt_wan(v, buf, sizeof buf), loc);
}

/* A unit whose table 01 adds up: 100.00 in, 100.00 out. */
static js_doc *unit(void)
{
    js_doc *d = js_doc_new("mem.txt");
    assert_non_null(d);
    d->dept = "测试局";
    d->region = "测试市";
    d->year = 2020;
    d->form = "2020";
    static const char *const c1[] = {"决算数"};
    js_table *t = js_doc_table_add(d, 1, 1, c1);
    static const char *const rows[] = {"收入:一般公共预算财政拨款收入",
                                       "收入:本年收入合计",
                                       "收入:总计",
                                       "支出:201",
                                       "支出:本年支出合计",
                                       "支出:总计"};
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
        set(d, t, rows[i], WAN(10000));
    return d;
}

/* The checks of the roll-up of 2020 with the form data tp (NULL: built-in). */
static int rollup(js_store *s, const js_templates *tp, js_rtable *checks)
{
    js_rtable sums = {0};
    js_err err;
    js_err_clear(&err);
    int nfail = -1;
    js_rollup_opts o = {2020, NULL, NULL, NULL, false};
    if (tp)
        assert_int_equal(js_report_rollup_data(s, &o, tp, &sums, checks, &nfail, &err), JS_OK);
    else
        assert_int_equal(js_report_rollup(s, &o, &sums, checks, &nfail, &err), JS_OK);
    js_rtable_release(&sums);
    return nfail;
}

static const char *result_of(const js_rtable *checks, const char *label)
{
    for (int i = 0; i < checks->nrows; i++)
        if (strcmp(checks->rows[i][0], label) == 0) return checks->rows[i][4];
    return NULL;
}

static void rollup_checks_are_data(void **state)
{
    (void)state;
    char dir[] = "/tmp/js-test-rollup.XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/t.db", dir);
    js_err err;
    js_store *s = NULL;
    assert_int_equal(js_store_open(path, &s, &err), JS_OK);
    js_doc *d = unit();
    js_store_docinfo info = {"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                             NULL, 10, false, "not checked"};
    int64_t id = 0;
    bool dup = false;
    assert_int_equal(js_store_put(s, &info, d, NULL, &id, &dup, &err), JS_OK);

    js_rtable checks = {0};
    assert_int_equal(rollup(s, NULL, &checks), 0);
    const char *r = result_of(&checks, "01 收入总计 = 支出总计");
    assert_non_null(r);
    assert_string_equal(r, "ok");
    js_rtable_release(&checks);

    /* a check the data adds, which this unit does not meet: reported, counted */
    static const char LINE[] =
        "rollup\t01 收入总计 = 支出总计\t01/收入:总计/决算数\t01/支出:总计/决算数\n";
    js_templates *tp =
        form_edited(LINE, "rollup\t01 收入总计 = 支出总计 + 本年支出合计\t01/收入:总计/决算数\t"
                          "01/支出:总计/决算数 + 01/支出:本年支出合计/决算数\n");
    checks = (js_rtable){0};
    assert_int_equal(rollup(s, tp, &checks), 1);
    assert_null(result_of(&checks, "01 收入总计 = 支出总计"));
    r = result_of(&checks, "01 收入总计 = 支出总计 + 本年支出合计");
    assert_non_null(r);
    assert_string_equal(r, "differs");
    js_rtable_release(&checks);
    js_templates_free(tp);

    /* a check the data drops is not made */
    tp = form_edited(LINE, "");
    checks = (js_rtable){0};
    assert_int_equal(rollup(s, tp, &checks), 0);
    assert_null(result_of(&checks, "01 收入总计 = 支出总计"));
    assert_non_null(result_of(&checks, "01 本年支出合计 = Σ 支出各类"));
    js_rtable_release(&checks);
    js_templates_free(tp);

    js_doc_free(d);
    js_store_close(s);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rollup_checks_are_data),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
