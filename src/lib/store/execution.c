/*
 * execution.c - 预算执行 (issue #19): a department's published budget (部门预算公开)
 * against its final accounts (部门决算公开) of the same year, both from the store:
 *
 *   by 功能分类 类   the budget's 支出预算总表 (role expend) by 类 code, else its
 *                  收支预算总表 (role total) rows 支出:<类>, against the final
 *                  accounts' 03 支出决算表 (本年支出合计, 基本支出, 项目支出), else
 *                  01 支出:<类>; the difference and the completion rate 决算 / 预算;
 *   三公            each item of the budget's 三公 table against 07: the published
 *                  budget, the 预算 column the final accounts print for it (the
 *                  年初预算: it should be the published figure), the 决算; 会议费
 *                  and 培训费 (budget only) and 机关运行经费 (the budget's 三公 or
 *                  机关运行经费 table against documents.jiguan).
 *
 * A budget's tables are found by their role (doc_tables, put.c), not by number:
 * Jiangsu 2017 and 2018 number the same table differently. Everything read is
 * verified against its checksums first. Amounts exact (fen); rates by js_ratio.
 */
#include "juesuan/catalog.h"
#include "juesuan/store.h"
#include "juesuan/template.h"
#include "juesuan/text.h"
#include "store_impl.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The facts of one document: "key\x1frow\x1fcol" -> fen, key the table (final
 * accounts) or the role of the table (budget). */
typedef struct xdoc {
    int64_t id;
    const char *form;
    GHashTable *v;     /* char * -> int64_t * */
    GHashTable *codes; /* 类 codes seen: char * -> NULL */
    GHashTable *keys;  /* "key" of every table that has a fact */
    int64_t jiguan;
    bool has_jiguan;
    char jiguan_src[64];
    char col01[64]; /* 01's amount column as the document's form names it */
    int rc;
    js_err *err;
} xdoc;

static void xdoc_init(xdoc *d, js_err *err)
{
    memset(d, 0, sizeof *d);
    d->v = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    d->codes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    d->keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    d->err = err;
}

static void xdoc_release(xdoc *d)
{
    g_hash_table_destroy(d->v);
    g_hash_table_destroy(d->codes);
    g_hash_table_destroy(d->keys);
}

static bool is_class(const char *s)
{
    return s && strlen(s) == 3 && s[0] >= '1' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' &&
           s[2] >= '0' && s[2] <= '9';
}

static bool get(const xdoc *d, const char *key, const char *row, const char *col, int64_t *out)
{
    char k[512];
    snprintf(k, sizeof k, "%s\x1f%s\x1f%s", key, row, col);
    const int64_t *p = g_hash_table_lookup(d->v, k);
    if (!p) return false;
    *out = *p;
    return true;
}

static bool has_table(const xdoc *d, const char *key)
{
    return g_hash_table_contains(d->keys, key);
}

/* facts rows: key (table or role), row, column, value */
static int fact_row(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    xdoc *d = ud;
    if (ncols < 4 || v[3].type != JS_SVAL_INT) return 0;
    const char *key = v[0].type == JS_SVAL_TEXT ? v[0].s : "?";
    const char *row = v[1].s ? v[1].s : "", *col = v[2].s ? v[2].s : "";
    int64_t *x = g_new(int64_t, 1);
    *x = v[3].i;
    g_hash_table_insert(d->v, g_strdup_printf("%s\x1f%s\x1f%s", key, row, col), x);
    g_hash_table_add(d->keys, g_strdup(key));
    /* the 类 rows: bare codes in 03 and the budget's 支出预算总表, 支出:<code> in the 总表s */
    const char *code = js_startswith(row, "支出:") ? row + strlen("支出:") : NULL;
    if (!strcmp(key, "03") || !strcmp(key, "expend"))
        code = row;
    else if (strcmp(key, "01") && strcmp(key, "total"))
        code = NULL;
    if (is_class(code)) g_hash_table_add(d->codes, g_strdup(code));
    return 0;
}

typedef struct found {
    int64_t id;
    char form[128];
    int64_t jiguan;
    bool has_jiguan;
    char jiguan_src[64];
} found;

