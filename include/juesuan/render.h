/*
 * render.h - writing a document model for people: a terminal summary now;
 * HTML, XLSX, Markdown and text in the shape of the published form (issue #6).
 *
 * Ownership: renderers append to the caller's buffer or write the named file.
 */
#ifndef JUESUAN_RENDER_H
#define JUESUAN_RENDER_H

#include "model.h"
#include "template.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A readable overview of what was read: meta, each table with its rows and
 * values, the narrative outline, performance tables (named by the words of the
 * form data form, NULL: the built-in) and the reader's notes. */
void js_render_summary(const js_templates *form, const js_doc *doc, js_buf *out);

/* ---- the published shapes (issue #6) ------------------------------------
 * Each lays out the nine tables as the 2020 form prints them (headers with
 * merged cells, 行次/栏次, the 公开NN表 label, 单位：万元 and 部门 lines, the
 * note under each table), then the narrative and the performance tables. */

/* The renderers print a document in its form (doc->form) as the form data
 * `form` describes it (js_templates: the tables' titles and column words of
 * data/templates/templates.tsv, the print layout of layout.tsv, or a variant
 * form's own records, docs/templates.md); NULL: the built-in data. A document
 * built or read in a variant form is rendered in that form's layout and words,
 * so the reader given the same data reads it back.
 *
 * Text in the shape of the published disclosures as extracted from PDF: one
 * line per table row with tab-separated cells, titles, "公开 0N 表", "单位：万元",
 * "部门：…", 第一…五部分 and numbered sections. The text reader reads it back. */
int js_render_txt(const js_templates *form, const js_doc *doc, js_buf *out, js_err *err);
/* Markdown: headings, pipe tables (merged header cells repeated as blanks). */
int js_render_md(const js_templates *form, const js_doc *doc, js_buf *out, js_err *err);
/* One self-contained HTML page, print-ready on A4: inline CSS, a CJK font
 * stack, tables with colspan/rowspan as on the form, a page break per table. */
int js_render_html(const js_templates *form, const js_doc *doc, js_buf *out, js_err *err);
/* An XLSX workbook (libxlsxwriter) at path: one sheet per table (公开01…09,
 * then the 绩效自评表), merged header cells, the label and unit lines, 0.00
 * number formats, column widths that fit. Written to a temporary file in the
 * same directory and renamed, so a failed render leaves no partial file. */
int js_render_xlsx(const js_templates *form, const js_doc *doc, const char *path, js_err *err);

/* ---- the writer table (render/writers.c) ----------------------------------
 * One record per output format. A writer appends to a buffer (to_buf; the
 * dispatcher writes the buffer to a file through a temporary file renamed
 * into place), or writes a file itself through a library (to_file). findings
 * are those of `check` when the caller has them (an annotated rendering), else
 * NULL; a writer that needs them says so with JS_EUSAGE. */
typedef struct js_findings js_findings;
typedef struct js_writer {
    const char *name; /* the --format value: "html" */
    const char *what; /* one line for people */
    int (*to_buf)(const js_templates *form, const js_doc *doc, const js_findings *findings,
                  js_buf *out, js_err *err);
    /* NULL unless the format is written to a file only (binary: xlsx) */
    int (*to_file)(const js_templates *form, const js_doc *doc, const js_findings *findings,
                   const char *path, js_err *err);
} js_writer;

/* The writers, in the order help lists them. */
const js_writer *js_writers(size_t *n);
/* The writer of a format name, or NULL. */
const js_writer *js_writer_find(const char *name);
/* The same, or NULL with err set (JS_EUSAGE, naming the formats there are). */
const js_writer *js_writer_get(const char *format, js_err *err);
/* Append w's rendering of doc in the form data form (NULL: the built-in) to out;
 * JS_EUSAGE when w writes files only. */
int js_write_buf(const js_writer *w, const js_templates *form, const js_doc *doc,
                 const js_findings *findings, js_buf *out, js_err *err);
/* Write w's rendering to path, through a temporary file in the same directory
 * renamed into place: a failed write leaves no partial file. */
int js_write_file(const js_writer *w, const js_templates *form, const js_doc *doc,
                  const js_findings *findings, const char *path, js_err *err);

/* A writer of findings (`juesuan check --format NAME`): the report of one or
 * more documents, written document by document into one output. */
typedef struct js_findings_writer {
    const char *name; /* "text", "json", "tsv" (html, xlsx: the batch reports, check.h) */
    const char *what; /* one line for people */
    /* before the first of ndocs documents; NULL: nothing */
    void (*begin)(js_buf *out, int ndocs);
    /* one document's findings; index = the documents written before it */
    int (*one)(const js_doc *doc, const js_findings *f, int index, int ndocs, js_buf *out,
               js_err *err);
    /* after the last; written = the documents written; NULL: nothing */
    void (*end)(js_buf *out, int ndocs, int written);
    /* the output is one whole (not to be flushed between documents): always, or
     * when there are several documents */
    bool whole, whole_when_several;
} js_findings_writer;

/* The findings writers, in the order help lists them; the one of a name or NULL. */
const js_findings_writer *js_findings_writers(size_t *n);
const js_findings_writer *js_findings_writer_find(const char *name);
/* May out be flushed after each of ndocs documents? */
bool js_findings_writer_streams(const js_findings_writer *w, int ndocs);

/* Render in format ("html", "xlsx", "md", "txt", "json") to path (js_write_file
 * of js_writer_find(format), the built-in form data). JS_EUSAGE for an unknown format. */
int js_render_file(const js_doc *doc, const char *format, const char *path, js_err *err);
/* Is format one of the writers' names? */
bool js_render_format_ok(const char *format);

#ifdef __cplusplus
}
#endif
#endif
