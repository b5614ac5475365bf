/*
 * opt.h - the one option parser of every juesuan command, driven by a table
 * per command. The same table gives the parser (getopt_long: `--opt=value`,
 * `--opt value`, `-o value`, unique prefixes, options before or after the
 * operands, `--` ends them), the `--help` text, the man page juesuan-CMD(1)
 * and the bash and zsh completions (opt_doc.c) — one source.
 *
 * To add an option to a command: add a field to the command's options struct
 * and ONE record to its table in cmd_<name>.c, e.g.
 *
 *     {"annotate", 0, CLI_STR, CLI_AT(check_opts, annotate), "FILE", NULL,
 *      N_("write the PDF with every finding marked on it to FILE")},
 *
 * The parser fills the field; --help, the man page and the completions list it
 * from then on. Texts are English msgids translated by po/zh_CN.po (N_ marks
 * them for xgettext; run scripts/po-update after adding one).
 *
 * Ownership: tables are static const data; cli_parse allocates only the
 * operand array and CLI_LIST values, freed by cli_args_release.
 */
#ifndef JUESUAN_CLI_OPT_H
#define JUESUAN_CLI_OPT_H

#include <stdbool.h>
#include <stddef.h>

typedef enum cli_kind {
    CLI_FLAG,   /* bool, set by the option's presence */
    CLI_STR,    /* const char *, any value */
    CLI_CHOICE, /* const char *, one of `choices` ("text|json|html") */
    CLI_INT,    /* int, decimal within [lo, hi] */
    CLI_LIST,   /* cli_list, the option may be repeated; each value is appended */
} cli_kind;

/* The values of a repeatable option, in command-line order. */
typedef struct cli_list {
    const char **v;
    int n;
} cli_list;

typedef struct cli_opt {
    const char *name; /* long name without "--"; NULL ends a table */
    char short_name;  /* '\0' if none */
    cli_kind kind;
    size_t offset;       /* CLI_AT(struct, field): where the value goes */
    const char *arg;     /* the value's name in help ("FILE"); NULL for a flag */
    const char *choices; /* CLI_CHOICE: "a|b|c"; CLI_INT: "lo..hi" */
    const char *help;    /* one line, N_("English msgid") */
} cli_opt;

#define CLI_AT(type, field) offsetof(type, field)

/* The operands (non-option arguments) in order. */
typedef struct cli_args {
    char **v;
    int n;
} cli_args;

struct cli_cmd;

/* cli_parse returns CLI_GO when the command should run; otherwise the exit
 * code to return at once (EXIT_OK after --help, EXIT_USAGE after a message). */
#define CLI_GO (-1)

/* Parse argv[1..argc) by cmd's table into *opts (fields at the table's offsets;
 * set defaults before the call) and the operands into *args. */
int cli_parse(const struct cli_cmd *cmd, int argc, char **argv, void *opts, cli_args *args);
/* Free what cli_parse allocated (operands and CLI_LIST arrays in *opts). */
void cli_args_release(const struct cli_cmd *cmd, void *opts, cli_args *args);

#endif