static int found_row(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    found *f = ud;
    if (ncols < 5 || v[0].type != JS_SVAL_INT) return 1;
    f->id = v[0].i;
    snprintf(f->form, sizeof f->form, "%s", v[1].type == JS_SVAL_TEXT ? v[1].s : "");
    f->has_jiguan = v[2].type == JS_SVAL_INT;
    f->jiguan = f->has_jiguan ? v[2].i : 0;
    snprintf(f->jiguan_src, sizeof f->jiguan_src, "%s", v[3].type == JS_SVAL_TEXT ? v[3].s : "");
    return 1;
}

static int count_first(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    if (ncols >= 1 && v[0].type == JS_SVAL_INT) *(int64_t *)ud = v[0].i;
    return 1;
}

/* The current document of dept, year and kind ('预算' or '决算'), its facts keyed by
 * table (final) or role (budget); the facts and the roles verified first. */
static int load_doc(js_store *s, const char *dept, int year, const char *kind, xdoc *d, js_err *err)
{
    static const char find_sql[] =
        "SELECT id, form, jiguan, jiguan_src, current FROM documents WHERE dept = ?1 AND "
        "year = ?2 AND " JS_KIND_OF("form") " = ?3 ORDER BY current DESC, id DESC LIMIT 1";
    static const char final_sql[] =
        "SELECT tbl, row_key, col_key, value FROM facts WHERE doc_id = ?1";
    static const char budget_sql[] =
        "SELECT t.role, f.row_key, f.col_key, f.value FROM facts f LEFT JOIN doc_tables t "
        "ON t.doc_id = f.doc_id AND t.tbl = f.tbl WHERE f.doc_id = ?1";
    js_sval p[3] = {js_sval_text(dept), js_sval_int(year), js_sval_text(kind)};
    found f;
    memset(&f, 0, sizeof f);
    int rc = js_store_query(s, find_sql, p, 3, found_row, &f, err);
    if (rc != JS_OK) return rc;
    if (!f.id)
        return js_err_set(err, JS_EUSAGE, "no %s of %s for %d in the database (%s)",
                          !strcmp(kind, "预算") ? JS_T("budget (部门预算公开)")
                                                : JS_T("final accounts (部门决算公开)"),
                          dept, year, JS_T("juesuan db list shows what is loaded"));
    d->id = f.id;
    d->jiguan = f.jiguan;
    d->has_jiguan = f.has_jiguan;
    memcpy(d->jiguan_src, f.jiguan_src, sizeof d->jiguan_src);
    /* the key of 01's amount column in the document's form (data/templates/templates.tsv) */
    js_templates *tp = js_templates_new(err);
    if (!tp) return JS_EINTERNAL;
    const char *form = f.form[0] ? f.form : js_templates_form_for_year(tp, year);
    const char *c01 = js_templates_col_key(tp, form, 1, 0);
    snprintf(d->col01, sizeof d->col01, "%s", c01 ? c01 : "");
    js_templates_free(tp);
    rc = js_store_verify(s, f.id, JS_VERIFY_ROW | JS_VERIFY_FACTS, err);
    if (rc == JS_OK && !strcmp(kind, "预算")) rc = js_store_verify_tables(s, f.id, err);
    js_sval id = js_sval_int(f.id);
    if (rc == JS_OK && !strcmp(kind, "预算")) {
        /* a budget stored before schema version 4 has no table roles: its tables cannot be
         * found, and loading the same file again is skipped (same hash) */
        static const char roles_sql[] = "SELECT count(*) FROM doc_tables WHERE doc_id = ?1";
        int64_t nroles = 0;
        rc = js_store_query(s, roles_sql, &id, 1, count_first, &nroles, err);
        if (rc == JS_OK && nroles == 0)
            rc = js_err_set(err, JS_EINPUT,
                            "the budget of %s for %d (document %lld) was stored before the "
                            "database recorded its tables' roles (schema version 4): load its "
                            "file into a new database (juesuan db --db NEW.db load FILE)",
                            dept, year, (long long)f.id);
    }
    if (rc == JS_OK)
        rc = js_store_query(s, !strcmp(kind, "预算") ? budget_sql : final_sql, &id, 1, fact_row, d,
                            err);
    return rc;
}

/* ---- by 类 ------------------------------------------------------------------ */

typedef struct cls {
    int64_t total, basic, proj;
    bool has, has_split;
} cls;

