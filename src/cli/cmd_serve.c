/*
 * cmd_serve.c - juesuan serve: the review web page.
 * Not built yet: the command says so and exits non-zero.
 */
#include "cli.h"

const char help_serve[] = "usage: juesuan serve [--port N]\n\n"
                          "Not built yet: the review web page.\n";

int cmd_serve(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("serve");
    return cli_not_built("serve", "the review web page");
}
