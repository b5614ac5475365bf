/*
 * doubt.h - the reading doubts' records, shared by the search (doubt.c) and its
 * report (doubt_report.c); internal to libjuesuan.
 */
#ifndef JUESUAN_CHECK_DOUBT_H
#define JUESUAN_CHECK_DOUBT_H

#include "checker.h"

#include <stdint.h>

enum { MAX_DOUBTS = 3, MAX_TRIES = 1200, MAX_KEYS = 256, SEEN_CAP = 8192 };
/* a scanned document (OCR) may have more misread digits; each repair changes
 * at most MAX_CH cells (a digit misread the same way in a row's cells; a row's
 * figures shifted by one column) */
enum { MAX_OCR_DOUBTS = 8, MAX_CH = 8, MAX_OCR_TRIES = 4000 };

/* D_SWAP: two figures of a row exchanged; D_SHIFT: a row's figures shifted by one
 * column, one of them perhaps belonging to a neighbouring row */
enum { D_MOVE = 1, D_CODE = 2, D_FILL = 3, D_DIGIT = 4, D_SWAP = 5, D_SHIFT = 6 };

typedef struct change {
    int table, row, col; /* the cell changed */
    bool present;
    js_amount value;
    js_loc loc; /* for a value moved into a blank cell: where it was printed */
} change;

struct js_doubt {        /* checker.h */
    int kind;            /* D_MOVE, D_CODE */
    int table, row, col; /* the cell as read */
    int to_row, to_col;  /* D_MOVE: where the value belongs; D_SWAP: the other cell */
    /* D_SHIFT: the run col..end moved one column (dir -1 left, +1 right); out_col >= 0:
     * the figure there was taken out, it belongs to (to_row, to_col) */
    int end, dir, out_col;
    bool pinned;    /* D_CODE: the identities give its value */
    js_amount used; /* the value used */
    /* D_MOVE: the moved figure had taken the place of (row, col)'s own, printed in the
     * table but placed nowhere; the identities pin it to refill */
    bool refilled;
    js_amount refill;
    change ch[MAX_CH];
    int nch;
};

/* The amounts printed on a table's lines (and the two after it), counted by amount
 * (amount, count: an open-addressing table of nslot, a power of two), and those held by
 * its cells, sorted (doubt_figs.c). made: asked for; ok: made without running out of
 * memory. */
struct doubt_figs {
    bool made, ok;
    js_amount *amount, *held;
    int *count;
    size_t nslot;
    int nheld;
};
bool doubt_figs_make(const js_doc *doc, const js_table *t, struct doubt_figs *g);
void doubt_figs_release(struct doubt_figs *g);
/* Is w printed among the table's lines more often than its cells hold it (g ok)? */
bool doubt_figs_more_printed(const struct doubt_figs *g, js_amount w);

struct search;

/* ---- findings as keys (doubt_keys.c) ---------------------------------------- */
typedef struct keyset {
    char *k[MAX_KEYS];
    uint64_t h[MAX_KEYS]; /* js_ck_hash_str of k[i]: a finding's key is looked for by it */
    int sev[MAX_KEYS];    /* the finding's severity */
    int n;
    bool over; /* more findings than MAX_KEYS: do not try to explain them */
} keyset;
void doubt_keys_release(keyset *s);
/* A finding that counts: an error or a warning, not a 尾数 difference. */
bool doubt_counted(const js_finding *x);
/* The index in s of the key of x, -1 when absent (the key's parts compared in place). */
int doubt_keys_find_of(const keyset *s, const js_finding *x);
/* The arithmetic and cross-table findings of view (errors and warnings), as keys;
 * scratch (may be NULL) gets the findings. False when out of memory. */
bool doubt_core_keys(const struct search *sr, const js_doc *view, keyset *s, js_findings *scratch);

/* ---- which comparisons read a row (doubt_index.c) ----------------------------- */
/* row r's comparisons: ix[start[r] .. start[r + 1]), ascending; made at the first try of
 * its table (start NULL: out of memory, all are candidates) */
typedef struct doubt_csr {
    int *start, *ix;
    bool made;
} doubt_csr;
/* Per table (arows[no], xrows[no] for the links' comparisons reading it), the
 * comparisons reading each row. ok: made (else the tries run the whole arithmetic). Per
 * round, afail[afail_from[no] .. afail_from[no + 1]): table no's
 * arithmetic comparisons that give a base finding; xfail the same for the comparisons
 * of the links reading table no. stamp, xstamp: per comparison, now when a candidate of
 * the try, now + 1 when run again. */
