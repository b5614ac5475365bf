/*
 * tables.h - private to the table reader (tables.c, tables_cells.c, tables_rows.c):
 * its reading state and the steps shared between those files.
 */
#ifndef JUESUAN_INGEST_TABLES_H
#define JUESUAN_INGEST_TABLES_H

#include "recognize.h"

#define MAX_HITS 256
#define MAX_REGION 2000 /* lines a table may span */
#define MAX_HDR 32

typedef struct title_hit {
    int line; /* index into src->lines */
    int no;
    bool toc;
} title_hit;

typedef struct rd {
    const js_ctx *ctx;
    const js_srcdoc *src;
    unsigned char *kind;
    js_doc *doc;
    const js_templates *tp;
    const char *form;
    js_buf nb; /* scratch for normalised text */
    js_buf nb2;
    /* the department of the first 部门： line (normalised), and without a
     * trailing "(本级)": a title may be printed after it */
    const char *dept_key[2];
    js_srcdoc *wsrc; /* layout text: a copy of the lines with wrapped rows joined */
    bool eof_inside; /* the last table read ran to the end of the input */
    int eof_no;
    js_words lw; /* the words a region's lines are tested for (tables.c LINE_WORDS) */
} rd;

/* Per-table reading state. */
typedef struct tstate {
    js_table *t;
    const js_tpl_table *tpl;
    int base;            /* cell index of the first value column (栏次 line), -1 unknown */
    int hdr_base;        /* the same from the header words (no 栏次 line), -1 unknown */
    bool has_lineno;     /* the header has a 行次 column */
    int split_index;     /* cell index where the right side starts (twosided), -1 */
    float split_x;       /* x where the right side starts (positional), -1 */
    float right_x;       /* least x of a right-side name seen beside a left-side one, -1 */
    float colx[MAX_HDR]; /* centre x of each column's header word, -1 unknown */
    float colx0[MAX_HDR], colx1[MAX_HDR]; /* its extent */
    /* right edges of the numbers of each column in rows that fill every column
     * (layout text: numbers are right-aligned, header words are not) */
    float anch[MAX_HDR][8];
    int nanch[MAX_HDR];
    bool header_done;
    bool seen_note; /* a 注 line was seen */
    int after_note; /* lines since the last 注 line */
    bool total_seen;
    int nvalues;               /* values set */
    const char *seen_keys[64]; /* keys seen so far (for "after" rows) */
    int nseen;
    /* numbers printed on a line of their own before their row (layout text) */
    const js_srcline *pend_line;
    const js_srcline *pend[4]; /* numbers-only lines above the next coded row */
    int npend;
    /* a second region under the same title: a copy of the table (its rows are
     * already there) or its continuation (new rows) */
    bool copy;
    int copy_new, copy_dup;
    int sg_col; /* 07: the next column when its row is printed over two lines */
    js_row scratch;
    js_cell scratch_cells[MAX_HDR];
    /* last row, for wrapped names */
    js_row *last_row;
    int last_row_line, last_row_page;
    int cur_line; /* index of the source line being read (its cleaned copy is elsewhere) */
} tstate;
typedef struct numref {
    const js_srcline *ln;
    const js_srccell *c;
    js_num n;
} numref;

void tb_cat_into(char *buf, size_t size, const char *a, const char *b);
void tb_squash(js_buf *b, const char *s, size_t n);
const char *tb_nkey(js_buf *b, const char *s);
bool tb_key_is(const char *s, const char *w);
bool tb_is_blank_cell(const js_srccell *c);
bool tb_is_num_cell(const js_srccell *c, js_num *out);
/* An amount as tables print them: a number with decimals or thousands separators (not a
 * 行次, 栏次 or code). */
bool tb_amount_text(const char *t, size_t n);
bool tb_is_int_cell(const js_srccell *c, int *v);
const char *tb_strip_heading(const char *s, bool *had);
void tb_mark(rd *r, int i, int kind);
bool tb_part_heading(const char *k);
void tb_set_value(rd *r, tstate *st, js_row *row, int col, const js_srcline *ln,
                  const js_srccell *c, js_num n);
bool tb_have_colx(const tstate *st, int lo, int hi);
void tb_sort_by_x(numref *nums, int k);
void tb_place_values(rd *r, tstate *st, js_row *row, const js_srcline *ln, int from, int to, int lo,
                     int hi);
void tb_place_coded_layout(rd *r, tstate *st, js_row *row, const js_srcline *ln, int from);
bool tb_numbers_only(const js_srcline *ln, int *count);
bool tb_counting_line(const js_srcline *ln);
void tb_read_header(rd *r, tstate *st, const js_srcline *ln, bool *used_cols);
bool tb_read_twosided(rd *r, tstate *st, const js_srcline *ln);
bool tb_read_coded(rd *r, tstate *st, const js_srcline *ln);
bool tb_read_econ(rd *r, tstate *st, const js_srcline *ln);
bool tb_read_sangong(rd *r, tstate *st, const js_srcline *ln);
void tb_wrapped_name(rd *r, tstate *st, const js_srcline *ln, int li);
int tb_read_econ_layout(rd *r, tstate *st, int from, int end);
const js_srcline *tb_clean_line(rd *r, const js_srcline *ln);
/* Has the line a header word of the form (项目, 科目名称, a column's words, 注, 单位…)? */
bool tb_header_line(rd *r, const js_tpl_table *tpl, const js_srcline *ln);
/* Join the rows of lines [from, end) wrapped over several lines, into w (tables_unwrap.c). */
int tb_unwrap_region(rd *r, js_srcdoc *w, const js_tpl_table *tpl, int from, int end);
/* A coded table in text without layout (one cell per line): its rows re-assembled in w
 * (tables_raw.c). 1 when done, 0 when the region is not such text, -1 out of memory. */
int tb_regroup_raw(rd *r, js_srcdoc *w, const js_tpl_table *tpl, int from, int end);
/* The same for 06 (one line per code: code, name, amount). */
int tb_regroup_raw_econ(rd *r, js_srcdoc *w, const js_tpl_table *tpl, int from, int end);
/* The same for 07 (its row's figures one a line among header words and 栏次). */
int tb_regroup_raw_sangong(rd *r, js_srcdoc *w, const js_tpl_table *tpl, int from, int end);
/* The same for 01 and 04 (names, 行次 and figures apart, tables_raw_sides.c). */
int tb_regroup_raw_sides(rd *r, js_srcdoc *w, const js_tpl_table *tpl, int from, int end);
/* The first line of [from, end) that starts with 注 (the table's notes), else end. */
int tb_raw_note(const js_srcdoc *w, int from, int end);

#endif
