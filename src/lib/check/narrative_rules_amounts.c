/*
 * narrative_rules_amounts.c - N-AMOUNT and the like (a stated amount against
 * its table cell), the 五(三) items, 政府采购 and 车辆 (see narrative_rules.c).
 */
#include "narrative_rules.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* ---- N-AMOUNT and the like: a stated amount against its table cell ---------- */

/* A stated amount reported wrong against the table figure tv: its rates are judged
 * on tv (nr_base_amount). */
static void mark_wrong(nctx *n, const js_claim *c, js_amount tv)
{
    int i = (int)(c - n->cl.items);
    /* not against a 0.00 or blank figure (an empty table): no rate is judged on it */
    if (n->wrong && tv != 0 && i >= 0 && i < n->cl.n) {
        n->wrong[i] = 1;
        n->fix[i] = tv;
    }
}

/* A stated amount reported wrong whose right value nothing gives (a part larger
 * than its whole): its shares are not judged (nr_unknown). */
static void mark_unknown(nctx *n, const js_claim *c)
{
    int i = (int)(c - n->cl.items);
    if (n->wrong && i >= 0 && i < n->cl.n && !n->wrong[i]) {
        n->wrong[i] = 2;
        n->fix[i] = c->amount;
    }
}

static void cmp_amount(nctx *n, js_rule_id rule, int sev, const js_claim *c, js_amount tv, int tno,
                       const char *what)
{
    js_amount d = c->amount - tv;
    if (d == 0) return;
    int s = nr_absd(d) <= WAN_CENT ? JS_SEV_ROUNDING : sev;
    int i = (int)(c - n->cl.items);
    /* a table figure its own identities report wrong, the text stating what they
     * expect: the text is right (its rates stay on the stated figure) */
    bool table_wrong = js_table_says_memo(n->ck, &n->says, tno, tv, c->amount) != NULL;
    if (s == JS_SEV_ERROR && !table_wrong && tv != 0 && n->wrong && i >= 0 && i < n->cl.n) {
        n->wrong[i] = 1;
        n->fix[i] = tv;
    }
    nr_rep(n, rule, s, c, c->text, nr_wan(n, tv), "%s%s万元与公开%s表%s%s万元不符",
           c->label[0] ? c->label : what, c->text, js_table_id(tno), what, nr_wan(n, tv));
}

/* The 类 code a label names ("一般公共服务(类)支出" -> 201), or NULL. */
/* The 类 rows of tables 01 and 04 (the form data's `class` records). */
static const js_tpl_class *lei_rows(const nctx *n, int *nlei)
{
    return js_templates_classes(n->ck->ctx ? n->ck->ctx->templates : NULL, nlei);
}

static const char *lei_code(nctx *n, const char *label)
{
    const char *cl = nr_canon(n, label);
    if (!cl[0]) return NULL;
    const char *best = NULL;
    size_t bestlen = 0;
    int nlei;
    const js_tpl_class *lei = lei_rows(n, &nlei);
    for (int i = 0; i < nlei; i++) {
        const char *cn = nr_canon(n, lei[i].name);
        size_t k = strlen(cn);
        if (k >= 6 && nr_ends_with(cl, cn) && k > bestlen) {
            best = lei[i].code;
            bestlen = k;
        }
    }
    return best;
}

/* The 07 item a label of 说明七 names: the first `sangong` record of
 * data/check/words.tsv whose words the label holds. */
static const char *sangong_item(const nctx *n, const char *l)
{
    int nw;
    const js_word *w = js_words_of(n->ck->ctx ? n->ck->ctx->words : NULL, JS_W_SANGONG, &nw);
    for (int i = 0; i < nw; i++)
        if (js_words_all_in(l, w[i].word)) return w[i].value;
    return NULL;
}

/* The table cell of a stated figure: the form's section→cell map (`say`
 * records of data/templates/templates.tsv, narrative_map.c), and the 类 named
 * in 五(二). 附件 预算收支情况: the 收入/支出 sentences of the 部门整体支出绩效评价报告
 * (their totals are checked by nr_check_appx_totals, which accepts either the 本年
 * or the 总计 figure). */
