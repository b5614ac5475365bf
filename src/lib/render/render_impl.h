/*
 * render_impl.h - what the writers of src/lib/render share (internal to
 * libjuesuan): the print layout of the tables (layout.c) that every renderer
 * draws, the section headings, the temporary file of the dispatcher.
 */
#ifndef JUESUAN_RENDER_IMPL_H
#define JUESUAN_RENDER_IMPL_H

#include "juesuan/juesuan.h"

/* A temporary file in path's directory, "path.tmpXXXXXX" made by mkstemp (mode
 * 0644), its name in out: write there, then js_tmp_done. When path exists and is
 * not a regular file (/dev/null, /dev/stdout, a FIFO), renaming over it would
 * replace it: the file is then made in $TMPDIR (else /tmp) and copied to path. */
int js_tmp_for(const char *path, char *out, size_t size, js_err *err);
/* The end of a write through js_tmp_for: rc JS_OK puts tmp's bytes at path (rename,
 * or a copy into a path that is not a regular file); tmp is removed in any case.
 * Returns rc, or the rename's or copy's error. */
int js_tmp_done(int rc, const char *tmp, const char *path, js_err *err);

/* ---- layouts shared by the renderers ------------------------------------ */

typedef struct bg_cell {
    const char *text; /* NULL for a cell covered by a span or blank */
    int colspan, rowspan;
    unsigned char num;     /* a number (right-aligned) */
    unsigned char covered; /* inside another cell's span */
} bg_cell;

typedef struct bg_grid {
    const char *title; /* 收入支出决算总表 */
    const char *label; /* "公开01表" style label number "01", or NULL for a performance table */
    const char *note;  /* the 注 under the table, or NULL */
    int nrows, ncols, nhead; /* nhead leading rows are headers */
    bg_cell *c;              /* nrows*ncols */
    int *widths;             /* suggested column widths in characters */
} bg_grid;

/* A writer's drawing of doc in the form data tp (js_templates: templates.tsv
 * and the print layout, layout.tsv, of every form) to out (a file's path…),
 * its grids in the arena a: a status. */
typedef int bg_draw_fn(const js_templates *tp, const js_doc *doc, js_arena *a, void *out,
                       js_err *err);
/* The same into a buffer (js_buf_* record running out of memory in it). */
typedef void bg_draw_buf_fn(const js_templates *tp, const js_doc *doc, js_arena *a, js_buf *out);
/* Every writer's frame: draw doc in the form data form, or when NULL in the
 * built-in data (loaded for the call), with an arena for its grids, and free
 * both after: draw's status, or the failure to load or allocate in err. */
int bg_draw(const js_templates *form, const js_doc *doc, bg_draw_fn *draw, void *out, js_err *err);
/* bg_draw into a buffer: JS_EINTERNAL when out ran out of memory. */
int bg_draw_buf(const js_templates *form, const js_doc *doc, bg_draw_buf_fn *draw, js_buf *out,
                js_err *err);
/* Lay out table no (1..9) of doc as its form (doc->form) prints it in the form
 * data tp: the form's layout records, else the "*" ones (the 2020 form), and
 * its columns' words; NULL when the table is absent. */
bg_grid *bg_table_in(const js_templates *tp, const js_doc *doc, int no, js_arena *a);
/* Lay out performance table i of doc (its words: the layout's perf records). */
bg_grid *bg_perf_in(const js_templates *tp, const js_doc *doc, int i, js_arena *a);
static inline bg_cell *bg_at(const bg_grid *g, int r, int c)
{
    return &g->c[(size_t)r * (size_t)g->ncols + (size_t)c];
}

/* The heading of a narrative section as printed: "一、title", "（一）title", "1、title" (txt.c). */
void js_txt_heading(js_buf *out, const js_section *s);

/* How a writer prints the text of a part: a section's heading (its text as
 * js_txt_heading prints it), a paragraph. */
typedef struct bg_pen {
    void (*heading)(js_buf *out, const js_section *s, const char *text);
    void (*para)(js_buf *out, const char *text);
} bg_pen;
/* The text of part (JS_PART_*) of doc, section by section in order: with
 * headings, each numbered section (level > 0) as its heading and paragraphs;
 * without (the 名词解释), the paragraphs of every section of the part. */
void bg_part(js_buf *out, const js_doc *doc, int part, bool headings, const bg_pen *pen);

#endif
