/* test_pdf.c - the PDF reader: page geometry (pdf_geom.c) on synthetic pages,
 * and real files: the 2020 form laid out by tests/golden/input/mkpdf.py, the
 * Shanghai 2024 disclosure (every hand-checked fact of its tables must sit in
 * the ruled cell of its row and column), and broken files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "ingest/pdf_geom.h"
#include "juesuan/juesuan.h"

#include <mupdf/fitz.h>

#define INPUT JS_SOURCE_DIR "/tests/golden/input/"
#define SHANGHAI JS_SHARED_DIR "/pdf/shanghai-putuo-finance-bureau-2024.pdf"
#define GOLDEN JS_SOURCE_DIR "/tests/golden/facts/shanghai-putuo-2024.tsv"

/* fontconfig keeps its configuration, loaded once when poppler looks up a font
 * that is not embedded, until exit: not a leak of the reader (for ASan builds). */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}

/* ---- synthetic pages --------------------------------------------------------- */

typedef struct page {
    js_glyph g[256];
    int n;
    unsigned char dark[200 * 120];
    js_pixmap pix;
} page;

static void page_init(page *p)
{
    memset(p, 0, sizeof *p);
    p->pix.dark = p->dark;
    p->pix.w = 200;
    p->pix.h = 120;
    p->pix.scale = 1;
}

/* Glyphs of s from x, top y, em size: wide characters 1 em, others 1/2 em. */
static void text(page *p, float x, float y, float em, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        int32_t cp;
        int k = js_utf8_decode(s + i, n - i, &cp);
        i += (size_t)k;
        float w = cp >= 0x2E80 ? em : em / 2;
        if (cp != ' ') p->g[p->n++] = (js_glyph){x, y, x + w, y + em, cp};
        x += w;
    }
}

static void hrule(page *p, int y, int x0, int x1)
{
    for (int x = x0; x <= x1; x++)
        p->dark[y * 200 + x] = 1;
}

static void vrule(page *p, int x, int y0, int y1)
{
    for (int y = y0; y <= y1; y++)
        p->dark[y * 200 + x] = 1;
}

static void lay_out(page *p, js_arena *a, js_linevec *lv, bool rules)
{
    memset(lv, 0, sizeof *lv);
    assert_int_equal(js_geom_page(a, 3, 200, 120, p->g, p->n, rules ? &p->pix : NULL, lv), JS_OK);
}

static void ruled_rows_wrapped_names_and_offset_numbers(void **state)
{
    (void)state;
    static page p;
    page_init(&p);
    hrule(&p, 10, 10, 190);
    hrule(&p, 30, 10, 190);
    hrule(&p, 60, 10, 190);
    vrule(&p, 10, 10, 60);
    vrule(&p, 60, 10, 60);
    vrule(&p, 120, 10, 60);
    vrule(&p, 190, 10, 60);
    text(&p, 14, 16, 9, "项目");
    text(&p, 80, 16, 9, "决算数");
    text(&p, 130, 16, 9, "备注");
    /* a name wrapped over two lines, its number printed at the top of the row */
    text(&p, 12, 33, 9, "一般公共");
    text(&p, 12, 46, 9, "服务支出");
    text(&p, 95, 31, 9, "75.40");
    /* running text under the table: a gap of 2 em starts a new cell */
    text(&p, 12, 80, 9, "注:本表");
    text(&p, 12 + 4 * 9 + 18, 80, 9, "单位");
    js_arena *a = js_arena_new();
    js_linevec lv;
    lay_out(&p, a, &lv, true);
    assert_int_equal(lv.n, 3);
    js_srcline *h = &lv.v[0], *r = &lv.v[1], *t = &lv.v[2];
    assert_int_equal(h->ncells, 3);
    assert_string_equal(h->cells[1].text, "决算数");
    assert_int_equal(r->ncells, 3);
    assert_string_equal(r->cells[0].text, "一般公共服务支出");
    assert_string_equal(r->cells[1].text, "75.40");
    assert_string_equal(r->cells[2].text, "");
    /* x of a ruled cell: its rules, the same for the header and the rows */
    assert_true(r->cells[1].x0 > 59 && r->cells[1].x0 < 61);
    assert_true(r->cells[1].x1 > 119 && r->cells[1].x1 < 121);
    assert_true(h->cells[1].x0 == r->cells[1].x0 && h->cells[1].x1 == r->cells[1].x1);
    assert_int_equal(r->loc.page, 3);
    assert_true(r->loc.y0 >= 29 && r->loc.y1 <= 61);
    assert_int_equal(t->ncells, 2);
    assert_string_equal(t->cells[0].text, "注:本表");
    assert_string_equal(t->cells[1].text, "单位");
    assert_false(t->blank);
    /* without the rulings the same glyphs are lines by baseline: the number
     * printed high is a line of its own, as in a text dump */
    js_linevec lv2;
    lay_out(&p, a, &lv2, false);
    assert_true(lv2.n > 3);
    js_arena_free(a);
}

/* Two columns of running text whose baselines are half a line apart (the right column
 * starts lower): grouped across the page the lines of both columns would interleave,
 * one side each (or chain into one another); read column by column, each left line
 * comes with the right line beside it, as pdftotext -layout prints them. A heading
 * over both columns stays one line; an unruled table row (several cells a side) is
 * not taken for columns. */
