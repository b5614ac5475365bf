/*
 * store.c - the backend-independent part of store.h: choosing a backend,
 * hashing, storing one document in one transaction, listings and export.
 * Everything here goes through js_store_ops.query with portable SQL.
 */
#include "juesuan/facts.h"
#include "juesuan/store.h"
#include "store_impl.h"

#include <glib.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

js_sval js_sval_int(int64_t i)
{
    js_sval v = {JS_SVAL_INT, i, NULL};
    return v;
}

js_sval js_sval_text(const char *s)
{
    js_sval v = {s ? JS_SVAL_TEXT : JS_SVAL_NULL, 0, s};
    return v;
}

static js_sval sval_loc(int n)
{
    return n > 0 ? js_sval_int(n) : js_sval_text(NULL);
}

int js_store_open(const char *target, js_store **out, js_err *err)
{
    *out = NULL;
    if (!target || !*target) return js_err_set(err, JS_EUSAGE, "no database named");
    if (js_startswith(target, "postgres://") || js_startswith(target, "postgresql://"))
        return js_err_set(err, JS_EUSAGE,
                          "%s: the PostgreSQL backend is not built yet; use a SQLite file", target);
    return js_store_sqlite_open(target, out, err);
}

void js_store_close(js_store *s)
{
    if (s) s->ops->close(s);
}

void js_sha256_hex(const void *data, size_t n, char hex[65])
{
    /* GLib (a dependency of poppler-glib, already linked) does the hashing */
    gchar *h = g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, n);
    if (h && strlen(h) == 64)
        memcpy(hex, h, 65);
    else
        hex[0] = '\0';
    g_free(h);
}

int js_store_query(js_store *s, const char *sql, const js_sval *params, int nparams,
                   js_store_row_fn fn, void *ud, js_err *err)
{
    return s->ops->query(s, sql, params, nparams, fn, ud, err);
}

static int first_int(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    if (ncols > 0 && v[0].type == JS_SVAL_INT) *(int64_t *)ud = v[0].i;
    return 1;
}

int js_store_find_hash(js_store *s, const char *hash, int64_t *id, js_err *err)
{
    static const char sql[] = "SELECT id FROM documents WHERE hash = ?1";
    *id = 0;
    js_sval p = js_sval_text(hash);
    return s->ops->query(s, sql, &p, 1, first_int, id, err);
}

typedef struct resolve_st {
    int64_t id;
    int n;
} resolve_st;

static int resolve_row(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    resolve_st *r = ud;
    if (ncols > 0 && v[0].type == JS_SVAL_INT) r->id = v[0].i;
    r->n++;
    return r->n > 1;
}

int js_store_resolve(js_store *s, const char *ref, int64_t *id, js_err *err)
{
    *id = 0;
    size_t n = strlen(ref);
    bool digits = n > 0 && n <= 18, hex = n >= 4 && n <= 64;
    for (size_t i = 0; i < n; i++) {
        char c = ref[i];
        if (c < '0' || c > '9') digits = false;
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            hex = false;
    }
    resolve_st r = {0, 0};
    int rc;
    if (digits) {
        static const char sql[] = "SELECT id FROM documents WHERE id = ?1";
        js_sval p = js_sval_int(strtoll(ref, NULL, 10));
        rc = s->ops->query(s, sql, &p, 1, resolve_row, &r, err);
        if (rc != JS_OK) return rc;
        if (r.n == 1) {
            *id = r.id;
            return JS_OK;
        }
    }
    if (!hex)
        return js_err_set(err, JS_EUSAGE,
                          "no document %s (give an id or a hash prefix of "
                          "at least 4 hex digits)",
                          ref);
    char low[65];
    for (size_t i = 0; i <= n; i++)
        low[i] = (char)((ref[i] >= 'A' && ref[i] <= 'F') ? ref[i] - 'A' + 'a' : ref[i]);
    static const char sql[] = "SELECT id FROM documents WHERE substr(hash, 1, ?2) = ?1 LIMIT 2";
    js_sval p[2] = {js_sval_text(low), js_sval_int((int64_t)n)};
    r.n = 0;
    rc = s->ops->query(s, sql, p, 2, resolve_row, &r, err);
    if (rc != JS_OK) return rc;
    if (r.n == 0) return js_err_set(err, JS_EUSAGE, "no document %s", ref);
    if (r.n > 1)
        return js_err_set(err, JS_EUSAGE,
                          "%s matches several documents: give more of "
                          "the hash",
                          ref);
    *id = r.id;
    return JS_OK;
}