static bool target_of(nctx *n, const js_claim *c, target *t)
{
    memset(t, 0, sizeof *t);
    if (c->paren && n->topic != TP_TOTAL) return false;
    if (n->topic == TP_APPX && c->kind != JS_CL_AMOUNT) return false;
    if (n->topic != TP_GENERAL) return nr_say(n, n->topic, c, t);
    /* 五: items are matched by name; 五(三)'s totals are its budget and actual */
    if (n->item || (n->sub == 3 && c->kind != JS_CL_ACTUAL)) return false;
    if (nr_say(n, n->topic, c, t)) return true;
    if (n->sub != 2) return false;
    const char *code = lei_code(n, c->label);
    if (!code) return false;
    *t = (target){5, code, "小计", NULL, true, NULL, 0};
    int nlei;
    const js_tpl_class *lei = lei_rows(n, &nlei);
    for (int i = 0; i < nlei; i++)
        if (strcmp(lei[i].code, code) == 0) t->what = lei[i].name;
    return true;
}

void nr_check_amounts(nctx *n)
{
    const char *sg_item = NULL; /* 三公: the item of the sentence */
    int sg_sentence = -1;
    for (int i = 0; i < n->cl.n; i++) {
        const js_claim *c = &n->cl.items[i];
        if (n->topic == TP_SANGONG) {
            if (c->kind != JS_CL_AMOUNT && c->kind != JS_CL_BUDGET && c->kind != JS_CL_ACTUAL)
                continue;
            if (c->paren) continue;
            const char *item = sangong_item(n, c->label);
            if (c->sentence != sg_sentence) sg_item = NULL;
            if (item) {
                sg_item = item;
                sg_sentence = c->sentence;
            } else if (c->kind != JS_CL_AMOUNT && c->sentence == sg_sentence) {
                item = sg_item;
            }
            if (n->sgitem) n->sgitem[i] = item;
            if (!item) continue;
            const char *side = c->kind == JS_CL_BUDGET ? "预算" : "决算";
            char col[96];
            snprintf(col, sizeof col, "%s:%s", side, item);
            js_amount tv;
            if (!nr_tval(n, 7, "三公经费", col, false, &tv)) continue;
            js_amount d = c->amount - tv;
            if (d == 0) continue;
            if (n->bad && nr_absd(d) > WAN_CENT) n->bad[i] = 1;
            if (nr_absd(d) > WAN_CENT && !js_table_says_memo(n->ck, &n->says, 7, tv, c->amount))
                mark_wrong(n, c, tv);
            nr_rep(n, JS_R_N_SANGONG, nr_absd(d) <= WAN_CENT ? JS_SEV_ROUNDING : JS_SEV_ERROR, c,
                   c->text, nr_wan(n, tv), "%s%s数%s万元与公开07表%s数%s%s万元不符", item, side,
                   c->text, side, item, nr_wan(n, tv));
            continue;
        }
        if (c->kind != JS_CL_AMOUNT && c->kind != JS_CL_ACTUAL) continue;
        target t;
        if (!target_of(n, c, &t)) continue;
        js_amount tv;
        if (!nr_target_value(n, &t, &tv)) continue;
        if (n->topic == TP_JIGUAN) {
            js_amount d = c->amount - tv;
            if (d == 0) continue;
            if (nr_absd(d) > WAN_CENT) mark_wrong(n, c, tv);
            nr_rep(n, JS_R_N_JIGUAN, nr_absd(d) <= WAN_CENT ? JS_SEV_ROUNDING : JS_SEV_WARNING, c,
                   c->text, nr_wan(n, tv),
                   "机关运行经费%s万元与公开06表公用经费合计%s万元不符（口径不同时应说明）",
                   c->text, nr_wan(n, tv));
            continue;
        }
        cmp_amount(n, JS_R_N_AMOUNT, JS_SEV_ERROR, c, tv, t.table, t.what ? t.what : t.row);
    }
}

