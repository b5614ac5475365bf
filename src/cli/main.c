/*
 * main.c - the juesuan program: a table of subcommands in the manner of
 * git's builtins. Each command lives in cmd_<name>.c with its option table
 * (opt.h); help, man pages and completions are generated from the tables.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const cli_cmd *const COMMANDS[] = {
    &cli_cmd_parse,   &cli_cmd_facts,  &cli_cmd_check, &cli_cmd_build, &cli_cmd_render,
    &cli_cmd_db,      &cli_cmd_report, &cli_cmd_serve, &cli_cmd_user,  &cli_cmd_rules,
    &cli_cmd_version, &cli_cmd_help,   NULL,
};

const cli_cmd *const *cli_commands(void)
{
    return COMMANDS;
}

const cli_cmd *cli_find(const char *name)
{
    for (const cli_cmd *const *c = COMMANDS; *c; c++)
        if (strcmp((*c)->name, name) == 0) return *c;
    return NULL;
}

/* Optimal string alignment distance (edits, swaps of neighbours), bytes. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 31 || lb > 31) return 99;
    size_t d[32][32];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            size_t c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < c) c = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < c) c = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < c)
                c = d[i - 2][j - 2] + 1;
            d[i][j] = c;
        }
    return d[la][lb];
}

/* The command nearest to a mistyped name (at most 2 edits, or a unique prefix). */
static const cli_cmd *nearest(const char *name)
{
    const cli_cmd *best = NULL, *prefix = NULL;
    size_t bd = 3, np = 0, n = strlen(name);
    for (const cli_cmd *const *c = COMMANDS; *c; c++) {
        size_t d = edit_distance(name, (*c)->name);
        if (d < bd) {
            bd = d;
            best = *c;
        }
        if (n >= 2 && strncmp(name, (*c)->name, n) == 0) {
            prefix = *c;
            np++;
        }
    }
    if (!best && np == 1) best = prefix;
    return best && bd < strlen(best->name) ? best : prefix && np == 1 ? prefix : NULL;
}

int cli_help(const char *name)
{
    const cli_cmd *c = cli_find(name);
    if (!c) return cli_usage("help", _("no such command: %s"), name);
    js_buf b;
    js_buf_init(&b);
    cli_doc_help(c, &b);
    int rc = cli_write_stdout(&b);
    js_buf_release(&b);
    return rc;
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "juesuan %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fprintf(stderr, _("try 'juesuan %s --help'"), cmd);
    fputc('\n', stderr);
    return EXIT_USAGE;
}

int cli_not_built(const char *cmd, const char *issue)
{
    fprintf(stderr, _("juesuan %s: not built yet (%s)"), cmd, issue);
    fputc('\n', stderr);
    return EXIT_INTERNAL;
}

int cli_write_stdout(const js_buf *b)
{
    if (b->oom) {
        fprintf(stderr, "juesuan: %s\n", _("out of memory"));
        return EXIT_INTERNAL;
    }
    if (b->len && fwrite(b->data, 1, b->len, stdout) != b->len) {
        fprintf(stderr, "juesuan: %s\n", _("cannot write to standard output"));
        return EXIT_INTERNAL;
    }
    return EXIT_OK;
}

int cli_render_doc(const js_ctx *ctx, const char *cmd, const js_doc *doc, const char *format,
                   const char *path)
{
    js_err err;
    js_err_clear(&err);
    int st, code = EXIT_OK;
    const js_writer *w = js_writer_get(format, &err);
    if (!w) {
        st = JS_EUSAGE;
    } else if (path && strcmp(path, "-") != 0) {
        st = js_write_file(w, ctx->templates, doc, NULL, path, &err);
    } else {
        js_buf b;
        js_buf_init(&b);
        st = js_write_buf(w, ctx->templates, doc, NULL, &b, &err);
        if (st == JS_OK) code = cli_write_stdout(&b);
        js_buf_release(&b);
    }
    if (st == JS_OK) return code;
    fprintf(stderr, "juesuan %s: %s\n", cmd, err.msg);
    return st == JS_EUSAGE ? EXIT_USAGE : EXIT_INTERNAL;
}

