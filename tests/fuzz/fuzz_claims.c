/* fuzz_claims.c - libFuzzer target: any bytes as a 情况说明 paragraph. The claim
 * extractor must never crash or hang and its offsets must stay inside the text; the
 * narrative rules run on a document whose sections of every topic hold the text and
 * whose tables 01, 05, 06 and 07 hold a few figures must never crash either. */
#include "../../src/lib/check/checker.h"
#include "../../src/lib/check/claims.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const TITLES[] = {"收入支出决算总体情况说明",
                                     "收入决算情况说明",
                                     "支出决算情况说明",
                                     "财政拨款收入支出决算总体情况说明",
                                     "一般公共预算财政拨款支出决算情况说明",
                                     "一般公共预算财政拨款基本支出决算情况说明",
                                     "三公经费支出决算情况说明",
                                     "政府性基金预算收入支出决算情况",
                                     "机关运行经费支出说明",
                                     "政府采购支出说明",
                                     "国有资产占用情况说明"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 16) return 0;
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    size_t n = strlen(text); /* the model holds NUL-terminated text */

    js_arena *a = js_arena_new();
    js_claims cl = {0};
    if (a && js_claims_extract(a, text, n, &cl)) {
        for (int i = 0; i < cl.n; i++) {
            if (cl.items[i].off > n || cl.items[i].end > n) abort();
            if (!cl.items[i].label) abort();
        }
    }
    js_arena_free(a);

    js_doc *doc = js_doc_new("fuzz.txt");
    if (doc) {
        static const char *const C1[] = {"决算数"};
        static const char *const C5[] = {"小计", "基本支出", "项目支出"};
        static const char *const C7[] = {"预算:合计", "决算:合计", "预算:公务接待费",
                                         "决算:公务接待费"};
        js_loc loc = {0};
        loc.line = 1;
        js_table *t1 = js_doc_table_add(doc, 1, 1, C1);
        js_table *t5 = js_doc_table_add(doc, 5, 3, C5);
        js_table *t6 = js_doc_table_add(doc, 6, 1, C1);
        js_table *t7 = js_doc_table_add(doc, 7, 4, C7);
        js_row *r;
        if (t1 && (r = js_table_row_add(doc, t1, "收入:总计", NULL, "总计", loc)))
            js_cell_set(doc, &r->cells[0], 179220000, "179.22", loc);
        if (t5 && (r = js_table_row_add(doc, t5, "2010301", "2010301", "行政运行", loc)))
            js_cell_set(doc, &r->cells[0], 75400000, "75.40", loc);
        if (t6 && (r = js_table_row_add(doc, t6, "30101", "30101", "基本工资", loc)))
            js_cell_set(doc, &r->cells[0], 1000000, "1.00", loc);
        if (t7 && (r = js_table_row_add(doc, t7, "三公经费", NULL, NULL, loc)))
            js_cell_set(doc, &r->cells[0], 1000000, "1.00", loc);
        for (size_t k = 0; k < sizeof TITLES / sizeof TITLES[0]; k++) {
            js_section s;
            memset(&s, 0, sizeof s);
            s.num = "一";
            s.title = TITLES[k];
            s.part = JS_PART_NARRATIVE;
            s.level = 1;
            s.parent = -1;
            int si = js_doc_section_add(doc, &s);
            if (si < 0) break;
            js_doc_para_add(doc, text, si, loc, 1);
            if (k == 4) { /* a 五(三) with the text as an item too */
                s.num = "五(三)";
                s.title = "具体情况";
                s.level = 2;
                s.parent = si;
                int s3 = js_doc_section_add(doc, &s);
                if (s3 >= 0) js_doc_para_add(doc, text, s3, loc, 1);
            }
        }
        js_findings f;
        js_findings_init(&f);
        js_checker ck = {.ctx = NULL, .doc = doc, .out = &f};
        js_check_narrative(&ck);
        js_findings_release(&f);
        js_doc_free(doc);
    }
    free(text);
    return 0;
}
