/* overlaps.h (internal): the popcounts behind the overlaps of packed
 * episodes with a ternary state.
 *
 * With the state's +1 units as the bit set `plus` and its −1 units as
 * `minus`, episode μ's overlap is exact integer arithmetic on
 * bp_μ = |ξ_μ ∩ plus| and bm_μ = |ξ_μ ∩ minus| (hopfield.c). These count
 * them for every episode with AVX-512 VPOPCNTQ, eight words an instruction. */
#ifndef ENGRAM_MEM_OVERLAPS_H
#define ENGRAM_MEM_OVERLAPS_H

#include <stddef.h>
#include <stdint.h>

/* Whether eg_overlaps_count takes the vector instructions here. */
int eg_overlaps_vector_available(void);

/* bp[μ] = Σ_w popcount(bits[μ·words + w] & plus[w]) for μ < n, and bm[μ]
 * the same with minus unless minus is NULL. */
void eg_overlaps_count(const uint64_t *bits, size_t n, size_t words, const uint64_t *plus, const uint64_t *minus,
                       int64_t *bp, int64_t *bm);

#endif
