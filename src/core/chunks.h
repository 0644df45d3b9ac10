/* chunks.h (internal): one loop over [0, n) split into `threads` contiguous
 * chunks, each on a thread of its own (the calling thread takes the first).
 * The chunks must write disjoint outputs; the result then does not depend on
 * the thread count. */
#ifndef ENGRAM_CORE_CHUNKS_H
#define ENGRAM_CORE_CHUNKS_H

#include <stddef.h>

typedef void (*eg_chunk_fn)(size_t lo, size_t hi, void *ctx);

/* fn over [lo, hi) chunks of [0, n); on one thread when threads ≤ 1 or n < threads. */
void eg_chunks_run(size_t n, int threads, eg_chunk_fn fn, void *ctx);

#endif
