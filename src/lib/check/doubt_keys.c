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

/* The index of k (hash h) in s, -1 when absent. */
static int keys_find(const keyset *s, const char *k, uint64_t h)
{
    for (int i = 0; i < s->n; i++)
        if (s->h[i] == h && strcmp(s->k[i], k) == 0) return i;
    return -1;
}

/* The index in s of the key of x (key_of), -1 when absent: the key's parts hashed and
 * compared in place, without formatting it (nothing allocated per finding of a try). */
int doubt_keys_find_of(const keyset *s, const js_finding *x)
{
    const char *part[4] = {x->rule, x->table ? x->table : "", x->row ? x->row : "",
                           x->column ? x->column : ""};
    size_t len[4];
    uint64_t h = JS_CK_HASH0; /* the hash of the key "rule|table|row|column" */
    for (int p = 0; p < 4; p++) {
        len[p] = strlen(part[p]);
        h = js_ck_hash_str(p ? js_ck_mix(h, '|') : h, part[p]);
    }
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
    js_checker ck = {sr->ctx, view, &f, sr->ap, sr->xp};
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
        char *k = key_of(&f.items[i]);
        uint64_t h = k ? js_ck_hash_str(JS_CK_HASH0, k) : 0;
        int at = k ? keys_find(s, k, h) : -1;
        if (!k) {
            ok = false;
        } else if (at >= 0) {
            if ((int)f.items[i].severity > s->sev[at]) s->sev[at] = (int)f.items[i].severity;
            free(k);
        } else {
            s->sev[s->n] = (int)f.items[i].severity;
            s->h[s->n] = h;
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
