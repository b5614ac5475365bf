/*
 * meta.c - reading the build metadata JSON (docs/build.md) with jansson.
 *
 * Amounts are 元, given as strings ("12345.60") or integers; JSON reals are
 * refused because they are binary floating point. Every problem is reported
 * as "FILE: key.path: message" (a diagnostic, diag.h) and reading goes on, so one run lists them
 * all.
 */
#include "compile.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

typedef struct mctx {
    const char *path;
    js_diags *errs;
    js_arena *a;
    int nerr;
} mctx;

static void merr(mctx *c, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void merr(mctx *c, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    js_diags_vadd(
        c->errs,
        &(js_diag){.severity = JS_DIAG_ERROR, .code = "B-META", .file = c->path, .key = key}, fmt,
        ap);
    va_end(ap);
    c->nerr++;
}

static const char *str(mctx *c, json_t *o, const char *key, const char *def)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) return def;
    if (!json_is_string(v)) {
        merr(c, key, "应为字符串");
        return def;
    }
    return js_arena_strdup(c->a, json_string_value(v));
}

/* 元 as a string or an integer -> fen. def when absent. */
static int64_t yuan(mctx *c, json_t *v, const char *key, int64_t def)
{
    if (!v || json_is_null(v)) return def;
    if (json_is_integer(v)) {
        json_int_t i = json_integer_value(v);
        if (i > INT64_MAX / 100 || i < -INT64_MAX / 100) {
            merr(c, key, "金额超出范围");
            return def;
        }
        return (int64_t)i * 100;
    }
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        js_num num;
        js_amount out;
        if (js_num_parse(s, strlen(s), &num) == JS_NUM_VALUE && num.dec <= 2 &&
            js_num_to_amount(num, JS_UNIT_YUAN, &out))
            return out;
        merr(c, key, "金额“%s”不是以元为单位、最多两位小数的数", s);
        return def;
    }
    merr(c, key, "金额应写成字符串（如 \"1234.50\"）或整数，不用浮点数");
    return def;
}

static int64_t yuan_key(mctx *c, json_t *o, const char *key, const char *path, int64_t def)
{
    char k[640];
    snprintf(k, sizeof k, "%s%s%s", path, *path ? "." : "", key);
    return yuan(c, json_object_get(o, key), k, def);
}

static int intv(mctx *c, json_t *o, const char *key, const char *path)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) return 0;
    if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 1000000000) {
        merr(c, key, "%s%s%s 应为非负整数", path, *path ? "." : "", key);
        return 0;
    }
    return (int)json_integer_value(v);
}

static js_num score(mctx *c, json_t *v, const char *key)
{
    js_num n = {0, 0};
    if (!v || json_is_null(v)) return n;
    if (json_is_integer(v)) {
        n.mant = json_integer_value(v);
        return n;
    }
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        if (js_num_parse(s, strlen(s), &n) == JS_NUM_VALUE && n.dec <= 4 && n.mant >= 0) return n;
    }
    merr(c, key, "分值和得分应为非负数（整数或字符串，如 \"2.5\"）");
    n.mant = 0;
    n.dec = 0;
    return n;
}

static bm_text texts(mctx *c, json_t *o, const char *key)
{
    bm_text t = {NULL, 0};
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) return t;
    if (json_is_string(v)) {
        t.v = js_arena_calloc(c->a, 1, sizeof *t.v);
        if (t.v) t.v[t.n++] = js_arena_strdup(c->a, json_string_value(v));
        return t;
    }
    if (!json_is_array(v)) {
        merr(c, key, "应为字符串或字符串数组");
        return t;
    }
    t.v = js_arena_calloc(c->a, json_array_size(v) + 1, sizeof *t.v);
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e)
    {
        if (json_is_string(e) && t.v)
            t.v[t.n++] = js_arena_strdup(c->a, json_string_value(e));
        else
            merr(c, key, "第 %zu 项应为字符串", i + 1);
    }
    return t;
}

/* A key of the metadata that is a 功能分类 项 code (seven digits): its number,
 * else -1 and the error what at path. */