static void two_columns_read_column_by_column(void **state)
{
    (void)state;
    static page p;
    page_init(&p);
    static const char *left[] = {"左栏第一行文字内容甲乙", "左栏第二行文字内容丙丁",
                                 "左栏第三行有数字12.5", "左栏第四行文字内容戊己", "左栏第五行。"};
    static const char *right[] = {"右栏第一行文字内容子丑", "右栏第二行文字内容寅卯",
                                  "右栏第三行文字内容辰巳", "右栏第四行有数字3.25", "右栏第五行。"};
    text(&p, 70, 4, 6, "第三部分说明");
    for (int i = 0; i < 5; i++) {
        text(&p, 10, 16 + 10 * (float)i, 6, left[i]);
        text(&p, 112, 20 + 10 * (float)i, 6, right[i]);
    }
    js_arena *a = js_arena_new();
    js_linevec lv;
    lay_out(&p, a, &lv, false);
    assert_int_equal(lv.n, 6);
    assert_int_equal(lv.v[0].ncells, 1);
    assert_string_equal(lv.v[0].cells[0].text, "第三部分说明");
    for (int i = 0; i < 5; i++) {
        const js_srcline *l = &lv.v[1 + i];
        assert_int_equal(l->ncells, 2);
        assert_string_equal(l->cells[0].text, left[i]);
        assert_string_equal(l->cells[1].text, right[i]);
        assert_true(l->cells[0].x1 < 100 && l->cells[1].x0 > 100);
    }
    js_arena_free(a);

    /* rows of a two-sided table without rulings: each row one line of its cells */
    page_init(&p);
    for (int i = 0; i < 5; i++) {
        text(&p, 10, 16 + 10 * (float)i, 6, "一般公共预算收入");
        text(&p, 70, 16 + 10 * (float)i, 6, "12.50");
        text(&p, 112, 16 + 10 * (float)i, 6, "一般公共服务支出");
        text(&p, 170, 16 + 10 * (float)i, 6, "12.50");
    }
    a = js_arena_new();
    lay_out(&p, a, &lv, false);
    assert_int_equal(lv.n, 5);
    for (int i = 0; i < 5; i++)
        assert_int_equal(lv.v[i].ncells, 4);
    js_arena_free(a);
}

/* Source lines as the PDF reader gives them (positional cells, pages): table 06 in
 * three groups ruled on page 8, its header repeated on page 9 without rulings and
 * wrapped (`经济分类科目` / `科目名称 决算数` / `编码`, a line each). A cell never runs
 * over a page: the header is no part of the names of the rows still open at the end of
 * page 8 (K-NAME "其他支出经济分类科目编码" before). */
typedef struct pcell_def {
    float x0, x1;
    const char *t;
} pcell_def;

static void pdf_line(js_arena *a, js_srcline *ln, int pg, int no, const pcell_def *c, int n)
{
    memset(ln, 0, sizeof *ln);
    ln->cells = js_arena_calloc(a, (size_t)n, sizeof *ln->cells);
    char buf[512] = "";
    for (int i = 0; i < n; i++) {
        ln->cells[i] = (js_srccell){c[i].t, (uint32_t)strlen(c[i].t), c[i].x0, c[i].x1, i};
        if (i) strncat(buf, "  ", sizeof buf - strlen(buf) - 1);
        strncat(buf, c[i].t, sizeof buf - strlen(buf) - 1);
    }
    ln->ncells = n;
    ln->text = js_arena_strndup(a, buf, strlen(buf));
    ln->len = strlen(buf);
    ln->loc.page = pg;
    ln->loc.line = no;
}

static void econ_header_on_next_page(void **state)
{
    (void)state;
    js_err err;
    js_ctx *ctx = js_ctx_new(&err);
    assert_non_null(ctx);
    js_doc *doc = js_doc_new("t.pdf");
    js_arena *a = doc->arena;
    static const pcell_def l0[] = {{100, 300, "2020年度部门决算"}};
    static const pcell_def l1[] = {{207, 383, "一般公共预算财政拨款基本支出决算表"}};
    static const pcell_def l2[] = {{51, 104, "部门:青山县教育局"}, {510, 539, "单位:万元"}};
    static const pcell_def l3[] = {
        {50, 90, "经济分类科目编码"},   {90, 158, "科目名称"},  {158, 198, "决算数"},
        {198, 240, "经济分类科目编码"}, {240, 284, "科目名称"}, {284, 350, "决算数"},
        {350, 390, "经济分类科目编码"}, {390, 474, "科目名称"}, {474, 541, "决算数"}};
    static const pcell_def l4[] = {
        {50, 90, "303"},   {90, 158, "对个人和家庭的补助"}, {158, 198, "1.00"},
        {198, 240, "302"}, {240, 284, "商品和服务支出"},    {284, 350, "2.00"},
        {350, 390, "399"}, {390, 474, "其他支出"},          {474, 541, "3.00"}};
    static const pcell_def l5[] = {{50, 90, "30399"},
                                   {90, 158, "其他对个人和家庭的补助"},
                                   {158, 198, "1.00"},
                                   {198, 240, "30299"},
                                   {240, 284, "其他商品和服务支出"},
                                   {284, 350, "2.00"},
                                   {350, 390, "39999"},
                                   {390, 474, "其他支出"},
                                   {474, 541, "3.00"}};
    static const pcell_def l6[] = {
        {53, 88, "经济分类科目"}, {201, 237, "经济分类科目"}, {352, 388, "经济分类科目"}};
    static const pcell_def l7[] = {{113, 136, "科目名称"}, {169, 187, "决算数"},
                                   {250, 274, "科目名称"}, {308, 326, "决算数"},
                                   {421, 444, "科目名称"}, {499, 516, "决算数"}};
    static const pcell_def l8[] = {{65, 76, "编码"}, {213, 225, "编码"}, {364, 376, "编码"}};
    static const pcell_def l9[] = {{51, 86, "人员经费合计"},
                                   {186, 198, "1.00"},
                                   {200, 235, "公用经费合计"},
                                   {501, 539, "5.00"}};
    static const pcell_def l10[] = {
        {51, 228, "注:本表反映部门本年度一般公共预算财政拨款基本支出明细情况。"}};
    static const struct {
        int pg, n;
        const pcell_def *c;
    } L[] = {{1, 1, l0}, {8, 1, l1}, {8, 2, l2}, {8, 9, l3}, {8, 9, l4}, {8, 9, l5},
             {9, 3, l6}, {9, 6, l7}, {9, 3, l8}, {9, 4, l9}, {9, 1, l10}};
    int n = (int)(sizeof L / sizeof L[0]);
    js_srcdoc src = {0};
    src.lines = js_arena_calloc(a, (size_t)n, sizeof *src.lines);
    for (int i = 0; i < n; i++)
        pdf_line(a, &src.lines[i], L[i].pg, i + 1, L[i].c, L[i].n);
    src.nlines = n;
    src.positional = true;
    src.npages = 9;
    js_recognize(ctx, &src, doc, &err);
    js_table *t = doc->tables[6];
    assert_non_null(t);
    const js_row *r1 = js_table_row(t, "30399"), *r3 = js_table_row(t, "39999");
    assert_non_null(r1);
    assert_non_null(r3);
    assert_string_equal(r1->name, "其他对个人和家庭的补助");
    assert_string_equal(r3->name, "其他支出");
    js_doc_free(doc);
    js_ctx_free(ctx);
}

