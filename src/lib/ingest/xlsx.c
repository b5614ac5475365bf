/*
 * xlsx.c - XLSX workbooks (Office Open XML, as Excel, WPS and LibreOffice save
 * them) into a js_workbook (sheet.h), through libzip (the package) and libxml2
 * (the parts).
 *
 * Read: xl/workbook.xml (sheet names, order, hidden state), its relationships
 * (which part holds which sheet), xl/sharedStrings.xml, xl/styles.xml (the
 * number format of each cell style: decimals, zero padding, percent) and each
 * worksheet's cells: shared strings, inline strings, numbers shown with their
 * format's decimals, formulas as their cached value, booleans, errors.
 *
 * Limits against hostile files: a part larger than 64 MB uncompressed is not
 * read (a zip bomb), libxml2 neither loads external entities nor reaches the
 * network, and its messages are switched off (the library never prints).
 */
#include "sheet.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

enum { MAX_PART = 64 << 20, MAX_STYLES = 65536 };

typedef struct numfmt {
    int dec;    /* decimals, -1 General */
    int mindig; /* zero padding of the integer part ("000" for a code) */
    bool pct;
    bool text; /* "@": the value as stored */
} numfmt;

typedef struct xl {
    js_arena *a;
    js_workbook *wb;
    const char *data; /* the file's bytes */
    size_t n;
    js_zpart *sv; /* lenient: the parts found by their local headers (zip_salvage.c) */
    int nsv;
    bool sv_tried;
    const char *path;
    zip_t *z;
    js_err *err;
    const char **sst;
    int nsst;
    numfmt *xf; /* by style index (cellXfs) */
    int nxf;
} xl;

static bool is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* Attribute by local name, any namespace (r:id, the strict and transitional forms alike). */
static const char *attr(const xmlNode *n, const char *name)
{
    for (const xmlAttr *p = n->properties; p; p = p->next)
        if (strcmp((const char *)p->name, name) == 0 && p->children &&
            p->children->type == XML_TEXT_NODE)
            return (const char *)p->children->content;
    return NULL;
}

/* What part() found: the part parsed, absent, or (lenient reading) present but
 * unreadable; in strict reading an unreadable part is an error (err set). */
enum { PART_OK, PART_MISSING, PART_BROKEN, PART_ERROR };

/* A sentence (in the arena) about a damaged workbook, at most JS_WB_MAX_NOTES. */
static void damage(xl *x, const char *s)
{
    if (s && x->wb->ndamage < JS_WB_MAX_NOTES) x->wb->damage[x->wb->ndamage++] = s;
}

/* The bytes of part i (size bytes unpacked) into buf: how many could be
 * unpacked; *broken when not all, or the CRC does not match. */
static size_t unpack(xl *x, zip_int64_t i, char *buf, size_t size, bool *broken)
{
    zip_file_t *f = zip_fopen_index(x->z, (zip_uint64_t)i, 0);
    size_t k = 0;
    *broken = !f;
    while (f && k < size) {
        zip_int64_t r = zip_fread(f, buf + k, size - k);
        if (r <= 0) {
            *broken = true;
            break;
        }
        k += (size_t)r;
    }
    /* reading on to the end checks the CRC */
    char c;
    if (f && !*broken && zip_fread(f, &c, 1) != 0) *broken = true;
    if (f) zip_fclose(f);
    return k;
}

/* The bytes of a part through libzip into *buf (malloc'd): PART_OK (with *got
 * and *broken), PART_MISSING, PART_BROKEN (lenient: libzip cannot give it) or
 * PART_ERROR (err set). */
