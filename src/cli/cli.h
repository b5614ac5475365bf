/*
 * cli.h - what the subcommands of the juesuan program share: the command
 * table entry, help printing, exit codes (spec/findings.md) and output.
 */
#ifndef JUESUAN_CLI_H
#define JUESUAN_CLI_H

#include "juesuan/juesuan.h"
#include "opt.h"

#include <libintl.h>

#include <stdio.h>

/* Exit codes of every juesuan command (spec/findings.md). */
enum {
    EXIT_OK = 0,
    EXIT_FINDINGS = 1, /* check found errors */
    EXIT_USAGE = 2,
    EXIT_INPUT = 3,
    EXIT_INTERNAL = 4,
};

/* User-visible texts are English msgids, translated through gettext
 * (po/zh_CN.po; Chinese unless the user asks for English: i18n.c). */
#define JS_TEXTDOMAIN "juesuan"
#define _(s) dgettext(JS_TEXTDOMAIN, s)
#define N_(s) s

/* One command: its table entry, option table and help texts (opt.h). The
 * summary, synopsis and description are English msgids (N_). */
typedef struct cli_cmd {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;     /* one line */
    const char *synopsis;    /* what follows "juesuan NAME" in usage; forms separated by '\n' */
    const char *description; /* paragraphs; lines of at most 90 columns */
    const cli_opt *opts;     /* the option table, ended by {NULL}; NULL if none */
    const char *example;     /* one or more command lines */
} cli_cmd;

/* Choose the language (Chinese unless the environment asks for English) and
 * find the message catalogue (i18n.c). Call first in main. */
void cli_i18n_init(void);
/* Is the interface English? (after cli_i18n_init) */
bool cli_english(void);

/* Column names of the tables db and report print, in the interface's language
 * (labels.c): the store's key in English, the Chinese word otherwise. */
const char *cli_label(const char *key);
struct js_rtable;
/* Translate t's column names, and the words of its field/result/severity columns. */
void cli_rtable_labels(struct js_rtable *t);
/* The rows of a report with table, row and column keys (rollup, yoy) in the order of the
 * form of year, each classification code with its 科目 name beside it (report_rows.c). */
void cli_report_rows(struct js_rtable *t, int year);
/* Start a CSV with a UTF-8 byte order mark (Chinese interface: Excel on Chinese Windows). */
void cli_csv_bom(js_buf *b);

/* The command table (main.c), ended by NULL. */
const cli_cmd *const *cli_commands(void);
const cli_cmd *cli_find(const char *name);

/* Print cmd's help to stdout; returns EXIT_OK. */
int cli_help(const char *name);
/* Print "juesuan CMD: msg" and "try 'juesuan CMD --help'" to stderr; returns EXIT_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Is v one of the '|'-separated words of choices? */
bool cli_choice_ok(const char *choices, const char *v);
/* A command that is not built yet: says so on stderr, exit 4. */
int cli_not_built(const char *cmd, const char *issue);
/* Write buf to stdout; EXIT_INTERNAL with a message if the write fails. */
int cli_write_stdout(const js_buf *b);
/* doc in format (a writer of render.h, with the context's form data) to path, or to
 * standard output when path is NULL or "-"; on failure "juesuan CMD: why" on stderr.
 * Returns the exit code. The one output step of build and render. */
int cli_render_doc(const js_ctx *ctx, const char *cmd, const js_doc *doc, const char *format,
                   const char *path);
/* Diagnostics (diag.h) on stderr, one line each (js_diag_text): the one way the
 * program prints them. */
void cli_print_diags(const js_diags *l, const char *default_file);
/* Load the context or print why not. */
js_ctx *cli_ctx(void);

/* The subcommands: one file each (cmd_<name>.c). */
int cmd_parse(int argc, char **argv);
int cmd_facts(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_render(int argc, char **argv);
int cmd_db(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_help(int argc, char **argv);

/* The command definitions, each beside its command (cmd_<name>.c). */
extern const cli_cmd cli_cmd_parse, cli_cmd_facts, cli_cmd_check, cli_cmd_build, cli_cmd_render,
    cli_cmd_db, cli_cmd_report, cli_cmd_serve, cli_cmd_user, cli_cmd_rules, cli_cmd_version,
    cli_cmd_help;

/* Generated from the tables (opt_doc.c): --help text, man page (roff), completions. */
void cli_doc_help(const cli_cmd *c, js_buf *b);
void cli_doc_overview(js_buf *b);
void cli_doc_man(const cli_cmd *c, js_buf *b); /* c NULL: juesuan(1) */
int cli_doc_completion(const char *shell, js_buf *b);

#endif
