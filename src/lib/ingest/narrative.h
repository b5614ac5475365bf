/*
 * narrative.h - small text tests of the narrative reader (narrative.c; internal to
 * libjuesuan): CJK text, page numbers and page breaks of the source lines.
 */
#ifndef JUESUAN_INGEST_NARRATIVE_H
#define JUESUAN_INGEST_NARRATIVE_H

#include "juesuan/juesuan.h"

/* Does s[0..n) hold a CJK character? */
bool js_narr_has_cjk(const char *s, size_t n);

/* Is s[0..n) a page number: "30", "- 30 -", "第30页" (at most four digits)? */
bool js_narr_page_number_text(const char *s, size_t n);

/* Does a page end between lines i and j (j > i) of src? */
bool js_narr_page_break(const js_srcdoc *src, int i, int j);

#endif
