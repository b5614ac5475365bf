/*
 * gen_docs.c - the store benchmark's generator: builds N synthetic
 * disclosures in code (js_doc values with varied departments, regions, years
 * and amounts, whose tables add up exactly) and stores each through the
 * store API as `juesuan db load` does: on SQLite in batches of 500 documents
 * (each a savepoint), on PostgreSQL in batches of 2000 (one transaction,
 * COPY, the roll-up sums summed per key first: put.c).
 *
 *   gen_docs DB N [YEARS [single|batch [REGIONS]]]
 *   gen_docs DB --rollup YEAR [RUNS]   (bench_rollup below)
 *
 * "single" stores each document in its own transaction (no batch: the sums
 * written per document), the baseline bench/db.sh sets the batches against.
 * JS_BENCH_BATCH=K sets the documents a batch (default: 500 on SQLite, 2000 on PostgreSQL).
 * Departments are "D0001局" … spread over REGIONS regions (default 50); each department has one
 * document per year (YEARS, default 10, from 2015). Prints one line:
 *   docs=N facts=F seconds=S docs_per_s=R facts_per_s=Q
 * Amounts are random but deterministic (a fixed LCG seed), so runs compare.
 */
#include "juesuan/juesuan.h"
#include "juesuan/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return rng_state >> 17;
}

/* an amount in fen with two decimals of 万元 (multiple of 100 fen), lo..hi 万元 */
static js_amount amt(int lo, int hi)
{
    int64_t cents = (int64_t)lo * 100 + (int64_t)(rnd() % (uint64_t)((hi - lo) * 100 + 1));
    return cents * 10000; /* 0.01 万元 = 100 元 = 10000 fen */
}

static void set(js_doc *d, js_table *t, const char *row, const char *col, js_amount v)
{
    js_row *r = js_table_row(t, row);
    js_loc loc = {0};
    if (!r) r = js_table_row_add(d, t, row, NULL, NULL, loc);
    int c = js_table_col(t, col);
    if (!r || c < 0) return;
    char buf[48];
    js_cell_set(d, &r->cells[c], v, js_amount_fmt_wan(v, buf, sizeof buf), loc);
}

static const char *const CLASSES[] = {"201", "204", "205", "207", "208",
                                      "210", "212", "213", "221", "229"};

