/* columns.h (internal): the unit-major copy of packed episodes.
 *
 * Packed bipolar episodes are held by episode: bit i of word i/64 of row μ
 * is ξ_μi = +1. The field kernels (plus_sums.h) read them by unit: byte j of
 * unit i's column holds ξ_{8j+k,i} in bit k, nb = ⌈N/8⌉ bytes a unit. Forming
 * that copy is a bit-matrix transpose of N × D bits. */
#ifndef ENGRAM_MEM_COLUMNS_H
#define ENGRAM_MEM_COLUMNS_H

#include <stddef.h>
#include <stdint.h>

/* The columns of n episodes of d units (rows of `words` 64-bit words, bits
 * past d zero) into cols (d × nb bytes, nb = (n + 7) / 8), by 64 × 64 tiles
 * with GFNI and AVX-512 VBMI where the processor has them, by 8 × 8 tiles
 * otherwise; both give the same bytes. */
void eg_columns_pack(const uint64_t *bits, size_t n, size_t d, size_t words, uint8_t *cols, size_t nb);

/* The same by the 8 × 8 tiles alone (the reference the tests compare). */
void eg_columns_pack_portable(const uint64_t *bits, size_t n, size_t d, size_t words, uint8_t *cols, size_t nb);

/* Whether eg_columns_pack takes the 64 × 64 tiles on this processor. */
int eg_columns_wide_available(void);

#endif
