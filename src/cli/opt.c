/*
 * opt.c - the option parser of every command (opt.h): getopt_long over a
 * struct option array built from the command's table, values stored at the
 * table's offsets, our own messages (in the user's language) for misuse.
 */
#include "cli.h"

#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t count_opts(const cli_opt *t)
{
    size_t n = 0;
    while (t && t[n].name)
        n++;
    return n;
}

/* Is v one of the '|'-separated words of choices? */
bool cli_choice_ok(const char *choices, const char *v)
{
    size_t n = strlen(v);
    for (const char *p = choices; p && *p;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == n && memcmp(p, v, n) == 0) return true;
        p = bar ? bar + 1 : NULL;
    }
    return false;
}

/* "text|json" -> "text, json" for messages. */
static void choices_list(const char *choices, char *out, size_t cap)
{
    size_t o = 0;
    for (const char *p = choices; *p && o + 3 < cap; p++) {
        if (*p == '|') {
            out[o++] = ',';
            out[o++] = ' ';
        } else {
            out[o++] = *p;
        }
    }
    out[o] = '\0';
}

static int int_range(const char *spec, long *lo, long *hi)
{
    char *end = NULL;
    *lo = strtol(spec ? spec : "0", &end, 10);
    *hi = end && end[0] == '.' && end[1] == '.' ? strtol(end + 2, NULL, 10) : INT32_MAX;
    return 0;
}

static int store(const cli_cmd *cmd, const cli_opt *o, const char *flag, const char *v, void *opts)
{
    char *field = (char *)opts + o->offset;
    switch (o->kind) {
    case CLI_FLAG:
        *(bool *)field = true;
        return CLI_GO;
    case CLI_STR:
        *(const char **)field = v;
        return CLI_GO;
    case CLI_CHOICE:
        if (!cli_choice_ok(o->choices, v)) {
            char list[256];
            choices_list(o->choices, list, sizeof list);
            return cli_usage(cmd->name, _("unknown value '%s' for %s (one of: %s)"), v, flag, list);
        }
        *(const char **)field = v;
        return CLI_GO;
    case CLI_INT: {
        long lo, hi;
        int_range(o->choices, &lo, &hi);
        char *end = NULL;
        long n = strtol(v, &end, 10);
        if (!*v || *end || n < lo || n > hi)
            return cli_usage(cmd->name, _("%s wants a whole number from %ld to %ld, not '%s'"),
                             flag, lo, hi, v);
        *(int *)field = (int)n;
        return CLI_GO;
    }
    case CLI_LIST: {
        cli_list *l = (cli_list *)field;
        const char **nv = realloc(l->v, (size_t)(l->n + 1) * sizeof *nv);
        if (!nv) return EXIT_INTERNAL;
        nv[l->n++] = v;
        l->v = nv;
        return CLI_GO;
    }
    }
    return EXIT_INTERNAL;
}

/* The spelling of the option getopt just saw, for messages: "--format" or "-f". */
static void flag_name(const cli_opt *o, int by_short, char *buf, size_t cap)
{
    if (by_short)
        snprintf(buf, cap, "-%c", o->short_name);
    else
        snprintf(buf, cap, "--%s", o->name);
}

typedef struct parse_tables {
    struct option *lopts;
    char shorts[128];
} parse_tables;

/* getopt_long's tables from cmd's: index i of lopts is record i, then help. */
static int make_tables(const cli_opt *t, size_t n, parse_tables *pt)
{
    pt->lopts = calloc(n + 2, sizeof *pt->lopts);
    if (!pt->lopts) return -1;
    size_t s = 0;
    pt->shorts[s++] = ':'; /* a missing value is ':' not '?' */
    for (size_t i = 0; i < n; i++) {
        int has_arg = t[i].kind == CLI_FLAG ? no_argument : required_argument;
        pt->lopts[i] = (struct option){t[i].name, has_arg, NULL, 0};
        if (t[i].short_name && s + 3 < sizeof pt->shorts) {
            pt->shorts[s++] = t[i].short_name;
            if (has_arg == required_argument) pt->shorts[s++] = ':';
        }
    }
    pt->lopts[n] = (struct option){"help", no_argument, NULL, 0};
    pt->shorts[s++] = 'h';
    pt->shorts[s] = '\0';
    return 0;
}

static const cli_opt *by_short(const cli_opt *t, size_t n, int c)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].short_name && t[i].short_name == c) return &t[i];
    return NULL;
}

static int misuse(const cli_cmd *cmd, int c, char **argv, const cli_opt *t, size_t n)
{
    const char *seen = argv[optind - 1];
    if (c == ':') {
        const cli_opt *o = optopt ? by_short(t, n, optopt) : NULL;
        char f[64];
        if (o)
            flag_name(o, 1, f, sizeof f);
        else
            snprintf(f, sizeof f, "%s", seen);
        return cli_usage(cmd->name, _("%s needs a value"), f);
    }
    if (optopt && optopt != '?') return cli_usage(cmd->name, _("unknown option -%c"), optopt);
    char f[128];
    snprintf(f, sizeof f, "%s", seen);
    char *eq = strchr(f, '=');
    if (eq) *eq = '\0';
    /* a flag given a value (--compact=x) is reported as such, not as unknown */
    for (size_t i = 0; eq && i < n; i++)
        if (t[i].kind == CLI_FLAG && strcmp(f + 2, t[i].name) == 0)
            return cli_usage(cmd->name, _("%s takes no value"), f);
    return cli_usage(cmd->name, _("unknown option %s"), f);
}

int cli_parse(const cli_cmd *cmd, int argc, char **argv, void *opts, cli_args *args)
{
    args->v = calloc((size_t)argc + 1, sizeof *args->v);
    args->n = 0;
    if (!args->v) return EXIT_INTERNAL;
    const cli_opt *t = cmd->opts;
    size_t n = count_opts(t);
    parse_tables pt;
    if (make_tables(t, n, &pt) != 0) return EXIT_INTERNAL;
    int rc = CLI_GO;
    opterr = 0;
    optind = 0; /* glibc: full re-initialisation */
    int c, li;
    while (rc == CLI_GO && (c = getopt_long(argc, argv, pt.shorts, pt.lopts, &li)) != -1) {
        if (c == 0 && (size_t)li == n) {
            rc = cli_help(cmd->name);
        } else if (c == 0) {
            char f[64];
            flag_name(&t[li], 0, f, sizeof f);
            rc = store(cmd, &t[li], f, optarg, opts);
        } else if (c == 'h') {
            rc = cli_help(cmd->name);
        } else if (c == '?' || c == ':') {
            rc = misuse(cmd, c, argv, t, n);
        } else {
            const cli_opt *o = by_short(t, n, c);
            char f[8] = "";
            if (o) flag_name(o, 1, f, sizeof f);
            rc = o ? store(cmd, o, f, optarg, opts) : EXIT_INTERNAL;
        }
    }
    free(pt.lopts);
    for (int i = optind; rc == CLI_GO && i < argc; i++)
        args->v[args->n++] = argv[i];
    return rc;
}

void cli_args_release(const cli_cmd *cmd, void *opts, cli_args *args)
{
    for (const cli_opt *o = cmd->opts; o && o->name; o++)
        if (o->kind == CLI_LIST) {
            cli_list *l = (cli_list *)((char *)opts + o->offset);
            free(l->v);
            l->v = NULL;
            l->n = 0;
        }
    free(args->v);
    args->v = NULL;
    args->n = 0;
}
