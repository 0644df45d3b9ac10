/* cont_eigen.c: the k rightmost eigenvalues of a continuation's Jacobian by
 * shift-invert Arnoldi. ARPACK (arpack-ng's dnaupd/dneupd) rather than our own
 * Krylov–Schur: its implicit restarts and deflation are what large-system
 * continuation tools rely on. Plain Arnoldi on J ("LR") needs thousands of
 * products for a random network, whose spectrum is a disk with no gap at its
 * right edge; on (J − σI)⁻¹ with σ just right of that edge the wanted
 * eigenvalues are the transform's largest, so a few hundred solves with one
 * LU of J − σI suffice. */
#include "cont_eigen.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "engram/fixed_points.h"

#include <arpack/arpack.h>
#include <lapacke.h> /* after engram's headers: its complex.h defines I */

struct eg_cont_eig {
    size_t n, k;
    size_t nev, ncv;
    double lead, spread; /* the previous call's rightmost real part and Re λ1 − Re λk (NAN at first) */
    double height;       /* and the largest |Im λ| among its k */
    double *lu;          /* n × n: J − σI, factored */
    lapack_int *piv;
    double *resid, *v, *workd, *workl, *workev, *dr, *di;
    double *start; /* n: the next Arnoldi run's first vector, from this one's Schur vectors */
    int warm;      /* whether start holds one */
    a_int *select;
    double *allr, *alli; /* n: the whole spectrum when it is needed */
    size_t full;
    size_t solves;   /* Arnoldi's solves with the factors of J − σI */
    double factor_s; /* seconds in those factorisations */
};

eg_cont_eig *eg_cont_eig_new(size_t n, size_t k)
{
    eg_cont_eig *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    e->n = n;
    e->k = k;
    /* Three times the wanted count: the nearest σ need not be the rightmost
     * (σ sits on the real axis), and a wider net catches those off the axis. */
    e->nev = 3 * k < n - 2 ? 3 * k : n - 2;
    e->ncv = 2 * e->nev + 1 < n ? 2 * e->nev + 1 : n;
    e->lead = e->spread = NAN;
    size_t ncv = e->ncv;
    e->lu = malloc(n * n * sizeof *e->lu);
    e->piv = malloc(n * sizeof *e->piv);
    e->resid = malloc(n * sizeof *e->resid);
    e->v = malloc(n * ncv * sizeof *e->v);
    e->workd = malloc(3 * n * sizeof *e->workd);
    e->workl = malloc((3 * ncv * ncv + 6 * ncv) * sizeof *e->workl);
    e->workev = malloc(3 * ncv * sizeof *e->workev);
    e->dr = malloc((e->nev + 1) * sizeof *e->dr);
    e->di = malloc((e->nev + 1) * sizeof *e->di);
    e->select = malloc(ncv * sizeof *e->select);
    e->allr = malloc(n * sizeof *e->allr);
    e->alli = malloc(n * sizeof *e->alli);
    e->start = malloc(n * sizeof *e->start);
    if (!e->lu || !e->piv || !e->resid || !e->v || !e->workd || !e->workl || !e->workev || !e->dr || !e->di ||
        !e->select || !e->allr || !e->alli || !e->start) {
        eg_cont_eig_free(e);
        return NULL;
    }
    return e;
}

void eg_cont_eig_free(eg_cont_eig *e)
{
    if (!e)
        return;
    free(e->lu);
    free(e->piv);
    free(e->resid);
    free(e->v);
    free(e->workd);
    free(e->workl);
    free(e->workev);
    free(e->dr);
    free(e->di);
    free(e->select);
    free(e->allr);
    free(e->alli);
    free(e->start);
    free(e);
}

size_t eg_cont_eig_full_count(const eg_cont_eig *e)
{
    return e ? e->full : 0;
}

