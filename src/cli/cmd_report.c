/*
 * cmd_report.c - juesuan report: reports over the database (issue #7).
 * Not built yet: the command says so and exits non-zero.
 */
#include "cli.h"

const char help_report[] = "usage: juesuan report rollup|rank|yoy [--db PATH] ...\n\n"
                          "Not built yet: reports over the database (issue #7).\n";

int cmd_report(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("report");
    return cli_not_built("report", "reports over the database (issue #7)");
}
