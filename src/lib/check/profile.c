/*
 * profile.c - rule profiles and baselines (include/juesuan/profile.h),
 * applied to the findings after the rules ran: the engine itself is not
 * changed by a profile, so the catalogue and the rules stay one source.
 */
#include "juesuan/profile.h"
#include "juesuan/text.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

enum { RULE_DEFAULT = 0, RULE_ON = 1, RULE_OFF = -1 };

typedef struct accepted {
    char *doc, *dept; /* the baseline's document (basename) and department */
    long year;
    char *rule, *table, *row, *column, *section, *stated, *expected;
    char *by, *comment;
} accepted;

struct js_profile {
    char *name;
    signed char *state; /* per catalogue rule: RULE_* */
    int *severity;      /* per catalogue rule: -1 or JS_SEV_* */
    size_t nrules;
    bool require[10]; /* tables 01..09 required; all when !has_require */
    bool has_require;
    int64_t tolerance; /* 万元 in millionths (0.05 -> 50000); 0: none */
    accepted *acc;
    size_t nacc, capacc;
};

js_profile *js_profile_new(void)
{
    js_profile *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    js_rules(&p->nrules);
    p->state = calloc(p->nrules ? p->nrules : 1, 1);
    p->severity = malloc((p->nrules ? p->nrules : 1) * sizeof *p->severity);
    if (!p->state || !p->severity) {
        js_profile_free(p);
        return NULL;
    }
    for (size_t i = 0; i < p->nrules; i++)
        p->severity[i] = -1;
    return p;
}

static void acc_free(accepted *a)
{
    char **s[] = {&a->doc,     &a->dept,   &a->rule,     &a->table, &a->row,    &a->column,
                  &a->section, &a->stated, &a->expected, &a->by,    &a->comment};
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
        free(*s[i]);
}

void js_profile_free(js_profile *p)
{
    if (!p) return;
    for (size_t i = 0; i < p->nacc; i++)
        acc_free(&p->acc[i]);
    free(p->acc);
    free(p->name);
    free(p->state);
    free(p->severity);
    free(p);
}

static long rule_index(const char *id)
{
    size_t n;
    const js_rule *r = js_rules(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(r[i].id, id) == 0) return (long)i;
    return -1;
}

static int severity_of(const char *s)
{
    if (strcmp(s, "error") == 0) return JS_SEV_ERROR;
    if (strcmp(s, "warning") == 0) return JS_SEV_WARNING;
    if (strcmp(s, "notice") == 0) return JS_SEV_NOTICE;
    return -1;
}

/* "0.05" -> 50000 millionths; false if not a plain non-negative decimal. */
static bool parse_millionths(const char *s, int64_t *out)
{
    js_num v;
    if (js_num_parse(s, strlen(s), &v) != JS_NUM_VALUE || v.mant < 0 || v.dec > 6) return false;
    int64_t m = v.mant;
    for (int d = v.dec; d < 6; d++) {
        if (m > INT64_MAX / 10) return false;
        m *= 10;
    }
    *out = m;
    return true;
}

static int set_rule(js_profile *p, const char *verb, const char *arg, const char *origin,
                    js_err *err)
{
    char id[64];
    const char *eq = strchr(arg, '=');
    size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
    if (n == 0 || n >= sizeof id)
        return js_err_set(err, JS_EUSAGE, "%s: a rule id is missing", origin);
    memcpy(id, arg, n);
    id[n] = '\0';
    long i = rule_index(id);
    if (i < 0)
        return js_err_set(err, JS_EUSAGE, "%s: no rule %s ('juesuan rules' lists them)", origin,
                          id);
    if (strcmp(verb, "disable") == 0) {
        p->state[i] = RULE_OFF;
    } else if (strcmp(verb, "enable") == 0) {
        p->state[i] = RULE_ON;
    } else {
        int s = eq ? severity_of(eq + 1) : -1;
        if (s < 0)
            return js_err_set(err, JS_EUSAGE, "%s: severity wants RULE=error|warning|notice",
                              origin);
        p->severity[i] = s;
    }
    return JS_OK;
}

