/* test_model.c - the arena, the document model and the facts export. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "juesuan/juesuan.h"

static void arena(void **state)
{
    (void)state;
    js_arena *a = js_arena_new();
    assert_non_null(a);
    char *s = js_arena_strdup(a, "决算");
    assert_string_equal(s, "决算");
    /* a block larger than a chunk, then small ones keep working */
    char *big = js_arena_alloc(a, 1 << 20);
    assert_non_null(big);
    big[(1 << 20) - 1] = 'x';
    for (int i = 0; i < 10000; i++) {
        int *p = js_arena_alloc(a, sizeof *p);
        assert_non_null(p);
        assert_int_equal(*p, 0);
        assert_int_equal((uintptr_t)p % 16, 0);
    }
    assert_string_equal(js_arena_printf(a, "%s %d", "公开", 7), "公开 7");
    assert_null(js_arena_calloc(a, SIZE_MAX / 2, 4));
    assert_true(js_arena_used(a) >= (1 << 20));
    js_arena_free(a);
    js_arena_free(NULL);
}

/* js_arena_mark / js_arena_release: what was allocated before the mark is kept, what
 * after it given back (small blocks, new chunks, big blocks of their own), and the
 * arena's room reused: the same address again after a release. */
static void arena_mark(void **state)
{
    (void)state;
    js_arena *a = js_arena_new();
    assert_non_null(a);
    js_arena_pos empty = js_arena_mark(a);
    char *first = js_arena_strdup(a, "before");
    size_t used = js_arena_used(a);
    js_arena_pos m = js_arena_mark(a);
    for (int round = 0; round < 3; round++) {
        char *p = js_arena_strdup(a, "after");
        if (round == 0) first[0] = 'B';
        assert_non_null(p);
        char *again = js_arena_strdup(a, "x");
        (void)again;
        /* more than a chunk in small blocks, and a big block of its own */
        for (int i = 0; i < 5000; i++)
            assert_non_null(js_arena_alloc(a, 64));
        char *big = js_arena_alloc(a, 1 << 20);
        assert_non_null(big);
        big[(1 << 20) - 1] = 'x';
        assert_true(js_arena_used(a) > used + (1 << 20));
        js_arena_release(a, m);
        assert_int_equal(js_arena_used(a), used);
        assert_string_equal(first, "Before");
        char *q = js_arena_strdup(a, "after");
        assert_ptr_equal(q, p); /* the released room is handed out again */
        js_arena_release(a, m);
    }
    /* nested: the inner mark released first */
    js_arena_pos outer = js_arena_mark(a);
    char *o = js_arena_strdup(a, "outer");
    js_arena_pos inner = js_arena_mark(a);
    for (int i = 0; i < 3000; i++)
        assert_non_null(js_arena_alloc(a, 100));
    js_arena_release(a, inner);
    assert_string_equal(o, "outer");
    js_arena_release(a, outer);
    assert_int_equal(js_arena_used(a), used);
    /* a mark of the empty arena: everything given back */
    js_arena_release(a, empty);
    assert_int_equal(js_arena_used(a), 0);
    assert_string_equal(js_arena_strdup(a, "new"), "new");
    js_arena_release(NULL, m);
    js_arena_free(a);
}

/* A big block allocated before a mark and grown after it (realloc may move its chunk):
 * the release must find the chunks made before the mark by number, not by an address
 * that moved, and keep them all (under ASan a chunk freed by mistake is caught here). */
static void arena_mark_grown(void **state)
{
    (void)state;
    js_arena *a = js_arena_new();
    assert_non_null(a);
    char *small = js_arena_strdup(a, "small");
    size_t n = 200000;
    char *big = js_arena_alloc_raw(a, n);
    assert_non_null(big);
    memset(big, 'b', n);
    char *big2 = js_arena_alloc_raw(a, n); /* a second one, behind the first */
    assert_non_null(big2);
    memset(big2, 'c', n);
    js_arena_pos m = js_arena_mark(a);
    for (int i = 0; i < 3000; i++)
        assert_non_null(js_arena_alloc(a, 100)); /* new heads */
    assert_non_null(js_arena_alloc_raw(a, n));   /* a big block of after the mark */
    big2 = js_arena_grow_raw(a, big2, n, 8 * n, 1);
    assert_non_null(big2);
    size_t used = js_arena_used(a);
    js_arena_release(a, m);
    assert_true(js_arena_used(a) < used);
    assert_string_equal(small, "small");
    for (size_t i = 0; i < n; i++) {
        if (big[i] != 'b' || big2[i] != 'c')
            fail_msg("byte %zu of a block of before the mark lost", i);
    }
    /* the grown block is still a block of the arena: it grows again, in place or not */
    big2 = js_arena_grow_raw(a, big2, n, 9 * n, 1);
    assert_non_null(big2);
    assert_int_equal(big2[n - 1], 'c');
    js_arena_free(a);
}