/* A 04 going on over a page printed without rulings: its last 年初 sub-row's name
 * wrapped onto a line of its own (`国有资本经营预算财政拨` / `款`) is read whole. */
static void twosided_name_wrapped_unruled(void **state)
{
    (void)state;
    js_err err;
    js_ctx *ctx = js_ctx_new(&err);
    assert_non_null(ctx);
    js_doc *doc = js_doc_new("t.pdf");
    js_arena *a = doc->arena;
    static const pcell_def l0[] = {{100, 300, "2023年度部门决算"}};
    static const pcell_def l1[] = {{150, 400, "财政拨款收入支出决算总表"}};
    static const pcell_def l2[] = {{124, 137, "收 入"}, {371, 384, "支 出"}};
    static const pcell_def l3[] = {{79, 92, "项 目"},   {134, 146, "行次"}, {179, 191, "金额"},
                                   {241, 254, "项 目"}, {299, 311, "行次"}, {344, 356, "合计"}};
    static const pcell_def l4[] = {
        {50, 120, "年初财政拨款结转和结余"},  {120, 160, "5"},  {160, 210, "2,480.81"},
        {210, 286, "年末财政拨款结转和结余"}, {286, 324, "37"}, {324, 374, "2,480.81"}};
    static const pcell_def l5[] = {
        {50, 120, "一般公共预算财政拨款"}, {120, 160, "6"}, {160, 210, "2,095.50"}};
    static const pcell_def l6[] = {
        {51, 117, "国有资本经营预算财政拨"}, {156, 159, "8"}, {189, 210, "385.31"}};
    static const pcell_def l7[] = {{51, 57, "款"}};
    static const pcell_def l8[] = {{51, 63, "总计"},   {156, 159, "9"},  {179, 210, "2,480.81"},
                                   {211, 223, "总计"}, {316, 324, "38"}, {344, 374, "2,480.81"}};
    static const struct {
        int pg, n;
        const pcell_def *c;
    } L[] = {{1, 1, l0},  {10, 1, l1}, {10, 2, l2}, {10, 6, l3}, {10, 6, l4},
             {10, 3, l5}, {11, 3, l6}, {11, 1, l7}, {11, 6, l8}};
    int n = (int)(sizeof L / sizeof L[0]);
    js_srcdoc src = {0};
    src.lines = js_arena_calloc(a, (size_t)n, sizeof *src.lines);
    for (int i = 0; i < n; i++)
        pdf_line(a, &src.lines[i], L[i].pg, i + 1, L[i].c, L[i].n);
    src.nlines = n;
    src.positional = true;
    src.npages = 11;
    js_recognize(ctx, &src, doc, &err);
    js_table *t = doc->tables[4];
    assert_non_null(t);
    assert_int_equal(js_table_value(t, "收入:年初:一般公共预算财政拨款", "金额"),
                     (js_amount)209550 * 10000);
    assert_int_equal(js_table_value(t, "收入:年初:国有资本经营预算财政拨款", "金额"),
                     (js_amount)38531 * 10000);
    js_doc_free(doc);
    js_ctx_free(ctx);
}

static void merged_header_cells_are_one_cell(void **state)
{
    (void)state;
    static page p;
    page_init(&p);
    hrule(&p, 10, 10, 190);
    hrule(&p, 25, 10, 60); /* under 项目 only: the right cells span both bands */
    hrule(&p, 40, 10, 190);
    hrule(&p, 60, 10, 190);
    vrule(&p, 10, 10, 60);
    vrule(&p, 60, 10, 60);
    vrule(&p, 120, 10, 60);
    vrule(&p, 190, 10, 60);
    text(&p, 14, 13, 9, "项目");
    text(&p, 14, 28, 9, "科目");
    text(&p, 64, 15, 9, "本年支出");
    text(&p, 64, 27, 9, "合计");
    text(&p, 124, 20, 9, "基本支出");
    text(&p, 70, 45, 9, "1,503.52");
    js_arena *a = js_arena_new();
    js_linevec lv;
    lay_out(&p, a, &lv, true);
    assert_int_equal(lv.n, 3);
    /* the merged cell's text is whole, in the band holding its middle */
    int found = 0;
    for (int i = 0; i < 2; i++)
        for (int c = 0; c < lv.v[i].ncells; c++) {
            if (strcmp(lv.v[i].cells[c].text, "本年支出合计") == 0) found++;
            assert_string_not_equal(lv.v[i].cells[c].text, "合计");
        }
    assert_int_equal(found, 1);
    assert_string_equal(lv.v[2].cells[1].text, "1,503.52");
    js_arena_free(a);
}

