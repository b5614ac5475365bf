/*
 * doubt.h - the reading doubts' records, shared by the search (doubt.c) and its
 * report (doubt_report.c); internal to libjuesuan.
 */
#ifndef JUESUAN_CHECK_DOUBT_H
#define JUESUAN_CHECK_DOUBT_H

#include "checker.h"

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

/* The amounts printed on a table's lines (and the two after it) and held by its
 * cells, sorted (doubt_figs.c). made: asked for; ok: made without running out of
 * memory. */
struct doubt_figs {
    bool made, ok;
    js_amount *printed, *held;
    int nprinted, nheld;
};
bool doubt_figs_make(const js_doc *doc, const js_table *t, struct doubt_figs *g);
void doubt_figs_release(struct doubt_figs *g);
/* How many of the sorted v[0..n) equal w. */
int doubt_figs_count(const js_amount *v, int n, js_amount w);

/* ---- findings as keys (doubt_keys.c) ---------------------------------------- */
typedef struct keyset {
    char *k[MAX_KEYS];
    int sev[MAX_KEYS]; /* the finding's severity */
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
bool doubt_core_keys(const js_ctx *ctx, const js_doc *view, keyset *s, js_findings *scratch);

#endif