/* 六: amounts named after a 06 row ("基本工资62.37万元") */
void nr_check_basic_items(nctx *n)
{
    const js_table *t6 = n->doc->tables[6];
    if (!t6) return;
    int ci = nr_colidx(t6, js_form_col(n->ck, 6, 0));
    if (ci < 0) return;
    for (int i = 0; i < n->cl.n; i++) {
        const js_claim *c = &n->cl.items[i];
        if (c->kind != JS_CL_AMOUNT || c->paren || !c->label[0]) continue;
        target t;
        if (target_of(n, c, &t)) continue;
        const char *cl = nr_canon(n, c->label);
        if (!cl[0]) continue;
        const js_row *hit = NULL;
        for (int r = 0; r < t6->nrows; r++) {
            const js_row *row = &t6->rows[r];
            if (!row->code || !row->name) continue;
            if (strcmp(nr_canon(n, row->name), cl) == 0) {
                hit = row;
                break;
            }
        }
        if (!hit) continue;
        js_amount tv = hit->cells[ci].present ? hit->cells[ci].value : 0;
        js_amount d = c->amount - tv;
        if (d == 0) continue;
        if (nr_absd(d) <= WAN_CENT) {
            nr_rep(n, JS_R_N_AMOUNT, JS_SEV_ROUNDING, c, c->text, nr_wan(n, tv),
                   "%s%s万元与公开06表%s %s%s万元不符", c->label, c->text, hit->code, hit->name,
                   nr_wan(n, tv));
            continue;
        }
        const js_row *other = NULL;
        for (int r = 0; r < t6->nrows && c->amount != 0; r++) {
            const js_row *row = &t6->rows[r];
            if (row != hit && row->code && row->cells[ci].present &&
                row->cells[ci].value == c->amount) {
                other = row;
                break;
            }
        }
        if (other)
            nr_rep(n, JS_R_N_ITEM, JS_SEV_ERROR, c, c->text, nr_wan(n, tv),
                   "%s%s万元，公开06表%s %s为%s万元；%s万元是%s %s的金额", c->label, c->text,
                   hit->code, hit->name, nr_wan(n, tv), c->text, other->code, other->name);
        else
            nr_rep(n, JS_R_N_AMOUNT, JS_SEV_ERROR, c, c->text, nr_wan(n, tv),
                   "%s%s万元与公开06表%s %s%s万元不符", c->label, c->text, hit->code, hit->name,
                   nr_wan(n, tv));
    }
}

/* ---- 五(三) items: budget against actual of one 项 ---------------------------- */

/* Split "一般公共服务(类)政府办公厅及相关机构事务(款)行政运行(项)" */
static bool parse_markers(nctx *n, const char *s, names3 *out)
{
    memset(out, 0, sizeof *out);
    js_buf k;
    js_buf_init(&k);
    js_norm(&k, s, strlen(s));
    const char *p = k.data ? k.data : "";
    static const char *const MK[] = {"(类)", "(款)", "(项)"};
    const char **slot[] = {&out->lei, &out->kuan, &out->xiang};
    const char *from = p;
    bool any = false;
    for (;;) {
        const char *best = NULL;
        int bi = -1;
        for (int i = 0; i < 3; i++) {
            const char *q = strstr(from, MK[i]);
            if (q && (!best || q < best)) {
                best = q;
                bi = i;
            }
        }
        if (!best) break;
        char *name = js_arena_strndup(n->a, from, (size_t)(best - from));
        *slot[bi] = nr_canon(n, name ? name : "");
        any = true;
        from = best + strlen(MK[bi]);
    }
    js_buf_release(&k);
    return any;
}

static const js_row *row_by_code(const js_table *t, const char *code, size_t len)
{
    for (int i = 0; i < t->nrows; i++) {
        const js_row *r = &t->rows[i];
        if (r->code && strlen(r->code) == len && strncmp(r->code, code, len) == 0) return r;
    }
    return NULL;
}

/* Whether the table lists the parent (款 or 类, len digits) of code under a name
 * unlike want. */
