/* rules.c: the expanded Hebbian rule and its presets, Storkey, projection, sequence and CMM recall. */
#include "engram/rules.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>
#include <lapacke.h>

#include "engram/rng.h"

eg_rule_options eg_rule_options_default(void)
{
    eg_rule_options o;
    memset(&o, 0, sizeof o);
    o.norm = EG_NORM_UNITS;
    o.mode = EG_LEARN_BATCH;
    o.epochs = 1;
    o.post = EG_POST_CLAMPED;
    return o;
}

/* The episodes as N × D doubles: the set's own matrix, or an unpacked copy
 * in *tmp (which the caller frees) for a packed-only set. */
static const double *episode_doubles(const eg_episodes *ep, double **tmp, eg_error *err)
{
    *tmp = NULL;
    if (ep->xi)
        return ep->xi->data;
    *tmp = malloc(ep->count * ep->units * sizeof **tmp);
    if (!*tmp) {
        eg_error_set(err, EG_ENOMEM, "out of memory unpacking %zu episodes of %zu units", ep->count, ep->units);
        return NULL;
    }
    for (size_t mu = 0; mu < ep->count; mu++)
        eg_episodes_row(ep, mu, *tmp + mu * ep->units, NULL);
    return *tmp;
}

static eg_status check_episodes(const eg_episodes *ep, eg_error *err)
{
    if (!ep || ep->count == 0 || ep->units == 0)
        return eg_error_set(err, EG_EINVAL, "a storage rule needs a non-empty episode set");
    if (ep->units > ((size_t)1 << 15))
        return eg_error_set(err, EG_ENOMEM, "a dense W of %zu units would need %.1f GB", ep->units,
                            (double)ep->units * (double)ep->units * 8.0 / 1e9);
    return EG_OK;
}

static eg_status new_w(size_t d, eg_matrix **w, eg_error *err)
{
    *w = eg_matrix_alloc(d, d);
    if (!*w)
        return eg_error_set(err, EG_ENOMEM, "out of memory for a %zu × %zu coupling matrix (%.1f MB)", d, d,
                            (double)d * (double)d * 8.0 / 1e6);
    return EG_OK;
}

static double scale_of(eg_norm norm, const eg_episodes *ep)
{
    switch (norm) {
    case EG_NORM_COUNT: return 1.0 / (double)ep->count;
    case EG_NORM_NONE: return 1.0;
    case EG_NORM_UNITS: break;
    }
    return 1.0 / (double)ep->units;
}

static void zero_diagonal(eg_matrix *w)
{
    for (size_t i = 0; i < w->rows; i++)
        w->data[i * w->cols + i] = 0.0;
}

static inline double coef(const eg_coef *c, double w)
{
    return c->fn ? c->fn(w, c->ctx) : c->value;
}

static int all_constant(const eg_hebb_coefs *c)
{
    return !c->c0.fn && !c->c1_pre.fn && !c->c1_post.fn && !c->c2_pre.fn && !c->c2_post.fn && !c->c2_corr.fn;
}

/* Constant coefficients, clamped activity, batch: the sum over episodes is
 * N c0 11ᵀ + c1_pre 1Sᵀ + c1_post S1ᵀ + c2_pre 1Qᵀ + c2_post Q1ᵀ + c2_corr ΞᵀΞ
 * with S = Σ_μ ξ_μ and Q = Σ_μ ξ_μ² (elementwise), the same in every epoch. */
static eg_status expanded_constant(const double *xi, size_t n, size_t d, const eg_hebb_coefs *c, double s,
                                   size_t epochs, eg_matrix *w, eg_error *err)
{
    double *sum = calloc(2 * d, sizeof *sum);
    if (!sum)
        return eg_error_set(err, EG_ENOMEM, "out of memory applying a storage rule");
    double *sq = sum + d;
    for (size_t mu = 0; mu < n; mu++)
        for (size_t i = 0; i < d; i++) {
            sum[i] += xi[mu * d + i];
            sq[i] += xi[mu * d + i] * xi[mu * d + i];
        }
    double k = s * (double)epochs;
    if (c->c2_corr.value != 0.0)
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)d, (int)d, (int)n, k * c->c2_corr.value, xi,
                    (int)d, xi, (int)d, 1.0, w->data, (int)d);
    for (size_t i = 0; i < d; i++)
        for (size_t j = 0; j < d; j++)
            w->data[i * d + j] += k * ((double)n * c->c0.value + c->c1_pre.value * sum[j] + c->c1_post.value * sum[i] +
                                       c->c2_pre.value * sq[j] + c->c2_post.value * sq[i]);
    free(sum);
    return EG_OK;
}

