/* matrix.c: allocation of the dense row-major matrices modules exchange. */
#include "engram/matrix.h"

#include "core/pages.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* n zeroed doubles, on huge pages when large (core/pages.c): a dense W that
 * every right-hand side streams through dgemv then spans 512 times fewer
 * pages and TLB entries, about 20 % of a D = 2000 rate network's
 * evaluation. The block stays calloc's, zeroed lazily: a trajectory's rows
 * that are never recorded cost no memory. */
static double *zeroed(size_t n)
{
    return eg_pages_calloc(n, sizeof(double));
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