static int zip_bytes(xl *x, const char *name, char **buf, size_t *got, bool *broken)
{
    bool lenient = x->wb->lenient;
    zip_int64_t i = zip_name_locate(x->z, name, ZIP_FL_NOCASE);
    if (i < 0) return PART_MISSING;
    zip_stat_t st;
    if (zip_stat_index(x->z, (zip_uint64_t)i, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) {
        if (lenient) return PART_BROKEN;
        js_err_set(x->err, JS_EINPUT, "%s: %s: cannot be read (damaged XLSX)", x->path, name);
        return PART_ERROR;
    }
    if (st.size > MAX_PART) {
        js_err_set(x->err, JS_EINPUT, "%s: %s is %llu bytes unpacked (more than %d MB): not read",
                   x->path, name, (unsigned long long)st.size, MAX_PART >> 20);
        return PART_ERROR;
    }
    *buf = malloc(st.size ? st.size : 1);
    if (!*buf) {
        js_err_set(x->err, JS_EINTERNAL, "%s: out of memory", x->path);
        return PART_ERROR;
    }
    *got = unpack(x, i, *buf, st.size, broken);
    if (*broken && !lenient) {
        free(*buf);
        *buf = NULL;
        js_err_set(x->err, JS_EINPUT, "%s: %s: cannot be unpacked (damaged XLSX)", x->path, name);
        return PART_ERROR;
    }
    return PART_OK;
}

/* The bytes of a part found by its local header (lenient reading), as zip_bytes. */
static int salvaged_bytes(xl *x, const char *name, char **buf, size_t *got, bool *broken)
{
    if (!x->sv_tried) {
        x->sv_tried = true;
        js_zip_salvage(x->data, x->n, MAX_PART, &x->sv, &x->nsv);
    }
    for (int i = 0; i < x->nsv; i++) {
        if (strcasecmp(x->sv[i].name, name) != 0) continue;
        *buf = malloc(x->sv[i].len ? x->sv[i].len : 1);
        if (!*buf) {
            js_err_set(x->err, JS_EINTERNAL, "%s: out of memory", x->path);
            return PART_ERROR;
        }
        memcpy(*buf, x->sv[i].data, x->sv[i].len);
        *got = x->sv[i].len;
        *broken = x->sv[i].broken;
        return PART_OK;
    }
    return x->z ? PART_BROKEN : PART_MISSING;
}

/* A part of the package parsed into *out; see PART_*. Lenient: a part unpacked
 * only up to its damage is parsed in libxml2's recovery mode, with a sentence;
 * a part libzip cannot give is looked for by its local header. */
static int part(xl *x, const char *name, xmlDoc **out)
{
    *out = NULL;
    bool lenient = x->wb->lenient;
    char *buf = NULL;
    size_t got = 0;
    bool broken = false;
    int st = x->z ? zip_bytes(x, name, &buf, &got, &broken) : PART_MISSING;
    if (lenient && (st == PART_BROKEN || (!x->z && st == PART_MISSING) ||
                    (st == PART_OK && broken && got == 0))) {
        free(buf);
        buf = NULL;
        st = salvaged_bytes(x, name, &buf, &got, &broken);
    }
    if (st != PART_OK) return st;
    xmlParserCtxt *pc = got ? xmlNewParserCtxt() : NULL;
    int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_COMPACT;
    xmlDoc *d = pc ? xmlCtxtReadMemory(pc, buf, (int)got, name, NULL,
                                       opts | (lenient ? XML_PARSE_RECOVER : 0))
                   : NULL;
    bool wellformed = pc && pc->wellFormed;
    if (pc) xmlFreeParserCtxt(pc);
    free(buf);
    if (!d || !xmlDocGetRootElement(d) || (!wellformed && !lenient)) {
        if (d) xmlFreeDoc(d);
        if (lenient) return PART_BROKEN;
        js_err_set(x->err, JS_EINPUT, "%s: %s is not well-formed XML (damaged XLSX)", x->path,
                   name);
        return PART_ERROR;
    }
    if (broken || !wellformed)
        damage(x, js_arena_printf(x->a, "工作簿的部件%s已损坏，只读到损坏处之前的内容，其后未读",
                                  name));
    *out = d;
    return PART_OK;
}

/* The text of the <t> elements under n (rich text runs joined), without the
 * phonetic guides (<rPh>). */
static void texts(const xmlNode *n, js_buf *b)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (is(c, "t")) {
            for (const xmlNode *t = c->children; t; t = t->next)
                if (t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE)
                    js_buf_puts(b, (const char *)t->content);
        } else if (is(c, "r")) {
            texts(c, b);
        }
    }
}

static const char *node_text(js_arena *a, const xmlNode *n)
{
    js_buf b;
    js_buf_init(&b);
    for (const xmlNode *t = n->children; t; t = t->next)
        if (t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE)
            js_buf_puts(&b, (const char *)t->content);
    const char *s = b.oom ? NULL : js_arena_strndup(a, b.data ? b.data : "", b.len);
    js_buf_release(&b);
    return s;
}

