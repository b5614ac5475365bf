/* test_check_engine.c - the engine: a consistent document gives no finding at
 * all; findings come sorted by place; the rule catalogue is well formed. */
#include "check_fixture.h"

static void consistent_document_is_clean(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    js_findings f = fx_check(d);
    fx_dump(&f);
    assert_int_equal(f.n, 0);
    int e, w, n;
    js_findings_summary(&f, &e, &w, &n);
    assert_int_equal(e + w + n, 0);
    js_findings_release(&f);
    js_doc_free(d);
}

static void sorted_by_place(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    fx_set(d, 7, "三公经费", NULL, NULL, "决算:合计", "3.50"); /* late line */
    fx_set(d, 1, "收入:总计", NULL, NULL, "决算数", "121.00"); /* early line */
    d->tables[4] = NULL;                                       /* no line at all */
    js_findings f = fx_check(d);
    assert_true(f.n >= 3);
    assert_string_equal(f.items[0].rule, "C-MISSING");
    for (int i = 1; i < f.n; i++) {
        int a = f.items[i - 1].loc.line, b = f.items[i].loc.line;
        assert_true(a <= b);
    }
    js_findings_release(&f);
    js_doc_free(d);
}

static void catalogue(void **state)
{
    (void)state;
    size_t n;
    const js_rule *r = js_rules(&n);
    assert_true(n >= 50);
    static const char *const kinds[] = {"arithmetic",   "cross-table",    "narrative",
                                        "completeness", "classification", "performance",
                                        "format"};
    for (size_t i = 0; i < n; i++) {
        assert_non_null(r[i].id);
        assert_non_null(r[i].summary);
        assert_true(strlen(r[i].summary) > 6);
        bool ok = false;
        for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
            ok = ok || strcmp(r[i].kind, kinds[k]) == 0;
        assert_true(ok);
        assert_true(r[i].severity >= JS_SEV_NOTICE && r[i].severity <= JS_SEV_ERROR);
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(r[i].id, r[j].id);
        assert_ptr_equal(js_rule_find(r[i].id), &r[i]);
        /* the N-* ids are the narrative ones, and only they */
        assert_int_equal(strncmp(r[i].id, "N-", 2) == 0, strcmp(r[i].kind, "narrative") == 0);
    }
    static const char *const must[] = {
        "T-TOTAL",  "T-HIER",        "T-01-INCOME", "X-01-02",      "C-MISSING",   "C-LABEL",
        "C-TWICE",  "K-CODE-LEN",    "K-NAME",      "P-RATE",       "P-SCORE",     "F-PLACEHOLDER",
        "N-AMOUNT", "N-SHARE",       "N-GROWTH",    "N-COMPLETION", "N-DIRECTION", "N-SANGONG",
        "N-JIGUAN", "N-PROCUREMENT", "N-VEHICLES",  "N-ITEM"};
    for (size_t i = 0; i < sizeof must / sizeof must[0]; i++)
        assert_non_null(js_rule_find(must[i]));
    assert_null(js_rule_find("NO-SUCH"));
    assert_null(js_rule_find(NULL));
}

static void report_copies_and_grades(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    js_findings f;
    js_findings_init(&f);
    js_checker ck = {NULL, d, &f};
    char buf[16];
    strcpy(buf, "05");
    js_where w = {buf, "201", "小计", NULL, {.line = 7}};
    js_finding *x = js_report(&ck, "T-ROW", JS_SEV_ROUNDING, w, "1.00", "1.01", "%s", "消息");
    assert_non_null(x);
    strcpy(buf, "XX");
    assert_string_equal(f.items[0].table, "05");
    assert_string_equal(f.items[0].kind, "rounding");
    assert_int_equal(f.items[0].severity, JS_SEV_NOTICE);
    x = js_report(&ck, "K-NAME", 99, w, NULL, NULL, "x");
    assert_int_equal(x->severity, JS_SEV_WARNING); /* the catalogue's */
    assert_string_equal(x->kind, "classification");
    assert_null(x->stated);
    js_findings_release(&f);
    js_findings_release(&f); /* released twice: harmless */
    js_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(consistent_document_is_clean),
        cmocka_unit_test(sorted_by_place),
        cmocka_unit_test(catalogue),
        cmocka_unit_test(report_copies_and_grades),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
