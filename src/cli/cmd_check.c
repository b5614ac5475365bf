/*
 * cmd_check.c - juesuan check. (Being written: issue #4.)
 */
#include "cli.h"

const char help_check[] = "usage: juesuan check ...\n\nNot built yet (issue #4).\n";

int cmd_check(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("check");
    return cli_not_built("check", "issue #4");
}
