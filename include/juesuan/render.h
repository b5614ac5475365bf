/*
 * render.h - writing a document model for people: a terminal summary now;
 * HTML, XLSX, Markdown and text in the shape of the published form (issue #6).
 *
 * Ownership: renderers append to the caller's buffer or write the named file.
 */
#ifndef JUESUAN_RENDER_H
#define JUESUAN_RENDER_H

#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A readable overview of what was read: meta, each table with its rows and
 * values, the narrative outline, performance tables and the reader's notes. */
void js_render_summary(const js_doc *doc, js_buf *out);

#ifdef __cplusplus
}
#endif
#endif
