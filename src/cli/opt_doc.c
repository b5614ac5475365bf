/*
 * opt_doc.c - what the command tables generate besides the parser: the
 * --help text, the overview, the man pages (juesuan(1), juesuan-CMD(1)) and
 * the bash and zsh completion scripts. CMake runs `juesuan help --man` and
 * `juesuan help --completion` at build time, so all of them come from the
 * same records as the parser (opt.h).
 */
#include "cli.h"

#include <string.h>

static const char EXIT_TEXT[] =
    N_("exit status: 0 success (check: no error found), 1 check found errors, 2 usage error,\n"
       "3 an input could not be read (the others are still processed), 4 internal error.\n");

/* The names of option values (cli_opt.arg), for the catalogue: help and the man pages
 * show them in the user's language (--output=文件); the completions keep them. */
static const char *const METAVARS[] = {
    N_("FILE"),       N_("FMT"),    N_("PATH"),      N_("NAME"),    N_("LIST"),
    N_("RULE"),       N_("WHAT"),   N_("K"),         N_("M"),       N_("P"),
    N_("R"),          N_("S"),      N_("Y"),         N_("Y1,Y2"),   N_("NAME|FILE"),
    N_("RULE=LEVEL"), N_("AMOUNT"), N_("ADDR:PORT"), N_("OUT.pdf"),
};

/* The left column of an option in help: "-f, --format=FMT". */
static void opt_left(const cli_opt *o, js_buf *b)
{
    (void)METAVARS;
    if (o->short_name)
        js_buf_printf(b, "-%c, ", o->short_name);
    else
        js_buf_puts(b, "    ");
    js_buf_printf(b, "--%s", o->name);
    if (o->kind != CLI_FLAG) js_buf_printf(b, "=%s", o->arg ? _(o->arg) : _("VALUE"));
}

/* The help line of an option, with the choices of a CLI_CHOICE appended. */
static void opt_right(const cli_opt *o, js_buf *b)
{
    js_buf_puts(b, _(o->help));
    if (o->kind == CLI_CHOICE) js_buf_printf(b, " (%s)", o->choices);
    if (o->kind == CLI_LIST) js_buf_puts(b, _(" (may be repeated)"));
}

static void synopsis_lines(const cli_cmd *c, js_buf *b, const char *first, const char *more)
{
    const char *p = *c->synopsis ? _(c->synopsis) : "";
    bool one = true;
    if (!*p) js_buf_printf(b, "%s juesuan %s\n", first, c->name);
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        js_buf_printf(b, "%s juesuan %s %.*s\n", one ? first : more, c->name, (int)len, p);
        one = false;
        p += len + (nl ? 1 : 0);
    }
}

enum { LEFT = 26, WIDTH = 79 };

/* Display columns of the UTF-8 character at s (CJK and full-width forms: 2). */
static size_t char_cols(const unsigned char *s, size_t *len)
{
    *len = *s < 0x80 ? 1 : *s < 0xE0 ? 2 : *s < 0xF0 ? 3 : 4;
    return *len >= 3 ? 2 : 1;
}

/* Does s start with punctuation that must not begin a line (）, 。…)? */
static bool closing(const char *s)
{
    static const char *const P[] = {"）", "，", "。", "；", "：", "、", "」", "”", "！", "？"};
    for (size_t i = 0; i < sizeof P / sizeof P[0]; i++)
        if (strncmp(s, P[i], strlen(P[i])) == 0) return true;
    return *s == ')' || *s == ',' || *s == '.';
}

/* Append text wrapped to WIDTH, continuation lines indented by `indent`
 * columns; lines break at a space, or between two wide characters. */
static void wrap(js_buf *b, const char *text, size_t col, size_t indent)
{
    const unsigned char *p = (const unsigned char *)text;
    while (*p) {
        /* find how much fits: the last break point before WIDTH */
        size_t w = col, i = 0, brk = 0, skip = 0, clen;
        while (p[i] && w + char_cols(p + i, &clen) <= WIDTH) {
            w += char_cols(p + i, &clen);
            if (p[i] == ' ') {
                brk = i;
                skip = 1;
            } else if (clen >= 3 && !closing((const char *)p + i + clen)) {
                brk = i + clen;
                skip = 0;
            }
            i += clen;
        }
        if (!p[i] || brk == 0) { /* the rest fits, or no break point: cut here */
            brk = i;
            skip = 0;
        }
        js_buf_printf(b, "%.*s", (int)brk, (const char *)p);
        p += brk + skip;
        if (*p) js_buf_printf(b, "\n%*s", (int)indent, "");
        col = indent;
    }
}

