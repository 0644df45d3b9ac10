/* dam.c: dense associative memory dynamics and one-shot Universal Hopfield Network recall. */
#include "engram/dam.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engram/rng.h"
#include "mem/order.h"

eg_dam_options eg_dam_options_default(void)
{
    eg_dam_options o;
    memset(&o, 0, sizeof o);
    o.kind = EG_DAM_POLY;
    o.degree = 3;
    o.beta = 1.0;
    o.update = EG_UPDATE_SYNC;
    o.max_steps = 100;
    return o;
}

typedef struct dam {
    const eg_dam_options *o;
    size_t n, d;
    const double *xi; /* N × D */
    double *x;        /* x_μ = ξ_μ·σ, kept current */
} dam;

static double ipow(double z, unsigned n)
{
    double r = 1.0;
    while (n) {
        if (n & 1)
            r *= z;
        z *= z;
        n >>= 1;
    }
    return r;
}

static void overlaps(dam *m, const double *s)
{
    for (size_t mu = 0; mu < m->n; mu++) {
        double acc = 0.0;
        for (size_t j = 0; j < m->d; j++)
            acc += m->xi[mu * m->d + j] * s[j];
        m->x[mu] = acc;
    }
}

/* The new value of unit i: the sign of E(σ_i = −1) − E(σ_i = +1), computed
 * from x_μ⁽ⁱ⁾ = x_μ − ξ_μi σ_i. The exponential is shifted by its largest
 * exponent, which does not change the sign. */
static double decide(const dam *m, size_t i, double old)
{
    const eg_dam_options *o = m->o;
    double diff = 0.0, mag = 0.0;
    if (o->kind == EG_DAM_POLY) {
        for (size_t mu = 0; mu < m->n; mu++) {
            double a = m->xi[mu * m->d + i], rest = m->x[mu] - a * old;
            double p = ipow(rest + a, o->degree), q = ipow(rest - a, o->degree);
            diff += p - q;
            mag += fabs(p) + fabs(q);
        }
    } else {
        double top = -INFINITY;
        for (size_t mu = 0; mu < m->n; mu++) {
            double a = m->xi[mu * m->d + i], rest = m->x[mu] - a * old;
            top = fmax(top, o->beta * (rest + fabs(a)));
        }
        for (size_t mu = 0; mu < m->n; mu++) {
            double a = m->xi[mu * m->d + i], rest = m->x[mu] - a * old;
            double p = exp(o->beta * (rest + a) - top), q = exp(o->beta * (rest - a) - top);
            diff += p - q;
            mag += p + q;
        }
    }
    if (fabs(diff) <= 1e-12 * mag)
        return old;
    return diff > 0 ? 1.0 : -1.0;
}

static double energy(const dam *m)
{
    const eg_dam_options *o = m->o;
    if (o->kind == EG_DAM_POLY) {
        double e = 0.0;
        for (size_t mu = 0; mu < m->n; mu++)
            e -= ipow(m->x[mu], o->degree) / (double)o->degree;
        return e;
    }
    double top = -INFINITY, sum = 0.0;
    for (size_t mu = 0; mu < m->n; mu++)
        top = fmax(top, o->beta * m->x[mu]);
    for (size_t mu = 0; mu < m->n; mu++)
        sum += exp(o->beta * m->x[mu] - top);
    return -(top + log(sum)) / o->beta;
}

static void record(eg_recall_result *r, double e)
{
    r->energy[r->energy_len++] = e;
}

