/* test_textpath.c - the text path's shortcuts (docs/performance.md "The text path") give
 * the answers of the slow ways: the one-pass decoding and normalisation against
 * js_text_decode then js_norm_into, and normalisation's runs of unchanged characters
 * against normalising each code point. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "ingest/budget.h"
#include "ingest/decode.h"
#include "ingest/narrative.h"
#include "ingest/recognize.h"
#include "ingest/tables.h"
#include "juesuan/template.h"
#include "juesuan/text.h"

/* js_text_decode_norm(s) against js_text_decode(s) then js_norm_into: the same status,
 * message, encoding, bad bytes and lines, and the same text; returns whether the input
 * was text. */
static bool same_as_two_passes(const char *s, size_t n)
{
    js_arena *a = js_arena_new();
    js_decoded one, two;
    js_err e1, e2;
    js_err_clear(&e1);
    js_err_clear(&e2);
    int rc1 = js_text_decode_norm("t.txt", s, n, a, &one, &e1);
    js_buf conv;
    js_buf_init(&conv);
    int rc2 = js_text_decode("t.txt", s, n, &conv, &two, &e2);
    assert_int_equal(rc1, rc2);
    assert_string_equal(e1.msg, e2.msg);
    if (rc2 == JS_OK) {
        char *want = malloc(two.len + 1);
        assert_non_null(want);
        size_t len = js_norm_into(want, two.text, two.len, false);
        assert_string_equal(one.encoding, two.encoding);
        assert_int_equal(one.nbad, two.nbad);
        assert_int_equal(one.nlines, two.nlines);
        assert_memory_equal(one.lines, two.lines, sizeof one.lines);
        assert_int_equal(one.len, len);
        assert_memory_equal(one.text, want, len);
        assert_int_equal(one.text[len], '\0');
        free(want);
    }
    js_buf_release(&conv);
    js_arena_free(a);
    return rc2 == JS_OK;
}

static uint32_t rnd(uint32_t *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return *seed >> 8;
}

/* Texts put together from pieces: plain runs (ASCII, CJK), characters normalisation maps,
 * line ends of every kind, control bytes, NUL, bad and cut-off sequences, GB18030 and
 * UTF-16 bytes; some with one odd piece in plain text (the one-pass path's bail-out at
 * any position, around its 32-byte windows), some mixed throughout. */
