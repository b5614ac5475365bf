/* test_check_perf.c - the 绩效自评表 (P-*). */
#include "check_fixture.h"

#include "data.h"
#include "form_fixture.h"

static void rate_and_score(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    js_perf_fund *f0 = &d->perf[0].funds[0];
    f0->budget_full = fx_pval("112.55", false);
    f0->actual = fx_pval("186.67", false);
    f0->rate = fx_pval("100%", true);
    js_findings f = fx_check(d);
    const js_finding *x = fx_find(&f, "P-RATE", "P1", NULL, "执行率");
    if (!x) fx_dump(&f);
    assert_non_null(x);
    assert_string_equal(x->stated, "100");
    assert_string_equal(x->expected, "166"); /* 186.67 / 112.55 = 165.9% */
    /* 得分 10 = 10 × min(rate, 100%): right */
    assert_null(fx_find(&f, "P-SCORE", NULL, NULL, NULL));
    /* the 合计 budget no longer matches its parts (100 + 20) */
    x = fx_find(&f, "P-FUNDS", "P1", NULL, "全年预算数");
    assert_non_null(x);
    assert_string_equal(x->expected, "120.00");
    js_findings_release(&f);
    js_doc_free(d);

    d = fx_doc();
    f0 = &d->perf[0].funds[0];
    f0->actual = fx_pval("108.00", false); /* 90% */
    f0->rate = fx_pval("90%", true);
    f0->score = fx_pval("10", false);
    f = fx_check(d);
    x = fx_find(&f, "P-SCORE", "P1", NULL, "得分");
    assert_non_null(x);
    assert_string_equal(x->expected, "9");
    assert_null(fx_find(&f, "P-RATE", NULL, NULL, NULL));
    js_findings_release(&f);
    js_doc_free(d);
}

static void weights_total_grade(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    js_perf *p = &d->perf[0];
    p->inds[0].weight = fx_pval("45", false); /* Σ 分值 = 95 */
    p->inds[0].score = fx_pval("45", false);
    p->inds[2].score = fx_pval("10.5", false); /* above its 分值 10 */
    p->total_score = fx_pval("89.5", false);   /* Σ 得分 = 10 + 45 + 28 + 10.5 = 93.5 */
    p->grade = "优";
    js_findings f = fx_check(d);
    const js_finding *x = fx_find(&f, "P-WEIGHT", "P1", NULL, NULL);
    assert_non_null(x);
    assert_string_equal(x->stated, "95");
    x = fx_find(&f, "P-SCORE", "P1", NULL, "得分");
    assert_non_null(x);
    assert_string_equal(x->stated, "10.5");
    x = fx_find(&f, "P-TOTAL", "P1", NULL, NULL);
    assert_non_null(x);
    assert_int_equal(x->severity, JS_SEV_ERROR);
    assert_string_equal(x->expected, "93.5");
    x = fx_find(&f, "P-GRADE", "P1", NULL, NULL);
    assert_non_null(x);
    assert_string_equal(x->expected, "良");
    js_findings_release(&f);
    js_doc_free(d);
}

