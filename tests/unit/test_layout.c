/* test_layout.c - the print layout as data (data/templates/layout.tsv, issue #10):
 * the header cells and the note of each table come from the form's records, a
 * form's own records of a table replace the "*" ones, and a change to the data
 * alone changes the grid that every renderer draws. The layout is part of the
 * form data (js_templates) the renderers take. */
#include "check_fixture.h"

#include "data.h"
#include "form_fixture.h"
#include "model/form_layout.h"
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
    js_templates *tp = form_with_layout("");
    bg_grid *g = bg_table_in(tp, d, 7, a);
    assert_non_null(g);
    assert_string_equal(at(g, 0, 0), "预算数");
    assert_int_equal(bg_at(g, 0, 0)->colspan, 6);
    assert_string_equal(at(g, 0, 6), "决算数");
    assert_string_equal(at(g, 1, 1), "因公出国（境）费");
    assert_int_equal(bg_at(g, 1, 1)->rowspan, 2);
    assert_string_equal(at(g, 2, 4), "公务用车运行费");
    assert_string_equal(at(g, 3, 0), "1"); /* 栏次 */
    assert_true(strncmp(g->note, "注：本表反映部门本年度“三公”经费", 20) == 0);
    g = bg_table_in(tp, d, 1, a);
    assert_non_null(g);
    assert_string_equal(at(g, 0, 0), "收 入");
    assert_string_equal(at(g, 1, 2), "决算数");
    assert_string_equal(at(g, 2, 5), "2");
    assert_true(bg_at(g, 2, 5)->num);
    assert_false(bg_at(g, 2, 3)->num);
    /* 05: its columns' words through {N} */
    g = bg_table_in(tp, d, 5, a);
    assert_string_equal(at(g, 0, 2), "本年支出");
    assert_string_equal(at(g, 1, 2), d->tables[5]->cols[0]);
    assert_string_equal(at(g, 1, 4), d->tables[5]->cols[2]);
    /* 02: no head records: each column headed by its key */
    g = bg_table_in(tp, d, 2, a);
    assert_string_equal(at(g, 0, 2), d->tables[2]->cols[0]);
    assert_int_equal(bg_at(g, 0, 2)->rowspan, 2);
    js_templates_free(tp);
    js_arena_free(a);
    js_doc_free(d);
}

/* A form of its own, as data only: its 07 headed and noted otherwise. */
static void form_of_its_own(void **state)
{
    (void)state;
    js_templates *tp = form_with_layout("note\tfictional-2023\t7\t注：本表为虚构省份的样式。\n"
                                        "head\tfictional-2023\t7\t0\t0\t6\t1\t全年预算数\n"
                                        "head\tfictional-2023\t7\t0\t6\t6\t1\t实际支出数\n");
    js_arena *a = js_arena_new();
    js_doc *d = fx_doc();
    d->form = "fictional-2023";
    bg_grid *g = bg_table_in(tp, d, 7, a);
    assert_string_equal(at(g, 0, 0), "全年预算数");
    assert_string_equal(at(g, 0, 6), "实际支出数");
    assert_string_equal(at(g, 1, 1), ""); /* the form's records replace all "*" ones of 07 */
    assert_string_equal(g->note, "注：本表为虚构省份的样式。");
    /* its other tables, and the other forms, as before */
    g = bg_table_in(tp, d, 1, a);
    assert_string_equal(at(g, 0, 0), "收 入");
    d->form = "2020";
    g = bg_table_in(tp, d, 7, a);
    assert_string_equal(at(g, 0, 0), "预算数");
    assert_string_equal(at(g, 1, 1), "因公出国（境）费");

    /* a bad record of the form data is refused with its line */
    js_buf t;
    js_buf_init(&t);
    js_buf_append(&t, js_data_templates_tsv, js_data_templates_tsv_len);
    js_buf_puts(&t, "head\t*\t7\tx\t0\t1\t1\t?\n");
    int line = 0;
    for (size_t i = 0; i < t.len; i++)
        line += t.data[i] == '\n';
    js_err err;
    assert_null(js_templates_parse("form.tsv", t.data, t.len, &err));
    char want[32];
    snprintf(want, sizeof want, "form.tsv:%d:", line);
    assert_non_null(strstr(err.msg, want));
    js_templates_free(tp);
    js_doc_free(d);
    js_arena_free(a);
    js_buf_release(&t);
}

