/* test_layout.c - the print layout as data (data/templates/layout.tsv, issue #10):
 * the header cells and the note of each table come from the form's records, a
 * form's own records of a table replace the "*" ones, and a change to the data
 * alone changes the grid that every renderer draws. */
#include "check_fixture.h"

#include "data.h"
#include "render/render_impl.h"

static const char *at(const bg_grid *g, int r, int c)
{
    const bg_cell *x = bg_at(g, r, c);
    return x->text ? x->text : "";
}

/* The built-in layout: the 2020 form's headers and notes. */
static void builtin(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    js_arena *a = js_arena_new();
    bg_grid *g = bg_table(d, 7, a);
    assert_non_null(g);
    assert_string_equal(at(g, 0, 0), "预算数");
    assert_int_equal(bg_at(g, 0, 0)->colspan, 6);
    assert_string_equal(at(g, 0, 6), "决算数");
    assert_string_equal(at(g, 1, 1), "因公出国（境）费");
    assert_int_equal(bg_at(g, 1, 1)->rowspan, 2);
    assert_string_equal(at(g, 2, 4), "公务用车运行费");
    assert_string_equal(at(g, 3, 0), "1"); /* 栏次 */
    assert_true(strncmp(g->note, "注：本表反映部门本年度“三公”经费", 20) == 0);
    g = bg_table(d, 1, a);
    assert_non_null(g);
    assert_string_equal(at(g, 0, 0), "收 入");
    assert_string_equal(at(g, 1, 2), "决算数");
    assert_string_equal(at(g, 2, 5), "2");
    assert_true(bg_at(g, 2, 5)->num);
    assert_false(bg_at(g, 2, 3)->num);
    /* 05: its columns' words through {N} */
    g = bg_table(d, 5, a);
    assert_string_equal(at(g, 0, 2), "本年支出");
    assert_string_equal(at(g, 1, 2), d->tables[5]->cols[0]);
    assert_string_equal(at(g, 1, 4), d->tables[5]->cols[2]);
    /* 02: no head records: each column headed by its key */
    g = bg_table(d, 2, a);
    assert_string_equal(at(g, 0, 2), d->tables[2]->cols[0]);
    assert_int_equal(bg_at(g, 0, 2)->rowspan, 2);
    js_arena_free(a);
    js_doc_free(d);
}

/* A form of its own, as data only: its 07 headed and noted otherwise. */
static void form_of_its_own(void **state)
{
    (void)state;
    js_buf t;
    js_buf_init(&t);
    js_buf_append(&t, js_data_layout_tsv, js_data_layout_tsv_len);
    js_buf_puts(&t, "note\tfictional-2023\t7\t注：本表为虚构省份的样式。\n"
                    "head\tfictional-2023\t7\t0\t0\t6\t1\t全年预算数\n"
                    "head\tfictional-2023\t7\t0\t6\t6\t1\t实际支出数\n");
    js_arena *a = js_arena_new();
    js_err err;
    bg_layout *lay = bg_layout_parse(a, "layout.tsv", t.data, t.len, &err);
    assert_non_null(lay);
    js_doc *d = fx_doc();
    d->form = "fictional-2023";
    bg_grid *g = bg_table_in(lay, d, 7, a);
    assert_string_equal(at(g, 0, 0), "全年预算数");
    assert_string_equal(at(g, 0, 6), "实际支出数");
    assert_string_equal(at(g, 1, 1), ""); /* the form's records replace all "*" ones of 07 */
    assert_string_equal(g->note, "注：本表为虚构省份的样式。");
    /* its other tables, and the other forms, as before */
    g = bg_table_in(lay, d, 1, a);
    assert_string_equal(at(g, 0, 0), "收 入");
    d->form = "2020";
    g = bg_table_in(lay, d, 7, a);
    assert_string_equal(at(g, 0, 0), "预算数");
    assert_string_equal(at(g, 1, 1), "因公出国（境）费");

    /* a bad record is refused with its line */
    js_buf_puts(&t, "head\t*\t7\tx\t0\t1\t1\t?\n");
    assert_null(bg_layout_parse(a, "layout.tsv", t.data, t.len, &err));
    assert_non_null(strstr(err.msg, "layout.tsv:"));
    js_doc_free(d);
    js_arena_free(a);
    js_buf_release(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(builtin),
        cmocka_unit_test(form_of_its_own),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
