/* test_rsums.c - the data of a row of region_sums read back (rsums_json.c, issue
 * #17): every entry with its keys byte for byte — escapes decoded, bytes that are
 * not valid UTF-8 kept (jansson refused such a row, and with it the region's
 * roll-up) — and anything but an array of [text, text, text, integer, integer]
 * refused as a damaged row. */
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
#include "juesuan/store.h"
#include "store/store_impl.h"

typedef struct got {
    char text[1024];
    size_t len;
    int n;
} got;

static bool collect(void *ud, const char *t, const char *r, const char *c, int64_t v, int64_t u)
{
    got *g = ud;
    int k = snprintf(g->text + g->len, sizeof g->text - g->len, "%s|%s|%s|%lld|%lld;", t, r, c,
                     (long long)v, (long long)u);
    if (k > 0) g->len += (size_t)k;
    g->n++;
    return true;
}

static bool reads(const char *data, const char *want)
{
    got g = {{0}, 0, 0};
    bool ok = js_rsums_decode(data, collect, &g);
    if (ok && want && strcmp(g.text, want) != 0) {
        print_error("%s: got %s, want %s\n", data, g.text, want);
        return false;
    }
    return ok;
}

static void rsums_good(void **state)
{
    (void)state;
    assert_true(reads("[]", ""));
    assert_true(reads(" [ ] ", ""));
    assert_true(reads("[[\"01\",\"收入:总计\",\"决算数\",123,1],[\"01\",\"支出\",\"x\",-5,-1]]",
                      "01|收入:总计|决算数|123|1;01|支出|x|-5|-1;"));
    /* PostgreSQL's json_agg and json_build_array: whitespace between the tokens */
    assert_true(reads("[[\"01\", \"a\", \"b\", 1, 2], \n [\"02\", \"c\", \"d\", 3, 4]]",
                      "01|a|b|1|2;02|c|d|3|4;"));
    /* the escapes (rsums.c writes \" \\ and \u00XX; the migrations the others) */
    assert_true(reads("[[\"a\\\"b\\\\c\",\"\\u0001\\t\\n\\/\",\"\\u4e2d\\ud83d\\ude00\",0,0]]",
                      "a\"b\\c|\x01\t\n/|中\xf0\x9f\x98\x80|0|0;"));
    /* a key that is not valid UTF-8 (SQLite keeps the bytes a document gave) */
    assert_true(reads("[[\"01\",\"\xff\xfe收入\",\"\xc3\",1,1]]", "01|\xff\xfe收入|\xc3|1|1;"));
    assert_true(reads("[[\"t\",\"r\",\"c\",9223372036854775807,-9223372036854775808]]",
                      "t|r|c|9223372036854775807|-9223372036854775808;"));
}

static void rsums_damaged(void **state)
{
    (void)state;
    const char *bad[] = {
        "",
        "not json",
        "{}",
        "[",
        "[[\"01\",\"a\",\"b\",1,1]",
        "[[\"01\",\"a\",\"b\",1,1]] x",
        "[[\"01\",\"a\",\"b\",1]]",
        "[[\"01\",\"a\",\"b\",1,1,1]]",
        "[[\"01\",\"a\",2,1,1]]",
        "[[\"01\",\"a\",\"b\",1.5,1]]",
        "[[\"01\",\"a\",\"b\",1e3,1]]",
        "[[\"01\",\"a\",\"b\",01,1]]",
        "[[\"01\",\"a\",\"b\",9223372036854775808,1]]",
        "[[\"01\",\"a\",\"b\",\"1\",1]]",
        "[[\"01\",\"a\\x\",\"b\",1,1]]",
        "[[\"01\",\"a\\u00\",\"b\",1,1]]",
        "[[\"01\",\"a\\u0000\",\"b\",1,1]]",
        "[[\"01\",\"a\\ud800\",\"b\",1,1]]",
        "[[\"01\",\"a\nb\",\"b\",1,1]]",
        "[[\"01\",\"a\",\"b\",1,1],]",
        "[[\"01\",\"a\",\"b\",1,1]][]",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        if (reads(bad[i], NULL)) print_error("read as good: %s\n", bad[i]);
        assert_false(reads(bad[i], NULL));
    }
    assert_false(js_rsums_decode(NULL, collect, NULL));
}

static bool stop_at_first(void *ud, const char *t, const char *r, const char *c, int64_t v,
                          int64_t u)
{
    (void)t, (void)r, (void)c, (void)v, (void)u;
    ++*(int *)ud;
    return false;
}

static void rsums_stop(void **state)
{
    (void)state;
    int n = 0;
    assert_false(
        js_rsums_decode("[[\"a\",\"b\",\"c\",1,1],[\"a\",\"b\",\"d\",1,1]]", stop_at_first, &n));
    assert_int_equal(n, 1);
}

