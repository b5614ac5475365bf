/*
 * profile_opts.c - the rule profile of `check` and `rules` from the command
 * line. A profile NAME is looked for as data/profiles/NAME.profile beside the
 * program (build tree: the source's data/, installed: share/juesuan/profiles),
 * else in the configured JS_DATADIR.
 */
#include "profile_opts.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef JS_DATADIR
#define JS_DATADIR "/usr/share/juesuan"
#endif
#ifndef JS_SOURCE_DATADIR
#define JS_SOURCE_DATADIR ""
#endif

static bool is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* The path of profile `name` into buf, or false. */
static bool find_profile(const char *name, char *buf, size_t cap)
{
    if (strchr(name, '/') || is_file(name)) {
        snprintf(buf, cap, "%s", name);
        return is_file(buf);
    }
    char exe[2048] = "";
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) *slash = '\0';
    }
    const char *dirs[] = {getenv("JUESUAN_DATADIR"), NULL, JS_DATADIR, JS_SOURCE_DATADIR};
    char rel[2100];
    snprintf(rel, sizeof rel, "%s/../share/juesuan", exe);
    dirs[1] = n > 0 ? rel : NULL;
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        if (!dirs[i] || !*dirs[i]) continue;
        snprintf(buf, cap, "%s/profiles/%s.profile", dirs[i], name);
        if (is_file(buf)) return true;
    }
    return false;
}

static int fail(const char *cmd, const js_err *err, js_profile *p)
{
    fprintf(stderr, "juesuan %s: %s\n", cmd, err->msg);
    js_profile_free(p);
    return err->status == JS_EUSAGE   ? EXIT_USAGE
           : err->status == JS_EINPUT ? EXIT_INPUT
                                      : EXIT_INTERNAL;
}

static int each(const char *cmd, js_profile *p, const char *verb, const cli_list *l, js_err *err)
{
    for (int i = 0; i < l->n; i++) {
        char line[300], origin[64];
        snprintf(line, sizeof line, "%s %s", verb, l->v[i]);
        snprintf(origin, sizeof origin, "--%s", verb);
        if (js_profile_directive(p, line, origin, err) != JS_OK) return fail(cmd, err, p);
    }
    return CLI_GO;
}

int cli_profile(const char *cmd, const cli_profile_opts *o, js_profile **out)
{
    *out = NULL;
    if (!o->profile && !o->accept && !o->tolerance && !o->disable.n && !o->enable.n &&
        !o->severity.n)
        return CLI_GO;
    js_profile *p = js_profile_new();
    js_err err;
    js_err_clear(&err);
    if (!p) return EXIT_INTERNAL;
    if (o->profile) {
        char path[2300];
        if (!find_profile(o->profile, path, sizeof path)) {
            js_profile_free(p);
            return cli_usage(cmd, _("no profile %s (a file, or one of data/profiles)"), o->profile);
        }
        if (js_profile_load(p, path, &err) != JS_OK) return fail(cmd, &err, p);
    }
    int rc = each(cmd, p, "disable", &o->disable, &err);
    if (rc == CLI_GO) rc = each(cmd, p, "enable", &o->enable, &err);
    if (rc == CLI_GO) rc = each(cmd, p, "severity", &o->severity, &err);
    if (rc != CLI_GO) return rc;
    if (o->tolerance) {
        char line[128];
        snprintf(line, sizeof line, "tolerance rounding=%.100s", o->tolerance);
        if (js_profile_directive(p, line, "--tolerance", &err) != JS_OK) return fail(cmd, &err, p);
    }
    if (o->accept && js_profile_accept_file(p, o->accept, &err) != JS_OK) return fail(cmd, &err, p);
    *out = p;
    return CLI_GO;
}
