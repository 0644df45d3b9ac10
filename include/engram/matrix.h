/* engram/matrix.h: the dense row-major matrix that modules exchange. */
#ifndef ENGRAM_MATRIX_H
#define ENGRAM_MATRIX_H

#include <stddef.h>

#include "engram/status.h"

/* rows × cols doubles, row-major (element (i, j) at data[i*cols + j]), which is
 * what CBLAS/LAPACKE take with CblasRowMajor/LAPACK_ROW_MAJOR and what numpy
 * writes in C order. A vector is a 1 × n or n × 1 matrix. The struct owns data. */
typedef struct eg_matrix {
    size_t rows, cols;
    double *data;
} eg_matrix;

/* Allocates a zeroed rows × cols matrix; NULL when out of memory or when
 * rows*cols overflows. 0 × n and n × 0 are allowed (data may then be NULL). */
eg_matrix *eg_matrix_alloc(size_t rows, size_t cols);
/* Frees m and its data; accepts NULL. */
void eg_matrix_free(eg_matrix *m);
/* A deep copy, or NULL when out of memory. */
eg_matrix *eg_matrix_copy(const eg_matrix *m);

static inline double *eg_matrix_at(eg_matrix *m, size_t i, size_t j) { return &m->data[i * m->cols + j]; }
static inline double eg_matrix_get(const eg_matrix *m, size_t i, size_t j) { return m->data[i * m->cols + j]; }

#endif