static int shared_strings(xl *x)
{
    xmlDoc *d;
    int st = part(x, "xl/sharedStrings.xml", &d);
    if (st == PART_BROKEN)
        damage(x, "工作簿的共享字符串（xl/sharedStrings.xml）已损坏，无法读取：其中的文字未读，"
                  "用到它的单元格读为空");
    if (!d) return st == PART_ERROR ? x->err->status : JS_OK;
    const xmlNode *root = xmlDocGetRootElement(d);
    int n = 0;
    for (const xmlNode *c = root->children; c; c = c->next)
        n += is(c, "si");
    x->sst = js_arena_calloc(x->a, (size_t)n + 1, sizeof *x->sst);
    int rc = x->sst ? JS_OK : JS_EINTERNAL;
    js_buf b;
    js_buf_init(&b);
    for (const xmlNode *c = root->children; c && rc == JS_OK; c = c->next) {
        if (!is(c, "si")) continue;
        b.len = 0;
        texts(c, &b);
        x->sst[x->nsst] = b.oom ? NULL : js_arena_strndup(x->a, b.data ? b.data : "", b.len);
        if (!x->sst[x->nsst++]) rc = JS_EINTERNAL;
    }
    js_buf_release(&b);
    xmlFreeDoc(d);
    if (rc != JS_OK) return js_err_set(x->err, rc, "%s: out of memory", x->path);
    return JS_OK;
}

/* What a format code shows of a number: its first section's decimals, zero
 * padding and percent sign (quoted text and [colour] parts skipped). */
static numfmt parse_fmt(const char *code)
{
    numfmt f = {-1, 0, false, false};
    if (!code || strcmp(code, "General") == 0) return f;
    if (strcmp(code, "@") == 0) {
        f.text = true;
        return f;
    }
    bool after_dot = false, any = false;
    int dec = 0, zeros = 0;
    for (const char *p = code; *p && *p != ';'; p++) {
        if (*p == '"') {
            while (p[1] && p[1] != '"')
                p++;
            if (p[1]) p++;
        } else if (*p == '[') {
            while (p[1] && p[1] != ']')
                p++;
            if (p[1]) p++;
        } else if (*p == '\\' && p[1]) {
            p++;
        } else if (*p == '.') {
            after_dot = true;
        } else if (*p == '0' || *p == '#' || *p == '?') {
            any = true;
            if (after_dot)
                dec++;
            else if (*p == '0')
                zeros++;
        } else if (*p == '%') {
            f.pct = true;
        }
    }
    if (!any) return f;
    f.dec = dec;
    f.mindig = zeros;
    return f;
}

static numfmt builtin_fmt(int id)
{
    numfmt f = {-1, 0, false, false};
    switch (id) {
    case 1:
        f.dec = 0, f.mindig = 1;
        break; /* 0 */
    case 2:
        f.dec = 2, f.mindig = 1;
        break; /* 0.00 */
    case 3:
        f.dec = 0, f.mindig = 1;
        break; /* #,##0 */
    case 4:
        f.dec = 2, f.mindig = 1;
        break; /* #,##0.00 */
    case 9:
        f.dec = 0, f.mindig = 1, f.pct = true;
        break; /* 0% */
    case 10:
        f.dec = 2, f.mindig = 1, f.pct = true;
        break; /* 0.00% */
    case 37:
    case 38:
        f.dec = 0, f.mindig = 1;
        break;
    case 39:
    case 40:
        f.dec = 2, f.mindig = 1;
        break;
    case 49:
        f.text = true;
        break;
    default:
        break;
    }
    return f;
}

static int styles(xl *x)
{
    xmlDoc *d;
    int st = part(x, "xl/styles.xml", &d);
    if (st == PART_BROKEN)
        damage(x, "工作簿的样式（xl/styles.xml）已损坏，无法读取：数字按常规格式读取");
    if (!d) return st == PART_ERROR ? x->err->status : JS_OK;
    const xmlNode *root = xmlDocGetRootElement(d);
    /* custom formats: id -> code */
    enum { MAXF = 512 };
    int ids[MAXF];
    const char *codes[MAXF];
    int nf = 0;
    const xmlNode *xfs = NULL;
    for (const xmlNode *c = root->children; c; c = c->next) {
        if (is(c, "numFmts")) {
            for (const xmlNode *f = c->children; f && nf < MAXF; f = f->next) {
                if (!is(f, "numFmt") || !attr(f, "numFmtId")) continue;
                ids[nf] = (int)strtol(attr(f, "numFmtId"), NULL, 10);
                codes[nf++] = attr(f, "formatCode");
            }
        } else if (is(c, "cellXfs")) {
            xfs = c;
        }
    }
    int n = 0;
    for (const xmlNode *c = xfs ? xfs->children : NULL; c; c = c->next)
        n += is(c, "xf");
    if (n > MAX_STYLES) n = MAX_STYLES;
    x->xf = js_arena_calloc(x->a, (size_t)n + 1, sizeof *x->xf);
    if (!x->xf) {
        xmlFreeDoc(d);
        return js_err_set(x->err, JS_EINTERNAL, "%s: out of memory", x->path);
    }
    for (const xmlNode *c = xfs ? xfs->children : NULL; c && x->nxf < n; c = c->next) {
        if (!is(c, "xf")) continue;
        const char *id = attr(c, "numFmtId");
        int fid = id ? (int)strtol(id, NULL, 10) : 0;
        numfmt f = builtin_fmt(fid);
        for (int k = 0; k < nf; k++)
            if (ids[k] == fid) f = parse_fmt(codes[k]);
        x->xf[x->nxf++] = f;
    }
    xmlFreeDoc(d);
    return JS_OK;
}

