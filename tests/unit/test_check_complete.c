/* test_check_complete.c - completeness (C-*). */
#include "check_fixture.h"

static void missing_and_toc_only(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    d->tables[3] = NULL;
    d->tables[9] = NULL;
    js_loc l = {.line = 20};
    js_doc_note(d, "TOC-ONLY", 9, l, "只在目录中");
    js_findings f = fx_check(d);
    const js_finding *x = fx_find(&f, "C-MISSING", "03", NULL, NULL);
    assert_non_null(x);
    assert_int_equal(x->severity, JS_SEV_ERROR);
    assert_non_null(strstr(x->message, "支出决算表"));
    x = fx_find(&f, "C-MISSING", "09", NULL, NULL);
    assert_non_null(x);
    assert_int_equal(x->loc.line, 20);
    assert_non_null(strstr(x->message, "目录"));
    assert_int_equal(fx_count(&f, "C-MISSING"), 2);
    assert_int_equal(fx_count(&f, "C-NOTE"), 0);
    js_findings_release(&f);
    js_doc_free(d);
}

static void empty_tables(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    d->tables[8]->empty_note = NULL; /* empty, unexplained */
    js_table *t7 = d->tables[7];
    for (int c = 0; c < t7->ncols; c++)
        t7->rows[0].cells[c].present = false;
    t7->empty_note = "本单位无三公经费支出。";
    js_findings f = fx_check(d);
    const js_finding *x = fx_find(&f, "C-EMPTY", "08", NULL, NULL);
    assert_non_null(x);
    assert_int_equal(x->severity, JS_SEV_WARNING);
    assert_null(fx_find(&f, "C-EMPTY", "07", NULL, NULL));
    assert_null(fx_find(&f, "C-EMPTY", "09", NULL, NULL));
    js_findings_release(&f);
    js_doc_free(d);
}

/* Table 02 with no figure: an error, unless the sentence under it says why (a built
 * disclosure whose income all rounds to 0.00 万元: tests/cli/build_property.sh). */
static void empty_main_table(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    js_table *t2 = d->tables[2];
    for (int r = 0; r < t2->nrows; r++)
        for (int c = 0; c < t2->ncols; c++)
            t2->rows[r].cells[c].present = false;
    js_findings f = fx_check(d);
    const js_finding *x = fx_find(&f, "C-EMPTY", "02", NULL, NULL);
    assert_non_null(x);
    assert_int_equal(x->severity, JS_SEV_ERROR);
    js_findings_release(&f);
    t2->empty_note = "测试局本年度没有取得收入，故本表无数据。";
    f = fx_check(d);
    x = fx_find(&f, "C-EMPTY", "02", NULL, NULL);
    assert_non_null(x);
    assert_int_equal(x->severity, JS_SEV_NOTICE);
    js_findings_release(&f);
    js_doc_free(d);
}

static void twice_label_rows(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    d->tables[1]->copies = 2;
    d->tables[1]->copy_loc.line = 77;
    d->tables[7]->label = "03";
    d->tables[7]->label_loc.line = 66;
    js_doc_note(d, "LABEL", 7, d->tables[7]->label_loc, "标注为公开03表");
    js_doc_note(d, "TABLE-TWICE", 1, d->tables[1]->copy_loc, "重复");
    js_table_row_add(d, d->tables[5], "201", "201", "一般公共服务支出", (js_loc){.line = 88});
    js_findings f = fx_check(d);
    const js_finding *x = fx_find(&f, "C-TWICE", "01", NULL, NULL);
    assert_non_null(x);
    assert_int_equal(x->loc.line, 77);
    assert_int_equal(fx_count(&f, "C-TWICE"), 1); /* the note says the same: once */
    x = fx_find(&f, "C-LABEL", "07", NULL, NULL);
    assert_non_null(x);
    assert_string_equal(x->stated, "03");
    assert_string_equal(x->expected, "07");
    assert_int_equal(x->loc.line, 66);
    assert_int_equal(fx_count(&f, "C-LABEL"), 1);
    x = fx_find(&f, "C-ROW-TWICE", "05", "201", NULL);
    assert_non_null(x);
    assert_int_equal(x->loc.line, 88);
    /* the repeated row is left out of the sums */
    assert_null(fx_find(&f, "T-TOTAL", "05", NULL, NULL));
    js_findings_release(&f);
    js_doc_free(d);
}

static void department_and_sections(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    d->tables[2]->dept = "测试局机关";
    d->tables[3]->dept = "测试局(本级)";
    d->perf[0].name = "测试总局";
    /* drop 五 */
    for (int i = 0; i < d->nsections; i++)
        if (d->sections[i].level == 1 && d->sections[i].value == 5) d->sections[i].value = 10;
    js_loc l = {.line = 3};
    js_doc_note(d, "UNREAD", 0, l, "第3行无法识别");
    js_findings f = fx_check(d);
    const js_finding *x = fx_find(&f, "C-DEPT", "02", NULL, NULL);
    assert_non_null(x);
    assert_string_equal(x->stated, "测试局机关");
    assert_null(fx_find(&f, "C-DEPT", "03", NULL, NULL)); /* (本级) is the same unit */
    assert_non_null(fx_find(&f, "C-DEPT", "P1", NULL, NULL));
    x = fx_find(&f, "C-SECTION", NULL, NULL, NULL);
    assert_non_null(x);
    assert_non_null(strstr(x->message, "五"));
    x = fx_find(&f, "C-NOTE", NULL, NULL, NULL);
    assert_non_null(x);
    assert_int_equal(x->severity, JS_SEV_NOTICE);
    assert_int_equal(x->loc.line, 3);
    js_findings_release(&f);
    js_doc_free(d);
}

static void table_years(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    static const char *lines[200];
    for (int i = 0; i < 200; i++)
        lines[i] = "";
    /* the title lines: table 04 says 2019年度, table 05 2020年度 */
    lines[d->tables[4]->loc.line - 1] = "部门：测试局\t2019年度\t公开04表";
    lines[d->tables[5]->loc.line - 1] = "部门：测试局\t2020 年度\t公开05表";
    d->lines = lines;
    d->nlines = 200;
    js_findings f = fx_check(d);
    const js_finding *x = fx_find(&f, "C-YEAR", "04", NULL, NULL);
    assert_non_null(x);
    assert_string_equal(x->stated, "2019");
    assert_string_equal(x->expected, "2020");
    assert_int_equal(x->loc.line, d->tables[4]->loc.line);
    assert_int_equal(fx_count(&f, "C-YEAR"), 1);
    js_findings_release(&f);
    js_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(missing_and_toc_only), cmocka_unit_test(empty_tables),
        cmocka_unit_test(twice_label_rows),     cmocka_unit_test(department_and_sections),
        cmocka_unit_test(table_years),          cmocka_unit_test(empty_main_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
