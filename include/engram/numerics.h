/* engram/numerics.h: process-wide numeric set-up. */
#ifndef ENGRAM_NUMERICS_H
#define ENGRAM_NUMERICS_H

#include <stddef.h>

/* Switches GSL's aborting error handler off so that every GSL status comes back
 * to the caller. Idempotent; the CLI calls it first, library users should too. */
void eg_numerics_init(void);

/* 1 when every one of the n values is finite (not NaN or ±Inf), else 0;
 * cheap enough for the integrator to run on every evaluation of a
 * right-hand side. */
int eg_all_finite(const double *v, size_t n);

#endif
