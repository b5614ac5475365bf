/*
 * batch.c - the loop of `check` and `facts` over many files, on --jobs
 * worker threads, output in input order (batch.h).
 *
 * Workers take the next file index under a lock, but never more than WINDOW
 * documents ahead of the one the calling thread writes next; each result sits
 * in a ring slot until it is written, then its buffers are freed. Every worker
 * has its own js_ctx (catalogue, templates, OCR engine), so nothing of the
 * library is shared between threads but read-only data (the rule profile).
 */
#include "batch.h"
#include "input.h"

#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cli_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 1024 ? 1024 : (int)n;
}

/* Source lines from which a document is large enough (about 1 MB of text) that the
 * memory its reading freed (the line and cell records, 2x the input) is handed back to
 * the kernel (malloc_trim) before it is checked and written: the allocator keeps freed
 * memory (cli_batch_run), and what the check and the report then allocate does not fit
 * in its holes, so that it came on top of them (issue #16.7: check on the seeds x40 4.3x
 * the input with it kept, 3.6x without). Small documents keep it for the next one. */
#define TRIM_LINES 16384

void cli_batch_trim(const js_doc *doc)
{
    if (doc && doc->nlines >= TRIM_LINES) malloc_trim(0);
}

js_doc *cli_batch_read(const js_ctx *ctx, const char *cmd, const char *path, cli_batch_doc *d,
                       js_err *why)
{
    js_doc *doc = cli_read_doc_msg(ctx, cmd, path, &d->rc, why, &d->msgs);
    if (!doc) d->errors = true;
    cli_batch_trim(doc);
    return doc;
}

/* ---- the progress line ------------------------------------------------------- */

typedef struct progress {
    bool on; /* stderr is a terminal and there is more than one file */
    bool shown;
    int done, n, errors;
} progress;

static void progress_clear(progress *p)
{
    if (p->shown) fputs("\r\033[K", stderr);
    p->shown = false;
}

static void progress_show(progress *p)
{
    if (!p->on) return;
    fputc('\r', stderr);
    fprintf(stderr, _("%d/%d files, %d errors"), p->done, p->n, p->errors);
    fputs("\033[K", stderr);
    fflush(stderr);
    p->shown = true;
}

static void release_doc(const cli_batch *b, cli_batch_doc *d)
{
    js_buf_release(&d->out);
    js_buf_release(&d->msgs);
    if (d->extra && b->discard) b->discard(d->extra);
    memset(d, 0, sizeof *d);
}

/* Write one finished document in order: its messages, then its output. */
static int emit_doc(const cli_batch *b, int i, cli_batch_doc *d, progress *p, int *rc)
{
    if (d->msgs.len || (p->shown && isatty(STDOUT_FILENO))) progress_clear(p);
    if (d->msgs.len) fwrite(d->msgs.data, 1, d->msgs.len, stderr);
    int w = b->emit(b->arg, i, d);
    if (d->rc > *rc) *rc = d->rc;
    p->done++;
    p->errors += d->errors;
    release_doc(b, d);
    return w;
}

/* ---- one thread ---------------------------------------------------------------- */

static int run_serial(const cli_batch *b, progress *p)
{
    js_ctx *ctx = cli_ctx();
    if (!ctx) return EXIT_INTERNAL;
    int rc = EXIT_OK;
    for (int i = 0; i < b->n; i++) {
        cli_batch_doc d;
        memset(&d, 0, sizeof d);
        b->work(b->arg, ctx, i, b->paths[i], &d);
        int w = emit_doc(b, i, &d, p, &rc);
        if (w != EXIT_OK) {
            if (w > rc) rc = w;
            break;
        }
        if (p->on && i + 1 < b->n) progress_show(p);
    }
    js_ctx_free(ctx);
    return rc;
}

/* ---- worker threads ------------------------------------------------------------ */

typedef struct slot {
    cli_batch_doc d;
    bool done;
} slot;

typedef struct pool {
    const cli_batch *b;
    pthread_mutex_t mu;
    pthread_cond_t space, done;
    slot *ring;
    int window;
    int next_take, next_emit;
    bool stop;
} pool;

typedef struct worker {
    pool *p;
    js_ctx *ctx;
    pthread_t tid;
    bool started;
} worker;

