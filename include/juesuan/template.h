/*
 * template.h - the nine tables of each form (2020 Hunan, 2024 Shanghai, …)
 * described as data: titles and their variants, columns with the header words
 * that name them, the fixed rows of tables 01, 04, 06 and 07, the
 * identities each table must satisfy, the links between tables, and the
 * sections of the 情况说明 with the table cell each stated figure is. Read from
 * data/templates/templates.tsv (compiled in); the format is docs/templates.md.
 *
 * Ownership: js_templates owns everything it holds; immutable once built, so
 * it may be shared between threads. Names and header words are stored
 * normalised (js_norm_key: full-width folded, spaces removed); keys as written.
 */
#ifndef JUESUAN_TEMPLATE_H
#define JUESUAN_TEMPLATE_H

#include "base.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct js_templates js_templates;

/* How a table is laid out. */
enum js_tpl_kind {
    JS_TPL_TWOSIDED = 1, /* 01, 04: income rows beside expenditure rows */
    JS_TPL_CODED = 2,    /* 02, 03, 05, 08, 09: rows by 功能分类 code */
    JS_TPL_ECON = 3,     /* 06: 经济分类 codes in side-by-side groups */
    JS_TPL_SANGONG = 4,  /* 07: one row of twelve values */
};

typedef struct js_tpl_col {
    const char *key;    /* facts column key */
    const char **words; /* header words naming it (normalised) */
    int nwords;
} js_tpl_col;

typedef struct js_tpl_row {
    const char *key;    /* facts row key ("收入:总计") */
    const char *after;  /* the row only follows this row key (年初 sub-rows), or NULL */
    const char **names; /* printed names (normalised) */
    int nnames;
} js_tpl_row;

typedef struct js_tpl_table {
    const char *form;    /* "2020", "2024-shanghai" */
    int no;              /* 1..9 */
    int kind;            /* enum js_tpl_kind */
    const char **titles; /* normalised printed titles: the form's own, then those of "*";
                            the first is the one the builder prints */
    int ntitles;
    js_tpl_col *cols;
    int ncols;
    js_tpl_row *rows;
    int nrows;
    const char **idents;      /* identities as written in the data */
    const char **ident_rules; /* the rule id reporting each ("T-01-TOTAL", rules.def) */
    int nidents;
} js_tpl_table;

typedef struct js_tpl_class {
    const char *code; /* "201" */
    const char *name; /* normalised "一般公共服务支出" */
} js_tpl_class;

/* A section of the 情况说明 (`topic` records): the checker's topic name, the
 * number and title the builder writes, and the words of a printed title that
 * name it (tried in the order of the data, first match wins). Raw, not normalised. */
typedef struct js_tpl_topic {
    const char *name;   /* "total", "income", … (the topics of check/narrative_rules.h) */
    const char *num;    /* "一" … "十五" as built */
    const char *title;  /* the title as built */
    const char **words; /* words naming it in a printed title */
    int nwords;
} js_tpl_topic;

/* How a `say` record recognises a stated figure by its label. */
enum js_say_when {
    JS_SAY_HAS = 1,    /* the label contains WORD */
    JS_SAY_END = 2,    /* the label ends with WORD */
    JS_SAY_ACTUAL = 3, /* the figure is stated as an actual (支出决算为…), any label */
};

/* A cell of a table: NO, a row key and a column key (facts keys). */
typedef struct js_tpl_ref {
    int no;
    const char *row;
    const char *col;
} js_tpl_ref;

/* The narrative's section→cell map (`say` records): a figure stated in a
 * section of TOPIC under a label matching WHEN/WORD is the sum of CELLS (the
 * first must be printed, the others count 0 when absent). A label containing
 * one of UNLESS matches no record of the topic. */
typedef struct js_tpl_say {
    const char *topic;
    int when; /* enum js_say_when */
    const char *word;
    const char **unless;
    int nunless;
    js_tpl_ref *cells;
    int ncells;
    const char *what; /* the cell as named in messages */
} js_tpl_say;

