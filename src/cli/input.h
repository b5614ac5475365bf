/* input.h - reading the documents named on a command line (input.c). */
#ifndef JUESUAN_CLI_INPUT_H
#define JUESUAN_CLI_INPUT_H

#include "cli.h"

/* Is path something to read: '-', a regular file, or missing (the reader says
 * why)? A FIFO, device, directory or socket is reported on stderr and *rc
 * raised to EXIT_INPUT: false. */
bool cli_input_ok(const char *cmd, const char *path, int *rc);

/* Parse path (after cli_input_ok); on failure print why to stderr, raise *rc to the exit code
 * (EXIT_INPUT for an unreadable input) and return NULL. */
js_doc *cli_read_doc(const js_ctx *ctx, const char *cmd, const char *path, int *rc);
/* The same, keeping why the file could not be read in *why (for reports). */
js_doc *cli_read_doc_err(const js_ctx *ctx, const char *cmd, const char *path, int *rc,
                         js_err *why);
/* The same, the message going to msgs (when not NULL) instead of stderr: for
 * the worker threads of a batch (batch.c), whose messages are written in order. */
js_doc *cli_read_doc_msg(const js_ctx *ctx, const char *cmd, const char *path, int *rc, js_err *why,
                         js_buf *msgs);

/* Replace each directory among the operands by the files in it (and in its
 * subdirectories), by name, hidden ones skipped: `juesuan check DIR` reads a
 * folder of PDFs, scans, workbooks and text. CLI_GO, or EXIT_INTERNAL when out
 * of memory (said on stderr). a->v stays one block for cli_args_release. */
int cli_expand_dirs(cli_args *a);

#endif
