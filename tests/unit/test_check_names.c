/* test_check_names.c - the unit's name and the year in running text
 * (unitname.c: C-DEPT-TEXT, F-YEAR) and what a 五(三) item says it is for
 * against the whole 功能分类 catalogue (purpose.c: N-PURPOSE). */
#include "check_fixture.h"
#include "test_util.h"

#include <stdlib.h>

static const js_finding *first_of(const js_findings *f, const char *rule, int sev)
{
    for (int i = 0; i < f->n; i++)
        if (strcmp(f->items[i].rule, rule) == 0 && f->items[i].severity == sev) return &f->items[i];
    return NULL;
}

static int count_sev(const js_findings *f, const char *rule, int sev)
{
    int n = 0;
    for (int i = 0; i < f->n; i++)
        n += strcmp(f->items[i].rule, rule) == 0 && f->items[i].severity == sev;
    return n;
}

/* seed 000 calls itself 清水塘关停企业事务中心 in 概况 and 附件, as its cover does;
 * the tables say 清水塘企业事务中心 */
static void variant_name_points_at_the_cover(void **state)
{
    (void)state;
    js_doc *d = test_parse_seed("000_e65ad6a672f33cc8.txt");
    js_findings f = fx_check(d);
    const js_finding *x = first_of(&f, "C-DEPT-TEXT", JS_SEV_WARNING);
    if (!x) fx_dump(&f);
    assert_non_null(x);
    assert_string_equal(x->stated, "株洲市石峰区清水塘关停企业事务中心");
    assert_string_equal(x->expected, "株洲市石峰区清水塘企业事务中心");
    assert_int_equal(x->loc.line, 77);
    assert_non_null(strstr(x->message, "的主要职责"));
    /* one finding for the name wherever it is printed, under the cover's */
    assert_int_equal(fx_count(&f, "C-DEPT-TEXT"), 1);
    assert_non_null(strstr(x->message, "另有"));
    const js_finding *cov = NULL;
    for (int i = 0; i < f.n; i++)
        if (!strcmp(f.items[i].rule, "C-DEPT") && f.items[i].section &&
            !strcmp(f.items[i].section, "封面"))
            cov = &f.items[i];
    assert_non_null(cov);
    assert_int_equal(x->cause, cov->id);
    js_findings_release(&f);
    js_doc_free(d);
}

/* seed 002 writes 株洲市石峰区区委办 for 中共株洲市石峰区委办公室: a short form, a notice */
static void short_form_is_a_notice(void **state)
{
    (void)state;
    js_doc *d = test_parse_seed("002_4b65da696dc0427c.txt");
    js_findings f = fx_check(d);
    const js_finding *x = first_of(&f, "C-DEPT-TEXT", JS_SEV_NOTICE);
    if (!x) fx_dump(&f);
    assert_non_null(x);
    assert_string_equal(x->stated, "株洲市石峰区区委办");
    assert_int_equal(x->loc.line, 56);
    assert_int_equal(count_sev(&f, "C-DEPT-TEXT", JS_SEV_WARNING), 0);
    js_findings_release(&f);
    js_doc_free(d);
}

static char *read_seed(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/seeds/%s", JS_SHARED_DIR, name);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    char *b = calloc(1, 1 << 20);
    assert_non_null(b);
    size_t n = fread(b, 1, (1 << 20) - 1, fp);
    fclose(fp);
    b[n] = '\0';
    return b;
}

/* s with the first occurrence of from after the line starting at line_prefix replaced by to */
static char *replace_in(const char *s, const char *from, const char *to)
{
    const char *p = strstr(s, from);
    assert_non_null(p);
    size_t n = strlen(s), a = strlen(from), b = strlen(to);
    char *r = malloc(n - a + b + 1);
    assert_non_null(r);
    memcpy(r, s, (size_t)(p - s));
    memcpy(r + (p - s), to, b);
    memcpy(r + (p - s) + b, p + a, n - (size_t)(p - s) - a + 1);
    return r;
}

/* another unit's name where the text speaks of itself, and a 2019 left in a 2020 sentence */
static void another_unit_and_an_old_year(void **state)
{
    (void)state;
    char *s = read_seed("003_bacf23239032d27d.txt");
    char *t =
        replace_in(s, "株洲市荷塘区产业服务中心内设机构包括", "株洲市芦淞区商务局内设机构包括");
    char *u = replace_in(t, "2020年度收入总计", "2019年度收入总计");
    js_doc *d = test_parse_text(u);
    js_findings f = fx_check(d);
    const js_finding *x = first_of(&f, "C-DEPT-TEXT", JS_SEV_WARNING);
    if (!x) fx_dump(&f);
    assert_non_null(x);
    assert_string_equal(x->stated, "株洲市芦淞区商务局");
    assert_non_null(strstr(x->message, "其他单位"));
    const js_finding *y = NULL;
    for (int i = 0; i < f.n; i++)
        if (!strcmp(f.items[i].rule, "F-YEAR") && f.items[i].stated &&
            !strcmp(f.items[i].stated, "2019"))
            y = &f.items[i];
    assert_non_null(y);
    assert_string_equal(y->section, "一");
    assert_string_equal(y->expected, "2020");
    js_findings_release(&f);
    js_doc_free(d);
    /* the unchanged seed: neither */
    d = test_parse_text(s);
    f = fx_check(d);
    assert_int_equal(fx_count(&f, "C-DEPT-TEXT"), 0);
    assert_null(fx_find(&f, "F-YEAR", NULL, NULL, NULL));
    js_findings_release(&f);
    js_doc_free(d);
    free(u);
    free(t);
    free(s);
}

