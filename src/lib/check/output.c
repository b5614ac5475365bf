/*
 * output.c - findings as JSON (spec/findings.md, through jansson), as a
 * readable text report grouped by table and section with the source line
 * quoted, and as TSV. HTML: report_html.c; the batch workbook: report_xlsx.c.
 */
#include "check/output_impl.h"

#include <jansson.h>
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A text shown to users, in their language (src/cli/i18n.c chooses it): the words
 * of the text report; JSON and TSV keep spec/findings.md's words. */
#define JS_T(s) dgettext("juesuan", s)

const char *js_severity_name(int severity)
{
    return severity == JS_SEV_ERROR ? "error" : severity == JS_SEV_WARNING ? "warning" : "notice";
}

/* ---- JSON -------------------------------------------------------------- */

static int set_str(json_t *o, const char *k, const char *v)
{
    json_t *s = json_string(v);
    if (!s) s = json_stringn(v, 0); /* not UTF-8: an empty string rather than nothing */
    return json_object_set_new(o, k, s);
}

static json_t *finding_json(const js_finding *x)
{
    json_t *o = json_object();
    if (!o) return NULL;
    int bad = 0;
    bad |= json_object_set_new(o, "id", json_integer(x->id));
    bad |= set_str(o, "rule", x->rule);
    bad |= set_str(o, "kind", x->kind);
    bad |= set_str(o, "severity", js_severity_name(x->severity));
    if (x->table) bad |= set_str(o, "table", x->table);
    if (x->row) bad |= set_str(o, "row", x->row);
    if (x->column) bad |= set_str(o, "column", x->column);
    if (x->section) bad |= set_str(o, "section", x->section);
    if (x->loc.page > 0)
        bad |= json_object_set_new(o, "page", json_integer(x->loc.page));
    else
        bad |= json_object_set_new(o, "line", json_integer(x->loc.line));
    if (x->sheet) bad |= set_str(o, "sheet", x->sheet);
    if (x->cell) bad |= set_str(o, "cell", x->cell);
    if (x->stated) bad |= set_str(o, "stated", x->stated);
    if (x->expected) bad |= set_str(o, "expected", x->expected);
    bad |= set_str(o, "message", x->message ? x->message : "");
    if (x->cause > 0) bad |= json_object_set_new(o, "cause", json_integer(x->cause));
    if (x->accepted_by) {
        json_t *a = json_object();
        bad |= !a || set_str(a, "by", x->accepted_by) ||
               set_str(a, "comment", x->accepted_comment ? x->accepted_comment : "") ||
               json_object_set_new(o, "accepted", a);
    }
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* Where jansson's text goes: appended to out, indent spaces after each newline (the
 * level it is at in the document or in the array of several documents). */
typedef struct {
    js_buf *out;
    int indent;
} json_sink;

static void sink_put(json_sink *k, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '\n') continue;
        js_buf_append(k->out, s + run, i + 1 - run);
        for (int j = 0; j < k->indent; j++)
            js_buf_putc(k->out, ' ');
        run = i + 1;
    }
    js_buf_append(k->out, s + run, n - run);
}

static void sink_puts(json_sink *k, const char *s)
{
    sink_put(k, s, strlen(s));
}

static int sink_cb(const char *buffer, size_t size, void *data)
{
    json_sink *k = data;
    sink_put(k, buffer, size);
    return k->out->oom ? -1 : 0;
}

#define JSON_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER)

/* The document's object up to its findings: document, department, year, summary, as
 * jansson writes them, without the closing "\n}". */
static int json_head(const js_doc *doc, const js_findings *f, json_sink *k)
{
    json_t *o = json_object();
    json_t *sum = json_object();
    int bad = !o || !sum;
    if (!bad) {
        int e, w, n;
        js_findings_summary(f, &e, &w, &n);
        bad |= set_str(o, "document", doc->path ? doc->path : "");
        bad |=
            json_object_set_new(o, "department", doc->dept ? json_string(doc->dept) : json_null());
        bad |= json_object_set_new(o, "year", doc->year ? json_integer(doc->year) : json_null());
        bad |= json_object_set_new(sum, "error", json_integer(e));
        bad |= json_object_set_new(sum, "warning", json_integer(w));
        bad |= json_object_set_new(sum, "notice", json_integer(n));
        bad |= json_object_set(o, "summary", sum);
    }
    char *s = bad ? NULL : json_dumps(o, JSON_FLAGS);
    json_decref(sum);
    json_decref(o);
    size_t n = s ? strlen(s) : 0;
    if (n < 2 || strcmp(s + n - 2, "\n}") != 0) {
        free(s);
        return -1;
    }
    sink_put(k, s, n - 2);
    free(s);
    return 0;
}

