/* test_check_output.c - findings as JSON (spec/findings.md), text, HTML, TSV. */
#include "check/output_impl.h"
#include "check_fixture.h"

#include <jansson.h>

static js_doc *broken(void)
{
    js_doc *d = fx_doc();
    fx_set(d, 5, "2010301", NULL, NULL, "项目支出", "35.00");
    static const char *lines[] = {"line one", "2010301\t行政运行\t100.00\t70.00\t35.00 <&>"};
    d->lines = lines;
    d->nlines = 2;
    d->tables[5]->rows[3].loc.line = 2;
    for (int c = 0; c < 3; c++)
        d->tables[5]->rows[3].cells[c].loc.line = 2;
    return d;
}

static void json_form(void **state)
{
    (void)state;
    js_doc *d = broken();
    js_findings f = fx_check(d);
    js_buf b;
    js_buf_init(&b);
    js_err err;
    assert_int_equal(js_findings_json(d, &f, 0, &b, &err), JS_OK);
    json_error_t je;
    json_t *o = json_loadb(b.data, b.len, 0, &je);
    assert_non_null(o);
    /* the top-level keys in the order of spec/findings.md */
    const char *order[] = {"document", "department", "year", "summary", "findings"};
    int k = 0;
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) assert_string_equal(key, order[k++]);
    assert_string_equal(json_string_value(json_object_get(o, "document")), "fixture.txt");
    assert_int_equal(json_integer_value(json_object_get(o, "year")), 2020);
    json_t *sum = json_object_get(o, "summary");
    int e, w, n;
    js_findings_summary(&f, &e, &w, &n);
    assert_int_equal(json_integer_value(json_object_get(sum, "error")), e);
    assert_true(e >= 1);
    json_t *arr = json_object_get(o, "findings");
    assert_int_equal((int)json_array_size(arr), f.n);
    bool seen = false;
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *x = json_array_get(arr, i);
        assert_non_null(json_object_get(x, "rule"));
        assert_non_null(json_object_get(x, "kind"));
        assert_non_null(json_object_get(x, "message"));
        assert_true(json_object_get(x, "line") || json_object_get(x, "page"));
        const char *sev = json_string_value(json_object_get(x, "severity"));
        assert_true(!strcmp(sev, "error") || !strcmp(sev, "warning") || !strcmp(sev, "notice"));
        if (!strcmp(json_string_value(json_object_get(x, "rule")), "T-ROW")) {
            seen = true;
            assert_string_equal(json_string_value(json_object_get(x, "table")), "05");
            assert_string_equal(json_string_value(json_object_get(x, "row")), "2010301");
            assert_string_equal(json_string_value(json_object_get(x, "column")), "小计");
            assert_string_equal(json_string_value(json_object_get(x, "stated")), "100.00");
            assert_string_equal(json_string_value(json_object_get(x, "expected")), "105.00");
            assert_int_equal(json_integer_value(json_object_get(x, "line")), 2);
            assert_null(json_object_get(x, "section"));
        }
    }
    assert_true(seen);
    json_decref(o);
    js_buf_release(&b);
    js_findings_release(&f);
    js_doc_free(d);
}

static void text_html_tsv(void **state)
{
    (void)state;
    js_doc *d = broken();
    js_findings f = fx_check(d);
    js_buf b;
    js_buf_init(&b);
    js_findings_text(d, &f, &b);
    assert_non_null(strstr(b.data, "公开05表 一般公共预算财政拨款支出决算表"));
    assert_non_null(strstr(b.data, "T-ROW"));
    assert_non_null(strstr(b.data, "| 2010301  行政运行  100.00")); /* the source line, quoted */
    b.len = 0;
    js_findings_html_begin(&b, "审核 <1>");
    js_findings_html_doc(d, &f, &b);
    js_findings_html_end(&b);
    assert_non_null(strstr(b.data, "<!DOCTYPE html>"));
    assert_non_null(strstr(b.data, "审核 &lt;1&gt;"));
    assert_non_null(strstr(b.data, "35.00 &lt;&amp;&gt;"));
    assert_null(strstr(b.data, "<script src")); /* self-contained: one inline script */
    assert_null(strstr(b.data, "<link"));
    assert_non_null(strstr(b.data, "</html>"));
    b.len = 0;
    js_findings_tsv(d, &f, true, &b);
    int lines = 0;
    for (size_t i = 0; i < b.len; i++)
        lines += b.data[i] == '\n';
    assert_int_equal(lines, f.n + 1);
    assert_non_null(strstr(
        b.data,
        "fixture.txt\tT-ROW\tarithmetic\terror\t05\t2010301\t小计\t\t2\t\t100.00\t105.00\t"));
    js_buf_release(&b);
    js_findings_release(&f);
    js_doc_free(d);
}