/* The budget of one 类 (code) or, code NULL, nothing: see the file comment. */
static cls budget_class(const xdoc *b, const char *code)
{
    cls c;
    memset(&c, 0, sizeof c);
    if (get(b, "expend", code, "合计", &c.total)) {
        c.has = true;
        c.has_split = true;
        get(b, "expend", code, "基本支出", &c.basic);
        get(b, "expend", code, "项目支出", &c.proj);
        return c;
    }
    static const char *const cols[] = {"合计", "金额", "预算数"};
    char row[64];
    snprintf(row, sizeof row, "支出:%s", code);
    for (size_t i = 0; i < sizeof cols / sizeof *cols && !c.has; i++)
        c.has = get(b, "total", row, cols[i], &c.total);
    return c;
}

static cls final_class(const xdoc *f, const char *code)
{
    cls c;
    memset(&c, 0, sizeof c);
    if (has_table(f, "03")) {
        c.has = get(f, "03", code, "本年支出合计", &c.total);
        c.has_split = true;
        c.has |= get(f, "03", code, "基本支出", &c.basic);
        c.has |= get(f, "03", code, "项目支出", &c.proj);
        return c;
    }
    char row[64];
    snprintf(row, sizeof row, "支出:%s", code);
    c.has = get(f, "01", row, f->col01, &c.total);
    return c;
}

static const char *pct(int64_t p, int64_t q, char *buf, size_t size)
{
    if (q == 0) return "—";
    char num[48];
    js_num n = js_ratio(p, q, 2, true);
    snprintf(buf, size, "%s%%", js_num_fmt(n, num, sizeof num));
    return buf;
}

static const char *wan_or_blank(bool has, int64_t v, char *buf, size_t size)
{
    return has ? js_store_wan(v, buf, size) : NULL;
}

static int add_class_row(js_rtable *t, const char *code, const char *name, cls b, cls f,
                         js_err *err)
{
    char s[8][48];
    const char *cells[10] = {
        code,
        name,
        wan_or_blank(b.has, b.total, s[0], sizeof s[0]),
        wan_or_blank(f.has, f.total, s[1], sizeof s[1]),
        js_store_wan(f.total - b.total, s[2], sizeof s[2]),
        pct(f.total, b.total, s[3], sizeof s[3]),
        wan_or_blank(b.has_split, b.basic, s[4], sizeof s[4]),
        wan_or_blank(f.has_split, f.basic, s[5], sizeof s[5]),
        wan_or_blank(b.has_split, b.proj, s[6], sizeof s[6]),
        wan_or_blank(f.has_split, f.proj, s[7], sizeof s[7]),
    };
    return js_rtable_add(t, cells, err);
}

