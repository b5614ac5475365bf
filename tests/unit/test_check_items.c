/* test_check_items.c - issue #13 on documents built in code (check_fixture.h): the 附件
 * audited like the 说明 (N-AMOUNT), the 五(三) items one by one (N-NAME, N-ITEMSUM,
 * N-REASON) and what an item says it is for (N-PURPOSE). */
#include "check_fixture.h"

/* 五 (section index 5 of the fixture) with (三) and items */
static int san(js_doc *d, const char *intro)
{
    int si =
        fx_sec_add(d, JS_PART_NARRATIVE, 2, 3, "五(三)", "一般公共预算财政拨款支出决算具体情况", 5);
    fx_para(d, si, intro);
    return si;
}

static int item(js_doc *d, int parent, int k, const char *title, const char *text)
{
    char num[32];
    snprintf(num, sizeof num, "五(三)%d", k);
    int si = fx_sec_add(d, JS_PART_NARRATIVE, 3, k, js_arena_strdup(d->arena, num), title, parent);
    fx_para(d, si, text);
    return si;
}

static int count(const js_findings *f, const char *rule)
{
    return fx_count(f, rule);
}

static void appendix_totals(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    int a = fx_sec_add(d, JS_PART_APPENDIX, 0, 5, "", "附件", -1);
    int s = fx_sec_add(d, JS_PART_APPENDIX, 1, 2, "附件二", "预算收支情况", a);
    fx_para(d, s, "2020年收入120.00万元，其中：财政拨款收入100.00万元，其他资金来源20.00万元。");
    fx_para(d, s, "2020年支出120.00万元，其中：基本支出70.00万元，项目支出30.00万元。");
    js_findings f = fx_check(d);
    const js_finding *x = fx_find(&f, "N-AMOUNT", NULL, NULL, NULL);
    if (!x || count(&f, "N-AMOUNT") != 1) fx_dump(&f);
    assert_non_null(x);
    assert_int_equal(count(&f, "N-AMOUNT"), 1);
    assert_string_equal(x->section, "附件二");
    assert_string_equal(x->stated, "70.00");
    assert_string_equal(x->expected, "90.00"); /* 03 合计 基本支出 */
    assert_int_equal(x->severity, JS_SEV_ERROR);
    assert_true(strncmp(x->message, "附件二：", strlen("附件二：")) == 0);
    js_findings_release(&f);
    js_doc_free(d);

    d = fx_doc();
    a = fx_sec_add(d, JS_PART_APPENDIX, 0, 5, "", "附件", -1);
    s = fx_sec_add(d, JS_PART_APPENDIX, 1, 2, "附件二", "预算收支情况", a);
    fx_para(d, s,
            "2020年总收入120.00万元，其中：财政拨款收入100.00万元，其他收入20.00万元。"
            "本年度总支出12万元，其中：基本支出90.00万元，项目支出30.00万元。");
    f = fx_check(d);
    x = fx_find(&f, "N-AMOUNT", NULL, NULL, NULL);
    assert_non_null(x);
    assert_int_equal(count(&f, "N-AMOUNT"), 1);
    assert_string_equal(x->stated, "12");
    assert_string_equal(x->expected, "120.00");
    js_findings_release(&f);
    js_doc_free(d);
}

static void item_names_against_05_and_catalogue(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    int p = san(d, "2020年度财政拨款支出年初预算数为100.00万元，支出决算数为100.00万元。");
    item(d, p, 1, "一般公共服务(类)政府办公厅及相关机构事务(款)行政运作(项)",
         "年初预算为100.00万元，支出决算为100.00万元。");
    js_findings f = fx_check(d);
    const js_finding *x = fx_find(&f, "N-NAME", NULL, NULL, NULL);
    if (!x) fx_dump(&f);
    assert_non_null(x);
    assert_string_equal(x->section, "五(三)1");
    assert_string_equal(x->stated, "行政运作");
    assert_string_equal(x->expected, "行政运行");
    assert_int_equal(x->severity, JS_SEV_WARNING);
    assert_int_equal(count(&f, "N-NAME"), 1);    /* （室） left out is not a different name */
    assert_int_equal(count(&f, "N-ITEMSUM"), 0); /* one item: nothing to add up */
    js_findings_release(&f);
    js_doc_free(d);
}