void cli_print_diags(const js_diags *l, const char *default_file)
{
    js_buf b;
    js_buf_init(&b);
    js_diags_text(l, default_file, &b);
    if (b.len) fwrite(b.data, 1, b.len, stderr);
    if (b.oom || l->oom) fprintf(stderr, "juesuan: %s\n", _("out of memory"));
    js_buf_release(&b);
}

js_ctx *cli_ctx(void)
{
    js_err err;
    js_err_clear(&err);
    js_ctx *ctx = js_ctx_new(&err);
    if (!ctx) fprintf(stderr, "juesuan: %s\n", err.msg);
    return ctx;
}

/* ---- help and version ---------------------------------------------------------- */

typedef struct help_opts {
    bool man;
    const char *completion;
} help_opts;

static const cli_opt HELP_OPTS[] = {
    {"man", 0, CLI_FLAG, CLI_AT(help_opts, man), NULL, NULL,
     N_("print the manual page (roff) of COMMAND, or juesuan(1) without one")},
    {"completion", 0, CLI_CHOICE, CLI_AT(help_opts, completion), "SHELL", "bash|zsh",
     N_("print the completion script for SHELL")},
    {NULL, 0, 0, 0, NULL, NULL, NULL},
};

const cli_cmd cli_cmd_help = {
    "help",
    cmd_help,
    N_("show help for a command"),
    N_("[--man] [COMMAND]\n--completion=bash|zsh"),
    N_("Show the list of commands, or the help of one command. --man prints the same text\n"
       "as a manual page, --completion a shell completion script: both are generated from\n"
       "the commands' option tables, like this help."),
    HELP_OPTS,
    "juesuan help check",
};

int cmd_help(int argc, char **argv)
{
    help_opts o = {0};
    cli_args a;
    int rc = cli_parse(&cli_cmd_help, argc, argv, &o, &a);
    js_buf b;
    js_buf_init(&b);
    const cli_cmd *c = NULL;
    if (rc == CLI_GO && a.n > 1) rc = cli_usage("help", _("give one command"));
    if (rc == CLI_GO && a.n == 1 && !(c = cli_find(a.v[0])))
        rc = cli_usage("help", _("no such command: %s"), a.v[0]);
    if (rc == CLI_GO) {
        if (o.completion)
            cli_doc_completion(o.completion, &b);
        else if (o.man)
            cli_doc_man(c, &b);
        else if (c)
            cli_doc_help(c, &b);
        else
            cli_doc_overview(&b);
        rc = cli_write_stdout(&b);
    }
    js_buf_release(&b);
    cli_args_release(&cli_cmd_help, &o, &a);
    return rc;
}

const cli_cmd cli_cmd_version = {
    "version", cmd_version,       N_("print the version"), "", N_("Print the version of juesuan."),
    NULL,      "juesuan version",
};

int cmd_version(int argc, char **argv)
{
    cli_args a;
    int rc = cli_parse(&cli_cmd_version, argc, argv, NULL, &a);
    if (rc == CLI_GO && a.n) rc = cli_usage("version", _("unexpected argument %s"), a.v[0]);
    if (rc == CLI_GO) {
        printf("juesuan %s\n", JS_VERSION);
        rc = EXIT_OK;
    }
    cli_args_release(&cli_cmd_version, NULL, &a);
    return rc;
}

int main(int argc, char **argv)
{
    cli_i18n_init();
    if (argc < 2) {
        js_buf b;
        js_buf_init(&b);
        cli_doc_overview(&b);
        fwrite(b.data, 1, b.len, stderr);
        js_buf_release(&b);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) name = "help";
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) name = "version";
    const cli_cmd *c = cli_find(name);
    if (!c) {
        fprintf(stderr, _("juesuan: '%s' is not a juesuan command"), argv[1]);
        fputc('\n', stderr);
        const cli_cmd *near = nearest(argv[1]);
        if (near) {
            fprintf(stderr, _("Did you mean `juesuan %s`?"), near->name);
            fputc('\n', stderr);
        }
        fprintf(stderr, "%s\n", _("try 'juesuan --help'"));
        return EXIT_USAGE;
    }
    int rc = c->fn(argc - 1, argv + 1);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "juesuan: %s\n", _("cannot write to standard output"));
        return EXIT_INTERNAL;
    }
    return rc;
}
