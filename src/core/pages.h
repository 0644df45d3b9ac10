/* pages.h: large blocks marked for transparent huge pages. */
#ifndef ENGRAM_CORE_PAGES_H
#define ENGRAM_CORE_PAGES_H

#include <stddef.h>

/* Large blocks marked for huge pages; free them with free().
 * eg_pages_malloc: uninitialised; from 512 kB on in whole 2 MiB pages (the
 *   size rounded up, the block aligned), marked before the first touch.
 * eg_pages_zeroed: the same, zeroed: for blocks filled at once.
 * eg_pages_calloc: calloc's block, the 2 MiB-aligned part of one of 2 MiB
 *   or more marked; zeroed lazily when calloc maps it fresh (then marked
 *   before the first touch), else zeroed by calloc on 4 kB pages: for
 *   blocks that may stay mostly untouched. */
void *eg_pages_malloc(size_t bytes);
void *eg_pages_zeroed(size_t count, size_t size);
void *eg_pages_calloc(size_t count, size_t size);

#endif