static void decode_norm_as_two_passes(void **state)
{
    (void)state;
    static const char *const PLAIN[] = {
        "决算", "一般公共预算财政拨款收入", "  2,940.05  ", "abc", " ", "\t", "\n", "x", "0"};
    static const struct {
        const char *s;
        size_t n;
    } ODD[] = {
        {"\r\n", 2},
        {"\r", 1},
        {"\r\r\n", 3},
        {"，", 3},
        {"、", 3},
        {"。", 3},
        {"（", 3},
        {"“", 3},
        {"—", 3},
        {"\xE3\x80\x80", 3},
        {"\xC2\xA0", 2},
        {"\xEF\xBB\xBF", 3},
        {"\xE2\x80\x8B", 3},
        {"\xE2\x88\x92", 3},
        {"\xE2\xBB\x94", 3},
        {"\xE2\xBC\x80", 3},
        {"\xE2\x80\x83", 3},
        {"１", 3},
        {"\xF0\x9F\x98\x80", 4},
        {"\xC3\x97", 2},
        {"\x00", 1},
        {"\x01", 1},
        {"\x1B", 1},
        {"\x0B", 1},
        {"\x7F", 1},
        {"\xFF", 1},
        {"\x80", 1},
        {"\xE4\xB8", 2},
        {"\xED\xA0\x80", 3},
        {"\xC0\xAF", 2},
        {"\xE0\x80\xAF", 3},
        {"\xF4\x90\x80\x80", 4},
        {"\xB2\xBF\xC3\xC5", 4},
        {"a\x00", 2},
        {"\x00a", 2},
        {"\xEF\xBF\xBD", 3},
        {"\xFF\xFE", 2},
        {"\xFE\xFF", 2},
    };
    size_t nplain = sizeof PLAIN / sizeof PLAIN[0], nodd = sizeof ODD / sizeof ODD[0];
    char *buf = malloc(8192);
    assert_non_null(buf);
    uint32_t seed = 12345;
    int text = 0, tries = 4000;
    for (int t = 0; t < tries; t++) {
        size_t n = 0;
        int pieces = (int)(rnd(&seed) % 120);
        int mode = t % 3; /* 0: plain with one odd piece, 1: mixed, 2: mostly odd */
        int odd_at = pieces ? (int)(rnd(&seed) % (uint32_t)pieces) : 0;
        for (int p = 0; p < pieces && n < 8000; p++) {
            bool odd = mode == 0 ? p == odd_at : mode == 1 ? rnd(&seed) % 6 == 0 : rnd(&seed) % 2;
            if (odd) {
                size_t k = rnd(&seed) % nodd;
                memcpy(buf + n, ODD[k].s, ODD[k].n);
                n += ODD[k].n;
            } else {
                const char *s = PLAIN[rnd(&seed) % nplain];
                memcpy(buf + n, s, strlen(s));
                n += strlen(s);
            }
        }
        text += same_as_two_passes(buf, n);
    }
    /* most are text; some are not (NUL and control bytes, UTF-16 guesses, random bytes) */
    assert_true(text > tries / 2 && text < tries);
    /* random bytes, and UTF-16 with and without a byte order mark */
    for (int t = 0; t < 200; t++) {
        size_t n = rnd(&seed) % 300;
        for (size_t i = 0; i < n; i++)
            buf[i] = (char)(t % 2 ? rnd(&seed) : rnd(&seed) % 2 ? 0 : 0x41 + rnd(&seed) % 26);
        same_as_two_passes(buf, n);
    }
    assert_true(same_as_two_passes("\xFF\xFE\x33\x4E\x00\x00\x0A\x00", 8));
    free(buf);
}

/* Every code point through js_norm_into (runs kept as they are) and through js_norm_cp
 * (each normalised alone): the same bytes. */
static void norm_runs_as_each_code_point(void **state)
{
    (void)state;
    char in[8], run[32], one[8];
    int mapped = 0;
    for (int32_t c = 0x80; c <= 0x10FFFF; c++) {
        if (c >= 0xD800 && c <= 0xDFFF) continue;
        utf8proc_ssize_t k = utf8proc_encode_char(c, (utf8proc_uint8_t *)in);
        assert_true(k > 0);
        size_t a = js_norm_into(run, in, (size_t)k, false);
        size_t b = js_norm_cp(one, c);
        if (a != b || memcmp(run, one, a) != 0) fail_msg("U+%04X: run and code point differ", c);
        mapped += a != (size_t)k || memcmp(run, in, a) != 0;
    }
    assert_true(mapped > 200); /* full-width forms, spaces, radicals */
    /* full-width ASCII and U+3000, mapped without utf8proc: as its compatibility mapping */
    for (int32_t x = 0xFF01; x <= 0xFF5F; x++) {
        int32_t c = x == 0xFF5F ? 0x3000 : x;
        utf8proc_int32_t dst[4];
        int last = 0;
        assert_int_equal(
            utf8proc_decompose_char(c, dst, 4, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, &last), 1);
        assert_int_equal(js_norm_cp(one, c), 1);
        assert_int_equal((unsigned char)one[0], dst[0]);
    }
}

/* js_norm_into (runs of characters kept as they are) against each character normalised
 * alone (js_utf8_decode, js_norm_cp; CR dropped, and spaces and tabs for keys), and the
 * display width likewise, on texts of CJK, ASCII and every odd piece. */