static void *worker_main(void *arg)
{
    worker *w = arg;
    pool *p = w->p;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        while (!p->stop && p->next_take < p->b->n && p->next_take >= p->next_emit + p->window)
            pthread_cond_wait(&p->space, &p->mu);
        if (p->stop || p->next_take >= p->b->n) {
            pthread_mutex_unlock(&p->mu);
            return NULL;
        }
        int i = p->next_take++;
        pthread_mutex_unlock(&p->mu);
        /* slot i % window is free: the writer emptied it before next_emit passed it */
        cli_batch_doc *d = &p->ring[i % p->window].d;
        p->b->work(p->b->arg, w->ctx, i, p->b->paths[i], d);
        pthread_mutex_lock(&p->mu);
        p->ring[i % p->window].done = true;
        pthread_cond_broadcast(&p->done);
        pthread_mutex_unlock(&p->mu);
    }
}

/* The calling thread: each document in order as soon as it is done. */
static int write_in_order(pool *p, progress *pr)
{
    int rc = EXIT_OK;
    for (int i = 0; i < p->b->n; i++) {
        slot *s = &p->ring[i % p->window];
        pthread_mutex_lock(&p->mu);
        while (!s->done)
            pthread_cond_wait(&p->done, &p->mu);
        pthread_mutex_unlock(&p->mu);
        int w = emit_doc(p->b, i, &s->d, pr, &rc);
        pthread_mutex_lock(&p->mu);
        s->done = false;
        p->next_emit = i + 1;
        if (w != EXIT_OK) p->stop = true;
        pthread_cond_broadcast(&p->space);
        pthread_mutex_unlock(&p->mu);
        if (w != EXIT_OK) {
            if (w > rc) rc = w;
            break;
        }
        if (pr->on && i + 1 < p->b->n) progress_show(pr);
    }
    return rc;
}

static int run_pool(const cli_batch *b, int jobs, progress *pr)
{
    pool p;
    memset(&p, 0, sizeof p);
    p.b = b;
    p.window = 4 * jobs;
    p.ring = calloc((size_t)p.window, sizeof *p.ring);
    worker *w = calloc((size_t)jobs, sizeof *w);
    int rc = p.ring && w ? EXIT_OK : EXIT_INTERNAL;
    if (rc != EXIT_OK) fprintf(stderr, "juesuan %s: %s\n", b->cmd, _("out of memory"));
    for (int j = 0; j < jobs && rc == EXIT_OK; j++) {
        w[j].p = &p;
        w[j].ctx = cli_ctx();
        if (!w[j].ctx) rc = EXIT_INTERNAL;
    }
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.space, NULL);
    pthread_cond_init(&p.done, NULL);
    for (int j = 0; j < jobs && rc == EXIT_OK; j++) {
        w[j].started = pthread_create(&w[j].tid, NULL, worker_main, &w[j]) == 0;
        if (!w[j].started) {
            fprintf(stderr, "juesuan %s: %s\n", b->cmd, _("cannot start a thread"));
            rc = EXIT_INTERNAL;
        }
    }
    if (rc == EXIT_OK) {
        rc = write_in_order(&p, pr);
    } else {
        pthread_mutex_lock(&p.mu);
        p.stop = true;
        pthread_cond_broadcast(&p.space);
        pthread_mutex_unlock(&p.mu);
    }
    for (int j = 0; w && j < jobs; j++) {
        if (w[j].started) pthread_join(w[j].tid, NULL);
        js_ctx_free(w[j].ctx);
    }
    for (int k = 0; p.ring && k < p.window; k++) /* documents done after a stop */
        release_doc(b, &p.ring[k].d);
    pthread_cond_destroy(&p.done);
    pthread_cond_destroy(&p.space);
    pthread_mutex_destroy(&p.mu);
    free(w);
    free(p.ring);
    return rc;
}

int cli_batch_run(const cli_batch *b)
{
    /* The program's allocator: keep freed memory for the next document
     * instead of returning it to the kernel after each one and faulting it in
     * again (about a tenth of the CPU time of a batch of text files); blocks
     * of 1 MiB and more, which only a large input has (its text, line records,
     * the arenas' big chunks, a report), are still mapped and unmapped: freed,
     * they go back at once, and a growing one is moved by the kernel (mremap)
     * instead of copied, each old copy left behind in the heap (issue #16.7:
     * a check report of 4.8 MB took 12 MB that way). */
    mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 128 * 1024 * 1024);
    progress pr = {!b->own_progress && isatty(STDERR_FILENO) && b->n > 1, false, 0, b->n, 0};
    int jobs = b->jobs < 1 ? 1 : b->jobs > b->n ? b->n : b->jobs;
    int rc = jobs <= 1 ? run_serial(b, &pr) : run_pool(b, jobs, &pr);
    if (pr.on) {
        progress_show(&pr);
        fputc('\n', stderr);
    }
    return rc;
}
