/* array.c: allocation of the n-dimensional arrays the array-file readers return. */
#include "engram/array.h"

#include "core/pages.h"

#include <stdint.h>
#include <stdlib.h>

eg_array *eg_array_alloc(size_t ndim, const size_t *shape)
{
    size_t size = 1;
    for (size_t k = 0; k < ndim; k++) {
        if (shape[k] != 0 && size > SIZE_MAX / sizeof(double) / shape[k])
            return NULL;
        size *= shape[k];
    }
    eg_array *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->ndim = ndim;
    a->size = size;
    if (ndim) {
        a->shape = malloc(ndim * sizeof *a->shape);
        if (!a->shape) {
            free(a);
            return NULL;
        }
        for (size_t k = 0; k < ndim; k++)
            a->shape[k] = shape[k];
    }
    if (size) {
        /* On huge pages: a large array's first touch is the reader's copy
         * into it, one fault a 2 MiB page rather than one a 4 kB page. */
        a->data = eg_pages_malloc(size * sizeof(double));
        if (!a->data) {
            eg_array_free(a);
            return NULL;
        }
    }
    return a;
}

void eg_array_free(eg_array *a)
{
    if (!a)
        return;
    free(a->shape);
    free(a->data);
    free(a);
}
