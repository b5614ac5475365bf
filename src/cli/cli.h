/*
 * cli.h - what the subcommands of the juesuan program share: the command
 * table entry, help printing, exit codes (spec/findings.md) and output.
 */
#ifndef JUESUAN_CLI_H
#define JUESUAN_CLI_H

#include "juesuan/juesuan.h"

#include <stdio.h>

/* Exit codes of every juesuan command (spec/findings.md). */
enum {
    EXIT_OK = 0,
    EXIT_FINDINGS = 1, /* check found errors */
    EXIT_USAGE = 2,
    EXIT_INPUT = 3,
    EXIT_INTERNAL = 4,
};

typedef struct cli_cmd {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary; /* one line */
    const char *help;    /* the full --help text (usage, options, example) */
} cli_cmd;

/* The command table (main.c). */
const cli_cmd *cli_commands(void);
const cli_cmd *cli_find(const char *name);

/* Print cmd's help to stdout; returns EXIT_OK. */
int cli_help(const char *name);
/* Print "juesuan CMD: msg" and "try 'juesuan CMD --help'" to stderr; returns EXIT_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Is argv[i] -h or --help? */
int cli_wants_help(int argc, char **argv);
/* A command that is not built yet: says so on stderr, exit 4. */
int cli_not_built(const char *cmd, const char *issue);
/* Write buf to stdout; EXIT_INTERNAL with a message if the write fails. */
int cli_write_stdout(const js_buf *b);
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
int cmd_rules(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_help(int argc, char **argv);

/* Each command's --help text, defined beside the command. */
extern const char help_parse[], help_facts[], help_check[], help_build[], help_render[],
    help_db[], help_report[], help_serve[], help_rules[], help_version[], help_help[];

#endif
