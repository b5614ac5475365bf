/* test_extending.c - the recipes of docs/extending.md done once: a reader is one
 * js_reader record (sniff, open or read) and goes through the same dispatcher as
 * the built-in ones (js_parse_file_with); a writer is one js_writer record
 * (js_write_buf, js_write_file). The built-in tables are checked for complete
 * records. (A form variant: test_form_variant.c; a rule: test_check_engine.c
 * catalogue_list and check_cli.sh's docs/rules.md check.) */
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

#define SEED JS_SHARED_DIR "/seeds/000_e65ad6a672f33cc8.txt"
#define MAGIC "JUESUAN-TOY\n"

/* A toy format: the text of a disclosure after a first line "JUESUAN-TOY". */
static bool toy_sniff(const char *head, size_t n, const char *path)
{
    (void)path;
    return n >= strlen(MAGIC) && memcmp(head, MAGIC, strlen(MAGIC)) == 0;
}

static int toy_read(const js_ctx *ctx, const char *path, js_buf *bytes, js_doc **out, js_err *err)
{
    size_t m = strlen(MAGIC);
    return js_parse_text(ctx, path, bytes->data + m, bytes->len - m, out, err);
}

static void reader_record(void **state)
{
    (void)state;
    js_err err;
    js_ctx *ctx = js_ctx_new(&err);
    assert_non_null(ctx);
    size_t n;
    const js_reader *builtin = js_readers(&n);
    /* the toy record first, then the built-in ones: what adding one line to
     * READERS in src/lib/ingest/parse.c does */
    js_reader *all = calloc(n + 1, sizeof *all);
    assert_non_null(all);
    all[0] = (js_reader){"toy", "a test format", toy_sniff, NULL, toy_read};
    memcpy(all + 1, builtin, n * sizeof *all);

    js_buf seed, toy;
    js_buf_init(&seed);
    js_buf_init(&toy);
    assert_int_equal(js_file_read(SEED, &seed, &err), JS_OK);
    js_buf_puts(&toy, MAGIC);
    js_buf_append(&toy, seed.data, seed.len);
    char path[] = "/tmp/juesuan-toy-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(toy.data, 1, toy.len, fp), toy.len);
    fclose(fp);

    js_doc *a = NULL, *b = NULL;
    assert_int_equal(js_parse_file(ctx, SEED, &a, &err), JS_OK);
    assert_int_equal(js_parse_file_with(ctx, all, n + 1, path, &b, &err), JS_OK);
    for (int no = 1; no <= 9; no++) {
        assert_int_equal(a->tables[no] != NULL, b->tables[no] != NULL);
        if (a->tables[no]) assert_int_equal(a->tables[no]->nrows, b->tables[no]->nrows);
    }
    assert_string_equal(a->dept, b->dept);
    js_doc_free(a);
    js_doc_free(b);
    /* without the record the toy file is text, and its first line is just text */
    b = NULL;
    js_parse_file(ctx, path, &b, &err);
    js_doc_free(b);
    remove(path);
    js_buf_release(&seed);
    js_buf_release(&toy);
    free(all);
    js_ctx_free(ctx);
}

/* A toy writer: one line per table present. */
static int toy_write(const js_templates *form, const js_doc *doc, const js_findings *f, js_buf *out,
                     js_err *err)
{
    (void)form, (void)f, (void)err;
    for (int no = 1; no <= 9; no++)
        if (doc->tables[no]) js_buf_printf(out, "%s %d\n", js_table_id(no), doc->tables[no]->nrows);
    return JS_OK;
}

static void writer_record(void **state)
{
    (void)state;
    js_err err;
    js_ctx *ctx = js_ctx_new(&err);
    assert_non_null(ctx);
    js_doc *d = NULL;
    assert_int_equal(js_parse_file(ctx, SEED, &d, &err), JS_OK);
    const js_writer toy = {"toy", "a test format", toy_write, NULL};
    js_buf b;
    js_buf_init(&b);
    assert_int_equal(js_write_buf(&toy, NULL, d, NULL, &b, &err), JS_OK);
    assert_non_null(strstr(b.data, "02 "));
    char path[] = "/tmp/juesuan-toy-out-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(js_write_file(&toy, NULL, d, NULL, path, &err), JS_OK);
    js_buf back;
    js_buf_init(&back);
    assert_int_equal(js_file_read(path, &back, &err), JS_OK);
    assert_int_equal(back.len, b.len);
    assert_memory_equal(back.data, b.data, b.len);
    remove(path);
    js_buf_release(&back);
    js_buf_release(&b);
    js_doc_free(d);
    js_ctx_free(ctx);
}

/* Every built-in record is complete; names are unique; text is the last reader. */
static void builtin_tables(void **state)
{
    (void)state;
    size_t n, m;
    const js_reader *r = js_readers(&n);
    assert_true(n >= 3);
    for (size_t i = 0; i < n; i++) {
        assert_non_null(r[i].name);
        assert_non_null(r[i].what);
        assert_non_null(r[i].sniff);
        assert_non_null(r[i].read);
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(r[i].name, r[j].name);
    }
    assert_string_equal(r[n - 1].name, "text");
    const js_writer *w = js_writers(&m);
    assert_true(m >= 5);
    for (size_t i = 0; i < m; i++) {
        assert_non_null(w[i].name);
        assert_true(w[i].to_buf || w[i].to_file);
        assert_ptr_equal(js_writer_find(w[i].name), &w[i]);
    }
    assert_null(js_writer_find("no-such"));
}

/* The findings writers: text, json, tsv of check; JSON of two documents is one
 * array (one whole), of one document an object written out at once. */
static void findings_writers(void **state)
{
    (void)state;
    size_t n;
    const js_findings_writer *fw = js_findings_writers(&n);
    assert_int_equal(n, 3);
    for (size_t i = 0; i < n; i++) {
        assert_non_null(fw[i].one);
        assert_ptr_equal(js_findings_writer_find(fw[i].name), &fw[i]);
    }
    assert_null(js_findings_writer_find("no-such"));
    js_err err;
    js_ctx *ctx = js_ctx_new(&err);
    assert_non_null(ctx);
    js_doc *d = NULL;
    assert_int_equal(js_parse_file(ctx, SEED, &d, &err), JS_OK);
    js_findings f;
    js_findings_init(&f);
    assert_int_equal(js_check(ctx, d, &f, &err), JS_OK);
    const js_findings_writer *j = js_findings_writer_find("json");
    assert_true(js_findings_writer_streams(j, 1));
    assert_false(js_findings_writer_streams(j, 2));
    assert_true(js_findings_writer_streams(js_findings_writer_find("tsv"), 2));
    js_buf b;
    js_buf_init(&b);
    j->begin(&b, 2);
    for (int k = 0; k < 2; k++)
        assert_int_equal(j->one(d, &f, k, 2, &b, &err), JS_OK);
    j->end(&b, 2, 2);
    js_buf_putc(&b, '\0');
    assert_true(b.data[0] == '[');
    assert_non_null(strstr(b.data, "},\n  {"));
    assert_non_null(strstr(b.data, "\n]\n"));
    js_buf_release(&b);
    js_findings_release(&f);
    js_doc_free(d);
    js_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reader_record),
        cmocka_unit_test(writer_record),
        cmocka_unit_test(builtin_tables),
        cmocka_unit_test(findings_writers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
