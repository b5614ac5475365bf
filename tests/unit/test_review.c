/*
 * test_review.c - what the review page keeps in the store (store.h review.c):
 * source bytes as a BLOB (NUL bytes included), stable finding keys with
 * repeats numbered, acceptances applied, replaced and withdrawn, counts
 * updated; and js_annot_box on a finding of the Shanghai PDF.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "juesuan/annotate.h"
#include "juesuan/juesuan.h"
#include "juesuan/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct fx {
    char dir[64];
    char path[96];
    js_store *s;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/js-test-review.XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
    js_err err;
    js_err_clear(&err);
    assert_int_equal(js_store_open(f->path, &f->s, &err), JS_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    js_store_close(f->s);
    char p[128];
    const char *ext[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s%s", f->path, ext[i]);
        unlink(p);
    }
    rmdir(f->dir);
    free(f);
    return 0;
}

static void source_blob(void **state)
{
    fx *f = *state;
    js_err err;
    js_err_clear(&err);
    const char bytes[] = "%PDF-1.4\0binary\0\xff\xfe tail";
    const char *hash = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    assert_int_equal(js_store_put_source(f->s, hash, "a.pdf", bytes, sizeof bytes, &err), JS_OK);
    /* a second time is a no-op */
    assert_int_equal(js_store_put_source(f->s, hash, "b.pdf", "x", 1, &err), JS_OK);
    js_buf b;
    js_buf_init(&b);
    assert_int_equal(js_store_get_source(f->s, hash, &b, &err), JS_OK);
    assert_int_equal(b.len, sizeof bytes);
    assert_memory_equal(b.data, bytes, sizeof bytes);
    js_buf_release(&b);
    js_buf_init(&b);
    assert_int_equal(js_store_get_source(f->s, "bbbb", &b, &err), JS_EUSAGE);
    js_buf_release(&b);
}

static js_finding mk(const char *rule, const char *table, const char *row, const char *stated,
                     int sev)
{
    js_finding x;
    memset(&x, 0, sizeof x);
    x.rule = rule;
    x.kind = "arithmetic";
    x.table = table;
    x.row = row;
    x.column = "决算数";
    x.stated = stated;
    x.severity = sev;
    x.message = "m";
    return x;
}

static void keys_and_acceptances(void **state)
{
    fx *f = *state;
    js_err err;
    js_err_clear(&err);
    js_findings fs;
    js_findings_init(&fs);
    fs.arena = js_arena_new();
    fs.items = js_arena_calloc(fs.arena, 3, sizeof *fs.items);
    fs.items[0] = mk("T-TOTAL", "02", "合计", "1.00", JS_SEV_ERROR);
    fs.items[1] = mk("T-TOTAL", "02", "合计", "1.00", JS_SEV_ERROR); /* a repeat */
    fs.items[2] = mk("T-HIER", "05", "208", "2.00", JS_SEV_WARNING);
    fs.n = fs.cap = 3;
    char k0[256], k1[256], k2[256];
    js_finding_key(&fs, 0, k0, sizeof k0);
    js_finding_key(&fs, 1, k1, sizeof k1);
    js_finding_key(&fs, 2, k2, sizeof k2);
    assert_string_equal(k0, "T-TOTAL|02|合计|决算数||1.00");
    assert_string_equal(k1, "T-TOTAL|02|合计|决算数||1.00#1");
    assert_string_equal(k2, "T-HIER|05|208|决算数||2.00");

    const char *hash = "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc";
    assert_int_equal(js_store_accept(f->s, hash, k1, "张三", "第一次", &err), JS_OK);
    assert_int_equal(js_store_accept(f->s, hash, k1, "李四", "核实无误", &err),
                     JS_OK); /* replaced */
    assert_int_equal(js_store_apply_accepted(f->s, hash, &fs, &err), JS_OK);
    assert_null(fs.items[0].accepted_by);
    assert_string_equal(fs.items[1].accepted_by, "李四");
    assert_string_equal(fs.items[1].accepted_comment, "核实无误");
    int e, w, n;
    js_findings_summary(&fs, &e, &w, &n);
    assert_int_equal(e, 1);
    assert_int_equal(w, 1);
    /* another document's acceptances do not apply */
    fs.items[1].accepted_by = fs.items[1].accepted_comment = NULL;
    assert_int_equal(js_store_apply_accepted(f->s, "dddd", &fs, &err), JS_OK);
    assert_null(fs.items[1].accepted_by);
    /* withdrawn */
    assert_int_equal(js_store_unaccept(f->s, hash, k1, &err), JS_OK);
    assert_int_equal(js_store_apply_accepted(f->s, hash, &fs, &err), JS_OK);
    assert_null(fs.items[1].accepted_by);
    js_findings_release(&fs);
}

static void box_of_a_cell(void **state)
{
    (void)state;
    js_err err;
    js_err_clear(&err);
    js_ctx *ctx = js_ctx_new(&err);
    assert_non_null(ctx);
    js_doc *doc = NULL;
    const char *pdf = JS_SHARED_DIR "/pdf/shanghai-putuo-finance-bureau-2024.pdf";
    if (access(pdf, R_OK) != 0) {
        js_ctx_free(ctx);
        skip();
    }
    assert_int_equal(js_parse_file(ctx, pdf, &doc, &err), JS_OK);
    js_findings fs;
    js_findings_init(&fs);
    assert_int_equal(js_check(ctx, doc, &fs, &err), JS_OK);
    int boxed = 0, paged = 0;
    for (int i = 0; i < fs.n; i++) {
        js_loc b;
        if (fs.items[i].loc.page > 0) paged++;
        if (!js_annot_box(doc, &fs.items[i], &b)) continue;
        boxed++;
        assert_int_equal(b.page, fs.items[i].loc.page);
        assert_true(b.x1 > b.x0 && b.y1 >= b.y0 && b.x0 >= 0 && b.y0 >= 0);
    }
    assert_true(paged > 0);
    assert_int_equal(boxed, paged);
    js_findings_release(&fs);
    js_doc_free(doc);
    js_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(source_blob, setup, teardown),
        cmocka_unit_test_setup_teardown(keys_and_acceptances, setup, teardown),
        cmocka_unit_test(box_of_a_cell),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