/* The display text of cell c (NULL when it shows nothing). */
static const char *cell_value(xl *x, const xmlNode *c, js_buf *b)
{
    const char *t = attr(c, "t");
    const xmlNode *v = NULL, *is_ = NULL;
    for (const xmlNode *k = c->children; k; k = k->next) {
        if (is(k, "v")) v = k;
        if (is(k, "is")) is_ = k;
    }
    b->len = 0;
    if (t && strcmp(t, "inlineStr") == 0) {
        if (!is_) return NULL;
        texts(is_, b);
        return js_arena_strndup(x->a, b->data ? b->data : "", b->len);
    }
    if (!v) return NULL; /* a formula without a cached value shows nothing we can read */
    const char *s = node_text(x->a, v);
    if (!s) return NULL;
    if (t && strcmp(t, "s") == 0) {
        char *end;
        long i = strtol(s, &end, 10);
        return end != s && i >= 0 && i < x->nsst ? x->sst[i] : NULL;
    }
    if (t && strcmp(t, "b") == 0) return strcmp(s, "1") == 0 ? "TRUE" : "FALSE";
    if (t && (strcmp(t, "str") == 0 || strcmp(t, "e") == 0 || strcmp(t, "d") == 0)) return s;
    /* a number */
    char *end;
    double d = strtod(s, &end);
    if (end == s) return s;
    const char *st = attr(c, "s");
    long si = st ? strtol(st, NULL, 10) : 0;
    numfmt f = si >= 0 && si < x->nxf ? x->xf[si] : (numfmt){-1, 0, false, false};
    if (f.text) return s;
    js_sheet_number(b, d, f.dec, f.mindig, f.pct);
    return b->oom ? NULL : js_arena_strndup(x->a, b->data, b->len);
}

static int cmp_row(const void *p, const void *q)
{
    const js_wbrow *a = p, *b = q;
    return (a->row > b->row) - (a->row < b->row);
}

static int cmp_cell(const void *p, const void *q)
{
    const js_wbcell *a = p, *b = q;
    return (a->col > b->col) - (a->col < b->col);
}