/* The base of a share (占X%) of the 情况说明 (`share` records): a share stated in a
 * section of TOPIC ("" any; SUB its part, 0 any) whose printed base (the share's
 * label) contains WORD ("": no base printed) is of the amount stated in its
 * paragraph (else in its section) whose label matches STATED/STATED_WHEN (none
 * with a word of UNLESS), else of the figure of the cell SAY_TOPIC/SAY_LABEL
 * names (a `say` record) or of CELL (no 0: none). NAME names it in messages.
 * The checker judges a share on it; the builder writes shares from it. */
typedef struct js_tpl_share {
    const char *topic; /* "" any */
    int sub;           /* 0 any */
    const char *word;  /* "" no base printed */
    int stated_when;   /* JS_SAY_HAS / JS_SAY_END, 0 none */
    const char *stated;
    const char **unless;
    int nunless;
    const char *say_topic, *say_label; /* NULL unless the base is a `say` cell */
    js_tpl_ref cell;                   /* cell.no 0 unless the base is a cell */
    const char *name;
} js_tpl_share;

/* How a cross-table link compares (`link` records). */
enum js_link_kind {
    JS_LINK_SUM = 1,     /* the stated cell = Σ cells */
    JS_LINK_SUMIF = 2,   /* the same, only when one of the cells is printed */
    JS_LINK_CLASSES = 3, /* every 类 row of either table: row "类" / "支出:类" */
    JS_LINK_ROWS = 4,    /* every row of the stated table at most the same row of the other:
                            row "*", column i of COLS against column i of the other's list */
    JS_LINK_NAMES = 5,   /* the name printed for a code the same in every table of the list
                            (the stated table, then CELLS; row "*", column "名称") */
};

/* A cross-table link: the stated cell (its column the first of COLS the
 * table has) against the sum of CELLS, reported by RULE. In LABEL and WHAT,
 * "{col}" stands for the chosen column. A JS_LINK_ROWS link compares every
 * row: COLS of the stated table each against the column at the same place of
 * OCOLS (the '|'-separated columns of its one cell) of table cells[0].no. */
typedef struct js_tpl_link {
    const char *rule; /* an id of src/lib/check/rules.def */
    int kind;         /* enum js_link_kind */
    int no;
    const char *row;
    const char **cols;
    int ncols;
    js_tpl_ref *cells;
    int ncells;
    const char *label, *what; /* "" for JS_LINK_CLASSES (the rows name themselves) */
    const char **ocols;       /* JS_LINK_ROWS: the other table's columns, as many as cols */
    int nocols;
} js_tpl_link;

/* A consistency check of a roll-up (`rollup` records; store/report.c): over
 * the sums of the units, the cells LEFT add up to the cells RIGHT. A row "*"
 * is the sum of the 类 rows (3-digit codes), "支出:*" that of the 支出: 类 rows. */
typedef struct js_tpl_rollup {
    const char *label; /* names the check in the report */
    js_tpl_ref *left, *right;
    int nleft, nright;
} js_tpl_rollup;

/* A 三公 item of table 07 the builder fills from the ledger (`sgitem` records): the
 * columns 预算:ITEM and 决算:ITEM, its actual the 一般公共预算 spending of 经济分类
 * ECON, its budget the metadata's sanggong.budget.META. The other columns of 07
 * (合计, 公务用车购置及运行费) follow from the table's identities. */
typedef struct js_tpl_sgitem {
    const char *item; /* "公务接待费" */
    int econ;         /* 30217 */
    const char *meta; /* "reception" */
} js_tpl_sgitem;

/* The built-in templates. NULL with err set on failure. */
js_templates *js_templates_new(js_err *err);
/* Templates from text in the format of docs/templates.md; origin names the
 * text in messages (err gives origin:line). NULL with err set on failure. */
js_templates *js_templates_parse(const char *origin, const char *text, size_t n, js_err *err);
void js_templates_free(js_templates *t);

