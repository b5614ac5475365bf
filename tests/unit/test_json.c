/* test_json.c - the model JSON (model_json.c): round trip, exact amounts, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "juesuan/juesuan.h"
#include "test_util.h"

static void to_json(const js_doc *doc, js_buf *b, int flags)
{
    js_err err;
    js_err_clear(&err);
    b->len = 0;
    assert_int_equal(js_doc_to_json(doc, b, flags, &err), JS_OK);
    assert_non_null(b->data);
}

static void facts(const js_doc *doc, js_buf *b)
{
    b->len = 0;
    js_facts_tsv(b, doc, NULL);
    js_buf_putc(b, '\0');
}

static void round_trip_seeds(void **state)
{
    (void)state;
    const char *seeds[] = {"000_e65ad6a672f33cc8.txt", "001_97ec0fee91833ab7.txt",
                           "002_4b65da696dc0427c.txt", "003_bacf23239032d27d.txt",
                           "004_5d1dd30bc5ab887d.txt"};
    for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
        js_doc *doc = test_parse_seed(seeds[i]);
        js_buf j1, j2, f1, f2;
        js_buf_init(&j1), js_buf_init(&j2), js_buf_init(&f1), js_buf_init(&f2);
        to_json(doc, &j1, JS_JSON_PRETTY);
        assert_true(js_json_is_model(j1.data, j1.len));
        js_doc *back = NULL;
        js_err err;
        js_err_clear(&err);
        assert_int_equal(js_doc_from_json(doc->path, j1.data, j1.len, &back, &err), JS_OK);
        to_json(back, &j2, JS_JSON_PRETTY);
        assert_string_equal(j1.data, j2.data);
        facts(doc, &f1);
        facts(back, &f2);
        assert_true(f1.len > 10 || doc->nsections > 0);
        assert_string_equal(f1.data, f2.data);
        /* the model read back has what the checker walks */
        assert_int_equal(back->nsections, doc->nsections);
        assert_int_equal(back->nparas, doc->nparas);
        assert_int_equal(back->nperf, doc->nperf);
        for (int k = 0; k < doc->nparas; k++) {
            assert_int_equal(back->paras[k].nsrc, doc->paras[k].nsrc);
            assert_int_equal(js_para_line_at(&back->paras[k], strlen(back->paras[k].text)),
                             js_para_line_at(&doc->paras[k], strlen(doc->paras[k].text)));
        }
        js_doc_free(back);
        js_doc_free(doc);
        js_buf_release(&j1), js_buf_release(&j2), js_buf_release(&f1), js_buf_release(&f2);
    }
}

/* A PDF: pages, boxes (JSON reals) and the page of each line come back exactly. */
static void round_trip_pdf(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/pdf/shanghai-putuo-finance-bureau-2024.pdf", JS_SHARED_DIR);
    js_err err;
    js_err_clear(&err);
    js_ctx *ctx = js_ctx_new(&err);
    assert_non_null(ctx);
    js_doc *doc = NULL;
    js_parse_file(ctx, path, &doc, &err); /* what could be read, even with complaints */
    js_ctx_free(ctx);
    assert_non_null(doc);
    assert_true(doc->npages > 0);
    js_buf j1, j2;
    js_buf_init(&j1), js_buf_init(&j2);
    to_json(doc, &j1, 0);
    assert_non_null(strstr(j1.data, "\"box\":["));
    js_doc *back = NULL;
    assert_int_equal(js_doc_from_json(doc->path, j1.data, j1.len, &back, &err), JS_OK);
    to_json(back, &j2, 0);
    assert_string_equal(j1.data, j2.data);
    assert_int_equal(back->npages, doc->npages);
    if (doc->line_pages) {
        assert_non_null(back->line_pages);
        for (int i = 0; i < doc->nlines; i++)
            assert_int_equal(back->line_pages[i], doc->line_pages[i]);
    }
    js_doc_free(back);
    js_doc_free(doc);
    js_buf_release(&j1), js_buf_release(&j2);
}