eg_status eg_rule_expanded(const eg_episodes *ep, const eg_hebb_coefs *c, const eg_rule_options *opt,
                           eg_matrix **w_out, eg_error *err)
{
    *w_out = NULL;
    eg_rule_options o = opt ? *opt : eg_rule_options_default();
    eg_status st = check_episodes(ep, err);
    if (st != EG_OK)
        return st;
    if (!c)
        return eg_error_set(err, EG_EINVAL, "the expanded rule needs its coefficients");
    if (!(o.init_scale >= 0.0) || !isfinite(o.init_scale))
        return eg_error_set(err, EG_EINVAL, "initial weight scale must be finite and non-negative (got %g)",
                            o.init_scale);
    size_t n = ep->count, d = ep->units;
    double s = scale_of(o.norm, ep);
    double *tmp;
    const double *xi = episode_doubles(ep, &tmp, err);
    if (!xi)
        return EG_ENOMEM;
    eg_matrix *w, *dw = NULL;
    if ((st = new_w(d, &w, err)) != EG_OK) {
        free(tmp);
        return st;
    }
    if (o.init_scale > 0.0) {
        gsl_rng *r = eg_rng_alloc(o.seed, EG_RNG_INIT, o.index);
        if (!r) {
            free(tmp);
            eg_matrix_free(w);
            return eg_error_set(err, EG_ENOMEM, "out of memory allocating a random stream");
        }
        for (size_t k = 0; k < d * d; k++)
            w->data[k] = o.init_scale * (2.0 * gsl_rng_uniform(r) - 1.0);
        gsl_rng_free(r);
    }
    if (all_constant(c) && o.mode == EG_LEARN_BATCH && o.post == EG_POST_CLAMPED) {
        st = expanded_constant(xi, n, d, c, s, o.epochs, w, err);
    } else {
        double *y = malloc(d * sizeof *y);
        if (o.mode == EG_LEARN_BATCH)
            dw = eg_matrix_alloc(d, d);
        if (!y || (o.mode == EG_LEARN_BATCH && !dw)) {
            free(y);
            y = NULL;
            st = eg_error_set(err, EG_ENOMEM, "out of memory applying a storage rule");
        }
        for (size_t ep_i = 0; st == EG_OK && ep_i < o.epochs; ep_i++) {
            if (dw)
                memset(dw->data, 0, d * d * sizeof *dw->data);
            for (size_t mu = 0; mu < n; mu++) {
                const double *x = xi + mu * d;
                if (o.post == EG_POST_LINEAR)
                    cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)d, (int)d, 1.0, w->data, (int)d, x, 1, 0.0, y, 1);
                else
                    memcpy(y, x, d * sizeof *y);
                double *target = dw ? dw->data : w->data;
                for (size_t i = 0; i < d; i++)
                    for (size_t j = 0; j < d; j++) {
                        double wij = w->data[i * d + j];
                        double xi_ = y[i], xj = x[j];
                        target[i * d + j] += s * (coef(&c->c0, wij) + coef(&c->c1_pre, wij) * xj +
                                                  coef(&c->c1_post, wij) * xi_ + coef(&c->c2_pre, wij) * xj * xj +
                                                  coef(&c->c2_post, wij) * xi_ * xi_ +
                                                  coef(&c->c2_corr, wij) * xi_ * xj);
                    }
            }
            if (dw)
                for (size_t k = 0; k < d * d; k++)
                    w->data[k] += dw->data[k];
        }
        free(y);
    }
    eg_matrix_free(dw);
    free(tmp);
    if (st == EG_OK)
        for (size_t k = 0; k < d * d; k++)
            if (!isfinite(w->data[k]))
                st = eg_error_set(err, EG_ENUMERIC, "the storage rule diverged (w[%zu][%zu] = %g)", k / d, k % d,
                                  w->data[k]);
    if (st != EG_OK) {
        eg_matrix_free(w);
        return st;
    }
    if (!o.keep_self)
        zero_diagonal(w);
    *w_out = w;
    return EG_OK;
}