static int by_class(const xdoc *b, const xdoc *f, int year, js_rtable *t, js_err *err)
{
    static const char *const cols[] = {
        "类",     "名称",          "预算数",        "决算数",        "决算−预算",
        "完成率", "基本支出:预算", "基本支出:决算", "项目支出:预算", "项目支出:决算"};
    int rc = js_rtable_init(t, 10, cols, err);
    if (rc != JS_OK) return rc;
    for (int c = 2; c < 10; c++)
        t->right[c] = true;
    GHashTable *all = g_hash_table_new(g_str_hash, g_str_equal);
    GHashTableIter it;
    gpointer k;
    g_hash_table_iter_init(&it, b->codes);
    while (g_hash_table_iter_next(&it, &k, NULL))
        g_hash_table_add(all, k);
    g_hash_table_iter_init(&it, f->codes);
    while (g_hash_table_iter_next(&it, &k, NULL))
        g_hash_table_add(all, k);
    guint n = 0;
    gpointer *codes = g_hash_table_get_keys_as_array(all, &n);
    qsort(codes, n, sizeof *codes, js_strp_cmp);
    js_catalog *cat = js_catalog_new(NULL);
    cls tb, tf;
    memset(&tb, 0, sizeof tb);
    memset(&tf, 0, sizeof tf);
    tb.has_split = tf.has_split = true;
    for (guint i = 0; i < n && rc == JS_OK; i++) {
        const char *code = codes[i];
        cls cb = budget_class(b, code), cf = final_class(f, code);
        const js_class_entry *e = cat ? js_catalog_find(cat, JS_CLASS_FUNC, year, code) : NULL;
        if (!e && cat) e = js_catalog_find(cat, JS_CLASS_FUNC, 0, code);
        rc = add_class_row(t, code, e ? e->name : NULL, cb, cf, err);
        tb.has |= cb.has;
        tf.has |= cf.has;
        tb.total += cb.total, tb.basic += cb.basic, tb.proj += cb.proj;
        tf.total += cf.total, tf.basic += cf.basic, tf.proj += cf.proj;
        tb.has_split &= cb.has_split || !cb.has;
        tf.has_split &= cf.has_split || !cf.has;
    }
    if (rc == JS_OK && !tb.has_split) {
        /* per 类 without the split (江苏): the budget's own 基本/项目 totals */
        /* both looked up (no short-circuit): each fills its own total */
        bool has_basic = get(b, "total", "支出:基本支出", "金额", &tb.basic);
        bool has_proj = get(b, "total", "支出:项目支出", "金额", &tb.proj);
        tb.has_split = has_basic || has_proj;
    }
    if (rc == JS_OK && n > 0) rc = add_class_row(t, "合计", "Σ 类", tb, tf, err);
    if (rc == JS_OK && n == 0)
        js_rtable_footf(t, "(neither document has expenditure by 功能分类 类)");
    int64_t reserve = 0;
    if (rc == JS_OK && get(b, "total", "支出:单位预留机动经费", "金额", &reserve) && reserve) {
        char w[48];
        js_rtable_footf(t, "单位预留机动经费 (budgeted, not by 类): %s 万元",
                        js_store_wan(reserve, w, sizeof w));
    }
    js_catalog_free(cat);
    g_free(codes);
    g_hash_table_destroy(all);
    return rc;
}

/* ---- 三公 ---------------------------------------------------------------------- */

static const struct sg_item {
    const char *name;     /* as table 07 names it */
    const char *bcols[3]; /* the budget's columns for it, first present wins */
    bool final_has;       /* table 07 has it */
} SG_ITEMS[] = {
    {"合计", {"三公经费:小计", "合计"}, true},
    {"因公出国（境）费", {"因公出国(境)费", "因公出国（境）费"}, true},
    {"公务用车购置及运行费", {"公务用车购置及运行费:小计", "公务用车购置及运行维护费:小计"}, true},
    {"公务用车购置费", {"公务用车购置费"}, true},
    {"公务用车运行费", {"公务用车运行费", "公务用车运行维护费"}, true},
    {"公务接待费", {"公务接待费"}, true},
    {"会议费", {"会议费"}, false},
    {"培训费", {"培训费"}, false},
};

static bool budget_sg(const xdoc *b, const struct sg_item *it, int64_t *v)
{
    for (int i = 0; i < 3 && it->bcols[i]; i++)
        if (get(b, "sangong", "三公经费", it->bcols[i], v)) return true;
    return false;
}

static int sg_row(js_rtable *t, const char *name, bool hb, int64_t bv, bool hy, int64_t yv, bool hf,
                  int64_t fv, const char *note, js_err *err)
{
    char s[6][48];
    char d[64];
    const char *agree = NULL;
    if (hb && hy) {
        agree = yv == bv ? "一致" : d;
        if (yv != bv)
            snprintf(d, sizeof d, "不一致 (%s)", js_store_wan(yv - bv, s[5], sizeof s[5]));
    }
    const char *cells[8] = {name,
                            wan_or_blank(hb, bv, s[0], sizeof s[0]),
                            wan_or_blank(hy, yv, s[1], sizeof s[1]),
                            agree,
                            wan_or_blank(hf, fv, s[2], sizeof s[2]),
                            hb && hf ? js_store_wan(fv - bv, s[3], sizeof s[3]) : NULL,
                            hb && hf ? pct(fv, bv, s[4], sizeof s[4]) : NULL,
                            note};
    return js_rtable_add(t, cells, err);
}