static void items_add_up_and_reasons(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    fx_row(d, 5, "2010302", "一般行政管理事务", (const char *[]){"0.00", "0.00", "0.00"});
    int p = san(d, "2020年度财政拨款支出年初预算数为90.00万元，支出决算数为100.00万元，其中：");
    item(d, p, 1, "一般公共服务(类)政府办公厅(室)及相关机构事务(款)行政运行(项)",
         "年初预算为50.00万元，支出决算为100."
         "00万元，决算数大于年初预算数的主要原因是：相关业务未开展。");
    item(d, p, 2, "一般公共服务(类)政府办公厅(室)及相关机构事务(款)一般行政管理事务(项)",
         "年初预算为30.00万元，支出决算为0万元，决算数小于年初预算数的主要原因是：项目未实施。");
    js_findings f = fx_check(d);
    const js_finding *x = fx_find(&f, "N-ITEMSUM", NULL, NULL, NULL);
    if (!x) fx_dump(&f);
    assert_non_null(x);
    assert_int_equal(count(&f, "N-ITEMSUM"), 1); /* 决算 100 + 0 = 100: right */
    assert_string_equal(x->stated, "90.00");
    assert_string_equal(x->expected, "80.00");
    assert_string_equal(x->section, "五(三)");
    x = fx_find(&f, "N-REASON", NULL, NULL, NULL);
    assert_non_null(x);
    assert_int_equal(count(&f, "N-REASON"), 1); /* 小于 … 未实施 agrees */
    assert_string_equal(x->section, "五(三)1");
    assert_non_null(strstr(x->message, "相关业务未开展"));
    js_findings_release(&f);
    js_doc_free(d);
}

static void what_an_item_is_for(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    fx_row(d, 5, "221", "住房保障支出", (const char *[]){"0.00", "0.00", "0.00"});
    fx_row(d, 5, "22102", "住房改革支出", (const char *[]){"0.00", "0.00", "0.00"});
    fx_row(d, 5, "2210201", "住房公积金", (const char *[]){"0.00", "0.00", "0.00"});
    fx_row(d, 5, "210", "卫生健康支出", (const char *[]){"0.00", "0.00", "0.00"});
    fx_row(d, 5, "21011", "行政事业单位医疗", (const char *[]){"0.00", "0.00", "0.00"});
    fx_row(d, 5, "2101101", "行政单位医疗", (const char *[]){"0.00", "0.00", "0.00"});
    int p = san(d, "2020年度财政拨款支出年初预算数为100.00万元，支出决算数为100.00万元，其中：");
    item(d, p, 1, "一般公共服务(类)政府办公厅(室)及相关机构事务(款)行政运行(项)",
         "主要用于：在职人员基本医疗保险缴费。年初预算为100.00万元，支出决算为100.00万元。");
    js_findings f = fx_check(d);
    const js_finding *x = fx_find(&f, "N-PURPOSE", NULL, NULL, NULL);
    if (!x) fx_dump(&f);
    assert_non_null(x);
    assert_non_null(strstr(x->message, "2101101 行政单位医疗"));
    js_findings_release(&f);
    js_doc_free(d);

    /* its own subject, or words no other 项 owns: nothing */
    d = fx_doc();
    fx_row(d, 5, "2101101", "行政单位医疗", (const char *[]){"0.00", "0.00", "0.00"});
    p = san(d, "2020年度财政拨款支出年初预算数为100.00万元，支出决算数为100.00万元，其中：");
    item(d, p, 1, "一般公共服务(类)政府办公厅(室)及相关机构事务(款)行政运行(项)",
         "主要用于：机关正常运转的基本支出。年初预算为100.00万元，支出决算为100.00万元。");
    f = fx_check(d);
    assert_int_equal(count(&f, "N-PURPOSE"), 0);
    js_findings_release(&f);
    js_doc_free(d);

    /* 基本支出 in words for a row that 05 shows as 项目支出 only */
    d = fx_doc();
    fx_set(d, 5, "2010301", NULL, NULL, "基本支出", "0.00");
    fx_set(d, 5, "2010301", NULL, NULL, "项目支出", "100.00");
    p = san(d, "2020年度财政拨款支出年初预算数为100.00万元，支出决算数为100.00万元，其中：");
    item(d, p, 1, "一般公共服务(类)政府办公厅(室)及相关机构事务(款)行政运行(项)",
         "主要用于：业务指导与宣传等基本支出。年初预算为100.00万元，支出决算为100.00万元。");
    f = fx_check(d);
    x = fx_find(&f, "N-PURPOSE", NULL, NULL, NULL);
    assert_non_null(x);
    assert_string_equal(x->stated, "基本支出");
    assert_string_equal(x->expected, "项目支出");
    js_findings_release(&f);
    js_doc_free(d);
}

