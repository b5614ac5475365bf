/* test_doubt_refill.c - the reading-doubt search (src/lib/check/doubt.c) on two misreads
 * at once: in the 2024 Shanghai layout text, 06's 30202 印刷费 7.61 moved one column left
 * under 30102 津贴补贴's 1,238.58 (the groups are side by side): the reader gives 30102
 * 7.61 and drops 1,238.58, and 30202 is left blank. Moving 7.61 back alone leaves 301's
 * identity broken, filling 30102 alone leaves 302's: only both together explain the two
 * T-HIER errors, as reading doubts. */
#include "check_fixture.h"
#include "test_util.h"
#include <stdlib.h>

/* The line holding only 7.61 (30202's figure, right group) made to hold it under
 * 1,238.58 of the line above (left group): the figure's right edge on 1,238.58's. */
static void move_left_under(char *s)
{
    char *big = strstr(s, "\n                            1,238.58\n");
    assert_non_null(big);
    char *line = big + strlen("\n                            1,238.58\n");
    char *fig = strstr(line, "7.61\n");
    assert_non_null(fig);
    assert_true(fig - line > 40); /* in the right group before */
    size_t edge = strlen("                            1,238.58");
    memset(line, ' ', (size_t)(fig - line) + 4);
    memcpy(line + edge - 4, "7.61", 4);
}

static void moved_over_another_figure(void **state)
{
    (void)state;
    char *s = fx_shanghai_text();
    js_doc *d = test_parse_text(s);
    js_findings f = fx_check(d);
    int hier = fx_count(&f, "T-HIER"), doubts = fx_count(&f, "R-DOUBT");
    js_findings_release(&f);
    js_doc_free(d);
    move_left_under(s);
    d = test_parse_text(s);
    /* the misread as the reader makes it */
    assert_int_equal(js_table_value(d->tables[6], "30102", "决算数"),
                     7610000); /* 7.61 万元 in fen */
    assert_int_equal(js_table_value(d->tables[6], "30202", "决算数"), 0);
    f = fx_check(d);
    /* no error from it: two reading doubts instead, the moved figure and the hidden one */
    if (fx_count(&f, "T-HIER") != hier) fx_dump(&f);
    assert_int_equal(fx_count(&f, "T-HIER"), hier);
    assert_int_equal(fx_count(&f, "R-DOUBT"), doubts + 2);
    bool moved = false, refilled = false;
    for (int i = 0; i < f.n; i++) {
        const js_finding *x = &f.items[i];
        if (strcmp(x->rule, "R-DOUBT") != 0 || !x->row || strcmp(x->row, "30102") != 0) continue;
        moved = moved || (x->message && strstr(x->message, "应属于30202"));
        refilled = refilled || (x->expected && strcmp(x->expected, "1238.58") == 0);
    }
    assert_true(moved);
    assert_true(refilled);
    js_findings_release(&f);
    js_doc_free(d);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(moved_over_another_figure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