/* ---- storing one document ------------------------------------------------ */

static bool cell_value(const js_doc *doc, int no, const char *row, const char *col, js_amount *v)
{
    const js_table *t = doc->tables[no];
    if (!t) return false;
    const js_cell *c = js_table_cell(t, row, col);
    *v = c && c->present ? c->value : 0;
    return true;
}

/* 机关运行经费 as the narrative states it: "机关运行经费支出 7.82 万元". */
static bool narrative_jiguan(const js_doc *doc, js_amount *out)
{
    static const char *const fillers[] = {"支出", "决算数", "决算", "合计", "共计",
                                          "为",   "是",     ":",    "，",   ","};
    for (int i = 0; i < doc->nparas; i++) {
        const char *t = doc->paras[i].text;
        if (!t) continue;
        const char *p = t;
        for (int guard = 0; guard < 64 && (p = strstr(p, "机关运行经费")); guard++) {
            p += strlen("机关运行经费");
            const char *q = p;
            for (int k = 0; k < 8; k++) {
                while (*q == ' ')
                    q++;
                size_t m = 0;
                for (size_t f = 0; f < sizeof fillers / sizeof *fillers && !m; f++)
                    m = js_startswith(q, fillers[f]);
                if (!m) break;
                q += m;
            }
            while (*q == ' ')
                q++;
            const char *num = q;
            while ((*q >= '0' && *q <= '9') || *q == '.' || *q == ',')
                q++;
            size_t nlen = (size_t)(q - num);
            while (*q == ' ')
                q++;
            if (nlen == 0 || !js_startswith(q, "万元")) continue;
            js_num n;
            js_amount a;
            if (js_num_parse(num, nlen, &n) == JS_NUM_VALUE &&
                js_num_to_amount(n, JS_UNIT_WANYUAN, &a)) {
                *out = a;
                return true;
            }
        }
    }
    return false;
}

/*
 * The region a unit belongs to, from its name when the document does not say:
 * the leading run of place names, each 2-7 characters ending in 省 市 区 县 州
 * 旗 盟 ("株洲市石峰区清水塘企业事务中心" -> "株洲市石峰区"; a leading 中共 is
 * skipped). False when the name does not start with a place.
 */
static bool guess_region(const char *dept, char *out, size_t size)
{
    static const char *const ends[] = {"省", "市", "区", "县", "州", "旗", "盟"};
    const char *p = dept;
    p += js_startswith(p, "中共");
    const char *start = p, *cut = p;
    size_t n = strlen(p);
    int seg = 0;
    for (int guard = 0; guard < 64 && n > 0; guard++) {
        int32_t cp;
        int k = js_utf8_decode(p, n, &cp);
        bool end = false;
        for (size_t e = 0; e < sizeof ends / sizeof *ends && !end; e++)
            end = js_startswith(p, ends[e]) != 0;
        p += k;
        n -= (size_t)k;
        if (end && seg >= 2) {
            cut = p;
            seg = 0;
        } else if (++seg > 7) {
            break;
        }
    }
    size_t len = (size_t)(cut - start);
    if (len == 0 || len >= size) return false;
    memcpy(out, start, len);
    out[len] = '\0';
    return true;
}

static const char *sev_name(int s)
{
    return s == JS_SEV_ERROR ? "error" : s == JS_SEV_WARNING ? "warning" : "notice";
}