static size_t norm_by_characters(char *out, const char *s, size_t n, bool key)
{
    size_t i = 0, o = 0;
    while (i < n) {
        int32_t c;
        int k = js_utf8_decode(s + i, n - i, &c);
        char one[8];
        size_t m = js_norm_cp(one, c);
        bool gone = c == '\r' || (key && m == 1 && (one[0] == ' ' || one[0] == '\t'));
        if (!gone) memcpy(out + o, one, m);
        o += gone ? 0 : m;
        i += (size_t)k;
    }
    out[o] = '\0';
    return o;
}

/* The narrative's display width (ASCII and CJK ideographs read in line) against each
 * character decoded (js_utf8_decode): 1 for ASCII, 2 for anything else. */
static int width_by_characters(const char *s, size_t n)
{
    int w = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        i += (size_t)js_utf8_decode(s + i, n - i, &cp);
        w += cp < 0x80 ? 1 : 2;
    }
    return w;
}

static void norm_as_characters(void **state)
{
    (void)state;
    static const char *const PIECE[] = {"决",
                                        "算",
                                        "表",
                                        "a",
                                        "1",
                                        ".",
                                        " ",
                                        "\t",
                                        "\r",
                                        "\n",
                                        "、",
                                        "，",
                                        "（",
                                        "：",
                                        "\xE3\x80\x80",
                                        "\xC2\xA0",
                                        "\xE2\xBA\x8F",
                                        "\xEF\xBB\xBF",
                                        "\xE4",
                                        "\xE9\xA1",
                                        "\x80",
                                        "\xFF",
                                        "\xC3\xA9",
                                        "\xF0\x9F\x98\x80",
                                        "\xED\xA0\x80",
                                        "\xE0\x80\x80",
                                        "\x7F",
                                        "\xE2\x88\x92"};
    uint32_t seed = 11;
    char in[160], got[3 * 160 + 1], want[3 * 160 + 1];
    for (int t = 0; t < 40000; t++) {
        size_t n = 0;
        int np = (int)(rnd(&seed) % 40);
        for (int p = 0; p < np; p++) {
            /* mostly CJK and ASCII, now and then an odd piece */
            size_t w =
                rnd(&seed) % 8 ? rnd(&seed) % 5 : rnd(&seed) % (sizeof PIECE / sizeof *PIECE);
            size_t l = strlen(PIECE[w]);
            if (n + l > sizeof in) break;
            memcpy(in + n, PIECE[w], l);
            n += l;
        }
        bool key = t % 2;
        assert_int_equal(js_narr_text_width(in, n), width_by_characters(in, n));
        size_t a = js_norm_into(got, in, n, key);
        size_t b = norm_by_characters(want, in, n, key);
        assert_int_equal(a, b);
        assert_memory_equal(got, want, a + 1);
    }
}

/* Keys tested without being built: tb_key_is against strcmp of tb_nkey; the 绩效 reader's
 * key of a line's start (perf.c key_start: a cut before a byte that is no continuation)
 * against the start of the whole line's key; js_templates_marks_maybe never false for a
 * line whose key js_templates_form_marked finds a form in. */
