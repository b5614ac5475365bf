/*
 * narrative_map.c - the 情况说明 as the form's data describes it
 * (data/templates/templates.tsv, `topic`, `appx` and `say` records, template.h):
 * which topic a printed section title (of the 说明 or of the 附件) names, and which table cell a
 * figure stated under a label is, and the base of each share (`share` records). The builder
 * (compile/narrative.c) writes from the same records, so what it writes and what is checked cannot
 * drift apart.
 */
#include "narrative_rules.h"

#include <string.h>

static const struct {
    const char *name;
    int topic;
} TOPICS[] = {
    {"total", TP_TOTAL},     {"income", TP_INCOME},   {"expend", TP_EXPEND},
    {"fiscal", TP_FISCAL},   {"general", TP_GENERAL}, {"basic", TP_BASIC},
    {"sangong", TP_SANGONG}, {"fund", TP_FUND},       {"soe", TP_SOE},
    {"jiguan", TP_JIGUAN},   {"genexp", TP_GENEXP},   {"procure", TP_PROCURE},
    {"assets", TP_ASSETS},   {"perf", TP_PERF},       {"appx", TP_APPX},
};

static int topic_id(const char *name)
{
    for (size_t i = 0; i < sizeof TOPICS / sizeof TOPICS[0]; i++)
        if (strcmp(TOPICS[i].name, name) == 0) return TOPICS[i].topic;
    return TP_NONE;
}

static const char *topic_name(int topic)
{
    for (size_t i = 0; i < sizeof TOPICS / sizeof TOPICS[0]; i++)
        if (TOPICS[i].topic == topic) return TOPICS[i].name;
    return "";
}

static const js_templates *tpl(const nctx *n)
{
    return n->ck->ctx ? n->ck->ctx->templates : NULL;
}

static const char *form(const nctx *n)
{
    const char *f = n->doc->form;
    return f ? f : js_templates_form_for_year(tpl(n), n->doc->year);
}

int nr_title_topic(const nctx *n, const char *title)
{
    if (!title) return TP_NONE;
    int nt;
    const js_tpl_topic *tp = js_templates_topics(tpl(n), form(n), &nt);
    for (int i = 0; i < nt; i++)
        for (int k = 0; k < tp[i].nwords; k++)
            if (nr_has(title, tp[i].words[k])) return topic_id(tp[i].name);
    return TP_NONE;
}

int nr_appx_topic(const nctx *n, const char *title)
{
    if (!title) return TP_NONE;
    int nt;
    const js_tpl_topic *tp = js_templates_appx(tpl(n), form(n), &nt);
    for (int i = 0; i < nt; i++)
        for (int k = 0; k < tp[i].nwords; k++)
            if (nr_has(title, tp[i].words[k])) return topic_id(tp[i].name);
    return TP_NONE;
}

bool nr_say(const nctx *n, int topic, const js_claim *c, target *t)
{
    const js_tpl_say *s =
        js_templates_say(tpl(n), form(n), topic_name(topic), c->label, c->kind == JS_CL_ACTUAL);
    if (!s) return false;
    memset(t, 0, sizeof *t);
    t->table = s->cells[0].no;
    t->row = s->cells[0].row;
    t->col = s->cells[0].col;
    t->what = s->what;
    t->cells = s->cells;
    t->ncells = s->ncells;
    return true;
}

bool nr_target_value(nctx *n, const target *t, js_amount *v)
{
    if (!nr_tval(n, t->table, t->row, t->col, t->missing_zero, v)) return false;
    for (int i = 1; i < t->ncells; i++) {
        js_amount x = 0;
        nr_tval(n, t->cells[i].no, t->cells[i].row, t->cells[i].col, true, &x);
        *v += x;
    }
    return true;
}

bool nr_say_value(nctx *n, int topic, const char *label, js_amount *v)
{
    const js_tpl_say *s = js_templates_say(tpl(n), form(n), topic_name(topic), label, false);
    if (!s) return false;
    target t = {s->cells[0].no, s->cells[0].row, s->cells[0].col, s->what,
                false,          s->cells,        s->ncells};
    return nr_target_value(n, &t, v);
}

const js_tpl_share *nr_share(const nctx *n, const char *label)
{
    return js_templates_share(tpl(n), form(n), topic_name(n->topic), n->sub, label);
}

bool nr_share_cell_value(nctx *n, const js_tpl_share *s, js_amount *v)
{
    if (s->cell.no) return nr_tval(n, s->cell.no, s->cell.row, s->cell.col, false, v);
    if (!s->say_topic) return false;
    const js_tpl_say *y = js_templates_say(tpl(n), form(n), s->say_topic, s->say_label, false);
    if (!y) return false;
    target t = {y->cells[0].no, y->cells[0].row, y->cells[0].col, y->what,
                false,          y->cells,        y->ncells};
    return nr_target_value(n, &t, v);
}

void nr_say_sum(nctx *n, int topic, const char *label, js_amount *v)
{
    const js_tpl_say *s = js_templates_say(tpl(n), form(n), topic_name(topic), label, false);
    *v = 0;
    for (int i = 0; s && i < s->ncells; i++) {
        js_amount x = 0;
        nr_tval(n, s->cells[i].no, s->cells[i].row, s->cells[i].col, true, &x);
        *v += x;
    }
}