static int set_require(js_profile *p, const char *arg, const char *origin, js_err *err)
{
    memset(p->require, 0, sizeof p->require);
    p->has_require = true;
    for (const char *s = arg; *s;) {
        while (*s == ' ' || *s == ',' || *s == '\t')
            s++;
        if (!*s) break;
        char *end = NULL;
        long t = strtol(s, &end, 10);
        if (end == s || t < 1 || t > 9)
            return js_err_set(err, JS_EUSAGE, "%s: require lists tables 01..09", origin);
        p->require[t] = true;
        s = end;
    }
    return JS_OK;
}

int js_profile_directive(js_profile *p, const char *line, const char *origin, js_err *err)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", line);
    char *hash = strchr(buf, '#');
    if (hash) *hash = '\0';
    size_t n = strlen(buf);
    while (n && strchr(" \t\r\n", buf[n - 1]))
        buf[--n] = '\0';
    char *verb = buf;
    while (*verb == ' ' || *verb == '\t')
        verb++;
    if (!*verb) return JS_OK;
    char *arg = verb + strcspn(verb, " \t");
    if (*arg) *arg++ = '\0';
    while (*arg == ' ' || *arg == '\t')
        arg++;
    if (strcmp(verb, "disable") == 0 || strcmp(verb, "enable") == 0 ||
        strcmp(verb, "severity") == 0)
        return set_rule(p, verb, arg, origin, err);
    if (strcmp(verb, "require") == 0) return set_require(p, arg, origin, err);
    if (strcmp(verb, "tolerance") == 0) {
        const char *v = strncmp(arg, "rounding=", 9) == 0 ? arg + 9 : NULL;
        if (!v || !parse_millionths(v, &p->tolerance))
            return js_err_set(err, JS_EUSAGE, "%s: tolerance wants rounding=AMOUNT (万元)", origin);
        return JS_OK;
    }
    if (strcmp(verb, "name") == 0) {
        free(p->name);
        p->name = strdup(arg);
        return p->name ? JS_OK : js_err_set(err, JS_EINTERNAL, "out of memory");
    }
    return js_err_set(err, JS_EUSAGE, "%s: unknown directive '%s'", origin, verb);
}

int js_profile_load(js_profile *p, const char *path, js_err *err)
{
    js_buf b;
    js_buf_init(&b);
    int rc = js_file_read(path, &b, err);
    int lineno = 0;
    for (char *s = b.data; rc == JS_OK && s && *s;) {
        char *nl = strchr(s, '\n');
        if (nl) *nl = '\0';
        char origin[300];
        snprintf(origin, sizeof origin, "%.280s:%d", path, ++lineno);
        rc = js_profile_directive(p, s, origin, err);
        s = nl ? nl + 1 : NULL;
    }
    js_buf_release(&b);
    return rc;
}

bool js_profile_rule_on(const js_profile *p, const char *rule, int *severity)
{
    long i = rule_index(rule);
    if (severity) *severity = i >= 0 && p ? p->severity[i] : -1;
    return !p || i < 0 || p->state[i] != RULE_OFF;
}

/* ---- baseline ------------------------------------------------------------------ */

static char *jstr(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? strdup(s) : NULL;
}

static const char *base_name(const char *path)
{
    const char *s = path ? strrchr(path, '/') : NULL;
    return s ? s + 1 : path;
}

