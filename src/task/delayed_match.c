/* delayed_match.c: batches of delayed match-to-sample with ±1 stimuli
 * (engram/delayed_match.h). */
#include "engram/delayed_match.h"

#include <stdlib.h>
#include <string.h>

#include "engram/cell_train.h"
#include "engram/rng.h"

/* d random signs into x. */
static void draw_signs(double *x, size_t d, gsl_rng *r)
{
    for (size_t i = 0; i < d; i++)
        x[i] = gsl_rng_uniform(r) < 0.5 ? 1.0 : -1.0;
}

/* One trial into column n of the time-major batch b (zeroed beforehand). */
static void fill_trial(eg_batch *b, size_t n, size_t delay, double *test, gsl_rng *r)
{
    size_t d = b->in, B = b->size;
    double *sample = b->input + n * d;
    draw_signs(sample, d, r);
    int match = gsl_rng_uniform(r) < 0.5;
    if (match)
        memcpy(test, sample, d * sizeof *test);
    else
        do
            draw_signs(test, d, r);
        while (memcmp(test, sample, d * sizeof *test) == 0);
    memcpy(b->input + ((delay + 1) * B + n) * d, test, d * sizeof *test);
    for (size_t t = delay + 1; t < b->steps; t++)
        b->target[t * B + n] = match ? 1.0 : -1.0;
}

eg_status eg_delayed_match_batch(size_t d, size_t delay, size_t response, size_t size, uint64_t seed, uint64_t first,
                                 eg_batch **out, eg_error *err)
{
    if (d == 0 || response == 0 || size == 0)
        return eg_error_set(err, EG_EINVAL, "a delayed-match batch needs width, response steps and size > 0");
    if (delay > SIZE_MAX / 4 || response > SIZE_MAX / 4 ||
        delay + 1 + response > SIZE_MAX / size / d / sizeof(double))
        return eg_error_set(err, EG_ENOMEM, "a batch of %zu trials of %zu + %zu steps is too large", size, delay,
                            response);
    size_t T = delay + 1 + response;
    eg_batch *b = calloc(1, sizeof *b);
    double *test = malloc(d * sizeof *test);
    if (!b || !test || !(b->input = calloc(T * size * d, sizeof(double))) ||
        !(b->target = calloc(T * size, sizeof(double)))) {
        eg_batch_free(b);
        free(test);
        return eg_error_set(err, EG_ENOMEM, "out of memory for a batch of %zu trials of %zu steps", size, T);
    }
    b->size = size;
    b->steps = T;
    b->in = d;
    b->out = 1;
    b->scored_from = delay + 1;
    for (size_t n = 0; n < size; n++) {
        gsl_rng *r = eg_rng_alloc(seed, EG_RNG_TASK, first + n);
        if (!r) {
            eg_batch_free(b);
            free(test);
            return eg_error_set(err, EG_ENOMEM, "out of memory for a random generator");
        }
        fill_trial(b, n, delay, test, r);
        gsl_rng_free(r);
    }
    free(test);
    *out = b;
    return EG_OK;
}

static eg_status source_batch(void *ctx, size_t horizon, size_t size, uint64_t seed, uint64_t first, eg_batch **out,
                              eg_error *err)
{
    const eg_delayed_match *dm = ctx;
    return eg_delayed_match_batch(dm->d, dm->delay, horizon, size, seed, first, out, err);
}

eg_batch_source eg_batch_source_delayed_match(const eg_delayed_match *dm)
{
    eg_batch_source s = {.in = dm->d, .out = 1, .batch = source_batch, .ctx = (void *)dm};
    return s;
}
