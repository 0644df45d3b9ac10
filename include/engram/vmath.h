/* engram/vmath.h: elementwise functions over arrays, written so that the compiler can vectorise them. */
#ifndef ENGRAM_VMATH_H
#define ENGRAM_VMATH_H

#include <stddef.h>

/* x[i] ← tanh(x[i]) for i < n, within a few units in the last place of the
 * correctly rounded value (tested against libm over the whole range), and
 * several times faster than calling tanh() per entry: one branch-free
 * expression per entry that compilers turn into SIMD code. tanh(±0) = ±0,
 * tanh(±∞) = ±1, NaN stays NaN. The same input always gives the same output. */
void eg_vmath_tanh(double *x, size_t n);

/* The same in single precision (float32 training): within a few units in the
 * last place of a float, tanh(±0) = ±0, tanh(±∞) = ±1, NaN stays NaN. */
void eg_vmath_tanhf(float *x, size_t n);

#endif
