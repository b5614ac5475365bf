/*
 * cmd_build.c - juesuan build: build a disclosure from a ledger CSV and metadata (issue #6).
 * Not built yet: the command says so and exits non-zero.
 */
#include "cli.h"

const char help_build[] = "usage: juesuan build LEDGER.csv --meta META.json [-o MODEL.json] [--format html|xlsx|md|txt|json]\n\n"
                          "Not built yet: build a disclosure from a ledger CSV and metadata (issue #6).\n";

int cmd_build(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("build");
    return cli_not_built("build", "build a disclosure from a ledger CSV and metadata (issue #6)");
}