static void empty_page_gives_no_lines(void **state)
{
    (void)state;
    static page p;
    page_init(&p);
    js_arena *a = js_arena_new();
    js_linevec lv;
    lay_out(&p, a, &lv, true);
    assert_int_equal(lv.n, 0);
    js_arena_free(a);
}

/* ---- real files ---------------------------------------------------------------- */

static int read_pdf(js_arena *a, const char *path, js_srcdoc *src, js_err *err)
{
    js_buf b;
    js_buf_init(&b);
    int rc = js_file_read(path, &b, err);
    if (rc == JS_OK) rc = js_pdf_srcdoc(a, path, b.data ? b.data : "", b.len, src, err);
    js_buf_release(&b);
    return rc;
}

/* The line whose non-blank cells are exactly the given texts (in order). */
static const js_srcline *find_line(const js_srcdoc *s, const char *const *want, int n)
{
    for (int i = 0; i < s->nlines; i++) {
        const js_srcline *l = &s->lines[i];
        int k = 0;
        bool ok = true;
        for (int c = 0; c < l->ncells && ok; c++) {
            if (l->cells[c].len == 0) continue;
            ok = k < n && strcmp(l->cells[c].text, want[k]) == 0;
            k++;
        }
        if (ok && k == n) return l;
    }
    return NULL;
}

static void form2020_pdf(void **state)
{
    (void)state;
    js_arena *a = js_arena_new();
    js_srcdoc s;
    js_err err;
    assert_int_equal(read_pdf(a, INPUT "form2020.pdf", &s, &err), JS_OK);
    assert_true(s.positional);
    assert_int_equal(s.npages, 19);
    const char *row[] = {"2010301", "行政运行", "75.40", "75.40", "0.00",
                         "0.00",    "0.00",     "0.00",  "0.00"};
    const js_srcline *l = find_line(&s, row, 9);
    assert_non_null(l);
    assert_int_equal(l->loc.page, 5);
    for (int c = 1; c < l->ncells; c++)
        assert_true(l->cells[c].x0 >= l->cells[c - 1].x1 - 0.01f);
    /* the same pages turned by /Rotate 90 read the same */
    js_srcdoc r;
    assert_int_equal(read_pdf(a, INPUT "rotated.pdf", &r, &err), JS_OK);
    const js_srcline *lr = find_line(&r, row, 9);
    assert_non_null(lr);
    assert_int_equal(lr->loc.page, 5);
    js_arena_free(a);
}

