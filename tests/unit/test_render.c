/* test_render.c - the renderers: text that the reader reads back to the same facts, HTML
 * and Markdown structure, an XLSX with one sheet per table, files written atomically. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "juesuan/juesuan.h"
#include "juesuan/build.h"

static js_ctx *ctx;
static js_doc *doc;

static size_t count(const char *s, size_t n, const char *needle)
{
    size_t k = 0, m = strlen(needle);
    for (const char *p = s; (p = js_memstr(p, n - (size_t)(p - s), needle)); p += m)
        k++;
    return k;
}

static void txt_reads_back_to_the_same_facts(void **state)
{
    (void)state;
    js_buf b;
    js_buf_init(&b);
    js_err err;
    assert_int_equal(js_render_txt(NULL, doc, &b, &err), JS_OK);
    assert_int_equal(count(b.data, b.len, "单位：万元"), 9);
    assert_non_null(strstr(b.data, "公开 06 表"));
    assert_non_null(strstr(b.data, "第三部分"));
    js_doc *back = NULL;
    assert_int_equal(js_parse_text(ctx, "rendered.txt", b.data, b.len, &back, &err), JS_OK);
    js_fact *f1, *f2;
    size_t n1, n2;
    assert_int_equal(js_facts_collect(doc, &f1, &n1), JS_OK);
    assert_int_equal(js_facts_collect(back, &f2, &n2), JS_OK);
    assert_true(n1 > 100);
    assert_int_equal(n1, n2);
    for (size_t i = 0; i < n1; i++) {
        bool found = false;
        for (size_t j = 0; j < n2 && !found; j++)
            found = strcmp(f1[i].table, f2[j].table) == 0 && strcmp(f1[i].row, f2[j].row) == 0 &&
                    strcmp(f1[i].col, f2[j].col) == 0 && f1[i].value == f2[j].value;
        if (!found) fprintf(stderr, "missing %s %s %s\n", f1[i].table, f1[i].row, f1[i].col);
        assert_true(found);
    }
    /* the narrative comes back with its fifteen sections */
    int n = 0;
    for (int i = 0; i < back->nsections; i++)
        n += back->sections[i].part == JS_PART_NARRATIVE && back->sections[i].level == 1;
    assert_int_equal(n, 15);
    js_doc_free(back);
    js_buf_release(&b);
}

static void html_is_one_page_per_table(void **state)
{
    (void)state;
    js_buf b;
    js_buf_init(&b);
    js_err err;
    assert_int_equal(js_render_html(NULL, doc, &b, &err), JS_OK);
    assert_true(b.len > 1000);
    assert_int_equal(count(b.data, b.len, "<table>"), count(b.data, b.len, "</table>"));
    assert_int_equal(count(b.data, b.len, "<tr>"), count(b.data, b.len, "</tr>"));
    for (int no = 1; no <= 9; no++) {
        char id[64];
        snprintf(id, sizeof id, "<section class=\"table\" id=\"t%02d\">", no);
        assert_non_null(strstr(b.data, id));
    }
    assert_non_null(strstr(b.data, "page-break-before:always"));
    assert_non_null(strstr(b.data, "@page{size:A4"));
    assert_non_null(strstr(b.data, "colspan=\"3\""));
    assert_non_null(strstr(b.data, "rowspan=\"2\""));
    assert_null(strstr(b.data, "<script"));
    assert_null(strstr(b.data, "http://"));
    js_buf_release(&b);
}

static void markdown_rows_have_their_columns(void **state)
{
    (void)state;
    js_buf b;
    js_buf_init(&b);
    js_err err;
    assert_int_equal(js_render_md(NULL, doc, &b, &err), JS_OK);
    /* every line of a pipe table has as many cells as the table's first line */
    int want = -1;
    for (char *line = b.data; line && *line;) {
        char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        if (n && line[0] == '|') {
            int k = 0;
            for (size_t i = 0; i < n; i++)
                k += line[i] == '|' && (i == 0 || line[i - 1] != '\\');
            if (want < 0) want = k;
            assert_int_equal(k, want);
        } else {
            want = -1;
        }
        line = end ? end + 1 : NULL;
    }
    assert_non_null(strstr(b.data, "### 公开07表"));
    js_buf_release(&b);
}

static void xlsx_has_a_sheet_per_table(void **state)
{
    (void)state;
    char dir[] = "/tmp/js_render_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/out.xlsx", dir);
    js_err err;
    assert_int_equal(js_render_file(doc, "xlsx", path, &err), JS_OK);
    js_buf b;
    js_buf_init(&b);
    assert_int_equal(js_file_read(path, &b, &err), JS_OK);
    assert_true(b.len > 4 && memcmp(b.data, "PK\x03\x04", 4) == 0);
    /* 9 tables + 4 performance tables */
    assert_non_null(js_memstr(b.data, b.len, "xl/worksheets/sheet13.xml"));
    assert_null(js_memstr(b.data, b.len, "xl/worksheets/sheet14.xml"));
    js_buf_release(&b);
    /* nothing but the output is left in the directory */
    char cmd[300];
    snprintf(cmd, sizeof cmd, "test $(ls %s | wc -l) -eq 1", dir);
    assert_int_equal(system(cmd), 0);
    remove(path);
    rmdir(dir);
}

static void files_are_written_whole_or_not_at_all(void **state)
{
    (void)state;
    js_err err;
    assert_int_equal(js_render_file(doc, "pdf", "/tmp/x.pdf", &err), JS_EUSAGE);
    assert_int_not_equal(js_render_file(doc, "txt", "/nonexistent-dir/x.txt", &err), JS_OK);
    char dir[] = "/tmp/js_render_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/out.md", dir);
    assert_int_equal(js_render_file(doc, "md", path, &err), JS_OK);
    js_buf b, m;
    js_buf_init(&b);
    js_buf_init(&m);
    assert_int_equal(js_file_read(path, &b, &err), JS_OK);
    assert_int_equal(js_render_md(NULL, doc, &m, &err), JS_OK);
    assert_int_equal(b.len, m.len);
    assert_memory_equal(b.data, m.data, m.len);
    js_buf_release(&b);
    js_buf_release(&m);
    remove(path);
    rmdir(dir);
}

static int setup(void **state)
{
    (void)state;
    js_err err;
    ctx = js_ctx_new(&err);
    if (!ctx) return -1;
    js_buf e;
    js_buf_init(&e);
    int rc = js_build_files(ctx, JS_SOURCE_DIR "/examples/ledger.csv",
                            JS_SOURCE_DIR "/examples/meta.json", &doc, &e, NULL, &err);
    js_buf_release(&e);
    return rc == JS_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    js_doc_free(doc);
    js_ctx_free(ctx);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(txt_reads_back_to_the_same_facts),
        cmocka_unit_test(html_is_one_page_per_table),
        cmocka_unit_test(markdown_rows_have_their_columns),
        cmocka_unit_test(xlsx_has_a_sheet_per_table),
        cmocka_unit_test(files_are_written_whole_or_not_at_all),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