static bool named_parent_differs(nctx *n, const js_table *t, const char *code, size_t len,
                                 const char *want)
{
    const js_row *p = row_by_code(t, code, len);
    return p && p->name && nr_sim(want, nr_canon(n, p->name)) < 60;
}

/* N-NAME: the (类)(款)(项) names of an item against the names of its row and its
 * parents in table 05 and in the catalogue: a name that is neither is reported once
 * per item ("技术与研究与开发（款）" for 20604 技术研究与开发). Compared as nr_canon
 * forms, so （室）, 支出 and 等 do not count. */
static void check_item_names(nctx *n, const js_table *t5, const js_row *best, const names3 *nm)
{
    const js_catalog *cat = n->ck->ctx ? n->ck->ctx->catalog : NULL;
    const char *given[3] = {nm->lei, nm->kuan, nm->xiang};
    static const char *const MARK[3] = {"类", "款", "项"};
    static const size_t LEN[3] = {3, 5, 7};
    js_buf bad;
    js_buf_init(&bad);
    const char *first_ok = NULL, *first_bad = NULL;
    for (int k = 0; k < 3; k++) {
        if (!given[k] || !given[k][0] || strlen(best->code) < LEN[k]) continue;
        const js_row *r = row_by_code(t5, best->code, LEN[k]);
        const char *tname = r && r->name ? r->name : NULL;
        char code[8];
        memcpy(code, best->code, LEN[k]);
        code[LEN[k]] = '\0';
        const js_class_entry *e =
            cat ? js_catalog_find(cat, JS_CLASS_FUNC, n->doc->year, code) : NULL;
        const char *kname = e ? e->name : NULL;
        if (tname && strcmp(nr_canon(n, tname), given[k]) == 0) continue;
        if (kname && strcmp(nr_canon(n, kname), given[k]) == 0) continue;
        if (!tname && !kname) continue;
        const char *want = kname ? kname : tname;
        js_buf_printf(&bad, "%s“%s（%s）”应为%s“%s”", bad.len ? "，" : "", given[k], MARK[k], code,
                      want);
        if (!first_ok) first_ok = want, first_bad = given[k];
    }
    if (bad.len) {
        js_claim c;
        memset(&c, 0, sizeof c);
        nr_rep(n, JS_R_N_NAME, JS_SEV_WARNING, &c, first_bad, first_ok,
               "科目名称与公开05表及政府收支分类科目不一致：%s", bad.data);
    }
    js_buf_release(&bad);
}

/* The 05 row an item names through its (类)(款)(项) markers; *confident when its
 * own name matches exactly, its 款 closely, and no other row scores as well. */
static const js_row *item_by_markers(nctx *n, const js_table *t5, const names3 *nm, bool *confident)
{
    size_t level = nm->xiang ? 7 : nm->kuan ? 5 : 3;
    const char *own = nm->xiang ? nm->xiang : nm->kuan ? nm->kuan : nm->lei;
    const js_row *best = NULL;
    int bestscore = -1, second = -1, bestown = 0, bestkuan = 100;
    for (int i = 0; i < t5->nrows; i++) {
        const js_row *r = &t5->rows[i];
        if (!r->code || strlen(r->code) != level || !r->name) continue;
        int so = nr_sim(own, nr_canon(n, r->name));
        if (so < 60) continue; /* before its 款 and 类 are looked for */
        int sk = 100, sl = 100;
        if (level >= 5 && nm->kuan && level == 7) {
            const js_row *p = row_by_code(t5, r->code, 5);
            sk = p && p->name ? nr_sim(nm->kuan, nr_canon(n, p->name)) : 0;
        }
        if (level >= 5 && nm->lei) {
            const js_row *p = row_by_code(t5, r->code, 3);
            sl = p && p->name ? nr_sim(nm->lei, nr_canon(n, p->name)) : 0;
        }
        int score = 3 * so + 2 * sk + sl;
        /* 行政运行 is under many 款: a row under another 款 (or 类) the table lists
         * is not the item */
        if (level == 7 && ((nm->kuan && named_parent_differs(n, t5, r->code, 5, nm->kuan)) ||
                           (nm->lei && named_parent_differs(n, t5, r->code, 3, nm->lei))))
            continue;
        if (score > bestscore) {
            second = bestscore;
            bestscore = score;
            best = r;
            bestown = so;
            bestkuan = sk;
        } else if (score > second) {
            second = score;
        }
    }
    *confident = best && bestown == 100 && bestkuan >= 80 && bestscore > second;
    /* a 款 named without its 项 while 05 shows 项 under it: the 项 may be meant */
    for (int i = 0; *confident && level < 7 && i < t5->nrows; i++) {
        const js_row *r = &t5->rows[i];
        if (r->code && strlen(r->code) > level && strncmp(r->code, best->code, level) == 0)
            *confident = false;
    }
    return best;
}