static void opt_line(js_buf *b, const char *left, const char *right)
{
    size_t n = 0, clen; /* display columns: --output=文件 is 13 */
    for (const unsigned char *p = (const unsigned char *)left; *p; p += clen)
        n += char_cols(p, &clen);
    js_buf_printf(b, "  %s", left);
    if (n + 2 >= LEFT)
        js_buf_printf(b, "\n%*s", LEFT, "");
    else
        js_buf_printf(b, "%*s", (int)(LEFT - 2 - n), "");
    wrap(b, right, LEFT, LEFT);
    js_buf_putc(b, '\n');
}

void cli_doc_help(const cli_cmd *c, js_buf *b)
{
    const char *u = _("usage:"), *o = _("   or:");
    synopsis_lines(c, b, u, o);
    js_buf_printf(b, "\n%s\n", _(c->description));
    js_buf_printf(b, "\n%s\n", _("options:"));
    js_buf l, r;
    js_buf_init(&l);
    js_buf_init(&r);
    for (const cli_opt *op = c->opts; op && op->name; op++) {
        l.len = r.len = 0;
        opt_left(op, &l);
        opt_right(op, &r);
        opt_line(b, l.data, r.data);
    }
    js_buf_release(&l);
    js_buf_release(&r);
    opt_line(b, "-h, --help", _("show this help"));
    js_buf_printf(b, "\n%s", _(EXIT_TEXT));
    if (c->example) js_buf_printf(b, "\n%s\n  %s\n", _("example:"), c->example);
}

void cli_doc_overview(js_buf *b)
{
    js_buf_printf(b, "%s\n\n%s juesuan <%s> [%s] [%s]\n\n%s\n",
                  _("juesuan - read, check and build departmental final-account disclosures "
                    "(部门决算公开)"),
                  _("usage:"), _("command"), _("options"), _("arguments"), _("commands:"));
    for (const cli_cmd *const *c = cli_commands(); *c; c++)
        js_buf_printf(b, "  %-8s %s\n", (*c)->name, _((*c)->summary));
    js_buf_printf(b, "\n%s%s\n", _(EXIT_TEXT),
                  _("'juesuan help <command>' or 'juesuan <command> --help' shows a command's "
                    "options."));
}

/* ---- man pages (roff) ------------------------------------------------------ */

/* Text for roff: backslashes and hyphens escaped, a line never starts with '.' or '\''. */
static void roff(js_buf *b, const char *s)
{
    bool bol = true;
    for (; *s; s++) {
        if (bol && (*s == '.' || *s == '\'')) js_buf_puts(b, "\\&");
        if (*s == '\\')
            js_buf_puts(b, "\\e");
        else if (*s == '-')
            js_buf_puts(b, "\\-");
        else
            js_buf_putc(b, *s);
        bol = *s == '\n';
    }
}

static void man_head(js_buf *b, const char *name, const char *summary)
{
    js_buf_puts(b, ".\\\" generated by 'juesuan help --man' from the option tables; do not edit\n");
    js_buf_printf(b, ".TH \"%s\" 1 \"\" \"juesuan %s\" \"juesuan\"\n.SH %s\n", name, JS_VERSION,
                  _("NAME"));
    roff(b, name);
    js_buf_puts(b, " \\- ");
    roff(b, summary);
    js_buf_putc(b, '\n');
}

