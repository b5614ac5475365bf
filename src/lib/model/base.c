/*
 * base.c - the bump arena, growable buffers and error values of base.h.
 *
 * The arena hands out memory from chunks of at least 64 KiB; a request larger
 * than a chunk gets a chunk of its own. Nothing is freed until the arena is.
 */
#include "juesuan/base.h"

#include <errno.h>
#include <libintl.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int js_err_set(js_err *err, int status, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        /* the message in the user's language: the program chose it (src/cli/i18n.c);
         * without a catalogue or in the C locale dgettext returns fmt itself */
        vsnprintf(err->msg, sizeof err->msg, dgettext("juesuan", fmt), ap);
        va_end(ap);
        err->status = status;
    }
    return status;
}

void js_err_clear(js_err *err)
{
    if (err) {
        err->status = JS_OK;
        err->msg[0] = '\0';
    }
}

/* ---- arena -------------------------------------------------------------- */

typedef struct chunk {
    struct chunk *next;
    size_t size, used;
    size_t seq;  /* the arena's chunks are numbered as they are made (js_arena_release) */
    bool single; /* holds one block larger than CHUNK_MIN, exactly its size */
    _Alignas(16) unsigned char data[];
} chunk;

struct js_arena {
    chunk *head;
    size_t total;
    size_t made; /* chunks made so far: the next one's seq */
};

#define CHUNK_MIN (64u * 1024u)

js_arena *js_arena_new(void)
{
    return calloc(1, sizeof(js_arena));
}

void js_arena_free(js_arena *a)
{
    if (!a) return;
    chunk *c = a->head;
    while (c) {
        chunk *next = c->next;
        free(c);
        c = next;
    }
    free(a);
}

/* n bytes at the next multiple of align (a power of two, at most 16) in the head chunk:
 * blocks asked with a smaller alignment (strings, the text reader's cells) pack closer
 * than the 16 bytes of malloc's. */
static void *bump(js_arena *a, size_t n, size_t align)
{
    if (!a) return NULL;
    if (n == 0) n = 1;
    if (n > SIZE_MAX - 15) return NULL;
    size_t need = (n + 15) & ~(size_t)15;
    chunk *c = a->head;
    if (need > CHUNK_MIN) {
        /* a big block: a chunk of its own, exactly its size (js_arena_grow can then
         * resize it in place), after the head so that small blocks keep filling that */
        if (need > SIZE_MAX - sizeof(chunk)) return NULL;
        chunk *nc = malloc(sizeof(chunk) + need);
        if (!nc) return NULL;
        nc->size = nc->used = need;
        nc->seq = ++a->made;
        nc->single = true;
        if (c) {
            nc->next = c->next;
            c->next = nc;
        } else {
            nc->next = NULL;
            a->head = nc;
        }
        a->total += need;
        return nc->data;
    }
    size_t off = c ? (c->used + align - 1) & ~(align - 1) : 0;
    if (!c || off > c->size || c->size - off < n) {
        size_t size = CHUNK_MIN;
        if (c && !c->single && c->size < 4 * 1024 * 1024 && size < c->size * 2) size = c->size * 2;
        chunk *nc = malloc(sizeof(chunk) + size);
        if (!nc) return NULL;
        nc->size = size;
        nc->used = 0;
        nc->seq = ++a->made;
        nc->single = false;
        nc->next = c;
        a->head = nc;
        c = nc;
        off = 0;
    }
    void *p = c->data + off;
    a->total += off + n - c->used;
    c->used = off + n;
    return p;
}

void *js_arena_alloc_raw(js_arena *a, size_t n)
{
    return bump(a, n, 16);
}

void *js_arena_alloc_aligned(js_arena *a, size_t n, size_t align)
{
    return bump(a, n, align == 0 || align > 16 || (align & (align - 1)) ? 16 : align);
}

void *js_arena_alloc(js_arena *a, size_t n)
{
    void *p = js_arena_alloc_raw(a, n);
    if (p) memset(p, 0, n ? n : 1);
    return p;
}

void *js_arena_calloc(js_arena *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) return NULL;
    return js_arena_alloc(a, n * size);
}

