/*
 * cmd_serve.c - juesuan serve: the review web page.
 * Not built yet: the command says so and exits non-zero.
 */
#include "cli.h"

typedef struct serve_opts {
    int port;
} serve_opts;

static const cli_opt SERVE_OPTS[] = {
    {"port", 0, CLI_INT, CLI_AT(serve_opts, port), "N", "1..65535", N_("the TCP port")},
    {NULL, 0, 0, 0, NULL, NULL, NULL},
};

const cli_cmd cli_cmd_serve = {
    "serve",
    cmd_serve,
    N_("serve the review web page"),
    N_("[--port=N]"),
    N_("Not built yet: the review web page."),
    SERVE_OPTS,
    NULL,
};

int cmd_serve(int argc, char **argv)
{
    serve_opts o = {8080};
    cli_args a;
    int rc = cli_parse(&cli_cmd_serve, argc, argv, &o, &a);
    cli_args_release(&cli_cmd_serve, &o, &a);
    if (rc != CLI_GO) return rc;
    return cli_not_built("serve", _("the review web page"));
}