eg_status eg_dam_recall(const eg_episodes *ep, const eg_dam_options *opt, const double *cue, eg_recall_result **out,
                        eg_error *err)
{
    *out = NULL;
    eg_dam_options o = opt ? *opt : eg_dam_options_default();
    if (!ep || ep->count == 0 || ep->units == 0)
        return eg_error_set(err, EG_EINVAL, "a dense associative memory needs a non-empty episode set");
    if (o.kind != EG_DAM_POLY && o.kind != EG_DAM_EXP)
        return eg_error_set(err, EG_EINVAL, "unknown interaction function %d", (int)o.kind);
    if (o.kind == EG_DAM_POLY && o.degree < 2)
        return eg_error_set(err, EG_EINVAL, "a polynomial interaction needs degree >= 2 (got %u)", o.degree);
    if (o.kind == EG_DAM_EXP && !(o.beta > 0.0 && isfinite(o.beta)))
        return eg_error_set(err, EG_EINVAL, "beta must be positive (got %g)", o.beta);
    if (o.update != EG_UPDATE_SYNC && o.update != EG_UPDATE_ASYNC_RANDOM && o.update != EG_UPDATE_ASYNC_FIXED)
        return eg_error_set(err, EG_EINVAL, "unknown update scheme %d", (int)o.update);
    if (o.overlaps && o.overlaps->units != ep->units)
        return eg_error_set(err, EG_EINVAL, "overlap episodes have %zu units, the memory %zu", o.overlaps->units,
                            ep->units);
    size_t n = ep->count, d = ep->units;
    for (size_t i = 0; i < d; i++)
        if (!isfinite(cue[i]))
            return eg_error_set(err, EG_EINVAL, "cue unit %zu is not finite", i);

    eg_status st = EG_OK;
    dam m = {&o, n, d, NULL, NULL};
    double *unpacked = NULL, *next = NULL, *prev = NULL;
    size_t *order = NULL;
    gsl_rng *rng = NULL;
    eg_recall_result *r = calloc(1, sizeof *r);
    if (!r)
        return eg_error_set(err, EG_ENOMEM, "out of memory for a recall result");
    r->units = d;
    r->hamming = -1;
    r->state = malloc(d * sizeof *r->state);
    r->energy = malloc((o.max_steps + 1) * sizeof *r->energy);
    m.x = malloc(n * sizeof *m.x);
    next = malloc(d * sizeof *next);
    prev = malloc(d * sizeof *prev);
    order = malloc(d * sizeof *order);
    if (!ep->xi) {
        unpacked = malloc(n * d * sizeof *unpacked);
        if (unpacked)
            for (size_t mu = 0; mu < n; mu++)
                eg_episodes_row(ep, mu, unpacked + mu * d, NULL);
    }
    m.xi = ep->xi ? ep->xi->data : unpacked;
    if (o.update == EG_UPDATE_ASYNC_RANDOM)
        rng = eg_rng_alloc(o.seed, EG_RNG_UPDATE, o.index);
    if (!r->state || !r->energy || !m.x || !next || !prev || !order || !m.xi ||
        (o.update == EG_UPDATE_ASYNC_RANDOM && !rng)) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory for dense associative recall");
        goto done;
    }
    double *s = r->state;
    memcpy(s, cue, d * sizeof *s);
    overlaps(&m, s);
    record(r, energy(&m));
    r->outcome = EG_RECALL_MAX_STEPS;
    int have_prev = 0;
    for (size_t t = 1; t <= o.max_steps; t++) {
        size_t changed = 0;
        r->steps = t;
        if (o.update == EG_UPDATE_SYNC) {
            for (size_t i = 0; i < d; i++) {
                next[i] = decide(&m, i, s[i]);
                changed += next[i] != s[i];
            }
            if (changed == 0) {
                record(r, r->energy[r->energy_len - 1]);
                r->outcome = EG_RECALL_CONVERGED;
                break;
            }
            int cycle = have_prev && eg_hamming(next, prev, d) == 0;
            memcpy(prev, s, d * sizeof *s);
            memcpy(s, next, d * sizeof *s);
            have_prev = 1;
            overlaps(&m, s);
            record(r, energy(&m));
            if (cycle) {
                r->outcome = EG_RECALL_CYCLE;
                break;
            }
        } else {
            eg_update_order(order, d, rng); /* a fresh permutation per sweep, or fixed */
            for (size_t k = 0; k < d; k++) {
                size_t i = order[k];
                double v = decide(&m, i, s[i]);
                if (v == s[i])
                    continue;
                for (size_t mu = 0; mu < n; mu++)
                    m.x[mu] += m.xi[mu * d + i] * (v - s[i]);
                s[i] = v;
                changed++;
            }
            record(r, energy(&m));
            if (changed == 0) {
                r->outcome = EG_RECALL_CONVERGED;
                break;
            }
        }
    }
    if (o.target)
        r->hamming = (long)eg_hamming(s, o.target, d);
    if (o.overlaps) {
        r->overlaps = malloc(o.overlaps->count * sizeof *r->overlaps);
        r->overlaps_len = o.overlaps->count;
        st = r->overlaps ? eg_episodes_overlaps(o.overlaps, s, r->overlaps, err)
                         : eg_error_set(err, EG_ENOMEM, "out of memory for overlaps");
    }
