/* patterns.c: episode sets, their packed bipolar form, random generators and overlaps. */
#include "engram/patterns.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engram/rng.h"
#include "core/pages.h"
#include "mem/packed.h"

void eg_episodes_free(eg_episodes *e)
{
    if (!e)
        return;
    eg_matrix_free(e->xi);
    free(e->bits);
    free(e->act_start);
    free(e->act);
    free(e);
}

/* An empty shell for n × d; the caller fills xi and/or bits. */
static eg_status shell(size_t n, size_t d, eg_episodes **out, eg_error *err)
{
    *out = NULL;
    if (n == 0 || d == 0)
        return eg_error_set(err, EG_EINVAL, "an episode set needs at least one episode and one unit (got %zu × %zu)", n, d);
    eg_episodes *e = calloc(1, sizeof *e);
    if (!e)
        return eg_error_set(err, EG_ENOMEM, "out of memory allocating an episode set");
    e->count = n;
    e->units = d;
    e->words = (d + 63) / 64;
    *out = e;
    return EG_OK;
}

static eg_status alloc_bits(eg_episodes *e, eg_error *err)
{
    if (e->count > SIZE_MAX / sizeof(uint64_t) / e->words)
        return eg_error_set(err, EG_ENOMEM, "episode set of %zu × %zu is too large", e->count, e->units);
    e->bits = eg_pages_zeroed(e->count * e->words, sizeof(uint64_t));
    if (!e->bits)
        return eg_error_set(err, EG_ENOMEM, "out of memory packing %zu episodes of %zu units", e->count, e->units);
    return EG_OK;
}

static eg_status alloc_xi(eg_episodes *e, eg_error *err)
{
    e->xi = eg_matrix_alloc(e->count, e->units);
    if (!e->xi)
        return eg_error_set(err, EG_ENOMEM, "out of memory for %zu episodes of %zu units (%.1f MB)", e->count,
                            e->units, (double)e->count * (double)e->units * 8.0 / 1e6);
    return EG_OK;
}

/* Packs xi into bits when every entry is ±1; leaves bits NULL otherwise. */
static eg_status pack_if_bipolar(eg_episodes *e, eg_error *err)
{
    size_t total = e->count * e->units;
    for (size_t k = 0; k < total; k++)
        if (e->xi->data[k] != 1.0 && e->xi->data[k] != -1.0)
            return EG_OK;
    eg_status st = alloc_bits(e, err);
    if (st != EG_OK)
        return st;
    for (size_t mu = 0; mu < e->count; mu++) {
        const double *row = e->xi->data + mu * e->units;
        uint64_t *b = e->bits + mu * e->words;
        for (size_t i = 0; i < e->units; i++)
            if (row[i] == 1.0)
                b[i >> 6] |= (uint64_t)1 << (i & 63);
    }
    return EG_OK;
}

eg_status eg_episodes_from_matrix(const eg_matrix *m, eg_episodes **out, eg_error *err)
{
    *out = NULL;
    if (!m)
        return eg_error_set(err, EG_EINVAL, "no matrix to make episodes from");
    eg_episodes *e;
    eg_status st = shell(m->rows, m->cols, &e, err);
    if (st != EG_OK)
        return st;
    size_t total = m->rows * m->cols;
    for (size_t k = 0; k < total; k++)
        if (!isfinite(m->data[k])) {
            eg_episodes_free(e);
            return eg_error_set(err, EG_EINVAL, "episode %zu, unit %zu is not finite", k / m->cols, k % m->cols);
        }
    if ((st = alloc_xi(e, err)) != EG_OK) {
        eg_episodes_free(e);
        return st;
    }
    memcpy(e->xi->data, m->data, total * sizeof(double));
    if ((st = pack_if_bipolar(e, err)) != EG_OK) {
        eg_episodes_free(e);
        return st;
    }
    *out = e;
    return EG_OK;
}

/* The bits of d fair coins from (d + 31) / 32 outputs, 32 units an output,
 * the last output cut to the units left. */
