/*
 * ledger.c - reading the ledger CSV (docs/build.md) and aggregating it.
 *
 * One posting a record: 收支, 功能分类, 经济分类, 资金来源, 支出类型, 金额
 * (元, up to two decimals), 项目. RFC 4180 quoting; a header line naming the
 * columns (any order) is required. Postings are summed into leaves keyed by
 * (收支, fund, type, 功能分类 项, 经济分类 款) in an open-addressing table, so
 * a million lines cost one pass and a few thousand leaves. A code is checked
 * against the catalogue once, when its leaf is created; every line that uses
 * a rejected code is reported again with its own line number.
 *
 * As users save it: UTF-8 with or without a BOM, or GB18030 (what Excel and WPS
 * write for "CSV" on a Chinese system); amounts with thousands separators
 * ("1,234,567.89", quoted in the CSV); ASCII and ideographic spaces around
 * fields. A ledger sheet of an XLSX workbook comes here as CSV text, one line
 * per sheet row (sheets.c). Each error names the line (= sheet row) and the
 * column: "l.csv:12: F列“金额”：…", "book.xlsx:12: 明细!F12“金额”：…".
 */
#include "compile.h"
#include "ingest/sheet.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const JS_FUND_NAMES[NFUND] = {"一般公共预算", "政府性基金", "国有资本经营", "上级补助",
                                          "事业",         "经营",       "附属单位上缴", "其他"};
const char *const JS_TYPE_NAMES[NTYPE] = {"基本", "项目", "上缴上级", "经营", "对附属单位补助"};

enum { C_KIND, C_FUNC, C_ECON, C_FUND, C_TYPE, C_AMOUNT, C_PROJECT, NCOLS };
static const char *const COLNAMES[NCOLS][3] = {
    {"收支", "kind", NULL},
    {"功能分类", "func", "功能分类科目编码"},
    {"经济分类", "econ", "经济分类科目编码"},
    {"资金来源", "fund", NULL},
    {"支出类型", "type", NULL},
    {"金额", "amount", "金额（元）"},
    {"项目", "project", "项目名称"},
};

#define MAXFIELDS 32

typedef struct slice {
    const char *s;
    size_t n;
} slice;

static void err_line(bl_ledger *L, js_diags *errs, const char *path, long line, const char *fmt,
                     ...) __attribute__((format(printf, 5, 6)));
static void err_line(bl_ledger *L, js_diags *errs, const char *path, long line, const char *fmt,
                     ...)
{
    va_list ap;
    va_start(ap, fmt);
    js_diags_vadd(
        errs,
        &(js_diag){
            .severity = JS_DIAG_ERROR, .code = "B-LEDGER", .file = path, .loc.line = (int)line},
        fmt, ap);
    va_end(ap);
    L->nerrors++;
}

/* The place of a field in messages: column letter (and sheet cell for a workbook). */
typedef struct place {
    const char *path, *sheet; /* sheet NULL for a CSV file */
    const char *const *names; /* header names by column index */
    int nnames;
} place;

