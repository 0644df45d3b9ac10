/* pages.c: large blocks marked for transparent huge pages, where the kernel
 * grants them on request (THP "madvise", Debian's default). A block of
 * episode bits, a packed copy of them or a dense W is written once and then
 * streamed through at every field evaluation or right-hand side: on 2 MiB
 * pages its first touch takes 512 times fewer page faults (a fault is
 * several microseconds under a hypervisor: at D = 32 000 the faults of the
 * episodes and their unit-major copy took 60 of the recall experiment's
 * 130 ms) and its passes 512 times fewer TLB entries. numpy does the same
 * for its large arrays. */
#define _DEFAULT_SOURCE /* madvise's MADV_HUGEPAGE (Linux) */
#include "core/pages.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define HUGE_FROM ((size_t)2 << 20)   /* calloc's blocks: the aligned part of larger ones */
#define WHOLE_FROM ((size_t)512 << 10) /* malloc's: whole huge pages from here on */
#define HUGE_ALIGN ((uintptr_t)2 << 20)

/* Marks len bytes from p (2 MiB-aligned) for huge pages. */
static void mark(void *p, size_t len)
{
#ifdef MADV_HUGEPAGE
    madvise(p, len, MADV_HUGEPAGE); /* advice: failure is harmless */
#else
    (void)p;
    (void)len;
#endif
}

/* Marks the 2 MiB-aligned part of p's bytes for huge pages; p as given. */
static void *advise(void *p, size_t bytes)
{
    if (p && bytes >= HUGE_FROM) {
        uintptr_t lo = ((uintptr_t)p + HUGE_ALIGN - 1) & ~(HUGE_ALIGN - 1);
        uintptr_t hi = ((uintptr_t)p + bytes) & ~(HUGE_ALIGN - 1);
        if (hi > lo)
            mark((void *)lo, hi - lo);
    }
    return p;
}

void *eg_pages_malloc(size_t bytes)
{
    if (bytes < WHOLE_FROM || bytes > SIZE_MAX - HUGE_ALIGN)
        return malloc(bytes);
    /* Whole 2 MiB pages, aligned: an unaligned block of a few MiB holds
     * only the huge pages that fit inside it, one of 3.5 MiB at most one;
     * and from half a MiB on, one huge page (at most 1.5 MiB more memory)
     * costs less than 128 faults. */
    size_t whole = (bytes + HUGE_ALIGN - 1) & ~(size_t)(HUGE_ALIGN - 1);
    void *p = aligned_alloc(HUGE_ALIGN, whole);
    if (p)
        mark(p, whole);
    return p;
}

void *eg_pages_zeroed(size_t count, size_t size)
{
    if (count && size > SIZE_MAX / count)
        return NULL;
    /* Not calloc: a block it takes from the heap (glibc's threshold for
     * fresh mappings rises as large blocks are freed) it zeroes itself,
     * touching every 4 kB page before the advice could be given. */
    void *p = eg_pages_malloc(count * size);
    return p ? memset(p, 0, count * size) : NULL;
}

void *eg_pages_calloc(size_t count, size_t size)
{
    if (count && size > SIZE_MAX / count)
        return NULL;
    return advise(calloc(count, size), count * size);
}
