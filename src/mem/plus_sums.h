/* plus_sums.h (internal): the column sums of the factored Hebbian field.
 *
 * For packed bipolar episodes held by units (byte j of unit i's column holds
 * ξ_{8j+k,i} = +1 in bit k, `colbytes` bytes a unit) and overlaps m_μ, unit
 * i's plus sum is p_i = Σ_{μ: ξ_μi=+1} m_μ; the field is built from it as
 * Σ_μ ξ_μi m_μ = 2 p_i − Σ_μ m_μ. Two kernels compute it:
 * - the table kernel (any processor, any double m): 256 subset sums of m per
 *   block of 8 episodes, then one look-up per block and unit;
 * - the masked-add kernel (AVX-512, integer m): m held as 32-bit integers,
 *   one masked vector addition per 16 episodes and unit, the column's two
 *   bytes as the mask. Integer sums are exact, so both give the same p. */
#ifndef ENGRAM_MEM_PLUS_SUMS_H
#define ENGRAM_MEM_PLUS_SUMS_H

#include <stddef.h>
#include <stdint.h>

/* p_i for d units by the table kernel. m holds 8·colbytes values (zero past
 * the last episode); table is scratch of 256·colbytes doubles. */
void eg_plus_sums_table(const uint8_t *cols, size_t colbytes, size_t d, const double *m, double *table,
                        double *plus);

/* Whether this processor runs the masked-add kernel. */
int eg_plus_sums_masked_available(void);

/* p_i for d units by the masked-add kernel, for integer overlaps. m holds
 * eg_plus_sums_masked_len(colbytes) values, zero past the last episode; the
 * caller guarantees Σ_μ |m_μ| < 2^31 (every partial sum then fits) and that
 * eg_plus_sums_masked_available() holds. */
void eg_plus_sums_masked(const uint8_t *cols, size_t colbytes, size_t d, const int32_t *m, double *plus);

/* Entries of the integer overlap vector the masked-add kernel reads: 8·colbytes
 * rounded up to whole vectors of 16. */
static inline size_t eg_plus_sums_masked_len(size_t colbytes) { return (colbytes + 1) / 2 * 16; }

#endif