typedef struct doubt_index {
    bool ok;
    int na, nx;
    doubt_csr arows[10], xrows[10];
    int *xlink; /* per comparison of the links, its link */
    unsigned *stamp, *xstamp, now;
    int *cand;
    int *afail, afail_from[11];
    int *xfail, xfail_from[11];
} doubt_index;

/* ---- the search (doubt.c) and its tries (doubt_eval.c) ----------------------- */
typedef struct search {
    const js_ctx *ctx;
    const js_doc *doc;
    js_arena *arena; /* the doubts and the final view */
    change applied[MAX_OCR_DOUBTS * MAX_CH];
    int napplied;
    keyset base;
    int tries;
    /* best candidate so far */
    struct js_doubt best;
    int best_fixed;
    /* the (what, table, row, column) tried in this round, open addressing, key + 1 */
    unsigned seen[SEEN_CAP];
    /* the round's base, worked out once: tsev[no][k] the severity table no's own
     * arithmetic gives base key k (0 none); by_table when that is complete, so that a
     * try re-runs only the arithmetic of the tables it changes */
    unsigned char tsev[10][MAX_KEYS];
    bool by_table;
    /* the arithmetic's comparisons (arith.c), worked out once per search; per
     * comparison, the base key it gives (-1 none) and its severity: a try runs only
     * those reading a cell it changes */
    js_arith_plan *ap;
    short *akey;
    unsigned char *asev;
    /* the same for the cross-table links (cross.c): lsev[i][k] the severity link i gives
     * base key k; by_link when complete, so that a try re-runs only the links that read
     * a table it changes */
    const struct js_tpl_link *links;
    int nlinks;
    unsigned char (*lsev)[MAX_KEYS];
    bool by_link;
    /* with by_table and by_link, rest[no][k]: the severity of base key k from all but the
     * comparisons reading table no (the other tables, the links not reading it): where a
     * try changing table no only starts */
    unsigned char rest[10][MAX_KEYS];
    /* the links' comparisons (cross.c), worked out once per search, and per comparison
     * the base key it gives (-1 none) and its severity, as for the arithmetic */
    js_cross_plan *xp;
    short *xkey;
    unsigned char *xsev;
    /* the candidates tried in this round and what they gave: slot (open addressing)
     * holds 1 + an index into memo */
    int *slot;
    size_t nslot;
    struct tried *memo;
    int nmemo;
    /* the round's base findings that count (errors, warnings not 尾数), in order,
     * with their cells and figures worked out once (pinfo) */
    struct pinfo *pf;
    int npf, cappf;
    /* per table, the amounts printed on its lines and held by its cells, counted
     * (unplaced_figure); made at the first question about the table */
    struct doubt_figs figs[10];
    /* the comparisons reading each row, worked out once per search */
    doubt_index ix;
    /* the tries' views and findings: released to tmark after each try */
    js_arena *tarena;
    js_arena_pos tmark;
} search;

/* A base finding that counts: its cell (tno < 1 when none) and figures in the unit
 * of its table (st_ok / ex_ok: stated / expected given and read). */
typedef struct pinfo {
    int tno, row, col;
    bool has_stated, st_ok, ex_ok;
    js_amount st, ex;
} pinfo;

typedef struct tried {
    change ch[MAX_CH];
    int nch;
    int fixed;
} tried;

/* A view of doc with the changes applied: tables and rows copied where changed. */
js_doc *doubt_view(js_arena *a, const js_doc *doc, const change *ch, int nch);
int doubt_try_limit(const search *s);
/* The comparisons of the arithmetic and the links, worked out once per search. */
void doubt_plan_make(search *s);
/* The base of a round: what each comparison of view gives, no candidate tried yet. */
void doubt_round_prepare(search *s, const js_doc *view);
/* Try the changes ch (on top of those applied): how many of base they remove, or -1
 * when they add a finding, cannot be tried or remove fewer than need. */
int doubt_try(search *s, const change *ch, int nch, int need);
/* The index of the comparisons by the rows they read (s->ix; false when out of memory);
 * per round (with by_table, the akey of the round; with by_link, the xkey), the
 * comparisons giving base findings. */
bool doubt_index_make(search *s);
void doubt_index_round(search *s);
void doubt_index_release(doubt_index *x);
/* A try's arithmetic of table no (doubt_index_table_try) and its links reading table no
 * (doubt_index_links_try, all changes in table no): the comparisons reading a cell ch
 * changes run again into ck, the others' base findings into sev. */
void doubt_index_table_try(search *s, js_checker *ck, int no, const change *ch, int nch,
                           unsigned char *sev);
void doubt_index_links_try(search *s, js_checker *ck, int no, const change *ch, int nch,
                           unsigned char *sev);
/* What the tries hold (not the search's candidates and findings). */
void doubt_eval_release(search *s);

#endif
