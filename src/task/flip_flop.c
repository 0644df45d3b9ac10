/* flip_flop.c: batches of the k-bit flip-flop task (engram/flip_flop.h). */
#include "engram/flip_flop.h"

#include <stdlib.h>

#include "engram/cell_train.h"
#include "engram/rng.h"

/* One sequence into column n of the time-major batch b. */
static void fill_sequence(eg_batch *b, size_t n, double p, gsl_rng *r)
{
    size_t k = b->in, B = b->size;
    for (size_t t = 0; t < b->steps; t++)
        for (size_t i = 0; i < k; i++) {
            size_t at = (t * B + n) * k + i;
            double x = gsl_rng_uniform(r), pulse = 0;
            if (t == 0 || x < p)
                pulse = gsl_rng_uniform(r) < 0.5 ? 1.0 : -1.0;
            b->input[at] = pulse;
            b->target[at] = pulse != 0 ? pulse : b->target[((t - 1) * B + n) * k + i];
        }
}

eg_status eg_flip_flop_batch(size_t bits, size_t steps, double p, size_t size, uint64_t seed, uint64_t first,
                             eg_batch **out, eg_error *err)
{
    if (bits == 0 || steps == 0 || size == 0 || !(p >= 0 && p <= 1))
        return eg_error_set(err, EG_EINVAL, "a flip-flop batch needs bits, steps and size > 0 and p in [0, 1]");
    if (steps > SIZE_MAX / size / bits / sizeof(double))
        return eg_error_set(err, EG_ENOMEM, "a batch of %zu sequences of %zu steps is too large", size, steps);
    eg_batch *b = calloc(1, sizeof *b);
    if (!b || !(b->input = malloc(steps * size * bits * sizeof(double))) ||
        !(b->target = malloc(steps * size * bits * sizeof(double)))) {
        eg_batch_free(b);
        return eg_error_set(err, EG_ENOMEM, "out of memory for a batch of %zu sequences of %zu steps", size, steps);
    }
    b->size = size;
    b->steps = steps;
    b->in = b->out = bits;
    b->scored_from = 0;
    for (size_t n = 0; n < size; n++) {
        gsl_rng *r = eg_rng_alloc(seed, EG_RNG_TASK, first + n);
        if (!r) {
            eg_batch_free(b);
            return eg_error_set(err, EG_ENOMEM, "out of memory for a random generator");
        }
        fill_sequence(b, n, p, r);
        gsl_rng_free(r);
    }
    *out = b;
    return EG_OK;
}

static eg_status source_batch(void *ctx, size_t horizon, size_t size, uint64_t seed, uint64_t first, eg_batch **out,
                              eg_error *err)
{
    const eg_flip_flop *ff = ctx;
    return eg_flip_flop_batch(ff->bits, horizon, ff->p, size, seed, first, out, err);
}

eg_batch_source eg_batch_source_flip_flop(const eg_flip_flop *ff)
{
    eg_batch_source s = {.in = ff->bits, .out = ff->bits, .batch = source_batch, .ctx = (void *)ff};
    return s;
}