static void keys_without_building(void **state)
{
    (void)state;
    static const char *const PIECE[] = {"项", "目", "行",           "次",   "栏",   "类",
                                        "款", " ",  "\t",           "\f",   "\r",   "a",
                                        "1",  "：", "\xE3\x80\x80", "\xE8", "\x80", "、"};
    static const char *const WORD[] = {"项目", "行次", "", "a", "项目a", "1"};
    js_err err = {0};
    js_templates *tp = js_templates_new(&err);
    assert_non_null(tp);
    js_buf nb, full, part;
    js_buf_init(&nb);
    js_buf_init(&full);
    js_buf_init(&part);
    uint32_t seed = 5;
    char in[64];
    int equal = 0, marked = 0;
    for (int t = 0; t < 30000; t++) {
        size_t n = 0;
        for (int p = (int)(rnd(&seed) % 8); p > 0; p--) {
            const char *w = PIECE[rnd(&seed) % (sizeof PIECE / sizeof *PIECE)];
            memcpy(in + n, w, strlen(w));
            n += strlen(w);
        }
        in[n] = '\0';
        for (size_t w = 0; w < sizeof WORD / sizeof *WORD; w++) {
            bool want = strcmp(tb_nkey(&nb, in), WORD[w]) == 0;
            assert_int_equal(tb_key_is(in, WORD[w]), want);
            equal += want;
        }
        const char *k = tb_nkey(&nb, in);
        if (js_templates_form_marked(tp, k)) {
            marked++;
            assert_true(js_templates_marks_maybe(tp, in, n));
        }
        full.len = 0;
        js_norm_key(&full, in, n);
        for (size_t m = 0; m <= n; m++) {
            if (m < n && ((unsigned char)in[m] & 0xC0) == 0x80) continue;
            part.len = 0;
            js_norm_key(&part, in, m);
            assert_true(part.len <= full.len);
            assert_memory_equal(part.data, full.data, part.len);
        }
    }
    assert_true(equal > 500 && marked > 500);
    js_buf_release(&nb);
    js_buf_release(&full);
    js_buf_release(&part);
    js_templates_free(tp);
}

/* js_num_parse of ASCII cells (the one-loop path) against the same cells in full-width
 * digits, commas, points, minus and brackets (every one read by the general parser). */
static void numbers_as_full_width(void **state)
{
    (void)state;
    static const char ALPHA[] = "0123456789,.-() a%/";
    static const char *const WIDE[] = {"０", "１", "２", "３", "４", "５", "６", "７", "８", "９",
                                       "，", "．", "－", "（", "）", " ",  "a",  "%",  "／"};
    uint32_t seed = 99;
    int values = 0;
    for (int t = 0; t < 50000; t++) {
        char a[32], w[128];
        size_t n = rnd(&seed) % 12, wn = 0;
        for (size_t i = 0; i < n; i++) {
            /* mostly digits, so that many are numbers */
            size_t k = rnd(&seed) % 4 ? rnd(&seed) % 10 : rnd(&seed) % (sizeof ALPHA - 1);
            a[i] = ALPHA[k];
            memcpy(w + wn, WIDE[k], strlen(WIDE[k]));
            wn += strlen(WIDE[k]);
        }
        js_num x = {0, 0}, y = {0, 0};
        int kx = js_num_parse(a, n, &x), ky = js_num_parse(w, wn, &y);
        if (kx != ky || (kx == JS_NUM_VALUE && (x.mant != y.mant || x.dec != y.dec)))
            fail_msg("\"%.*s\": %d %lld/%d, full-width %d %lld/%d", (int)n, a, kx,
                     (long long)x.mant, x.dec, ky, (long long)y.mant, y.dec);
        values += kx == JS_NUM_VALUE;
    }
    assert_true(values > 5000);
}