static int put_rows(js_store *s, int64_t id, const js_doc *doc, const js_fact *facts, size_t nfacts,
                    const js_findings *f, js_err *err)
{
    static const char fact_sql[] =
        "INSERT INTO facts (doc_id, tbl, row_key, col_key, value, wan, line, page) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING";
    static const char finding_sql[] =
        "INSERT INTO findings (doc_id, seq, rule, kind, severity, tbl, row_key, col_key, "
        "section, line, page, stated, expected, message) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";
    static const char section_sql[] =
        "INSERT INTO sections (doc_id, idx, num, title, part, level, parent, line, page) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
    static const char para_sql[] =
        "INSERT INTO paras (doc_id, idx, section, text, line, page, nlines) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
    static const char note_sql[] = "INSERT INTO notes (doc_id, idx, code, tbl, line, page, text) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
    int rc = JS_OK;
    char wan[48];
    for (size_t i = 0; i < nfacts && rc == JS_OK; i++) {
        const js_fact *x = &facts[i];
        js_sval p[8] = {
            js_sval_int(id),       js_sval_text(x->table),
            js_sval_text(x->row),  js_sval_text(x->col),
            js_sval_int(x->value), js_sval_text(js_amount_fmt_wan(x->value, wan, sizeof wan)),
            sval_loc(x->loc.line), sval_loc(x->loc.page)};
        rc = s->ops->query(s, fact_sql, p, 8, NULL, NULL, err);
    }
    for (int i = 0; f && i < f->n && rc == JS_OK; i++) {
        const js_finding *x = &f->items[i];
        js_sval p[14] = {js_sval_int(id),
                         js_sval_int(i + 1),
                         js_sval_text(x->rule ? x->rule : "?"),
                         js_sval_text(x->kind),
                         js_sval_text(sev_name(x->severity)),
                         js_sval_text(x->table),
                         js_sval_text(x->row),
                         js_sval_text(x->column),
                         js_sval_text(x->section),
                         sval_loc(x->loc.line),
                         sval_loc(x->loc.page),
                         js_sval_text(x->stated),
                         js_sval_text(x->expected),
                         js_sval_text(x->message ? x->message : "")};
        rc = s->ops->query(s, finding_sql, p, 14, NULL, NULL, err);
    }
    for (int i = 0; i < doc->nsections && rc == JS_OK; i++) {
        const js_section *x = &doc->sections[i];
        js_sval p[9] = {js_sval_int(id),        js_sval_int(i),        js_sval_text(x->num),
                        js_sval_text(x->title), js_sval_int(x->part),  js_sval_int(x->level),
                        js_sval_int(x->parent), sval_loc(x->loc.line), sval_loc(x->loc.page)};
        rc = s->ops->query(s, section_sql, p, 9, NULL, NULL, err);
    }
    for (int i = 0; i < doc->nparas && rc == JS_OK; i++) {
        const js_para *x = &doc->paras[i];
        js_sval p[7] = {js_sval_int(id),         js_sval_int(i),
                        js_sval_int(x->section), js_sval_text(x->text ? x->text : ""),
                        sval_loc(x->loc.line),   sval_loc(x->loc.page),
                        js_sval_int(x->nlines)};
        rc = s->ops->query(s, para_sql, p, 7, NULL, NULL, err);
    }
    for (int i = 0; i < doc->nnotes && rc == JS_OK; i++) {
        const js_note *x = &doc->notes[i];
        js_sval p[7] = {js_sval_int(id),
                        js_sval_int(i),
                        js_sval_text(x->code ? x->code : "?"),
                        js_sval_text(x->table >= 1 && x->table <= 9 ? js_table_id(x->table) : NULL),
                        sval_loc(x->loc.line),
                        sval_loc(x->loc.page),
                        js_sval_text(x->text)};
        rc = s->ops->query(s, note_sql, p, 7, NULL, NULL, err);
    }
    return rc;
}

typedef struct ids {
    int64_t v[16];
    int n;
} ids;

static int collect_id(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    ids *x = ud;
    if (ncols > 0 && v[0].type == JS_SVAL_INT && x->n < 16) x->v[x->n++] = v[0].i;
    return 0;
}

/*
 * Keep the derived table sums right: a document supersedes the earlier ones
 * of its dept and year (current = 0; their facts leave the sums) and adds its
 * own facts to the sums of its year and region.
 */