/* The cells of one worksheet part. */
static int worksheet(xl *x, const char *name, js_wbsheet *sh)
{
    xmlDoc *d;
    int st = part(x, name, &d);
    if (st == PART_ERROR) return x->err->status;
    if (st == PART_MISSING && !x->wb->lenient)
        return js_err_set(x->err, JS_EINPUT, "%s: sheet “%s”: part %s is missing", x->path,
                          sh->name, name);
    if (!d) { /* lenient: the sheet is left out, the others are read */
        damage(x, js_arena_printf(x->a, "工作表“%s”（%s）%s，未读", sh->name, name,
                                  st == PART_MISSING ? "在工作簿中缺失" : "已损坏，无法读取"));
        return JS_OK;
    }
    const xmlNode *data = NULL;
    for (const xmlNode *c = xmlDocGetRootElement(d)->children; c; c = c->next)
        if (is(c, "sheetData")) data = c;
    int nrows = 0;
    for (const xmlNode *r = data ? data->children : NULL; r; r = r->next)
        nrows += is(r, "row");
    sh->rows = js_arena_calloc(x->a, (size_t)nrows + 1, sizeof *sh->rows);
    int rc = sh->rows ? JS_OK : JS_EINTERNAL;
    js_buf b;
    js_buf_init(&b);
    int lastrow = 0;
    for (const xmlNode *r = data ? data->children : NULL; r && rc == JS_OK; r = r->next) {
        if (!is(r, "row")) continue;
        const char *ra = attr(r, "r");
        long rn = ra ? strtol(ra, NULL, 10) : lastrow + 1;
        if (rn < 1 || rn > JS_SHEET_MAX_ROWS) rn = lastrow + 1;
        lastrow = (int)rn;
        int nc = 0;
        for (const xmlNode *c = r->children; c; c = c->next)
            nc += is(c, "c");
        js_wbrow *row = &sh->rows[sh->nrows];
        row->row = (int)rn;
        row->cells = js_arena_calloc(x->a, (size_t)nc + 1, sizeof *row->cells);
        if (!row->cells) {
            rc = JS_EINTERNAL;
            break;
        }
        int col = -1;
        bool sorted = true;
        for (const xmlNode *c = r->children; c; c = c->next) {
            if (!is(c, "c")) continue;
            const char *ref = attr(c, "r");
            int cc, rr;
            if (ref && js_cell_ref_parse(ref, &cc, &rr))
                col = cc;
            else
                col++;
            if (col >= JS_SHEET_MAX_COLS) continue;
            const char *v = cell_value(x, c, &b);
            if (!v || !*v) continue;
            if (row->ncells && row->cells[row->ncells - 1].col >= col) sorted = false;
            row->cells[row->ncells++] = (js_wbcell){col, v};
        }
        if (!sorted) qsort(row->cells, (size_t)row->ncells, sizeof *row->cells, cmp_cell);
        if (row->ncells) sh->nrows++;
    }
    js_buf_release(&b);
    xmlFreeDoc(d);
    if (rc != JS_OK) return js_err_set(x->err, rc, "%s: out of memory", x->path);
    qsort(sh->rows, (size_t)sh->nrows, sizeof *sh->rows, cmp_row);
    return JS_OK;
}

/* The part a relationship target names, relative to xl/ ("worksheets/sheet1.xml")
 * or absolute ("/xl/worksheets/sheet1.xml"). */
static const char *target_part(js_arena *a, const char *target)
{
    if (target[0] == '/') return js_arena_strdup(a, target + 1);
    return js_arena_printf(a, "xl/%s", target);
}

static int cmp_part(const void *p, const void *q)
{
    long a = strtol(*(const char *const *)p + 19, NULL, 10);
    long b = strtol(*(const char *const *)q + 19, NULL, 10);
    return (a > b) - (a < b);
}

/* A workbook whose xl/workbook.xml cannot be read (lenient): its worksheet parts
 * xl/worksheets/sheetN.xml in the order of N, each named after its part. */
static int sheets_by_part(xl *x, js_workbook *wb)
{
    zip_int64_t n = x->z ? zip_get_num_entries(x->z, 0) : x->nsv;
    if (n < 0) n = 0;
    const char **names = js_arena_calloc(x->a, (size_t)n + 1, sizeof *names);
    wb->sheets = js_arena_calloc(x->a, (size_t)n + 1, sizeof *wb->sheets);
    if (!names || !wb->sheets)
        return js_err_set(x->err, JS_EINTERNAL, "%s: out of memory", x->path);
    int k = 0;
    for (zip_int64_t i = 0; i < n; i++) {
        const char *nm = x->z ? zip_get_name(x->z, (zip_uint64_t)i, 0) : x->sv[i].name;
        size_t len = nm ? strlen(nm) : 0;
        if (len > 23 && strncmp(nm, "xl/worksheets/sheet", 19) == 0 &&
            strcmp(nm + len - 4, ".xml") == 0)
            names[k++] = js_arena_strdup(x->a, nm);
    }
    qsort(names, (size_t)k, sizeof *names, cmp_part);
    int rc = JS_OK;
    for (int i = 0; i < k && rc == JS_OK; i++) {
        js_wbsheet *sh = &wb->sheets[wb->nsheets++];
        sh->name = names[i] ? js_arena_strndup(x->a, names[i] + 14, strlen(names[i]) - 18) : NULL;
        rc = names[i] && sh->name ? worksheet(x, names[i], sh)
                                  : js_err_set(x->err, JS_EINTERNAL, "%s: out of memory", x->path);
    }
    if (rc == JS_OK && wb->nsheets == 0)
        rc = js_err_set(x->err, JS_EINPUT, "%s: the workbook is damaged: no sheet can be read",
                        x->path);
    return rc;
}

