/* matrix.c: allocation of the dense row-major matrices modules exchange. */
#include "engram/matrix.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
        m->data = calloc(rows * cols, sizeof(double));
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