char *js_arena_strndup(js_arena *a, const char *s, size_t n)
{
    char *p = n < SIZE_MAX ? bump(a, n + 1, 1) : NULL;
    if (!p) return NULL;
    if (n) memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *js_arena_strdup(js_arena *a, const char *s)
{
    return s ? js_arena_strndup(a, s, strlen(s)) : NULL;
}

char *js_arena_printf(js_arena *a, const char *fmt, ...)
{
    /* one vsnprintf into a stack buffer for the usual short text; a second
     * one only for a longer text */
    char tmp[512];
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    char *p = NULL;
    if (n >= 0 && (size_t)n < sizeof tmp) {
        p = js_arena_strndup(a, tmp, (size_t)n);
    } else if (n >= 0) {
        p = js_arena_alloc_raw(a, (size_t)n + 1);
        if (p) vsnprintf(p, (size_t)n + 1, fmt, ap2);
    }
    va_end(ap2);
    return p;
}

/* A big block that is the whole of its chunk (js_arena_alloc_raw) is resized
 * with realloc: no second copy beside the first while it grows (large pages move
 * by remapping); anything else is copied to a new block. */
static void *grow(js_arena *a, void *old, size_t n, size_t new_cap, size_t size, bool zero)
{
    /* only the new tail is zeroed: the old part is copied over */
    if (size && new_cap > SIZE_MAX / size) return NULL;
    if (n > new_cap) n = new_cap;
    size_t bytes = new_cap * size, need = (bytes + 15) & ~(size_t)15;
    if (a && old && n * size > CHUNK_MIN && need > CHUNK_MIN && bytes <= SIZE_MAX - 15 &&
        need <= SIZE_MAX - sizeof(chunk)) {
        for (chunk **pc = &a->head; *pc; pc = &(*pc)->next) {
            chunk *c = *pc;
            if (!c->single || (void *)c->data != old) continue;
            if (need > c->size) {
                chunk *nc = realloc(c, sizeof(chunk) + need);
                if (!nc) return NULL;
                *pc = c = nc;
                a->total += need - c->size;
                c->size = c->used = need;
            }
            if (zero) memset(c->data + n * size, 0, bytes - n * size);
            return c->data;
        }
    }
    unsigned char *p = js_arena_alloc_raw(a, bytes);
    if (!p) return NULL;
    size_t keep = old ? n * size : 0;
    if (keep) memcpy(p, old, keep);
    if (zero) memset(p + keep, 0, bytes - keep);
    return p;
}

void *js_arena_grow(js_arena *a, void *old, size_t n, size_t new_cap, size_t size)
{
    return grow(a, old, n, new_cap, size, true);
}

void *js_arena_grow_raw(js_arena *a, void *old, size_t n, size_t new_cap, size_t size)
{
    return grow(a, old, n, new_cap, size, false);
}

size_t js_arena_used(const js_arena *a)
{
    return a ? a->total : 0;
}

js_arena_pos js_arena_mark(const js_arena *a)
{
    js_arena_pos m = {0, 0};
    if (a) m = (js_arena_pos){a->made, a->head ? a->head->used : 0};
    return m;
}

/* Chunks made after the mark (seq > m.seq) stand in front of the marked head (new heads,
 * and big blocks placed after them) or right after it (big blocks placed while it was the
 * head); those made before keep their order behind, the marked head first. They are
 * found by number, not by address: a big block of before the mark that grew in between
 * was moved by realloc, with its number. */
void js_arena_release(js_arena *a, js_arena_pos m)
{
    if (!a) return;
    chunk **pc = &a->head;
    bool past_head = false;
    while (*pc) {
        chunk *c = *pc;
        if (c->seq > m.seq) {
            *pc = c->next;
            a->total -= c->used;
            free(c);
            continue;
        }
        if (past_head) break;
        /* the marked head: its small blocks of after the mark given back (a big block's
         * chunk is only ever its block: it stays as it is) */
        if (!c->single && c->used > m.used) {
            a->total -= c->used - m.used;
            c->used = m.used;
        }
        past_head = true;
        pc = &c->next;
    }
}

/* ---- buffer ------------------------------------------------------------- */

void js_buf_init(js_buf *b)
{
    memset(b, 0, sizeof *b);
}

void js_buf_release(js_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

bool js_buf_reserve(js_buf *b, size_t extra)
{
    if (b->oom) return false;
    if (extra > SIZE_MAX - b->len - 1) {
        b->oom = true;
        return false;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->oom = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

void js_buf_append(js_buf *b, const char *s, size_t n)
{
    /* room for n bytes and the NUL: no call to grow it */
    if ((b->oom || b->cap - b->len <= n) && !js_buf_reserve(b, n)) return;
    if (n) memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void js_buf_puts(js_buf *b, const char *s)
{
    js_buf_append(b, s, strlen(s));
}

void js_buf_putc(js_buf *b, char c)
{
    if (b->oom || b->cap - b->len <= 1) {
        js_buf_append(b, &c, 1);
        return;
    }
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void js_buf_vprintf(js_buf *b, const char *fmt, va_list ap)
{
    /* format straight into the buffer; a second vsnprintf only when it was
     * too short */
    va_list ap2;
    va_copy(ap2, ap);
    if (js_buf_reserve(b, 128)) {
        size_t room = b->cap - b->len;
        int n = vsnprintf(b->data + b->len, room, fmt, ap);
        if (n >= 0 && (size_t)n < room) {
            b->len += (size_t)n;
        } else if (n > 0 && js_buf_reserve(b, (size_t)n)) {
            vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
            b->len += (size_t)n;
        } else {
            b->data[b->len] = '\0';
        }
    }
    va_end(ap2);
}

void js_buf_printf(js_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    js_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void js_buf_html(js_buf *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&':
            js_buf_puts(b, "&amp;");
            break;
        case '<':
            js_buf_puts(b, "&lt;");
            break;
        case '>':
            js_buf_puts(b, "&gt;");
            break;
        case '"':
            js_buf_puts(b, "&quot;");
            break;
        default:
            js_buf_putc(b, *s);
        }
    }
}

/* Open path for reading without blocking on a FIFO, and only if it is a
 * regular file: a FIFO, device, directory or socket is an input error. */
static int open_regular(const char *path, FILE **f, js_err *err)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return js_err_set(err, JS_EINPUT, "%s: cannot open: %s", path,
                          dgettext("juesuan", strerror(errno)));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return js_err_set(err, JS_EINPUT, "%s: not a regular file; skipped", path);
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0) fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    *f = fdopen(fd, "rb");
    if (*f) return JS_OK;
    int rc = js_err_set(err, JS_EINTERNAL, "%s: %s", path, strerror(errno));
    close(fd);
    return rc;
}

int js_file_read(const char *path, js_buf *b, js_err *err)
{
    FILE *f = stdin;
    if (strcmp(path, "-") != 0) {
        int rc = open_regular(path, &f, err);
        if (rc != JS_OK) return rc;
    }
    /* a regular file is read straight into a buffer of its size (+2: the NUL,
     * and room to see the end): no copy, no doubling, so a 200 MB file takes
     * 200 MB, not up to 400 */
    struct stat st;
    if (f != stdin && fstat(fileno(f), &st) == 0 && st.st_size > 0 &&
        (unsigned long long)st.st_size < SIZE_MAX / 2 && !b->oom) {
        size_t want = b->len + (size_t)st.st_size + 2;
        char *p = want > b->cap ? realloc(b->data, want) : b->data;
        if (p) {
            b->data = p;
            if (want > b->cap) b->cap = want;
        }
    }
    size_t n;
    do {
        if (b->cap - b->len < 2 && !js_buf_reserve(b, 65536)) break;
        n = fread(b->data + b->len, 1, b->cap - b->len - 1, f);
        b->len += n;
        b->data[b->len] = '\0';
    } while (n > 0);
    int bad = ferror(f);
    if (f != stdin) fclose(f);
    if (bad) return js_err_set(err, JS_EINPUT, "%s: read error", path);
    if (b->oom) return js_err_set(err, JS_EINTERNAL, "%s: out of memory reading the file", path);
    if (!b->data) js_buf_append(b, "", 0);
    return JS_OK;
}