static void fair_bits(const uint32_t *u, size_t d, uint64_t *b)
{
    size_t full = d / 64;
    for (size_t w = 0; w < full; w++)
        b[w] = (uint64_t)u[2 * w] | (uint64_t)u[2 * w + 1] << 32;
    for (size_t i = 64 * full; i < d; i += 32) {
        uint64_t word = u[i / 32];
        if (d - i < 32)
            word &= ((uint64_t)1 << (d - i)) - 1;
        b[i >> 6] |= word << (i & 63);
    }
}

eg_status eg_episodes_random_bipolar(size_t n, size_t d, double p, uint64_t seed, uint64_t index,
                                     unsigned flags, eg_episodes **out, eg_error *err)
{
    *out = NULL;
    if (!(p >= 0.0 && p <= 1.0))
        return eg_error_set(err, EG_EINVAL, "P(+1) must lie in [0, 1] (got %g)", p);
    eg_episodes *e;
    eg_status st = shell(n, d, &e, err);
    if (st != EG_OK)
        return st;
    if ((st = alloc_bits(e, err)) != EG_OK ||
        (!(flags & EG_EPISODES_PACKED_ONLY) && (st = alloc_xi(e, err)) != EG_OK)) {
        eg_episodes_free(e);
        return st;
    }
    /* mt19937 outputs 32 uniform bits and gsl_rng_uniform is output / 2^32,
     * so u < p is output < p 2^32. For p = 1/2 each bit is a fair coin and one
     * output serves 32 units: 32 times fewer draws for the common case. The
     * outputs are drawn an episode at a time (eg_mt_fill). */
    size_t draws = p == 0.5 ? (d + 31) / 32 : d;
    uint32_t *u = malloc((draws ? draws : 1) * sizeof *u);
    eg_mt *r = malloc(sizeof *r);
    if (!u || !r) {
        free(u);
        free(r);
        eg_episodes_free(e);
        return eg_error_set(err, EG_ENOMEM, "out of memory allocating a random stream");
    }
    eg_mt_seed(r, seed, EG_RNG_EPISODES, index);
    double threshold = p * 4294967296.0;
    for (size_t mu = 0; mu < n; mu++) {
        uint64_t *b = e->bits + mu * e->words;
        eg_mt_fill(r, u, draws);
        if (p == 0.5)
            fair_bits(u, d, b);
        else
            for (size_t i = 0; i < d; i++)
                if ((double)u[i] < threshold)
                    b[i >> 6] |= (uint64_t)1 << (i & 63);
        if (e->xi)
            for (size_t i = 0; i < d; i++)
                e->xi->data[mu * d + i] = eg_packed_get(b, i);
    }
    free(u);
    free(r);
    *out = e;
    return EG_OK;
}

/* Whether unit i is among the ascending active units of episode μ (a
 * binary search of its row). */
