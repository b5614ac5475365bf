/*
 * doubt_keys.c - the reading doubts' search (doubt.c): findings as keys (rule, table,
 * row, column), compared between the base and each try.
 */
#include "doubt.h"

#include <stdlib.h>
#include <string.h>

void doubt_keys_release(keyset *s)
{
    for (int i = 0; i < s->n; i++)
        free(s->k[i]);
    s->n = 0;
}

bool doubt_counted(const js_finding *x)
{
    return x->severity >= JS_SEV_WARNING && strcmp(x->kind, "rounding") != 0;
}

static char *key_of(const js_finding *x)
{
    js_buf b;
    js_buf_init(&b);
    js_buf_printf(&b, "%s|%s|%s|%s", x->rule, x->table ? x->table : "", x->row ? x->row : "",
                  x->column ? x->column : "");
    if (b.oom) {
        js_buf_release(&b);
        return NULL;
    }
    return b.data;
}

/* The parts of x's key "rule|table|row|column" (key_of) with their lengths, and its
 * hash: the one definition both the stored keys and the look-ups use. */
static uint64_t key_parts(const js_finding *x, const char *part[4], size_t len[4])
{
    part[0] = x->rule;
    part[1] = x->table ? x->table : "";
    part[2] = x->row ? x->row : "";
    part[3] = x->column ? x->column : "";
    uint64_t h = JS_CK_HASH0;
    for (int p = 0; p < 4; p++) {
        len[p] = strlen(part[p]);
        h = js_ck_hash_str(p ? js_ck_mix(h, '|') : h, part[p]);
    }
    return h;
}

/* The index in s of the key of x (key_of), -1 when absent: the key's parts hashed and
 * compared in place, without formatting it (nothing allocated per finding of a try). */
int doubt_keys_find_of(const keyset *s, const js_finding *x)
{
    const char *part[4];
    size_t len[4];
    uint64_t h = key_parts(x, part, len);
    for (int i = 0; i < s->n; i++) {
        if (s->h[i] != h) continue;
        const char *k = s->k[i];
        int p = 0;
        for (; p < 4; p++) {
            if (strncmp(k, part[p], len[p]) != 0 || (p < 3 && k[len[p]] != '|')) break;
            k += len[p] + (p < 3);
        }
        if (p == 4 && *k == '\0') return i;
    }
    return -1;
}

/* The arithmetic and cross-table findings of view (errors and warnings), as keys;
 * false when out of memory. */
bool doubt_core_keys(const search *sr, const js_doc *view, keyset *s, js_findings *scratch)
{
    js_findings f;
    js_findings_init(&f);
    js_checker ck = {sr->ctx, view, &f, sr->ap, sr->xp, 0};
    js_check_arithmetic(&ck);
    js_check_cross(&ck);
    bool ok = true;
    s->n = 0;
    s->over = false;
    for (int i = 0; i < f.n && ok; i++) {
        if (!doubt_counted(&f.items[i])) continue;
        if (s->n == MAX_KEYS) {
            s->over = true;
            break;
        }
        int at = doubt_keys_find_of(s, &f.items[i]);
        if (at >= 0) {
            if ((int)f.items[i].severity > s->sev[at]) s->sev[at] = (int)f.items[i].severity;
            continue;
        }
        const char *part[4];
        size_t len[4];
        char *k = key_of(&f.items[i]);
        if (!k) {
            ok = false;
        } else {
            s->sev[s->n] = (int)f.items[i].severity;
            s->h[s->n] = key_parts(&f.items[i], part, len);
            s->k[s->n++] = k;
        }
    }
    if (scratch) {
        *scratch = f;
    } else {
        js_findings_release(&f);
    }
    return ok;
}
