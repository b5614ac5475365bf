/*
 * text.h - text and number primitives: amounts and percentages as printed in
 * disclosures, full-width/half-width normalisation, Chinese numerals.
 *
 * Amounts are exact: js_amount is an int64 count of fen (0.01 元), so a
 * 万元 figure with two decimals (75.40 万元 = 754,000 元) is 75,400,000 and a
 * 元 figure (1234.56) is 123456. No floating point is used for any amount.
 *
 * Ownership: functions taking a js_buf append to it; nothing else allocates.
 */
#ifndef JUESUAN_TEXT_H
#define JUESUAN_TEXT_H

#include "base.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef int64_t js_amount; /* fen: 0.01 元 */

#define JS_FEN_PER_WANYUAN 1000000LL /* 1 万元 = 10000 元 = 1000000 分 */
#define JS_FEN_PER_YUAN 100LL

/* A decimal number exactly as printed: value = mant / 10^dec. */
typedef struct js_num {
    int64_t mant;
    int dec; /* number of decimals printed, 0..9 */
} js_num;

enum js_num_kind {
    JS_NUM_NONE = 0,  /* not a number */
    JS_NUM_VALUE = 1, /* a number (possibly 0.00) */
    JS_NUM_BLANK = 2, /* blank, "-", "—", "/", "－": no value printed */
};

/*
 * Parse an amount as printed in a table cell: "5,531.10", "186. 67",
 * "0.00", "-", "—", "", "（3.50）" (negative), "-3.5", full-width digits.
 * The whole of s[0..n) must be the number (surrounding spaces allowed).
 * Returns a js_num_kind; *out is filled for JS_NUM_VALUE.
 */
int js_num_parse(const char *s, size_t n, js_num *out);

/* Like js_num_parse, but s must be a percentage: "42.1%", "100 %", "42.1％". */
int js_pct_parse(const char *s, size_t n, js_num *out);

/* A printed number in a unit (JS_UNIT_*) to fen, rounding half away from zero
 * when the printed precision is finer than a fen. Returns false on overflow. */
enum js_unit { JS_UNIT_WANYUAN = 0, JS_UNIT_YUAN = 1 };
bool js_num_to_amount(js_num n, int unit, js_amount *out);

/* Format an amount in 万元 as facts.md wants it: at least two decimals, more
 * only when the value has them ("75.40", "-3.50", "0.123456"). buf >= 32. */
char *js_amount_fmt_wan(js_amount a, char *buf, size_t size);
/* Format a js_num as printed (no separators): "42.1", "100". buf >= 32. */
char *js_num_fmt(js_num n, char *buf, size_t size);

/* Compare two js_num values exactly: <0, 0, >0. */
int js_num_cmp(js_num a, js_num b);

/* Round p/q (q != 0) to dec decimals, half away from zero, as a js_num of a
 * percentage when pct is true (x100). Exact integer arithmetic (128-bit); a
 * result beyond int64 is clamped, q == 0 gives 0. */
js_num js_ratio(int64_t p, int64_t q, int dec, bool pct);

/* ---- UTF-8 and normalisation -------------------------------------------- */

/* Decode one UTF-8 code point at s (n bytes available). Returns its length in
 * bytes (1..4) and stores the code point, or returns 1 with *cp = 0xFFFD for
 * an invalid byte. */
int js_utf8_decode(const char *s, size_t n, int32_t *cp);
/* Length (1..4) of the valid UTF-8 sequence at s, 0 if the bytes there are not one. */
size_t js_utf8_len(const char *s, size_t n);
/* Is s[0..n) valid UTF-8? */
bool js_utf8_valid(const char *s, size_t n);

/*
 * Append to out the normalised form of s[0..n): full-width ASCII forms
 * (ＡＢ１２，（）：％) to half-width, ideographic space and NBSP to space,
 * the common dash variants kept apart from minus. Uses utf8proc for the
 * compatibility mapping of the full-width block; CJK punctuation that has no
 * ASCII twin (、。“”《》) is kept.
 */
void js_norm(js_buf *out, const char *s, size_t n);
/* The same into out, which must have room for 3*n + 1 bytes (an invalid byte
 * becomes U+FFFD; valid UTF-8 never grows). Returns the length; out is
 * NUL-terminated. No allocation: the core every normalisation goes through. */
