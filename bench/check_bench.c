/* check_bench.c - cost of the audit engine against the parse: parses the files
 * repeatedly for about SECONDS seconds of CPU time (parse alone), then checks the parsed
 * documents repeatedly for as long (check alone), on one core. Prints
 * "parse_docs parse_secs check_docs check_secs findings_per_round", then one
 * line per rule family: "family us_per_document" (bench/check.sh turns them
 * into per-document times and documents/s). */
#include "check/checker.h" /* the families, for the breakdown */
#include "juesuan/juesuan.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* CPU time: the machine may be shared */
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: check_bench SECONDS FILE...\n");
        return 2;
    }
    double secs = atof(argv[1]);
    int n = argc - 2;
    js_buf *bufs = calloc((size_t)n, sizeof *bufs);
    js_doc **docs = calloc((size_t)n, sizeof *docs);
    js_err err;
    js_ctx *ctx = js_ctx_new(&err);
    if (!bufs || !docs || !ctx) return 4;
    for (int i = 0; i < n; i++) {
        js_buf_init(&bufs[i]);
        if (js_file_read(argv[i + 2], &bufs[i], &err) != JS_OK ||
            js_parse_text(ctx, argv[i + 2], bufs[i].data, bufs[i].len, &docs[i], &err) != JS_OK) {
            fprintf(stderr, "%s\n", err.msg);
            return 3;
        }
    }
    long pd = 0, cd = 0, nf = 0;
    double t0 = now(), tp, tc;
    do {
        for (int i = 0; i < n; i++) {
            js_doc *doc = NULL;
            js_parse_text(ctx, argv[i + 2], bufs[i].data, bufs[i].len, &doc, &err);
            js_doc_free(doc);
            pd++;
        }
        tp = now() - t0;
    } while (tp < secs);
    t0 = now();
    do {
        nf = 0;
        for (int i = 0; i < n; i++) {
            js_findings f;
            js_findings_init(&f);
            if (js_check(ctx, docs[i], &f, &err) != JS_OK) return 4;
            nf += f.n;
            js_findings_release(&f);
            cd++;
        }
        tc = now() - t0;
    } while (tc < secs);
    printf("%ld %.6f %ld %.6f %ld\n", pd, tp, cd, tc, nf);
    static void (*const fam[])(js_checker *) = {
        js_check_completeness, js_check_arithmetic,  js_check_cross, js_check_classification,
        js_check_narrative,    js_check_performance, js_check_format};
    static const char *const names[] = {"completeness",   "arithmetic", "cross-table",
                                        "classification", "narrative",  "performance",
                                        "format"};
    long rounds = cd / n > 1 ? cd / n : 1;
    for (size_t k = 0; k < sizeof fam / sizeof fam[0]; k++) {
        t0 = now();
        for (long r = 0; r < rounds; r++)
            for (int i = 0; i < n; i++) {
                js_findings f;
                js_findings_init(&f);
                js_checker ck = {.ctx = ctx, .doc = docs[i], .out = &f};
                fam[k](&ck);
                js_findings_release(&f);
            }
        printf("%s %.1f\n", names[k], (now() - t0) / (double)(rounds * n) * 1e6);
    }
    for (int i = 0; i < n; i++) {
        js_doc_free(docs[i]);
        js_buf_release(&bufs[i]);
    }
    free(bufs);
    free(docs);
    js_ctx_free(ctx);
    return 0;
}
