/*
 * checker.h - what the rule families share (internal to libjuesuan).
 *
 * The engine (engine.c) runs each family over one document; a family reports
 * findings through js_report(). Rule ids, kinds and default severities come
 * from the rule catalogue (rules.def), so a family names the rule and the engine
 * fills in the kind. Messages are one plain Chinese sentence naming what is
 * wrong, where, the stated and the expected value.
 */
#ifndef JUESUAN_CHECKER_H
#define JUESUAN_CHECKER_H

#include "juesuan/juesuan.h"

#include <stdint.h>

typedef struct js_arith_plan js_arith_plan;
typedef struct js_cross_plan js_cross_plan;

typedef struct js_checker {
    const js_ctx *ctx;
    const js_doc *doc;
    js_findings *out; /* out->failed records a finding that could not be recorded */
    /* the comparisons of the arithmetic and the links worked out for doc (or a document
     * doc is a view of), or NULL: js_check_arithmetic and js_check_cross work them out */
    const js_arith_plan *ap;
    const js_cross_plan *xp;
    /* out->items[from..] are this document's findings: js_check appends to a set that may
     * hold other documents' before them, which no rule reads */
    int from;
} js_checker;

/* Where a finding points: a table cell, or a narrative section; loc always. */
typedef struct js_where {
    const char *table;   /* "01".."09", "P1", "P2", or NULL */
    const char *row;     /* facts row key */
    const char *column;  /* facts column key */
    const char *section; /* "五(三)2" */
    js_loc loc;
} js_where;

/* The rule ids and kinds, from the catalogue list (rules.def): JS_R_T_HIER is
 * "T-HIER". A family reports only ids listed there (a typo does not compile). */
typedef enum js_rule_id {
#define JS_RULE(name, id, kind, sev, summary) JS_R_##name,
#include "rules.def"
    JS_R_COUNT
} js_rule_id;

typedef enum js_rule_kind {
#define JS_KIND(tok, name, title) JS_K_##tok,
#include "rules.def"
    JS_K_COUNT
} js_rule_kind;

/* The catalogue record of id (NULL when out of range). */
const js_rule *js_rule_of(js_rule_id id);

/* Report a finding of rule (its kind from the catalogue; severity as given,
 * since a rule may report a rounding notice or an error). stated/expected may
 * be NULL. Strings are copied. Returns the finding, or NULL when out of memory
 * (then ck->out->failed is set and js_check fails: callers need not check). */
