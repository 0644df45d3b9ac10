/* engram/array.h: an n-dimensional array of doubles, as the array-file readers return it. */
#ifndef ENGRAM_ARRAY_H
#define ENGRAM_ARRAY_H

#include <stddef.h>

/* ndim dimensions of extents shape[0..ndim-1], row-major (the last index varies
 * fastest, numpy's C order). size is the product of the extents (1 for ndim 0, a
 * scalar); data holds size doubles and is NULL when size is 0. The struct owns
 * shape and data. */
typedef struct eg_array {
    size_t ndim;
    size_t *shape;
    size_t size;
    double *data;
} eg_array;

/* Allocates an array of the given shape with uninitialised data; NULL when out
 * of memory or when the element count times sizeof(double) overflows. */
eg_array *eg_array_alloc(size_t ndim, const size_t *shape);
/* Frees a, its shape and its data; accepts NULL and half-built arrays. */
void eg_array_free(eg_array *a);

#endif
