/* arena.c: the bump allocator behind syntax trees and checked models. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS and the MADV_ hints, where the system has them */
#include "lang/arena.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Under AddressSanitizer every object gets a chunk of its own, so that reading
 * or writing past an object is still caught (fuzzing relies on it). */
#if defined(__SANITIZE_ADDRESS__)
#define EG_ARENA_EXACT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define EG_ARENA_EXACT 1
#endif
#endif
#ifndef EG_ARENA_EXACT
#define EG_ARENA_EXACT 0
#endif

typedef struct eg_arena_chunk {
    struct eg_arena_chunk *next;
    size_t size;   /* bytes of data */
    size_t mapped; /* bytes of its own mapping (then a multiple of 2 MB), or 0 from malloc */
    _Alignas(max_align_t) char data[];
} eg_arena_chunk;

/* What the language's objects need (pointers, doubles, size_t), not
 * max_align_t's 16 bytes: a 72-byte node would otherwise take 80. */
#define EG_ARENA_ALIGN _Alignof(union { void *p; double d; size_t n; long l; })

/* Small models stay small; large ones reach full-size chunks of 2 MB (header
 * included), where one allocation serves tens of thousands of objects. */
#define EG_ARENA_FIRST_CHUNK ((size_t)4 << 10)
#define EG_ARENA_CHUNK_BYTES ((size_t)2 << 20)
#define EG_ARENA_MAX_CHUNK (EG_ARENA_CHUNK_BYTES - sizeof(eg_arena_chunk))

/* Full-size chunks of freed arenas, kept for the arenas that follow. The first
 * touch of fresh memory costs more than the work done in it (every page is a
 * fault into the kernel), so a program that parses or checks again (a sweep
 * checks its model once per point; a long-running program reads model after
 * model) reuses the pages it already has, as malloc's heap does for small
 * blocks. The pool never holds more than the arenas held at their peak. Small
 * arenas never reach full-size chunks and leave the pool alone. */
static struct {
    pthread_mutex_t lock;
    eg_arena_chunk *chunks;
} pool = {PTHREAD_MUTEX_INITIALIZER, NULL};

static eg_arena_chunk *pool_take(void)
{
    pthread_mutex_lock(&pool.lock);
    eg_arena_chunk *c = pool.chunks;
    if (c)
        pool.chunks = c->next;
    pthread_mutex_unlock(&pool.lock);
    return c;
}

/* Gives back a list of full-size chunks, from first to last. */
static void pool_put(eg_arena_chunk *first, eg_arena_chunk *last)
{
    pthread_mutex_lock(&pool.lock);
    last->next = pool.chunks;
    pool.chunks = first;
    pthread_mutex_unlock(&pool.lock);
}

/* A mapping of bytes (a multiple of 2 MB) aligned to 2 MB, so that the
 * kernel can back it with 2 MB pages where it offers transparent huge pages:
 * a large model's tree spreads over hundreds of megabytes, and with 4 kB
 * pages nearly every statement the check revisits is a TLB miss. The pages
 * are populated at once, in one call into the kernel instead of a fault for
 * each 4 kB page, which on virtual machines costs more than the parsing done
 * in the page. NULL where the system has no such mapping. */