eg_status eg_rule_hebbian(const eg_episodes *ep, const eg_rule_options *opt, eg_matrix **w_out, eg_error *err)
{
    eg_hebb_coefs c;
    memset(&c, 0, sizeof c);
    c.c2_corr.value = 1.0;
    return eg_rule_expanded(ep, &c, opt, w_out, err);
}

eg_status eg_rule_covariance_coefs(const eg_episodes *ep, double a, eg_hebb_coefs *c, eg_error *err)
{
    /* Coefficients only: no W is formed, so no limit on the units. */
    if (!ep || ep->count == 0 || ep->units == 0)
        return eg_error_set(err, EG_EINVAL, "a storage rule needs a non-empty episode set");
    if (a < 0.0) {
        a = eg_episodes_total(ep) / ((double)ep->count * (double)ep->units);
    }
    if (!isfinite(a))
        return eg_error_set(err, EG_EINVAL, "mean activity must be finite");
    /* (x_i − a)(x_j − a) = a² − a x_j − a x_i + x_i x_j */
    memset(c, 0, sizeof *c);
    c->c0.value = a * a;
    c->c1_pre.value = -a;
    c->c1_post.value = -a;
    c->c2_corr.value = 1.0;
    return EG_OK;
}

eg_status eg_rule_covariance(const eg_episodes *ep, double a, const eg_rule_options *opt, eg_matrix **w_out,
                             eg_error *err)
{
    *w_out = NULL;
    eg_hebb_coefs c;
    eg_status st = eg_rule_covariance_coefs(ep, a, &c, err);
    return st != EG_OK ? st : eg_rule_expanded(ep, &c, opt, w_out, err);
}

static double oja_decay(double w, void *ctx)
{
    return -*(const double *)ctx * w;
}

eg_status eg_rule_oja(const eg_episodes *ep, double eta, size_t epochs, const eg_rule_options *opt,
                      eg_matrix **w_out, eg_error *err)
{
    *w_out = NULL;
    if (!(eta > 0.0) || !isfinite(eta))
        return eg_error_set(err, EG_EINVAL, "Oja's learning rate must be positive (got %g)", eta);
    eg_rule_options o = eg_rule_options_default();
    o.norm = EG_NORM_NONE;
    o.keep_self = 1;
    o.init_scale = 0.1;
    if (opt) {
        o = *opt;
        if (o.init_scale == 0.0)
            o.init_scale = 0.1;
    }
    o.mode = EG_LEARN_ONLINE;
    o.post = EG_POST_LINEAR;
    o.epochs = epochs;
    eg_hebb_coefs c;
    memset(&c, 0, sizeof c);
    c.c2_corr.value = eta;
    c.c2_post.fn = oja_decay;
    c.c2_post.ctx = &eta;
    return eg_rule_expanded(ep, &c, &o, w_out, err);
}

eg_status eg_rule_clipped(const eg_episodes *ep, const eg_rule_options *opt, eg_matrix **w_out, eg_error *err)
{
    eg_rule_options o = opt ? *opt : eg_rule_options_default();
    o.norm = EG_NORM_NONE; /* the sums themselves, then their signs scaled by s */
    eg_status st = eg_rule_hebbian(ep, &o, w_out, err);
    if (st != EG_OK)
        return st;
    double s = scale_of(opt ? opt->norm : EG_NORM_UNITS, ep);
    eg_matrix *w = *w_out;
    for (size_t k = 0; k < w->rows * w->cols; k++)
        w->data[k] = w->data[k] > 0 ? s : w->data[k] < 0 ? -s : 0.0;
    return EG_OK;
}