/* Written as it goes, one finding at a time (a small jansson object for each, freed
 * before the next): the same text as the whole tree through json_dumps, without the
 * tree and the string of a large document's findings in memory. */
int js_findings_json(const js_doc *doc, const js_findings *f, int indent, js_buf *out, js_err *err)
{
    size_t start = out->len;
    json_sink k = {out, indent};
    int bad = json_head(doc, f, &k);
    sink_puts(&k, ",\n  \"findings\": [");
    if (f->n == 0) sink_puts(&k, "]");
    for (int i = 0; i < f->n && !bad; i++) {
        sink_puts(&k, i ? ",\n    " : "\n    ");
        json_t *x = finding_json(&f->items[i]);
        k.indent = indent + 4;
        bad |= !x || json_dump_callback(x, sink_cb, &k, JSON_FLAGS) != 0;
        k.indent = indent;
        json_decref(x);
    }
    if (f->n > 0) sink_puts(&k, "\n  ]");
    sink_puts(&k, "\n}");
    if (bad && !out->oom) { /* nothing of this document rather than a part */
        out->len = start;
        if (out->data) out->data[start] = '\0';
        return js_err_set(err, JS_EINTERNAL, "%s: out of memory writing findings",
                          doc->path ? doc->path : "-");
    }
    return out->oom ? js_err_set(err, JS_EINTERNAL, "out of memory") : JS_OK;
}

/* ---- TSV --------------------------------------------------------------- */

