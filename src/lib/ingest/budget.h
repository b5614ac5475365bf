/*
 * budget.h - budget disclosures (部门预算公开, 单位预算公开) in the recognizer
 * (internal to libjuesuan; docs/budgets.md).
 *
 * js_recognize (recognize.c) first asks js_budget_kind which kind of document
 * the source lines are; a budget is then read by js_recognize_budget instead of
 * the final-accounts table reader: meta, the tables Y01… of its form
 * (data/templates/budgets.tsv), and the narrative.
 *
 * Ownership: everything read is allocated in the document's arena.
 */
#ifndef JUESUAN_INGEST_BUDGET_H
#define JUESUAN_INGEST_BUDGET_H

#include "juesuan/juesuan.h"

/* Decide doc->kind (决算 or 预算) and doc->scope (部门 or 单位) from the cover,
 * the 目录 and the table titles of src. A document with no sign of a budget is
 * left JS_KIND_FINAL. */
void js_budget_kind(const js_srcdoc *src, js_doc *doc);

/* Read a budget disclosure: department, year, unit, the form's tables and the
 * narrative. line_kind as in recognize.h. A budget whose form is not known
 * still gets its meta and narrative (doc->form stays ""), so the checker can
 * say so in one finding. JS_EINTERNAL only when out of memory. */
int js_recognize_budget(const js_ctx *ctx, const js_srcdoc *src, unsigned char *line_kind,
                        js_doc *doc, js_err *err);

/* A line's text with every space removed (normalised text), in buf of size n. */
const char *js_budget_key(const char *text, char *buf, size_t n);

#endif