static void *map_region(size_t bytes)
{
#if defined(MAP_ANONYMOUS) && !EG_ARENA_EXACT
    const size_t align = EG_ARENA_CHUNK_BYTES;
    if (bytes > SIZE_MAX - align)
        return NULL;
    char *p = mmap(NULL, bytes + align, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    char *aligned = (char *)(((uintptr_t)p + align - 1) & ~(uintptr_t)(align - 1));
    if (aligned > p)
        munmap(p, (size_t)(aligned - p));
    if (aligned + bytes < p + bytes + align)
        munmap(aligned + bytes, (size_t)(p + align - aligned));
#ifdef MADV_HUGEPAGE
    madvise(aligned, bytes, MADV_HUGEPAGE); /* a hint: without it, 4 kB pages */
#endif
#ifdef MADV_POPULATE_WRITE
    madvise(aligned, bytes, MADV_POPULATE_WRITE); /* likewise: else pages fault in as used */
#endif
    return aligned;
#else
    (void)bytes;
    return NULL;
#endif
}

/* A chunk of size bytes of data. Full-size chunks come from the pool or a
 * mapping of their own; so do objects of 2 MB and more, which the heap
 * would map page by page; the rest come from malloc. */
static eg_arena_chunk *chunk_new(size_t size)
{
    if (size > SIZE_MAX - sizeof(eg_arena_chunk) - EG_ARENA_CHUNK_BYTES)
        return NULL;
    size_t bytes = sizeof(eg_arena_chunk) + size;
    eg_arena_chunk *c = NULL;
    size_t mapped = 0;
    if (!EG_ARENA_EXACT && size == EG_ARENA_MAX_CHUNK && (c = pool_take()))
        return c;
    if (!EG_ARENA_EXACT && bytes >= EG_ARENA_CHUNK_BYTES) {
        mapped = (bytes + EG_ARENA_CHUNK_BYTES - 1) / EG_ARENA_CHUNK_BYTES * EG_ARENA_CHUNK_BYTES;
        if (!(c = map_region(mapped)))
            mapped = 0;
    }
    if (!c)
        c = malloc(bytes);
    if (c) {
        c->size = size;
        c->mapped = mapped;
    }
    return c;
}

/* A request too large for the current chunk. Large objects get a chunk of
 * their own behind the current one, whose free space stays in use. */
static void *grow(eg_arena *a, size_t size)
{
    if (EG_ARENA_EXACT || size > EG_ARENA_MAX_CHUNK / 4) {
        eg_arena_chunk *c = chunk_new(size);
        if (!c)
            return NULL;
        if (a->chunks) {
            c->next = a->chunks->next;
            a->chunks->next = c;
        } else {
            c->next = NULL;
            a->chunks = c;
        }
        return c->data;
    }
    size_t cap = a->chunk_size ? a->chunk_size : EG_ARENA_FIRST_CHUNK;
    while (cap < size)
        cap *= 2;
    eg_arena_chunk *c = chunk_new(cap);
    if (!c)
        return NULL;
    c->next = a->chunks;
    a->chunks = c;
    a->next = c->data + size;
    a->end = c->data + cap;
    a->chunk_size = 2 * cap < EG_ARENA_MAX_CHUNK ? 2 * cap : EG_ARENA_MAX_CHUNK;
    return c->data;
}

/* size bytes at the next multiple of align (a power of two). */
static void *carve(eg_arena *a, size_t size, size_t align)
{
    if (size == 0)
        size = 1;
    uintptr_t p = ((uintptr_t)a->next + (align - 1)) & ~(uintptr_t)(align - 1);
    if (a->next && p <= (uintptr_t)a->end && size <= (uintptr_t)a->end - p) {
        a->next = (char *)p + size;
        return (void *)p;
    }
    return grow(a, size);
}

void *eg_arena_alloc(eg_arena *arena, size_t size)
{
    return carve(arena, size, EG_ARENA_ALIGN);
}

void *eg_arena_calloc(eg_arena *arena, size_t size)
{
    void *p = eg_arena_alloc(arena, size);
    if (p)
        memset(p, 0, size);
    return p;
}

char *eg_arena_strndup(eg_arena *arena, const char *text, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    /* Text needs no alignment: names pack tightly. */
    char *s = carve(arena, len + 1, 1);
    if (s) {
        if (len)
            memcpy(s, text, len);
        s[len] = '\0';
    }
    return s;
}

void eg_arena_free(eg_arena *arena)
{
    if (!arena)
        return;
    eg_arena_chunk *first = NULL, *last = NULL;
    for (eg_arena_chunk *c = arena->chunks, *next; c; c = next) {
        next = c->next;
        if (!EG_ARENA_EXACT && c->size == EG_ARENA_MAX_CHUNK) {
            c->next = first;
            first = c;
            if (!last)
                last = c;
        } else if (c->mapped) {
            munmap(c, c->mapped);
        } else {
            free(c);
        }
    }
    if (first)
        pool_put(first, last);
    memset(arena, 0, sizeof *arena);
}