static void tsv_field(js_buf *b, const char *s, bool last)
{
    if (js_cell_is_formula(s)) js_buf_putc(b, '\''); /* formula injection: shown as text */
    for (; s && *s; s++)
        js_buf_putc(b, *s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
    js_buf_putc(b, last ? '\n' : '\t');
}

void js_findings_tsv(const js_doc *doc, const js_findings *f, bool header, js_buf *out)
{
    if (header)
        js_buf_puts(out, "document\trule\tkind\tseverity\ttable\trow\tcolumn\tsection\tline\tpage"
                         "\tstated\texpected\tmessage\n");
    for (int i = 0; i < f->n; i++) {
        const js_finding *x = &f->items[i];
        char ln[16], pg[16];
        snprintf(ln, sizeof ln, "%d", x->loc.line);
        snprintf(pg, sizeof pg, "%d", x->loc.page);
        tsv_field(out, doc->path ? doc->path : "-", false);
        tsv_field(out, x->rule, false);
        tsv_field(out, x->kind, false);
        tsv_field(out, js_severity_name(x->severity), false);
        tsv_field(out, x->table, false);
        tsv_field(out, x->row, false);
        tsv_field(out, x->column, false);
        tsv_field(out, x->section, false);
        tsv_field(out, x->loc.line ? ln : "", false);
        tsv_field(out, x->loc.page ? pg : "", false);
        tsv_field(out, x->stated, false);
        tsv_field(out, x->expected, false);
        tsv_field(out, x->message, true);
    }
}

/* ---- grouping (text, HTML, XLSX: output_impl.h) ------------------------ */

int js_out_group(const js_finding *x)
{
    if (x->table) {
        if (strcmp(x->table, "P1") == 0) return 10;
        if (strcmp(x->table, "P2") == 0) return 11;
        int n = (int)strtol(x->table, NULL, 10);
        if (n >= 1 && n <= 9) return n;
    }
    if (x->section) return strcmp(x->section, "附件") == 0 ? 13 : 12;
    return 0;
}

void js_out_group_title(js_buf *b, int g)
{
    if (g == 0)
        js_buf_puts(b, "全文");
    else if (g <= 9)
        js_buf_printf(b, "公开%s表 %s", js_table_id(g), js_table_title(g));
    else if (g == 10)
        js_buf_puts(b, "部门整体支出绩效自评表");
    else if (g == 11)
        js_buf_puts(b, "项目支出绩效自评表");
    else if (g == 12)
        js_buf_puts(b, "情况说明");
    else
        js_buf_puts(b, "附件");
}

const char *js_out_source(const js_doc *doc, const js_finding *x)
{
    int l = x->loc.line;
    if (l <= 0 || !doc->lines || l > doc->nlines) return NULL;
    return doc->lines[l - 1];
}

/* The int of item i of an array of structs: the member at base, stride bytes apart. */
static int member(const int *base, size_t stride, int i)
{
    return *(const int *)(const void *)((const char *)base + (size_t)i * stride);
}

bool js_out_links_make(int n, const int *ids, const int *causes, size_t stride, js_out_links *l)
{
    size_t un = n > 0 ? (size_t)n : 0;
    int *m = malloc((4 * un + 1) * sizeof *m);
    int *first = calloc(un + 1, sizeof *first); /* first[id]: 1 + the first index of id */
    if (!m || !first) {
        free(m);
        free(first);
        return false;
    }
    l->root = m;
    l->head = m + un;
    l->next = m + 2 * un;
    int *tail = m + 3 * un;
    for (int i = 0; i < n; i++) {
        int id = member(ids, stride, i);
        if (id >= 1 && id <= n && !first[id]) first[id] = i + 1;
        l->head[i] = l->next[i] = tail[i] = -1;
    }
    for (int i = 0; i < n; i++) {
        int c = member(causes, stride, i), r = -1;
        if (c > 0 && c <= n && first[c] && first[c] - 1 != i)
            r = first[c] - 1;
        else if (c > 0) /* an id out of range, or this one's own: the first other with it */
            for (int j = 0; j < n && r < 0; j++)
                if (j != i && member(ids, stride, j) == c) r = j;
        l->root[i] = r;
        if (r < 0) continue;
        if (tail[r] < 0)
            l->head[r] = i;
        else
            l->next[tail[r]] = i;
        tail[r] = i;
    }
    free(first);
    return true;
}

void js_out_links_free(js_out_links *l)
{
    free(l->root);
    l->root = l->head = l->next = NULL;
}

bool js_out_rounding(const js_finding *x)
{
    return x->kind && strcmp(x->kind, "rounding") == 0;
}

const char *js_out_severity_zh(const js_finding *x)
{
    return x->severity == JS_SEV_ERROR     ? "错误"
           : x->severity == JS_SEV_WARNING ? "警告"
           : js_out_rounding(x)            ? "尾数"
                                           : "提示";
}

void js_out_place(js_buf *b, const js_finding *x)
{
    if (x->sheet && x->cell)
        js_buf_printf(b, "%s!%s", x->sheet, x->cell);
    else if (x->loc.page > 0)
        js_buf_printf(b, "第%d页", x->loc.page);
    else if (x->loc.line > 0)
        js_buf_printf(b, "第%d行", x->loc.line);
}

/* ---- text -------------------------------------------------------------- */

/* s on one line, its first 400 bytes: a tab as two spaces, CR and LF left out (the
 * runs between them appended whole) */
static void put_line_quoted(js_buf *b, const char *s)
{
    size_t lim = strnlen(s, 400), n = 0;
    while (n < lim) {
        size_t run = strcspn(s + n, "\t\r\n");
        if (run > lim - n) run = lim - n;
        js_buf_append(b, s + n, run);
        n += run;
        if (n == lim) break;
        if (s[n] == '\t') js_buf_puts(b, "  ");
        n++;
    }
    if (s[n]) js_buf_puts(b, " …");
}

/* A translated "page %d" or "line %d" as the text before and after its number, when it
 * has one %d and no other conversion (else: printed through printf). */
typedef struct numfmt {
    const char *pre, *post;
    size_t npre;
    bool split;
} numfmt;

static void numfmt_init(numfmt *f, const char *t)
{
    const char *d = strstr(t, "%d");
    f->split = d && !memchr(t, '%', (size_t)(d - t)) && !strchr(d + 2, '%');
    f->pre = t;
    f->npre = d ? (size_t)(d - t) : 0;
    f->post = d ? d + 2 : "";
}

/* f's text for the number v > 0 (f split). */
static void put_num(js_buf *b, const numfmt *f, int v)
{
    char d[16];
    int n = 0;
    for (; v > 0 && n < 16; v /= 10)
        d[n++] = (char)('0' + v % 10);
    js_buf_append(b, f->pre, f->npre);
    while (n > 0)
        js_buf_putc(b, d[--n]);
    js_buf_puts(b, f->post);
}

/* The words of the text report in the user's language, looked up once per report. */
typedef struct text_words {
    const char *sev[3]; /* error, warning, notice: padded to the width of "warning" */
    char pad[3][8];
    const char *caused, *rounding;
    numfmt page, line;
} text_words;

static void text_words_init(text_words *t)
{
    const char *w[3] = {JS_T("error"), JS_T("warning"), JS_T("notice")};
    for (int k = 0; k < 3; k++) {
        t->sev[k] = w[k];
        int cols = 0; /* display columns: a CJK character (3 bytes in UTF-8) takes two */
        for (const unsigned char *p = (const unsigned char *)w[k]; *p; p++)
            cols += (*p & 0xC0) == 0x80 ? 0 : *p >= 0xE0 ? 2 : 1;
        int np = 0;
        for (; cols < 7; cols++)
            t->pad[k][np++] = ' ';
        t->pad[k][np] = '\0';
    }
    t->caused = JS_T("    └ caused by it ");
    numfmt_init(&t->page, JS_T("page %d"));
    numfmt_init(&t->line, JS_T("line %d"));
    t->rounding = JS_T("  [rounding]");
}

static void text_one(const js_doc *doc, const text_words *tw, const js_finding *x, bool sub,
                     js_buf *out)
{
    js_buf_puts(out, sub ? tw->caused : "  ");
    int k = x->severity == JS_SEV_ERROR ? 0 : x->severity == JS_SEV_WARNING ? 1 : 2;
    js_buf_puts(out, tw->sev[k]);
    js_buf_puts(out, tw->pad[k]);
    js_buf_putc(out, ' '); /* the rule, padded to 14 as " %-14s " */
    js_buf_puts(out, x->rule);
    for (size_t n = strlen(x->rule); n < 14; n++)
        js_buf_putc(out, ' ');
    js_buf_putc(out, ' ');
    if (x->sheet && x->cell)
        js_buf_printf(out, "%s!%s  ", x->sheet, x->cell);
    else if (x->loc.page > 0) {
        if (tw->page.split)
            put_num(out, &tw->page, x->loc.page);
        else
            js_buf_printf(out, JS_T("page %d"), x->loc.page);
        js_buf_puts(out, "  ");
    } else if (x->loc.line > 0) {
        if (tw->line.split)
            put_num(out, &tw->line, x->loc.line);
        else
            js_buf_printf(out, JS_T("line %d"), x->loc.line);
        js_buf_puts(out, "  ");
    }
    js_buf_puts(out, x->message);
    if (strcmp(x->kind, "rounding") == 0) js_buf_puts(out, tw->rounding);
    js_buf_puts(out, "\n");
    const char *src = js_out_source(doc, x);
    if (src) {
        js_buf_puts(out, sub ? "              | " : "          | ");
        put_line_quoted(out, src);
        js_buf_puts(out, "\n");
    }
}

void js_findings_text(const js_doc *doc, const js_findings *f, js_buf *out)
{
    int e, w, n;
    js_findings_summary(f, &e, &w, &n);
    js_buf_printf(out, "%s", doc->path ? doc->path : "-");
    if (doc->dept) js_buf_printf(out, "  %s", doc->dept);
    if (doc->year) js_buf_printf(out, JS_T("  year %d"), doc->year);
    js_buf_puts(out, "\n  ");
    js_buf_printf(out, JS_T("%d error(s), %d warning(s), %d notice(s)"), e, w, n);
    js_buf_puts(out, "\n");
    /* each finding's root and the findings under it, worked out once (linear) */
    js_out_links ix = {0};
    int *group = f->n > 0 ? malloc((size_t)f->n * sizeof *group) : NULL;
    if (f->n > 0 && (!group || !js_out_links_make(f->n, &f->items[0].id, &f->items[0].cause,
                                                  sizeof f->items[0], &ix))) {
        free(group);
        out->oom = true;
        return;
    }
    for (int i = 0; i < f->n; i++)
        group[i] = js_out_group(&f->items[i]);
    text_words tw;
    text_words_init(&tw);
    for (int g = 0; g <= 13 && f->n > 0; g++) {
        bool head = false;
        for (int i = 0; i < f->n; i++) {
            const js_finding *x = &f->items[i];
            if (group[i] != g || ix.root[i] >= 0) continue; /* shown under its root */
            if (!head) {
                js_buf_puts(out, "\n");
                js_out_group_title(out, g);
                js_buf_puts(out, "\n");
                head = true;
            }
            text_one(doc, &tw, x, false, out);
            /* the findings that follow from this one, folded under it */
            for (int j = ix.head[i]; j >= 0; j = ix.next[j])
                text_one(doc, &tw, &f->items[j], true, out);
        }
    }
    js_out_links_free(&ix);
    free(group);
    if (f->n == 0) js_buf_puts(out, JS_T("  no problems found.\n"));
}
