/*
 * cmd_render.c - juesuan render: render a document model (issue #6).
 * Not built yet: the command says so and exits non-zero.
 */
#include "cli.h"

const char help_render[] = "usage: juesuan render MODEL.json --format html|xlsx|md|txt|json -o FILE\n\n"
                          "Not built yet: render a document model (issue #6).\n";

int cmd_render(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("render");
    return cli_not_built("render", "render a document model (issue #6)");
}