static int func_item(mctx *c, const char *code, const char *path, const char *what)
{
    if (js_code_level(JS_CLASS_FUNC, code) != 3) {
        merr(c, path, "%s", what);
        return -1;
    }
    int no = 0;
    for (const char *p = code; *p; p++)
        no = no * 10 + (*p - '0');
    return no;
}

static const char *const FUNDROWS[4] = {"合计", "当年财政拨款", "上年结转", "其他资金"};

static void perf_read(mctx *c, json_t *o, bm_perf *p, const char *path, bool project)
{
    char k[256];
    p->name = str(c, o, "name", NULL);
    p->goal = str(c, o, "goal", NULL);
    p->done = str(c, o, "done", NULL);
    json_t *funds = json_object_get(o, "funds");
    for (int i = 1; i < 4; i++) {
        json_t *f = json_object_get(funds, FUNDROWS[i]);
        snprintf(k, sizeof k, "%s.funds.%s", path, FUNDROWS[i]);
        p->start[i] = yuan_key(c, f, "start", k, 0);
        p->full[i] = yuan_key(c, f, "full", k, 0);
        p->start[0] += p->start[i];
        p->full[0] += p->full[i];
    }
    p->actual = yuan_key(c, o, "actual", path, project ? -1 : -1);
    json_t *inds = json_object_get(o, "indicators");
    size_t ni = json_is_array(inds) ? json_array_size(inds) : 0;
    p->inds = js_arena_calloc(c->a, ni + 1, sizeof *p->inds);
    size_t i;
    json_t *e;
    if (ni && p->inds) json_array_foreach(inds, i, e)
        {
            bm_ind *d = &p->inds[p->ninds++];
            d->l1 = str(c, e, "l1", "");
            d->l2 = str(c, e, "l2", "");
            d->l3 = str(c, e, "l3", "");
            d->target = str(c, e, "target", "");
            d->result = str(c, e, "result", "");
            d->note = str(c, e, "note", "");
            snprintf(k, sizeof k, "%s.indicators[%zu]", path, i);
            d->weight = score(c, json_object_get(e, "weight"), k);
            d->score = score(c, json_object_get(e, "score"), k);
            if (js_num_cmp(d->score, d->weight) > 0) merr(c, k, "得分大于分值");
        }
}

/* opening_balances: by fund, 政府性基金 also by 功能分类 项 */
static void meta_opening(mctx *c, bm_meta *m, json_t *root)
{
    json_t *ob = json_object_get(root, "opening_balances");
    const char *key;
    json_t *v;
    json_object_foreach(ob, key, v)
    {
        int f = -1;
        for (int k = 0; k < NFUND; k++)
            if (strcmp(key, JS_FUND_NAMES[k]) == 0) f = k;
        if (f < 0) {
            merr(c, "opening_balances", "资金来源“%s”不认识", key);
            continue;
        }
        char k2[256];
        snprintf(k2, sizeof k2, "opening_balances.%s", key);
        if (f == F_GOVFUND && json_is_object(v)) {
            /* by 功能分类 项: {"2299901": "1500.00", …} */
            size_t no = json_object_size(v);
            m->open_gf_code = js_arena_calloc(c->a, no + 1, sizeof(int));
            m->open_gf_amt = js_arena_calloc(c->a, no + 1, sizeof(int64_t));
            if (!m->open_gf_code || !m->open_gf_amt) continue;
            const char *code;
            json_t *cv;
            json_object_foreach(v, code, cv)
            {
                char k3[300];
                snprintf(k3, sizeof k3, "%s.%s", k2, code);
                int item = func_item(c, code, k3,
                                     "政府性基金的年初结转和结余应按功能分类项级（7位）编码填写");
                if (item < 0) continue;
                int i = m->nopen_gf++;
                m->open_gf_code[i] = item;
                m->open_gf_amt[i] = yuan(c, cv, k3, 0);
                m->opening[f] += m->open_gf_amt[i];
            }
            continue;
        }
        m->opening[f] = yuan(c, v, k2, 0);
    }
}