size_t js_norm_into(char *out, const char *s, size_t n, bool drop_spaces);
/* One code point as js_norm writes it: 0 to 4 bytes into out, the count returned
 * (the byte order mark, U+200B and CR give none). */
size_t js_norm_cp(char *out, int32_t c);
/* Normalised and with every space removed: the form names are compared in. */
void js_norm_key(js_buf *out, const char *s, size_t n);
/* s[0..n) without its spaces, tabs, form feeds and CRs into out (room for n + 1 bytes),
 * NUL-terminated (a NUL in s is kept); returns the length. Sixteen bytes at a time. */
size_t js_drop_spaces(char *out, const char *s, size_t n);
/* Compare two names as facts.md says: normalised, spaces removed. */
bool js_name_eq(const char *a, const char *b);

/* a, b and c (NULL: nothing) one after another into buf, cut like snprintf (always
 * NUL-terminated when size > 0); returns buf. No printf: for the keys, titles and
 * heading numbers put together per line. */
char *js_join3(char *buf, size_t size, const char *a, const char *b, const char *c);
/* Is s one or more ASCII digits and nothing else (a classification code, a list position)? */
bool js_all_digits(const char *s);
/* The same for s[0..n) (a cell or a field that is not NUL-terminated); false when n is 0.
 * Reads s in order and stops at the first non-digit, so a NUL-terminated s shorter than n
 * is read no further than its NUL (the 4-digit year and 3-digit code tests rely on it). */
bool js_all_digits_n(const char *s, size_t n);
/* Does s start with the UTF-8 string prefix? Returns prefix length or 0. */
size_t js_startswith(const char *s, const char *prefix);
/* Find needle in s[0..n); NULL if absent. */
const char *js_memstr(const char *s, size_t n, const char *needle);
/* Several words looked for in one pass over a text (js_words_find): made once
 * (js_words_set), used for many lines. */
#define JS_WORDS_MAX 32
typedef struct js_words {
    int n;     /* words */
    int nlast; /* distinct last bytes of the words */
    const char *w[JS_WORDS_MAX];
    unsigned char len[JS_WORDS_MAX];
    unsigned char vec[16][16]; /* each distinct last byte in every byte (a compare of 16) */
    uint32_t ends[256];        /* which words end in each byte value */
} js_words;
/* The set of words w[0..n) (non-empty; at most JS_WORDS_MAX, with at most 16 distinct last
 * bytes, each word at most 255 bytes); false (ws unusable) otherwise. */
bool js_words_set(js_words *ws, const char *const *w, int n);
/* Which of the words occur in s[0..n): bit i for w[i] (js_memstr of each). */
uint32_t js_words_find(const js_words *ws, const char *s, size_t n);
/* Trim ASCII whitespace, ideographic spaces and NBSP at both ends of s[*n]. */
const char *js_trim(const char *s, size_t *n);

/* ---- Chinese numerals ---------------------------------------------------- */

/*
 * Parse a Chinese numeral 一..九十九 (also 〇, 零, 两) at s. Returns the number
 * of bytes used (0 if none) and stores the value.
 */
size_t js_cnum_parse(const char *s, size_t n, int *value);
/* Write value (1..99) as a Chinese numeral into buf (>= 16 bytes). */
char *js_cnum_fmt(int value, char *buf, size_t size);

/*
 * Recognise a heading number at the start of a line:
 *   "一、"  -> level 1, value 1        "（三）" / "(三)" -> level 2, value 3
 *   "1、" / "1." / "1．" -> level 3    "（1）" / "(1)" -> level 4
 * Returns bytes consumed (including the 、 or closing bracket, and following
 * spaces), 0 if the line does not start with such a number.
 */
typedef struct js_heading_num {
    int level;
    int value;
} js_heading_num;
size_t js_heading_parse(const char *s, size_t n, js_heading_num *out);

/* Spreadsheet formula injection (OWASP "CSV injection"): would a spreadsheet
 * opening a CSV/TSV cell holding s run it as a formula? True when s begins
 * with '=', '+', '-', '@', a tab or a CR and is not a plain number ("-3.50",
 * "+12.5%", "1,234.00" stay numbers). */
bool js_cell_is_formula(const char *s);
/* Append s for a CSV/TSV cell: with a leading "'" when js_cell_is_formula(s),
 * so the spreadsheet shows the text instead of running it. */
void js_buf_cell(js_buf *b, const char *s);

#ifdef __cplusplus
}
#endif
#endif