void eg_cont_eig_costs(const eg_cont_eig *e, size_t *solves, double *factor_seconds)
{
    *solves = e ? e->solves : 0;
    *factor_seconds = e ? e->factor_s : 0;
}

/* The order of eg_cont_eig_sort: real part descending, then imaginary part descending. */
static int before(double ar, double ai, double br, double bi)
{
    return ar > br || (ar == br && ai > bi);
}

void eg_cont_eig_sort(double *re, double *im, size_t n)
{
    /* Insertion sort: n is the count wanted (a few) or one spectrum per point. */
    for (size_t i = 1; i < n; i++) {
        double r = re[i], m = im[i];
        size_t j = i;
        for (; j > 0 && before(r, m, re[j - 1], im[j - 1]); j--) {
            re[j] = re[j - 1];
            im[j] = im[j - 1];
        }
        re[j] = r;
        im[j] = m;
    }
}

/* The unstable real and complex counts of re, im (count entries). */
static void count_unstable(const double *re, const double *im, size_t count, double tol, size_t *ureal, size_t *ucplx)
{
    *ureal = *ucplx = 0;
    for (size_t i = 0; i < count; i++)
        if (re[i] > tol) {
            if (fabs(im[i]) > tol)
                ++*ucplx;
            else
                ++*ureal;
        }
}

/* The first k of the sorted eigenvalues re, im (count ≥ k entries) into the
 * outputs, and the shift of the next call from them. */
static void keep_rightmost(eg_cont_eig *e, const double *r, const double *i, double *re, double *im)
{
    memcpy(re, r, e->k * sizeof *re);
    memcpy(im, i, e->k * sizeof *im);
    e->lead = re[0];
    e->spread = re[0] - re[e->k - 1];
    e->height = 0;
    for (size_t j = 0; j < e->k; j++)
        e->height = fmax(e->height, fabs(im[j]));
}

/* Every eigenvalue by dgeev; the counts over all of them. */
static eg_status whole_spectrum(eg_cont_eig *e, const double *J, double tol, double *re, double *im, size_t *count,
                                size_t *ureal, size_t *ucplx, eg_error *err)
{
    eg_status st = eg_fp_eigenvalues(J, e->n, e->allr, e->alli, err);
    if (st != EG_OK)
        return st;
    e->full++;
    eg_cont_eig_sort(e->allr, e->alli, e->n);
    count_unstable(e->allr, e->alli, e->n, tol, ureal, ucplx);
    keep_rightmost(e, e->allr, e->alli, re, im);
    /* All of them, sorted: with many unstable, the pair crossing the
     * imaginary axis (a Hopf point's) is not among the k rightmost. */
    memcpy(re, e->allr, e->n * sizeof *re);
    memcpy(im, e->alli, e->n * sizeof *im);
    *count = e->n;
    return EG_OK;
}

/* Factors J − σI for the transform, column-major: the row-major J read
 * column-major is Jᵀ, so the factors are of (J − σI)ᵀ and solves transpose. */
static int factor_shifted(eg_cont_eig *e, const double *J, double sigma)
{
    size_t n = e->n;
    double t0 = eg_clock_seconds();
    memcpy(e->lu, J, n * n * sizeof *e->lu);
    for (size_t i = 0; i < n; i++)
        e->lu[i * n + i] -= sigma;
    lapack_int info = LAPACKE_dgetrf(LAPACK_COL_MAJOR, (lapack_int)n, (lapack_int)n, e->lu, (lapack_int)n, e->piv);
    e->factor_s += eg_clock_seconds() - t0;
    return info == 0 ? 0 : -1;
}

/* Arnoldi on (J − σI)⁻¹ for the nev eigenvalues of J nearest σ into e->dr,
 * e->di; the count converged, or 0 when ARPACK fails. */
