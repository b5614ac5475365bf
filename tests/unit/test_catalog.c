/* test_catalog.c - the built-in classification catalogue and its lookups. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "juesuan/catalog.h"

static int setup(void **state)
{
    js_err err;
    *state = js_catalog_new(&err);
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    js_catalog_free(*state);
    return 0;
}

static void builtin_is_complete_where_promised(void **state)
{
    const js_catalog *cat = *state;
    /* the 26 类 of tables 01/04 (spec/facts.md) */
    const char *lei[] = {"201", "202", "203", "204", "205", "206", "207", "208", "210",
                         "211", "212", "213", "214", "215", "216", "217", "219", "220",
                         "221", "222", "223", "224", "229", "231", "232", "234"};
    for (size_t i = 0; i < sizeof lei / sizeof *lei; i++)
        assert_non_null(js_catalog_find(cat, JS_CLASS_FUNC, 2020, lei[i]));
    assert_null(js_catalog_find(cat, JS_CLASS_FUNC, 2020, "209"));
    /* every 经济分类 code printed by a 2020 table 06 */
    const char *econ[] = {"301",   "30101", "30199", "302",   "30201", "30231", "30299", "303",
                          "30303", "30399", "307",   "30701", "310",   "31013", "399",   "39999"};
    for (size_t i = 0; i < sizeof econ / sizeof *econ; i++)
        assert_non_null(js_catalog_find(cat, JS_CLASS_ECON, 2020, econ[i]));
    assert_true(js_catalog_size(cat) > 180);
}

static void names(void **state)
{
    const js_catalog *cat = *state;
    const js_class_entry *e = js_catalog_find(cat, JS_CLASS_FUNC, 2020, "2010301");
    assert_non_null(e);
    assert_string_equal(e->name, "行政运行");
    assert_true(js_catalog_name_ok(cat, JS_CLASS_ECON, 2020, "30303", "退职（役）费"));
    assert_true(js_catalog_name_ok(cat, JS_CLASS_ECON, 2020, "30303", "退职(役)费"));
    assert_false(js_catalog_name_ok(cat, JS_CLASS_ECON, 2020, "30303", "职工（役）费"));
    /* a name printed without its trailing 支出 is the same name */
    assert_true(js_catalog_name_ok(cat, JS_CLASS_ECON, 2020, "30299", "其他商品和服务"));
    assert_false(js_catalog_name_ok(cat, JS_CLASS_ECON, 2020, "99999", "其他"));
    assert_true(
        js_catalog_name_ok(cat, JS_CLASS_FUNC, 2020, "20103", "政府办公厅(室)及 相关机构事务"));
}

static void class_of_row_names(void **state)
{
    const js_catalog *cat = *state;
    assert_string_equal(js_catalog_func_class(cat, "一、一般公共服务支出"), "201");
    assert_string_equal(js_catalog_func_class(cat, "二十六、抗疫特别国债安排的支出"), "234");
    assert_string_equal(js_catalog_func_class(cat, "社会保障和就业支出"), "208");
    assert_null(js_catalog_func_class(cat, "本年支出合计"));
}

static void codes_of_row_keys(void **state)
{
    const js_catalog *cat = *state;
    assert_string_equal(js_row_key_code("206"), "206");
    assert_string_equal(js_row_key_code("支出:2060101"), "2060101");
    assert_string_equal(js_row_key_code("30101"), "30101");
    assert_null(js_row_key_code("收入:总计"));
    assert_null(js_row_key_code("收入:201")); /* only the 支出 side of 01/04 names codes */
    assert_null(js_row_key_code("合计"));
    assert_null(js_row_key_code("2060"));
    assert_null(js_row_key_code(NULL));
    /* either classification: 3… is 经济分类, 2… 功能分类 */
    assert_string_equal(js_catalog_find_code(cat, 2020, "30101")->name, "基本工资");
    assert_string_equal(js_catalog_find_code(cat, 2020, "2010301")->name, "行政运行");
    assert_null(js_catalog_find_code(cat, 2020, "99999"));
}

static void code_levels(void **state)
{
    (void)state;
    assert_int_equal(js_code_level(JS_CLASS_FUNC, "201"), 1);
    assert_int_equal(js_code_level(JS_CLASS_FUNC, "20103"), 2);
    assert_int_equal(js_code_level(JS_CLASS_FUNC, "2010301"), 3);
    assert_int_equal(js_code_level(JS_CLASS_FUNC, "201999"), 0);
    assert_int_equal(js_code_level(JS_CLASS_FUNC, "2O1"), 0);
}

static void loading_errors_name_the_line(void **state)
{
    js_catalog *cat = *state;
    js_err err;
    const char *bad = "# comment\nfunc\t2020\t201\t一般公共服务支出\nfunc\t2020\t2011\tx\n";
    assert_int_equal(js_catalog_load_text(cat, "mine.tsv", bad, strlen(bad), &err), JS_EINPUT);
    assert_non_null(strstr(err.msg, "mine.tsv:3"));
    const char *bad2 = "tax\t2020\t201\tx\n";
    assert_int_equal(js_catalog_load_text(cat, "b.tsv", bad2, strlen(bad2), &err), JS_EINPUT);
    assert_non_null(strstr(err.msg, "b.tsv:1"));
    /* a later edition overrides from its year on */
    const char *ed = "func\t2024\t2010301\t行政运行（新）\n";
    assert_int_equal(js_catalog_load_text(cat, "e.tsv", ed, strlen(ed), &err), JS_OK);
    assert_string_equal(js_catalog_find(cat, JS_CLASS_FUNC, 2020, "2010301")->name, "行政运行");
    assert_string_equal(js_catalog_find(cat, JS_CLASS_FUNC, 2024, "2010301")->name, "行政运行(新)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(builtin_is_complete_where_promised, setup, teardown),
        cmocka_unit_test_setup_teardown(names, setup, teardown),
        cmocka_unit_test_setup_teardown(class_of_row_names, setup, teardown),
        cmocka_unit_test_setup_teardown(codes_of_row_keys, setup, teardown),
        cmocka_unit_test(code_levels),
        cmocka_unit_test_setup_teardown(loading_errors_name_the_line, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