/* No markers: the deepest row of 05 whose name the text contains. */
static const js_row *item_by_name(nctx *n, const js_table *t5, const char *name_text)
{
    const char *ct = nr_canon(n, name_text);
    const js_row *best = NULL;
    size_t bestlen = 0, bestlevel = 0;
    for (int i = 0; i < t5->nrows; i++) {
        const js_row *r = &t5->rows[i];
        if (!r->code || !r->name) continue;
        const char *cn = nr_canon(n, r->name);
        size_t k = strlen(cn), lv = strlen(r->code);
        if (k < 6 || !strstr(ct, cn)) continue;
        if (lv > bestlevel || (lv == bestlevel && k > bestlen)) {
            best = r;
            bestlevel = lv;
            bestlen = k;
        }
    }
    return best;
}

/* A 项 that 05 does not list has spent nothing from 一般公共预算. */
static void item_not_listed(nctx *n, const char *xiang)
{
    for (int i = 0; i < n->cl.n; i++) {
        const js_claim *c = &n->cl.items[i];
        if (c->paren || c->kind != JS_CL_ACTUAL || nr_has(c->label, "预算")) continue;
        if (c->amount == 0) continue;
        nr_rep(n, JS_R_N_AMOUNT, JS_SEV_WARNING, c, c->text, nr_wan(n, 0),
               "支出决算%s万元，但公开05表没有列出该项（%s）", c->text, xiang);
    }
}

/* Another 05 row carrying exactly amount v, or NULL. */
static const js_row *row_with_amount(const js_table *t5, const js_row *best, int ci, js_amount v)
{
    for (int r = 0; r < t5->nrows; r++) {
        const js_row *row = &t5->rows[r];
        if (row != best && row->code && row->cells[ci].present && row->cells[ci].value == v)
            return row;
    }
    return NULL;
}

/* One stated 决算 of the item against its 05 row's 小计 tv. */
static void item_amount(nctx *n, const js_claim *c, const js_table *t5, const js_row *best, int ci,
                        js_amount tv, bool confident)
{
    js_amount d = c->amount - tv;
    if (d == 0) return;
    if (nr_absd(d) <= WAN_CENT) {
        nr_rep(n, JS_R_N_AMOUNT, JS_SEV_ROUNDING, c, c->text, nr_wan(n, tv),
               "支出决算%s万元与公开05表%s %s小计%s万元不符", c->text, best->code, best->name,
               nr_wan(n, tv));
        return;
    }
    /* does any row of 05 carry the stated amount? */
    const js_row *other = row_with_amount(t5, best, ci, c->amount);
    if (!confident) {
        if (other) return; /* probably our matching, not the document */
        /* 0.00 for an item we only guessed: most likely a 项 that 05 omits for being
         * 0 (其他党委办公厅… is not 其他政府办公厅…) */
        if (c->amount == 0) return;
    }
    /* reported beyond a cent, and not a table figure its own identities report wrong:
     * the item's rates and the items' sum (N-ITEMSUM) take the table's figure */
    if (!js_table_says_memo(n->ck, &n->says, 5, tv, c->amount)) mark_wrong(n, c, tv);
    if (!confident) {
        nr_rep(n, JS_R_N_AMOUNT, JS_SEV_WARNING, c, c->text, nr_wan(n, tv),
               "支出决算%s万元与公开05表%s %s小计%s万元不符", c->text, best->code, best->name,
               nr_wan(n, tv));
    } else if (other && strlen(other->code) == strlen(best->code)) {
        nr_rep(n, JS_R_N_ITEM, JS_SEV_ERROR, c, c->text, nr_wan(n, tv),
               "%s %s支出决算为%s万元，公开05表该项为%s万元；%s万元是%s %s的金额", best->code,
               best->name, c->text, nr_wan(n, tv), c->text, other->code, other->name);
    } else {
        nr_rep(n, JS_R_N_AMOUNT, JS_SEV_ERROR, c, c->text, nr_wan(n, tv),
               "支出决算%s万元与公开05表%s %s小计%s万元不符", c->text, best->code, best->name,
               nr_wan(n, tv));
    }
}