static void amounts_are_exact_strings(void **state)
{
    (void)state;
    js_doc *doc = js_doc_new("m.json");
    const char *cols[] = {"决算数"};
    js_table *t = js_doc_table_add(doc, 1, 1, cols);
    js_loc loc = {.line = 107};
    js_row *r = js_table_row_add(doc, t, "收入:总计", NULL, "总计", loc);
    js_cell_set(doc, &r->cells[0], 5531100000LL + 1, "5,531.100001", loc); /* 5531.100001 万元 */
    js_row *r2 = js_table_row_add(doc, t, "支出:201", "201", "一般公共服务支出", loc);
    js_cell_set(doc, &r2->cells[0], -3500000, "-3.50", loc);
    js_perf *p = js_doc_perf_add(doc, 2);
    p->total_score.set = true;
    p->total_score.num = (js_num){995, 1};
    p->total_score.text = "99.5";
    js_buf b;
    js_buf_init(&b);
    to_json(doc, &b, 0);
    assert_non_null(strstr(b.data, "\"value\":\"5531.100001\""));
    assert_non_null(strstr(b.data, "\"value\":\"-3.50\""));
    assert_non_null(strstr(b.data, "\"value\":\"99.5\""));
    assert_non_null(strstr(b.data, "\"id\":\"P2\""));
    js_doc *back = NULL;
    js_err err;
    assert_int_equal(js_doc_from_json("m.json", b.data, b.len, &back, &err), JS_OK);
    assert_true(js_table_value(back->tables[1], "收入:总计", "决算数") == 5531100000LL + 1);
    assert_true(js_table_value(back->tables[1], "支出:201", "决算数") == -3500000);
    assert_int_equal(back->perf[0].total_score.num.mant, 995);
    assert_int_equal(back->perf[0].total_score.num.dec, 1);
    js_doc_free(back);
    js_doc_free(doc);
    js_buf_release(&b);
}

static void malformed(void **state)
{
    (void)state;
    js_doc *doc = (js_doc *)1;
    js_err err;
    const char *bad = "{\"juesuan_model\": 1,\n \"tables\": {\"01\": [}\n}";
    assert_int_equal(js_doc_from_json("x.json", bad, strlen(bad), &doc, &err), JS_EINPUT);
    assert_null(doc);
    assert_non_null(strstr(err.msg, "x.json:2:"));
    /* well-formed JSON that is not a valid model: each names the place */
    struct {
        const char *text, *want;
    } cases[] = {
        {"[1,2]", "not an object"},
        {"{\"juesuan_model\": 2}", "version"},
        {"{\"juesuan_model\": 1, \"tables\": {\"10\": {}}}", "01..09"},
        {"{\"juesuan_model\": 1, \"tables\": {\"01\": {\"columns\": [\"决算数\"], \"rows\": "
         "[{\"key\": \"合计\", \"cells\": {\"决算数\": {\"value\": 75.4}}}]}}}",
         "decimal string"},
        {"{\"juesuan_model\": 1, \"tables\": {\"01\": {\"columns\": [\"a\"], \"rows\": "
         "[{\"key\": \"k\", \"cells\": {\"b\": {}}}]}}}",
         "column"},
        {"{\"juesuan_model\": 1, \"sections\": [{\"num\": \"一\", \"parent\": 0}]}", "parent"},
        {"{\"juesuan_model\": 1, \"paragraphs\": [{\"text\": \"ab\", \"section\": 3}]}", "section"},
        {"{\"juesuan_model\": 1, \"paragraphs\": [{\"text\": \"ab\", \"lines\": [[0, 1], [9, "
         "2]]}]}",
         "line map"},
        {"{\"juesuan_model\": 1, \"performance\": [{\"kind\": 3}]}", "kind"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        doc = NULL;
        js_err_clear(&err);
        assert_int_equal(
            js_doc_from_json("m.json", cases[i].text, strlen(cases[i].text), &doc, &err),
            JS_EINPUT);
        assert_null(doc);
        if (!strstr(err.msg, cases[i].want)) fail_msg("case %zu: %s", i, err.msg);
        assert_non_null(strstr(err.msg, "m.json"));
    }
    /* sniffing */
    assert_true(js_json_is_model("\n {\"juesuan_model\": 1}", 22));
    assert_false(js_json_is_model("{\"other\": 1}", 12));
    assert_false(js_json_is_model("2020年度", strlen("2020年度")));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip_seeds),
        cmocka_unit_test(round_trip_pdf),
        cmocka_unit_test(amounts_are_exact_strings),
        cmocka_unit_test(malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
