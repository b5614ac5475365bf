/* test_words.c - the words of the audit rules (data/check/words.tsv, model/words.c):
 * the lists load, bad records are errors naming file and line, and the rules read
 * their words from the data (a word taken out of the data is no longer looked for). */
#include "check_fixture.h"
#include "test_util.h"

#include <stdlib.h>

static const js_word *find(const js_words *w, int kind, const char *word)
{
    int n;
    const js_word *x = js_words_of(w, kind, &n);
    for (int i = 0; i < n; i++)
        if (strcmp(x[i].word, word) == 0) return &x[i];
    return NULL;
}

static void builtin_lists(void **state)
{
    (void)state;
    js_err err;
    js_words *w = js_words_new(&err);
    assert_non_null(w);
    for (int k = 0; k < JS_W_COUNT; k++) {
        int n;
        js_words_of(w, k, &n);
        assert_true(n > 0);
    }
    const js_word *x = find(w, JS_W_SHORT, "医疗保险");
    assert_non_null(x);
    assert_string_equal(x->value, "21011");
    assert_non_null(find(w, JS_W_YEAR_FIGURE, "收入总计"));
    assert_null(find(w, JS_W_YEAR_FIGURE, "收入"));
    assert_non_null(find(w, JS_W_YEAR_COMPARE, "上年"));
    x = find(w, JS_W_SANGONG, "购置+运行");
    assert_non_null(x);
    assert_string_equal(x->value, "公务用车购置及运行费");
    int n;
    assert_null(js_words_of(NULL, JS_W_SHORT, &n));
    assert_int_equal(n, 0);
    js_words_free(w);
}

static void bad_records(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "# a comment\nshort\t医保\tabc\n",     /* not a code */
        "year-figure\t收入总计\nnoun\t收入\n", /* no such kind */
        "sangong\t出国\n",                     /* the item is missing */
        "short\t\t21011\n",                    /* empty word */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        js_err err;
        js_err_clear(&err);
        js_words *w = js_words_parse("words.tsv", bad[i], strlen(bad[i]), &err);
        assert_null(w);
        assert_int_equal(err.status, JS_EINPUT);
        assert_non_null(strstr(err.msg, i < 2 ? "words.tsv:2:" : "words.tsv:1:"));
    }
    assert_true(js_words_all_in("公务用车购置及运行费", "购置+运行"));
    assert_false(js_words_all_in("公务用车购置费", "购置+运行"));
    assert_true(js_words_all_in("因公出国（境）费", "出国"));
}

/* F-YEAR looks for the year-figure words of the data: without 收入总计 in the data a
 * "2019年度收入总计" in a 2020 document is not reported */
static void rules_read_the_data(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/seeds/003_bacf23239032d27d.txt", JS_SHARED_DIR);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    static char buf[1 << 20];
    size_t len = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    buf[len] = '\0';
    char *p = strstr(buf, "2020年度收入总计");
    assert_non_null(p);
    memcpy(p, "2019", 4);
    js_doc *d = test_parse_text(buf);
    js_err err;
    js_ctx *ctx = js_ctx_new(&err);
    assert_non_null(ctx);
    js_findings f;
    js_findings_init(&f);
    assert_int_equal(js_check(ctx, d, &f, &err), JS_OK);
    int with = 0;
    for (int i = 0; i < f.n; i++)
        with += !strcmp(f.items[i].rule, "F-YEAR") && f.items[i].stated &&
                !strcmp(f.items[i].stated, "2019");
    assert_int_equal(with, 1);
    js_findings_release(&f);
    /* the same lists without that one word */
    static const char words[] = "year-figure\t支出总计\nyear-compare\t上年\n";
    js_words *mine = js_words_parse("mine.tsv", words, strlen(words), &err);
    assert_non_null(mine);
    js_words *builtin = ctx->words;
    ctx->words = mine;
    js_findings_init(&f);
    assert_int_equal(js_check(ctx, d, &f, &err), JS_OK);
    int without = 0;
    for (int i = 0; i < f.n; i++)
        without += !strcmp(f.items[i].rule, "F-YEAR") && f.items[i].stated &&
                   !strcmp(f.items[i].stated, "2019");
    assert_int_equal(without, 0);
    js_findings_release(&f);
    ctx->words = builtin;
    js_words_free(mine);
    js_ctx_free(ctx);
    js_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(builtin_lists),
        cmocka_unit_test(bad_records),
        cmocka_unit_test(rules_read_the_data),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
