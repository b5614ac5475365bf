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
    static const char *const kinds[] = {
        "arithmetic",     "cross-table", "narrative", "completeness",
        "classification", "performance", "format",    "read"};
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
        /* the N-* ids are the narrative ones of final accounts, and only they (the B-*
           budget rules have every kind) */
        if (strncmp(r[i].id, "B-", 2) != 0)
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

/* rules.def: each enum name is its id with '-' written '_', js_rule_of finds its
 * record, every kind is listed, and every listed kind has a rule. */
static void catalogue_list(void **state)
{
    (void)state;
    static const struct {
        const char *name, *id;
        js_rule_id e;
    } L[] = {
#define JS_RULE(name, id, kind, sev, summary) {#name, id, JS_R_##name},
#include "check/rules.def"
    };
    assert_int_equal(sizeof L / sizeof L[0], JS_R_COUNT);
    size_t n, nk;
    js_rules(&n);
    assert_int_equal(n, JS_R_COUNT);
    const js_rule_kind_info *k = js_rule_kinds(&nk);
    assert_int_equal(nk, JS_K_COUNT);
    for (size_t i = 0; i < sizeof L / sizeof L[0]; i++) {
        char want[64];
        snprintf(want, sizeof want, "%s", L[i].id);
        for (char *p = want; *p; p++)
            if (*p == '-') *p = '_';
        assert_string_equal(L[i].name, want);
        assert_int_equal(L[i].e, (int)i);
        assert_string_equal(js_rule_of(L[i].e)->id, L[i].id);
        bool listed = false;
        for (size_t j = 0; j < nk; j++)
            listed = listed || strcmp(k[j].name, js_rule_of(L[i].e)->kind) == 0;
        assert_true(listed);
    }
    for (size_t j = 0; j < nk; j++) {
        bool used = false;
        for (size_t i = 0; i < n; i++)
            used = used || strcmp(js_rule_of((js_rule_id)i)->kind, k[j].name) == 0;
        assert_true(used);
        assert_true(strlen(k[j].title) > 3);
    }
    assert_null(js_rule_of(JS_R_COUNT));
}

static void report_copies_and_grades(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    js_findings f;
    js_findings_init(&f);
    js_checker ck = {.ctx = NULL, .doc = d, .out = &f};
    char buf[16];
    strcpy(buf, "05");
    js_where w = {buf, "201", "小计", NULL, {.line = 7}};
    js_finding *x = js_report(&ck, JS_R_T_ROW, JS_SEV_ROUNDING, w, "1.00", "1.01", "%s", "消息");
    assert_non_null(x);
    strcpy(buf, "XX");
    assert_string_equal(f.items[0].table, "05");
    assert_string_equal(f.items[0].kind, "rounding");
    assert_int_equal(f.items[0].severity, JS_SEV_NOTICE);
    x = js_report(&ck, JS_R_K_NAME, 99, w, NULL, NULL, "x");
    assert_int_equal(x->severity, JS_SEV_WARNING); /* the catalogue's */
    assert_string_equal(x->kind, "classification");
    assert_null(x->stated);
    assert_int_equal(f.failed, JS_OK);
    /* a finding that cannot be recorded marks the checker failed (out of
     * memory takes the same path; only a cast makes an id out of range) */
    int n = f.n;
    assert_null(js_report(&ck, (js_rule_id)JS_R_COUNT, JS_SEV_ERROR, w, NULL, NULL, "x"));
    assert_int_equal(f.failed, JS_EINTERNAL);
    assert_int_equal(f.n, n);
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
        cmocka_unit_test(catalogue_list),
        cmocka_unit_test(report_copies_and_grades),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