static int put_sums(js_store *s, int64_t id, const js_doc *doc, js_err *err)
{
    static const char supersede_sql[] =
        "UPDATE documents SET current = 0 WHERE dept = ?1 AND year = ?2 AND id <> ?3 "
        "AND current = 1 RETURNING id";
    static const char add_sql[] =
        "INSERT INTO sums (year, region, tbl, row_key, col_key, value, units) "
        "SELECT d.year, COALESCE(d.region, ''), f.tbl, f.row_key, f.col_key, ?2 * f.value, ?2 "
        "FROM facts f JOIN documents d ON d.id = f.doc_id WHERE f.doc_id = ?1 "
        "ON CONFLICT (year, region, tbl, row_key, col_key) DO UPDATE SET "
        "value = sums.value + excluded.value, units = sums.units + excluded.units";
    static const char prune_sql[] = "DELETE FROM sums WHERE year = ?1 AND units <= 0";
    if (doc->year <= 0) return JS_OK;
    int rc = JS_OK;
    if (doc->dept) {
        ids old = {{0}, 0};
        js_sval p[3] = {js_sval_text(doc->dept), js_sval_int(doc->year), js_sval_int(id)};
        rc = s->ops->query(s, supersede_sql, p, 3, collect_id, &old, err);
        for (int i = 0; i < old.n && rc == JS_OK; i++) {
            js_sval q[2] = {js_sval_int(old.v[i]), js_sval_int(-1)};
            rc = s->ops->query(s, add_sql, q, 2, NULL, NULL, err);
        }
        if (rc == JS_OK && old.n) {
            js_sval y = js_sval_int(doc->year);
            rc = s->ops->query(s, prune_sql, &y, 1, NULL, NULL, err);
        }
    }
    js_sval q[2] = {js_sval_int(id), js_sval_int(1)};
    if (rc == JS_OK) rc = s->ops->query(s, add_sql, q, 2, NULL, NULL, err);
    return rc;
}