static void err_cell(bl_ledger *L, js_diags *errs, const place *p, long line, int col,
                     const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static void err_cell(bl_ledger *L, js_diags *errs, const place *p, long line, int col,
                     const char *fmt, ...)
{
    char ref[16], cell[256];
    js_cell_ref(col, (int)line, ref, sizeof ref);
    size_t letters = strspn(ref, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    const char *name = col >= 0 && col < p->nnames && p->names[col] ? p->names[col] : "";
    if (p->sheet)
        snprintf(cell, sizeof cell, "%s!%s“%s”", p->sheet, ref, name);
    else
        snprintf(cell, sizeof cell, "%.*s列“%s”", (int)letters, ref, name);
    va_list ap;
    va_start(ap, fmt);
    js_diags_vadd(errs,
                  &(js_diag){.severity = JS_DIAG_ERROR,
                             .code = "B-LEDGER",
                             .file = p->path,
                             .loc.line = (int)line,
                             .cell = cell},
                  fmt, ap);
    va_end(ap);
    L->nerrors++;
}

static bool eq(slice f, const char *s)
{
    size_t n = strlen(s);
    return f.n == n && memcmp(f.s, s, n) == 0;
}

/* Trim ASCII spaces, tabs and ideographic spaces (U+3000), as a hand-edited sheet has them. */
static slice trim(slice f)
{
    for (;;) {
        if (f.n && (f.s[0] == ' ' || f.s[0] == '\t'))
            f.s++, f.n--;
        else if (f.n >= 3 && memcmp(f.s, "\xE3\x80\x80", 3) == 0)
            f.s += 3, f.n -= 3;
        else
            break;
    }
    for (;;) {
        if (f.n && (f.s[f.n - 1] == ' ' || f.s[f.n - 1] == '\t'))
            f.n--;
        else if (f.n >= 3 && memcmp(f.s + f.n - 3, "\xE3\x80\x80", 3) == 0)
            f.n -= 3;
        else
            break;
    }
    return f;
}

/*
 * Split one record at *pos into fields. Quoted fields are unescaped into
 * scratch. Returns the number of fields, advances *pos past the record end
 * and counts the newlines consumed in *nl. -1 for an unterminated quote.
 */
static int split(const char *t, size_t n, size_t *pos, slice *f, int maxf, char *scratch,
                 size_t scap, int *nl, bool *toolong)
{
    size_t i = *pos, sp = 0;
    int nf = 0;
    *nl = 0;
    *toolong = false;
    for (;;) {
        slice cur = {t + i, 0};
        if (i < n && t[i] == '"') {
            i++;
            size_t start = sp;
            for (;;) {
                if (i >= n) {
                    *pos = n;
                    return -1;
                }
                char ch = t[i];
                if (ch == '"') {
                    if (i + 1 < n && t[i + 1] == '"') {
                        if (sp < scap)
                            scratch[sp++] = '"';
                        else
                            *toolong = true;
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                if (ch == '\n') (*nl)++;
                if (sp < scap)
                    scratch[sp++] = ch;
                else
                    *toolong = true;
                i++;
            }
            cur.s = scratch + start;
            cur.n = sp - start;
            /* anything between the closing quote and the separator is kept out */
            while (i < n && t[i] != ',' && t[i] != '\n' && t[i] != '\r')
                i++;
        } else {
            size_t s0 = i;
            while (i < n && t[i] != ',' && t[i] != '\n' && t[i] != '\r')
                i++;
            cur.s = t + s0;
            cur.n = i - s0;
        }
        if (nf < maxf) f[nf] = cur;
        nf++;
        if (i < n && t[i] == ',') {
            i++;
            continue;
        }
        if (i < n && t[i] == '\r') i++;
        if (i < n && t[i] == '\n') {
            i++;
            (*nl)++;
        }
        break;
    }
    *pos = i;
    return nf;
}

/* Digits only, exactly len of them: the number, or -1. */
static int code_num(slice f, size_t len)
{
    if (f.n != len) return -1;
    int v = 0;
    for (size_t i = 0; i < len; i++) {
        if (f.s[i] < '0' || f.s[i] > '9') return -1;
        v = v * 10 + (f.s[i] - '0');
    }
    return v;
}

/* "1234.56", "-3.5", "12", "1,234,567.89": 元 with at most two decimals, to fen.
 * Thousands separators only in groups of three. */
static bool amount(slice f, int64_t *out)
{
    size_t i = 0;
    bool neg = false;
    if (i < f.n && (f.s[i] == '-' || f.s[i] == '+')) neg = f.s[i++] == '-';
    int64_t v = 0;
    size_t d0 = i;
    int group = -1; /* digits since the last separator; -1 before the first */
    while (i < f.n && ((f.s[i] >= '0' && f.s[i] <= '9') || f.s[i] == ',')) {
        if (f.s[i] == ',') {
            if (i == d0 || (group >= 0 && group != 3) || (group < 0 && i - d0 > 3)) return false;
            group = 0;
            i++;
            continue;
        }
        if (v > (INT64_MAX / 100 - 9) / 10) return false;
        v = v * 10 + (f.s[i++] - '0');
        if (group >= 0) group++;
    }
    if (i == d0 || (group >= 0 && group != 3)) return false;
    int dec = 0;
    if (i < f.n && f.s[i] == '.') {
        i++;
        while (i < f.n && f.s[i] >= '0' && f.s[i] <= '9' && dec < 3) {
            v = v * 10 + (f.s[i++] - '0');
            dec++;
        }
        if (dec == 0 || dec > 2) return false;
    }
    if (i != f.n) return false;
    for (; dec < 2; dec++)
        v *= 10;
    *out = neg ? -v : v;
    return true;
}

static int fund_of(slice f)
{
    for (int k = 0; k < NFUND; k++) {
        size_t n = strlen(JS_FUND_NAMES[k]);
        if (f.n >= n && memcmp(f.s, JS_FUND_NAMES[k], n) == 0) {
            slice rest = {f.s + n, f.n - n};
            /* allow the long forms: 一般公共预算财政拨款, 事业收入, 其他收入 … */
            if (rest.n == 0 || eq(rest, "财政拨款") || eq(rest, "收入") || eq(rest, "预算") ||
                eq(rest, "预算财政拨款") || eq(rest, "财政拨款收入") ||
                eq(rest, "预算财政拨款收入"))
                return k;
        }
    }
    return -1;
}

static int type_of(slice f)
{
    for (int k = 0; k < NTYPE; k++) {
        size_t n = strlen(JS_TYPE_NAMES[k]);
        if (f.n >= n && memcmp(f.s, JS_TYPE_NAMES[k], n) == 0 &&
            (f.n == n || eq((slice){f.s + n, f.n - n}, "支出")))
            return k;
    }
    return -1;
}

static uint64_t leaf_key(int income, int fund, int type, int func, int econ)
{
    return 1ULL | (uint64_t)income << 1 | (uint64_t)fund << 2 | (uint64_t)(type + 1) << 6 |
           (uint64_t)func << 10 | (uint64_t)econ << 40;
}

static uint64_t mix(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return k;
}

static bl_leaf *leaf_slot(bl_ledger *L, uint64_t key, bool *fresh)
{
    if ((L->n + 1) * 2 > L->cap) {
        size_t ncap = L->cap ? L->cap * 2 : 1024;
        bl_leaf *nl = calloc(ncap, sizeof *nl);
        if (!nl) return NULL;
        for (size_t i = 0; i < L->cap; i++) {
            if (!L->leaves[i].key) continue;
            size_t j = mix(L->leaves[i].key) & (ncap - 1);
            while (nl[j].key)
                j = (j + 1) & (ncap - 1);
            nl[j] = L->leaves[i];
        }
        free(L->leaves);
        L->leaves = nl;
        L->cap = ncap;
    }
    size_t j = mix(key) & (L->cap - 1);
    while (L->leaves[j].key && L->leaves[j].key != key)
        j = (j + 1) & (L->cap - 1);
    *fresh = !L->leaves[j].key;
    if (*fresh) {
        L->leaves[j].key = key;
        L->n++;
    }
    return &L->leaves[j];
}

static uint64_t hash_str(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

static int project_add(bl_ledger *L, slice name, int64_t v)
{
    if ((L->pn + 1) * 2 > L->pcap) {
        size_t ncap = L->pcap ? L->pcap * 2 : 64;
        bl_project *np = calloc(ncap, sizeof *np);
        if (!np) return -1;
        for (size_t i = 0; i < L->pcap; i++) {
            if (!L->proj[i].name) continue;
            size_t j = hash_str(L->proj[i].name, strlen(L->proj[i].name)) & (ncap - 1);
            while (np[j].name)
                j = (j + 1) & (ncap - 1);
            np[j] = L->proj[i];
        }
        free(L->proj);
        L->proj = np;
        L->pcap = ncap;
    }
    size_t j = hash_str(name.s, name.n) & (L->pcap - 1);
    while (L->proj[j].name &&
           !(strlen(L->proj[j].name) == name.n && memcmp(L->proj[j].name, name.s, name.n) == 0))
        j = (j + 1) & (L->pcap - 1);
    if (!L->proj[j].name) {
        L->proj[j].name = js_arena_strndup(L->names, name.s, name.n);
        if (!L->proj[j].name) return -1;
        L->pn++;
    }
    L->proj[j].sum += v;
    return 0;
}

/* msg saying the code is not in the year's catalogue of its class (功能分类,
 * seven digits; 经济分类, five), or NULL when it is. */
static const char *check_code(const js_ctx *ctx, int cls, int year, int code, char *msg,
                              size_t size)
{
    bool func = cls == JS_CLASS_FUNC;
    char s[16];
    snprintf(s, sizeof s, func ? "%07d" : "%05d", code);
    if (js_catalog_find(ctx->catalog, cls, year, s)) return NULL;
    snprintf(msg, size, "%s科目编码 %s 不在 %d 年的科目目录中", func ? "功能分类" : "经济分类", s,
             year);
    return msg;
}

void bl_ledger_release(bl_ledger *L)
{
    free(L->leaves);
    free(L->proj);
    js_arena_free(L->names);
    memset(L, 0, sizeof *L);
}

static int ledger_parse(bl_ledger *L, const js_ctx *ctx, int year, const char *path,
                        const char *sheet, const char *text, size_t n, js_diags *errs, js_err *err);

/* Text that is not UTF-8 is read as GB18030 (Excel's and WPS's "CSV" on a Chinese
 * system) into conv; false (with the line of the first bad byte in *badline) when
 * it is neither. */
static bool decode(const char **text, size_t *n, js_buf *conv, long *badline)
{
    if (js_utf8_valid(*text, *n)) return true;
    size_t skip = *n >= 4 && memcmp(*text, "\x84\x31\x95\x33", 4) == 0 ? 4 : 0; /* its BOM */
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1) return false;
    char *in = (char *)*text + skip;
    size_t left = *n - skip;
    bool ok = true;
    char tmp[8192];
    while (left > 0) {
        char *o = tmp;
        size_t oleft = sizeof tmp;
        size_t r = iconv(cd, &in, &left, &o, &oleft);
        js_buf_append(conv, tmp, sizeof tmp - oleft);
        if (r == (size_t)-1 && errno != E2BIG) {
            ok = false;
            break;
        }
    }
    iconv_close(cd);
    if (!ok || conv->oom) {
        /* the first byte that is not UTF-8 */
        size_t i = 0;
        while (i < *n) {
            size_t k = js_utf8_len(*text + i, *n - i);
            if (!k) break;
            i += k;
        }
        *badline = 1;
        for (size_t j = 0; j < i; j++)
            *badline += (*text)[j] == '\n';
        return false;
    }
    *text = conv->data ? conv->data : "";
    *n = conv->len;
    return true;
}

int bl_ledger_read(bl_ledger *L, const js_ctx *ctx, int year, const char *path, const char *sheet,
                   const char *text, size_t n, js_diags *errs, js_err *err)
{
    memset(L, 0, sizeof *L);
    L->names = js_arena_new();
    if (!L->names) return js_err_set(err, JS_EINTERNAL, "out of memory");
    js_buf conv;
    js_buf_init(&conv);
    long badline = 0;
    if (!decode(&text, &n, &conv, &badline)) {
        err_line(L, errs, path, badline,
                 "既不是 UTF-8 也不是 GB18030 编码的文本（请另存为“CSV UTF-8”或 .xlsx）");
        js_buf_release(&conv);
        return JS_OK;
    }
    int rc = ledger_parse(L, ctx, year, path, sheet, text, n, errs, err);
    js_buf_release(&conv);
    return rc;
}

/* One posting's fields, checked; errors (each naming its cell) appended to errs. */
typedef struct posting {
    int income, func, fund, type, econ;
    int64_t v;
    slice pj;
} posting;

static void posting_read(bl_ledger *L, js_diags *errs, const place *pp, long rec, const int *col,
                         const slice *f, int nf, posting *o)
{
    const place pl = *pp;
    slice kind = trim(f[col[C_KIND]]), fc = trim(f[col[C_FUNC]]), ec = trim(f[col[C_ECON]]),
          fd = trim(f[col[C_FUND]]), ty = trim(f[col[C_TYPE]]), am = trim(f[col[C_AMOUNT]]);
    slice pj = {"", 0};
    if (col[C_PROJECT] >= 0 && col[C_PROJECT] < nf) pj = trim(f[col[C_PROJECT]]);
    int income;
    if (eq(kind, "支出"))
        income = 0;
    else if (eq(kind, "收入"))
        income = 1;
    else {
        err_cell(L, errs, &pl, rec, col[C_KIND], "收支应为“收入”或“支出”，不是“%.*s”", (int)kind.n,
                 kind.s);
        income = -1;
    }
    int func = code_num(fc, 7);
    if (func < 0) {
        if (js_all_digits_n(fc.s, fc.n) && (fc.n == 3 || fc.n == 5))
            err_cell(L, errs, &pl, rec, col[C_FUNC],
                     "功能分类科目编码 %.*s 是%s级，应填到项级（7位）", (int)fc.n, fc.s,
                     fc.n == 3 ? "类" : "款");
        else
            err_cell(L, errs, &pl, rec, col[C_FUNC], "功能分类科目编码“%.*s”应为7位数字", (int)fc.n,
                     fc.s);
    }
    int fund = fund_of(fd);
    if (fund < 0) err_cell(L, errs, &pl, rec, col[C_FUND], "资金来源“%.*s”不认识", (int)fd.n, fd.s);
    int type = -1, econ = 0;
    if (income == 0) {
        type = type_of(ty);
        if (type < 0)
            err_cell(L, errs, &pl, rec, col[C_TYPE],
                     "支出类型“%.*s”不认识（基本、项目、上缴上级、经营、对附属单位补助）",
                     (int)ty.n, ty.s);
        if (ec.n) {
            econ = code_num(ec, 5);
            if (econ < 0) {
                if (js_all_digits_n(ec.s, ec.n) && ec.n == 3)
                    err_cell(L, errs, &pl, rec, col[C_ECON],
                             "经济分类科目编码 %.*s 是类级，应填到款级（5位）", (int)ec.n, ec.s);
                else
                    err_cell(L, errs, &pl, rec, col[C_ECON], "经济分类科目编码“%.*s”应为5位数字",
                             (int)ec.n, ec.s);
            }
        } else if (type == T_BASIC) {
            err_cell(L, errs, &pl, rec, col[C_ECON], "基本支出必须填写经济分类科目编码");
        }
    } else if (income == 1 && (ty.n || ec.n)) {
        err_cell(L, errs, &pl, rec, ty.n ? col[C_TYPE] : col[C_ECON],
                 "收入行不填支出类型和经济分类");
    }
    int64_t v = 0;
    if (!amount(am, &v))
        err_cell(L, errs, &pl, rec, col[C_AMOUNT], "金额“%.*s”不是以元为单位、最多两位小数的数",
                 (int)am.n, am.s);
    *o = (posting){income, func, fund, type, econ, v, pj};
}

/* Add a checked posting to its leaf (a code not in the catalogue is reported on
 * every line that uses it). false when out of memory. */
static bool posting_add(bl_ledger *L, const js_ctx *ctx, int year, js_diags *errs, const place *pl,
                        long rec, const int *col, const posting *P)
{
    char msg[256];
    bool fresh;
    bl_leaf *lf = leaf_slot(L, leaf_key(P->income, P->fund, P->type, P->func, P->econ), &fresh);
    if (!lf) return false;
    if (fresh) {
        lf->income = P->income;
        lf->fund = P->fund;
        lf->type = P->type;
        lf->func = P->func;
        lf->econ = P->econ;
        if (check_code(ctx, JS_CLASS_FUNC, year, P->func, msg, sizeof msg) ||
            (P->econ && check_code(ctx, JS_CLASS_ECON, year, P->econ, msg, sizeof msg)))
            lf->bad = 1;
    }
    if (lf->bad) {
        const char *m = check_code(ctx, JS_CLASS_FUNC, year, P->func, msg, sizeof msg);
        if (!m && P->econ) m = check_code(ctx, JS_CLASS_ECON, year, P->econ, msg, sizeof msg);
        err_cell(L, errs, pl, rec, m && strstr(m, "经济") ? col[C_ECON] : col[C_FUNC], "%s",
                 m ? m : "科目编码不在目录中");
        return true;
    }
    int64_t v = P->v;
    if ((v > 0 && lf->sum > INT64_MAX / 2) || (v < 0 && lf->sum < INT64_MIN / 2)) {
        err_cell(L, errs, pl, rec, col[C_AMOUNT], "金额合计超出范围");
        return true;
    }
    lf->sum += v;
    return P->income || !P->pj.n || project_add(L, P->pj, v) >= 0;
}

/* The ledger's header line, after any blank lines at *pos (*line its number):
 * the index of each column in col (-1: absent), the header's names in names
 * (for messages), and their number; -1, the problem reported, when there is no
 * header or it lacks a column. */
static int header_read(bl_ledger *L, js_diags *errs, const char *path, const char *text, size_t n,
                       size_t *pos, long *line, char *scratch, int *col, const char **names)
{
    for (int k = 0; k < NCOLS; k++)
        col[k] = -1;
    while (*pos < n && (text[*pos] == '\n' || text[*pos] == '\r')) {
        if (text[*pos] == '\n') (*line)++;
        (*pos)++;
    }
    if (*pos >= n) {
        err_line(L, errs, path, *line,
                 "空文件：缺少标题行（收支,功能分类,经济分类,资金来源,支出类型,金额,项目）");
        return -1;
    }
    slice f[MAXFIELDS];
    bool toolong;
    int nl;
    int nf = split(text, n, pos, f, MAXFIELDS, scratch, 65536, &nl, &toolong);
    if (nf < 0) {
        err_line(L, errs, path, *line, "引号未闭合");
        return -1;
    }
    int nnames = nf < MAXFIELDS ? nf : MAXFIELDS;
    for (int i = 0; i < nnames; i++) {
        slice h = trim(f[i]);
        names[i] = js_arena_strndup(L->names, h.s, h.n);
        for (int k = 0; k < NCOLS; k++)
            for (int a = 0; a < 3 && COLNAMES[k][a]; a++)
                if (eq(h, COLNAMES[k][a]) && col[k] < 0) col[k] = i;
    }
    bool ok = true;
    for (int k = 0; k < NCOLS; k++) {
        if (col[k] < 0 && k != C_PROJECT) {
            err_line(L, errs, path, *line, "标题行缺少列“%s”", COLNAMES[k][0]);
            ok = false;
        }
    }
    *line += nl;
    return ok ? nnames : -1;
}

static int ledger_parse(bl_ledger *L, const js_ctx *ctx, int year, const char *path,
                        const char *sheet, const char *text, size_t n, js_diags *errs, js_err *err)
{
    size_t pos = 0;
    if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) pos = 3;
    slice f[MAXFIELDS];
    char *scratch = malloc(65536);
    if (!scratch) return js_err_set(err, JS_EINTERNAL, "out of memory");
    long line = 1;
    int col[NCOLS];
    const char *names[MAXFIELDS] = {0};
    int nnames = header_read(L, errs, path, text, n, &pos, &line, scratch, col, names);
    if (nnames < 0) {
        free(scratch);
        return JS_OK;
    }
    place pl = {path, sheet, names, nnames};
    int need = 0;
    for (int k = 0; k < NCOLS; k++)
        if (col[k] + 1 > need) need = col[k] + 1;
    while (pos < n) {
        long rec = line;
        int nl;
        bool toolong;
        int nf = split(text, n, &pos, f, MAXFIELDS, scratch, 65536, &nl, &toolong);
        line += nl;
        if (nf < 0) {
            err_line(L, errs, path, rec, "引号未闭合");
            break;
        }
        if (toolong) {
            L->lines++;
            err_line(L, errs, path, rec, "带引号的字段合计超过 64 KB");
            continue;
        }
        if (nf == 1 && f[0].n == 0) continue; /* blank line */
        L->lines++;
        if (nf < need && !(nf == need - 1 && col[C_PROJECT] == need - 1)) {
            err_line(L, errs, path, rec, "只有 %d 列，应有 %d 列", nf, need);
            continue;
        }
        posting P;
        int bad = L->nerrors;
        posting_read(L, errs, &pl, rec, col, f, nf, &P);
        if (L->nerrors != bad) continue;
        if (!posting_add(L, ctx, year, errs, &pl, rec, col, &P)) {
            free(scratch);
            return js_err_set(err, JS_EINTERNAL, "out of memory");
        }
    }
    free(scratch);
    for (size_t i = 0; i < L->cap; i++)
        if (L->leaves[i].key) L->leaves[i].rounded = bl_round_wan(L->leaves[i].sum);
    return JS_OK;
}
