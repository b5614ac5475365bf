/*
 * i18n.c - the language of the interface. Messages are English msgids with a
 * Chinese catalogue (po/zh_CN.po -> juesuan.mo). The interface is Chinese
 * unless the user asks for English through LANGUAGE, LC_ALL, LC_MESSAGES or
 * LANG (in that order, the first that names a language decides: en, en_US,
 * en_GB.UTF-8, ... mean English).
 *
 * glibc's gettext does not translate in the C locale, which is what CI and
 * containers run in, and "en" alone is not a locale name setlocale accepts.
 * So the choice is made here and handed to gettext explicitly: LANGUAGE is
 * set to zh_CN or en, and where the messages locale is C/POSIX it is switched
 * to C.UTF-8 (a built-in locale since glibc 2.35) so that LANGUAGE is honoured.
 *
 * The catalogue is looked for beside the program (build tree: <dir>/locale),
 * relative to it (installed: <dir>/../share/locale, so a relocated install
 * works), then in the configured JS_LOCALEDIR; $JUESUAN_LOCALEDIR overrides.
 */
#include "cli.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef JS_LOCALEDIR
#define JS_LOCALEDIR "/usr/share/locale"
#endif

static bool english;

bool cli_english(void)
{
    return english;
}

/* 1 English, 0 Chinese, -1 says nothing about the language (C, POSIX, empty). */
static int says(const char *v)
{
    if (!v || !*v) return -1;
    if (strcmp(v, "C") == 0 || strncmp(v, "C.", 2) == 0 || strcmp(v, "POSIX") == 0) return -1;
    return strncmp(v, "en", 2) == 0 &&
                   (v[2] == '\0' || v[2] == '_' || v[2] == '.' || v[2] == '@' || v[2] == ':')
               ? 1
               : 0;
}

static bool wants_english(void)
{
    /* LANGUAGE is a list (zh_CN:en): the first of its entries we have decides */
    const char *lang = getenv("LANGUAGE");
    for (const char *p = lang; p && *p;) {
        const char *c = strchr(p, ':');
        size_t n = c ? (size_t)(c - p) : strlen(p);
        if (n >= 2 && strncmp(p, "en", 2) == 0 && (n == 2 || strchr("_.@", p[2]))) return true;
        if (n >= 2 && strncmp(p, "zh", 2) == 0) return false;
        p = c ? c + 1 : NULL;
    }
    const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < 3; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v) return says(v) == 1; /* the first set one decides, as in setlocale */
    }
    return false;
}

static bool has_catalogue(const char *dir)
{
    char path[4200];
    struct stat st;
    int n = snprintf(path, sizeof path, "%s/zh_CN/LC_MESSAGES/%s.mo", dir, JS_TEXTDOMAIN);
    return n > 0 && (size_t)n < sizeof path && stat(path, &st) == 0;
}

static void bind_catalogue(void)
{
    const char *env = getenv("JUESUAN_LOCALEDIR");
    if (env && *env) {
        bindtextdomain(JS_TEXTDOMAIN, env);
        return;
    }
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 64);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            char dir[4200];
            *slash = '\0';
            const char *tails[] = {"/locale", "/../share/locale"};
            for (size_t i = 0; i < 2; i++) {
                snprintf(dir, sizeof dir, "%.4000s%s", exe, tails[i]);
                if (has_catalogue(dir)) {
                    bindtextdomain(JS_TEXTDOMAIN, dir);
                    return;
                }
            }
        }
    }
    bindtextdomain(JS_TEXTDOMAIN, JS_LOCALEDIR);
}

void cli_i18n_init(void)
{
    /* Only the categories the program uses: LC_MESSAGES (gettext) and LC_CTYPE (its
     * characters). Each category is a file to load where there is no locale archive (0.8
     * ms of CPU for all twelve, a third of `juesuan version`: docs/performance.md), and
     * the others change nothing here but LC_NUMERIC, whose decimal comma would change
     * strtod and printf. */
    if (!setlocale(LC_CTYPE, "")) setlocale(LC_CTYPE, "C.UTF-8"); /* e.g. LANG=en */
    if (!setlocale(LC_MESSAGES, "")) setlocale(LC_MESSAGES, "C.UTF-8");
    english = wants_english();
    const char *msg = setlocale(LC_MESSAGES, NULL);
    if (!english && msg && (strcmp(msg, "C") == 0 || strcmp(msg, "POSIX") == 0))
        setlocale(LC_MESSAGES, "C.UTF-8");
    setenv("LANGUAGE", english ? "en" : "zh_CN", 1);
    bind_catalogue();
    bind_textdomain_codeset(JS_TEXTDOMAIN, "UTF-8");
    textdomain(JS_TEXTDOMAIN);
}