/* The body rows of 01, 04, 06 and 07 and the words of the 绩效自评表: data. */
static void body_rows_builtin(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    js_arena *a = js_arena_new();
    js_templates *tp = form_with_layout("");
    bg_grid *g = bg_table_in(tp, d, 1, a);
    assert_int_equal(g->nrows, 33);
    assert_int_equal(g->nhead, 3);
    assert_string_equal(at(g, 3, 0), "一、一般公共预算财政拨款收入");
    assert_string_equal(at(g, 3, 1), "1");
    assert_string_equal(at(g, 3, 2), "100.00");
    assert_string_equal(at(g, 10, 0), "八、其他收入");
    assert_string_equal(at(g, 10, 2), "20.00");
    assert_string_equal(at(g, 3, 3), "一、一般公共服务支出"); /* the 类 rows, numbered */
    assert_string_equal(at(g, 3, 4), "13");
    assert_string_equal(at(g, 3, 5), "100.00");
    assert_string_equal(at(g, 29, 0), "本年收入合计");
    assert_string_equal(at(g, 29, 5), "120.00"); /* 支出:本年支出合计 */
    assert_string_equal(at(g, 32, 4), "42");
    g = bg_table_in(tp, d, 4, a);
    assert_int_equal(g->ncols, 9);
    assert_string_equal(at(g, 3, 3), "一、一般公共服务支出");
    assert_string_equal(at(g, 3, 5), "100.00");
    assert_string_equal(at(g, 3, 6), "100.00");
    assert_string_equal(at(g, 31, 0), "一般公共预算财政拨款"); /* 年初 sub-row */
    assert_string_equal(at(g, 34, 4), "38");
    g = bg_table_in(tp, d, 6, a); /* 06: 301 and 303 | 302 | the rest, then the two totals */
    assert_string_equal(at(g, 1, 0), "301");
    assert_string_equal(at(g, 1, 3), "302");
    assert_string_equal(at(g, 1, 5), "20.00");
    assert_string_equal(at(g, g->nrows - 1, 0), "人员经费合计");
    assert_string_equal(at(g, g->nrows - 1, 2), "50.00");
    assert_string_equal(at(g, g->nrows - 1, 8), "20.00");
    g = bg_table_in(tp, d, 7, a);
    assert_int_equal(g->nhead, 4);
    assert_string_equal(at(g, 4, 0), "3.00");
    assert_string_equal(at(g, 4, 6), "2.50");
    assert_true(d->nperf > 0);
    g = bg_perf_in(tp, d, 0, a);
    assert_non_null(g);
    assert_string_equal(at(g, 0, 0), "部门名称");
    assert_non_null(strstr(g->title, "绩效自评表"));
    assert_true(strncmp(g->note, "备注：", 9) == 0);
    js_templates_free(tp);
    js_arena_free(a);
    js_doc_free(d);
}

/* A form whose 01 prints its body otherwise and whose 绩效自评表 has other
 * words, as data only; a table its body records do not fit is laid out as read. */
static void body_rows_of_its_own(void **state)
{
    (void)state;
    js_templates *tp = form_with_layout(
        "body\tfictional-2023\t1\t3\t0\t收入:总计\t1\t收入总计\t决算数\n"
        "body\tfictional-2023\t1\t3\t3\t支出:类\t2\t{类}\t决算数\n"
        "body\tfictional-2023\t1\t4\t0\t收入:一般公共预算财政拨款收入\t-\t-\t决算数\n"
        "perf\tfictional-2023\t*\tdept\t单位名称\n"
        "perf\tfictional-2023\t1\ttitle\t整体绩效自评表\n");
    js_arena *a = js_arena_new();
    js_err err;
    js_doc *d = fx_doc();
    d->form = "fictional-2023";
    /* the fixture's 01 has rows these records do not print: laid out as read */
    bg_grid *g = bg_table_in(tp, d, 1, a);
    assert_int_equal(g->ncols, 2 + d->tables[1]->ncols);
    /* a 01 with only the rows they print */
    js_table *t1 = d->tables[1];
    int keep = 0;
    for (int i = 0; i < t1->nrows; i++) {
        const char *k = t1->rows[i].key;
        if (strcmp(k, "收入:总计") == 0 || strcmp(k, "收入:一般公共预算财政拨款收入") == 0 ||
            strncmp(k, "支出:2", strlen("支出:2")) == 0)
            t1->rows[keep++] = t1->rows[i];
    }
    t1->nrows = keep;
    g = bg_table_in(tp, d, 1, a);
    assert_int_equal(g->ncols, 6);
    assert_string_equal(at(g, 3, 0), "收入总计");
    assert_string_equal(at(g, 3, 1), "1");
    assert_string_equal(at(g, 3, 2), "120.00");
    assert_string_equal(at(g, 4, 0), "100.00"); /* no name, no 行次 */
    assert_string_equal(at(g, 3, 4), "2");
    assert_string_equal(at(g, 0, 0), "收 入"); /* the * head records */
    g = bg_perf_in(tp, d, 0, a);
    assert_string_equal(at(g, 0, 0), "单位名称");
    if (d->perf[0].kind == 1) assert_non_null(strstr(g->title, "年度整体绩效自评表"));
    assert_string_equal(at(g, g->nrows - 1, 1), "总分"); /* the * words */

    /* bad records are refused with their line */
    static const char *const BAD[] = {
        "body\t*\t1\t3\tx\t收入:总计\t1\t总计\t决算数\n",
        "body\t*\t1\t3\t0\t收入:总计\t0\t总计\t决算数\n",
        "group\t*\t10\t0\t301\t决算数\n",
        "foot\t*\t6\t0\t0\t人员经费合计\t决算数\n",
        "perf\t*\t3\tdept\t部门名称\n",
    };
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        js_buf b;
        js_buf_init(&b);
        js_buf_puts(&b, BAD[i]);
        assert_null(js_layout_parse(a, "layout.tsv", b.data, b.len, &err));
        assert_non_null(strstr(err.msg, "layout.tsv:1:"));
        js_buf_release(&b);
    }
    js_templates_free(tp);
    js_doc_free(d);
    js_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(builtin),
        cmocka_unit_test(form_of_its_own),
        cmocka_unit_test(body_rows_builtin),
        cmocka_unit_test(body_rows_of_its_own),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