static int accept_doc(js_profile *p, json_t *doc, const char *path, js_err *err)
{
    json_t *fs = json_object_get(doc, "findings");
    size_t i;
    json_t *x;
    json_array_foreach(fs, i, x)
    {
        if (p->nacc == p->capacc) {
            size_t cap = p->capacc ? p->capacc * 2 : 64;
            accepted *a = realloc(p->acc, cap * sizeof *a);
            if (!a) return js_err_set(err, JS_EINTERNAL, "out of memory");
            p->acc = a;
            p->capacc = cap;
        }
        accepted *a = &p->acc[p->nacc++];
        memset(a, 0, sizeof *a);
        const char *d = json_string_value(json_object_get(doc, "document"));
        a->doc = d ? strdup(base_name(d)) : NULL;
        a->dept = jstr(doc, "department");
        a->year = (long)json_integer_value(json_object_get(doc, "year"));
        a->rule = jstr(x, "rule");
        a->table = jstr(x, "table");
        a->row = jstr(x, "row");
        a->column = jstr(x, "column");
        a->section = jstr(x, "section");
        a->stated = jstr(x, "stated");
        a->expected = jstr(x, "expected");
        json_t *acc = json_object_get(x, "accepted");
        a->by = jstr(acc, "by");
        a->comment = jstr(acc, "comment");
        if (!a->by) a->by = strdup(base_name(path));
        if (!a->comment) a->comment = strdup("列入审核基线");
        if (!a->rule || !a->by || !a->comment) {
            acc_free(a);
            p->nacc--;
            if (!json_string_value(json_object_get(x, "rule")))
                return js_err_set(err, JS_EINPUT, "%s: a finding without a rule", path);
            return js_err_set(err, JS_EINTERNAL, "out of memory");
        }
    }
    return JS_OK;
}

int js_profile_accept_file(js_profile *p, const char *path, js_err *err)
{
    js_buf b;
    js_buf_init(&b);
    int rc = js_file_read(path, &b, err);
    if (rc != JS_OK) {
        js_buf_release(&b);
        return rc;
    }
    json_error_t je;
    json_t *root = json_loadb(b.data ? b.data : "", b.len, 0, &je);
    js_buf_release(&b);
    if (!root)
        return js_err_set(err, JS_EINPUT, "%s:%d: not a findings JSON: %s", path, je.line, je.text);
    if (json_is_object(root)) {
        rc = accept_doc(p, root, path, err);
    } else if (json_is_array(root)) {
        size_t i;
        json_t *d;
        json_array_foreach(root, i, d) if (rc == JS_OK) rc = accept_doc(p, d, path, err);
    } else {
        rc = js_err_set(err, JS_EINPUT, "%s: not a findings JSON (an object or an array)", path);
    }
    json_decref(root);
    return rc;
}

static bool same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static const accepted *baseline_of(const js_profile *p, const js_doc *doc, const js_finding *x)
{
    const char *bn = base_name(doc->path);
    for (size_t i = 0; i < p->nacc; i++) {
        const accepted *a = &p->acc[i];
        bool doc_ok = (a->doc && bn && strcmp(a->doc, bn) == 0) ||
                      (a->dept && doc->dept && *a->dept && strcmp(a->dept, doc->dept) == 0 &&
                       a->year == doc->year);
        if (doc_ok && strcmp(a->rule, x->rule) == 0 && same(a->table, x->table) &&
            same(a->row, x->row) && same(a->column, x->column) && same(a->section, x->section) &&
            same(a->stated, x->stated) && same(a->expected, x->expected))
            return a;
    }
    return NULL;
}

/* ---- applying -------------------------------------------------------------------- */

/* |stated - expected| in 万元 millionths, or -1 when either is not a number. */
static int64_t difference(const js_doc *doc, const js_finding *x)
{
    js_num s, e;
    if (!x->stated || !x->expected ||
        js_num_parse(x->stated, strlen(x->stated), &s) != JS_NUM_VALUE ||
        js_num_parse(x->expected, strlen(x->expected), &e) != JS_NUM_VALUE || s.dec > 6 ||
        e.dec > 6)
        return -1;
    int64_t a = s.mant, b = e.mant;
    for (int d = s.dec; d < 6; d++)
        a = a > INT64_MAX / 10 || a < INT64_MIN / 10 ? 0 : a * 10;
    for (int d = e.dec; d < 6; d++)
        b = b > INT64_MAX / 10 || b < INT64_MIN / 10 ? 0 : b * 10;
    int64_t d = a > b ? a - b : b - a;
    long no = x->table ? strtol(x->table, NULL, 10) : 0;
    const js_table *t = no >= 1 && no <= 9 ? doc->tables[no] : NULL;
    if (t && t->unit == JS_UNIT_YUAN) d /= 10000; /* 元 -> 万元 */
    return d;
}

