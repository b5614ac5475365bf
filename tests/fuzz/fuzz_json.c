/* fuzz_json.c - libFuzzer target: any bytes through js_doc_from_json must never
 * crash, hang or leak; a model that is read back must survive being walked,
 * written again, and read again to the same JSON. */
#include "juesuan/juesuan.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    js_err err;
    js_doc *doc = NULL;
    if (js_doc_from_json("fuzz.json", (const char *)data, size, &doc, &err) != JS_OK) return 0;
    /* walk what the checker walks */
    for (int i = 0; i < doc->nparas; i++) {
        const js_para *p = &doc->paras[i];
        (void)js_para_line_at(p, strlen(p->text));
        if (p->section >= 0) (void)doc->sections[p->section].num;
    }
    for (int i = 0; i < doc->nsections; i++)
        if (doc->sections[i].parent >= 0) (void)doc->sections[doc->sections[i].parent].level;
    js_fact *f;
    size_t n;
    js_facts_collect(doc, &f, &n);
    js_buf a, b;
    js_buf_init(&a);
    js_buf_init(&b);
    if (js_doc_to_json(doc, &a, 0, &err) == JS_OK) {
        js_doc *again = NULL;
        if (js_doc_from_json("fuzz.json", a.data, a.len, &again, &err) == JS_OK) {
            if (js_doc_to_json(again, &b, 0, &err) == JS_OK &&
                (a.len != b.len || memcmp(a.data, b.data, a.len) != 0))
                __builtin_trap(); /* the round trip must be exact */
            js_doc_free(again);
        }
    }
    js_buf_release(&a);
    js_buf_release(&b);
    js_doc_free(doc);
    return 0;
}