/* budget: the total and the 年初预算 of each 功能分类 项, with its reason */
static void meta_budget(mctx *c, bm_meta *m, json_t *root)
{
    json_t *b = json_object_get(root, "budget");
    m->budget_total = yuan_key(c, b, "total", "budget", -1);
    json_t *items = json_object_get(b, "items");
    size_t nb = json_is_object(items) ? json_object_size(items) : 0;
    m->budget_code = js_arena_calloc(c->a, nb + 1, sizeof(int));
    m->budget_amt = js_arena_calloc(c->a, nb + 1, sizeof(int64_t));
    m->budget_reason = js_arena_calloc(c->a, nb + 1, sizeof(char *));
    const char *key;
    json_t *v;
    if (nb && m->budget_code && m->budget_amt && m->budget_reason)
        json_object_foreach(items, key, v)
        {
            char k2[256];
            snprintf(k2, sizeof k2, "budget.items.%s", key);
            int item = func_item(c, key, k2, "年初预算应按功能分类项级（7位）编码填写");
            if (item < 0) continue;
            int i = m->nbudget++;
            m->budget_code[i] = item;
            if (json_is_object(v)) {
                m->budget_amt[i] = yuan_key(c, v, "amount", k2, 0);
                m->budget_reason[i] = str(c, v, "reason", NULL);
            } else {
                m->budget_amt[i] = yuan(c, v, k2, 0);
            }
        }
}

/* sanggong: the budget of each 三公 item (by its key, the form's sgitem
 * records) and the counts of groups, people and vehicles */
static void meta_sanggong(mctx *c, bm_meta *m, json_t *root)
{
    json_t *sg = json_object_get(root, "sanggong");
    json_t *sgb = json_object_get(sg, "budget");
    const char *sgk;
    json_t *sgv;
    json_object_foreach(sgb, sgk, sgv)
    {
        if (m->nsg_budget == BM_MAX_SG) break;
        m->sg_budget_key[m->nsg_budget] = js_arena_strdup(c->a, sgk);
        m->sg_budget[m->nsg_budget++] = yuan_key(c, sgb, sgk, "sanggong.budget", 0);
    }
    m->sg_abroad_groups = intv(c, sg, "abroad_groups", "sanggong");
    m->sg_abroad_people = intv(c, sg, "abroad_people", "sanggong");
    m->sg_recv_groups = intv(c, sg, "reception_groups", "sanggong");
    m->sg_recv_people = intv(c, sg, "reception_people", "sanggong");
    m->sg_cars_bought = intv(c, sg, "vehicles_bought", "sanggong");
    m->sg_cars_held = intv(c, sg, "vehicles_held", "sanggong");
}

/* performance: the text, the department's 绩效自评表 and each project's */
static void meta_performance(mctx *c, bm_meta *m, json_t *root)
{
    json_t *pf = json_object_get(root, "performance");
    m->perf_text = str(c, pf, "text", NULL);
    json_t *dp = json_object_get(pf, "department");
    if (json_is_object(dp)) {
        m->has_dept_perf = 1;
        perf_read(c, dp, &m->dept_perf, "performance.department", false);
        if (!m->dept_perf.name) m->dept_perf.name = m->dept;
    }
    json_t *pj = json_object_get(pf, "projects");
    if (json_is_array(pj)) {
        m->projects = js_arena_calloc(c->a, json_array_size(pj) + 1, sizeof *m->projects);
        size_t i;
        json_t *e;
        if (m->projects) json_array_foreach(pj, i, e)
            {
                char k[128];
                snprintf(k, sizeof k, "performance.projects[%zu]", i);
                bm_perf *p = &m->projects[m->nprojects++];
                perf_read(c, e, p, k, true);
                if (!p->name) merr(c, k, "缺少项目名称 name");
            }
    }
}