js_finding *js_report(js_checker *ck, js_rule_id rule, int severity, js_where where,
                      const char *stated, const char *expected, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* The rule families: one file each. */
void js_check_arithmetic(js_checker *ck);     /* arith.c: totals, hierarchy, identities */
void js_check_cross(js_checker *ck);          /* cross.c: tables against each other */
void js_check_completeness(js_checker *ck);   /* complete.c: tables/sections present, labels */
void js_check_classification(js_checker *ck); /* classify.c: codes and names */
void js_check_narrative(js_checker *ck);      /* narrative_rules.c: 说明 against tables */
void js_check_performance(js_checker *ck);    /* perf_rules.c: 绩效自评表 arithmetic */
void js_check_format(js_checker *ck);         /* format.c: placeholders, punctuation, years */
/* cause.c: group the table findings of one wrong figure under a root (sets
 * `cause` of the findings from index from on) */
void js_check_causes(js_checker *ck, int from);
/* A table finding (T-/X-, beyond 0.05 万元) showing that the figure `printed` (fen) of
 * table tno that a 说明 amount `should` was compared with is what is wrong: the finding
 * of that figure expecting `should` (to 0.02 万元), or a T- finding of the same table
 * off by as much as the text is (a 项 of 06 and the 类 its identity sums it into).
 * NULL when there is none. The table errors among ck->out's findings are read once into
 * m, those added since at the next call (m zeroed to start; js_says_release). */
typedef struct js_says {
    struct js_terr *v;
    int nv, cap, upto;
    bool failed; /* out of memory: each call reads the findings one by one */
} js_says;
const js_finding *js_table_says_memo(const js_checker *ck, js_says *m, int tno, js_amount printed,
                                     js_amount should);
void js_says_release(js_says *m);
/* A table figure printed `printed` (fen) that a table finding (T-/X-, beyond 0.05 万元)
 * reports wrong: true, *should = the figure its identity expects. m: the table findings
 * read once, as for js_table_says_memo. */
bool js_table_fixed(const js_checker *ck, js_says *m, js_amount printed, js_amount *should);
void js_check_lists(js_checker *ck);
void js_check_identity(js_checker *ck);
/* identity.c: cover, 目录 against the body */ /* lists.c: 主要包括… lists against table 06 */
void js_check_toc(js_checker *ck);        /* toc.c: 目录 entries against headings and tables */
void js_check_unit_names(js_checker *ck); /* unitname.c: the unit's name and year in running text */
void js_check_projects(js_checker *ck);   /* projects.c: projects named in the text vs their P2 */
void js_check_budget(js_checker *ck);     /* budget.c: a budget disclosure (instead of the above) */

/* cross.c, one comparison at a time (the doubt search re-runs only those reading a cell
 * a try changes): the links js_check_cross runs, whether a link reads the figures of
 * table no (a names link reads none); the links' comparisons worked out once for ck->doc
 * (NULL when out of memory), valid for any view that changes figures only: those of link
 * k are [*from, *to) (a `names` link is one, run whole); js_cross_reads: does
 * comparison i read the cell (row, col) of table no; js_cross_run: its findings on
 * ck->doc (js_check_cross runs them all, in order). */
const struct js_tpl_link *js_cross_links(const js_checker *ck, int *n);
bool js_cross_link_reads(const struct js_tpl_link *l, int no);
js_cross_plan *js_cross_plan_new(const js_checker *ck);
void js_cross_plan_free(js_cross_plan *p);
int js_cross_plan_links(const js_cross_plan *p, const struct js_tpl_link **links);
void js_cross_plan_range(const js_cross_plan *p, int k, int *from, int *to);
bool js_cross_reads(const js_cross_plan *p, int i, int no, int row, int col);
/* The cells comparison i reads (none for a names link): k in [0, js_cross_nread), each
 * as table no and row (row -1 or no 0: a cell the document lacks, read as blank). */
int js_cross_nread(const js_cross_plan *p, int i);
void js_cross_read_cell(const js_cross_plan *p, int i, int k, int *no, int *row);
void js_cross_run(js_checker *ck, const js_cross_plan *p, int i);

/* arith.c, one comparison at a time (the doubt search re-runs only those reading a cell
 * a try changes): the arithmetic's comparisons of ck->doc worked out once (rows,
 * columns, terms, rules; NULL when out of memory), valid for any view of the document
 * that changes figures only. Those of table no are [*from, *to); js_arith_reads: does
 * comparison i read the cell (row, col) of its table; js_arith_run: its finding on
 * ck->doc, if any (js_check_arithmetic runs them all, in order). */
js_arith_plan *js_arith_plan_new(const js_checker *ck);
void js_arith_plan_free(js_arith_plan *p);
void js_arith_plan_range(const js_arith_plan *p, int no, int *from, int *to);
bool js_arith_reads(const js_arith_plan *p, int i, int row, int col);
/* The rows comparison i reads in its table: k in [0, js_arith_nread), the stated cell's
 * first, then its terms' (-1: a row the table lacks). */
int js_arith_nread(const js_arith_plan *p, int i);
int js_arith_read_row(const js_arith_plan *p, int i, int k);
void js_arith_run(js_checker *ck, const js_arith_plan *p, int i);

/* ---- grade bands of the 绩效自评表 (perf_bands.c) ---------------------------- */
typedef struct js_band {
    int grade;        /* 0 优, 1 良, 2 中, 3 差 */
    const char *word; /* as printed: 优秀, 良好, 合格, … (static) */
    bool has_lower, strict, bottom;
    js_num lower; /* the least 总分 of the band (more than it when strict) */
} js_band;
typedef struct js_bands {
    bool printed; /* read from the document; else the national default */
    js_loc loc;   /* where the statement is printed */
    int n;
    js_band b[8];
} js_bands;
/* What the band search has read of a document, kept between the calls for its 绩效
 * tables (js_bandidx_new may give NULL: the search then reads everything each time). */
typedef struct js_bandidx js_bandidx;
js_bandidx *js_bandidx_new(const js_doc *doc);
void js_bandidx_free(js_bandidx *x);
/* The bands for doc->perf[k]: those printed near its table, else anywhere in the
 * document, else 90/80/60 (printed false). ix: from js_bandidx_new(doc), or NULL. */
void js_bands_find(const js_doc *doc, js_bandidx *ix, int k, js_bands *out);
void js_bands_default(js_bands *out);
/* The band of score (NULL when the bands say nothing about it). */
const js_band *js_bands_judge(const js_bands *b, js_num score);
/* The canonical grade (0 优 … 3 差) of the first grade word in s, -1 if none. */
int js_grade_canon(const char *s);
const char *js_grade_word(int g);

/* ---- reading doubts (doubt.c) --------------------------------------------
 * A reading of the tables that the identities prefer to the reader's (a value
 * in the neighbouring cell, a code read as an amount). js_doubts_find tries
 * candidates on copies and keeps the view of the document with the repairs;
 * the rules run on that view, so errors that follow only from a misread are
 * not raised; js_check_read reports each doubt (R-DOUBT) and the reader's
 * notes about reading (codes "R-…"). */
typedef struct js_doubt js_doubt;
typedef struct js_doubts {
    js_arena *arena;    /* owns the view and the items */
    const js_doc *view; /* the document with the repairs, NULL when there are none */
    js_doubt *items;
    int n;
    /* the document's comparisons (the search's), for the rules' run, or NULL */
    js_arith_plan *ap;
    js_cross_plan *xp;
    /* the findings of js_check_arithmetic then js_check_cross on the view (the document
     * when none), as the search last made them: the rules' run takes them (core_ok)
     * instead of running the two again */
    js_findings core;
    bool core_ok;
} js_doubts;
int js_doubts_find(const js_ctx *ctx, const js_doc *doc, js_doubts *out);
void js_doubts_release(js_doubts *d);
/* Run after the other families, on out->items[from..): drops the findings that follow
 * only from a table cut short, then reports the doubts and reading notes. */
void js_check_read(js_checker *ck, const js_doc *doc, const js_doubts *dz, int from);
/* A document with scanned pages (doc->ocr_pages): the digits the identities pin
 * (a D_DIGIT doubt) are corrected in the document itself, each with an R-OCR
 * note naming page and cell, so facts and findings use the corrected reading.
 * Returns the cells corrected, -1 when out of memory. Called by the PDF reader. */
int js_doubts_fix_ocr(const js_ctx *ctx, js_doc *doc);

/* namewrap.c: is row's name of table t a name wrapped in its cell that the reader
 * split between rows (its start read into the row above, or the start of the next
 * row's name read into it)? Then it is a reading doubt (R-NAME), not a K-NAME or an
 * X-NAME. */
bool js_name_misread(const js_checker *ck, const js_table *t, const js_row *row);

/* Was what sits at loc read by OCR (on a scanned page of doc)? A name read
 * there that is not the catalogue's is a reading doubt (R-OCR), not a defect. */
bool js_ocr_at(const js_doc *doc, js_loc loc);

/* ---- shared helpers (engine.c) ------------------------------------------ */

/* The rules' one hash, FNV-1a (64 bits): JS_CK_HASH0 to start, then each value or
 * string mixed in (cause.c's finding buckets, the doubt search's tried candidates). */
#define JS_CK_HASH0 14695981039346656037u
static inline uint64_t js_ck_mix(uint64_t h, uint64_t v)
{
    return (h ^ v) * 1099511628211u;
}
static inline uint64_t js_ck_hash_str(uint64_t h, const char *s)
{
    for (; *s; s++)
        h = js_ck_mix(h, (unsigned char)*s);
    return h;
}

/* Severity to pass to js_report for a difference within rounding: the finding
 * gets kind "rounding" and severity notice. */
#define JS_SEV_ROUNDING (-1)

/* One term of an identity: a cell (NULL or blank counts as a printed 0) and
 * its sign (+1 or -1). */
typedef struct js_term {
    const js_cell *cell;
    int sign;
} js_term;

/* Compare a stated cell with the signed sum of terms, amounts of unit
 * (JS_UNIT_*). Equal: returns 0. Otherwise reports rule: as rounding (notice)
 * when the difference can come from rounding each printed figure to the
 * quantum (0.01 of the unit), as a warning when it is within one quantum per
 * term, else with severity sev. The message is
 * "<subject><stated>与<what><expected>不符". Returns the difference (stated
 * minus expected) in fen. stated NULL: nothing is checked, returns 0. */
js_amount js_check_sum(js_checker *ck, js_rule_id rule, int sev, js_where where, int unit,
                       const js_cell *stated, const js_term *terms, int nterms, const char *subject,
                       const char *what);

/* Does the stated cell differ from the signed sum of terms? (Cheap: lets a
 * caller build its message only when there is something to report.) */
bool js_sum_differs(const js_cell *stated, const js_term *terms, int nterms);

/* Is the difference d (fen) between a stated figure and a sum of rounded
 * figures explainable by rounding? nz terms printed non-zero, zplus/zminus
 * terms printed as zero (or blank) with sign + / -. */
bool js_within_rounding(js_amount d, int unit, int nz, int zplus, int zminus);

/* An amount formatted as a plain number in the unit (万元: "7.93"; 元: "1234.56"). */
char *js_fmt_amount(js_amount a, int unit, char *buf, size_t size);

/* Column index of key in t, comparing names as facts.md does (js_name_eq);
 * -1 when absent. */
int js_col(const js_table *t, const char *key);
/* The key of column i of table no as the document's form names it (its
 * template; without templates, the column of the document's table). */
const char *js_form_col(const js_checker *ck, int no, int i);
/* The cell at (row, column key) by js_col; NULL when either is absent. */
const js_cell *js_cell_at(const js_table *t, const js_row *r, const char *col);
/* The table's "公开NN表" id ("05"). */
const char *js_tid(const js_table *t);
/* A short label of a row for messages: "20199 其他一般公共服务支出", "人员经费合计". */
const char *js_row_label(js_checker *ck, const js_row *r);
/* Scratch memory for messages: the findings' arena (NULL when out of memory). */
js_arena *js_ck_arena(js_checker *ck);
/* Whether the findings are recorded as keys only (a try of the doubt search): no
 * message is written, so a family need not format the parts of one. */
bool js_ck_keys_only(const js_checker *ck);
/* The document's quantum unit for table t (t->unit, else doc->unit). */
int js_unit_of(const js_checker *ck, const js_table *t);

#endif
