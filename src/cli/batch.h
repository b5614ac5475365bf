/*
 * batch.h - the loop of `check` and `facts` over many files (batch.c): with
 * --jobs N, N worker threads each read and process documents with a context
 * of their own (the library keeps no global mutable state), while the calling
 * thread writes each document's output in input order and frees it. At most
 * a few documents per worker are in flight, so a batch's memory does not grow
 * with the number of files. On a terminal a progress line goes to stderr.
 *
 * Ownership: a cli_batch_doc's buffers belong to the batch; work() fills
 * them, emit() reads them, the batch releases them after emit().
 */
#ifndef JUESUAN_CLI_BATCH_H
#define JUESUAN_CLI_BATCH_H

#include "cli.h"

/* One document's results, filled on a worker thread. */
typedef struct cli_batch_doc {
    js_buf out;   /* what it writes to standard output */
    js_buf msgs;  /* what it writes to standard error (messages, each ending in '\n') */
    int rc;       /* its exit code: EXIT_OK, EXIT_INPUT, EXIT_INTERNAL... */
    bool errors;  /* counted as "errors" in the progress line (unreadable, or errors found) */
    bool written; /* it produced a report (check: separators between reports) */
    void *extra;  /* anything else work() made for emit(); freed by the batch's discard */
} cli_batch_doc;

typedef struct cli_batch {
    const char *cmd; /* "check", "facts": for messages */
    char *const *paths;
    int n;
    int jobs; /* worker threads; 1 = no threads, all on the calling thread */
    /* Read and process paths[i] into d, with this worker's own context. */
    void (*work)(void *arg, const js_ctx *ctx, int i, const char *path, cli_batch_doc *d);
    /* On the calling thread, in input order: write d->out (and anything around
     * it) to standard output. EXIT_OK, or the exit code of a failed write, which
     * stops the batch. */
    int (*emit)(void *arg, int i, cli_batch_doc *d);
    /* Free a document's extra after emit() (or when the batch stopped); may be NULL. */
    void (*discard)(void *extra);
    void *arg;
    bool own_progress; /* the command shows its own progress line (db load): none here */
} cli_batch;

/* Run the batch: returns the highest exit code of its documents and writes
 * (EXIT_INTERNAL when a context cannot be made or a thread started). */
int cli_batch_run(const cli_batch *b);

/* The number of cores online (the default of --jobs), at least 1. */
int cli_cores(void);

/* A large document (see batch.c): what was freed since handed back to the kernel
 * (malloc_trim); a small one keeps it for the next document. */
void cli_batch_trim(const js_doc *doc);

/* Read path into a document for a batch worker: like cli_read_doc_err, but
 * the message for an unreadable file goes to d->msgs, d->rc is raised and
 * d->errors set. NULL when it cannot be read (*why says why). */
js_doc *cli_batch_read(const js_ctx *ctx, const char *cmd, const char *path, cli_batch_doc *d,
                       js_err *why);

#endif
