/*
 * model.h - the document model: one published (or built) departmental
 * final-account disclosure (部门决算公开), or a budget disclosure (部门/单位预算公开:
 * kind JS_KIND_BUDGET, its tables in ytables[] as Y01… in the form's own order).
 *
 *   js_doc ── meta (department, year, unit, region, form)
 *          ├─ tables[1..9]  rows × columns of exact amounts, each cell with its source
 *          ├─ sections/paras  the narrative (概况, 情况说明 一…十五, 名词解释, 附件)
 *          ├─ perf[]         绩效自评表 (部门整体 P1, 项目 P2)
 *          └─ diags (notes)  what the reader noticed about the input itself (diag.h)
 *                            (a table printed twice, a wrong 公开NN表 label, …)
 *
 * Ownership: a js_doc owns one arena; every string, row, cell and section
 * reached through the document is allocated from it and dies with
 * js_doc_free(). Pointers handed to the add functions are copied (a paragraph's
 * or a title's text that is the end of its source line, doc->lines, is kept as a
 * pointer into that line instead: the lines are the document's too).
 * Row and column keys are the keys of spec/facts.md, so a cell is addressed
 * exactly as a fact is.
 */
#ifndef JUESUAN_MODEL_H
#define JUESUAN_MODEL_H

#include "base.h"
#include "diag.h"
#include "text.h"