eg_status eg_rule_storkey(const eg_episodes *ep, eg_matrix **w_out, eg_error *err)
{
    *w_out = NULL;
    eg_status st = check_episodes(ep, err);
    if (st != EG_OK)
        return st;
    size_t n = ep->count, d = ep->units;
    double *tmp;
    const double *xi = episode_doubles(ep, &tmp, err);
    if (!xi)
        return EG_ENOMEM;
    eg_matrix *w;
    double *f = malloc(d * sizeof *f);
    if (!f || (st = new_w(d, &w, err)) != EG_OK) {
        free(f);
        free(tmp);
        return f ? st : eg_error_set(err, EG_ENOMEM, "out of memory applying Storkey's rule");
    }
    double inv = 1.0 / (double)d;
    for (size_t mu = 0; mu < n; mu++) {
        const double *x = xi + mu * d;
        /* f_i = Σ_k w_ik ξ_k (diagonal zero), so h_ij = f_i − w_ij ξ_j. */
        cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)d, (int)d, 1.0, w->data, (int)d, x, 1, 0.0, f, 1);
        for (size_t i = 0; i < d; i++)
            for (size_t j = i + 1; j < d; j++) {
                double wij = w->data[i * d + j];
                double hij = f[i] - wij * x[j], hji = f[j] - wij * x[i];
                double dw = inv * (x[i] * x[j] - x[i] * hji - hij * x[j]);
                w->data[i * d + j] += dw;
                w->data[j * d + i] += dw;
            }
    }
    free(f);
    free(tmp);
    *w_out = w;
    return EG_OK;
}

eg_status eg_rule_pseudoinverse(const eg_episodes *ep, const eg_rule_options *opt, eg_matrix **w_out,
                                eg_error *err)
{
    *w_out = NULL;
    eg_rule_options o = opt ? *opt : eg_rule_options_default();
    eg_status st = check_episodes(ep, err);
    if (st != EG_OK)
        return st;
    size_t n = ep->count, d = ep->units;
    if (n > d)
        return eg_error_set(err, EG_ENUMERIC, "%zu episodes of %zu units are linearly dependent: the projection "
                            "rule needs N ≤ D", n, d);
    double *tmp;
    const double *xi = episode_doubles(ep, &tmp, err);
    if (!xi)
        return EG_ENOMEM;
    double *c = calloc(n * n, sizeof *c), *x = malloc(n * d * sizeof *x);
    eg_matrix *w = NULL;
    if (!c || !x || (st = new_w(d, &w, err)) != EG_OK) {
        if (st == EG_OK)
            st = eg_error_set(err, EG_ENOMEM, "out of memory applying the projection rule");
        goto done;
    }
    /* C = ΞΞᵀ (upper triangle), then C = UᵀU. */
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, (int)n, (int)d, 1.0, xi, (int)d, 0.0, c, (int)n);
    double cmax = 0.0;
    for (size_t m = 0; m < n; m++)
        cmax = fmax(cmax, c[m * n + m]);
    lapack_int info = LAPACKE_dpotrf(LAPACK_ROW_MAJOR, 'U', (lapack_int)n, c, (lapack_int)n);
    if (info < 0) {
        st = eg_error_set(err, EG_ENUMERIC, "LAPACKE_dpotrf rejected argument %d", (int)-info);
        goto done;
    }
    /* A pivot u_mm² is the squared distance of episode m from the span of
     * the episodes before it: tiny means (numerically) dependent. */
    for (size_t m = 0; info == 0 && m < n; m++)
        if (c[m * n + m] * c[m * n + m] < 1e-10 * cmax)
            info = (lapack_int)(m + 1);
    if (info > 0) {
        st = eg_error_set(err, EG_ENUMERIC, "the episodes are linearly dependent (episode %d lies in the span of "
                          "the others): ΞΞᵀ is singular and the projection rule is undefined", (int)info - 1);
        goto done;
    }
    memcpy(x, xi, n * d * sizeof *x);
    info = LAPACKE_dpotrs(LAPACK_ROW_MAJOR, 'U', (lapack_int)n, (lapack_int)d, c, (lapack_int)n, x, (lapack_int)d);
    if (info != 0) {
        st = eg_error_set(err, EG_ENUMERIC, "LAPACKE_dpotrs failed (info %d)", (int)info);
        goto done;
    }
    /* W = Ξᵀ (ΞΞᵀ)⁻¹ Ξ, symmetrised against rounding. */
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)d, (int)d, (int)n, 1.0, xi, (int)d, x, (int)d, 0.0,
                w->data, (int)d);
    for (size_t i = 0; i < d; i++)
        for (size_t j = i + 1; j < d; j++) {
            double v = 0.5 * (w->data[i * d + j] + w->data[j * d + i]);
            w->data[i * d + j] = w->data[j * d + i] = v;
        }
    if (!o.keep_self)
        zero_diagonal(w);