static size_t shift_invert(eg_cont_eig *e, double sigma)
{
    a_int n = (a_int)e->n, nev = (a_int)e->nev, ncv = (a_int)e->ncv, ldv = n;
    a_int lworkl = 3 * ncv * ncv + 6 * ncv;
    a_int iparam[11] = {0}, ipntr[14] = {0};
    iparam[0] = 1;   /* exact shifts */
    iparam[2] = 300; /* restarts at most */
    iparam[6] = 3;   /* shift-invert: OP = (J − σI)⁻¹ */
    /* The previous point's invariant subspace, nearly this one's: ARPACK
     * then converges in a fraction of the solves a fixed start needs (a
     * fixed start, at first, so that a run repeats exactly). */
    if (e->warm)
        memcpy(e->resid, e->start, (size_t)n * sizeof *e->resid);
    else
        for (a_int i = 0; i < n; i++)
            e->resid[i] = 1 + 0.5 * sin(1.0 + (double)i);
    e->warm = 0;
    a_int ido = 0, info = 1;
    for (;;) {
        dnaupd_c(&ido, "I", n, "LM", nev, 1e-12, e->resid, ncv, e->v, ldv, iparam, ipntr, e->workd, e->workl, lworkl,
                 &info);
        if (ido != -1 && ido != 1)
            break;
        double *x = e->workd + ipntr[0] - 1, *y = e->workd + ipntr[1] - 1;
        memcpy(y, x, (size_t)n * sizeof *y);
        e->solves++;
        if (LAPACKE_dgetrs_work(LAPACK_COL_MAJOR, 'T', (lapack_int)n, 1, e->lu, (lapack_int)n, e->piv, y,
                           (lapack_int)n) != 0)
            return 0;
    }
    if (info != 0)
        return 0;
    a_int nconv = iparam[4];
    /* With the Schur vectors of the converged ones (V's first nconv columns;
     * Z may be V), whose sum starts the next point's run. */
    dneupd_c(1, "P", e->select, e->dr, e->di, e->v, ldv, sigma, 0.0, e->workev, "I", n, "LM", nev, 1e-12, e->resid,
             ncv, e->v, ldv, iparam, ipntr, e->workd, e->workl, lworkl, &info);
    if (info == 0 && nconv > 0) {
        memset(e->start, 0, (size_t)n * sizeof *e->start);
        for (a_int j = 0; j < nconv; j++)
            for (a_int i = 0; i < n; i++)
                e->start[i] += e->v[(size_t)j * (size_t)n + (size_t)i];
        e->warm = 1;
    }
    return info == 0 && nconv > 0 ? (size_t)nconv : 0;
}

eg_status eg_cont_eig_rightmost(eg_cont_eig *e, const double *J, double tol, double *re, double *im, size_t *count,
                                size_t *ureal, size_t *ucplx, eg_error *err)
{
    if (isnan(e->lead) || e->k + 3 > e->n)
        return whole_spectrum(e, J, tol, re, im, count, ureal, ucplx, err);
    /* Right of the previous rightmost by a margin that grows with the
     * extent of the wanted ones, in real and imaginary part: the farther σ,
     * the more the disc of those nearest it looks like a half-plane, so a
     * pair far off the real axis is not passed over for a nearer one. */
    double sigma = e->lead + fmax(0.1, fmax(e->spread, 0.5 * e->height)) * fmax(1.0, fabs(e->lead));
    size_t got = factor_shifted(e, J, sigma) == 0 ? shift_invert(e, sigma) : 0;
    if (got < e->k)
        return whole_spectrum(e, J, tol, re, im, count, ureal, ucplx, err);
    eg_cont_eig_sort(e->dr, e->di, got);
    /* A k-th that is unstable leaves unstable ones uncounted. */
    if (e->dr[e->k - 1] > tol)
        return whole_spectrum(e, J, tol, re, im, count, ureal, ucplx, err);
    keep_rightmost(e, e->dr, e->di, re, im);
    count_unstable(re, im, e->k, tol, ureal, ucplx);
    *count = e->k;
    return EG_OK;
}
