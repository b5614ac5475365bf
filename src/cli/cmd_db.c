/*
 * cmd_db.c - juesuan db: the database (issue #7).
 * Not built yet: the command says so and exits non-zero.
 */
#include "cli.h"

const char help_db[] = "usage: juesuan db load|list|show|export [--db PATH] ...\n\n"
                          "Not built yet: the database (issue #7).\n";

int cmd_db(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("db");
    return cli_not_built("db", "the database (issue #7)");
}
