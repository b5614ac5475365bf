/*
 * cmd_serve.c - juesuan serve: the review web page (serve.h), until SIGINT or
 * SIGTERM; and juesuan user: the users file of serve --auth.
 */
#include "cli.h"
#include "juesuan/serve.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

typedef struct serve_opts {
    const char *listen;
    const char *db;
    const char *auth;
    int max_upload;
    int threads;
    int timeout;
} serve_opts;

static const cli_opt SERVE_OPTS[] = {
    {"listen", 0, CLI_STR, CLI_AT(serve_opts, listen), "ADDR:PORT", NULL,
     N_("where to listen (default 127.0.0.1:8080: this machine only; port 0: any free port)")},
    {"db", 0, CLI_STR, CLI_AT(serve_opts, db), "PATH", NULL,
     N_("the database (default $JUESUAN_DB, else juesuan.db here)")},
    {"auth", 0, CLI_STR, CLI_AT(serve_opts, auth), "FILE", NULL,
     N_("require a login; users made with 'juesuan user add FILE NAME'")},
    {"max-upload", 0, CLI_INT, CLI_AT(serve_opts, max_upload), "MB", "1..4096",
     N_("largest upload in megabytes (default 50)")},
    {"threads", 0, CLI_INT, CLI_AT(serve_opts, threads), "N", "1..64",
     N_("worker threads (default 4)")},
    {"timeout", 0, CLI_INT, CLI_AT(serve_opts, timeout), "S", "1..86400",
     N_("close a connection idle for S seconds (default 60)")},
    {NULL, 0, 0, 0, NULL, NULL, NULL},
};

const cli_cmd cli_cmd_serve = {
    "serve",
    cmd_serve,
    N_("serve the review web page"),
    N_("[--listen=ADDR:PORT] [--db=PATH] [--auth=FILE] [--max-upload=MB] [--threads=N] "
       "[--timeout=S]"),
    N_("Serve the review web page (审核网页) and its JSON API (docs/web.md): upload\n"
       "disclosures, see each finding at its cell and on the original PDF page, accept\n"
       "findings, download the findings and the annotated PDF, browse the library with\n"
       "charts. Listens on this machine only unless --listen says otherwise; use --auth\n"
       "when others can reach it. Stop with Ctrl-C; each request is logged on stderr."),
    SERVE_OPTS,
    "juesuan serve --db reviews.db",
};

const cli_cmd cli_cmd_user = {
    "user",
    cmd_user,
    N_("add or remove a user of 'serve --auth'"),
    N_("add FILE NAME\nremove FILE NAME"),
    N_("Manage the users file of 'juesuan serve --auth FILE'. 'add' reads the password\n"
       "from the terminal (twice), or one line from standard input when it is not a\n"
       "terminal, and stores it as an Argon2id hash (libsodium), never in clear; adding\n"
       "an existing user changes the password."),
    NULL,
    "juesuan user add users.txt 张三",
};