done:
    free(m.x);
    free(next);
    free(prev);
    free(order);
    free(unpacked);
    if (rng)
        gsl_rng_free(rng);
    if (st != EG_OK) {
        eg_recall_result_free(r);
        return st;
    }
    *out = r;
    return EG_OK;
}

eg_uhn eg_uhn_modern(double beta)
{
    eg_uhn u = {EG_SIM_DOT, EG_SEP_SOFTMAX, beta};
    return u;
}

eg_uhn eg_uhn_minerva(void)
{
    eg_uhn u = {EG_SIM_COSINE, EG_SEP_POLY, 3.0};
    return u;
}

static eg_status check_uhn(const eg_matrix *a, const eg_matrix *c, const eg_uhn *u, eg_error *err)
{
    if (!a || a->rows == 0 || a->cols == 0)
        return eg_error_set(err, EG_EINVAL, "a Universal Hopfield Network needs a memory matrix");
    if (c && (c->rows != a->rows || c->cols == 0))
        return eg_error_set(err, EG_EINVAL, "%zu memories but %zu contents", a->rows, c->rows);
    if (!u)
        return eg_error_set(err, EG_EINVAL, "no similarity/separation given");
    if (u->sim != EG_SIM_DOT && u->sim != EG_SIM_COSINE && u->sim != EG_SIM_NEG_EUCLIDEAN &&
        u->sim != EG_SIM_NEG_MANHATTAN)
        return eg_error_set(err, EG_EINVAL, "unknown similarity %d", (int)u->sim);
    switch (u->sep) {
    case EG_SEP_IDENTITY:
    case EG_SEP_MAX: return EG_OK;
    case EG_SEP_POLY:
        if (!(u->param >= 1.0 && u->param <= 64.0 && u->param == floor(u->param)))
            return eg_error_set(err, EG_EINVAL, "polynomial separation needs an integer degree in 1..64 (got %g)",
                                u->param);
        return EG_OK;
    case EG_SEP_SOFTMAX:
        if (!(u->param > 0.0 && isfinite(u->param)))
            return eg_error_set(err, EG_EINVAL, "softmax separation needs beta > 0 (got %g)", u->param);
        return EG_OK;
    }
    return eg_error_set(err, EG_EINVAL, "unknown separation %d", (int)u->sep);
}

