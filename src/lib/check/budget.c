/*
 * budget.c - checking a budget disclosure (部门/单位预算公开, docs/budgets.md):
 * the engine runs js_check_budget instead of the final-accounts families. A
 * budget whose form is not known gets one finding (B-FORM) and nothing else:
 * it is never checked against the final-accounts form.
 */
#include "checker.h"

#include <string.h>

void js_check_budget(js_checker *ck)
{
    const js_doc *doc = ck->doc;
    int n = 0;
    for (int i = 1; i <= JS_YTABLE_MAX; i++)
        n += doc->ytables[i] != NULL;
    if (!n || !doc->form || !doc->form[0]) {
        js_where w = {.section = "第二部分"};
        if (doc->npages)
            w.loc.page = 1;
        else
            w.loc.line = 1;
        js_report(ck, JS_R_B_FORM, JS_SEV_ERROR, w, NULL, NULL,
                  "这是一份%s%s公开文件，但其表式不在已知的预算表式之列，表格未能读取和核对",
                  js_scope_name(doc->scope), js_kind_name(doc->kind));
        return;
    }
}
