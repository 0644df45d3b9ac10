/* matrix.c: allocation of the dense row-major matrices modules exchange. */
#define _DEFAULT_SOURCE /* madvise's MADV_HUGEPAGE (Linux) */
#include "engram/matrix.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* From this size on, the 2 MiB-aligned part of a matrix's block is marked for
 * transparent huge pages, where the kernel grants them on request (THP
 * "madvise", Debian's default). A dense W that every right-hand side streams
 * through dgemv then spans 512 times fewer pages and TLB entries: about 20 %
 * of a D = 2000 rate network's evaluation. numpy does the same for its large
 * arrays. The block stays calloc's, zeroed lazily: a trajectory's rows that
 * are never recorded cost no memory. */
#define HUGE_FROM ((size_t)4 << 20)
#define HUGE_ALIGN ((uintptr_t)2 << 20)

/* n zeroed doubles. */
static double *zeroed(size_t n)
{
    double *p = calloc(n, sizeof(double));
#ifdef MADV_HUGEPAGE
    size_t bytes = n * sizeof(double);
    if (p && bytes >= HUGE_FROM) {
        uintptr_t lo = ((uintptr_t)p + HUGE_ALIGN - 1) & ~(HUGE_ALIGN - 1);
        uintptr_t hi = ((uintptr_t)p + bytes) & ~(HUGE_ALIGN - 1);
        if (hi > lo)
            madvise((void *)lo, hi - lo, MADV_HUGEPAGE); /* advice: failure is harmless */
    }
#endif
    return p;
}

eg_matrix *eg_matrix_alloc(size_t rows, size_t cols)
{
    if (cols && rows > SIZE_MAX / sizeof(double) / cols)
        return NULL;
    eg_matrix *m = malloc(sizeof *m);
    if (!m)
        return NULL;
    m->rows = rows;
    m->cols = cols;
    m->data = NULL;
    if (rows != 0 && cols != 0) {
        m->data = zeroed(rows * cols);
        if (!m->data) {
            free(m);
            return NULL;
        }
    }
    return m;
}

void eg_matrix_free(eg_matrix *m)
{
    if (!m)
        return;
    free(m->data);
    free(m);
}

eg_matrix *eg_matrix_copy(const eg_matrix *m)
{
    eg_matrix *c = eg_matrix_alloc(m->rows, m->cols);
    if (c && m->rows != 0 && m->cols != 0)
        memcpy(c->data, m->data, m->rows * m->cols * sizeof(double));
    return c;
}
