/* arena.h: a bump allocator for the many small objects of one parse or one
 * checked model (tree nodes, values, names), all freed at once. */
#ifndef ENGRAM_LANG_ARENA_H
#define ENGRAM_LANG_ARENA_H

#include <stddef.h>

struct eg_arena_chunk;

/* Objects are carved out of chunks that grow geometrically, so a large model
 * costs a few dozen mallocs instead of several per token. Nothing is freed
 * alone: eg_arena_free releases every object at once. A zeroed eg_arena is a
 * valid empty arena. */
typedef struct eg_arena {
    struct eg_arena_chunk *chunks; /* newest first */
    char *next, *end;              /* free space of the newest chunk */
    size_t chunk_size;             /* size of the next chunk to allocate */
} eg_arena;

/* size bytes aligned for pointers, doubles and integers (not long double),
 * or NULL when out of memory. */
void *eg_arena_alloc(eg_arena *arena, size_t size);
/* The same, zero-filled. */
void *eg_arena_calloc(eg_arena *arena, size_t size);
/* A NUL-terminated copy of len bytes of text, or NULL when out of memory. */
char *eg_arena_strndup(eg_arena *arena, const char *text, size_t len);
/* Releases every object of the arena and leaves it empty; accepts NULL. */
void eg_arena_free(eg_arena *arena);

#endif