/* the 2024 Shanghai text with the title of 第二部分 naming another unit */
static void part_title_names_another_unit(void **state)
{
    (void)state;
    char *s = fx_shanghai_text();
    js_doc *d = test_parse_text(s);
    js_findings f = fx_check(d);
    /* as published: the titles name the unit */
    assert_int_equal(fx_count(&f, "C-DEPT-TEXT"), 0);
    js_findings_release(&f);
    js_doc_free(d);
    char *t =
        replace_in(s, "\f    第二部分 上海市普陀区财政局", "\f    第二部分 上海市普陀区商务委员会");
    d = test_parse_text(t);
    f = fx_check(d);
    const js_finding *x = fx_find(&f, "C-DEPT-TEXT", NULL, NULL, NULL);
    if (!x) fx_dump(&f);
    assert_non_null(x);
    assert_string_equal(x->section, "第二部分");
    assert_string_equal(x->stated, "上海市普陀区商务委员会");
    assert_int_equal(x->loc.line, 125);
    js_findings_release(&f);
    js_doc_free(d);
    free(t);
    free(s);
}

/* an item of 五(三), its 05 row and the stated figures */
static js_doc *item_doc(const char *code, const char *name, const char *text)
{
    js_doc *d = fx_doc();
    fx_row(d, 5, "221", "住房保障支出", (const char *[]){"0.00", "0.00", "0.00"});
    fx_row(d, 5, "22102", "住房改革支出", (const char *[]){"0.00", "0.00", "0.00"});
    fx_row(d, 5, "2210201", "住房公积金", (const char *[]){"0.00", "0.00", "0.00"});
    fx_row(d, 5, "208", "社会保障和就业支出", (const char *[]){"0.00", "0.00", "0.00"});
    fx_row(d, 5, "20805", "行政事业单位养老支出", (const char *[]){"0.00", "0.00", "0.00"});
    fx_row(d, 5, "2080505", "机关事业单位基本养老保险缴费支出",
           (const char *[]){"0.00", "0.00", "0.00"});
    fx_section(d, JS_PART_NARRATIVE, 2, 3, "五(三)", "一般公共预算财政拨款支出决算具体情况");
    int p = d->nsections - 1;
    d->sections[p].parent = 5;
    fx_section(d, JS_PART_NARRATIVE, 3, 1, "五(三)1", name);
    d->sections[d->nsections - 1].parent = p;
    assert_true(js_doc_para_add(d, text, d->nsections - 1, fx_loc(), 1) >= 0);
    (void)code;
    return d;
}

static void purpose_against_the_catalogue(void **state)
{
    (void)state;
    /* 医疗保险: no 210 row in 05, the catalogue's 2101101 行政单位医疗 and the short form */
    js_doc *d =
        item_doc("2210201", "住房保障支出(类)住房改革支出(款)住房公积金(项)",
                 "主要用于：在职人员医疗保险缴费。年初预算为0.00万元，支出决算为0.00万元。");
    js_findings f = fx_check(d);
    const js_finding *x = fx_find(&f, "N-PURPOSE", NULL, NULL, NULL);
    if (!x) fx_dump(&f);
    assert_non_null(x);
    assert_non_null(strstr(x->message, "2210201 住房公积金"));
    assert_non_null(strstr(x->message, "医疗"));
    js_findings_release(&f);
    js_doc_free(d);
    /* 养老保险 is the short form of its own 2080505: nothing */
    d = item_doc(
        "2080505",
        "社会保障和就业支出(类)行政事业单位养老支出(款)机关事业单位基本养老保险缴费支出(项)",
        "主要用于：在职人员养老保险缴费。年初预算为0.00万元，支出决算为0.00万元。");
    f = fx_check(d);
    if (fx_count(&f, "N-PURPOSE")) fx_dump(&f);
    assert_int_equal(fx_count(&f, "N-PURPOSE"), 0);
    js_findings_release(&f);
    js_doc_free(d);
    /* 公积金 for 2080505: another 项's purpose, by its short form */
    d = item_doc(
        "2080505",
        "社会保障和就业支出(类)行政事业单位养老支出(款)机关事业单位基本养老保险缴费支出(项)",
        "主要用于：在职人员公积金缴存。年初预算为0.00万元，支出决算为0.00万元。");
    f = fx_check(d);
    x = fx_find(&f, "N-PURPOSE", NULL, NULL, NULL);
    if (!x) fx_dump(&f);
    assert_non_null(x);
    assert_non_null(strstr(x->message, "2210201"));
    js_findings_release(&f);
    js_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(variant_name_points_at_the_cover),
        cmocka_unit_test(short_form_is_a_notice),
        cmocka_unit_test(another_unit_and_an_old_year),
        cmocka_unit_test(part_title_names_another_unit),
        cmocka_unit_test(purpose_against_the_catalogue),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