static void empty_report(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    d->dept = NULL;
    d->year = 0;
    js_findings f;
    js_findings_init(&f);
    js_buf b;
    js_buf_init(&b);
    js_err err;
    assert_int_equal(js_findings_json(d, &f, 2, &b, &err), JS_OK);
    json_error_t je;
    json_t *o = json_loadb(b.data, b.len, 0, &je);
    assert_non_null(o);
    assert_true(json_is_null(json_object_get(o, "department")));
    assert_true(json_is_null(json_object_get(o, "year")));
    assert_int_equal((int)json_array_size(json_object_get(o, "findings")), 0);
    json_decref(o);
    b.len = 0;
    js_findings_text(d, &f, &b);
    assert_non_null(strstr(b.data, "no problems found")); /* English msgid: no catalogue */
    js_buf_release(&b);
    js_findings_release(&f);
    js_doc_free(d);
}

/* A batch: the page for several documents opens with the summary; a batch made
 * by merging one-document batches (as parallel workers do) writes the same page. */
static void batch_merge(void **state)
{
    (void)state;
    js_doc *d = broken();
    js_findings f = fx_check(d);
    js_findings empty;
    js_findings_init(&empty);
    js_batch *all = js_batch_new(), *merged = js_batch_new();
    assert_non_null(all);
    assert_non_null(merged);
    js_err err;
    for (int k = 0; k < 3; k++) {
        const js_findings *ff = k == 1 ? &empty : &f;
        assert_int_equal(js_batch_add(all, d, ff, &err), JS_OK);
        js_batch *one = js_batch_new();
        assert_int_equal(js_batch_add(one, d, ff, &err), JS_OK);
        assert_int_equal(js_batch_merge(merged, one, &err), JS_OK);
        js_batch_free(one); /* merged keeps its own copies */
    }
    assert_int_equal(js_batch_docs(merged), 3);
    js_buf a, b;
    js_buf_init(&a);
    js_buf_init(&b);
    assert_int_equal(js_batch_html(all, "批", &a, &err), JS_OK);
    assert_int_equal(js_batch_html(merged, "批", &b, &err), JS_OK);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
    const char *sum = strstr(a.data, "id=\"summary\"");
    const char *sec = strstr(a.data, "<section class=\"doc\" id=\"d1\"");
    assert_non_null(sum);
    assert_non_null(sec);
    assert_true(sum < sec);
    assert_non_null(strstr(a.data, "<tr id=\"s-d3\">"));
    assert_non_null(strstr(a.data, "data-rule=\"T-ROW\""));
    int e, w, n;
    js_findings_summary(&f, &e, &w, &n);
    char total[64];
    snprintf(total, sizeof total, "合计（3 份）</td><td></td><td class=\"n e\">%d</td>", 2 * e);
    assert_non_null(strstr(a.data, total));
    js_buf_release(&a);
    js_buf_release(&b);
    js_batch_free(all);
    js_batch_free(merged);
    js_findings_release(&f);
    js_doc_free(d);
}

/* js_out_links: each item's root (the first other item with its cause as id) and the items
 * under each root in order, read through a stride (members of an array of structs) */
static void links_roots_and_lists(void **state)
{
    (void)state;
    struct item {
        char pad;
        int id, cause;
    } v[] = {
        {0, 1, 0},  /* 0: a root */
        {0, 2, 1},  /* 1: under 0 */
        {0, 3, 0},  /* 2: a root */
        {0, 4, 1},  /* 3: under 0, after 1 */
        {0, 5, 3},  /* 4: under 2 */
        {0, 6, 6},  /* 5: its own id, no other: a root */
        {0, 12, 0}, /* 6: an id beyond n */
        {0, 8, 12}, /* 7: under 6 (found by the scan) */
        {0, 7, 42}, /* 8: a cause no item has: a root */
    };
    int n = (int)(sizeof v / sizeof v[0]);
    js_out_links l = {0};
    assert_true(js_out_links_make(n, &v[0].id, &v[0].cause, sizeof v[0], &l));
    const int root[] = {-1, 0, -1, 0, 2, -1, -1, 6, -1};
    for (int i = 0; i < n; i++)
        assert_int_equal(l.root[i], root[i]);
    assert_int_equal(l.head[0], 1);
    assert_int_equal(l.next[1], 3);
    assert_int_equal(l.next[3], -1);
    assert_int_equal(l.head[2], 4);
    assert_int_equal(l.next[4], -1);
    assert_int_equal(l.head[6], 7);
    assert_int_equal(l.head[5], -1);
    assert_int_equal(l.head[8], -1);
    js_out_links_free(&l);
    assert_null(l.root);
    /* two items with one id: the one whose cause it is follows the other */
    struct item w[] = {{0, 1, 1}, {0, 1, 0}};
    assert_true(js_out_links_make(2, &w[0].id, &w[0].cause, sizeof w[0], &l));
    assert_int_equal(l.root[0], 1);
    assert_int_equal(l.head[1], 0);
    js_out_links_free(&l);
    assert_true(js_out_links_make(0, &w[0].id, &w[0].cause, sizeof w[0], &l));
    js_out_links_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_form),
        cmocka_unit_test(text_html_tsv),
        cmocka_unit_test(empty_report),
        cmocka_unit_test(batch_merge),
        cmocka_unit_test(links_roots_and_lists),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
