/*
 * check.h - the audit engine (审核): rules over one document model, producing
 * findings in the format of spec/findings.md.
 *
 * Rules are data: each js_rule record (id, kind, severity, Chinese summary)
 * feeds the engine, `juesuan rules` and docs/rules.md from one source.
 *
 * Ownership: a js_findings owns its findings and their strings (its own arena).
 */
#ifndef JUESUAN_CHECK_H
#define JUESUAN_CHECK_H

#include "base.h"
#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

enum js_severity { JS_SEV_NOTICE = 0, JS_SEV_WARNING = 1, JS_SEV_ERROR = 2 };

typedef struct js_rule {
    const char *id;      /* "T-HIER" */
    const char *kind;    /* arithmetic, cross-table, narrative, completeness, classification,
                            performance, format, rounding, read */
    int severity;        /* the usual severity; a finding may be lowered to rounding/notice */
    const char *summary; /* one line, Chinese */
} js_rule;

typedef struct js_finding {
    const char *rule;
    const char *kind;
    int severity;
    const char *table;            /* "01".."09", "P1", "P2", or NULL */
    const char *row;              /* facts row key, or NULL */
    const char *column;           /* facts column key, or NULL */
    const char *section;          /* "五(三)2", "附件", or NULL */
    js_loc loc;                   /* line or page */
    const char *stated;           /* as the document states it, or NULL */
    const char *expected;         /* what it should be, or NULL */
    const char *message;          /* one sentence, Chinese */
    int id;                       /* 1-based number within the document (spec/findings.md `id`) */
    int cause;                    /* id of the root finding this one follows from, 0 for a root */
    const char *sheet;            /* spreadsheet input: sheet name, else NULL */
    const char *cell;             /* spreadsheet input: cell such as "D12", else NULL */
    const char *accepted_by;      /* accepted by a reviewer: who (NULL when not accepted) */
    const char *accepted_comment; /* and why; reported, not counted in the summary */
} js_finding;

typedef struct js_findings {
    js_arena *arena;
    js_finding *items;
    int n, cap;
    int failed; /* JS_EINTERNAL once a finding could not be recorded (out of memory) */
    /* set by the doubt search for its tries, which compare findings by rule, table, row
     * and column only: no message, stated or expected is formatted (message ""), and the
     * place's strings are not copied (the arithmetic's and the links' places are the
     * document's, the templates' and the plans' strings: only for those checks, and only
     * with plans that outlive the findings — js_check_arithmetic and js_check_cross
     * copy when they make a plan of their own) */
    bool keys_only;
} js_findings;

void js_findings_init(js_findings *f);
void js_findings_release(js_findings *f);
/* Counts by severity; accepted findings are not counted. */
void js_findings_summary(const js_findings *f, int *error, int *warning, int *notice);

/* The rule catalogue (static, read-only), made from src/lib/check/rules.def. */
const js_rule *js_rules(size_t *n);
const js_rule *js_rule_find(const char *id);

/* The kinds of the catalogue, in the order docs/rules.md lists them. */
typedef struct js_rule_kind_info {
    const char *name;  /* "arithmetic", as in findings */
    const char *title; /* Chinese heading */
} js_rule_kind_info;
const js_rule_kind_info *js_rule_kinds(size_t *n);

typedef struct js_ctx js_ctx;
/* Run every rule on doc, appending findings in document order. */
int js_check(const js_ctx *ctx, const js_doc *doc, js_findings *out, js_err *err);

/* A file that cannot be read at all, as spec/findings.md reports it: *doc is a new
 * empty document for path (department "", freed by the caller with js_doc_free), and
 * out gets one R-UNREADABLE finding (kind read, severity error) whose message is why
 * (a "path:LINE:" at its start gives the finding its line). */
int js_check_unreadable(const char *path, const char *why, js_doc **doc, js_findings *out,
                        js_err *err);

/* ---- output (output.c) ----------------------------------------------------
 * The three forms `juesuan check` prints. Each appends to out; strings of the
 * document (lines, path) are quoted, never changed. */

/* "error", "warning" or "notice". */
const char *js_severity_name(int severity);
/* Append the JSON object of spec/findings.md for doc (indented by 2 spaces;
 * indent adds that many spaces at the start of every line after the first,
 * for nesting in an array). JS_EINTERNAL when out of memory. */
int js_findings_json(const js_doc *doc, const js_findings *f, int indent, js_buf *out, js_err *err);
/* Append a readable report: a heading with the counts, then the findings
 * grouped by table, performance table and 说明 section, each with the source
 * line quoted (doc->lines). */
void js_findings_text(const js_doc *doc, const js_findings *f, js_buf *out);
/* Append one line per finding, tab-separated: document, rule, kind, severity,
 * table, row, column, section, line, page, stated, expected, message (empty
 * when absent; tabs and newlines inside a field become spaces). With header,
 * a header line first. For spreadsheets, grep and awk. */
void js_findings_tsv(const js_doc *doc, const js_findings *f, bool header, js_buf *out);
/* A self-contained HTML page (inline CSS, no scripts, no external files):
 * begin once, one block per document, end once. */
void js_findings_html_begin(js_buf *out, const char *title);
void js_findings_html_doc(const js_doc *doc, const js_findings *f, js_buf *out);
void js_findings_html_end(js_buf *out);

/* ---- batch reports (report_html.c, report_xlsx.c) --------------------------
 * The findings of many documents as one report (issue #15.3): add each document
 * after checking it (what the report needs is copied: the document and the
 * findings may be freed), then write the page or the workbook. */
typedef struct js_batch js_batch;
/* A new, empty batch; NULL when out of memory. Free with js_batch_free. */
js_batch *js_batch_new(void);
void js_batch_free(js_batch *b);
/* Record doc and its findings. JS_EINTERNAL when out of memory. */
int js_batch_add(js_batch *b, const js_doc *doc, const js_findings *f, js_err *err);
/* Append src's documents to b, in order (src is unchanged; each worker of a
 * parallel run may fill its own batch of one document). */
int js_batch_merge(js_batch *b, const js_batch *src, js_err *err);
/* Documents added so far. */
int js_batch_docs(const js_batch *b);
/* One self-contained HTML page: the counts, and for more than one document a
 * contents list, a summary table (one row per document, linked to its section)
 * and the findings counted by rule; filters by severity and rule (an inline
 * script); then each document's findings, 尾数 notices folded. */
int js_batch_html(const js_batch *b, const char *title, js_buf *out, js_err *err);
/* An XLSX workbook at path (through a temporary file renamed into place):
 * sheets 汇总 (one row per document, linked to its findings), 审核结果 (one row
 * per finding) and 规则统计; frozen header rows, filters, column widths. */
int js_batch_xlsx(const js_batch *b, const char *path, js_err *err);

#ifdef __cplusplus
}
#endif
#endif
