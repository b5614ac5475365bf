/*
 * cmd_rules.c - juesuan rules. (Being written: issue #4.)
 */
#include "cli.h"

const char help_rules[] = "usage: juesuan rules ...\n\nNot built yet (issue #4).\n";

int cmd_rules(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("rules");
    return cli_not_built("rules", "issue #4");
}
