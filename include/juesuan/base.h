/*
 * base.h - the few things every module of libjuesuan shares: the bump arena,
 * the error value, growable byte buffers.
 *
 * Ownership: an arena owns every byte allocated from it and frees them all at
 * once in js_arena_free(). A js_buf owns its bytes until js_buf_release().
 * The library never prints and never exits: failures come back as a status
 * code with a js_err filled in, whose message names the file and line or page.
 */
#ifndef JUESUAN_BASE_H
#define JUESUAN_BASE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes. They match the exit codes of spec/findings.md where one applies. */
enum js_status {
    JS_OK = 0,
    JS_EUSAGE = 2,    /* bad arguments from the caller */
    JS_EINPUT = 3,    /* an input could not be read at all (not a disclosure, corrupt, binary) */
    JS_EINTERNAL = 4, /* out of memory, I/O failure, a bug */
};

/* An error value: a status and a message that names where. */
typedef struct js_err {
    int status;
    char msg[512];
} js_err;

/* Fill err (if not NULL) with status and a printf-style message; returns status. */
int js_err_set(js_err *err, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void js_err_clear(js_err *err);

/* ---- arena -------------------------------------------------------------- */

typedef struct js_arena js_arena;

/* A new arena; NULL when out of memory. */
js_arena *js_arena_new(void);
/* Frees the arena and everything allocated from it. js_arena_free(NULL) is a no-op. */
void js_arena_free(js_arena *a);
/* n bytes aligned to 16, zeroed. Aborts never: returns NULL when out of memory. */
void *js_arena_alloc(js_arena *a, size_t n);
/* The same, not zeroed: for memory the caller writes in full before reading it. */
void *js_arena_alloc_raw(js_arena *a, size_t n);
/* The same aligned to align (a power of two, at most 16; anything else: 16) instead of
 * 16 bytes: small blocks of records or text pack closer (js_arena_strndup's strings: 1). */
void *js_arena_alloc_aligned(js_arena *a, size_t n, size_t align);
/* Overflow-checked n*size. */
void *js_arena_calloc(js_arena *a, size_t n, size_t size);
/* A NUL-terminated copy of s[0..n). */
char *js_arena_strndup(js_arena *a, const char *s, size_t n);
char *js_arena_strdup(js_arena *a, const char *s);
char *js_arena_printf(js_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Grow an arena array: returns a new block of new_cap*size holding the old n*size bytes. */
void *js_arena_grow(js_arena *a, void *old, size_t n, size_t new_cap, size_t size);
/* The same without zeroing the new tail: the caller writes each element as it adds it, and
 * the pages of the capacity not yet used are not touched (not part of the process's memory). */
void *js_arena_grow_raw(js_arena *a, void *old, size_t n, size_t new_cap, size_t size);
/* Bytes handed out so far (for benchmarks). */
size_t js_arena_used(const js_arena *a);
/* A point in an arena's life (js_arena_mark) to go back to (js_arena_release): every block
 * allocated after the mark is given back at once, the chunk the mark was in kept for the
 * next blocks (scratch reused: a loop's temporary blocks without an arena per turn).
 * Blocks allocated before the mark stay valid (one grown in between too, but its room
 * grown in place is kept); marks nested are released innermost first. */
typedef struct js_arena_pos {
    size_t seq;  /* chunks made before the mark: those numbered up to seq */
    size_t used; /* bytes used in the head chunk at the mark */
} js_arena_pos;
js_arena_pos js_arena_mark(const js_arena *a);
void js_arena_release(js_arena *a, js_arena_pos m);

/* ---- growable buffer ---------------------------------------------------- */

typedef struct js_buf {
    char *data; /* always NUL-terminated when len > 0 or after any append */
    size_t len;
    size_t cap;
    bool oom; /* set once an append failed; later appends are ignored */
} js_buf;

void js_buf_init(js_buf *b);
void js_buf_release(js_buf *b);
void js_buf_append(js_buf *b, const char *s, size_t n);
/* Room for extra more bytes and a NUL after data[len], for a caller that writes them
 * itself (then sets len); false (and oom) when it cannot be had. */
bool js_buf_reserve(js_buf *b, size_t extra);
void js_buf_puts(js_buf *b, const char *s);
void js_buf_putc(js_buf *b, char c);
void js_buf_printf(js_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void js_buf_vprintf(js_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Append s (NULL: nothing) with & < > " escaped for HTML text and attributes. */
void js_buf_html(js_buf *b, const char *s);

/* Read a whole file into b. Returns JS_OK or JS_EINPUT with err naming the file. */
int js_file_read(const char *path, js_buf *b, js_err *err);

#ifdef __cplusplus
}
#endif
#endif