void nr_check_item(nctx *n, const char *name_text)
{
    const js_table *t5 = n->doc->tables[5];
    if (!t5 || !name_text) return;
    int ci = nr_colidx(t5, "小计");
    if (ci < 0) return;
    names3 nm = {0};
    bool confident = false;
    const js_row *best = parse_markers(n, name_text, &nm) ? item_by_markers(n, t5, &nm, &confident)
                                                          : item_by_name(n, t5, name_text);
    if (!best) {
        if (nm.xiang) item_not_listed(n, nm.xiang);
        return;
    }
    js_amount tv = best->cells[ci].present ? best->cells[ci].value : 0;
    bool same_amount = false; /* the item states the row's figure: the match is sure */
    for (int i = 0; i < n->cl.n; i++) {
        const js_claim *c = &n->cl.items[i];
        if (!c->paren && c->kind == JS_CL_ACTUAL && tv != 0 && nr_absd(c->amount - tv) <= WAN_CENT)
            same_amount = true;
    }
    if (confident || same_amount) {
        if (nm.lei || nm.kuan || nm.xiang) check_item_names(n, t5, best, &nm);
        nr_check_item_purpose(n, t5, best);
    }
    for (int i = 0; i < n->cl.n; i++) {
        const js_claim *c = &n->cl.items[i];
        if (c->paren || (c->kind != JS_CL_ACTUAL && c->kind != JS_CL_AMOUNT)) continue;
        if (nr_has(c->label, "预算")) continue;
        item_amount(n, c, t5, best, ci, tv, confident);
    }
}

/* ---- 政府采购, 车辆 ------------------------------------------------------------ */

static void check_procurement_block(nctx *n, int block)
{
    const js_claim *tot = NULL, *g = NULL, *w = NULL, *s = NULL, *sme = NULL, *micro = NULL;
    for (int i = 0; i < n->cl.n; i++) {
        const js_claim *c = &n->cl.items[i];
        if (c->block != block || c->kind != JS_CL_AMOUNT || c->paren) continue;
        const char *l = c->label;
        if (!tot && nr_has(l, "采购") && !nr_has(l, "货物") && !nr_has(l, "工程") &&
            !nr_has(l, "服务") && !nr_has(l, "企业"))
            tot = c;
        else if (nr_has(l, "小微企业") && !micro)
            micro = c;
        else if (nr_has(l, "中小企业") && !sme)
            sme = c;
        else if (nr_has(l, "货物") && !g)
            g = c;
        else if (nr_has(l, "工程") && !w)
            w = c;
        else if (nr_has(l, "服务") && !s)
            s = c;
    }
    if (!tot) return;
    if (g && w && s) {
        js_amount sum = g->amount + w->amount + s->amount, d = tot->amount - sum;
        if (d != 0) {
            bool r = nr_absd(d) <= 3 * WAN_CENT;
            /* the shares of the total are judged on the parts' sum too */
            if (!r) mark_wrong(n, tot, sum);
            nr_rep(n, JS_R_N_PROCUREMENT, r ? JS_SEV_ROUNDING : JS_SEV_ERROR, tot, tot->text,
                   nr_wan(n, sum),
                   "政府采购货物%s万元、工程%s万元、服务%s万元之和%s万元与采购支出总额%s万元不符",
                   g->text, w->text, s->text, nr_wan(n, sum), tot->text);
        }
    }
    if (!(g && w && s)) return; /* not the sentence with the total and its parts */
    /* an amount beyond its bound is wrong, by how much we do not know: its share
     * of the total follows from it (mark_unknown) */
    if (sme && sme->amount > tot->amount) {
        mark_unknown(n, sme);
        nr_rep(n, JS_R_N_PROCUREMENT, JS_SEV_ERROR, sme, sme->text, NULL,
               "授予中小企业合同金额%s万元大于政府采购支出总额%s万元", sme->text, tot->text);
    }
    if (sme && micro && micro->amount > sme->amount) {
        /* the 小微 amount overstated or the 中小 one understated */
        mark_unknown(n, micro);
        mark_unknown(n, sme);
        nr_rep(n, JS_R_N_PROCUREMENT, JS_SEV_ERROR, micro, micro->text, NULL,
               "授予小微企业合同金额%s万元大于授予中小企业合同金额%s万元", micro->text, sme->text);
    }
}

