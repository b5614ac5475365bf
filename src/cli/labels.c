/*
 * labels.c - the column names of the tables `db` and `report` print, in the
 * language of the interface (issue #15.1, #15.4). The store names its columns
 * with stable keys (dept, sangong, jiguan, …: docs/store.md); in English they
 * are shown as they are, in Chinese as the words a finance bureau uses
 * (部门, 三公经费, 机关运行经费, …). The field names of `db show` and the
 * result words of the identity checks (ok/differs) follow the same table.
 * A CSV in Chinese starts with a UTF-8 byte order mark, so that Excel on a
 * Chinese Windows opens it as UTF-8.
 */
#include "cli.h"
#include "juesuan/store.h"

#include <string.h>

static const struct label {
    const char *key, *zh;
} LABELS[] = {
    {"id", "编号"},
    {"hash", "哈希"},
    {"path", "文件"},
    {"bytes", "字节数"},
    {"dept", "部门"},
    {"year", "年度"},
    {"years", "年度"},
    {"region", "地区"},
    {"region_src", "地区来源"},
    {"form", "表式"},
    {"unit", "单位"},
    {"units", "单位数"},
    {"npages", "页数"},
    {"nlines", "行数"},
    {"ntables", "表数"},
    {"facts", "数字数"},
    {"nfacts", "数字数"},
    {"nsections", "说明部分数"},
    {"nparas", "段落数"},
    {"checked", "已审核"},
    {"check_note", "审核说明"},
    {"findings", "审核结果"},
    {"findings e/w/n", "错误/警告/提示"},
    {"nerrors", "错误"},
    {"nwarnings", "警告"},
    {"nnotices", "提示"},
    {"errors", "错误"},
    {"warnings", "警告"},
    {"notices", "提示"},
    {"sangong", "三公经费"},
    {"jiguan", "机关运行经费"},
    {"jiguan_src", "机关运行经费来源"},
    {"staff", "人员经费"},
    {"office", "公用经费"},
    {"current", "当前版本"},
    {"loaded_at", "载入时间"},
    {"field", "项目"},
    {"value", "值"},
    {"seq", "序号"},
    {"severity", "级别"},
    {"rule", "规则"},
    {"kind", "类别"},
    {"table", "表"},
    {"row", "行"},
    {"name", "科目名称"},
    {"column", "列"},
    {"section", "说明部分"},
    {"line", "行号"},
    {"page", "页"},
    {"stated", "表中"},
    {"expected", "应为"},
    {"message", "问题"},
    {"identity", "勾稽关系"},
    {"left", "左边"},
    {"right", "右边"},
    {"difference", "差额"},
    {"result", "结果"},
    {"rank", "名次"},
    {"metric", "指标"},
    {"share", "占比"},
    {"change", "增减"},
    {"growth", "增长率"},
    {"what", "问题"},
    {"doc", "文件编号"},
    {"detail", "详情"},
    {"source", "来源"},
    {"change %", "增减率"},
    {"fen", "分"},
    {"sheet:facts", "数字"},
    {"sheet:findings", "审核结果"},
    {"sheet:documents", "文件"},
    /* values */
    {"ok", "相符"},
    {"differs", "不符"},
    {"error", "错误"},
    {"warning", "警告"},
    {"notice", "提示"},
    {"off", "关闭"},
    /* the kinds of findings (spec/findings.md; the headings of docs/rules.md, short) */
    {"arithmetic", "表内运算"},
    {"cross-table", "表间勾稽"},
    {"completeness", "完整性"},
    {"classification", "科目编码与名称"},
    {"performance", "绩效自评表"},
    {"format", "格式"},
    {"rounding", "尾数"},
    {"read", "读取"},
    {"narrative", "情况说明"},
    {"document", "文件"},
    {"dept name", "部门名称"},
};

const char *cli_label(const char *key)
{
    if (!key || cli_english()) return key;
    for (size_t i = 0; i < sizeof LABELS / sizeof LABELS[0]; i++)
        if (strcmp(LABELS[i].key, key) == 0) return LABELS[i].zh;
    return key;
}

/* The column whose cells are words to translate too (field names, results, severities). */
static bool word_column(const char *key)
{
    return strcmp(key, "field") == 0 || strcmp(key, "result") == 0 ||
           strcmp(key, "severity") == 0 || strcmp(key, "source") == 0 ||
           strcmp(key, "region_src") == 0;
}

/* db show's values that are the store's words: where an amount came from (narrative,
 * document, dept name) and the flags checked and current (是/否). */
static void field_values(js_rtable *t)
{
    int cf = -1, cv = -1;
    for (int c = 0; c < t->ncols; c++) {
        if (t->cols[c] && strcmp(t->cols[c], "field") == 0) cf = c;
        if (t->cols[c] && strcmp(t->cols[c], "value") == 0) cv = c;
    }
    for (int r = 0; cf >= 0 && cv >= 0 && r < t->nrows; r++) {
        const char *f = t->rows[r][cf], *v = t->rows[r][cv];
        if (!f || !v) continue;
        if (strcmp(f, "jiguan_src") == 0 || strcmp(f, "region_src") == 0)
            t->rows[r][cv] = cli_label(v);
        else if (strcmp(f, "checked") == 0 || strcmp(f, "current") == 0)
            t->rows[r][cv] = strcmp(v, "1") == 0 ? "是" : strcmp(v, "0") == 0 ? "否" : v;
    }
}

void cli_rtable_labels(js_rtable *t)
{
    if (!t || cli_english()) return;
    field_values(t);
    for (int c = 0; c < t->ncols; c++) {
        bool words = t->cols[c] && word_column(t->cols[c]);
        for (int r = 0; words && r < t->nrows; r++)
            if (t->rows[r][c]) t->rows[r][c] = cli_label(t->rows[r][c]);
        t->cols[c] = cli_label(t->cols[c]);
    }
}

void cli_csv_bom(js_buf *b)
{
    if (!cli_english()) js_buf_puts(b, "\xEF\xBB\xBF");
}
