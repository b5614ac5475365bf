/* parse_bench.c - parse throughput of the text reader: reads each file once, then
 * parses all of them repeatedly for about SECONDS seconds of CPU time on one core and
 * prints bytes, documents and the CPU seconds used (process CPU time, so that other
 * work on the machine does not count; bench/parse.sh turns them into MB/s, docs/s). */
#include "juesuan/juesuan.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: parse_bench SECONDS FILE...\n");
        return 2;
    }
    double secs = atof(argv[1]);
    int n = argc - 2;
    js_buf *bufs = calloc((size_t)n, sizeof *bufs);
    js_err err;
    js_ctx *ctx = js_ctx_new(&err);
    if (!bufs || !ctx) return 4;
    for (int i = 0; i < n; i++) {
        js_buf_init(&bufs[i]);
        if (js_file_read(argv[i + 2], &bufs[i], &err) != JS_OK) {
            fprintf(stderr, "%s\n", err.msg);
            return 3;
        }
    }
    long docs = 0;
    double bytes = 0, t0 = now(), t;
    do {
        for (int i = 0; i < n; i++) {
            js_doc *doc = NULL;
            js_parse_text(ctx, argv[i + 2], bufs[i].data, bufs[i].len, &doc, &err);
            js_doc_free(doc);
            docs++;
            bytes += (double)bufs[i].len;
        }
        t = now() - t0;
    } while (t < secs);
    printf("%.0f %ld %.6f\n", bytes, docs, t);
    for (int i = 0; i < n; i++)
        js_buf_release(&bufs[i]);
    free(bufs);
    js_ctx_free(ctx);
    return 0;
}