int bm_meta_read(bm_meta *m, js_arena *a, const char *path, const char *text, size_t n,
                 js_diags *errs)
{
    memset(m, 0, sizeof *m);
    mctx c = {path, errs, a, 0};
    json_error_t je;
    json_t *root = json_loadb(text, n, JSON_REJECT_DUPLICATES, &je);
    if (!root || !json_is_object(root)) {
        js_diag d = {.severity = JS_DIAG_ERROR, .code = "B-META", .file = path, .loc.line = 1};
        if (root) {
            js_diags_add(errs, &d, "元数据应为一个 JSON 对象");
        } else {
            d.loc.line = je.line;
            d.column = je.column;
            js_diags_add(errs, &d, "JSON 格式错误：%s", je.text);
        }
        json_decref(root);
        return -1;
    }
    m->dept = str(&c, root, "department", NULL);
    if (!m->dept || !*m->dept) merr(&c, "department", "缺少部门名称");
    m->region = str(&c, root, "region", NULL);
    m->form = str(&c, root, "form", NULL);
    json_t *y = json_object_get(root, "year");
    if (!json_is_integer(y) || json_integer_value(y) < 2000 || json_integer_value(y) > 2100)
        merr(&c, "year", "缺少年度，或年度不是 2000–2100 的整数");
    else
        m->year = (int)json_integer_value(y);
    m->units = texts(&c, root, "units");
    m->duties = texts(&c, root, "duties");
    m->organisation = texts(&c, root, "organisation");
    meta_opening(&c, m, root);
    m->use_nonfiscal = yuan_key(&c, root, "use_of_nonfiscal_balance", "", 0);
    m->distribution = yuan_key(&c, root, "distribution", "", 0);

    meta_budget(&c, m, root);

    json_t *ly = json_object_get(root, "last_year");
    m->ly_income_total = yuan_key(&c, ly, "income_total", "last_year", -1);
    m->ly_expense_total = yuan_key(&c, ly, "expense_total", "last_year", -1);
    m->ly_fiscal_income = yuan_key(&c, ly, "fiscal_income", "last_year", -1);
    m->ly_fiscal_expense = yuan_key(&c, ly, "fiscal_expense", "last_year", -1);
    m->ly_general = yuan_key(&c, ly, "general_expense", "last_year", -1);
    m->ly_sanggong = yuan_key(&c, ly, "sanggong", "last_year", -1);
    m->ly_org_running = yuan_key(&c, ly, "org_running", "last_year", -1);
    json_t *r = json_object_get(root, "reasons");
    m->r_total = str(&c, r, "total", NULL);
    m->r_fiscal = str(&c, r, "fiscal", NULL);
    m->r_general = str(&c, r, "general", NULL);
    m->r_sanggong = str(&c, r, "sanggong", NULL);
    m->r_sanggong_budget = str(&c, r, "sanggong_budget", NULL);
    m->r_org_running = str(&c, r, "org_running", NULL);

    meta_sanggong(&c, m, root);
    m->org_running_budget = yuan_key(&c, root, "org_running_budget", "", -1);
    json_t *gs = json_object_get(root, "general_spending");
    m->meetings_text = str(&c, gs, "meetings", NULL);
    m->training_text = str(&c, gs, "training", NULL);
    json_t *pr = json_object_get(root, "procurement");
    m->proc_goods = yuan_key(&c, pr, "goods", "procurement", 0);
    m->proc_works = yuan_key(&c, pr, "works", "procurement", 0);
    m->proc_services = yuan_key(&c, pr, "services", "procurement", 0);
    m->proc_sme = yuan_key(&c, pr, "sme", "procurement", 0);
    if (m->proc_sme > m->proc_goods + m->proc_works + m->proc_services)
        merr(&c, "procurement.sme", "授予中小企业合同金额大于政府采购支出总额");
    json_t *as = json_object_get(root, "assets");
    json_t *veh = json_object_get(as, "vehicles");
    static const char *const VK[6] = {"主要领导干部用车", "机要通信用车",     "应急保障用车",
                                      "执法执勤用车",     "特种专业技术用车", "其他用车"};
    for (int i = 0; i < 6; i++)
        m->veh[i] = intv(&c, veh, VK[i], "assets.vehicles");
    m->equip50 = intv(&c, as, "equipment_over_50w", "assets");
    m->equip100 = intv(&c, as, "special_equipment_over_100w", "assets");
    meta_performance(&c, m, root);
    m->other_text = str(&c, root, "other", NULL);
    json_decref(root);
    return c.nerr;
}
