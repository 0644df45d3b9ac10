/* bench_spectrum.c: eigenvalues of large dense matrices (symmetric, general) and the
 * Hebbian spectrum through the Gram matrix against the dense solve of W = ΞᵀΞ/D, timed. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cblas.h>

#include "engram/matrix.h"
#include "engram/npy.h"
#include "engram/numerics.h"
#include "engram/rng.h"
#include "engram/spectrum.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int fail(const char *what, eg_status st, const eg_error *err)
{
    fprintf(stderr, "bench_spectrum: %s: %s: %s\n", what, eg_status_name(st), err->msg);
    return 1;
}

/* An n × n matrix of entries uniform in [−1, 1) from stream (seed, INIT, index);
 * symmetric selects (G + Gᵀ)/2, exactly symmetric in floating point. */
static eg_matrix *gaussian(size_t n, unsigned long seed, unsigned index, int symmetric)
{
    gsl_rng *r = eg_rng_alloc(seed, EG_RNG_INIT, index);
    eg_matrix *m = eg_matrix_alloc(n, n);
    if (!r || !m) {
        gsl_rng_free(r);
        eg_matrix_free(m);
        return NULL;
    }
    for (size_t k = 0; k < n * n; k++)
        m->data[k] = 2.0 * gsl_rng_uniform(r) - 1.0;
    if (symmetric)
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++) {
                double s = 0.5 * (m->data[i * n + j] + m->data[j * n + i]);
                m->data[i * n + j] = m->data[j * n + i] = s;
            }
    gsl_rng_free(r);
    return m;
}

/* The eigenvalues as an n × 2 matrix (re, im), the layout of `engram spectrum`. */
static eg_status write_values(const char *path, const eg_spectrum *s, eg_error *err)
{
    eg_matrix *v = eg_matrix_alloc(s->n, 2);
    if (!v)
        return eg_error_set(err, EG_ENOMEM, "out of memory");
    for (size_t k = 0; k < s->n; k++) {
        v->data[2 * k] = s->re[k];
        v->data[2 * k + 1] = s->im[k];
    }
    eg_status st = eg_npy_write_matrix(path, v, err);
    eg_matrix_free(v);
    return st;
}

/* Writes DIR/NAME.npy, times eg_spectrum_eigen (eigenvalues only) on it, the
 * best of repeats runs, and writes the eigenvalues to DIR/NAME.eig.npy for the
 * numpy side to compare. */
static int time_eigen(const char *dir, const char *name, size_t n, unsigned long seed, unsigned index,
                      int symmetric, int repeats)
{
    char path[4096];
    eg_error err;
    eg_matrix *a = gaussian(n, seed, index, symmetric);
    if (!a) {
        fprintf(stderr, "bench_spectrum: out of memory for a %zu × %zu matrix\n", n, n);
        return 1;
    }
    snprintf(path, sizeof path, "%s/%s.npy", dir, name);
    eg_status st = eg_npy_write_matrix(path, a, &err);
    if (st != EG_OK)
        return fail(path, st, &err);
    eg_spectrum *s = NULL;
    double t = 1e300;
    for (int rep = 0; rep < repeats; rep++) {
        eg_spectrum_free(s);
        s = NULL;
        double t0 = now();
        st = eg_spectrum_eigen(a, NULL, &s, &err);
        double dt = now() - t0;
        if (st != EG_OK)
            return fail(name, st, &err);
        if (dt < t)
            t = dt;
    }
    eg_matrix_free(a);
    snprintf(path, sizeof path, "%s/%s.eig.npy", dir, name);
    st = write_values(path, s, &err);
    if (st != EG_OK)
        return fail(path, st, &err);
    printf("C: %s D=%zu symmetric=%d seconds=%.6f radius=%.6g\n", name, n, (int)s->symmetric, t,
           eg_spectrum_radius(s));
    eg_spectrum_free(s);
    return 0;
}