/* The contracts won by small firms, told by where they were won (in projects
 * reserved for 中小企业, for 小微企业, in the others: "由中小企业供应商中标或成交
 *的，采购金额…"), are disjoint parts of the total: together they cannot exceed it
 * (a passage that counts the same contracts twice does). */
static void check_awarded(nctx *n)
{
    const js_claim *tot = NULL;
    js_amount sum = 0;
    int parts = 0;
    const js_claim *last = NULL;
    const char *txt = n->text.data;
    size_t prev_end = 0;
    for (int i = 0; i < n->cl.n; i++) {
        const js_claim *c = &n->cl.items[i];
        if (c->kind != JS_CL_AMOUNT || c->paren) {
            prev_end = c->end;
            continue;
        }
        if (!tot && nr_has(c->label, "采购") && !nr_has(c->label, "货物") &&
            !nr_has(c->label, "工程") && !nr_has(c->label, "服务") && !nr_has(c->label, "企业") &&
            !nr_has(c->label, "预留"))
            tot = c;
        /* the words since the previous figure: 由…企业供应商中标或成交的，采购金额 */
        if (tot && c != tot && c->off > prev_end) {
            const char *w = js_memstr(txt + prev_end, c->off - prev_end, "中标");
            if (!w) w = js_memstr(txt + prev_end, c->off - prev_end, "成交");
            if (w && js_memstr(txt + prev_end, c->off - prev_end, "企业")) {
                sum += c->amount;
                parts++;
                last = c;
            }
        }
        prev_end = c->end;
    }
    if (!tot || parts < 2 || sum <= tot->amount) return;
    js_amount d = sum - tot->amount;
    if (d <= (js_amount)parts * HALF_CENT + HALF_CENT) return; /* the rounding of the parts */
    nr_rep(n, JS_R_N_PROCUREMENT, JS_SEV_ERROR, last, nr_wan(n, sum), tot->text,
           "由中小企业（含小微企业）中标或成交的各部分采购金额之和%s万元大于政府采购金额%s万元",
           nr_wan(n, sum), tot->text);
}

void nr_check_procurement(nctx *n)
{
    int last = -1;
    for (int i = 0; i < n->cl.n; i++) {
        if (n->cl.items[i].block == last) continue;
        last = n->cl.items[i].block;
        check_procurement_block(n, last);
    }
    check_awarded(n);
}