/* w_μ = sep(sim(a_μ, q)) for every memory. */
static void separated_scores(const eg_matrix *a, const eg_uhn *u, const double *q, double *w)
{
    size_t n = a->rows, d = a->cols;
    double qn = 0.0;
    for (size_t j = 0; j < d; j++)
        qn += q[j] * q[j];
    qn = sqrt(qn);
    for (size_t mu = 0; mu < n; mu++) {
        const double *row = a->data + mu * d;
        double s = 0.0, an = 0.0;
        for (size_t j = 0; j < d; j++) {
            switch (u->sim) {
            case EG_SIM_DOT:
            case EG_SIM_COSINE:
                s += row[j] * q[j];
                an += row[j] * row[j];
                break;
            case EG_SIM_NEG_EUCLIDEAN: s += (row[j] - q[j]) * (row[j] - q[j]); break;
            case EG_SIM_NEG_MANHATTAN: s += fabs(row[j] - q[j]); break;
            }
        }
        if (u->sim == EG_SIM_COSINE)
            s = (an > 0.0 && qn > 0.0) ? s / (sqrt(an) * qn) : 0.0;
        else if (u->sim == EG_SIM_NEG_EUCLIDEAN)
            s = -sqrt(s);
        else if (u->sim == EG_SIM_NEG_MANHATTAN)
            s = -s;
        w[mu] = s;
    }
    if (u->sep == EG_SEP_POLY) {
        for (size_t mu = 0; mu < n; mu++)
            w[mu] = ipow(w[mu], (unsigned)u->param);
    } else if (u->sep == EG_SEP_SOFTMAX || u->sep == EG_SEP_MAX) {
        size_t best = 0;
        for (size_t mu = 1; mu < n; mu++)
            if (w[mu] > w[best])
                best = mu;
        if (u->sep == EG_SEP_MAX) {
            for (size_t mu = 0; mu < n; mu++)
                w[mu] = mu == best ? 1.0 : 0.0;
        } else {
            double top = u->param * w[best], sum = 0.0;
            for (size_t mu = 0; mu < n; mu++)
                sum += (w[mu] = exp(u->param * w[mu] - top));
            for (size_t mu = 0; mu < n; mu++)
                w[mu] /= sum;
        }
    }
}

static void project(const eg_matrix *c, const double *w, double *out)
{
    for (size_t j = 0; j < c->cols; j++)
        out[j] = 0.0;
    for (size_t mu = 0; mu < c->rows; mu++)
        if (w[mu] != 0.0)
            for (size_t j = 0; j < c->cols; j++)
                out[j] += w[mu] * c->data[mu * c->cols + j];
}

eg_status eg_uhn_apply(const eg_matrix *memory, const eg_matrix *content, const eg_uhn *u, const double *q,
                       double *out, eg_error *err)
{
    eg_status st = check_uhn(memory, content, u, err);
    if (st != EG_OK)
        return st;
    double *w = malloc(memory->rows * sizeof *w);
    if (!w)
        return eg_error_set(err, EG_ENOMEM, "out of memory for similarity scores");
    separated_scores(memory, u, q, w);
    project(content ? content : memory, w, out);
    free(w);
    for (size_t j = 0; j < (content ? content : memory)->cols; j++)
        if (!isfinite(out[j]))
            return eg_error_set(err, EG_ENUMERIC, "recall produced a non-finite value at unit %zu", j);
    return EG_OK;
}

eg_status eg_uhn_iterate(const eg_matrix *memory, const eg_uhn *u, const double *q, size_t max_steps, double tol,
                         double *out, size_t *steps, int *converged, eg_error *err)
{
    eg_status st = check_uhn(memory, NULL, u, err);
    if (st != EG_OK)
        return st;
    if (!(tol >= 0.0))
        return eg_error_set(err, EG_EINVAL, "tolerance must be non-negative (got %g)", tol);
    size_t d = memory->cols;
    double *cur = malloc(d * sizeof *cur);
    if (!cur)
        return eg_error_set(err, EG_ENOMEM, "out of memory iterating a Universal Hopfield Network");
    memcpy(cur, q, d * sizeof *cur);
    *steps = 0;
    *converged = 0;
    for (size_t t = 1; t <= max_steps && st == EG_OK; t++) {
        st = eg_uhn_apply(memory, NULL, u, cur, out, err);
        if (st != EG_OK)
            break;
        double change = 0.0;
        for (size_t j = 0; j < d; j++)
            change = fmax(change, fabs(out[j] - cur[j]));
        memcpy(cur, out, d * sizeof *cur);
        *steps = t;
        if (change <= tol) {
            *converged = 1;
            break;
        }
    }
    if (max_steps == 0)
        memcpy(out, cur, d * sizeof *cur);
    free(cur);
    return st;
}
