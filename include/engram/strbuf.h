/* engram/strbuf.h: text appended piece by piece, on the heap (growing) or in
 * a fixed array the caller gives (cut short, never overrun, when full). */
#ifndef ENGRAM_STRBUF_H
#define ENGRAM_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

/* A zeroed eg_strbuf (EG_STRBUF_INIT) is an empty buffer on the heap. The
 * text is always NUL-terminated once anything was appended. An allocation
 * that fails marks the buffer failed: later appends do nothing, and
 * eg_strbuf_take gives NULL, so callers check once at the end. */
typedef struct eg_strbuf {
    char *s;
    size_t len, cap;
    int fixed;  /* s is the caller's array of cap bytes: it never grows */
    int failed; /* out of memory, or (fixed) text was cut short */
} eg_strbuf;

#define EG_STRBUF_INIT {NULL, 0, 0, 0, 0}

/* A buffer writing into mem[0..cap) (cap >= 1), which starts empty. */
eg_strbuf eg_strbuf_fixed(char *mem, size_t cap);

void eg_strbuf_put(eg_strbuf *b, const char *s, size_t n);
void eg_strbuf_puts(eg_strbuf *b, const char *s);
void eg_strbuf_printf(eg_strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void eg_strbuf_vprintf(eg_strbuf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Hands the heap text to the caller (free it), its length in *len when len
 * is not NULL, and leaves b empty; NULL when the buffer failed (then freed). */
char *eg_strbuf_take(eg_strbuf *b, size_t *len);
/* Frees a heap buffer's text (nothing for a fixed one) and leaves b empty. */
void eg_strbuf_free(eg_strbuf *b);

#endif