/* The new kind/severity of x, or false when it is dropped. */
static bool adjust(const js_profile *p, const js_doc *doc, js_finding *x)
{
    long i = rule_index(x->rule);
    if (i >= 0 && p->state[i] == RULE_OFF) return false;
    if (p->has_require && strcmp(x->rule, "C-MISSING") == 0 && x->table) {
        long no = strtol(x->table, NULL, 10);
        if (no >= 1 && no <= 9 && !p->require[no]) return false;
    }
    bool rounding = strcmp(x->kind, "rounding") == 0;
    if (i >= 0 && p->severity[i] >= 0 && !rounding) x->severity = p->severity[i];
    if (p->tolerance > 0 && !rounding &&
        (strcmp(x->kind, "arithmetic") == 0 || strcmp(x->kind, "cross-table") == 0)) {
        int64_t d = difference(doc, x);
        if (d >= 0 && d <= p->tolerance) {
            x->kind = "rounding";
            x->severity = JS_SEV_NOTICE;
        }
    }
    return true;
}

int js_profile_apply(const js_profile *p, const js_doc *doc, js_findings *f, int from, js_err *err)
{
    if (!p || f->n <= from) return JS_OK;
    int n = f->n - from;
    int *to = calloc((size_t)n + 1, sizeof *to); /* old id -> new id (0: dropped) */
    if (!to) return js_err_set(err, JS_EINTERNAL, "out of memory");
    int k = from;
    for (int i = from; i < f->n; i++) {
        js_finding x = f->items[i];
        if (!adjust(p, doc, &x)) continue;
        const accepted *a = p->nacc ? baseline_of(p, doc, &x) : NULL;
        if (a && !x.accepted_by) {
            x.accepted_by = js_arena_strdup(f->arena, a->by);
            x.accepted_comment = js_arena_strdup(f->arena, a->comment);
            if (!x.accepted_by || !x.accepted_comment) {
                free(to);
                return js_err_set(err, JS_EINTERNAL, "out of memory");
            }
        }
        if (x.id >= 1 && x.id <= n) to[x.id] = k - from + 1;
        f->items[k++] = x;
    }
    f->n = k;
    for (int i = from; i < f->n; i++) {
        js_finding *x = &f->items[i];
        x->cause = x->cause >= 1 && x->cause <= n ? to[x->cause] : 0;
        x->id = i - from + 1;
    }
    free(to);
    return JS_OK;
}

int js_check_profile(const js_ctx *ctx, const js_doc *doc, const js_profile *p, js_findings *out,
                     js_err *err)
{
    int from = out->n;
    int rc = js_check(ctx, doc, out, err);
    return rc == JS_OK ? js_profile_apply(p, doc, out, from, err) : rc;
}

void js_profile_describe(const js_profile *p, js_buf *out)
{
    js_buf_printf(out, "规则配置：%s\n",
                  p && p->name ? p->name : "默认（全部规则，按目录的严重程度）");
    js_buf_puts(out, "必须公开的表：");
    for (int t = 1; t <= 9; t++)
        if (!p || !p->has_require || p->require[t]) js_buf_printf(out, " %02d", t);
    js_buf_putc(out, '\n');
    if (p && p->tolerance > 0) {
        js_num v = {p->tolerance, 6};
        while (v.dec > 2 && v.mant % 10 == 0) {
            v.mant /= 10;
            v.dec--;
        }
        char num[40];
        js_buf_printf(out, "尾数容差：%s 万元（表内和表间差额不超过此数时作为尾数提示）\n",
                      js_num_fmt(v, num, sizeof num));
    }
    size_t n;
    const js_rule *r = js_rules(&n);
    for (size_t i = 0; p && i < n && i < p->nrules; i++) {
        if (p->state[i] == RULE_OFF) js_buf_printf(out, "停用：%s\n", r[i].id);
        if (p->severity[i] >= 0)
            js_buf_printf(out, "严重程度：%s = %s\n", r[i].id, js_severity_name(p->severity[i]));
    }
    if (p && p->nacc) js_buf_printf(out, "基线：%zu 条已接受的审核意见\n", p->nacc);
}