static void log_line(void *ud, const char *line)
{
    (void)ud;
    char stamp[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    fprintf(stderr, "%s %s\n", stamp, line);
}

int cmd_serve(int argc, char **argv)
{
    const char *envdb = getenv("JUESUAN_DB");
    serve_opts so = {"127.0.0.1:8080", envdb && *envdb ? envdb : "juesuan.db", NULL, 50, 4, 60};
    cli_args a;
    int prc = cli_parse(&cli_cmd_serve, argc, argv, &so, &a);
    if (prc == CLI_GO && a.n > 0) prc = cli_usage("serve", _("unexpected argument '%s'"), a.v[0]);
    cli_args_release(&cli_cmd_serve, &so, &a);
    if (prc != CLI_GO) return prc;
    js_serve_opts o;
    memset(&o, 0, sizeof o);
    o.listen = so.listen;
    o.db = so.db;
    o.auth_file = so.auth;
    o.max_upload = (size_t)so.max_upload * 1024 * 1024;
    o.threads = so.threads;
    o.timeout_s = (unsigned)so.timeout;
    o.log = log_line;
    js_ctx *ctx = cli_ctx();
    if (!ctx) return EXIT_INTERNAL;
    /* block the signals before the server's threads start, so only sigwait sees them */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    js_err err;
    js_err_clear(&err);
    js_server *srv = NULL;
    int rc = js_serve_start(ctx, &o, &srv, &err);
    if (rc != JS_OK) {
        fprintf(stderr, "juesuan serve: %s\n", err.msg);
        js_ctx_free(ctx);
        return rc == JS_EUSAGE ? EXIT_USAGE : rc == JS_EINPUT ? EXIT_INPUT : EXIT_INTERNAL;
    }
    char host[256];
    const char *colon = strrchr(o.listen, ':');
    size_t hl = colon ? (size_t)(colon - o.listen) : 0;
    if (hl >= sizeof host) hl = sizeof host - 1;
    memcpy(host, o.listen, hl);
    host[hl] = '\0';
    /* "juesuan serve: http://HOST:PORT/ " first, in every language: scripts read the URL */
    fprintf(stderr, "juesuan serve: http://%s:%d/  ", host, js_serve_port(srv));
    if (o.auth_file)
        fprintf(stderr, _("(database %s, users %s)\n"), o.db, o.auth_file);
    else
        fprintf(stderr, _("(database %s, no login)\n"), o.db);
    fflush(stderr);
    int sig = 0;
    sigwait(&set, &sig);
    fprintf(stderr, "juesuan serve: ");
    fprintf(stderr, _("stopping (%s)\n"), sig == SIGINT ? "SIGINT" : "SIGTERM");
    js_serve_stop(srv);
    js_ctx_free(ctx);
    return EXIT_OK;
}

/* One line of password: from the terminal without echo (twice), else from stdin. */
static int read_password(char *buf, size_t size)
{
    bool tty = isatty(STDIN_FILENO);
    struct termios old, quiet;
    if (tty) {
        tcgetattr(STDIN_FILENO, &old);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
        fputs(_("password: "), stderr);
    }
    bool ok = fgets(buf, (int)size, stdin) != NULL;
    if (tty) {
        char again[512];
        fputs("\n", stderr);
        fputs(_("again: "), stderr);
        bool ok2 = fgets(again, sizeof again, stdin) != NULL;
        fputs("\n", stderr);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        ok = ok && ok2 && strcmp(again, buf) == 0;
        memset(again, 0, sizeof again);
        if (!ok) {
            fprintf(stderr, "juesuan user: %s\n", _("the passwords differ"));
            return EXIT_USAGE;
        }
    }
    if (!ok) {
        fprintf(stderr, "juesuan user: %s\n", _("no password given"));
        return EXIT_USAGE;
    }
    buf[strcspn(buf, "\r\n")] = '\0';
    return EXIT_OK;
}

int cmd_user(int argc, char **argv)
{
    cli_args a;
    int prc = cli_parse(&cli_cmd_user, argc, argv, NULL, &a);
    if (prc == CLI_GO && a.n != 3) prc = cli_usage("user", _("wants: add|remove FILE NAME"));
    if (prc == CLI_GO && strcmp(a.v[0], "add") != 0 && strcmp(a.v[0], "remove") != 0)
        prc = cli_usage("user", _("unknown action '%s' (add or remove)"), a.v[0]);
    if (prc != CLI_GO) {
        cli_args_release(&cli_cmd_user, NULL, &a);
        return prc;
    }
    js_err err;
    js_err_clear(&err);
    int rc;
    bool add = strcmp(a.v[0], "add") == 0;
    if (add) {
        char pw[512];
        rc = read_password(pw, sizeof pw);
        if (rc == EXIT_OK) rc = js_user_add(a.v[1], a.v[2], pw, &err);
        memset(pw, 0, sizeof pw);
        if (rc == EXIT_USAGE && !err.msg[0]) {
            cli_args_release(&cli_cmd_user, NULL, &a);
            return rc;
        }
    } else {
        rc = js_user_remove(a.v[1], a.v[2], &err);
    }
    if (rc != JS_OK) {
        fprintf(stderr, "juesuan user: %s\n", err.msg);
        cli_args_release(&cli_cmd_user, NULL, &a);
        return rc == JS_EUSAGE ? EXIT_USAGE : rc == JS_EINPUT ? EXIT_INPUT : EXIT_INTERNAL;
    }
    fprintf(stderr, "juesuan user: ");
    fprintf(stderr, add ? _("saved %s in %s\n") : _("removed %s from %s\n"), a.v[2], a.v[1]);
    cli_args_release(&cli_cmd_user, NULL, &a);
    return EXIT_OK;
}
