/*
 * profile.h - rule profiles and baselines for the audit (审核): which rules run,
 * at what severity, with which tolerances and which tables the form requires,
 * and which findings a reviewer has already accepted.
 *
 * A profile is built from directives, one per line of a profile file
 * (data/profiles/NAME.profile) or given one by one (the command line):
 *
 *     name      湖南省 2020 年部门决算公开（公开01–09表）
 *     disable   F-XX                 # the rule is not reported
 *     enable    F-XX                 # reported again (after a disable)
 *     severity  N-GROWTH=warning     # error, warning or notice
 *     tolerance rounding=0.05        # 万元: an arithmetic or cross-table difference up to
 *                                    # this is a 尾数 (rounding) notice
 *     require   01 02 03 04 05 06 07 # a missing table outside the list is not reported
 *
 * '#' starts a comment. A baseline (js_profile_accept_file) is a findings JSON
 * as `juesuan check --format json` writes it: each of its findings that the
 * check finds again (same document, rule, place, stated and expected value;
 * line numbers may have moved) is marked accepted — reported, not counted.
 * Its `accepted` {by, comment} is kept when present.
 *
 * Ownership: a js_profile owns everything it holds; js_profile_apply writes
 * only into the js_findings it is given (its arena).
 */
#ifndef JUESUAN_PROFILE_H
#define JUESUAN_PROFILE_H

#include "base.h"
#include "check.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct js_profile js_profile;

js_profile *js_profile_new(void);
void js_profile_free(js_profile *p);

/* One directive; origin ("file:12", "--disable") names it in error messages. */
int js_profile_directive(js_profile *p, const char *line, const char *origin, js_err *err);
/* Every directive of a profile file. */
int js_profile_load(js_profile *p, const char *path, js_err *err);
/* Add the findings of a findings JSON file (object or array) to the baseline. */
int js_profile_accept_file(js_profile *p, const char *path, js_err *err);

/* Is the rule reported, and at which severity (-1: its own)? */
bool js_profile_rule_on(const js_profile *p, const char *rule, int *severity);

/* Apply p to the findings f->items[from..] of doc: drop disabled rules and
 * tables the form does not require, change severities, fold differences
 * within the tolerance into rounding notices, mark baseline findings
 * accepted; the remaining findings are numbered 1.. again (causes follow). */
int js_profile_apply(const js_profile *p, const js_doc *doc, js_findings *f, int from, js_err *err);

/* js_check, then js_profile_apply (p may be NULL: js_check alone). */
int js_check_profile(const js_ctx *ctx, const js_doc *doc, const js_profile *p, js_findings *out,
                     js_err *err);

/* The profile in force, readable: name, required tables, tolerance, every
 * rule changed from the catalogue, baseline size. */
void js_profile_describe(const js_profile *p, js_buf *out);

#ifdef __cplusplus
}
#endif
#endif