static js_doc *sample(void)
{
    js_doc *d = js_doc_new("sample.txt");
    const char *cols05[] = {"小计", "基本支出", "项目支出"};
    js_table *t = js_doc_table_add(d, 5, 3, cols05);
    js_loc l = {.line = 10};
    js_row *r = js_table_row_add(d, t, "合计", NULL, "合计", l);
    js_cell_set(d, &r->cells[0], 75400000, "75.40", l);
    js_cell_set(d, &r->cells[1], 75400000, "75.40", l);
    js_cell_set(d, &r->cells[2], 0, "0.00", l);
    l.line = 11;
    r = js_table_row_add(d, t, "201", "201", "一般公共服务支出", l);
    js_cell_set(d, &r->cells[0], 75400000, "75.40", l);
    l.line = 12;
    r = js_table_row_add(d, t, "201", "201", "一般公共服务支出", l); /* printed again */
    js_cell_set(d, &r->cells[0], 75400000, "75.40", l);
    const char *cols07[] = {"预算:合计", "决算:公务接待费"};
    t = js_doc_table_add(d, 7, 2, cols07);
    r = js_table_row_add(d, t, "三公经费", NULL, NULL, l);
    js_cell_set(d, &r->cells[1], 80000, "0.08", l);
    return d;
}

static void doc_tables(void **state)
{
    (void)state;
    js_doc *d = sample();
    js_table *t = d->tables[5];
    assert_int_equal(t->nrows, 3);
    assert_int_equal(t->rows[2].dup_of, 1);
    assert_int_equal(t->rows[1].dup_of, -1);
    assert_int_equal(js_table_col(t, "基本支出"), 1);
    assert_int_equal(js_table_col(t, "合计"), -1);
    assert_int_equal(js_table_value(t, "合计", "小计"), 75400000);
    assert_int_equal(js_table_value(t, "999", "小计"), 0);
    assert_null(js_table_cell(t, "合计", "nope"));
    assert_ptr_equal(js_doc_table_add(d, 5, 0, NULL), t);
    assert_null(js_doc_table_add(d, 10, 0, NULL));
    /* many rows: the row array grows and keeps its contents */
    for (int i = 0; i < 500; i++) {
        char key[16];
        snprintf(key, sizeof key, "k%d", i);
        js_row *r = js_table_row_add(d, t, key, NULL, NULL, (js_loc){.line = i});
        js_cell_set(d, &r->cells[2], i, NULL, (js_loc){.line = i});
    }
    assert_int_equal(js_table_value(t, "k499", "项目支出"), 499);
    assert_int_equal(js_table_value(t, "合计", "小计"), 75400000);
    assert_string_equal(js_table_id(7), "07");
    assert_string_equal(js_table_title(1), "收入支出决算总表");
    js_doc_free(d);
}

static void narrative_and_notes(void **state)
{
    (void)state;
    js_doc *d = js_doc_new("x.txt");
    js_section s = {.num = "一",
                    .title = "收入支出决算总体情况说明",
                    .part = JS_PART_NARRATIVE,
                    .level = 1,
                    .value = 1,
                    .parent = -1,
                    .loc = {.line = 386}};
    int si = js_doc_section_add(d, &s);
    assert_int_equal(si, 0);
    for (int i = 0; i < 40; i++)
        js_doc_para_add(d, "2020 年度收、支总计 179.22 万元。", si, (js_loc){.line = 388 + i}, 1);
    assert_int_equal(d->sections[0].npara, 40);
    assert_int_equal(d->sections[0].first_para, 0);
    assert_string_equal(d->paras[39].text, "2020 年度收、支总计 179.22 万元。");
    js_doc_note(d, "TABLE-TWICE", 1, (js_loc){.line = 124}, "公开%s表印了%d次", "01", 2);
    assert_string_equal(d->notes[0].text, "公开01表印了2次");
    js_perf *p = js_doc_perf_add(d, 1);
    for (int i = 0; i < 30; i++)
        js_perf_ind_add(d, p)->l3 = "x";
    assert_int_equal(p->ninds, 30);
    js_doc_free(d);
}

static void facts_export(void **state)
{
    (void)state;
    js_doc *d = sample();
    js_buf b;
    js_buf_init(&b);
    js_facts_tsv_header(&b, false);
    js_facts_tsv(&b, d, NULL);
    /* zeros are left out, the repeated row 201 is given once */
    assert_string_equal(b.data, "table\trow\tcolumn\tvalue\n"
                                "05\t合计\t小计\t75.40\n"
                                "05\t合计\t基本支出\t75.40\n"
                                "05\t201\t小计\t75.40\n"
                                "07\t三公经费\t决算:公务接待费\t0.08\n");
    b.len = 0;
    js_facts_tsv(&b, d, "a.txt");
    assert_true(strncmp(b.data, "a.txt\t05\t合计\t小计\t75.40\n",
                        strlen("a.txt\t05\t合计\t小计\t75.40\n")) == 0);
    js_buf_release(&b);
    js_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena),
        cmocka_unit_test(arena_mark),
        cmocka_unit_test(arena_mark_grown),
        cmocka_unit_test(doc_tables),
        cmocka_unit_test(narrative_and_notes),
        cmocka_unit_test(facts_export),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