static int sparse_has(const eg_episodes *e, size_t mu, size_t i)
{
    size_t lo = e->act_start[mu], hi = e->act_start[mu + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (e->act[mid] < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < e->act_start[mu + 1] && e->act[lo] == i;
}

double eg_episodes_get(const eg_episodes *e, size_t mu, size_t i)
{
    if (e->xi)
        return e->xi->data[mu * e->units + i];
    if (e->act)
        return sparse_has(e, mu, i) ? 1.0 : 0.0;
    return eg_packed_get(e->bits + mu * e->words, i);
}

eg_status eg_episodes_row(const eg_episodes *e, size_t mu, double *out, eg_error *err)
{
    if (mu >= e->count)
        return eg_error_set(err, EG_EINVAL, "episode %zu does not exist (the set has %zu)", mu, e->count);
    if (!e->xi && e->act) {
        memset(out, 0, e->units * sizeof *out);
        for (size_t k = e->act_start[mu]; k < e->act_start[mu + 1]; k++)
            out[e->act[k]] = 1.0;
        return EG_OK;
    }
    for (size_t i = 0; i < e->units; i++)
        out[i] = eg_episodes_get(e, mu, i);
    return EG_OK;
}

double eg_episodes_total(const eg_episodes *e)
{
    if (!e->xi && e->act)
        return (double)e->act_start[e->count];
    double sum = 0.0;
    for (size_t mu = 0; mu < e->count; mu++)
        for (size_t i = 0; i < e->units; i++)
            sum += eg_episodes_get(e, mu, i);
    return sum;
}

eg_status eg_episodes_unpack(eg_episodes *e, eg_error *err)
{
    if (e->xi)
        return EG_OK;
    eg_status st = alloc_xi(e, err);
    if (st != EG_OK)
        return st;
    for (size_t mu = 0; mu < e->count; mu++) {
        double *row = e->xi->data + mu * e->units;
        if (e->act)
            for (size_t k = e->act_start[mu]; k < e->act_start[mu + 1]; k++)
                row[e->act[k]] = 1.0; /* alloc_xi zeroes the rest */
        else
            for (size_t i = 0; i < e->units; i++)
                row[i] = eg_packed_get(e->bits + mu * e->words, i);
    }
    return EG_OK;
}

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
/* The integer dot products of every packed episode with a ternary state,
 * compiled for the processor's popcnt instruction (chosen at run time). */
__attribute__((target("popcnt"))) static void packed_dots_popcnt(const eg_episodes *e, const uint64_t *plus,
                                                                  const uint64_t *minus, double *m)
{
    int64_t np = 0, nm = 0;
    for (size_t w = 0; w < e->words; w++) {
        np += __builtin_popcountll(plus[w]);
        nm += __builtin_popcountll(minus[w]);
    }
    for (size_t mu = 0; mu < e->count; mu++) {
        const uint64_t *b = e->bits + mu * e->words;
        int64_t bp = 0, bm = 0;
        for (size_t w = 0; w < e->words; w++) {
            bp += __builtin_popcountll(b[w] & plus[w]);
            bm += __builtin_popcountll(b[w] & minus[w]);
        }
        m[mu] = (double)((2 * bp - np) - (2 * bm - nm)) / (double)e->units;
    }
}
#endif

eg_status eg_episodes_overlaps(const eg_episodes *e, const double *sigma, double *m, eg_error *err)
{
    size_t d = e->units;
    if (!e->xi && e->act) {
        /* Only the active units contribute: N·aD, not N·D. */
        for (size_t mu = 0; mu < e->count; mu++) {
            double s = 0.0;
            for (size_t k = e->act_start[mu]; k < e->act_start[mu + 1]; k++)
                s += sigma[e->act[k]];
            m[mu] = s / (double)d;
        }
        return EG_OK;
    }
    if (e->bits) {
        uint64_t *masks = malloc(2 * e->words * sizeof *masks);
        if (!masks)
            return eg_error_set(err, EG_ENOMEM, "out of memory computing overlaps");
        int ternary = eg_packed_ternary(sigma, d, e->words, masks, masks + e->words);
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
        if (ternary && __builtin_cpu_supports("popcnt")) {
            packed_dots_popcnt(e, masks, masks + e->words, m);
            free(masks);
            return EG_OK;
        }
#endif
        if (ternary)
            for (size_t mu = 0; mu < e->count; mu++)
                m[mu] = (double)eg_packed_dot(e->bits + mu * e->words, masks, masks + e->words, e->words) / (double)d;
        free(masks);
        if (ternary)
            return EG_OK;
    }
    for (size_t mu = 0; mu < e->count; mu++) {
        double s = 0.0;
        for (size_t i = 0; i < d; i++)
            s += eg_episodes_get(e, mu, i) * sigma[i];
        m[mu] = s / (double)d;
    }
    return EG_OK;
}

size_t eg_hamming(const double *a, const double *b, size_t d)
{
    size_t h = 0;
    for (size_t i = 0; i < d; i++)
        h += a[i] != b[i];
    return h;
}

eg_status eg_episodes_random_binary(size_t n, size_t d, double p, uint64_t seed, uint64_t index,
                                    eg_episodes **out, eg_error *err)
{
    *out = NULL;
    if (!(p >= 0.0 && p <= 1.0))
        return eg_error_set(err, EG_EINVAL, "P(1) must lie in [0, 1] (got %g)", p);
    eg_episodes *e;
    eg_status st = shell(n, d, &e, err);
    if (st != EG_OK || (st = alloc_xi(e, err)) != EG_OK) {
        eg_episodes_free(e);
        return st;
    }
    gsl_rng *r = eg_rng_alloc(seed, EG_RNG_EPISODES, index);
    if (!r) {
        eg_episodes_free(e);
        return eg_error_set(err, EG_ENOMEM, "out of memory allocating a random stream");
    }
    double threshold = p * 4294967296.0;
    for (size_t k = 0; k < n * d; k++)
        e->xi->data[k] = (double)gsl_rng_get(r) < threshold ? 1.0 : 0.0;
    gsl_rng_free(r);
    *out = e;
    return EG_OK;
}

/* Room for n rows of k active units each. */
static eg_status alloc_act(eg_episodes *e, size_t k, eg_error *err)
{
    if (k > 0 && e->count > SIZE_MAX / sizeof(uint32_t) / k)
        return eg_error_set(err, EG_ENOMEM, "episode set of %zu × %zu is too large", e->count, e->units);
    e->act_start = malloc((e->count + 1) * sizeof *e->act_start);
    e->act = malloc((e->count * k > 0 ? e->count * k : 1) * sizeof *e->act);
    if (!e->act_start || !e->act)
        return eg_error_set(err, EG_ENOMEM, "out of memory for the active units of %zu episodes", e->count);
    return EG_OK;
}

/* Sorts every row of the active-unit lists ascending by two counting sorts:
 * the entries by unit (rows stay in order within a unit), then back by
 * episode, which leaves each row's units ascending. O(nnz + N + D), where a
 * comparison sort per row cost half the generation. EG_ENOMEM on failure. */
static eg_status sort_rows(eg_episodes *e)
{
    size_t n = e->count, d = e->units, nnz = e->act_start[n];
    size_t *start = calloc(d + 1, sizeof *start);
    uint32_t *row_of = malloc((nnz > 0 ? nnz : 1) * sizeof *row_of);
    uint32_t *unit = malloc((nnz > 0 ? nnz : 1) * sizeof *unit);
    size_t *fill = malloc((n > d ? n : d) * sizeof *fill);
    if (!start || !row_of || !unit || !fill) {
        free(start);
        free(row_of);
        free(unit);
        free(fill);
        return EG_ENOMEM;
    }
    for (size_t k = 0; k < nnz; k++)
        start[e->act[k] + 1]++;
    for (size_t i = 0; i < d; i++)
        start[i + 1] += start[i];
    memcpy(fill, start, d * sizeof *fill);
    for (size_t mu = 0; mu < n; mu++)
        for (size_t k = e->act_start[mu]; k < e->act_start[mu + 1]; k++) {
            size_t at = fill[e->act[k]]++;
            row_of[at] = (uint32_t)mu;
            unit[at] = e->act[k];
        }
    memcpy(fill, e->act_start, n * sizeof *fill);
    for (size_t k = 0; k < nnz; k++)
        e->act[fill[row_of[k]]++] = unit[k];
    free(start);
    free(row_of);
    free(unit);
    free(fill);
    return EG_OK;
}

eg_status eg_episodes_sparse(size_t n, size_t d, double a, uint64_t seed, uint64_t index, unsigned flags,
                             eg_episodes **out, eg_error *err)
{
    *out = NULL;
    if (!(a >= 0.0 && a <= 1.0))
        return eg_error_set(err, EG_EINVAL, "activity must lie in [0, 1] (got %g)", a);
    if (d > UINT32_MAX || n > UINT32_MAX)
        return eg_error_set(err, EG_EINVAL, "sparse episodes come at most 2^32 − 1 at a time, of at most 2^32 − 1 "
                            "units (got %zu × %zu)", n, d);
    int lists = (flags & EG_EPISODES_SPARSE_ONLY) != 0;
    size_t k = (size_t)llround(a * (double)d);
    eg_episodes *e;
    eg_status st = shell(n, d, &e, err);
    if (st != EG_OK || (st = lists ? alloc_act(e, k, err) : alloc_xi(e, err)) != EG_OK) {
        eg_episodes_free(e);
        return st;
    }
    size_t *idx = malloc(d * sizeof *idx), *picks = malloc((k > 0 ? k : 1) * sizeof *picks);
    gsl_rng *r = eg_rng_alloc(seed, EG_RNG_EPISODES, index);
    if (!idx || !picks || !r) {
        free(idx);
        free(picks);
        if (r)
            gsl_rng_free(r);
        eg_episodes_free(e);
        return eg_error_set(err, EG_ENOMEM, "out of memory generating sparse episodes");
    }
    for (size_t i = 0; i < d; i++)
        idx[i] = i;
    for (size_t mu = 0; mu < n; mu++) {
        for (size_t j = 0; j < k; j++) {
            size_t pick = j + (size_t)gsl_rng_uniform_int(r, (unsigned long)(d - j));
            size_t t = idx[j];
            idx[j] = idx[pick];
            idx[pick] = t;
            picks[j] = pick;
            if (lists)
                e->act[mu * k + j] = (uint32_t)idx[j];
            else
                e->xi->data[mu * d + idx[j]] = 1.0;
        }
        /* Undo the swaps, last first: idx is the identity again, as every
         * episode's shuffle starts from it, at O(k) instead of O(D). */
        for (size_t j = k; j-- > 0;) {
            size_t t = idx[j];
            idx[j] = idx[picks[j]];
            idx[picks[j]] = t;
        }
        if (lists)
            e->act_start[mu] = mu * k;
    }
    gsl_rng_free(r);
    free(idx);
    free(picks);
    if (lists) {
        e->act_start[n] = n * k;
        if (sort_rows(e) != EG_OK) {
            eg_episodes_free(e);
            return eg_error_set(err, EG_ENOMEM, "out of memory sorting the active units of %zu episodes", n);
        }
    }
    *out = e;
    return EG_OK;
}

eg_status eg_episodes_hadamard(size_t n, size_t d, int drop_ones, eg_episodes **out, eg_error *err)
{
    *out = NULL;
    if (d == 0 || (d & (d - 1)) != 0)
        return eg_error_set(err, EG_EINVAL,
                            "orthogonal episodes come from Sylvester Hadamard matrices, which exist only for D a "
                            "power of two (got D = %zu)",
                            d);
    size_t avail = drop_ones ? d - 1 : d;
    if (n == 0 || n > avail)
        return eg_error_set(err, EG_EINVAL, "a %zu-unit Hadamard matrix gives 1 to %zu orthogonal episodes%s (asked for %zu)",
                            d, avail, drop_ones ? " without the all-ones row" : "", n);
    eg_episodes *e;
    eg_status st = shell(n, d, &e, err);
    if (st != EG_OK || (st = alloc_xi(e, err)) != EG_OK) {
        eg_episodes_free(e);
        return st;
    }
    for (size_t mu = 0; mu < n; mu++) {
        size_t row = mu + (drop_ones ? 1 : 0);
        for (size_t i = 0; i < d; i++)
            e->xi->data[mu * d + i] = (eg_popcount64((uint64_t)(row & i)) & 1) ? -1.0 : 1.0;
    }
    if ((st = pack_if_bipolar(e, err)) != EG_OK) {
        eg_episodes_free(e);
        return st;
    }
    *out = e;
    return EG_OK;
}

eg_status eg_episodes_correlated(size_t prototypes, size_t per_prototype, size_t d, double q, uint64_t seed,
                                 uint64_t index, eg_episodes **out, eg_episodes **protos_out, eg_error *err)
{
    *out = NULL;
    if (protos_out)
        *protos_out = NULL;
    if (!(q >= 0.0 && q <= 1.0))
        return eg_error_set(err, EG_EINVAL, "flip probability must lie in [0, 1] (got %g)", q);
    if (per_prototype == 0 || prototypes > SIZE_MAX / per_prototype)
        return eg_error_set(err, EG_EINVAL, "need at least one episode per prototype");
    eg_episodes *protos, *e;
    eg_status st = eg_episodes_random_bipolar(prototypes, d, 0.5, seed, index, 0, &protos, err);
    if (st != EG_OK)
        return st;
    if ((st = shell(prototypes * per_prototype, d, &e, err)) != EG_OK || (st = alloc_xi(e, err)) != EG_OK) {
        eg_episodes_free(e);
        eg_episodes_free(protos);
        return st;
    }
    gsl_rng *r = eg_rng_alloc(seed, EG_RNG_EPISODES, index + 1);
    if (!r) {
        eg_episodes_free(e);
        eg_episodes_free(protos);
        return eg_error_set(err, EG_ENOMEM, "out of memory allocating a random stream");
    }
    double threshold = q * 4294967296.0;
    for (size_t mu = 0; mu < e->count; mu++) {
        const double *proto = protos->xi->data + (mu / per_prototype) * d;
        for (size_t i = 0; i < d; i++)
            e->xi->data[mu * d + i] = (double)gsl_rng_get(r) < threshold ? -proto[i] : proto[i];
    }
    gsl_rng_free(r);
    if ((st = pack_if_bipolar(e, err)) != EG_OK) {
        eg_episodes_free(e);
        eg_episodes_free(protos);
        return st;
    }
    *out = e;
    if (protos_out)
        *protos_out = protos;
    else
        eg_episodes_free(protos);
    return EG_OK;
}

eg_status eg_episodes_from_strings(const char *const *rows, size_t n, eg_episodes **out, eg_error *err)
{
    *out = NULL;
    if (n == 0 || !rows || !rows[0] || rows[0][0] == '\0')
        return eg_error_set(err, EG_EPARSE, "explicit episodes need at least one non-empty row");
    size_t d = strlen(rows[0]);
    for (size_t mu = 0; mu < n; mu++) {
        size_t len = rows[mu] ? strlen(rows[mu]) : 0;
        if (len != d)
            return eg_error_set(err, EG_EPARSE, "episode %zu has %zu units, episode 0 has %zu", mu, len, d);
        for (size_t i = 0; i < d; i++)
            if (rows[mu][i] != '+' && rows[mu][i] != '-') {
                unsigned char c = (unsigned char)rows[mu][i];
                if (c >= 0x20 && c < 0x7f)
                    return eg_error_set(err, EG_EPARSE,
                                        "episode %zu, unit %zu: '%c' is not a unit value (use '+' for +1, '-' for -1)",
                                        mu, i, c);
                return eg_error_set(err, EG_EPARSE,
                                    "episode %zu, unit %zu: byte 0x%02x is not a unit value (use '+' for +1, '-' for -1)",
                                    mu, i, c);
            }
    }
    eg_episodes *e;
    eg_status st = shell(n, d, &e, err);
    if (st != EG_OK || (st = alloc_xi(e, err)) != EG_OK) {
        eg_episodes_free(e);
        return st;
    }
    for (size_t mu = 0; mu < n; mu++)
        for (size_t i = 0; i < d; i++)
            e->xi->data[mu * d + i] = rows[mu][i] == '+' ? 1.0 : -1.0;
    if ((st = pack_if_bipolar(e, err)) != EG_OK) {
        eg_episodes_free(e);
        return st;
    }
    *out = e;
    return EG_OK;
}