/* js_join3 and js_cnum_fmt (no printf) against snprintf. */
static void joins_as_snprintf(void **state)
{
    (void)state;
    static const char *const P[] = {"", "(", "一", "决算", "明细表", "2023", ")", NULL};
    char got[32], want[32];
    for (size_t size = 0; size <= 12; size++)
        for (int a = 0; a < 8; a++)
            for (int b = 0; b < 8; b++)
                for (int c = 0; c < 8; c++) {
                    memset(got, 'x', sizeof got);
                    memset(want, 'x', sizeof want);
                    js_join3(got, size, P[a], P[b], P[c]);
                    snprintf(want, size, "%s%s%s", P[a] ? P[a] : "", P[b] ? P[b] : "",
                             P[c] ? P[c] : "");
                    assert_memory_equal(got, want, sizeof got);
                }
    static const char *const D[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    for (int v = 0; v <= 99; v++) {
        js_cnum_fmt(v, got, sizeof got);
        if (v < 10)
            snprintf(want, sizeof want, "%s", D[v]);
        else
            snprintf(want, sizeof want, "%s十%s", v / 10 > 1 ? D[v / 10] : "",
                     v % 10 ? D[v % 10] : "");
        assert_string_equal(got, want);
        int back = -1;
        if (v > 0) assert_int_equal(js_cnum_parse(got, strlen(got), &back), strlen(got));
        if (v > 0) assert_int_equal(back, v);
    }
}

/* js_drop_spaces (16 bytes at a time) against dropping the separators byte by byte. */
static void drop_spaces_as_bytes(void **state)
{
    (void)state;
    static const char ALPHA[] = {' ', ' ', ' ', '\t', '\f', '\r', '\n', 'a', '1', '\0', (char)0xE5};
    uint32_t seed = 7;
    char in[80], got[81], want[81];
    for (int t = 0; t < 20000; t++) {
        size_t n = rnd(&seed) % sizeof in, w = 0;
        for (size_t i = 0; i < n; i++) {
            in[i] = ALPHA[rnd(&seed) % (t % 2 ? 3 : sizeof ALPHA)];
            if (in[i] != ' ' && in[i] != '\t' && in[i] != '\f' && in[i] != '\r') want[w++] = in[i];
        }
        want[w] = '\0';
        assert_int_equal(js_drop_spaces(got, in, n), w);
        assert_memory_equal(got, want, w + 1);
    }
}

/* js_memstr (found by the needle's last byte) against strstr: the first occurrence; and
 * js_words_find (all the words in one pass) against strstr of each. */
static void memstr_as_strstr(void **state)
{
    (void)state;
    static const char *const W[] = {"表", "决算", "评", "，", "**", "%", "a", "表表", "算决"};
    static const char *const P[] = {"表", "决", "算", "评", "，", "*", "%", "a", " ", "x"};
    uint32_t seed = 3;
    char hay[128];
    int found = 0;
    js_words ws;
    assert_true(js_words_set(&ws, W, (int)(sizeof W / sizeof W[0])));
    for (int t = 0; t < 20000; t++) {
        size_t n = 0;
        for (int i = (int)(rnd(&seed) % 40); i > 0; i--) {
            const char *p = P[rnd(&seed) % (sizeof P / sizeof P[0])];
            memcpy(hay + n, p, strlen(p));
            n += strlen(p);
        }
        hay[n] = '\0';
        uint32_t all = 0;
        for (size_t w = 0; w < sizeof W / sizeof W[0]; w++) {
            const char *want = strstr(hay, W[w]);
            assert_ptr_equal(js_memstr(hay, n, W[w]), want);
            found += want != NULL;
            all |= want ? 1u << w : 0;
        }
        /* the narrative's test for "**" */
        assert_int_equal(js_narr_has_double_star(hay, n), js_memstr(hay, n, "**") != NULL);
        /* the words looked for in one pass: the same answer for each */
        assert_int_equal(js_words_find(&ws, hay, n), all);
    }
    assert_true(found > 20000);
}

/* ---- a line's cells (lines.c: bit masks 64 bytes at a time) against byte by byte ---- */

typedef struct refcell {
    size_t b, e; /* the cell's bytes in the line */
    float x0, x1;
} refcell;

/* The cells of a line as the reader cut them before the masks: tab-separated (trimmed of
 * spaces and tabs) when the line has a tab, else runs of text between runs of two or more
 * spaces, x the character column. */
static int ref_cells(const char *line, size_t n, refcell *out, bool *blank)
{
    size_t k = 0;
    while (k < n && (line[k] == ' ' || line[k] == '\t'))
        k++;
    *blank = k == n;
    int nc = 0;
    if (memchr(line, '\t', n)) {
        size_t start = 0;
        for (size_t i = 0; i <= n; i++) {
            if (i < n && line[i] != '\t') continue;
            size_t b = start, e = i;
            while (b < e && (line[b] == ' ' || line[b] == '\t'))
                b++;
            while (e > b && (line[e - 1] == ' ' || line[e - 1] == '\t'))
                e--;
            out[nc++] = (refcell){b, e, -1, -1};
            start = i + 1;
        }
        return nc;
    }
    int col = 0;
    for (size_t i = 0; i < n;) {
        for (; i < n && line[i] == ' '; i++)
            col++;
        if (i >= n) break;
        size_t start = i;
        int c0 = col;
        for (; i < n && !(line[i] == ' ' && (i + 1 >= n || line[i + 1] == ' ')); i++)
            col += ((unsigned char)line[i] & 0xC0) != 0x80;
        size_t end = i;
        while (end > start && line[end - 1] == ' ')
            end--;
        out[nc++] = (refcell){start, end, (float)c0, (float)col};
    }
    return nc;
}

static void same_cells(const js_srcline *ln, const js_srccell *cells, int nc)
{
    refcell want[400];
    bool blank;
    int n = ref_cells(ln->text, ln->len, want, &blank);
    assert_int_equal(ln->blank, blank);
    assert_int_equal(nc, n);
    for (int k = 0; k < n; k++) {
        const js_srccell *c = &cells[k];
        assert_int_equal(c->len, want[k].e - want[k].b);
        assert_memory_equal(c->text, ln->text + want[k].b, c->len);
        assert_true(c->x0 == want[k].x0 && c->x1 == want[k].x1);
        assert_int_equal(c->index, k);
    }
}

/* Every line of text (n bytes) cut into cells, eagerly and on demand, against the byte
 * by byte way; *lines, *tabbed and *multi count what was seen. */
static void cells_of_text(const char *text, size_t n, int *lines, int *tabbed, int *multi)
{
    for (int lazy = 0; lazy < 2; lazy++) {
        js_arena *a = js_arena_new();
        js_srcdoc src;
        js_err err;
        js_err_clear(&err);
        assert_int_equal(js_srcdoc_from_text2(a, a, a, lazy, "t.txt", text, n, NULL, &src, &err),
                         JS_OK);
        js_srcdoc_need_cells(&src, 0, src.nlines, 0);
        js_cellbuf cb = {0};
        for (int i = 0; i < src.nlines; i++) {
            js_srcline ln = src.lines[i];
            same_cells(&ln, ln.cells, ln.ncells);
            for (int k = 0; k < ln.ncells; k++)
                assert_int_equal(ln.cells[k].text[ln.cells[k].len], '\0');
            /* split again into a reused block, as the narrative does */
            ln.cells = NULL;
            const js_srccell *cells;
            int nc = js_srcline_cells(&ln, &cb, &cells);
            same_cells(&ln, cells, nc);
            (*lines)++;
            *tabbed += memchr(ln.text, '\t', ln.len) != NULL;
            *multi += ln.ncells > 2;
        }
        js_cellbuf_free(&cb);
        js_srcdoc_lazy_free(&src);
        js_arena_free(a);
    }
}

static void cells_as_bytes(void **state)
{
    (void)state;
    static const char *const P[] = {" ",        "  ", "   ",    "\t",   " \t ", "决算", "a",
                                    "1,234.00", "、", "  项目", "(一)", "x y",  "\f",   "合计"};
    uint32_t seed = 11;
    char text[8192];
    int lines = 0, tabbed = 0, multi = 0;
    for (int t = 0; t < 600; t++) {
        size_t n = 0;
        bool tabs = t % 3 != 0; /* a third of the texts have no tab: layout cells */
        for (int l = (int)(rnd(&seed) % 30); l >= 0; l--) {
            for (int i = (int)(rnd(&seed) % 90); i > 0 && n < sizeof text - 300; i--) {
                const char *p = P[rnd(&seed) % (sizeof P / sizeof P[0])];
                if (!tabs && strchr(p, '\t')) p = "  ";
                memcpy(text + n, p, strlen(p));
                n += strlen(p);
            }
            text[n++] = '\n';
        }
        cells_of_text(text, n, &lines, &tabbed, &multi);
    }
    assert_true(lines > 10000 && tabbed > 3000 && multi > 3000);
}

/* The edges of the cutter's 16- and 64-byte blocks, not left to chance: lines of every
 * length around them with a double space, a lone space, a tab or a 3-byte character
 * placed at each position around a block's end (a text of tabs, and one without). */
static void cells_at_block_edges(void **state)
{
    (void)state;
    static const int LEN[] = {0, 1, 2, 15, 16, 17, 31, 32, 33, 63, 64, 65, 66, 127, 128, 129};
    static const char *const MARK[] = {"  ", " ", "\t", "决", "  决", "\t "};
    char text[2 * 129 + 2]; /* two lines of the longest LEN */
    int lines = 0, tabbed = 0, multi = 0;
    for (size_t li = 0; li < sizeof LEN / sizeof LEN[0]; li++)
        for (size_t mi = 0; mi < sizeof MARK / sizeof MARK[0]; mi++)
            for (int at = 0; at <= LEN[li]; at++) {
                int len = LEN[li];
                assert_true(2 * (size_t)len + 2 <= sizeof text);
                bool edge = at < 3 || (at >= 12 && at <= 18) || (at >= 60 && at <= 67) ||
                            (at >= 124 && at <= 131) || at >= len - 3;
                if (!edge) continue;
                for (int i = 0; i < len; i++)
                    text[i] = (char)('a' + i % 7);
                const char *m = MARK[mi];
                size_t ml = strlen(m);
                if ((size_t)at + ml <= (size_t)len) memcpy(text + at, m, ml);
                text[len] = '\n';
                cells_of_text(text, (size_t)len + 1, &lines, &tabbed, &multi);
                /* the same line with a tab in the middle too: a tab-separated text */
                memcpy(text + len + 1, text, (size_t)len);
                if (len > 4) text[len + 1 + len / 2] = '\t';
                text[2 * len + 1] = '\n';
                cells_of_text(text, 2 * (size_t)len + 2, &lines, &tabbed, &multi);
            }
    assert_true(lines > 1000 && multi > 100);
}

/* js_budget_key (js_drop_spaces when the text fits and has no CR) against dropping spaces,
 * tabs and form feeds byte by byte, cut to the buffer. */
static void budget_key_as_bytes(void **state)
{
    (void)state;
    static const char ALPHA[] = {' ', '\t', '\f', '\r', 'a', '1', (char)0xE5, (char)0x86, '\n'};
    uint32_t seed = 5;
    char in[100], got[64], want[64];
    for (int t = 0; t < 20000; t++) {
        size_t n = rnd(&seed) % sizeof in, size = 1 + rnd(&seed) % sizeof got, w = 0;
        for (size_t i = 0; i < n; i++)
            in[i] = ALPHA[rnd(&seed) % (t % 3 ? 3 : sizeof ALPHA)];
        in[n] = '\0';
        for (size_t i = 0; i < n && w + 1 < size; i++)
            if (in[i] != ' ' && in[i] != '\t' && in[i] != '\f') want[w++] = in[i];
        want[w] = '\0';
        assert_ptr_equal(js_budget_key(in, got, size), got);
        assert_string_equal(got, want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(decode_norm_as_two_passes),
        cmocka_unit_test(norm_runs_as_each_code_point),
        cmocka_unit_test(numbers_as_full_width),
        cmocka_unit_test(joins_as_snprintf),
        cmocka_unit_test(drop_spaces_as_bytes),
        cmocka_unit_test(memstr_as_strstr),
        cmocka_unit_test(norm_as_characters),
        cmocka_unit_test(keys_without_building),
        cmocka_unit_test(cells_as_bytes),
        cmocka_unit_test(cells_at_block_edges),
        cmocka_unit_test(budget_key_as_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