#ifdef __cplusplus
extern "C" {
#endif

/* js_loc (where something came from: a line, or a page and box) is in diag.h. */

typedef struct js_cell {
    js_amount value;  /* fen; meaningful when present */
    bool present;     /* a number was printed here (0.00 included) */
    const char *text; /* the cell as printed, NULL when blank */
    js_loc loc;
} js_cell;

typedef struct js_row {
    const char *key; /* facts row key: "收入:总计", "支出:201", "2010301", "合计", "人员经费合计",
                        "三公经费" */
    const char *code; /* classification code as printed and joined ("2010301"), NULL if none */
    const char *name; /* printed name, spaces removed */
    int lineno;       /* 行次 as printed, 0 if none */
    int dup_of;       /* index of an earlier row with the same key (a repeated row), else -1 */
    js_loc loc;
    js_cell *cells; /* table->ncols cells */
} js_row;

typedef struct js_table {
    int no;            /* 1..9, decided by the title */
    const char *title; /* title as printed */
    const char *label; /* the printed "公开NN表" number ("03"), NULL if none printed */
    js_loc label_loc;
    int unit;         /* JS_UNIT_WANYUAN or JS_UNIT_YUAN */
    const char *dept; /* the 部门 line, NULL if none */
    int ncols;
    const char **cols; /* column keys of spec/facts.md */
    int nrows, caprows;
    js_row *rows;
    js_loc loc;             /* the title line */
    js_loc end;             /* the last line that belonged to the table */
    int copies;             /* how many times the table was printed (2 = printed twice) */
    js_loc copy_loc;        /* where the repeated copy starts */
    const char *empty_note; /* the sentence saying why the table is empty, if any */
    js_loc empty_loc;
    bool truncated; /* the table ended before its total rows were seen */
    /* index of the row keys, kept by js_table_row_add (doc.c) for js_table_row:
     * open addressing, row index + 1 (0 = empty); used while keyrows == nrows */
    int *keyidx;
    int keycap, keyrows;
} js_table;

/* The five parts of a disclosure. */
enum js_part {
    JS_PART_NONE = 0,
    JS_PART_OVERVIEW = 1,  /* 第一部分 概况 */
    JS_PART_TABLES = 2,    /* 第二部分 决算表 */
    JS_PART_NARRATIVE = 3, /* 第三部分 情况说明 */
    JS_PART_GLOSSARY = 4,  /* 第四部分 名词解释 */
    JS_PART_APPENDIX = 5,  /* 第五部分 附件 */
};

typedef struct js_section {
    const char *num; /* as findings.md wants: "一", "五(三)", "五(三)2"; "" for a part heading */
    const char *title; /* heading text after the number */
    int part;          /* enum js_part */
    int level;         /* 0 part, 1 一、, 2 （一）, 3 1、, 4 (1) */
    int value;         /* the number at this level */
    int parent;        /* index of the enclosing section, -1 at top */
    js_loc loc;
    int first_para, npara; /* paragraphs directly under this heading */
} js_section;

typedef struct js_para {
    const char *text; /* one paragraph, wrapped lines joined, normalised */
    int section;      /* index into sections, -1 before the first heading */
    js_loc loc;       /* first line */
    int nlines;       /* lines the paragraph spans in the source (first to last) */
    /* Where each joined source line begins in text, so that a claim found at a
     * byte offset can be cited by its own line (js_para_line_at). nsrc entries
     * each; NULL/0 when unknown (e.g. a paragraph built by the compiler). */
    const int *line_starts; /* byte offsets into text, ascending, line_starts[0] == 0 */
    const int *line_nos;    /* the 1-based source line of each piece */
    int nsrc;
} js_para;

/* A number of a performance table, as printed. */
typedef struct js_pval {
    bool set;
    js_num num; /* amount in 万元, score, or percentage (for rates) as printed */
    const char *text;
    js_loc loc;
} js_pval;

typedef struct js_perf_fund { /* one 资金 row: 合计, 当年财政拨款, 上年结转, 其他资金 */
    const char *name;
    js_pval budget_start, budget_full, actual, weight, rate, score;
    js_loc loc;
} js_perf_fund;

typedef struct js_perf_ind { /* one indicator row */
    const char *l1, *l2, *l3; /* 一级/二级/三级指标 (l1, l2 carried down from the rows above) */
    const char *target, *result; /* 年度指标值, 实际完成值 */
    js_pval weight, score;
    js_loc loc;
} js_perf_ind;

typedef struct js_perf {
    int kind; /* 1: 部门整体支出绩效自评表 (P1), 2: 项目支出绩效自评表 (P2) */
    const char *name; /* department or project name */
    js_perf_fund *funds;
    int nfunds, capfunds;
    js_perf_ind *inds;
    int ninds, capinds;
    js_pval total_weight, total_score;
    const char *grade; /* 优 良 中 差 as printed, NULL if none */
    js_loc loc, grade_loc;
} js_perf;

/* Something the reader noticed about the input that the checker reports is a
 * diagnostic (js_note = js_diag, diag.h): code "TABLE-TWICE", "LABEL", "TOC-ONLY",
 * "ROW-TWICE", "R-ENCODING", "R-OCR", …, the table (1..9 or 0), where, a short
 * description in Chinese. */

/* Spreadsheet input: where a source line came from (sheet index, 1-based row,
 * 0-based column of its first non-empty cell). */
typedef struct js_sheetpos {
    int sheet, row, col;
} js_sheetpos;

/* The kind of document (decided by js_recognize from the cover, the 目录 and the
 * table titles). A document of unknown kind is read as final accounts. */
enum js_kind {
    JS_KIND_FINAL = 0,  /* 决算公开: the nine tables 01–09 */
    JS_KIND_BUDGET = 1, /* 预算公开: tables Y01… of a budget form (docs/budgets.md) */
};
/* Who publishes it. */
enum js_scope {
    JS_SCOPE_UNKNOWN = 0,
    JS_SCOPE_DEPT = 1, /* 部门 (a department with its units) */
    JS_SCOPE_UNIT = 2, /* 单位 (one budget unit) */
};

/* Budget tables are numbered JS_YTABLE_BASE + n for Yn (n = 1..JS_YTABLE_MAX): the
 * same js_table, the same add/lookup functions; js_table_id gives "Y01". */
#define JS_YTABLE_BASE 100
#define JS_YTABLE_MAX 20

typedef struct js_doc {
    js_arena *arena;
    const char *path;   /* as given by the caller */
    const char *dept;   /* department / unit name */
    int year;           /* the year the accounts are for (2020), 0 if unknown */
    const char *region; /* 株洲市石峰区 where known, else NULL */
    const char *form;   /* template id: "2020", "2024-shanghai" */
    int unit;           /* JS_UNIT_* of the tables (all amounts stored in fen anyway) */
    int npages;         /* PDF pages, 0 for text */

    js_table *tables[10]; /* [1..9]; NULL when the table is absent */
    int kind;             /* enum js_kind */
    int scope;            /* enum js_scope */
    /* budget tables: ytables[n] is Yn (1..JS_YTABLE_MAX), NULL when absent; only a
     * JS_KIND_BUDGET document has any */
    js_table *ytables[JS_YTABLE_MAX + 1];

    js_section *sections;
    int nsections, capsections;
    js_para *paras;
    int nparas, capparas;
    js_perf *perf;
    int nperf, capperf;
    /* What the reader noticed about the input: a list of diagnostics (diag.h),
     * added to with js_doc_note or js_diags_add(&doc->diags, …). notes and
     * nnotes name its items and count, as before the list had a type. */
    union {
        js_diags diags;
        struct {
            js_diag *notes;
            int nnotes, capnotes;
        };
    };

    const char **lines; /* source lines (text input), for quoting in messages */
    int nlines;
    const int *line_pages; /* PDF input: the page (1-based) of each of lines[0..nlines), so a
                              js_loc holding only a line can name its page; NULL for text */
    /* Spreadsheet input (XLSX/XLS): the sheet names, and the sheet/row of each of
     * lines[0..nlines); a cell's loc.x0 is its 0-based column (x1 = x0 + 1). NULL otherwise. */
    const char *const *sheet_names;
    int nsheets;
    const js_sheetpos *line_sheets;
    /* PDF input: ocr_pages[p] != 0 when page p (1..npages) was a scan read by OCR; NULL
     * when no page was */
    const unsigned char *ocr_pages;
} js_doc;

/* A new empty document remembering path (copied). NULL when out of memory. */
js_doc *js_doc_new(const char *path);
void js_doc_free(js_doc *doc);

/* Add table no (1..9, or JS_YTABLE_BASE + n for budget table Yn) with ncols column keys (copied).
 * Replaces nothing: returns the existing table if one is there. NULL when out of memory or no is
 * out of range. */
js_table *js_doc_table_add(js_doc *doc, int no, int ncols, const char *const *cols);
/* Append a row; key/code/name copied (code and name may be NULL). Cells start blank.
 * A row whose key is already in the table gets dup_of set. */
js_row *js_table_row_add(js_doc *doc, js_table *t, const char *key, const char *code,
                         const char *name, js_loc loc);
/* Index of column key, or -1. */
int js_table_col(const js_table *t, const char *key);
/* First row with this key, or NULL. */
js_row *js_table_row(const js_table *t, const char *key);
/* Whether any cell of t was read (printed, even 0.00): false for a table with no figures. */
bool js_table_has_values(const js_table *t);
/* The cell at (row key, column key), or NULL if either is missing. */
js_cell *js_table_cell(const js_table *t, const char *row, const char *col);
/* Set a cell from a printed value (text copied). */
void js_cell_set(js_doc *doc, js_cell *c, js_amount v, const char *text, js_loc loc);
/* Value of a cell, 0 when the cell or row is missing or blank. */
js_amount js_table_value(const js_table *t, const char *row, const char *col);

int js_doc_section_add(js_doc *doc, const js_section *s); /* returns index or -1 */
int js_doc_para_add(js_doc *doc, const char *text, int section, js_loc loc, int nlines);
/* The source line of byte offset off in p->text (the line the text at off was
 * printed on); p->loc.line when the paragraph has no line map. */
int js_para_line_at(const js_para *p, size_t off);
js_perf *js_doc_perf_add(js_doc *doc, int kind);
js_perf_fund *js_perf_fund_add(js_doc *doc, js_perf *p);
js_perf_ind *js_perf_ind_add(js_doc *doc, js_perf *p);
void js_doc_note(js_doc *doc, const char *code, int table, js_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* The table id of n: "01".."09", or "Y01".."Y20" for JS_YTABLE_BASE + 1.. */
const char *js_table_id(int no);
/* The table numbered no (1..9 or a Y number), NULL when absent or out of range. */
js_table *js_doc_table(const js_doc *doc, int no);
/* The document kind as a word: "决算" or "预算"; the scope: "部门", "单位" or "". */
const char *js_kind_name(int kind);
const char *js_scope_name(int scope);
/* The standard title of table n (1..9), e.g. "收入支出决算总表". */
const char *js_table_title(int no);

#ifdef __cplusplus
}
#endif
#endif
