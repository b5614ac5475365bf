/*
 * rules.c - the rule catalogue's records, made from the list in rules.def
 * (one line per rule): id, kind, usual severity, one-line Chinese summary.
 * The engine takes a finding's kind from here, `juesuan rules` prints it and
 * docs/rules.md is generated from it (`juesuan rules --format md`), so the
 * three never disagree.
 */
#include "checker.h"

#include <string.h>

/* The kind names, indexed by js_rule_kind; an element of a static array is an
 * address constant, so the records below can point at it. */
static const char KIND_NAME[][24] = {
#define JS_KIND(tok, name, title) [JS_K_##tok] = name,
#include "rules.def"
};

static const js_rule_kind_info KINDS[] = {
#define JS_KIND(tok, name, title) {KIND_NAME[JS_K_##tok], title},
#include "rules.def"
};

#define E JS_SEV_ERROR
#define W JS_SEV_WARNING
#define I JS_SEV_NOTICE

static const js_rule RULES[] = {
#define JS_RULE(name, id, kind, sev, summary)                                                      \
    [JS_R_##name] = {id, KIND_NAME[JS_K_##kind], sev, summary},
#include "rules.def"
};

#undef E
#undef W
#undef I

_Static_assert(sizeof RULES / sizeof RULES[0] == JS_R_COUNT, "one record per rule id");

const js_rule *js_rules(size_t *n)
{
    *n = sizeof RULES / sizeof RULES[0];
    return RULES;
}

const js_rule *js_rule_of(js_rule_id id)
{
    return (unsigned)id < JS_R_COUNT ? &RULES[id] : NULL;
}

const js_rule *js_rule_find(const char *id)
{
    if (!id) return NULL;
    for (size_t i = 0; i < sizeof RULES / sizeof RULES[0]; i++) {
        const char *r = RULES[i].id; /* the first two bytes first: most differ there */
        if (r[0] == id[0] && r[1] == id[1] && strcmp(r, id) == 0) return &RULES[i];
    }
    return NULL;
}

const js_rule_kind_info *js_rule_kinds(size_t *n)
{
    *n = sizeof KINDS / sizeof KINDS[0];
    return KINDS;
}