/* one wrong 03 合计 breaks its row, its column and 01 = 03: one root, the rest point at it */
static void one_defect_one_root(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    fx_set(d, 3, "合计", NULL, NULL, "本年支出合计", "150.00");
    js_findings f = fx_check(d);
    int roots = 0, conseq = 0, root_id = 0;
    for (int i = 0; i < f.n; i++) {
        const js_finding *x = &f.items[i];
        if (x->kind &&
            (strcmp(x->kind, "arithmetic") == 0 || strcmp(x->kind, "cross-table") == 0)) {
            if (x->cause)
                conseq++;
            else
                roots++, root_id = x->id;
        }
    }
    if (roots != 1 || conseq < 2) fx_dump(&f);
    assert_int_equal(roots, 1);
    assert_true(conseq >= 2);
    for (int i = 0; i < f.n; i++)
        if (f.items[i].cause) assert_int_equal(f.items[i].cause, root_id);
    /* the text report folds the consequences under the root (the library's words are
     * English msgids until a program chooses the language: src/cli/i18n.c) */
    js_buf b;
    js_buf_init(&b);
    js_findings_text(d, &f, &b);
    assert_non_null(strstr(b.data, "└ caused by it"));
    js_buf_release(&b);
    js_buf_init(&b);
    js_findings_html_doc(d, &f, &b);
    assert_non_null(strstr(b.data, "class=\"sub\""));
    js_buf_release(&b);
    js_findings_release(&f);
    js_doc_free(d);
}

/* a growth rate stated on a total that is itself wrong is judged on the table's total */
static void rate_on_a_wrong_base(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    fx_para(d, 1, "2020年度收、支总计200.00万元。与上年相比，增加20.00万元，增长20.0%。");
    js_findings f = fx_check(d);
    const js_finding *x = fx_find(&f, "N-AMOUNT", NULL, NULL, NULL);
    if (!x) fx_dump(&f);
    assert_non_null(x);
    assert_string_equal(x->expected, "120.00");
    /* 20 / (120 - 20) = 20.0%: right against the table, so no second finding */
    assert_int_equal(fx_count(&f, "N-GROWTH"), 0);
    js_findings_release(&f);
    js_doc_free(d);

    d = fx_doc();
    fx_para(d, 1, "2020年度收、支总计200.00万元。与上年相比，增加20.00万元，增长25.0%。");
    f = fx_check(d);
    x = fx_find(&f, "N-GROWTH", NULL, NULL, NULL);
    assert_non_null(x); /* wrong against the table too: 20.0% */
    assert_string_equal(x->expected, "20.0");
    assert_non_null(strstr(x->message, "120.00"));
    js_findings_release(&f);
    js_doc_free(d);
}

/* the contracts won by small firms, counted by where they were won, cannot exceed the total */
static void procurement_counted_twice(void **state)
{
    (void)state;
    const char *ok =
        "2020年度政府采购金额为251.25万元，其中：货物采购金额4.79万元、工程采购金额0万元、"
        "服务采购金额246.47万元。在面向中小企业预留的政府采购项目中，由中小企业供应商中标或"
        "成交的，采购金额246.47万元；在其他政府采购项目中，由中小企业供应商中标或成交的，"
        "采购金额4.79万元。";
    const char *bad =
        "2020年度政府采购金额为251.25万元，其中：货物采购金额4.79万元、工程采购金额0万元、"
        "服务采购金额246.47万元。在面向中小企业预留的政府采购项目中，由中小企业供应商中标"
        "或成交的，采购金额246.47万元；在其他政府采购项目中，由中小企业供应商中标或成交的，"
        "采购金额251.25万元。";
    for (int k = 0; k < 2; k++) {
        js_doc *d = fx_doc();
        int si = fx_sec_add(d, JS_PART_NARRATIVE, 1, 12, "十二", "关于政府采购支出说明", 0);
        fx_para(d, si, k ? bad : ok);
        js_findings f = fx_check(d);
        int errors = 0;
        for (int i = 0; i < f.n; i++)
            if (!strcmp(f.items[i].rule, "N-PROCUREMENT") && f.items[i].severity == JS_SEV_ERROR)
                errors++;
        if (errors != k) fx_dump(&f);
        assert_int_equal(errors, k);
        if (k) {
            const js_finding *x = NULL;
            for (int i = 0; i < f.n; i++)
                if (!strcmp(f.items[i].rule, "N-PROCUREMENT") &&
                    f.items[i].severity == JS_SEV_ERROR)
                    x = &f.items[i];
            assert_non_null(x);
            assert_string_equal(x->stated, "497.72");
            assert_string_equal(x->expected, "251.25");
        }
        js_findings_release(&f);
        js_doc_free(d);
    }
}

