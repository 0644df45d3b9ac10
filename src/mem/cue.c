/* cue.c: seeded damage of patterns into recall cues. */
#include "engram/cue.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engram/rng.h"

/* The damaged value of one unit: a flip moves it to the other value of its
 * set (−x for {−1, +1}, 1 − x for {0, 1}); a mask sets it to the midpoint of
 * the set (0 or 1/2), the value that favours neither state. Either way the
 * unit differs from the episode's, so k damaged units are k changed units. */
static double damaged(double x, int mask, eg_cue_values v)
{
    if (v == EG_CUE_BINARY)
        return mask ? 0.5 : 1.0 - x;
    return mask ? 0.0 : -x;
}

/* Picks k distinct units uniformly and damages them (see damaged). The first
 * k entries of a partial Fisher–Yates shuffle are a uniform k-subset, drawn
 * in O(D) memory and O(D + k) time. */
static eg_status damage(const double *pattern, size_t d, size_t k, int mask, eg_cue_values v, uint64_t seed,
                        uint64_t index, double *out, eg_error *err)
{
    if (v != EG_CUE_BIPOLAR && v != EG_CUE_BINARY)
        return eg_error_set(err, EG_EINVAL, "unknown state set %d", (int)v);
    if (k > d)
        return eg_error_set(err, EG_EINVAL, "cannot damage %zu units of a %zu-unit pattern", k, d);
    if (out != pattern)
        memmove(out, pattern, d * sizeof *out);
    if (k == 0)
        return EG_OK;
    size_t *idx = malloc(d * sizeof *idx);
    gsl_rng *r = eg_rng_alloc(seed, EG_RNG_CUE, index);
    if (!idx || !r) {
        free(idx);
        if (r)
            gsl_rng_free(r);
        return eg_error_set(err, EG_ENOMEM, "out of memory damaging a cue of %zu units", d);
    }
    for (size_t i = 0; i < d; i++)
        idx[i] = i;
    for (size_t j = 0; j < k; j++) {
        size_t pick = j + (size_t)gsl_rng_uniform_int(r, (unsigned long)(d - j));
        size_t t = idx[j];
        idx[j] = idx[pick];
        idx[pick] = t;
        out[idx[j]] = damaged(out[idx[j]], mask, v);
    }
    gsl_rng_free(r);
    free(idx);
    return EG_OK;
}

eg_status eg_cue_count(double fraction, size_t d, size_t *k, eg_error *err)
{
    if (!(fraction >= 0.0 && fraction <= 1.0))
        return eg_error_set(err, EG_EINVAL, "a cue fraction must lie in [0, 1] (got %g)", fraction);
    *k = (size_t)llround(fraction * (double)d);
    if (*k > d)
        *k = d;
    return EG_OK;
}

eg_status eg_cue_flip_bits(const double *pattern, size_t d, size_t k, uint64_t seed, uint64_t index,
                           double *out, eg_error *err)
{
    return damage(pattern, d, k, 0, EG_CUE_BIPOLAR, seed, index, out, err);
}

eg_status eg_cue_flip_fraction(const double *pattern, size_t d, double fraction, uint64_t seed,
                               uint64_t index, double *out, eg_error *err)
{
    size_t k = 0;
    eg_status st = eg_cue_count(fraction, d, &k, err);
    return st != EG_OK ? st : damage(pattern, d, k, 0, EG_CUE_BIPOLAR, seed, index, out, err);
}

eg_status eg_cue_mask_fraction(const double *pattern, size_t d, double fraction, uint64_t seed,
                               uint64_t index, double *out, eg_error *err)
{
    size_t k = 0;
    eg_status st = eg_cue_count(fraction, d, &k, err);
    return st != EG_OK ? st : damage(pattern, d, k, 1, EG_CUE_BIPOLAR, seed, index, out, err);
}

eg_status eg_cue_flip_units(const double *pattern, size_t d, size_t k, eg_cue_values v, uint64_t seed,
                           uint64_t index, double *out, eg_error *err)
{
    return damage(pattern, d, k, 0, v, seed, index, out, err);
}

eg_status eg_cue_mask_units(const double *pattern, size_t d, size_t k, eg_cue_values v, uint64_t seed,
                           uint64_t index, double *out, eg_error *err)
{
    return damage(pattern, d, k, 1, v, seed, index, out, err);
}

eg_status eg_cue_random_bipolar(size_t d, double p, uint64_t seed, uint64_t index, double *out,
                                eg_error *err)
{
    return eg_cue_random_state(d, p, EG_CUE_BIPOLAR, seed, index, out, err);
}

/* One uniform per unit, active when u < p, so a bipolar and a binary state
 * drawn from the same (seed, index, p) have the same active units. */
eg_status eg_cue_random_state(size_t d, double p, eg_cue_values v, uint64_t seed, uint64_t index, double *out,
                              eg_error *err)
{
    if (v != EG_CUE_BIPOLAR && v != EG_CUE_BINARY)
        return eg_error_set(err, EG_EINVAL, "unknown state set %d", (int)v);
    if (!(p >= 0.0 && p <= 1.0))
        return eg_error_set(err, EG_EINVAL, "the probability of an active unit must lie in [0, 1] (got %g)", p);
    double off = v == EG_CUE_BINARY ? 0.0 : -1.0;
    gsl_rng *r = eg_rng_alloc(seed, EG_RNG_CUE, index);
    if (!r)
        return eg_error_set(err, EG_ENOMEM, "out of memory allocating a random stream");
    for (size_t i = 0; i < d; i++)
        out[i] = gsl_rng_uniform(r) < p ? 1.0 : off;
    gsl_rng_free(r);
    return EG_OK;
}
