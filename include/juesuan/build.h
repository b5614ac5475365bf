/*
 * build.h - building a disclosure (部门决算公开) from a department's own data:
 * a ledger CSV (one posting a line) and a metadata JSON (department, year,
 * budgets, 三公 details, last year's totals, reasons, performance inputs).
 *
 *   ledger.csv ─┐
 *               ├─ js_build() ─→ js_doc: nine tables, narrative 一…十五, 绩效自评表
 *   meta.json  ─┘
 *
 * The formats are described in docs/build.md. Every amount is aggregated in
 * fen; displayed figures are 万元 with two decimals, rounded at the finest
 * breakdown (a leaf: 功能分类 项 × fund × expenditure type × 经济分类 款) and
 * every total is the sum of its rounded parts, so the published tables add up
 * exactly (docs/build.md says how far a total may then be from the exact sum).
 *
 * Errors in the input are collected, not stopped at: each is a diagnostic
 * (diag.h: severity error, code B-LEDGER or B-META, the file, line and cell of
 * the ledger or the key of the metadata) added to the caller's list, and the
 * build returns JS_EINPUT when there was any. As text each is one line
 * "FILE:LINE: CELL：message" (or "FILE: key: message" for the metadata).
 *
 * Ownership: inputs are borrowed; the returned document is the caller's to
 * free with js_doc_free().
 */
#ifndef JUESUAN_BUILD_H
#define JUESUAN_BUILD_H

#include "base.h"
#include "diag.h"
#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct js_ctx js_ctx;

/* The two inputs of a build, already in memory. Paths name them in messages. */
typedef struct js_build_input {
    const char *ledger_path;
    const char *ledger;
    size_t ledger_len;
    const char *meta_path;
    const char *meta;
    size_t meta_len;
} js_build_input;

/* What a build saw (for the benchmark and the CLI's summary). */
typedef struct js_build_stats {
    long lines;  /* ledger postings read (header excluded) */
    long leaves; /* distinct (code, fund, type, 经济分类) leaves aggregated */
    int nerrors; /* input errors found */
} js_build_stats;

/*
 * Build the document model. On success *out is the new document and JS_OK is
 * returned. When the input has errors, every error is added to errors (a list
 * the caller made with js_diags_init and frees with js_diags_release), *out is
 * NULL and JS_EINPUT is returned (err names the first one). JS_EINTERNAL when
 * out of memory. stats may be NULL.
 */
int js_build_diag(const js_ctx *ctx, const js_build_input *in, js_doc **out, js_diags *errors,
                  js_build_stats *stats, js_err *err);

/* Read both files and build. Same contract as js_build_diag; a file that cannot
 * be read is reported as JS_EINPUT with err naming it. */
int js_build_files_diag(const js_ctx *ctx, const char *ledger_path, const char *meta_path,
                        js_doc **out, js_diags *errors, js_build_stats *stats, js_err *err);

/* The same two with the errors as text: each diagnostic one line
 * (js_diag_text) appended to errors. */
int js_build(const js_ctx *ctx, const js_build_input *in, js_doc **out, js_buf *errors,
             js_build_stats *stats, js_err *err);
int js_build_files(const js_ctx *ctx, const char *ledger_path, const char *meta_path, js_doc **out,
                   js_buf *errors, js_build_stats *stats, js_err *err);

#ifdef __cplusplus
}
#endif
#endif
