/*
 * zip_salvage.c - the parts of a damaged zip found by their local headers
 * (sheet.h, js_zip_salvage), for the XLSX reader's lenient reading.
 *
 * libzip reads a zip through its central directory at the end of the file: a
 * byte inserted or deleted anywhere before it (every offset after it moves),
 * or a file cut short (a broken download: no directory at all), and libzip
 * cannot open the file. Every part is also preceded by a local header naming
 * it, with its method and sizes, so the parts can still be found front to
 * back, the way zip repair tools do: each "PK\3\4" header whose fields make
 * sense, its data stored or deflated (zlib, raw inflate) up to the end of its
 * stream or its damage. No library offers this (libzip and minizip both need
 * the directory), so it is written here, small and bounded: names up to 1 kB,
 * parts up to max bytes unpacked, at most 4096 parts.
 */
#include "sheet.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

enum { MAX_NAME = 1024, MAX_PARTS = 4096 };

static uint32_t le(const unsigned char *p, int n)
{
    uint32_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

/* Inflate raw deflate data in[0..n) into a new buffer (at most max bytes): its
 * length in *len; *broken when the stream does not end cleanly. */
static char *inflate_part(const unsigned char *in, size_t n, size_t max, size_t *len, bool *broken)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    *len = 0;
    *broken = true;
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK) return NULL;
    size_t cap = 65536;
    char *out = malloc(cap);
    z.next_in = (Bytef *)(uintptr_t)in;
    z.avail_in = n > UINT32_MAX ? UINT32_MAX : (uInt)n;
    int rc = Z_OK;
    while (out && rc == Z_OK) {
        if (*len == cap) {
            if (cap >= max) break;
            size_t nc = cap * 2 > max ? max : cap * 2;
            char *v = realloc(out, nc);
            if (!v) {
                free(out);
                out = NULL;
                break;
            }
            out = v;
            cap = nc;
        }
        z.next_out = (Bytef *)out + *len;
        z.avail_out = (uInt)(cap - *len);
        rc = inflate(&z, Z_NO_FLUSH);
        *len = cap - z.avail_out;
        if (rc == Z_BUF_ERROR && z.avail_out > 0) break; /* input ended: cut short */
        if (rc == Z_BUF_ERROR) rc = Z_OK;
    }
    *broken = rc != Z_STREAM_END;
    inflateEnd(&z);
    return out;
}

int js_zip_salvage(const char *data, size_t n, size_t max, js_zpart **out, int *nout)
{
    *out = NULL;
    *nout = 0;
    const unsigned char *d = (const unsigned char *)data;
    js_zpart *v = NULL;
    int cap = 0;
    for (size_t o = 0; o + 30 <= n && *nout < MAX_PARTS; o++) {
        if (memcmp(d + o, "PK\3\4", 4) != 0) continue;
        unsigned method = le(d + o + 8, 2), flags = le(d + o + 6, 2);
        size_t csize = le(d + o + 18, 4), usize = le(d + o + 22, 4);
        size_t nlen = le(d + o + 26, 2), xlen = le(d + o + 28, 2);
        size_t at = o + 30 + nlen + xlen;
        if ((method != 0 && method != 8) || nlen == 0 || nlen > MAX_NAME || at > n) continue;
        if (*nout == cap) {
            int nc = cap ? cap * 2 : 32;
            js_zpart *w = realloc(v, (size_t)nc * sizeof *w);
            if (!w) break;
            v = w;
            cap = nc;
        }
        js_zpart *p = &v[*nout];
        memset(p, 0, sizeof *p);
        p->name = malloc(nlen + 1);
        if (!p->name) break;
        memcpy(p->name, d + o + 30, nlen);
        p->name[nlen] = '\0';
        if (method == 8) {
            p->data = inflate_part(d + at, n - at, max, &p->len, &p->broken);
        } else {
            /* stored: its size from the header (with a data descriptor, up to the next header) */
            size_t len = (flags & 8) && !usize ? 0 : usize;
            if (len > max) len = max;
            p->broken = len > n - at || (flags & 8 && !usize);
            if (len > n - at) len = n - at;
            p->data = malloc(len ? len : 1);
            if (p->data) memcpy(p->data, d + at, len);
            p->len = len;
        }
        if (!p->data) {
            free(p->name);
            break;
        }
        if (usize && p->len != usize && !(flags & 8)) p->broken = true;
        (*nout)++;
        /* the next header comes after this part's data when its size is known */
        if (method == 8 && csize && !(flags & 8) && at + csize <= n) o = at + csize - 1;
    }
    *out = v;
    return *nout > 0 ? JS_OK : JS_EINPUT;
}

void js_zip_salvage_free(js_zpart *v, int n)
{
    for (int i = 0; v && i < n; i++) {
        free(v[i].name);
        free(v[i].data);
    }
    free(v);
}
