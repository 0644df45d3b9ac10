/* diag.c: collecting diagnostics and printing them GCC-style with the source line. */
#include "lang/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Long lines (a 1 MB line, minified data) are quoted as a window around the column. */
#define EG_DIAG_EXCERPT_WIDTH 100

void eg_diag_list_init(eg_diag_list *list)
{
    memset(list, 0, sizeof *list);
    list->max_errors = EG_DIAG_DEFAULT_MAX_ERRORS;
}

void eg_diag_list_free(eg_diag_list *list)
{
    for (size_t i = 0; i < list->count; i++)
        free(list->items[i].message);
    free(list->items);
    memset(list, 0, sizeof *list);
}

int eg_diag_full(const eg_diag_list *list)
{
    return list->max_errors && list->errors >= list->max_errors;
}

/* The length of the valid UTF-8 sequence at p (at most n bytes), or 0. */
static size_t utf8_length(const unsigned char *p, size_t n);

/* The code point of the valid UTF-8 sequence of len bytes at p. */
static unsigned long utf8_decode(const unsigned char *p, size_t len)
{
    unsigned long cp = len == 1 ? p[0] : len == 2 ? p[0] & 0x1Fu : len == 3 ? p[0] & 0x0Fu : p[0] & 0x07u;
    for (size_t i = 1; i < len; i++)
        cp = cp << 6 | (p[i] & 0x3Fu);
    return cp;
}

/* Whether code point cp prints as nothing, or as a blank a reader cannot tell
 * from a space: controls, format characters (byte-order mark, zero-width and
 * bidirectional marks), unusual spaces, variation selectors, tags. */
static int invisible(unsigned long cp)
{
    static const unsigned long ranges[][2] = {
        {0x00, 0x08},       {0x0B, 0x1F},       {0x7F, 0xA0},       {0xAD, 0xAD},       {0x34F, 0x34F},
        {0x61C, 0x61C},     {0x115F, 0x1160},   {0x17B4, 0x17B5},   {0x180B, 0x180E},   {0x2000, 0x200F},
        {0x2028, 0x202F},   {0x205F, 0x206F},   {0x3000, 0x3000},   {0x3164, 0x3164},   {0xFE00, 0xFE0F},
        {0xFEFF, 0xFEFF},   {0xFFA0, 0xFFA0},   {0xFFF0, 0xFFFB},   {0xE0000, 0xE0FFF},
    };
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
        if (cp >= ranges[i][0] && cp <= ranges[i][1])
            return 1;
    return 0;
}

/* msg with every invisible character written as its code point ("U+FEFF"),
 * malloc'd; NULL when msg has none (or when out of memory: msg then stays
 * as it is, which loses nothing but legibility). */
static char *name_invisible(const char *msg)
{
    const unsigned char *u = (const unsigned char *)msg;
    size_t len = strlen(msg), count = 0;
    for (size_t i = 0; i < len;) {
        size_t n = u[i] >= 0x80 ? utf8_length(u + i, len - i) : 1;
        if (n && invisible(utf8_decode(u + i, n)))
            count++;
        i += n ? n : 1;
    }
    if (!count)
        return NULL;
    char *out = malloc(len + count * 9 + 1); /* "U+E0FFF" is 7 bytes for at least 1 */
    if (!out)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < len;) {
        size_t n = u[i] >= 0x80 ? utf8_length(u + i, len - i) : 1;
        unsigned long cp = n ? utf8_decode(u + i, n) : 0;
        if (n && invisible(cp)) {
            k += (size_t)sprintf(out + k, "U+%04lX", cp);
        } else {
            memcpy(out + k, u + i, n ? n : 1);
            k += n ? n : 1;
        }
        i += n ? n : 1;
    }
    out[k] = '\0';
    return out;
}

void eg_diag_addv(eg_diag_list *list, eg_severity sev, eg_loc loc, const char *fmt, va_list ap0)
{
    if (eg_diag_full(list)) {
        list->truncated = 1;
        return;
    }
    if (sev == EG_DIAG_ERROR)
        list->errors++;
    if (list->count == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 16;
        eg_diag *items = realloc(list->items, cap * sizeof *items);
        if (!items) {
            list->oom = 1;
            return;
        }
        list->items = items;
        list->cap = cap;
    }
    va_list ap;
    va_copy(ap, ap0);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *msg = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (!msg) {
        list->oom = 1;
        return;
    }
    va_copy(ap, ap0);
    vsnprintf(msg, (size_t)n + 1, fmt, ap);
    va_end(ap);
    char *named = name_invisible(msg);
    if (named) {
        free(msg);
        msg = named;
    }
    list->items[list->count++] = (eg_diag){sev, loc, msg};
}

void eg_diag_add(eg_diag_list *list, eg_severity sev, eg_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    eg_diag_addv(list, sev, loc, fmt, ap);
    va_end(ap);
}

void eg_diag_error(eg_diag_list *list, eg_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    eg_diag_addv(list, EG_DIAG_ERROR, loc, fmt, ap);
    va_end(ap);
}

void eg_diag_note(eg_diag_list *list, eg_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    eg_diag_addv(list, EG_DIAG_NOTE, loc, fmt, ap);
    va_end(ap);
}

