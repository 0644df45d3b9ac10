/* strbuf.c: the one growable text buffer of engram. */
#include "engram/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

eg_strbuf eg_strbuf_fixed(char *mem, size_t cap)
{
    eg_strbuf b = {mem, 0, cap, 1, 0};
    if (cap)
        mem[0] = '\0';
    return b;
}

/* Room for n more bytes and the NUL: doubles a heap buffer; a fixed one has
 * what it has. Returns the bytes that fit (n, or fewer when fixed and full). */
static size_t reserve(eg_strbuf *b, size_t n)
{
    if (b->failed && !b->fixed)
        return 0;
    if (b->len + n + 1 <= b->cap)
        return n;
    if (b->fixed) {
        b->failed = 1;
        return b->cap > b->len + 1 ? b->cap - b->len - 1 : 0;
    }
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n + 1) {
        if (cap > (size_t)-1 / 2) {
            b->failed = 1;
            return 0;
        }
        cap *= 2;
    }
    char *grown = realloc(b->s, cap);
    if (!grown) {
        b->failed = 1;
        return 0;
    }
    b->s = grown;
    b->cap = cap;
    return n;
}

void eg_strbuf_put(eg_strbuf *b, const char *s, size_t n)
{
    size_t fit = reserve(b, n);
    if (!b->cap)
        return;
    if (fit)
        memcpy(b->s + b->len, s, fit);
    b->len += fit;
    b->s[b->len] = '\0';
}

void eg_strbuf_puts(eg_strbuf *b, const char *s)
{
    eg_strbuf_put(b, s, strlen(s));
}

void eg_strbuf_vprintf(eg_strbuf *b, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n < 0) {
        va_end(again);
        return;
    }
    if ((size_t)n < sizeof small) {
        eg_strbuf_put(b, small, (size_t)n);
    } else {
        /* Longer than the scratch array: format straight into the buffer. */
        size_t fit = reserve(b, (size_t)n);
        if (b->cap && b->len + 1 < b->cap) {
            vsnprintf(b->s + b->len, fit + 1, fmt, again);
            b->len += fit;
        }
    }
    va_end(again);
}

void eg_strbuf_printf(eg_strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    eg_strbuf_vprintf(b, fmt, ap);
    va_end(ap);
}

char *eg_strbuf_take(eg_strbuf *b, size_t *len)
{
    char *s = b->failed ? NULL : b->s;
    if (len)
        *len = s ? b->len : 0;
    if (!s)
        free(b->fixed ? NULL : b->s);
    *b = (eg_strbuf)EG_STRBUF_INIT;
    return s;
}

void eg_strbuf_free(eg_strbuf *b)
{
    if (!b->fixed)
        free(b->s);
    *b = (eg_strbuf)EG_STRBUF_INIT;
}