static js_doc *make_doc(long i, int ndepts, int nregions, int year0, int nyears, js_findings *f)
{
    int dept = (int)(i % ndepts), year = year0 + (int)(i / ndepts) % nyears;
    char name[64];
    snprintf(name, sizeof name, "gen/%ld.txt", i);
    js_doc *d = js_doc_new(name);
    if (!d) return NULL;
    d->dept = js_arena_printf(d->arena, "测试市第%d区D%04d局", dept % nregions, dept);
    d->region = js_arena_printf(d->arena, "测试市第%d区", dept % nregions);
    d->year = year;
    d->form = "2020";
    d->unit = JS_UNIT_WANYUAN;

    static const char *const c01[] = {"决算数"};
    static const char *const c02[] = {"本年收入合计", "财政拨款收入", "其他收入"};
    static const char *const c03[] = {"本年支出合计", "基本支出", "项目支出"};
    static const char *const c04[] = {"金额", "合计", "一般公共预算财政拨款"};
    static const char *const c05[] = {"小计", "基本支出", "项目支出"};
    static const char *const c07[] = {"预算:合计",
                                      "决算:合计",
                                      "决算:因公出国（境）费",
                                      "决算:公务用车购置及运行费",
                                      "决算:公务用车购置费",
                                      "决算:公务用车运行费",
                                      "决算:公务接待费"};
    js_table *t1 = js_doc_table_add(d, 1, 1, c01), *t2 = js_doc_table_add(d, 2, 3, c02),
             *t3 = js_doc_table_add(d, 3, 3, c03), *t4 = js_doc_table_add(d, 4, 3, c04),
             *t5 = js_doc_table_add(d, 5, 3, c05), *t6 = js_doc_table_add(d, 6, 1, c01),
             *t7 = js_doc_table_add(d, 7, 7, c07);
    if (!t1 || !t2 || !t3 || !t4 || !t5 || !t6 || !t7) return d;

    int ncls = 2 + (int)(rnd() % 4);
    int first = (int)(rnd() % 10);
    js_amount tot = 0, basic = 0, proj = 0, fiscal = 0, other = 0;
    for (int k = 0; k < ncls; k++) {
        const char *cls = CLASSES[(first + k) % 10];
        char kuan[8], x1[10], x2[10], key[16];
        snprintf(kuan, sizeof kuan, "%s01", cls);
        snprintf(x1, sizeof x1, "%s0101", cls);
        snprintf(x2, sizeof x2, "%s0102", cls);
        js_amount b1 = amt(10, 500), p1 = amt(0, 300), b2 = amt(0, 200), p2 = amt(0, 100);
        js_amount o1 = k == 0 ? amt(0, 20) : 0; /* some 其他收入 on the first 项 */
        js_amount v1 = b1 + p1, v2 = b2 + p2, cv = v1 + v2;
        const char *rows[4] = {cls, kuan, x1, x2};
        js_amount vals[4] = {cv, cv, v1, v2}, bas[4] = {b1 + b2, b1 + b2, b1, b2},
                  prj[4] = {p1 + p2, p1 + p2, p1, p2}, oth[4] = {o1, o1, o1, 0};
        for (int r = 0; r < 4; r++) {
            set(d, t2, rows[r], "本年收入合计", vals[r]);
            set(d, t2, rows[r], "财政拨款收入", vals[r] - oth[r]);
            set(d, t2, rows[r], "其他收入", oth[r]);
            set(d, t3, rows[r], "本年支出合计", vals[r]);
            set(d, t3, rows[r], "基本支出", bas[r]);
            set(d, t3, rows[r], "项目支出", prj[r]);
            set(d, t5, rows[r], "小计", vals[r]);
            set(d, t5, rows[r], "基本支出", bas[r]);
            set(d, t5, rows[r], "项目支出", prj[r]);
        }
        snprintf(key, sizeof key, "支出:%s", cls);
        set(d, t1, key, "决算数", cv);
        set(d, t4, key, "合计", cv);
        set(d, t4, key, "一般公共预算财政拨款", cv);
        tot += cv;
        basic += b1 + b2;
        proj += p1 + p2;
        other += o1;
    }
    fiscal = tot - other;
    js_amount carry = amt(0, 50);
    set(d, t2, "合计", "本年收入合计", tot);
    set(d, t2, "合计", "财政拨款收入", fiscal);
    set(d, t2, "合计", "其他收入", other);
    set(d, t3, "合计", "本年支出合计", tot);
    set(d, t3, "合计", "基本支出", basic);
    set(d, t3, "合计", "项目支出", proj);
    set(d, t5, "合计", "小计", tot);
    set(d, t5, "合计", "基本支出", basic);
    set(d, t5, "合计", "项目支出", proj);
    set(d, t1, "收入:一般公共预算财政拨款收入", "决算数", fiscal);
    set(d, t1, "收入:其他收入", "决算数", other);
    set(d, t1, "收入:本年收入合计", "决算数", tot);
    set(d, t1, "收入:年初结转和结余", "决算数", carry);
    set(d, t1, "收入:总计", "决算数", tot + carry);
    set(d, t1, "支出:本年支出合计", "决算数", tot);
    set(d, t1, "支出:年末结转和结余", "决算数", carry);
    set(d, t1, "支出:总计", "决算数", tot + carry);
    set(d, t4, "收入:一般公共预算财政拨款", "金额", tot);
    set(d, t4, "收入:本年收入合计", "金额", tot);
    set(d, t4, "收入:总计", "金额", tot);
    set(d, t4, "支出:本年支出合计", "合计", tot);
    set(d, t4, "支出:总计", "合计", tot);
    /* 06: 人员 (301 + 303) and 公用 (302) split the basic expenditure */
    js_amount staff = basic / 10000 * (55 + (int64_t)(rnd() % 40)) / 100 * 10000;
    js_amount s301 = staff / 10000 * 9 / 10 * 10000, s303 = staff - s301;
    set(d, t6, "301", "决算数", s301);
    set(d, t6, "303", "决算数", s303);
    set(d, t6, "302", "决算数", basic - staff);
    set(d, t6, "人员经费合计", "决算数", staff);
    set(d, t6, "公用经费合计", "决算数", basic - staff);
    js_amount ab = amt(0, 10), buy = rnd() % 5 == 0 ? amt(10, 40) : 0, run = amt(0, 20),
              rec = amt(0, 8);
    set(d, t7, "三公经费", "预算:合计", ab + buy + run + rec + amt(0, 10));
    set(d, t7, "三公经费", "决算:合计", ab + buy + run + rec);
    set(d, t7, "三公经费", "决算:因公出国（境）费", ab);
    set(d, t7, "三公经费", "决算:公务用车购置及运行费", buy + run);
    set(d, t7, "三公经费", "决算:公务用车购置费", buy);
    set(d, t7, "三公经费", "决算:公务用车运行费", run);
    set(d, t7, "三公经费", "决算:公务接待费", rec);

    /* narrative: section 十 states 机关运行经费 */
    js_section s = {"十", "关于机关运行经费支出说明", JS_PART_NARRATIVE, 1, 10, -1, {0}, 0, 0};
    int si = js_doc_section_add(d, &s);
    char wan[48];
    js_loc loc = {0};
    js_doc_para_add(d,
                    js_arena_printf(d->arena, "本部门%d年度机关运行经费支出%s万元。", year,
                                    js_amount_fmt_wan(basic - staff, wan, sizeof wan)),
                    si, loc, 1);

    /* a few synthetic findings so the findings ranking has something to rank */
    int nf = (int)(rnd() % 4);
    for (int k = 0; k < nf; k++) {
        if (f->n == f->cap) {
            int cap = f->cap ? f->cap * 2 : 8;
            js_finding *x = js_arena_grow(f->arena, f->items, (size_t)f->n, (size_t)cap, sizeof *x);
            if (!x) break;
            f->items = x;
            f->cap = cap;
        }
        js_finding *x = &f->items[f->n++];
        memset(x, 0, sizeof *x);
        x->rule = k == 0 ? "T-SUM" : "N-PCT";
        x->kind = k == 0 ? "arithmetic" : "narrative";
        x->severity = (int)(rnd() % 3);
        x->table = "05";
        x->message = "合成的审核发现（基准测试）";
    }
    return d;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int dbl_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* gen_docs DB --rollup YEAR [RUNS]: the whole year's roll-up in this process,
 * added up from the regions' sums (as before schema version 7: by_regions) and
 * from year_sums, alternately RUNS times each (default 7); prints the medians
 * of the wall time (the server's part included) and their ratio. */
static int bench_rollup(js_store *s, int year, int runs)
{
    double ms[2][64];
    if (runs < 1 || runs > 64) runs = 7;
    int keys[2] = {0, 0};
    for (int r = 0; r < runs; r++)
        for (int k = 0; k < 2; k++) {
            js_rollup_opts o = {year, NULL, NULL, NULL, k == 0};
            js_rtable t = {0}, c = {0};
            js_err err;
            int nfail = 0;
            double t0 = now_s();
            int rc = js_report_rollup(s, &o, &t, &c, &nfail, &err);
            ms[k][r] = (now_s() - t0) * 1000;
            if (rc != JS_OK) {
                fprintf(stderr, "gen_docs: %s\n", err.msg);
                return 4;
            }
            keys[k] = t.nrows;
            js_rtable_release(&t);
            js_rtable_release(&c);
        }
    qsort(ms[0], (size_t)runs, sizeof(double), dbl_cmp);
    qsort(ms[1], (size_t)runs, sizeof(double), dbl_cmp);
    double a = ms[0][runs / 2], b = ms[1][runs / 2];
    printf("rollup year=%d keys=%d/%d by_regions_ms=%.1f year_sums_ms=%.1f ratio=%.1f\n", year,
           keys[0], keys[1], a, b, b > 0 ? a / b : 0.0);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: gen_docs DB N [YEARS [single|batch [REGIONS]]]\n"
                        "       gen_docs DB --rollup YEAR [RUNS]\n");
        return 2;
    }
    if (strcmp(argv[2], "--rollup") == 0 && argc > 3) {
        js_err err;
        js_store *s = NULL;
        if (js_store_open(argv[1], &s, &err) != JS_OK) {
            fprintf(stderr, "gen_docs: %s\n", err.msg);
            return 4;
        }
        int rc = bench_rollup(s, atoi(argv[3]), argc > 4 ? atoi(argv[4]) : 7);
        js_store_close(s);
        return rc;
    }
    long n = atol(argv[2]);
    int nyears = argc > 3 ? atoi(argv[3]) : 10;
    bool single = argc > 4 && strcmp(argv[4], "single") == 0;
    int nregions = argc > 5 ? atoi(argv[5]) : 50; /* 测试市第0区 … */
    if (n <= 0 || nyears <= 0 || nregions <= 0) return 2;
    int ndepts = (int)((n + nyears - 1) / nyears);
    js_err err;
    js_err_clear(&err);
    js_store *s = NULL;
    if (js_store_open(argv[1], &s, &err) != JS_OK) {
        fprintf(stderr, "gen_docs: %s\n", err.msg);
        return 4;
    }
    /* batches as `juesuan db load` makes them (src/cli/cmd_db.c) */
    int most = strcmp(s->ops->name, "postgres") == 0 ? 2000 : 500;
    if (getenv("JS_BENCH_BATCH")) most = atoi(getenv("JS_BENCH_BATCH")); /* documents a batch */
    long facts = 0;
    double t0 = now_s(), cpu0 = (double)clock() / CLOCKS_PER_SEC;
    for (long i = 0; i < n; i++) {
        if (!single && s->batch < 0 && js_store_batch_begin(s, &err) != JS_OK) {
            fprintf(stderr, "gen_docs: %s\n", err.msg);
            return 4;
        }
        js_findings f;
        js_findings_init(&f);
        f.arena = js_arena_new();
        js_doc *d = make_doc(i, ndepts, nregions, 2015, nyears, &f);
        if (!d || !f.arena) {
            fprintf(stderr, "gen_docs: out of memory\n");
            return 4;
        }
        char key[64], hash[65];
        snprintf(key, sizeof key, "gen_docs %ld", i);
        js_sha256_hex(key, strlen(key), hash);
        js_store_docinfo info = {hash, d->path, 0, true, NULL};
        int64_t id;
        bool dup;
        if (js_store_put(s, &info, d, &f, &id, &dup, &err) != JS_OK) {
            fprintf(stderr, "gen_docs: %s\n", err.msg);
            return 4;
        }
        js_fact *fx;
        size_t nfx = 0;
        if (js_facts_collect(d, &fx, &nfx) == JS_OK) facts += (long)nfx;
        js_findings_release(&f);
        js_doc_free(d);
        if (!single && (s->batch >= most || i == n - 1) &&
            js_store_batch_commit(s, &err) != JS_OK) {
            fprintf(stderr, "gen_docs: %s\n", err.msg);
            return 4;
        }
    }
    double el = now_s() - t0;
    /* the machine may be shared: the CPU time of this process tells the rate on one core
     * (a server backend's own CPU time, PostgreSQL's, is not in it) */
    double cpu = (double)clock() / CLOCKS_PER_SEC - cpu0;
    printf("docs=%ld facts=%ld seconds=%.2f docs_per_s=%.0f facts_per_s=%.0f cpu_s=%.2f "
           "docs_per_cpu_s=%.0f\n",
           n, facts, el, (double)n / el, (double)facts / el, cpu, cpu > 0 ? (double)n / cpu : 0.0);
    js_store_close(s);
    return 0;
}