static int workbook(xl *x, js_workbook *wb)
{
    xmlDoc *rels, *d;
    int st = part(x, "xl/_rels/workbook.xml.rels", &rels);
    if (st == PART_ERROR) return x->err->status;
    if (st == PART_BROKEN)
        damage(x, "工作簿的关系部件（xl/_rels/workbook.xml.rels）已损坏：工作表按默认部件名读取");
    int before = wb->ndamage;
    st = part(x, "xl/workbook.xml", &d);
    if (d && wb->ndamage > before) { /* partly read: the sheets it lists may be cut short */
        xmlFreeDoc(d);
        d = NULL;
        st = PART_BROKEN;
    }
    if (!d) {
        if (rels) xmlFreeDoc(rels);
        if (st == PART_BROKEN) {
            damage(x, "工作簿目录（xl/workbook.xml）已损坏：按工作表部件的顺序读取，表名为部件名");
            return sheets_by_part(x, wb);
        }
        return st == PART_MISSING
                   ? js_err_set(x->err, JS_EINPUT, "%s: not an XLSX workbook", x->path)
                   : x->err->status;
    }
    const xmlNode *sheets = NULL;
    for (const xmlNode *c = xmlDocGetRootElement(d)->children; c; c = c->next)
        if (is(c, "sheets")) sheets = c;
    int n = 0;
    for (const xmlNode *s = sheets ? sheets->children : NULL; s; s = s->next)
        n += is(s, "sheet");
    wb->sheets = js_arena_calloc(x->a, (size_t)n + 1, sizeof *wb->sheets);
    int rc = wb->sheets ? JS_OK : js_err_set(x->err, JS_EINTERNAL, "%s: out of memory", x->path);
    int k = 0;
    for (const xmlNode *s = sheets ? sheets->children : NULL; s && rc == JS_OK; s = s->next) {
        if (!is(s, "sheet")) continue;
        k++;
        js_wbsheet *sh = &wb->sheets[wb->nsheets];
        const char *name = attr(s, "name"), *state = attr(s, "state"), *rid = attr(s, "id");
        sh->name = js_arena_strdup(x->a, name ? name : "");
        sh->hidden = state && strcmp(state, "visible") != 0;
        const char *target = NULL;
        for (const xmlNode *r = rels ? xmlDocGetRootElement(rels)->children : NULL; r && rid;
             r = r->next)
            if (is(r, "Relationship") && attr(r, "Id") && strcmp(attr(r, "Id"), rid) == 0)
                target = attr(r, "Target");
        const char *pname = target ? target_part(x->a, target)
                                   : js_arena_printf(x->a, "xl/worksheets/sheet%d.xml", k);
        if (!sh->name || !pname) {
            rc = js_err_set(x->err, JS_EINTERNAL, "%s: out of memory", x->path);
            break;
        }
        wb->nsheets++;
        /* a chart sheet or a dialog sheet holds no cells */
        if (!strstr(pname, "worksheets/")) continue;
        rc = worksheet(x, pname, sh);
    }
    xmlFreeDoc(d);
    if (rels) xmlFreeDoc(rels);
    if (rc == JS_OK && wb->nsheets == 0)
        rc = js_err_set(x->err, JS_EINPUT, "%s: the workbook has no sheets", x->path);
    return rc;
}

int js_xlsx_read(js_arena *a, const char *path, const char *data, size_t n, js_workbook *wb,
                 js_err *err)
{
    bool lenient = wb->lenient;
    memset(wb, 0, sizeof *wb);
    wb->lenient = lenient;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, n, 0, &ze);
    zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
    xl x = {.a = a, .wb = wb, .data = data, .n = n, .path = path, .z = z, .err = err};
    if (!z && lenient && src) {
        /* the directory is damaged (a byte inserted or deleted, the file cut
         * short): the parts are found by their local headers */
        x.sv_tried = true;
        if (js_zip_salvage(data, n, MAX_PART, &x.sv, &x.nsv) == JS_OK)
            damage(&x, "工作簿（zip压缩包）的目录已损坏：各部件按其本地文件头逐个找回，"
                       "找不回的部件未读");
    }
    if (!z && x.nsv == 0) {
        int rc = js_err_set(err, JS_EINPUT, "%s: not a readable XLSX (%s)", path,
                            zip_error_strerror(&ze));
        if (src) zip_source_free(src);
        zip_error_fini(&ze);
        js_zip_salvage_free(x.sv, x.nsv);
        return rc;
    }
    if (!z) zip_source_free(src);
    zip_error_fini(&ze);
    int rc = shared_strings(&x);
    if (rc == JS_OK) rc = styles(&x);
    if (rc == JS_OK) rc = workbook(&x, wb);
    if (z) zip_discard(z); /* also frees the source */
    js_zip_salvage_free(x.sv, x.nsv);
    return rc;
}