static int by_sangong(const xdoc *b, const xdoc *f, js_rtable *t, js_err *err)
{
    static const char *const cols[] = {
        "项目",   "预算数",    "决算表年初预算", "年初预算与预算公开",
        "决算数", "决算−预算", "完成率",         "说明"};
    int rc = js_rtable_init(t, 8, cols, err);
    if (rc != JS_OK) return rc;
    t->right[1] = t->right[2] = t->right[4] = t->right[5] = t->right[6] = true;
    bool f07 = has_table(f, "07"), bsg = has_table(b, "sangong");
    for (size_t i = 0; rc == JS_OK && i < sizeof SG_ITEMS / sizeof *SG_ITEMS; i++) {
        const struct sg_item *it = &SG_ITEMS[i];
        int64_t bv = 0, yv = 0, fv = 0;
        bool hb = budget_sg(b, it, &bv);
        if (!it->final_has && !hb) continue;
        char col[96];
        bool hy = false, hf = false;
        if (it->final_has && f07) {
            /* a blank cell of a printed table 07 is 0 (spec/facts.md) */
            snprintf(col, sizeof col, "预算:%s", it->name);
            hy = true;
            get(f, "07", "三公经费", col, &yv);
            snprintf(col, sizeof col, "决算:%s", it->name);
            hf = true;
            get(f, "07", "三公经费", col, &fv);
        }
        if (bsg && !hb && it->final_has) hb = true; /* a blank budget cell is 0 too */
        rc = sg_row(t, it->name, hb, bv, hy, yv, hf, fv, it->final_has ? NULL : "决算表不列", err);
    }
    /* 机关运行经费: the budget's 三公 table (上海) or its 机关运行经费 table (江苏) */
    int64_t bj = 0;
    bool hbj = get(b, "sangong", "三公经费", "机关运行经费", &bj) ||
               get(b, "jgyx", "合计", "机关运行经费支出", &bj) ||
               get(b, "jgyx", "合计", "合计", &bj);
    if (rc == JS_OK && (hbj || f->has_jiguan)) {
        char note[96];
        snprintf(note, sizeof note, "决算: %s",
                 f->has_jiguan ? (!strcmp(f->jiguan_src, "narrative") ? "情况说明" : f->jiguan_src)
                               : "未说明");
        rc = sg_row(t, "机关运行经费", hbj, bj, false, 0, f->has_jiguan, f->jiguan, note, err);
    }
    if (rc == JS_OK && !bsg) js_rtable_footf(t, "(the budget has no 三公 table)");
    if (rc == JS_OK && !f07) js_rtable_footf(t, "(the final accounts have no table 07)");
    return rc;
}

/* Are amounts printed to the 元 (a value not a whole 0.01 万元, i.e. 100 元)? */
static bool to_yuan(const xdoc *d)
{
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, d->v);
    while (g_hash_table_iter_next(&it, &k, &v))
        if (*(const int64_t *)v % 10000 != 0) return true;
    return false;
}

int js_report_execution(js_store *s, const char *dept, int year, js_rtable *classes,
                        js_rtable *sangong, js_err *err)
{
    if (!dept || !*dept || year <= 0)
        return js_err_set(err, JS_EUSAGE, "the execution report needs a department and a year");
    xdoc b, f;
    xdoc_init(&b, err);
    xdoc_init(&f, err);
    int rc = load_doc(s, dept, year, "预算", &b, err);
    if (rc == JS_OK) rc = load_doc(s, dept, year, "决算", &f, err);
    if (rc == JS_OK) rc = by_class(&b, &f, year, classes, err);
    if (rc == JS_OK) rc = by_sangong(&b, &f, sangong, err);
    bool bfine = to_yuan(&b), ffine = to_yuan(&f);
    if (rc == JS_OK && bfine != ffine)
        js_rtable_footf(classes,
                        "%s printed to the 元, %s to 0.01 万元: a difference below 0.005 万元 is "
                        "rounding",
                        bfine ? "预算" : "决算", bfine ? "决算" : "预算");
    if (rc == JS_OK) {
        classes->title =
            js_arena_printf(classes->arena,
                            JS_T("预算执行 %s %d: 支出按功能分类 (万元; 预算 document %lld, "
                                 "决算 document %lld; 完成率 = 决算 / 预算)"),
                            dept, year, (long long)b.id, (long long)f.id);
        sangong->title = js_arena_printf(
            sangong->arena, JS_T("预算执行 %s %d: “三公”经费和机关运行经费 (万元)"), dept, year);
    }
    xdoc_release(&b);
    xdoc_release(&f);
    return rc;
}

