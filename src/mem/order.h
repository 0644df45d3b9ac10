/* order.h (internal): the order in which an asynchronous sweep visits the units. */
#ifndef ENGRAM_MEM_ORDER_H
#define ENGRAM_MEM_ORDER_H

#include <stddef.h>

#include <gsl/gsl_rng.h>

/* Fills order with 0 .. d − 1 and, given a generator, shuffles it into a
 * fresh uniform permutation (Fisher–Yates); with rng NULL the order stays fixed. */
static inline void eg_update_order(size_t *order, size_t d, gsl_rng *rng)
{
    for (size_t i = 0; i < d; i++)
        order[i] = i;
    for (size_t k = d; rng && k > 1; k--) {
        size_t j = (size_t)gsl_rng_uniform_int(rng, (unsigned long)k);
        size_t tmp = order[k - 1];
        order[k - 1] = order[j];
        order[j] = tmp;
    }
}

#endif