static void grade_bands(void **state)
{
    (void)state;
    static const char *const cases[][3] = {
        {"90", "优", ""}, {"89.9", "良", ""}, {"80", "良", ""},        {"79.5", "中", ""},
        {"60", "中", ""}, {"59", "差", ""},   {"90", "良", "P-GRADE"}, {"60", "差", "P-GRADE"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        js_doc *d = fx_doc();
        js_perf *p = &d->perf[0];
        p->ninds = 0; /* only 总分 and 等级 */
        p->funds[0].weight.set = p->funds[0].score.set = false;
        p->total_score = fx_pval(cases[i][0], false);
        p->grade = cases[i][1];
        js_findings f = fx_check(d);
        if (*cases[i][2])
            assert_non_null(fx_find(&f, cases[i][2], "P1", NULL, NULL));
        else
            assert_null(fx_find(&f, "P-GRADE", NULL, NULL, NULL));
        js_findings_release(&f);
        js_doc_free(d);
    }
}

/* Give d source lines (all blank) with text at 1-based line no after the perf table. */
static void put_line(js_doc *d, int no, const char *text)
{
    if (!d->lines) {
        const char **l = js_arena_calloc(d->arena, 600, sizeof *l);
        for (int i = 0; i < 600; i++)
            l[i] = "";
        d->lines = l;
        d->nlines = 600;
    }
    ((const char **)d->lines)[no - 1] = text;
}

/* The grade is judged by the bands the document prints; the default only when it prints
 * none, and the finding says which. */
static void printed_bands(void **state)
{
    (void)state;
    static const struct {
        const char *lines[4];             /* statement printed after the table */
        const char *score, *grade, *want; /* want: expected grade, "" = no finding */
    } cases[] = {
        /* the national wording, as the seeds print it */
        {{"2.总分设置为 100 分，等级划分为：90 分（含）—100 分为优，80 分（含）—90 分为良，60 "
          "分（含）—80 分为中，60 分以下为差。"},
         "89",
         "良",
         ""},
        /* bands of their own: 85 and up is 优 */
        {{"等级划分：85分（含）以上为优，75（含）-85分为良，60（含）-75分为中，60分以下为差。"},
         "86",
         "优",
         ""},
        {{"等级划分：85分（含）以上为优，75（含）-85分为良，60（含）-75分为中，60分以下为差。"},
         "88",
         "良",
         "优"},
        {{"等级划分：85分（含）以上为优，75（含）-85分为良，60（含）-75分为中，60分以下为差。"},
         "76",
         "中",
         "良"},
        /* a statement wrapped over two lines */
        {{"评价结果分为四档：得分90分（含）以上为优秀，80分（含）至90分为良好，70分（含）至",
          "80分为合格，70分以下为不合格。"},
         "75",
         "合格",
         ""},
        {{"评价结果分为四档：得分90分（含）以上为优秀，80分（含）至90分为良好，70分（含）至",
          "80分为合格，70分以下为不合格。"},
         "65",
         "合格",
         "不合格"},
        /* the grade before its range */
        {{"评分等级：优：90分以上；良：80-89分；中：60-79分；差：60分以下。"}, "79.5", "中", ""},
        {{"评分等级：优：90分以上；良：80-89分；中：60-79分；差：60分以下。"}, "80", "中", "良"},
        /* a table of bands: one grade and its range per line */
        {{"优\t90分（含）以上", "良\t80分（含）-90分", "中\t65分（含）-80分", "差\t65分以下"},
         "62",
         "中",
         "差"},
        /* a table: a row of grades, a row of ranges */
        {{"等级\t优\t良\t中\t差", "分值区间\t95-100\t85-94\t60-84\t60以下"}, "90", "优", "良"},
        /* the grades listed first, then the ranges */
        {{"评价等级分为优、良、中、差四个等级，其中：95分（含）以上为优，85分（含）-"
          "95分为良，60分（含）-"
          "85分为中，60分以下为差。"},
         "92",
         "优",
         "良"},
        /* 不含: 90 itself is 良 */
        {{"90分（不含）以上为优，80分（含）-90分（含）为良，60分（含）-80分为中，60分以下为差。"},
         "90",
         "优",
         "良"},
        /* nothing printed: the national bands */
        {{"本表由单位自评。"}, "88", "优", "良"},
        /* a table row with grades in it is not a statement */
        {{"质量指标\t各项考核指标等级\t优\t优\t3\t3"}, "85", "良", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        js_doc *d = fx_doc();
        js_perf *p = &d->perf[0];
        p->ninds = 0;
        p->funds[0].weight.set = p->funds[0].score.set = false;
        p->total_score = fx_pval(cases[i].score, false);
        p->grade = cases[i].grade;
        for (int k = 0; k < 4 && cases[i].lines[k]; k++)
            put_line(d, p->loc.line + 40 + k, cases[i].lines[k]);
        js_findings f = fx_check(d);
        const js_finding *g = fx_find(&f, "P-GRADE", "P1", NULL, "等级");
        if (*cases[i].want) {
            if (!g) {
                print_message("case %zu: no P-GRADE\n", i);
                fx_dump(&f);
            }
            assert_non_null(g);
            assert_string_equal(g->expected, cases[i].want);
            assert_int_equal(g->severity, JS_SEV_ERROR);
            /* the message says which bands: printed (and where) or the default */
            if (i == 12)
                assert_non_null(strstr(g->message, "未印出等级划分"));
            else
                assert_non_null(strstr(g->message, "所印的等级划分"));
        } else {
            if (g) {
                print_message("case %zu: unexpected P-GRADE\n", i);
                fx_dump(&f);
            }
            assert_null(g);
        }
        js_findings_release(&f);
        js_doc_free(d);
    }
}

/* 分值 of each group against the weight its 一级指标 states; the totals point at it */
static void section_weights_and_causes(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    js_perf *p = &d->perf[0];
    p->inds[0].l1 = "产出指标(50分)";
    p->inds[0].l2 = "数量指标";
    p->inds[1].l1 = "效益指标(30分)";
    p->inds[1].l2 = "社会效益指标";
    p->inds[2].l1 = "满意度指标(10分)";
    js_findings f = fx_check(d);
    assert_int_equal(fx_count(&f, "P-SECTION"), 0); /* 50 / 30 / 10: right */
    js_findings_release(&f);
    /* 产出 weighs 45 and scores 45: 分值 95, Σ得分 93, 总分 98 stays that of the full table */
    p->inds[0].weight = fx_pval("45", false);
    p->inds[0].score = fx_pval("45", false);
    f = fx_check(d);
    const js_finding *sec = fx_find(&f, "P-SECTION", "P1", "产出", "分值");
    if (!sec) fx_dump(&f);
    assert_non_null(sec);
    assert_string_equal(sec->stated, "45");
    assert_string_equal(sec->expected, "50");
    assert_int_equal(sec->cause, 0);
    const js_finding *w = fx_find(&f, "P-WEIGHT", "P1", NULL, NULL);
    assert_non_null(w);
    assert_int_equal(w->cause, sec->id);
    const js_finding *t = fx_find(&f, "P-TOTAL", "P1", NULL, NULL);
    assert_non_null(t);
    assert_int_equal(t->cause, sec->id);
    js_findings_release(&f);
    js_doc_free(d);

    /* a row read under the wrong group (differences of both signs): not reported */
    d = fx_doc();
    p = &d->perf[0];
    p->inds[0].l1 = "产出指标(50分)";
    p->inds[0].l2 = "数量指标";
    p->inds[0].weight = fx_pval("40", false);
    p->inds[1].l1 = "效益指标(30分)";
    p->inds[1].l2 = "社会效益指标";
    p->inds[1].weight = fx_pval("40", false);
    f = fx_check(d);
    assert_int_equal(fx_count(&f, "P-SECTION"), 0);
    js_findings_release(&f);
    js_doc_free(d);
}

/* a grade that agrees with the scores but not with a wrong 总分 follows from it; a
 * missing grade is a warning */
static void grade_follows_wrong_total(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    d->perf[0].total_score = fx_pval("10", false);
    js_findings f = fx_check(d);
    const js_finding *t = fx_find(&f, "P-TOTAL", "P1", NULL, NULL);
    const js_finding *g = fx_find(&f, "P-GRADE", "P1", NULL, NULL);
    if (!t || !g) fx_dump(&f);
    assert_non_null(t);
    assert_non_null(g);
    assert_int_equal(t->severity, JS_SEV_ERROR);
    assert_int_equal(g->severity, JS_SEV_NOTICE);
    assert_int_equal(g->cause, t->id);
    js_findings_release(&f);
    d->perf[0].total_score = fx_pval("98", false);
    d->perf[0].grade = NULL;
    f = fx_check(d);
    g = fx_find(&f, "P-GRADE", "P1", NULL, "等级");
    assert_non_null(g);
    assert_int_equal(g->severity, JS_SEV_WARNING);
    assert_string_equal(g->expected, "优");
    js_findings_release(&f);
    js_doc_free(d);
}

/* The findings name the 绩效自评表 and its columns in the form's words (the perf records of
 * data/templates/layout.tsv): a form's own words, data only, change them. */
static void words_of_the_form(void **state)
{
    (void)state;
    js_err err;
    js_ctx *ctx = js_ctx_new(&err);
    assert_non_null(ctx);
    js_templates *tp = form_with_layout(
        "perf\tfictional-2023\t*\tfundcols\t年初预算|全年预算|实际支出|权重|完成率（%）|评分\n"
        "perf\tfictional-2023\t1\ttitle\t整体绩效自评表\n");
    js_templates *builtin = ctx->templates;
    ctx->templates = tp;
    for (int own = 1; own >= 0; own--) {
        js_doc *d = fx_doc();
        d->form = own ? "fictional-2023" : "2020";
        js_perf_fund *f0 = &d->perf[0].funds[0];
        f0->budget_full = fx_pval("112.55", false);
        f0->actual = fx_pval("186.67", false);
        f0->rate = fx_pval("100%", true);
        js_findings f;
        js_findings_init(&f);
        assert_int_equal(js_check(ctx, d, &f, &err), JS_OK);
        const js_finding *x = fx_find(&f, "P-RATE", "P1", NULL, own ? "完成率" : "执行率");
        assert_non_null(x);
        assert_true(strncmp(x->message, own ? "整体绩效自评表" : "部门整体支出绩效自评表",
                            strlen(own ? "整体绩效自评表" : "部门整体支出绩效自评表")) == 0);
        assert_non_null(fx_find(&f, "P-FUNDS", "P1", NULL, own ? "全年预算" : "全年预算数"));
        js_findings_release(&f);
        js_doc_free(d);
    }
    ctx->templates = builtin;
    js_templates_free(tp);
    js_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rate_and_score),
        cmocka_unit_test(weights_total_grade),
        cmocka_unit_test(grade_bands),
        cmocka_unit_test(printed_bands),
        cmocka_unit_test(section_weights_and_causes),
        cmocka_unit_test(grade_follows_wrong_total),
        cmocka_unit_test(words_of_the_form),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