static void man_cmd(const cli_cmd *c, js_buf *b)
{
    char name[64];
    snprintf(name, sizeof name, "juesuan-%s", c->name);
    man_head(b, name, _(c->summary));
    js_buf_printf(b, ".SH %s\n", _("SYNOPSIS"));
    const char *p = *c->synopsis ? _(c->synopsis) : "";
    if (!*p) js_buf_printf(b, ".B juesuan %s\n", c->name);
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char line[512];
        snprintf(line, sizeof line, "%.*s", (int)len, p);
        js_buf_printf(b, ".B juesuan %s\n", c->name);
        roff(b, line);
        js_buf_puts(b, "\n.br\n");
        p += len + (nl ? 1 : 0);
    }
    js_buf_printf(b, ".SH %s\n.nf\n", _("DESCRIPTION"));
    roff(b, _(c->description));
    js_buf_printf(b, "\n.fi\n.SH %s\n", _("OPTIONS"));
    js_buf tmp;
    js_buf_init(&tmp);
    for (const cli_opt *o = c->opts; o && o->name; o++) {
        tmp.len = 0;
        opt_left(o, &tmp);
        js_buf_puts(b, ".TP\n.B ");
        roff(b, tmp.data + (o->short_name ? 0 : 4));
        js_buf_putc(b, '\n');
        tmp.len = 0;
        opt_right(o, &tmp);
        roff(b, tmp.data);
        js_buf_putc(b, '\n');
    }
    js_buf_release(&tmp);
    js_buf_puts(b, ".TP\n.B \\-h, \\-\\-help\n");
    roff(b, _("show this help"));
    js_buf_printf(b, "\n.SH %s\n", _("EXIT STATUS"));
    roff(b, _(EXIT_TEXT));
    if (c->example) {
        js_buf_printf(b, ".SH %s\n.nf\n", _("EXAMPLE"));
        roff(b, c->example);
        js_buf_puts(b, "\n.fi\n");
    }
    js_buf_printf(b, ".SH %s\n.BR juesuan (1)\n", _("SEE ALSO"));
}

void cli_doc_man(const cli_cmd *c, js_buf *b)
{
    if (c) {
        man_cmd(c, b);
        return;
    }
    man_head(b, "juesuan", _("read, check and build departmental final-account disclosures"));
    js_buf_printf(b, ".SH %s\n.B juesuan\n", _("SYNOPSIS"));
    roff(b, _("COMMAND [OPTIONS] [ARGUMENTS]"));
    js_buf_printf(b, "\n.SH %s\n", _("COMMANDS"));
    for (const cli_cmd *const *p = cli_commands(); *p; p++) {
        js_buf_printf(b, ".TP\n.BR juesuan\\-%s (1)\n", (*p)->name);
        roff(b, _((*p)->summary));
        js_buf_putc(b, '\n');
    }
    js_buf_printf(b, ".SH %s\n", _("ENVIRONMENT"));
    js_buf_puts(b, ".TP\n.B LANGUAGE, LC_ALL, LC_MESSAGES, LANG\n");
    roff(b, _("Messages are in Chinese unless one of these asks for English (en, en_US.UTF-8, "
              "...)."));
    js_buf_puts(b, "\n.TP\n.B JUESUAN_DB\n");
    roff(b, _("the database of 'juesuan db' and 'juesuan report' when --db is not given"));
    js_buf_printf(b, "\n.SH %s\n", _("EXIT STATUS"));
    roff(b, _(EXIT_TEXT));
}

/* ---- completions ------------------------------------------------------------- */

static void bash_words(const cli_cmd *c, js_buf *b)
{
    for (const cli_opt *o = c->opts; o && o->name; o++) {
        js_buf_printf(b, "--%s%s ", o->name, o->kind == CLI_FLAG ? "" : "=");
        if (o->short_name) js_buf_printf(b, "-%c ", o->short_name);
    }
    js_buf_puts(b, "--help");
}

