/*
 * main.c - the juesuan program: a table of subcommands in the manner of
 * git's builtins. Each command lives in cmd_<name>.c and prints its own help.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const cli_cmd COMMANDS[] = {
    {"parse", cmd_parse, "read a disclosure (text, PDF, model JSON) into the document model",
     help_parse},
    {"facts", cmd_facts, "print the numbers of the nine tables as tidy facts (TSV)", help_facts},
    {"check", cmd_check, "audit a disclosure (审核) and report every problem found", help_check},
    {"build", cmd_build, "build a disclosure from a ledger CSV and metadata", help_build},
    {"render", cmd_render, "render a document model as HTML, XLSX, Markdown, text or JSON",
     help_render},
    {"db", cmd_db, "store disclosures in a database (SQLite) and query them", help_db},
    {"report", cmd_report, "roll-up, rankings and year-on-year reports over the database",
     help_report},
    {"serve", cmd_serve, "serve the review web page", help_serve},
    {"rules", cmd_rules, "list every audit rule with its kind, severity and description",
     help_rules},
    {"version", cmd_version, "print the version", help_version},
    {"help", cmd_help, "show help for a command", help_help},
    {NULL, NULL, NULL, NULL},
};

const cli_cmd *cli_commands(void)
{
    return COMMANDS;
}

const cli_cmd *cli_find(const char *name)
{
    for (const cli_cmd *c = COMMANDS; c->name; c++)
        if (strcmp(c->name, name) == 0) return c;
    return NULL;
}

static void overview(FILE *f)
{
    fputs("juesuan - read, check and build departmental final-account disclosures "
          "(部门决算公开)\n\n"
          "usage: juesuan <command> [options] [args]\n\ncommands:\n",
          f);
    for (const cli_cmd *c = COMMANDS; c->name; c++)
        fprintf(f, "  %-8s %s\n", c->name, c->summary);
    fputs("\nexit codes: 0 ok, 1 check found errors, 2 usage error, 3 an input could not be "
          "read, 4 internal error\n"
          "'juesuan help <command>' or 'juesuan <command> --help' for a command's options.\n",
          f);
}

int cli_help(const char *name)
{
    const cli_cmd *c = cli_find(name);
    if (!c) return cli_usage("help", "no such command: %s", name);
    fputs(c->help, stdout);
    return EXIT_OK;
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "juesuan %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\ntry 'juesuan %s --help'\n", cmd);
    return EXIT_USAGE;
}

int cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) break;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) return 1;
    }
    return 0;
}

int cli_not_built(const char *cmd, const char *issue)
{
    fprintf(stderr, "juesuan %s: not built yet (%s)\n", cmd, issue);
    return EXIT_INTERNAL;
}

int cli_write_stdout(const js_buf *b)
{
    if (b->oom) {
        fprintf(stderr, "juesuan: out of memory\n");
        return EXIT_INTERNAL;
    }
    if (b->len && fwrite(b->data, 1, b->len, stdout) != b->len) {
        fprintf(stderr, "juesuan: cannot write to standard output\n");
        return EXIT_INTERNAL;
    }
    return EXIT_OK;
}

js_ctx *cli_ctx(void)
{
    js_err err;
    js_err_clear(&err);
    js_ctx *ctx = js_ctx_new(&err);
    if (!ctx) fprintf(stderr, "juesuan: %s\n", err.msg);
    return ctx;
}

const char help_help[] = "usage: juesuan help [<command>]\n\n"
                         "Show the list of commands, or the help of one command.\n\n"
                         "example: juesuan help check\n";

int cmd_help(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "--help") != 0 && strcmp(argv[1], "-h") != 0)
        return cli_help(argv[1]);
    if (argc >= 2) return cli_help("help");
    overview(stdout);
    return EXIT_OK;
}

const char help_version[] = "usage: juesuan version\n\nPrint the version of juesuan.\n";

int cmd_version(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("version");
    printf("juesuan %s\n", JS_VERSION);
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        overview(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) name = "help";
    if (strcmp(name, "--version") == 0) name = "version";
    const cli_cmd *c = cli_find(name);
    if (!c) {
        fprintf(stderr, "juesuan: '%s' is not a juesuan command\n", argv[1]);
        fprintf(stderr, "try 'juesuan --help'\n");
        return EXIT_USAGE;
    }
    int rc = c->fn(argc - 1, argv + 1);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "juesuan: cannot write to standard output\n");
        return EXIT_INTERNAL;
    }
    return rc;
}