static const char *severity_name(eg_severity sev)
{
    switch (sev) {
    case EG_DIAG_ERROR: return "error";
    case EG_DIAG_WARNING: return "warning";
    case EG_DIAG_NOTE: return "note";
    }
    return "error";
}

/* Finds line `line` (1-based) of src; returns its start and sets *len. */
static const char *find_line(const eg_source *src, int line, size_t *len)
{
    const char *p = src->text, *end = src->text + src->len;
    for (int l = 1; l < line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return NULL;
        p = nl + 1;
    }
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    *len = (size_t)((nl ? nl : end) - p);
    if (*len && p[*len - 1] == '\r')
        (*len)--;
    return p;
}

/* The length of the valid UTF-8 sequence at p (at most n bytes), or 0. */
static size_t utf8_length(const unsigned char *p, size_t n)
{
    size_t len = p[0] >= 0xF0 && p[0] <= 0xF4 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC2 && p[0] < 0xE0 ? 2 : 0;
    if (len == 0 || len > n)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    /* Overlong forms and surrogates are not text either. */
    if ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] >= 0xA0) || (p[0] == 0xF0 && p[1] < 0x90) ||
        (p[0] == 0xF4 && p[1] >= 0x90))
        return 0;
    return len;
}

/* Quotes the line with a caret under col. Control bytes and bytes that are
 * not UTF-8 are shown as '?' so the terminal never receives them; tabs are
 * kept, and a character of several bytes takes one space, so the caret stays
 * aligned. */
static void print_excerpt(const eg_source *src, eg_loc loc, FILE *out)
{
    size_t len = 0;
    const char *line = find_line(src, loc.line, &len);
    if (!line)
        return;
    const unsigned char *u = (const unsigned char *)line;
    size_t col = loc.col > 0 ? (size_t)loc.col - 1 : 0;
    if (col > len)
        col = len;
    size_t start = 0, stop = len;
    if (len > EG_DIAG_EXCERPT_WIDTH) {
        start = col > EG_DIAG_EXCERPT_WIDTH / 2 ? col - EG_DIAG_EXCERPT_WIDTH / 2 : 0;
        stop = start + EG_DIAG_EXCERPT_WIDTH < len ? start + EG_DIAG_EXCERPT_WIDTH : len;
        /* Never cut a character in two. */
        while (start > 0 && start < len && (u[start] & 0xC0) == 0x80)
            start--;
        while (stop < len && (u[stop] & 0xC0) == 0x80)
            stop++;
    }
    fprintf(out, "%5d | %s", loc.line, start > 0 ? "..." : "");
    for (size_t i = start; i < stop;) {
        size_t n = u[i] >= 0x80 ? utf8_length(u + i, stop - i) : 1;
        if (n > 1) {
            if (invisible(utf8_decode(u + i, n)))
                fputc('?', out);
            else
                fwrite(u + i, 1, n, out);
            i += n;
            continue;
        }
        fputc(u[i] == '\t' || (u[i] >= 0x20 && u[i] < 0x7f) ? u[i] : '?', out);
        i++;
    }
    fprintf(out, "%s\n      | %s", stop < len ? "..." : "", start > 0 ? "   " : "");
    for (size_t i = start; i < col;) {
        size_t n = u[i] >= 0x80 ? utf8_length(u + i, len - i) : 1;
        fputc(u[i] == '\t' ? '\t' : ' ', out);
        i += n ? n : 1;
    }
    fputs("^\n", out);
}

void eg_diag_print(const eg_diag_list *list, const eg_source_set *sources, FILE *out)
{
    for (size_t i = 0; i < list->count; i++) {
        const eg_diag *d = &list->items[i];
        if (d->loc.file && d->loc.line > 0)
            fprintf(out, "%s:%d:%d: ", d->loc.file, d->loc.line, d->loc.col);
        else if (d->loc.file)
            fprintf(out, "%s: ", d->loc.file);
        else
            fputs("engram: ", out);
        fprintf(out, "%s: %s\n", severity_name(d->severity), d->message);
        const eg_source *src = d->loc.file && sources ? eg_source_set_find(sources, d->loc.file) : NULL;
        if (src && d->loc.line > 0)
            print_excerpt(src, d->loc, out);
    }
    if (list->truncated)
        fprintf(out, "engram: too many errors (%zu shown); stopping\n", list->errors);
    if (list->oom)
        fputs("engram: out of memory while recording diagnostics; some are missing\n", out);
}

/* Edit distance counting a swap of two neighbouring letters as one edit
 * (optimal string alignment), since "stroe" is a slip for "store". */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return (size_t)-1;
    size_t d[65][65];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[la][lb];
}

const char *eg_diag_suggest(const char *word, const char *const *candidates)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    size_t limit = strlen(word) / 3 + 1; /* a third of the word may be wrong */
    for (size_t i = 0; candidates && candidates[i]; i++) {
        size_t d = edit_distance(word, candidates[i]);
        if (d < best_d && d <= limit && d < strlen(candidates[i])) {
            best = candidates[i];
            best_d = d;
        }
    }
    return best;
}
