/*
 * recognize.h - the parts of the recognizer (internal to libjuesuan).
 *
 * js_recognize (recognize.c) runs them in this order:
 *   1. tables: finds the nine tables by title, fills doc->tables, doc meta
 *      (dept, year, unit, form) and marks each source line that belongs to a
 *      table (line_kind[i] = JS_LINE_TABLE), or to the table of contents
 *      (JS_LINE_TOC);
 *   2. narrative: the parts, sections and paragraphs (概况, 情况说明 一…十五,
 *      名词解释, 附件) from the lines not claimed by tables;
 *   3. perf: the 绩效自评表 of the 附件 (marking their lines JS_LINE_PERF).
 */
#ifndef JUESUAN_RECOGNIZE_H
#define JUESUAN_RECOGNIZE_H

#include "juesuan/juesuan.h"

enum js_line_kind {
    JS_LINE_TEXT = 0,  /* narrative or other running text */
    JS_LINE_TABLE = 1, /* part of one of the nine tables (title, header, rows, notes) */
    JS_LINE_TOC = 2,   /* the table of contents */
    JS_LINE_PERF = 3,  /* part of a 绩效自评表 */
};

/* line_kind has src->nlines entries; each part may set entries it claims. */
int js_recognize_tables(const js_ctx *ctx, const js_srcdoc *src, unsigned char *line_kind,
                        js_doc *doc, js_err *err);
int js_recognize_perf(const js_ctx *ctx, const js_srcdoc *src, unsigned char *line_kind,
                      js_doc *doc, js_err *err);
int js_recognize_narrative(const js_ctx *ctx, const js_srcdoc *src, const unsigned char *line_kind,
                           js_doc *doc, js_err *err);

/* Text input (src->lazy): the cells of lines [from, to) split, and those of lines before
 * keep_from may be freed — whole blocks of LAZY_CHUNK lines (lines.c: 512, 1 in a test
 * build) that end before the block holding keep_from: a recognizer asks for the lines it is
 * about to read, and reads no other line's cells, nor a cell of a line before keep_from
 * once asked again. No-op when src->lazy is NULL. A line that cannot be split for want of
 * memory reads as a line without cells (js_srcdoc_cells_failed then says so). */
void js_srcdoc_need_cells(const js_srcdoc *src, int from, int to, int keep_from);
bool js_srcdoc_cells_failed(const js_srcdoc *src);

/* js_recognize, with between(ud, line_kind) called after the tables and the 绩效 tables are
 * read and before the narrative, which reads the cells of the lines still JS_LINE_TEXT
 * only, through js_srcline_cells (decode.h): the text reader drops every line's cells
 * there (parse.c, js_srcdoc_drop_cells) and the narrative splits a line again when it
 * reads its cells. A non-zero return (out of memory) ends recognition with JS_EINTERNAL. */
typedef int (*js_recognize_between)(void *ud, const unsigned char *line_kind);
int js_recognize_with(const js_ctx *ctx, const js_srcdoc *src, js_doc *doc,
                      js_recognize_between between, void *ud, js_err *err);

#endif