/* A new SQLite store in a new directory made from the template dir (mkdtemp). */
static js_store *tmp_store(char *dir)
{
    char path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/t.db", dir);
    js_err err;
    js_err_clear(&err);
    js_store *s = NULL;
    assert_int_equal(js_store_open(path, &s, &err), JS_OK);
    return s;
}

/* Close s and remove its directory. */
static void tmp_store_close(js_store *s, const char *dir)
{
    char cmd[96];
    js_store_close(s);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* A document whose keys are not valid UTF-8, stored through the API into SQLite (which
 * keeps the bytes): its region's roll-up reads, the key is in it, db check finds nothing. */
static void rsums_invalid_utf8_store(void **state)
{
    (void)state;
    char dir[] = "/tmp/js-test-rsums.XXXXXX";
    js_err err;
    js_err_clear(&err);
    js_store *s = tmp_store(dir);
    js_doc *d = js_doc_new("mem.txt");
    assert_non_null(d);
    d->dept = "甲局";
    d->region = "甲市";
    d->year = 2020;
    d->form = "2020";
    static const char *const c1[] = {"决算数"};
    js_table *t = js_doc_table_add(d, 1, 1, c1);
    js_loc loc = {7, 0, 0, 0, 0, 0};
    const char *rows[2] = {"支出:\xff其他", "收入:总计"};
    for (int i = 0; i < 2; i++) {
        js_row *r = js_table_row_add(d, t, rows[i], NULL, NULL, loc);
        assert_non_null(r);
        js_cell_set(d, &r->cells[0], 10000 * (i + 1), i ? "2.00" : "1.00", loc);
    }
    char hash[65];
    js_sha256_hex("utf8", 4, hash);
    js_store_docinfo info = {hash, NULL, 10, false, "not checked"};
    int64_t id = 0;
    bool dup = false;
    assert_int_equal(js_store_put(s, &info, d, NULL, &id, &dup, &err), JS_OK);
    js_rollup_opts o = {2020, "甲市", NULL, NULL, false};
    js_rtable out = {0}, checks = {0};
    int nfail = 0;
    assert_int_equal(js_report_rollup(s, &o, &out, &checks, &nfail, &err), JS_OK);
    bool found = false;
    for (int i = 0; i < out.nrows; i++)
        for (int k = 0; k < out.ncols; k++)
            found |= out.rows[i][k] && strstr(out.rows[i][k], "\xff其他") != NULL;
    assert_true(found);
    js_rtable_release(&out), js_rtable_release(&checks);
    int nbad = -1;
    assert_int_equal(js_store_check(s, &out, &nbad, &err), JS_OK);
    assert_int_equal(nbad, 0);
    js_rtable_release(&out);
    js_doc_free(d);
    tmp_store_close(s, dir);
}

/* Rows of region_sums read through js_rsums_read (what the roll-up by region adds up):
 * a row damaged part-way — its first entries sound, then cut off — hands on none of
 * its entries (they would be added to the report's totals) and is counted as bad;
 * the sound rows around it are read whole. */
static void rsums_read_partway(void **state)
{
    (void)state;
    char dir[] = "/tmp/js-test-rsums.XXXXXX";
    js_err err;
    js_err_clear(&err);
    js_store *s = tmp_store(dir);
    assert_int_equal(
        js_store_query(s,
                       "INSERT INTO region_sums (year, region, data, chk) VALUES "
                       "(2020, '甲市', '[[\"01\",\"a\",\"b\",1,1]]', NULL), "
                       "(2020, '甲市', '[[\"01\",\"a\",\"b\",100,1],[\"01\",\"c\",\"d\",7,1],"
                       "[\"01\",\"a\",', NULL), "
                       "(2020, '甲市', '[[\"01\",\"c\",\"d\",2,1]]', NULL)",
                       NULL, 0, NULL, NULL, &err),
        JS_OK);
    got g = {{0}, 0, 0};
    int64_t nbad = 0;
    assert_int_equal(js_rsums_read(s, "SELECT data, 1 FROM region_sums ORDER BY id", NULL, 0,
                                   collect, &g, &nbad, &err),
                     JS_OK);
    assert_int_equal(nbad, 1);
    assert_string_equal(g.text, "01|a|b|1|1;01|c|d|2|1;");
    assert_int_equal(g.n, 2);
    tmp_store_close(s, dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rsums_good),         cmocka_unit_test(rsums_damaged),
        cmocka_unit_test(rsums_stop),         cmocka_unit_test(rsums_invalid_utf8_store),
        cmocka_unit_test(rsums_read_partway),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
