/* source.c: loading model files into memory for parsing and for quoting in diagnostics. */
#include "lang/source.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Model files are text; anything larger than this is certainly a mistake. */
#define EG_SOURCE_MAX_BYTES ((size_t)256 << 20)

void eg_source_set_init(eg_source_set *set)
{
    memset(set, 0, sizeof *set);
}

void eg_source_set_free(eg_source_set *set)
{
    for (size_t i = 0; i < set->count; i++) {
        free(set->items[i]->path);
        free(set->items[i]);
    }
    free(set->items);
    eg_arena_free(&set->texts);
    memset(set, 0, sizeof *set);
}

static eg_status source_set_push(eg_source_set *set, char *path, char *text, size_t len, eg_source **out)
{
    eg_source *s = malloc(sizeof *s);
    if (!s)
        goto oom;
    if (set->count == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 8;
        eg_source **items = realloc(set->items, cap * sizeof *items);
        if (!items)
            goto oom;
        set->items = items;
        set->cap = cap;
    }
    /* A UTF-8 byte-order mark (editors on Windows write one) says nothing
     * about the model: the text starts after it, and columns count from there. */
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        text += 3, len -= 3;
    s->path = path;
    s->text = text;
    s->len = len;
    set->items[set->count++] = s;
    *out = s;
    return EG_OK;
oom:
    free(s);
    free(path);
    return EG_ENOMEM; /* text stays in the set's arena */
}

eg_status eg_source_set_add_text(eg_source_set *set, const char *name, const char *text, size_t len,
                                 eg_source **out)
{
    char *p = strdup(name);
    char *t = len < SIZE_MAX - 2 ? eg_arena_alloc(&set->texts, len + 2) : NULL;
    if (!p || !t) {
        free(p);
        return EG_ENOMEM;
    }
    memcpy(t, text, len);
    t[len] = t[len + 1] = '\0';
    return source_set_push(set, p, t, len, out);
}

/* Reads the rest of f after the len bytes already in *text (a heap buffer of
 * cap + 2 bytes), doubling the buffer as it fills: for files whose size is not
 * known in advance (pipes, devices, files that grow while read). */
static eg_status read_growing(FILE *f, const char *path, char **text, size_t *len, size_t cap, eg_error *err)
{
    char *buf = *text;
    size_t n = *len;
    for (;;) {
        if (n == cap) {
            if (cap >= EG_SOURCE_MAX_BYTES) {
                free(buf);
                return eg_error_set(err, EG_EIO, "%s: file is larger than %zu MiB", path,
                                    EG_SOURCE_MAX_BYTES >> 20);
            }
            char *grown = realloc(buf, cap * 2 + 2);
            if (!grown) {
                free(buf);
                return EG_ENOMEM;
            }
            buf = grown;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    *text = buf;
    *len = n;
    return EG_OK;
}

/* Reads f whole into the set's arena, followed by two NULs. A regular file is
 * read straight into a buffer of its size; anything else, or a file that
 * turns out longer than its size said, goes through a growing heap buffer. */
static eg_status read_whole_file(eg_source_set *set, FILE *f, const char *path, char **text, size_t *len,
                                 eg_error *err)
{
    struct stat sb;
    size_t expect = fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) ? (size_t)sb.st_size : 0;
    if (expect > EG_SOURCE_MAX_BYTES)
        return eg_error_set(err, EG_EIO, "%s: file is larger than %zu MiB", path, EG_SOURCE_MAX_BYTES >> 20);
    /* One byte more than expected tells a file that grew from one that did not. */
    char *buf = eg_arena_alloc(&set->texts, expect + 2);
    if (!buf)
        return EG_ENOMEM;
    size_t n = fread(buf, 1, expect + 1, f);
    if (n > expect) {
        size_t cap = 2 * expect + 2;
        char *heap = malloc(cap + 2);
        if (!heap)
            return EG_ENOMEM;
        memcpy(heap, buf, n);
        eg_status st = read_growing(f, path, &heap, &n, cap, err);
        if (st != EG_OK)
            return st;
        buf = ferror(f) ? NULL : eg_arena_alloc(&set->texts, n + 2);
        if (buf)
            memcpy(buf, heap, n);
        free(heap);
        if (!buf && !ferror(f))
            return EG_ENOMEM;
    }
    if (ferror(f))
        return eg_error_set(err, EG_EIO, "%s: read error", path);
    buf[n] = buf[n + 1] = '\0';
    *text = buf;
    *len = n;
    return EG_OK;
}

eg_status eg_source_set_load(eg_source_set *set, const char *path, eg_source **out, eg_error *err)
{
    if (set->no_files)
        return eg_error_set(err, EG_EIO, "cannot open '%s': reading files is disabled here", path);
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
        return eg_error_set(err, EG_EIO, "cannot open '%s': it is a directory", path);
    errno = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return eg_error_set(err, EG_EIO, "cannot open '%s': %s", path, strerror(errno ? errno : EIO));
    char *text = NULL;
    size_t len = 0;
    eg_status st = read_whole_file(set, f, path, &text, &len, err);
    fclose(f);
    if (st != EG_OK)
        return st;
    char *p = strdup(path);
    if (!p)
        return EG_ENOMEM;
    return source_set_push(set, p, text, len, out);
}

const eg_source *eg_source_set_find(const eg_source_set *set, const char *path)
{
    for (size_t i = 0; i < set->count; i++)
        if (strcmp(set->items[i]->path, path) == 0)
            return set->items[i];
    return NULL;
}

char *eg_source_resolve(const char *from, const char *target)
{
    const char *slash = from ? strrchr(from, '/') : NULL;
    if (target[0] == '/' || !slash)
        return strdup(target);
    size_t dir = (size_t)(slash - from) + 1, len = strlen(target);
    char *p = malloc(dir + len + 1);
    if (p) {
        memcpy(p, from, dir);
        memcpy(p + dir, target, len + 1);
    }
    return p;
}