static void broken_files(void **state)
{
    (void)state;
    struct {
        const char *file, *says;
    } cases[] = {
        {INPUT "encrypted.pdf", "encrypted"},
        {INPUT "truncated.pdf", "not a readable PDF"},
        {INPUT "nopages.pdf", "no pages"},
        {INPUT "scan.pdf", "OCR"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        js_arena *a = js_arena_new();
        js_srcdoc s;
        js_err err;
        js_err_clear(&err);
        assert_int_equal(read_pdf(a, cases[i].file, &s, &err), JS_EINPUT);
        assert_non_null(strstr(err.msg, cases[i].file));
        assert_non_null(strstr(err.msg, cases[i].says));
        js_arena_free(a);
    }
    /* bytes that start like a PDF and are not one */
    const char junk[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n";
    js_arena *a = js_arena_new();
    js_srcdoc s;
    js_err err;
    assert_int_equal(js_pdf_srcdoc(a, "junk.pdf", junk, sizeof junk - 1, &s, &err), JS_EINPUT);
    assert_non_null(strstr(err.msg, "junk.pdf"));
    assert_int_equal(js_pdf_srcdoc(a, "empty.pdf", "", 0, &s, &err), JS_EINPUT);
    js_arena_free(a);
}

/* Shanghai: each hand-checked fact of the code-keyed tables (02, 03, 05, 06)
 * is the text of the ruled cell on its row's line under its column's header. */
static const char *cell_under(const js_srcline *l, float x0, float x1)
{
    for (int c = 0; c < l->ncells; c++)
        if (l->cells[c].x0 < x1 - 1 && l->cells[c].x1 > x0 + 1) return l->cells[c].text;
    return NULL;
}

static void strip_commas(const char *s, char *out, size_t n)
{
    size_t k = 0;
    for (; *s && k + 1 < n; s++)
        if (*s != ',') out[k++] = *s;
    out[k] = 0;
}

static void shanghai_cells(void **state)
{
    (void)state;
    FILE *f = fopen(SHANGHAI, "rb");
    if (!f) skip();
    fclose(f);
    js_arena *a = js_arena_new();
    js_srcdoc s;
    js_err err;
    assert_int_equal(read_pdf(a, SHANGHAI, &s, &err), JS_OK);
    assert_int_equal(s.npages, 25);
    /* tables by their first page; two-sided 06 has two code/value groups */
    struct {
        const char *no;
        int page0, page1;
    } tabs[] = {{"02", 8, 9}, {"03", 10, 11}, {"05", 15, 15}, {"06", 16, 17}};
    FILE *g = fopen(GOLDEN, "r");
    assert_non_null(g);
    char line[512];
    int checked = 0, right = 0;
    while (fgets(line, sizeof line, g)) {
        char t[8], row[64], col[128], val[32];
        if (sscanf(line, "%7[^\t]\t%63[^\t]\t%127[^\t]\t%31[^\n]", t, row, col, val) != 4) continue;
        int ti = -1;
        for (int i = 0; i < 4; i++)
            if (strcmp(tabs[i].no, t) == 0) ti = i;
        if (ti < 0 || row[0] < '0' || row[0] > '9') continue;
        checked++;
        /* header cell of the column: a cell on the table's pages whose text is the name
         * (05 prints 小计 as 合计; 06's column is 决算数 in each half) */
        const char *hname = strcmp(col, "小计") == 0 ? "合计" : col;
        size_t rl = strlen(row);
        bool found = false;
        for (int i = 0; i < s.nlines && !found; i++) {
            const js_srcline *l = &s.lines[i];
            if (l->loc.page < tabs[ti].page0 || l->loc.page > tabs[ti].page1) continue;
            /* code cells: 类 款 项 joined, in either half of a two-sided table */
            for (int c = 0; c + 1 < l->ncells && !found; c++) {
                char code[16] = "";
                int k = c;
                while (k < l->ncells && l->cells[k].len > 0 && l->cells[k].len <= 3 &&
                       strspn(l->cells[k].text, "0123456789") == l->cells[k].len &&
                       strlen(code) + l->cells[k].len < sizeof code)
                    strcat(code, l->cells[k++].text);
                if (strlen(code) != rl || strcmp(code, row) != 0) continue;
                if (k < l->ncells && l->cells[k].len == 0) k++; /* a blank 项 cell */
                while (k < l->ncells && l->cells[k].len == 0)
                    k++;
                /* the header line above on the first page with the column name at or right of k */
                for (int h = 0; h < s.nlines && !found; h++) {
                    const js_srcline *hl = &s.lines[h];
                    if (hl->loc.page != tabs[ti].page0) continue;
                    for (int hc = 0; hc < hl->ncells && !found; hc++) {
                        if (strcmp(hl->cells[hc].text, hname) != 0) continue;
                        if (hl->cells[hc].x1 <= l->cells[c].x0) continue; /* the other half */
                        const char *v = cell_under(l, hl->cells[hc].x0, hl->cells[hc].x1);
                        char vv[32];
                        strip_commas(v ? v : "", vv, sizeof vv);
                        if (strcmp(vv, val) == 0) found = true;
                        break;
                    }
                }
            }
        }
        right += found;
        if (!found) print_message("not found: %s %s %s %s\n", t, row, col, val);
    }
    fclose(g);
    print_message("shanghai: %d of %d code-table facts in their ruled cells\n", right, checked);
    assert_true(checked > 140);
    assert_int_equal(right, checked);
    js_arena_free(a);
}

/* js_parse_pdf (poppler reads the file) and js_pdf_srcdoc (the bytes in memory)
 * give the same lines on the same pages. On the Shanghai PDF this also compares
 * pages read text first (page 6, the first page of tables) with pages drawn
 * first because the page before held tables (7-13, 15-17). */
static void file_and_bytes_agree_on(const char *path)
{
    js_err err = {0};
    js_ctx *ctx = js_ctx_new(&err);
    assert_non_null(ctx);
    js_doc *doc = NULL;
    assert_int_equal(js_parse_pdf(ctx, path, &doc, &err), JS_OK);
    js_arena *a = js_arena_new();
    js_srcdoc s;
    assert_int_equal(read_pdf(a, path, &s, &err), JS_OK);
    assert_true(s.nlines > 100);
    assert_int_equal(doc->nlines, s.nlines);
    assert_int_equal(doc->npages, s.npages);
    int ruled_pages = 0, last = 0;
    for (int i = 0; i < s.nlines; i++) {
        assert_string_equal(doc->lines[i], s.lines[i].text);
        assert_int_equal(doc->line_pages[i], s.lines[i].loc.page);
        if (s.lines[i].ncells >= 8 && s.lines[i].loc.page != last) {
            ruled_pages++;
            last = s.lines[i].loc.page;
        }
    }
    assert_true(ruled_pages >= 2); /* consecutive pages of tables were read */
    js_arena_free(a);
    js_doc_free(doc);
    js_ctx_free(ctx);
}

static void file_and_bytes_agree(void **state)
{
    (void)state;
    file_and_bytes_agree_on(INPUT "form2020.pdf");
    FILE *f = fopen(SHANGHAI, "rb");
    if (!f) skip();
    fclose(f);
    file_and_bytes_agree_on(SHANGHAI);
}

/* A two-page PDF written object by object into b: page 1 two lines of amounts
 * in cells (a page of tables for js_geom_maybe_table), page 2 the text "Body
 * text" and a FreeText annotation whose appearance prints "Note words". */
static void annotated_pdf(js_buf *b)
{
    static const char *const content[] = {
        ("BT /F1 12 Tf 20 400 Td (Item) Tj 150 0 Td (1503.52) Tj 150 0 Td (7.25) Tj ET\n"
         "BT /F1 12 Tf 20 380 Td (Other) Tj 150 0 Td (88.10) Tj 150 0 Td (3.50) Tj ET"),
        "BT /F1 12 Tf 20 400 Td (Body text) Tj ET",
        "BT /F1 12 Tf 2 5 Td (Note words) Tj ET",
    };
    char obj[10][400];
    snprintf(obj[0], sizeof obj[0], "<< /Type /Catalog /Pages 2 0 R >>");
    snprintf(obj[1], sizeof obj[1], "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>");
    snprintf(obj[2], sizeof obj[2],
             "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 500 450] /Resources << /Font << "
             "/F1 7 0 R >> >> /Contents 5 0 R >>");
    snprintf(obj[3], sizeof obj[3],
             "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 500 450] /Resources << /Font << "
             "/F1 7 0 R >> >> /Contents 6 0 R /Annots [8 0 R] >>");
    snprintf(obj[4], sizeof obj[4], "<< /Length %zu >>\nstream\n%s\nendstream", strlen(content[0]),
             content[0]);
    snprintf(obj[5], sizeof obj[5], "<< /Length %zu >>\nstream\n%s\nendstream", strlen(content[1]),
             content[1]);
    snprintf(obj[6], sizeof obj[6], "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    snprintf(obj[7], sizeof obj[7],
             "<< /Type /Annot /Subtype /FreeText /Rect [20 100 220 130] /Contents (Note words) "
             "/DA (/F1 12 Tf 0 g) /AP << /N 9 0 R >> >>");
    snprintf(obj[8], sizeof obj[8],
             "<< /Type /XObject /Subtype /Form /BBox [0 0 200 30] /Resources << /Font << /F1 7 "
             "0 R >> >> /Length %zu >>\nstream\n%s\nendstream",
             strlen(content[2]), content[2]);
    int nobj = 9;
    size_t off[9];
    js_buf_puts(b, "%PDF-1.5\n");
    for (int i = 0; i < nobj; i++) {
        char head[32];
        off[i] = b->len;
        snprintf(head, sizeof head, "%d 0 obj\n", i + 1);
        js_buf_puts(b, head);
        js_buf_puts(b, obj[i]);
        js_buf_puts(b, "\nendobj\n");
    }
    size_t xref = b->len;
    char line[64];
    snprintf(line, sizeof line, "xref\n0 %d\n0000000000 65535 f \n", nobj + 1);
    js_buf_puts(b, line);
    for (int i = 0; i < nobj; i++) {
        snprintf(line, sizeof line, "%010zu 00000 n \n", off[i]);
        js_buf_puts(b, line);
    }
    snprintf(line, sizeof line, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
             nobj + 1, xref);
    js_buf_puts(b, line);
}

/* A page after a page of tables is rendered before its text is read, which
 * saves a parse, except when it has annotations: a rendering draws them and
 * their text would join the page's text. */
static void annotations_stay_out_of_the_text(void **state)
{
    (void)state;
    js_buf b;
    js_buf_init(&b);
    annotated_pdf(&b);
    assert_false(b.oom);
    js_arena *a = js_arena_new();
    js_srcdoc s;
    js_err err = {0};
    assert_int_equal(js_pdf_srcdoc(a, "annot.pdf", b.data, b.len, &s, &err), JS_OK);
    bool amounts = false, body = false;
    for (int i = 0; i < s.nlines; i++) {
        const js_srcline *l = &s.lines[i];
        if (l->loc.page == 1 && strstr(l->text, "1503.52")) amounts = true;
        if (l->loc.page == 2 && strstr(l->text, "Body text")) body = true;
        assert_null(strstr(l->text, "Note")); /* "Note words" */
    }
    assert_true(amounts);
    assert_true(body);
    js_arena_free(a);
    js_buf_release(&b);
}

/* A two-page PDF into b: page 1 the lines of annotated_pdf's page 1 as its
 * content stream, Flate-compressed when z (cut to its first keep bytes when
 * keep > 0), page 2 "Body text" uncompressed. */
static void flate_pdf(js_buf *b, bool z, size_t keep)
{
    static const char c1[] =
        "BT /F1 12 Tf 20 400 Td (Item) Tj 150 0 Td (1503.52) Tj 150 0 Td (7.25) Tj ET\n"
        "BT /F1 12 Tf 20 380 Td (Other) Tj 150 0 Td (88.10) Tj 150 0 Td (3.50) Tj ET\n"
        "BT /F1 12 Tf 20 360 Td (Third) Tj 150 0 Td (12.00) Tj 150 0 Td (1.00) Tj ET\n";
    static const char c2[] = "BT /F1 12 Tf 20 400 Td (Body text) Tj ET";
    unsigned char zbuf[1024];
    uLongf zn = sizeof zbuf;
    assert_int_equal(compress2(zbuf, &zn, (const Bytef *)c1, sizeof c1 - 1, 9), Z_OK);
    if (keep > 0 && keep < zn) zn = keep;
    size_t off[6];
    char t[256];
    js_buf_puts(b, "%PDF-1.5\n");
    const char *objs[6] = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 500 450] /Resources << /Font << /F1 7 0 R "
        ">> >> /Contents 5 0 R >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 500 450] /Resources << /Font << /F1 7 0 R "
        ">> >> /Contents 6 0 R >>",
        NULL,
        NULL,
    };
    for (int i = 0; i < 6; i++) {
        off[i] = b->len;
        snprintf(t, sizeof t, "%d 0 obj\n", i + (i == 5 ? 2 : 1));
        js_buf_puts(b, t);
        if (objs[i]) {
            js_buf_puts(b, objs[i]);
        } else if (i == 4) { /* object 5: page 1's content */
            snprintf(t, sizeof t, "<< /Length %zu %s>>\nstream\n", z ? (size_t)zn : sizeof c1 - 1,
                     z ? "/Filter /FlateDecode " : "");
            js_buf_puts(b, t);
            if (z)
                js_buf_append(b, (const char *)zbuf, zn);
            else
                js_buf_puts(b, c1);
            js_buf_puts(b, "\nendstream");
        } else { /* object 7: the font; object 6: page 2's content, below */
            js_buf_puts(b, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        }
        js_buf_puts(b, "\nendobj\n");
    }
    size_t off6 = b->len;
    snprintf(t, sizeof t, "6 0 obj\n<< /Length %zu >>\nstream\n%s\nendstream\nendobj\n",
             sizeof c2 - 1, c2);
    js_buf_puts(b, t);
    size_t xref = b->len;
    js_buf_puts(b, "xref\n0 8\n0000000000 65535 f \n");
    size_t order[7] = {off[0], off[1], off[2], off[3], off[4], off6, off[5]};
    for (int i = 0; i < 7; i++) {
        snprintf(t, sizeof t, "%010zu 00000 n \n", order[i]);
        js_buf_puts(b, t);
    }
    snprintf(t, sizeof t, "trailer\n<< /Size 8 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", xref);
    js_buf_puts(b, t);
}

/* Compressed content streams are decompressed by libdeflate before MuPDF
 * interprets them (pdf_dev.c inflate_stream): the lines are exactly those of
 * the same page uncompressed; a compressed stream cut short is left to MuPDF,
 * which reads what it can, and the next page is read as usual. */
static void compressed_streams_read_as_plain(void **state)
{
    (void)state;
    js_buf plain, flate, cut;
    js_buf_init(&plain);
    js_buf_init(&flate);
    js_buf_init(&cut);
    flate_pdf(&plain, false, 0);
    flate_pdf(&flate, true, 0);
    flate_pdf(&cut, true, 60);
    js_arena *a = js_arena_new();
    js_srcdoc sp, sf, sc;
    js_err err = {0};
    assert_int_equal(js_pdf_srcdoc(a, "plain.pdf", plain.data, plain.len, &sp, &err), JS_OK);
    assert_int_equal(js_pdf_srcdoc(a, "flate.pdf", flate.data, flate.len, &sf, &err), JS_OK);
    assert_int_equal(sp.nlines, 4);
    assert_int_equal(sf.nlines, sp.nlines);
    for (int i = 0; i < sp.nlines; i++) {
        assert_string_equal(sf.lines[i].text, sp.lines[i].text);
        assert_int_equal(sf.lines[i].loc.page, sp.lines[i].loc.page);
        assert_true(sf.lines[i].loc.x0 == sp.lines[i].loc.x0);
        assert_true(sf.lines[i].loc.y1 == sp.lines[i].loc.y1);
    }
    assert_non_null(strstr(sf.lines[0].text, "1503.52"));
    assert_int_equal(js_pdf_srcdoc(a, "cut.pdf", cut.data, cut.len, &sc, &err), JS_OK);
    assert_true(sc.nlines >= 1 && sc.nlines < sp.nlines);
    assert_string_equal(sc.lines[sc.nlines - 1].text, "Body text");
    assert_int_equal(sc.lines[sc.nlines - 1].loc.page, 2);
    js_arena_free(a);
    js_buf_release(&plain);
    js_buf_release(&flate);
    js_buf_release(&cut);
}

/* A PDF into b of the eight objects obj (1..8, the font descriptor's /FontFile3 9 0 R)
 * and, as object 9, the CFF font program prog[0..n); the cross-reference table and
 * trailer after them. */
static void write_cid_pdf(js_buf *b, char obj[8][400], const unsigned char *prog, size_t n)
{
    size_t off[9];
    char t[96];
    js_buf_puts(b, "%PDF-1.5\n");
    for (int i = 0; i < 9; i++) {
        off[i] = b->len;
        snprintf(t, sizeof t, "%d 0 obj\n", i + 1);
        js_buf_puts(b, t);
        if (i < 8) {
            js_buf_puts(b, obj[i]);
        } else { /* the font program */
            snprintf(t, sizeof t, "<< /Subtype /CIDFontType0C /Length %zu >>\nstream\n", n);
            js_buf_puts(b, t);
            js_buf_append(b, (const char *)prog, n);
            js_buf_puts(b, "\nendstream");
        }
        js_buf_puts(b, "\nendobj\n");
    }
    size_t xref = b->len;
    js_buf_puts(b, "xref\n0 10\n0000000000 65535 f \n");
    for (int i = 0; i < 9; i++) {
        snprintf(t, sizeof t, "%010zu 00000 n \n", off[i]);
        js_buf_puts(b, t);
    }
    snprintf(t, sizeof t, "trailer\n<< /Size 10 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", xref);
    js_buf_puts(b, t);
}

/* A one-page PDF into b: "1234" (CIDs 1-4, ToUnicode) at 12 pt in a Type0 font
 * (Identity-H, CIDFontType0) whose embedded program is prog[0..n) and whose /W
 * gives every glyph 700/1000 of an em. */
static void cid_font_pdf(js_buf *b, const unsigned char *prog, size_t n)
{
    static const char content[] = "BT /F1 12 Tf 50 300 Td <0001000200030004> Tj ET";
    static const char cmap[] =
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /U def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        "1 beginbfrange <0001> <0004> <0031> endbfrange\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end";
    char obj[8][400];
    snprintf(obj[0], sizeof obj[0], "<< /Type /Catalog /Pages 2 0 R >>");
    snprintf(obj[1], sizeof obj[1], "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    snprintf(obj[2], sizeof obj[2],
             "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 400] /Resources << /Font << "
             "/F1 5 0 R >> >> /Contents 4 0 R >>");
    snprintf(obj[3], sizeof obj[3], "<< /Length %zu >>\nstream\n%s\nendstream", strlen(content),
             content);
    snprintf(obj[4], sizeof obj[4],
             "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Test /Encoding /Identity-H "
             "/DescendantFonts [6 0 R] /ToUnicode 8 0 R >>");
    snprintf(obj[5], sizeof obj[5],
             "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /ABCDEF+Test /CIDSystemInfo << "
             "/Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R "
             "/DW 1000 /W [1 [700 700 700 700]] >>");
    snprintf(obj[6], sizeof obj[6],
             "<< /Type /FontDescriptor /FontName /ABCDEF+Test /Flags 4 /FontBBox [0 -200 1000 "
             "900] /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 "
             "/FontFile3 9 0 R >>");
    snprintf(obj[7], sizeof obj[7], "<< /Length %zu >>\nstream\n%s\nendstream", strlen(cmap), cmap);
    write_cid_pdf(b, obj, prog, n);
}

/* A CID-keyed font's glyphs take their advances from the PDF's /W, not from the
 * font program (pdf_dev.c: the reader gives such fonts a stand-in program): the
 * program embedded here (MuPDF's Helvetica) has other advances for glyphs 1-4
 * (0.278-0.556 em), so the last glyph's box would end short of 4 × 0.7 em. */
static void cid_font_advances_from_widths(void **state)
{
    (void)state;
    fz_context *ctx = fz_new_context(NULL, NULL, FZ_STORE_DEFAULT);
    assert_non_null(ctx);
    int n = 0;
    const unsigned char *prog = fz_lookup_base14_font(ctx, "Helvetica", &n);
    assert_non_null(prog);
    js_buf b;
    js_buf_init(&b);
    cid_font_pdf(&b, prog, (size_t)n);
    fz_drop_context(ctx);
    assert_false(b.oom);
    js_arena *a = js_arena_new();
    js_srcdoc s;
    js_err err = {0};
    assert_int_equal(js_pdf_srcdoc(a, "cid.pdf", b.data, b.len, &s, &err), JS_OK);
    assert_int_equal(s.nlines, 1);
    assert_string_equal(s.lines[0].text, "1234");
    assert_true(fabsf(s.lines[0].loc.x0 - 50.0f) < 0.01f);
    assert_true(fabsf(s.lines[0].loc.x1 - (50.0f + 4 * 0.7f * 12)) < 0.01f);
    js_arena_free(a);
    js_buf_release(&b);
}

/* A one-page "scan" into b: a page-sized white image, over it codes[0..ncodes)
 * (2-byte CIDs) at 48 pt in a Type0 font (Identity-H, CIDFontType0) embedding
 * prog[0..n), without a ToUnicode map: a text layer of U+FFFD, junk. */
static void junk_scan_pdf(js_buf *b, const unsigned char *prog, size_t n, const char *codes)
{
    char content[256];
    snprintf(content, sizeof content,
             "q 595 0 0 842 0 0 cm /Im1 Do Q\nBT /F1 48 Tf 80 600 Td <%s> Tj ET", codes);
    char obj[8][400];
    snprintf(obj[0], sizeof obj[0], "<< /Type /Catalog /Pages 2 0 R >>");
    snprintf(obj[1], sizeof obj[1], "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    snprintf(obj[2], sizeof obj[2],
             "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << "
             "/F1 5 0 R >> /XObject << /Im1 8 0 R >> >> /Contents 4 0 R >>");
    snprintf(obj[3], sizeof obj[3], "<< /Length %zu >>\nstream\n%s\nendstream", strlen(content),
             content);
    snprintf(obj[4], sizeof obj[4],
             "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Test /Encoding /Identity-H "
             "/DescendantFonts [6 0 R] >>");
    snprintf(obj[5], sizeof obj[5],
             "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /ABCDEF+Test /CIDSystemInfo << "
             "/Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R "
             "/DW 600 >>");
    snprintf(obj[6], sizeof obj[6],
             "<< /Type /FontDescriptor /FontName /ABCDEF+Test /Flags 4 /FontBBox [0 -200 1000 "
             "900] /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 "
             "/FontFile3 9 0 R >>");
    snprintf(obj[7], sizeof obj[7],
             "<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
             "/BitsPerComponent 8 /Length 1 >>\nstream\n\377\nendstream");
    write_cid_pdf(b, obj, prog, n);
}

/* A scanned page whose text layer is junk is read by OCR from the page drawn with
 * its real fonts: in the reader's copy of the document a CID font has a stand-in
 * program that draws nothing (pdf_font.c), so the page is drawn for OCR from the
 * document opened anew. The page: "1503.52" in MuPDF's Helvetica (embedded, CIDs
 * = its glyph ids, no ToUnicode) over a page-sized image. */
static void junk_layer_read_by_ocr_from_real_glyphs(void **state)
{
    (void)state;
    fz_context *ctx = fz_new_context(NULL, NULL, FZ_STORE_DEFAULT);
    assert_non_null(ctx);
    int n = 0;
    const unsigned char *prog = fz_lookup_base14_font(ctx, "Helvetica", &n);
    assert_non_null(prog);
    fz_font *font = fz_new_font_from_memory(ctx, NULL, prog, n, 0, 0);
    char codes[64] = "";
    for (const char *c = "1503.52"; *c; c++)
        snprintf(codes + strlen(codes), sizeof codes - strlen(codes), "%04X",
                 fz_encode_character(ctx, font, (unsigned char)*c));
    fz_drop_font(ctx, font);
    js_buf b;
    js_buf_init(&b);
    junk_scan_pdf(&b, prog, (size_t)n, codes);
    fz_drop_context(ctx);
    assert_false(b.oom);
    js_err err = {0};
    js_ctx *jc = js_ctx_new(&err);
    assert_non_null(jc);
    js_doc *doc = NULL;
    js_parse_pdf_bytes(jc, "junk.pdf", b.data, b.len, &doc, &err);
    if (!doc && strstr(err.msg, "cannot read the scanned pages")) { /* no tesseract here */
        js_ctx_free(jc);
        js_buf_release(&b);
        skip();
    }
    assert_non_null(doc);
    assert_non_null(doc->ocr_pages);
    assert_int_equal(doc->ocr_pages[1], 1);
    bool read = false;
    for (int i = 0; i < doc->nlines; i++)
        if (doc->lines[i] && strstr(doc->lines[i], "1503")) read = true;
    assert_true(read);
    js_doc_free(doc);
    js_ctx_free(jc);
    js_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ruled_rows_wrapped_names_and_offset_numbers),
        cmocka_unit_test(merged_header_cells_are_one_cell),
        cmocka_unit_test(two_columns_read_column_by_column),
        cmocka_unit_test(econ_header_on_next_page),
        cmocka_unit_test(twosided_name_wrapped_unruled),
        cmocka_unit_test(empty_page_gives_no_lines),
        cmocka_unit_test(form2020_pdf),
        cmocka_unit_test(broken_files),
        cmocka_unit_test(shanghai_cells),
        cmocka_unit_test(file_and_bytes_agree),
        cmocka_unit_test(annotations_stay_out_of_the_text),
        cmocka_unit_test(compressed_streams_read_as_plain),
        cmocka_unit_test(cid_font_advances_from_widths),
        cmocka_unit_test(junk_layer_read_by_ocr_from_real_glyphs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
