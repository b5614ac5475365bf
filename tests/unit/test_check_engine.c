/* test_check_engine.c - the engine: a consistent document gives no finding at
 * all; findings come sorted by place; the rule catalogue is well formed. */
#include "check_fixture.h"
#include "test_util.h"

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

static bool same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* g's findings [0, n) against f's [from, from + n): the same findings, ids and causes */
static void same_findings(const js_findings *f, int from, const js_findings *g, const char *what)
{
    assert_int_equal(f->n - from >= g->n, true);
    for (int i = 0; i < g->n; i++) {
        const js_finding *x = &f->items[from + i], *y = &g->items[i];
        if (!same_str(x->rule, y->rule) || x->severity != y->severity ||
            !same_str(x->message, y->message) || !same_str(x->stated, y->stated) ||
            !same_str(x->expected, y->expected) || x->id != y->id || x->cause != y->cause)
            fail_msg("%s: finding %d differs: %s %s (cause %d) / %s %s (cause %d)", what, i,
                     x->rule, x->message, x->cause, y->rule, y->message, y->cause);
    }
}

/* js_check appends to a set of findings: checked after another document, a document has
 * the same findings as checked alone, and the other document's are left as they were (no
 * rule reads or marks as a cause a finding of another document). */
static void documents_checked_into_one_set(void **state)
{
    (void)state;
    const char *seeds[] = {"000_e65ad6a672f33cc8.txt", "002_4b65da696dc0427c.txt",
                           "003_bacf23239032d27d.txt", "004_5d1dd30bc5ab887d.txt"};
    enum { NS = sizeof seeds / sizeof seeds[0] };
    js_doc *d[NS];
    js_findings alone[NS];
    for (int i = 0; i < NS; i++) {
        d[i] = test_parse_seed(seeds[i]);
        alone[i] = fx_check(d[i]);
        assert_true(alone[i].n > 0);
    }
    js_err err;
    js_err_clear(&err);
    js_ctx *ctx = js_ctx_new(&err);
    assert_non_null(ctx);
    for (int a = 0; a < NS; a++)
        for (int b = 0; b < NS; b++) { /* the same document twice too */
            js_findings f;
            js_findings_init(&f);
            assert_int_equal(js_check(ctx, d[a], &f, &err), JS_OK);
            int from = f.n;
            assert_int_equal(js_check(ctx, d[b], &f, &err), JS_OK);
            assert_int_equal(f.n - from, alone[b].n);
            same_findings(&f, 0, &alone[a], seeds[a]);
            same_findings(&f, from, &alone[b], seeds[b]);
            js_findings_release(&f);
        }
    js_ctx_free(ctx);
    for (int i = 0; i < NS; i++) {
        js_findings_release(&alone[i]);
        js_doc_free(d[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(consistent_document_is_clean),
        cmocka_unit_test(sorted_by_place),
        cmocka_unit_test(catalogue),
        cmocka_unit_test(catalogue_list),
        cmocka_unit_test(report_copies_and_grades),
        cmocka_unit_test(documents_checked_into_one_set),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