done:
    free(c);
    free(x);
    free(tmp);
    if (st != EG_OK) {
        eg_matrix_free(w);
        return st;
    }
    *w_out = w;
    return EG_OK;
}

eg_status eg_rule_sequence(const eg_episodes *ep, size_t lag, int cyclic, const eg_rule_options *opt,
                           eg_matrix **w_out, eg_error *err)
{
    *w_out = NULL;
    eg_rule_options o = opt ? *opt : eg_rule_options_default();
    eg_status st = check_episodes(ep, err);
    if (st != EG_OK)
        return st;
    size_t n = ep->count, d = ep->units;
    if (lag == 0 || lag >= n)
        return eg_error_set(err, EG_EINVAL, "a sequence lag must lie in 1..%zu for %zu episodes (got %zu)", n - 1, n,
                            lag);
    double *tmp;
    const double *xi = episode_doubles(ep, &tmp, err);
    if (!xi)
        return EG_ENOMEM;
    eg_matrix *w;
    if ((st = new_w(d, &w, err)) != EG_OK) {
        free(tmp);
        return st;
    }
    double s = scale_of(o.norm, ep);
    size_t terms = cyclic ? n : n - lag;
    /* W = s Ξ₊ᵀ Ξ₋ with row μ of Ξ₊ the successor ξ_{μ+lag} of row μ of Ξ₋:
     * one product instead of N rank-one updates. */
    double *next = malloc(terms * d * sizeof *next);
    if (!next) {
        free(tmp);
        eg_matrix_free(w);
        return eg_error_set(err, EG_ENOMEM, "out of memory applying the sequence rule");
    }
    for (size_t mu = 0; mu < terms; mu++)
        memcpy(next + mu * d, xi + ((mu + lag) % n) * d, d * sizeof *next);
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)d, (int)d, (int)terms, s, next, (int)d, xi, (int)d, 0.0,
                w->data, (int)d);
    free(next);
    if (!o.keep_self)
        zero_diagonal(w);
    free(tmp);
    *w_out = w;
    return EG_OK;
}

eg_status eg_cmm_recall(const eg_matrix *keys, const eg_matrix *contents, const double *x, eg_cmm_output g,
                        double *y, eg_error *err)
{
    if (!keys || keys->rows == 0 || keys->cols == 0)
        return eg_error_set(err, EG_EINVAL, "a correlation-matrix memory needs keys");
    const eg_matrix *c = contents ? contents : keys;
    if (c->rows != keys->rows || c->cols == 0)
        return eg_error_set(err, EG_EINVAL, "%zu keys but %zu contents", keys->rows, c->rows);
    if (g != EG_CMM_IDENTITY && g != EG_CMM_SIGN)
        return eg_error_set(err, EG_EINVAL, "unknown output function %d", (int)g);
    double *m = malloc(keys->rows * sizeof *m);
    if (!m)
        return eg_error_set(err, EG_ENOMEM, "out of memory recalling from a correlation-matrix memory");
    cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)keys->rows, (int)keys->cols, 1.0, keys->data, (int)keys->cols, x, 1,
                0.0, m, 1);
    cblas_dgemv(CblasRowMajor, CblasTrans, (int)c->rows, (int)c->cols, 1.0, c->data, (int)c->cols, m, 1, 0.0, y, 1);
    if (g == EG_CMM_SIGN)
        for (size_t i = 0; i < c->cols; i++)
            y[i] = y[i] > 0.0 ? 1.0 : y[i] < 0.0 ? -1.0 : 0.0;
    free(m);
    return EG_OK;
}