/* Number of forms, and the id of form i (0-based). */
int js_templates_nforms(const js_templates *t);
const char *js_templates_form(const js_templates *t, int i);
/* The form whose marks appear in a normalised line (spaces removed), or NULL. */
const char *js_templates_form_marked(const js_templates *t, const char *normline);
/* False when js_templates_form_marked cannot find a mark in the key of s[0..n) (s with
 * spaces removed): no mark's first character is in s. A test before building the key. */
bool js_templates_marks_maybe(const js_templates *t, const char *s, size_t n);
/* The form for a year: the one with the largest start year <= year ("2020" when none). */
const char *js_templates_form_for_year(const js_templates *t, int year);

/* Table no of form (falling back to the "*" description of that table). */
const js_tpl_table *js_templates_table(const js_templates *t, const char *form, int no);
/* The key of column i of table no in form (the 决算数 of 01 and 06 is column 0),
 * NULL when the table has no such column: code that needs a form's column asks
 * here instead of writing its word. */
const char *js_templates_col_key(const js_templates *t, const char *form, int no, int i);
/* Which table (1..9) has title normtitle (normalised, spaces removed) in any
 * form; 0 if none. */
int js_templates_title(const js_templates *t, const char *normtitle);
/* The 类 rows of tables 01 and 04 (`class` records), in printed order; at most
 * JS_TPL_MAX_CLASSES. */
#define JS_TPL_MAX_CLASSES 64
const js_tpl_class *js_templates_classes(const js_templates *t, int *n);
/* The income kinds of table 01 of form: its rows listed before 收入:本年收入合计
 * (收入:一般公共预算财政拨款收入 … 收入:其他收入), in printed order; *n 0 when
 * the form lists none. */
const js_tpl_row *js_templates_income_rows(const js_templates *t, const char *form, int *n);

/* The sections of a form's 情况说明, in the order their title words are tried;
 * the form's own records replace those of "*" with the same name. */
const js_tpl_topic *js_templates_topics(const js_templates *t, const char *form, int *n);
/* The section of that name, or NULL. */
const js_tpl_topic *js_templates_topic(const js_templates *t, const char *form, const char *name);
/* The section→cell map of a form: records of all topics in the order of the
 * data; a form that declares records for a topic replaces the "*" ones of it. */
const js_tpl_say *js_templates_says(const js_templates *t, const char *form, int *n);
/* The first record of topic whose WHEN/WORD matches label (a stated actual when
 * actual), or NULL, also when the label contains a word of its UNLESS. */
const js_tpl_say *js_templates_say(const js_templates *t, const char *form, const char *topic,
                                   const char *label, bool actual);
/* The first `share` record of a form for a share printed with base label ("" none)
 * in a section of topic, part sub (0 none), or NULL: the base it is of. */
const js_tpl_share *js_templates_share(const js_templates *t, const char *form, const char *topic,
                                       int sub, const char *label);
/* Whether a label matches a `share` record's STATED (and none of its UNLESS). */
bool js_tpl_share_stated(const js_tpl_share *s, const char *label);
/* The roll-up's consistency checks, in the order of the data (of every form). */
const js_tpl_rollup *js_templates_rollups(const js_templates *t, int *n);
/* The sections of a form's 附件 (部门整体支出绩效评价报告, `appx` records): the
 * topic (name) a printed title holding one of the words names, tried in the
 * order of the data, first match wins; num and title NULL. A form that
 * declares any replaces all the "*" ones. */
const js_tpl_topic *js_templates_appx(const js_templates *t, const char *form, int *n);
/* The 三公 items of a form's 07, in the order of the data: the form's own records
 * if it has any, else the "*" ones. */
const js_tpl_sgitem *js_templates_sgitems(const js_templates *t, const char *form, int *n);
/* The cross-table links of a form, in the order of the data ("*" ones, then
 * the form's own). */
const js_tpl_link *js_templates_links(const js_templates *t, const char *form, int *n);

#ifdef __cplusplus
}
#endif
#endif
