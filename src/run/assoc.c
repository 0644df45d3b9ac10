/* assoc.c: associative memories built from episodes by a network block's rule,
 * and their recall: discrete dynamics, dense memories, one-pass and iterated. */
#include "run/assoc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void eg_assoc_free(eg_assoc *a)
{
    if (!a)
        return;
    eg_hopfield_free(a->net);
    free(a);
}

/* Every entry in {lo, 1}; on failure, where the first other value is. */
static int all_in(const eg_episodes *ep, double lo, size_t *mu, size_t *i, double *x)
{
    for (size_t m = 0; m < ep->count; m++)
        for (size_t k = 0; k < ep->units; k++) {
            double v = eg_episodes_get(ep, m, k);
            if (v != 1 && v != lo) {
                *mu = m;
                *i = k;
                *x = v;
                return 0;
            }
        }
    return 1;
}

static eg_status check_values(const eg_assoc_spec *s, const eg_episodes *ep, eg_error *err)
{
    if (ep->count == 0 || ep->units == 0)
        return eg_error_set(err, EG_EINVAL, "no episodes to store");
    if (s->kind == EG_ASSOC_UHN || s->kind == EG_ASSOC_CMM)
        return EG_OK; /* continuous memories store any finite values */
    int binary = s->states == EG_STATES_BINARY;
    size_t mu, i;
    double x;
    if (!binary && ep->bits)
        return EG_OK;
    if (binary && !ep->xi && ep->act)
        return EG_OK; /* a sparse-only set holds {0, 1} by construction */
    if (!all_in(ep, binary ? 0 : -1, &mu, &i, &x))
        return eg_error_set(err, EG_EINVAL,
                            "episode %zu, unit %zu is %g, but rule '%s' with state = %s needs %s values%s", mu, i, x,
                            s->rule_name, binary ? "binary" : "bipolar", binary ? "{0, 1}" : "{-1, +1}",
                            binary ? "" : " (for {0, 1} episodes use state = binary, e.g. with rule = covariance)");
    return EG_OK;
}

/* The memory of spec over ep; with factored, a rule's factored form where it has one. */
static eg_status build(const eg_assoc_spec *spec, const eg_episodes *ep, const eg_episodes *content, int factored,
                       eg_assoc **out, eg_error *err)
{
    *out = NULL;
    eg_status st = check_values(spec, ep, err);
    if (st != EG_OK)
        return st;
    if ((spec->kind == EG_ASSOC_UHN || spec->kind == EG_ASSOC_CMM) && (!ep->xi || (content && !content->xi)))
        return eg_error_set(err, EG_EINVAL, "episodes are held packed only; continuous memories need them unpacked");
    eg_assoc *a = calloc(1, sizeof *a);
    if (!a)
        return eg_error_set(err, EG_ENOMEM, "out of memory");
    a->spec = spec;
    a->stored = ep;
    a->content = content;
    if (spec->kind == EG_ASSOC_WEIGHTS) {
        if (!spec->weights) {
            /* a->stored borrows ep for the memory's lifetime already. */
            st = eg_hopfield_alloc_hebbian_borrowed(ep, &spec->hebb, &a->net, err);
        } else if (factored && spec->factored) {
            st = spec->factored(spec, ep, &a->net, err);
        } else {
            eg_matrix *w = NULL;
            if ((st = spec->weights(spec, ep, &w, err)) == EG_OK &&
                (st = eg_hopfield_alloc_weights(&w, &a->net, err)) != EG_OK)
                eg_matrix_free(w);
        }
    }
    if (st != EG_OK) {
        eg_assoc_free(a);
        return st;
    }
    *out = a;
    return EG_OK;
}

eg_status eg_assoc_build(const eg_assoc_spec *spec, const eg_episodes *ep, const eg_episodes *content, eg_assoc **out,
                         eg_error *err)
{
    return build(spec, ep, content, 0, out, err);
}

eg_status eg_assoc_build_factored(const eg_assoc_spec *spec, const eg_episodes *ep, const eg_episodes *content,
                                  eg_assoc **out, eg_error *err)
{
    return build(spec, ep, content, 1, out, err);
}

size_t eg_assoc_units_in(const eg_assoc *a)
{
    return a->stored->units;
}

size_t eg_assoc_units_out(const eg_assoc *a)
{
    return a->content ? a->content->units : a->stored->units;
}

/* The overlap of a continuous state y with each episode, in [−1, 1]:
 * m_μ = ξ_μ·y / (‖ξ_μ‖ max(‖ξ_μ‖, ‖y‖)). For a state no longer than the
 * episode (every output with |y_i| ≤ 1 against ±1 episodes: amari, modern,
 * max separation) that is the overlap ξ·y/D of ±1 states, unchanged; a
 * longer state is first scaled down to the episode's length, which makes m
 * the cosine of the two. Without that a Kohonen recall, whose output is
 * about D·m long, read m = 56 and Minerva 2's cubed echo m = 1.03. The
 * square root of the product keeps m exact when both norms are whole. */