/* ---- 三公 "比上年预算增加/减少" (a budget against the budget of the year before) ---- */

/* The item a 说明 label names: the 三公 item of table 07 it is (SG_ITEMS). */
static const struct {
    const char *label, *item;
} SG_LABELS[] = {
    {"因公出国(境)费", "因公出国（境）费"},
    {"因公出国（境）费", "因公出国（境）费"},
    {"公务用车购置及运行维护费", "公务用车购置及运行费"},
    {"公务用车购置及运行费", "公务用车购置及运行费"},
    {"公务用车购置费", "公务用车购置费"},
    {"公务用车购置", "公务用车购置费"},
    {"公务用车运行维护费", "公务用车运行费"},
    {"公务用车运行费", "公务用车运行费"},
    {"公务接待费", "公务接待费"},
    {"会议费", "会议费"},
    {"培训费", "培训费"},
    {"“三公”经费", "合计"},
    {"\"三公\"经费", "合计"},
    {"三公经费", "合计"},
};

static const struct sg_item *sg_item(const char *label)
{
    for (size_t i = 0; i < sizeof SG_LABELS / sizeof *SG_LABELS; i++)
        if (!strcmp(label, SG_LABELS[i].label))
            for (size_t k = 0; k < sizeof SG_ITEMS / sizeof *SG_ITEMS; k++)
                if (!strcmp(SG_ITEMS[k].name, SG_LABELS[i].item)) return &SG_ITEMS[k];
    return NULL;
}

/* "公务接待费预算支出101.26万元,比上年预算减少15.24万元" / "…,与2024年预算持平" */
#define SG_NUM "([0-9][0-9,]*(?:\\.[0-9]+)?)"
static const char SG_RE[] =
    "(因公出国\\(境\\)费|因公出国（境）费|公务用车购置及运行维护费|公务用车购置及运行费|"
    "公务用车购置费|公务用车购置|公务用车运行维护费|公务用车运行费|公务接待费|会议费|培训费|"
    "“三公”经费|\"三公\"经费|三公经费)"
    "(?:预算支出|预算数为|预算数|预算为|预算|支出|为)?\\s*" SG_NUM "\\s*万元\\s*[,，]\\s*"
    "(?:比(?:上年度?|20[0-9]{2}年)(?:预算)?(增加|减少)\\s*" SG_NUM
    "\\s*万元|与(?:上年度?|20[0-9]{2}年)(?:预算)?持平)";

typedef struct claims {
    const xdoc *now, *prev;
    GRegex *re;
    js_rtable *out;
    js_err *err;
    int rc, nbad;
} claims;

static bool parse_wan(const char *s, js_amount *v, int *dec)
{
    char buf[64];
    size_t n = 0;
    for (; *s && n + 1 < sizeof buf; s++)
        if (*s != ',') buf[n++] = *s;
    buf[n] = '\0';
    js_num x;
    if (js_num_parse(buf, n, &x) != JS_NUM_VALUE) return false;
    *dec = x.dec;
    return js_num_to_amount(x, JS_UNIT_WANYUAN, v);
}

/* One statement: stated this year's amount and the change on the year before. */
static void claim(claims *c, const char *label, const char *amount, const char *dir,
                  const char *change, const char *where)
{
    const struct sg_item *it = sg_item(label);
    js_amount said = 0, delta = 0;
    int dec = 0, ddec = 0;
    if (!it || !parse_wan(amount, &said, &dec)) return;
    if (*dir && !parse_wan(change, &delta, &ddec)) return;
    if (!strcmp(dir, "减少")) delta = -delta;
    int64_t now = 0, prev = 0;
    bool hn = budget_sg(c->now, it, &now) || has_table(c->now, "sangong");
    bool hp = budget_sg(c->prev, it, &prev) || has_table(c->prev, "sangong");
    if (!hn || !hp) return;
    /* a change stated to k decimals is right when the tables' change rounds to it */
    int64_t tol = 500000;
    for (int k = 0; k < ddec; k++)
        tol /= 10;
    int64_t diff = (now - prev) - delta;
    bool ok = diff <= tol && diff >= -tol;
    char s[5][48], verdict[96];
    if (ok)
        snprintf(verdict, sizeof verdict, "一致");
    else
        snprintf(verdict, sizeof verdict, "不一致: 应为%s%s万元", now >= prev ? "增加" : "减少",
                 js_store_wan(now >= prev ? now - prev : prev - now, s[4], sizeof s[4]));
    c->nbad += !ok;
    const char *cells[8] = {where,
                            it->name,
                            js_store_wan(said, s[0], sizeof s[0]),
                            js_store_wan(now, s[1], sizeof s[1]),
                            js_store_wan(prev, s[2], sizeof s[2]),
                            *dir ? js_store_wan(delta, s[3], sizeof s[3]) : "持平 (0.00)",
                            verdict,
                            NULL};
    char tdiff[48];
    cells[7] = js_store_wan(now - prev, tdiff, sizeof tdiff);
    const char *row[8] = {cells[0], cells[1], cells[2], cells[3],
                          cells[4], cells[7], cells[5], cells[6]};
    c->rc = js_rtable_add(c->out, row, c->err);
}