/* a 小微/中小企业 amount beyond its bound is one defect: its share of the total follows */
static void procurement_part_beyond_bound(void **state)
{
    (void)state;
    const char *texts[] = {
        /* right */
        "2020年度政府采购支出总额100.00万元，其中：政府采购货物支出20.00万元、政府采购工程支出"
        "30.00万元、政府采购服务支出50.00万元。授予中小企业合同金额80.00万元，占政府采购支出"
        "总额的80%，其中：授予小微企业合同金额60.00万元，占政府采购支出总额的60%。",
        /* 小微 overstated: beyond 中小 (its 60% share is right on 60.00) */
        "2020年度政府采购支出总额100.00万元，其中：政府采购货物支出20.00万元、政府采购工程支出"
        "30.00万元、政府采购服务支出50.00万元。授予中小企业合同金额80.00万元，占政府采购支出"
        "总额的80%，其中：授予小微企业合同金额90.00万元，占政府采购支出总额的60%。",
        /* 中小 beyond the total */
        "2020年度政府采购支出总额100.00万元，其中：政府采购货物支出20.00万元、政府采购工程支出"
        "30.00万元、政府采购服务支出50.00万元。授予中小企业合同金额180.00万元，占政府采购支出"
        "总额的80%，其中：授予小微企业合同金额60.00万元，占政府采购支出总额的60%。",
        /* 中小 understated below 小微 */
        "2020年度政府采购支出总额100.00万元，其中：政府采购货物支出20.00万元、政府采购工程支出"
        "30.00万元、政府采购服务支出50.00万元。授予中小企业合同金额50.00万元，占政府采购支出"
        "总额的80%，其中：授予小微企业合同金额60.00万元，占政府采购支出总额的60%。",
    };
    for (int k = 0; k < 4; k++) {
        js_doc *d = fx_doc();
        int si = fx_sec_add(d, JS_PART_NARRATIVE, 1, 12, "十二", "关于政府采购支出说明", 0);
        fx_para(d, si, texts[k]);
        js_findings f = fx_check(d);
        int errors = 0;
        for (int i = 0; i < f.n; i++)
            if (!strcmp(f.items[i].rule, "N-PROCUREMENT") && f.items[i].severity >= JS_SEV_WARNING)
                errors++;
        if (errors != (k > 0)) fx_dump(&f);
        assert_int_equal(errors, k > 0);
        js_findings_release(&f);
        js_doc_free(d);
    }
}

/* "增加12.00万元（上年为0）": with nothing the year before, the increase is this year's whole
 * figure (N-GROWTH); the right one gives nothing. */
static void increase_from_nothing(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    fx_para(d, 1,
            "2020年度收入总计120.00万元，与上年相比增加12.00万元（上年为0），主要原因是新设。");
    js_findings f = fx_check(d);
    const js_finding *x = fx_find(&f, "N-GROWTH", NULL, NULL, NULL);
    if (!x) fx_dump(&f);
    assert_non_null(x);
    assert_string_equal(x->stated, "12.00");
    assert_string_equal(x->expected, "120.00");
    js_findings_release(&f);
    js_doc_free(d);
    d = fx_doc();
    fx_para(d, 1,
            "2020年度收入总计120.00万元，与上年相比增加120.00万元（上年为0），主要原因是新设。");
    f = fx_check(d);
    assert_null(fx_find(&f, "N-GROWTH", NULL, NULL, NULL));
    js_findings_release(&f);
    js_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(appendix_totals),
        cmocka_unit_test(item_names_against_05_and_catalogue),
        cmocka_unit_test(items_add_up_and_reasons),
        cmocka_unit_test(what_an_item_is_for),
        cmocka_unit_test(one_defect_one_root),
        cmocka_unit_test(rate_on_a_wrong_base),
        cmocka_unit_test(procurement_counted_twice),
        cmocka_unit_test(procurement_part_beyond_bound),
        cmocka_unit_test(increase_from_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
