/*
 * engine.c - the audit engine. (Being written: issue #4.)
 */
#include "juesuan/juesuan.h"

#include <string.h>

static const js_rule RULES[] = {{NULL, NULL, 0, NULL}};

void js_findings_init(js_findings *f)
{
    memset(f, 0, sizeof *f);
}

void js_findings_release(js_findings *f)
{
    js_arena_free(f->arena);
    memset(f, 0, sizeof *f);
}

void js_findings_summary(const js_findings *f, int *error, int *warning, int *notice)
{
    *error = *warning = *notice = 0;
    for (int i = 0; i < f->n; i++) {
        int s = f->items[i].severity;
        if (s == JS_SEV_ERROR) (*error)++;
        else if (s == JS_SEV_WARNING) (*warning)++;
        else (*notice)++;
    }
}

const js_rule *js_rules(size_t *n)
{
    *n = 0;
    return RULES;
}

const js_rule *js_rule_find(const char *id)
{
    (void)id;
    return NULL;
}

int js_check(const js_ctx *ctx, const js_doc *doc, js_findings *out, js_err *err)
{
    (void)ctx;
    (void)out;
    return js_err_set(err, JS_EINTERNAL, "%s: the checker is not built yet", doc->path);
}