static void bash(js_buf *b)
{
    js_buf_puts(b, "# bash completion for juesuan, generated by 'juesuan help --completion bash'\n"
                   "_juesuan() {\n"
                   "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
                   "  # --format=te: bash splits at '=', so the option is two words back\n"
                   "  if [ \"$prev\" = = ]; then prev=${COMP_WORDS[COMP_CWORD-2]}\n"
                   "  elif [ \"$cur\" = = ]; then cur=''; fi\n"
                   "  if [ \"$COMP_CWORD\" -eq 1 ]; then\n"
                   "    COMPREPLY=($(compgen -W '");
    for (const cli_cmd *const *c = cli_commands(); *c; c++)
        js_buf_printf(b, "%s ", (*c)->name);
    js_buf_puts(b, "--help --version' -- \"$cur\")); return\n  fi\n"
                   "  local cmd=${COMP_WORDS[1]} words='' val=''\n"
                   "  case $cmd in\n");
    for (const cli_cmd *const *c = cli_commands(); *c; c++) {
        js_buf_printf(b, "    %s) words='", (*c)->name);
        bash_words(*c, b);
        js_buf_puts(b, "'\n      case $prev in\n");
        for (const cli_opt *o = (*c)->opts; o && o->name; o++) {
            if (o->kind != CLI_CHOICE) continue;
            js_buf_printf(b, "        --%s", o->name);
            if (o->short_name) js_buf_printf(b, "|-%c", o->short_name);
            js_buf_puts(b, ") val='");
            for (const char *p = o->choices; *p; p++)
                js_buf_putc(b, *p == '|' ? ' ' : *p);
            js_buf_puts(b, "' ;;\n");
        }
        js_buf_puts(b, "      esac ;;\n");
    }
    js_buf_puts(b, "  esac\n"
                   "  if [ -n \"$val\" ]; then COMPREPLY=($(compgen -W \"$val\" -- \"$cur\")); "
                   "return; fi\n"
                   "  if [[ $cur == -* ]]; then\n"
                   "    COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
                   "    [[ ${COMPREPLY[0]-} == *= ]] && compopt -o nospace 2>/dev/null\n"
                   "    return\n  fi\n"
                   "  COMPREPLY=($(compgen -f -- \"$cur\"))\n"
                   "}\n"
                   "complete -o filenames -F _juesuan juesuan\n");
}

/* zsh _arguments text: no ':' '[' ']' '\'' inside descriptions. */
static void zsh_text(js_buf *b, const char *s)
{
    for (; *s; s++)
        js_buf_putc(b, strchr(":[]'\\", *s) ? ' ' : *s);
}

static void zsh(js_buf *b)
{
    js_buf_puts(b, "#compdef juesuan\n"
                   "# zsh completion for juesuan, generated by 'juesuan help --completion zsh'\n"
                   "_juesuan() {\n"
                   "  local -a cmds\n  cmds=(\n");
    for (const cli_cmd *const *c = cli_commands(); *c; c++) {
        js_buf_printf(b, "    '%s:", (*c)->name);
        zsh_text(b, _((*c)->summary));
        js_buf_puts(b, "'\n");
    }
    js_buf_puts(b, "  )\n"
                   "  if (( CURRENT == 2 )); then _describe 'command' cmds; return; fi\n"
                   "  local cmd=$words[2]\n  shift words; (( CURRENT-- ))\n  case $cmd in\n");
    for (const cli_cmd *const *c = cli_commands(); *c; c++) {
        js_buf_printf(b, "    %s) _arguments -s \\\n", (*c)->name);
        for (const cli_opt *o = (*c)->opts; o && o->name; o++) {
            const char *val = o->kind == CLI_FLAG ? "" : "=";
            js_buf_printf(b, "        '%s--%s%s[", o->kind == CLI_LIST ? "*" : "", o->name, val);
            zsh_text(b, _(o->help));
            js_buf_puts(b, "]");
            if (o->kind == CLI_CHOICE) {
                js_buf_printf(b, ":%s:(", o->arg ? o->arg : "value");
                for (const char *p = o->choices; *p; p++)
                    js_buf_putc(b, *p == '|' ? ' ' : *p);
                js_buf_puts(b, ")");
            } else if (o->kind != CLI_FLAG) {
                js_buf_printf(b, ":%s:_files", o->arg ? o->arg : "value");
            }
            js_buf_puts(b, "' \\\n");
        }
        js_buf_puts(b, "        '(-h --help)'{-h,--help}'[help]' '*:file:_files' ;;\n");
    }
    js_buf_puts(b, "  esac\n}\n_juesuan \"$@\"\n");
}

int cli_doc_completion(const char *shell, js_buf *b)
{
    if (strcmp(shell, "bash") == 0)
        bash(b);
    else if (strcmp(shell, "zsh") == 0)
        zsh(b);
    else
        return -1;
    return 0;
}