/* The Hebbian spectrum of N random ±1 patterns of length D: eg_spectrum_hebbian
 * (N × N Gram matrix) against forming W = ΞᵀΞ/D and solving it densely. */
static int time_hebbian(size_t d, size_t n, unsigned long seed)
{
    eg_error err;
    gsl_rng *r = eg_rng_alloc(seed, EG_RNG_EPISODES, 0);
    eg_matrix *xi = eg_matrix_alloc(n, d), *w = eg_matrix_alloc(d, d);
    if (!r || !xi || !w) {
        fprintf(stderr, "bench_spectrum: out of memory for D=%zu N=%zu\n", d, n);
        return 1;
    }
    for (size_t k = 0; k < n * d; k++)
        xi->data[k] = gsl_rng_uniform(r) < 0.5 ? -1.0 : 1.0;
    gsl_rng_free(r);

    eg_spectrum *gram = NULL, *dense = NULL;
    double t0 = now();
    eg_status st = eg_spectrum_hebbian(xi, false, &gram, &err);
    double t_gram = now() - t0;
    if (st != EG_OK)
        return fail("hebbian", st, &err);

    t0 = now();
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)d, (int)n, 1.0 / (double)d, xi->data, (int)d, 0.0,
                w->data, (int)d);
    for (size_t i = 0; i < d; i++)
        for (size_t j = i + 1; j < d; j++)
            w->data[j * d + i] = w->data[i * d + j];
    double t_form = now() - t0;
    t0 = now();
    st = eg_spectrum_eigen(w, NULL, &dense, &err);
    double t_solve = now() - t0;
    if (st != EG_OK)
        return fail("dense", st, &err);

    /* Both spectra are sorted by decreasing modulus and W is positive
     * semi-definite, so the k-th values correspond; the scale is the radius. */
    double scale = eg_spectrum_radius(dense), worst = 0.0;
    for (size_t k = 0; k < d; k++) {
        double e = fabs(gram->re[k] - dense->re[k]) / scale;
        if (e > worst)
            worst = e;
    }
    printf("C: hebbian D=%zu N=%zu gram_seconds=%.6f dense_form_seconds=%.6f dense_solve_seconds=%.6f "
           "max_rel_diff=%.3g agree=%d\n",
           d, n, t_gram, t_form, t_solve, worst, worst <= 1e-9);
    int bad = !(worst <= 1e-9) || !dense->symmetric;
    eg_spectrum_free(gram);
    eg_spectrum_free(dense);
    eg_matrix_free(xi);
    eg_matrix_free(w);
    return bad;
}

/* usage: bench_spectrum DIR [D_SYM D_GEN D_HEBB N_HEBB SEED REPEATS]
 * (defaults 4000 2000 8000 400 1 1); a size of 0 skips that part. REPEATS
 * applies to the symmetric and general solves (best of); the Hebbian part runs once. */
int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_spectrum DIR [D_SYM D_GEN D_HEBB N_HEBB SEED REPEATS]\n");
        return 2;
    }
    const char *dir = argv[1];
    size_t dsym = argc > 2 ? strtoul(argv[2], NULL, 10) : 4000;
    size_t dgen = argc > 3 ? strtoul(argv[3], NULL, 10) : 2000;
    size_t dheb = argc > 4 ? strtoul(argv[4], NULL, 10) : 8000;
    size_t nheb = argc > 5 ? strtoul(argv[5], NULL, 10) : 400;
    unsigned long seed = argc > 6 ? strtoul(argv[6], NULL, 10) : 1;
    int repeats = argc > 7 ? atoi(argv[7]) : 1;
    if (repeats < 1)
        repeats = 1;
    eg_numerics_init();
    int bad = 0;
    if (dsym)
        bad |= time_eigen(dir, "sym", dsym, seed, 0, 1, repeats);
    if (dgen)
        bad |= time_eigen(dir, "gen", dgen, seed, 1, 0, repeats);
    if (dheb && nheb)
        bad |= time_hebbian(dheb, nheb, seed);
    return bad;
}
