/* test_check_cause.c - one defect, one finding (cause.c): a 0.01 尾数 carried
 * from table to table is one group, and a 附件 stating the same wrong figure
 * as the 说明 points at the 说明's finding. */
#include "check_fixture.h"
#include "test_util.h"

/* 05 合计 小计 printed 100.01 for 100.00: its column (T-TOTAL) and 04 (X-04-05)
 * follow from that one cell; the rounding notice of its row stays with the
 * folded 尾数 notices */
static void tail_difference_is_one_group(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    fx_set(d, 5, "合计", NULL, NULL, "小计", "100.01");
    js_findings f = fx_check(d);
    int roots = 0, conseq = 0, root_id = 0, tails = 0;
    for (int i = 0; i < f.n; i++) {
        const js_finding *x = &f.items[i];
        if (!x->table || strcmp(x->table, "05") || !x->row || strcmp(x->row, "合计")) continue;
        if (x->kind && !strcmp(x->kind, "rounding")) {
            tails++;
            assert_int_equal(x->cause, 0);
            continue;
        }
        if (x->cause)
            conseq++;
        else
            roots++, root_id = x->id;
    }
    if (roots != 1 || conseq < 1) fx_dump(&f);
    assert_int_equal(roots, 1);
    assert_true(conseq >= 1);
    assert_int_equal(tails, 1);
    for (int i = 0; i < f.n; i++)
        if (f.items[i].cause) assert_int_equal(f.items[i].cause, root_id);
    js_findings_release(&f);
    js_doc_free(d);
}

/* 尾数 on two rows of two tables: two groups */
static void different_rows_stay_apart(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    fx_set(d, 5, "合计", NULL, NULL, "小计", "100.01");
    fx_set(d, 3, "229", NULL, NULL, "本年支出合计", "20.01");
    js_findings f = fx_check(d);
    int root05 = 0;
    for (int i = 0; i < f.n; i++) {
        const js_finding *x = &f.items[i];
        if (x->table && !strcmp(x->table, "05") && x->row && !strcmp(x->row, "合计") && !x->cause &&
            x->severity >= JS_SEV_WARNING)
            root05 = x->id;
    }
    assert_true(root05 > 0);
    for (int i = 0; i < f.n; i++) {
        const js_finding *x = &f.items[i];
        if (x->row && strstr(x->row, "229") && x->cause == root05) fx_dump(&f);
        assert_false(x->row && strstr(x->row, "229") && x->cause == root05);
    }
    js_findings_release(&f);
    js_doc_free(d);
}

/* seed 003: 附件二(一)3(8) repeats the wrong names of 说明五(三)8 */
static void appendix_repeating_the_narrative(void **state)
{
    (void)state;
    js_doc *d = test_parse_seed("003_bacf23239032d27d.txt");
    js_findings f = fx_check(d);
    const js_finding *a = NULL, *n = NULL;
    for (int i = 0; i < f.n; i++) {
        const js_finding *x = &f.items[i];
        if (strcmp(x->rule, "N-NAME") || !x->section) continue;
        if (!strcmp(x->section, "五(三)8")) n = x;
        if (!strcmp(x->section, "附件二(一)3(8)")) a = x;
    }
    if (!a || !n) fx_dump(&f);
    assert_non_null(a);
    assert_non_null(n);
    assert_int_equal(a->cause, n->id);
    assert_int_equal(n->cause, 0);
    js_findings_release(&f);
    js_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tail_difference_is_one_group),
        cmocka_unit_test(different_rows_stay_apart),
        cmocka_unit_test(appendix_repeating_the_narrative),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