int js_store_put(js_store *s, const js_store_docinfo *info, const js_doc *doc, const js_findings *f,
                 int64_t *id, bool *dup, js_err *err)
{
    static const char doc_sql[] =
        "INSERT INTO documents (hash, path, bytes, dept, year, region, form, unit, npages, "
        "nlines, ntables, nfacts, nsections, nparas, checked, check_note, nerrors, nwarnings, "
        "nnotices, sangong, jiguan, jiguan_src, staff, office, loaded_at, region_src) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
        "?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26) ON CONFLICT (hash) DO NOTHING RETURNING id";
    *id = 0;
    *dup = false;
    if (!info || !info->hash || strlen(info->hash) != 64)
        return js_err_set(err, JS_EUSAGE, "%s: no content hash given", doc->path);
    js_fact *facts = NULL;
    size_t nfacts = 0;
    if (js_facts_collect(doc, &facts, &nfacts) != JS_OK)
        return js_err_set(err, JS_EINTERNAL, "%s: out of memory", doc->path);
    int ntables = 0;
    for (int no = 1; no <= 9; no++)
        ntables += doc->tables[no] != NULL;
    int ne = 0, nw = 0, nn = 0;
    bool checked = info->checked && f;
    if (checked) js_findings_summary(f, &ne, &nw, &nn);
    js_amount sangong = 0, staff = 0, office = 0, jiguan = 0;
    bool has_sg = cell_value(doc, 7, "三公经费", "决算:合计", &sangong);
    bool has_st = cell_value(doc, 6, "人员经费合计", "决算数", &staff);
    cell_value(doc, 6, "公用经费合计", "决算数", &office);
    const char *jsrc = NULL;
    if (narrative_jiguan(doc, &jiguan))
        jsrc = "narrative";
    else if (has_st) {
        jiguan = office;
        jsrc = "06 公用经费合计";
    }
    char guessed[256];
    const char *region = doc->region, *region_src = doc->region ? "document" : NULL;
    if (!region && doc->dept && guess_region(doc->dept, guessed, sizeof guessed)) {
        region = guessed;
        region_src = "dept name";
    }
    char stamp[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    js_sval none = js_sval_text(NULL);
    js_sval p[26] = {
        js_sval_text(info->hash),
        js_sval_text(info->path  ? info->path
                     : doc->path ? doc->path
                                 : ""),
        js_sval_int(info->bytes),
        js_sval_text(doc->dept),
        doc->year > 0 ? js_sval_int(doc->year) : none,
        js_sval_text(region),
        js_sval_text(doc->form),
        js_sval_text(doc->unit == JS_UNIT_YUAN ? "元" : "万元"),
        js_sval_int(doc->npages),
        js_sval_int(doc->nlines),
        js_sval_int(ntables),
        js_sval_int((int64_t)nfacts),
        js_sval_int(doc->nsections),
        js_sval_int(doc->nparas),
        js_sval_int(checked),
        js_sval_text(checked            ? NULL
                     : info->check_note ? info->check_note
                                        : "not checked"),
        checked ? js_sval_int(ne) : none,
        checked ? js_sval_int(nw) : none,
        checked ? js_sval_int(nn) : none,
        has_sg ? js_sval_int(sangong) : none,
        jsrc ? js_sval_int(jiguan) : none,
        js_sval_text(jsrc),
        has_st ? js_sval_int(staff) : none,
        has_st ? js_sval_int(office) : none,
        js_sval_text(stamp),
        js_sval_text(region_src),
    };
    int rc = s->ops->begin(s, err);
    if (rc != JS_OK) return rc;
    rc = s->ops->query(s, doc_sql, p, 26, first_int, id, err);
    if (rc == JS_OK && *id == 0) {
        /* the hash is already stored (perhaps by a concurrent loader) */
        *dup = true;
        s->ops->rollback(s, NULL);
        return js_store_find_hash(s, info->hash, id, err);
    }
    if (rc == JS_OK) rc = put_rows(s, *id, doc, facts, nfacts, checked ? f : NULL, err);
    if (rc == JS_OK) rc = put_sums(s, *id, doc, err);
    if (rc == JS_OK) rc = s->ops->commit(s, err);
    if (rc != JS_OK) {
        s->ops->rollback(s, NULL);
        *id = 0;
    }
    return rc;
}

/* ---- result tables from queries ---------------------------------------- */

typedef struct qt_st {
    js_rtable *t;
    js_err *err;
    int rc;
} qt_st;

static int qt_row(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    qt_st *q = ud;
    if (q->t->ncols == 0) {
        q->rc = js_rtable_init(q->t, ncols, names, q->err);
        if (q->rc != JS_OK) return 1;
    }
    const char *cells[64];
    char nums[64][24];
    for (int c = 0; c < ncols && c < 64; c++) {
        if (v[c].type == JS_SVAL_INT) {
            snprintf(nums[c], sizeof nums[c], "%lld", (long long)v[c].i);
            cells[c] = nums[c];
            q->t->right[c] = true;
        } else {
            cells[c] = v[c].s;
        }
    }
    q->rc = js_rtable_add(q->t, cells, q->err);
    return q->rc != JS_OK;
}

int js_store_query_table(js_store *s, const char *sql, const js_sval *params, int nparams,
                         js_rtable *out, js_err *err)
{
    qt_st q = {out, err, JS_OK};
    int rc = s->ops->query(s, sql, params, nparams, qt_row, &q, err);
    return rc != JS_OK ? rc : q.rc;
}

const char *js_store_wan(int64_t fen, char *buf, size_t size)
{
    return js_amount_fmt_wan(fen, buf, size);
}

int js_store_list(js_store *s, js_rtable *out, js_err *err)
{
    static const char sql[] =
        "SELECT id, substr(hash, 1, 12) AS hash, dept, year, region, form, nfacts AS facts, "
        "CASE WHEN checked = 1 THEN CAST(nerrors AS TEXT) || '/' || CAST(nwarnings AS TEXT) "
        "|| '/' || CAST(nnotices AS TEXT) ELSE 'not checked' END AS \"findings e/w/n\", path "
        "FROM documents ORDER BY id";
    static const char *const cols[] = {"id",   "hash",  "dept",           "year", "region",
                                       "form", "facts", "findings e/w/n", "path"};
    int rc = js_rtable_init(out, 9, cols, err);
    if (rc != JS_OK) return rc;
    out->right[0] = out->right[3] = out->right[6] = true;
    return js_store_query_table(s, sql, NULL, 0, out, err);
}

typedef struct kv_st {
    js_rtable *t;
    js_err *err;
    int rc;
} kv_st;

static int kv_row(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    kv_st *k = ud;
    for (int c = 0; c < ncols && k->rc == JS_OK; c++) {
        char num[32];
        const char *val = v[c].s;
        if (v[c].type == JS_SVAL_INT) {
            snprintf(num, sizeof num, "%lld", (long long)v[c].i);
            val = num;
        }
        if (v[c].type == JS_SVAL_INT &&
            (!strcmp(names[c], "sangong") || !strcmp(names[c], "jiguan") ||
             !strcmp(names[c], "staff") || !strcmp(names[c], "office")))
            val = js_amount_fmt_wan(v[c].i, num, sizeof num);
        const char *cells[2] = {names[c], val};
        k->rc = js_rtable_add(k->t, cells, k->err);
    }
    return 1;
}

int js_store_show(js_store *s, int64_t id, js_rtable *meta, js_rtable *findings, js_err *err)
{
    static const char meta_sql[] =
        "SELECT id, hash, path, bytes, dept, year, region, form, unit, npages, nlines, ntables, "
        "nfacts, nsections, nparas, checked, check_note, nerrors, nwarnings, nnotices, "
        "sangong, jiguan, jiguan_src, staff, office, region_src, current, loaded_at "
        "FROM documents WHERE id = ?1";
    static const char find_sql[] =
        "SELECT seq, severity, rule, tbl AS \"table\", row_key AS row, col_key AS \"column\", "
        "section, line, page, stated, expected, message FROM findings WHERE doc_id = ?1 "
        "ORDER BY seq";
    static const char *const kcols[] = {"field", "value"};
    int rc = js_rtable_init(meta, 2, kcols, err);
    if (rc != JS_OK) return rc;
    kv_st k = {meta, err, JS_OK};
    js_sval p = js_sval_int(id);
    rc = s->ops->query(s, meta_sql, &p, 1, kv_row, &k, err);
    if (rc == JS_OK) rc = k.rc;
    if (rc != JS_OK) return rc;
    if (meta->nrows == 0) return js_err_set(err, JS_EUSAGE, "no document %lld", (long long)id);
    static const char *const fcols[] = {"seq",  "severity", "rule",     "table",
                                        "row",  "column",   "section",  "line",
                                        "page", "stated",   "expected", "message"};
    rc = js_rtable_init(findings, 12, fcols, err);
    if (rc != JS_OK) return rc;
    return js_store_query_table(s, find_sql, &p, 1, findings, err);
}

/* ---- export -------------------------------------------------------------- */

typedef struct ex_st {
    int format;
    js_sink_fn sink;
    void *ud;
    js_buf buf;
    long long nrows;
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *money;
    js_err *err;
    int rc;
} ex_st;

static int ex_flush(ex_st *e, bool force)
{
    if (e->buf.oom) {
        e->rc = js_err_set(e->err, JS_EINTERNAL, "out of memory");
        return 1;
    }
    if (e->buf.len && (force || e->buf.len > 1 << 16)) {
        if (e->sink(e->ud, e->buf.data, e->buf.len) != 0) {
            e->rc = js_err_set(e->err, JS_EINTERNAL, "writing the export failed");
            return 1;
        }
        e->buf.len = 0;
    }
    return 0;
}

static int ex_row(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    ex_st *e = ud;
    if (e->format == JS_EXPORT_CSV) {
        if (e->nrows == 0) {
            for (int c = 0; c < ncols; c++) {
                if (c) js_buf_putc(&e->buf, ',');
                js_csv_field(&e->buf, names[c]);
            }
            js_buf_puts(&e->buf, "\r\n");
        }
        for (int c = 0; c < ncols; c++) {
            if (c) js_buf_putc(&e->buf, ',');
            if (v[c].type == JS_SVAL_INT)
                js_buf_printf(&e->buf, "%lld", (long long)v[c].i);
            else
                js_csv_field(&e->buf, v[c].s);
        }
        js_buf_puts(&e->buf, "\r\n");
    } else if (e->format == JS_EXPORT_JSON) {
        json_t *o = json_object();
        for (int c = 0; o && c < ncols; c++) {
            json_t *x = v[c].type == JS_SVAL_INT    ? json_integer(v[c].i)
                        : v[c].type == JS_SVAL_TEXT ? json_string(v[c].s)
                                                    : json_null();
            json_object_set_new(o, names[c], x ? x : json_null());
        }
        char *txt = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
        json_decref(o);
        if (!txt) {
            e->rc = js_err_set(e->err, JS_EINTERNAL, "encoding a row as JSON failed");
            return 1;
        }
        js_buf_puts(&e->buf, e->nrows ? ",\n" : "[\n");
        js_buf_puts(&e->buf, txt);
        free(txt);
    } else {
        if (e->nrows + 1 >= LXW_ROW_MAX) {
            e->rc = js_err_set(e->err, JS_EUSAGE,
                               "more than %d rows: too many for one XLSX sheet; export CSV",
                               LXW_ROW_MAX - 1);
            return 1;
        }
        if (e->nrows == 0)
            for (int c = 0; c < ncols; c++)
                worksheet_write_string(e->ws, 0, (lxw_col_t)c, names[c], NULL);
        lxw_row_t r = (lxw_row_t)(e->nrows + 1);
        for (int c = 0; c < ncols; c++) {
            if (v[c].type == JS_SVAL_INT)
                worksheet_write_number(e->ws, r, (lxw_col_t)c, (double)v[c].i, NULL);
            else if (v[c].type == JS_SVAL_TEXT && strcmp(names[c], "value") == 0)
                worksheet_write_number(e->ws, r, (lxw_col_t)c, strtod(v[c].s, NULL), e->money);
            else if (v[c].type == JS_SVAL_TEXT)
                worksheet_write_string(e->ws, r, (lxw_col_t)c, v[c].s, NULL);
        }
    }
    e->nrows++;
    return ex_flush(e, false);
}

int js_store_export(js_store *s, int what, int format, js_sink_fn sink, void *ud, const char *path,
                    js_err *err)
{
    static const char facts_sql[] =
        "SELECT d.id AS doc, substr(d.hash, 1, 12) AS hash, d.dept, d.year, d.region, "
        "f.tbl AS \"table\", f.row_key AS row, f.col_key AS \"column\", f.wan AS value, "
        "f.value AS fen, f.line, f.page FROM facts f JOIN documents d ON d.id = f.doc_id "
        "ORDER BY f.doc_id, f.tbl, f.row_key, f.col_key";
    static const char findings_sql[] =
        "SELECT d.id AS doc, substr(d.hash, 1, 12) AS hash, d.dept, d.year, f.seq, f.rule, "
        "f.kind, f.severity, f.tbl AS \"table\", f.row_key AS row, f.col_key AS \"column\", "
        "f.section, f.line, f.page, f.stated, f.expected, f.message FROM findings f "
        "JOIN documents d ON d.id = f.doc_id ORDER BY f.doc_id, f.seq";
    static const char docs_sql[] =
        "SELECT id AS doc, hash, path, bytes, dept, year, region, form, unit, npages, nlines, "
        "ntables, nfacts, checked, check_note, nerrors, nwarnings, nnotices, loaded_at "
        "FROM documents ORDER BY id";
    const char *sql = what == JS_EXPORT_FINDINGS    ? findings_sql
                      : what == JS_EXPORT_DOCUMENTS ? docs_sql
                                                    : facts_sql;
    ex_st e;
    memset(&e, 0, sizeof e);
    e.format = format;
    e.sink = sink;
    e.ud = ud;
    e.err = err;
    js_buf_init(&e.buf);
    if (format == JS_EXPORT_XLSX) {
        if (!path) return js_err_set(err, JS_EUSAGE, "XLSX export needs an output file");
        lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
        e.wb = workbook_new_opt(path, &opt);
        if (!e.wb) return js_err_set(err, JS_EINTERNAL, "%s: cannot create the workbook", path);
        e.ws = workbook_add_worksheet(e.wb, what == JS_EXPORT_FINDINGS    ? "findings"
                                            : what == JS_EXPORT_DOCUMENTS ? "documents"
                                                                          : "facts");
        e.money = workbook_add_format(e.wb);
        format_set_num_format(e.money, "0.00");
    } else if (!sink) {
        return js_err_set(err, JS_EUSAGE, "no output for the export");
    }
    int rc = s->ops->query(s, sql, NULL, 0, ex_row, &e, err);
    if (rc == JS_OK) rc = e.rc;
    if (rc == JS_OK && format == JS_EXPORT_JSON) {
        js_buf_puts(&e.buf, e.nrows ? "\n]\n" : "[]\n");
    }
    if (rc == JS_OK && format != JS_EXPORT_XLSX && ex_flush(&e, true)) rc = e.rc;
    if (e.wb) {
        lxw_error x = workbook_close(e.wb);
        if (rc == JS_OK && x != LXW_NO_ERROR)
            rc = js_err_set(err, JS_EINTERNAL, "%s: %s", path, lxw_strerror(x));
    }
    js_buf_release(&e.buf);
    return rc;
}