void nr_check_vehicles(nctx *n)
{
    for (int i = 0; i < n->cl.n; i++) {
        const js_claim *t = &n->cl.items[i];
        if (t->kind != JS_CL_COUNT || strcmp(t->unit, "辆") != 0) continue;
        if (!nr_has(t->label, "车辆") || t->num.dec != 0) continue;
        int64_t sum = 0;
        int parts = 0;
        const js_claim *last = t;
        for (int j = i + 1; j < n->cl.n; j++) {
            const js_claim *p = &n->cl.items[j];
            if (p->block != t->block) break;
            if (p->kind != JS_CL_COUNT || strcmp(p->unit, "辆") != 0) {
                if (p->kind == JS_CL_COUNT) break; /* 台（套）: the vehicle list is over */
                continue;
            }
            if (!nr_has(p->label, "用车") || p->num.dec != 0) break;
            sum += p->num.mant;
            parts++;
            last = p;
        }
        if (parts < 2 || sum == t->num.mant) continue;
        char e[32];
        snprintf(e, sizeof e, "%lld", (long long)sum);
        nr_rep(n, JS_R_N_VEHICLES, JS_SEV_ERROR, last, t->text, e,
               "各类车辆之和%lld辆与车辆总数%s辆不符", (long long)sum, t->text);
        (void)last;
    }
}

/* ---- 附件: 收入 and 支出 totals ------------------------------------------------ */

/* The label without a leading 本年度/本年/全年/年度 and spaces. */
static const char *bare_label(nctx *n, const char *l)
{
    static const char *const PRE[] = {"本年度", "本年", "全年", "年度", "年", NULL};
    const char *c = nr_canon(n, l);
    for (const char *const *p = PRE; *p; p++) {
        size_t k = strlen(*p);
        if (strncmp(c, *p, k) == 0) return c + k;
    }
    return c;
}

static bool one_of(const char *s, const char *const *set)
{
    for (; *set; set++)
        if (strcmp(s, *set) == 0) return true;
    return false;
}

void nr_check_appx_totals(nctx *n)
{
    static const char *const INCOME[] = {"收入",     "总收入",   "收入总计",
                                         "收入合计", "预算收入", NULL};
    /* canon drops 支出: 总支出 -> 总, 支出合计 -> 合计 */
    static const char *const EXPEND[] = {"", "总", "总计", "合计", NULL};
    js_amount inc_year, inc_total, exp_year, exp_total, fiscal;
    if (!nr_say_value(n, TP_INCOME, "本年收入合计", &inc_year) ||
        !nr_say_value(n, TP_TOTAL, "收入总计", &inc_total) ||
        !nr_say_value(n, TP_EXPEND, "本年支出合计", &exp_year) ||
        !nr_say_value(n, TP_TOTAL, "支出总计", &exp_total))
        return;
    nr_say_sum(n, TP_INCOME, "财政拨款收入", &fiscal);
    for (int i = 0; i < n->cl.n; i++) {
        const js_claim *c = &n->cl.items[i];
        if (c->kind != JS_CL_AMOUNT || c->paren) continue;
        const char *b = bare_label(n, c->label);
        bool raw_expend = nr_ends_with(c->label, "支出");
        js_amount a1, a2;
        const char *what;
        if (one_of(b, INCOME)) {
            a1 = inc_year, a2 = inc_total, what = "本年收入合计";
        } else if (raw_expend && one_of(b, EXPEND)) {
            a1 = exp_year, a2 = exp_total, what = "本年支出合计";
        } else if (strcmp(b, "其他资金来源") == 0 || strcmp(b, "其他资金") == 0) {
            a1 = a2 = inc_year - fiscal, what = "本年收入合计减财政拨款收入";
        } else {
            continue;
        }
        js_amount d1 = c->amount - a1, d2 = c->amount - a2;
        if (d1 == 0 || d2 == 0) continue;
        js_amount d = nr_absd(d1) <= nr_absd(d2) ? d1 : d2, tv = c->amount - d;
        if (tv != a1) what = nr_ends_with(what, "收入合计") ? "收入总计" : "支出总计";
        nr_rep(n, JS_R_N_AMOUNT, nr_absd(d) <= WAN_CENT ? JS_SEV_ROUNDING : JS_SEV_ERROR, c,
               c->text, nr_wan(n, tv), "%s%s万元与公开01表%s%s万元不符", c->label, c->text, what,
               nr_wan(n, tv));
    }
}