static eg_status bounded_overlaps(const eg_episodes *ep, const double *y, double *m, eg_error *err)
{
    size_t d = ep->units;
    double yn = 0;
    for (size_t i = 0; i < d; i++)
        yn += y[i] * y[i];
    for (size_t mu = 0; mu < ep->count; mu++) {
        double dot = 0, xn = 0;
        for (size_t i = 0; i < d; i++) {
            double x = eg_episodes_get(ep, mu, i);
            dot += x * y[i];
            xn += x * x;
        }
        m[mu] = xn > 0 && yn > 0 ? dot / sqrt(xn * fmax(xn, yn)) : 0.0;
        if (!isfinite(m[mu]))
            return eg_error_set(err, EG_ENUMERIC, "the overlap with episode %zu is not finite", mu);
    }
    return EG_OK;
}

/* A result for the one-shot and continuous memories, filled like a discrete one. */
static eg_status continuous_result(const eg_assoc *a, double *state, size_t steps, int converged,
                                   const eg_assoc_recall_options *opt, eg_recall_result **out, eg_error *err)
{
    const eg_episodes *recalled = a->content ? a->content : a->stored;
    size_t d = recalled->units;
    eg_recall_result *r = calloc(1, sizeof *r);
    if (!r) {
        free(state);
        return eg_error_set(err, EG_ENOMEM, "out of memory");
    }
    r->units = d;
    r->state = state;
    r->steps = steps;
    r->outcome = converged ? EG_RECALL_CONVERGED : EG_RECALL_MAX_STEPS;
    r->hamming = -1;
    if (opt->target) {
        /* Units on the wrong side of zero, the Hamming distance of sgn(state). */
        long h = 0;
        for (size_t i = 0; i < d; i++)
            h += !((state[i] > 0 && opt->target[i] > 0) || (state[i] < 0 && opt->target[i] < 0) ||
                   (state[i] == 0 && opt->target[i] == 0));
        r->hamming = h;
    }
    if (opt->overlaps) {
        r->overlaps_len = recalled->count;
        if (!(r->overlaps = malloc(recalled->count * sizeof *r->overlaps))) {
            eg_recall_result_free(r);
            return eg_error_set(err, EG_ENOMEM, "out of memory");
        }
        eg_status st = bounded_overlaps(recalled, state, r->overlaps, err);
        if (st != EG_OK) {
            eg_recall_result_free(r);
            return st;
        }
    }
    *out = r;
    return EG_OK;
}

eg_status eg_assoc_recall(const eg_assoc *a, const double *cue, const eg_assoc_recall_options *opt,
                          eg_recall_result **out, eg_error *err)
{
    const eg_assoc_spec *s = a->spec;
    switch (s->kind) {
    case EG_ASSOC_WEIGHTS: {
        eg_recall_options o = eg_recall_options_default();
        o.update = opt->update;
        o.max_steps = opt->max_steps;
        o.seed = opt->seed;
        o.index = opt->index;
        o.target = opt->target;
        o.episodes = opt->overlaps ? a->stored : NULL;
        o.record_energy = opt->record_energy;
        o.states = s->states;
        o.threshold = s->threshold;
        o.temperature = opt->temperature;
        o.threads = opt->threads;
        return eg_hopfield_recall(a->net, cue, &o, out, err);
    }
    case EG_ASSOC_DAM: {
        eg_dam_options o = s->dam;
        o.update = opt->update;
        o.max_steps = opt->max_steps;
        o.seed = opt->seed;
        o.index = opt->index;
        o.target = opt->target;
        o.overlaps = opt->overlaps ? a->stored : NULL;
        return eg_dam_recall(a->stored, &o, cue, out, err);
    }
    case EG_ASSOC_CMM: {
        double *y = malloc(eg_assoc_units_out(a) * sizeof *y);
        if (!y)
            return eg_error_set(err, EG_ENOMEM, "out of memory");
        eg_status st = eg_cmm_recall(a->stored->xi, a->content ? a->content->xi : NULL, cue, s->cmm, y, err);
        if (st != EG_OK) {
            free(y);
            return st;
        }
        return continuous_result(a, y, 1, 1, opt, out, err);
    }
    case EG_ASSOC_UHN: {
        double *y = malloc(eg_assoc_units_out(a) * sizeof *y);
        if (!y)
            return eg_error_set(err, EG_ENOMEM, "out of memory");
        size_t steps = 1;
        int converged = 1;
        eg_status st = a->content ? eg_uhn_apply(a->stored->xi, a->content->xi, &s->uhn, cue, y, err)
                                  : eg_uhn_iterate(a->stored->xi, &s->uhn, cue, opt->max_steps, 1e-9, y, &steps,
                                                   &converged, err);
        if (st != EG_OK) {
            free(y);
            return st;
        }
        return continuous_result(a, y, steps, converged, opt, out, err);
    }
    }
    return eg_error_set(err, EG_EINVAL, "unknown memory");
}