static int para_row(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    claims *c = ud;
    if (ncols < 3 || v[0].type != JS_SVAL_TEXT) return 0;
    char where[64];
    if (v[2].type == JS_SVAL_INT)
        snprintf(where, sizeof where, JS_T("p.%lld"), (long long)v[2].i);
    else if (v[1].type == JS_SVAL_INT)
        snprintf(where, sizeof where, JS_T("line %lld"), (long long)v[1].i);
    else
        where[0] = '\0';
    GMatchInfo *m = NULL;
    g_regex_match(c->re, v[0].s, 0, &m);
    while (c->rc == JS_OK && g_match_info_matches(m)) {
        gchar *g[5];
        for (int i = 0; i < 5; i++)
            g[i] = g_match_info_fetch(m, i + 1);
        claim(c, g[0] ? g[0] : "", g[1] ? g[1] : "", g[2] ? g[2] : "", g[3] ? g[3] : "", where);
        for (int i = 0; i < 5; i++)
            g_free(g[i]);
        g_match_info_next(m, NULL);
    }
    g_match_info_free(m);
    return c->rc != JS_OK;
}

int js_report_budget_changes(js_store *s, const char *dept, int year, js_rtable *out, js_err *err)
{
    static const char *const cols[] = {"说明",     "项目",     "本年 (说明)", "本年 (表)",
                                       "上年预算", "表中增减", "说明增减",    "核对"};
    static const char paras_sql[] =
        "SELECT text, line, page FROM paras WHERE doc_id = ?1 ORDER BY idx";
    if (!dept || !*dept || year <= 1)
        return js_err_set(err, JS_EUSAGE, "the budget changes need a department and a year");
    xdoc now, prev;
    xdoc_init(&now, err);
    xdoc_init(&prev, err);
    int rc = load_doc(s, dept, year, "预算", &now, err);
    if (rc == JS_OK) rc = load_doc(s, dept, year - 1, "预算", &prev, err);
    if (rc == JS_OK) rc = js_rtable_init(out, 8, cols, err);
    GRegex *re = rc == JS_OK ? g_regex_new(SG_RE, G_REGEX_OPTIMIZE, 0, NULL) : NULL;
    if (rc == JS_OK && !re) rc = js_err_set(err, JS_EINTERNAL, "the 三公 statement pattern");
    if (rc == JS_OK) {
        for (int c = 2; c < 7; c++)
            out->right[c] = true;
        claims c = {&now, &prev, re, out, err, JS_OK, 0};
        js_sval id = js_sval_int(now.id);
        rc = js_store_query(s, paras_sql, &id, 1, para_row, &c, err);
        if (rc == JS_OK) rc = c.rc;
        if (rc == JS_OK) {
            out->title = js_arena_printf(out->arena,
                                         JS_T("%s %d 预算: 三公 比上年预算增减 against the %d "
                                              "budget (documents %lld, %lld): %d of %d differ"),
                                         dept, year, year - 1, (long long)now.id,
                                         (long long)prev.id, c.nbad, out->nrows);
            if (out->nrows == 0)
                js_rtable_footf(out, "(the 说明 states no 三公 change on the year before)");
        }
    }
    if (re) g_regex_unref(re);
    xdoc_release(&now);
    xdoc_release(&prev);
    return rc;
}
