/* input.c: evaluation of input terms, cues and their breakpoints. */
#include "engram/input.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_math.h>

struct eg_input_term {
    eg_input spec;   /* array fields point into the owned copies below */
    double *amp;     /* n entries or NULL */
    double *times, *values;
};

struct eg_cue_term {
    eg_cue spec;
    double *pattern;
};

eg_input eg_input_default(eg_input_kind kind)
{
    eg_input in;
    memset(&in, 0, sizeof in);
    in.kind = kind;
    in.amplitude = 1.0;
    in.duration = INFINITY;
    return in;
}

eg_input_set *eg_input_set_alloc(size_t n)
{
    eg_input_set *s = calloc(1, sizeof *s);
    if (s)
        s->n = n;
    return s;
}

void eg_input_set_free(eg_input_set *set)
{
    if (!set)
        return;
    for (size_t k = 0; k < set->count; k++) {
        free(set->terms[k].amp);
        free(set->terms[k].times);
        free(set->terms[k].values);
    }
    for (size_t k = 0; k < set->ncues; k++)
        free(set->cues[k].pattern);
    free(set->terms);
    free(set->cues);
    free(set);
}

static double *dup_array(const double *src, size_t n)
{
    double *d = malloc((n ? n : 1) * sizeof *d);
    if (d && n)
        memcpy(d, src, n * sizeof *d);
    return d;
}

eg_status eg_input_add(eg_input_set *set, const eg_input *spec, eg_error *err)
{
    if (!set || !spec)
        return eg_error_set(err, EG_EINVAL, "no input set or spec");
    if ((int)spec->kind < 0 || spec->kind > EG_INPUT_TABLE)
        return eg_error_set(err, EG_EINVAL, "unknown input kind");
    if (!isfinite(spec->t0) || !isfinite(spec->amplitude))
        return eg_error_set(err, EG_EINVAL, "input onset and amplitude must be finite");
    if (spec->kind == EG_INPUT_PULSE && !(spec->duration > 0.0 && isfinite(spec->duration)))
        return eg_error_set(err, EG_EINVAL, "a pulse needs a finite positive duration, got %g", spec->duration);
    if (spec->kind == EG_INPUT_RAMP && !(spec->duration > 0.0))
        return eg_error_set(err, EG_EINVAL, "a ramp needs a positive duration, got %g", spec->duration);
    if (spec->kind == EG_INPUT_SINE && !(isfinite(spec->freq) && isfinite(spec->phase)))
        return eg_error_set(err, EG_EINVAL, "a sine needs finite frequency and phase");
    if (spec->kind == EG_INPUT_TABLE) {
        if (spec->npoints < 1 || !spec->times || !spec->values)
            return eg_error_set(err, EG_EINVAL, "a table input needs at least one knot");
        for (size_t k = 0; k < spec->npoints; k++) {
            if (!isfinite(spec->times[k]) || !isfinite(spec->values[k]))
                return eg_error_set(err, EG_EINVAL, "table knot %zu is not finite", k);
            if (k > 0 && !(spec->times[k] > spec->times[k - 1]))
                return eg_error_set(err, EG_EINVAL, "table times must increase (knot %zu)", k);
        }
    }
    struct eg_input_term *grown = realloc(set->terms, (set->count + 1) * sizeof *grown);
    if (!grown)
        return eg_error_set(err, EG_ENOMEM, "out of memory adding an input");
    set->terms = grown;
    struct eg_input_term *t = &set->terms[set->count];
    memset(t, 0, sizeof *t);
    t->spec = *spec;
    if (spec->amp_units) {
        t->amp = dup_array(spec->amp_units, set->n);
        if (!t->amp)
            return eg_error_set(err, EG_ENOMEM, "out of memory adding an input");
    }
    if (spec->kind == EG_INPUT_TABLE) {
        t->times = dup_array(spec->times, spec->npoints);
        t->values = dup_array(spec->values, spec->npoints);
        if (!t->times || !t->values) {
            free(t->amp);
            free(t->times);
            free(t->values);
            return eg_error_set(err, EG_ENOMEM, "out of memory adding an input");
        }
    }
    t->spec.amp_units = t->amp;
    t->spec.times = t->times;
    t->spec.values = t->values;
    set->count++;
    return EG_OK;
}

eg_status eg_input_add_cue(eg_input_set *set, const eg_cue *cue, eg_error *err)
{
    if (!set || !cue || !cue->pattern)
        return eg_error_set(err, EG_EINVAL, "a cue needs a pattern");
    if (!(cue->t1 > cue->t0) || !isfinite(cue->t0))
        return eg_error_set(err, EG_EINVAL, "a cue window needs t0 < t1 (got %g, %g)", cue->t0, cue->t1);
    if (cue->mode == EG_CUE_DRIVE && !(cue->gain > 0.0 && isfinite(cue->gain)))
        return eg_error_set(err, EG_EINVAL, "a driving cue needs a positive gain, got %g", cue->gain);
    if (cue->mode != EG_CUE_DRIVE && cue->mode != EG_CUE_CLAMP)
        return eg_error_set(err, EG_EINVAL, "unknown cue mode");
    struct eg_cue_term *grown = realloc(set->cues, (set->ncues + 1) * sizeof *grown);
    if (!grown)
        return eg_error_set(err, EG_ENOMEM, "out of memory adding a cue");
    set->cues = grown;
    struct eg_cue_term *c = &set->cues[set->ncues];
    c->pattern = dup_array(cue->pattern, set->n);
    if (!c->pattern)
        return eg_error_set(err, EG_ENOMEM, "out of memory adding a cue");
    c->spec = *cue;
    c->spec.pattern = c->pattern;
    set->ncues++;
    return EG_OK;
}

/* The time profile p(t) of a term (its value per unit amplitude) and dp/dt. */
static void profile(const eg_input *s, double t, double *p, double *dp)
{
    *p = 0.0;
    *dp = 0.0;
    switch (s->kind) {
    case EG_INPUT_STEP:
        *p = t >= s->t0 ? 1.0 : 0.0;
        break;
    case EG_INPUT_PULSE:
        *p = (t >= s->t0 && t < s->t0 + s->duration) ? 1.0 : 0.0;
        break;
    case EG_INPUT_RAMP:
        if (t >= s->t0) {
            double u = t - s->t0;
            if (u < s->duration) {
                *p = u;
                *dp = 1.0;
            } else {
                *p = s->duration;
            }
        }
        break;
    case EG_INPUT_SINE:
        if (t >= s->t0) {
            double w = 2.0 * M_PI * s->freq;
            *p = sin(w * (t - s->t0) + s->phase);
            *dp = w * cos(w * (t - s->t0) + s->phase);
        }
        break;
    case EG_INPUT_TABLE: {
        size_t m = s->npoints;
        if (t <= s->times[0]) {
            *p = s->values[0];
        } else if (t >= s->times[m - 1]) {
            *p = s->values[m - 1];
        } else {
            size_t lo = 0, hi = m - 1; /* times[lo] < t < times[hi] */
            while (hi - lo > 1) {
                size_t mid = lo + (hi - lo) / 2;
                if (s->times[mid] <= t)
                    lo = mid;
                else
                    hi = mid;
            }
            double slope = (s->values[hi] - s->values[lo]) / (s->times[hi] - s->times[lo]);
            *p = s->values[lo] + slope * (t - s->times[lo]);
            *dp = slope;
        }
        break;
    }
    }
}

static void eval_both(const eg_input_set *set, double t, double *out, int derivative)
{
    if (!set)
        return;
    for (size_t k = 0; k < set->count; k++) {
        const eg_input *s = &set->terms[k].spec;
        double p, dp;
        profile(s, t, &p, &dp);
        double v = derivative ? dp : p;
        if (v == 0.0)
            continue;
        for (size_t i = 0; i < set->n; i++)
            out[i] += v * (s->amp_units ? s->amp_units[i] : s->amplitude);
    }
}

void eg_input_eval(const eg_input_set *set, double t, double *I)
{
    if (!set)
        return;
    memset(I, 0, set->n * sizeof *I);
    eval_both(set, t, I, 0);
}

void eg_input_eval_dt(const eg_input_set *set, double t, double *dIdt)
{
    if (!set)
        return;
    memset(dIdt, 0, set->n * sizeof *dIdt);
    eval_both(set, t, dIdt, 1);
}

static int cue_active(const eg_cue *c, double t)
{
    return t >= c->t0 && t < c->t1;
}

void eg_input_cue_rhs(const eg_input_set *set, double t, const double *x, double *f)
{
    if (!set)
        return;
    for (size_t k = 0; k < set->ncues; k++) {
        const eg_cue *c = &set->cues[k].spec;
        if (!cue_active(c, t))
            continue;
        for (size_t i = 0; i < set->n; i++) {
            if (isnan(c->pattern[i]))
                continue;
            if (c->mode == EG_CUE_CLAMP)
                f[i] = 0.0;
            else
                f[i] += c->gain * (c->pattern[i] - x[i]);
        }
    }
}

void eg_input_cue_jacobian(const eg_input_set *set, double t, double *J)
{
    if (!set)
        return;
    size_t n = set->n;
    for (size_t k = 0; k < set->ncues; k++) {
        const eg_cue *c = &set->cues[k].spec;
        if (!cue_active(c, t))
            continue;
        for (size_t i = 0; i < n; i++) {
            if (isnan(c->pattern[i]))
                continue;
            if (c->mode == EG_CUE_CLAMP)
                memset(&J[i * n], 0, n * sizeof *J);
            else
                J[i * n + i] -= c->gain;
        }
    }
}

void eg_input_cue_dfdt(const eg_input_set *set, double t, double *dfdt)
{
    if (!set)
        return;
    for (size_t k = 0; k < set->ncues; k++) {
        const eg_cue *c = &set->cues[k].spec;
        if (c->mode != EG_CUE_CLAMP || !cue_active(c, t))
            continue;
        for (size_t i = 0; i < set->n; i++)
            if (!isnan(c->pattern[i]))
                dfdt[i] = 0.0;
    }
}

void eg_input_cue_project(const eg_input_set *set, double t, double *x)
{
    if (!set)
        return;
    for (size_t k = 0; k < set->ncues; k++) {
        const eg_cue *c = &set->cues[k].spec;
        if (c->mode != EG_CUE_CLAMP || !cue_active(c, t))
            continue;
        for (size_t i = 0; i < set->n; i++)
            if (!isnan(c->pattern[i]))
                x[i] = c->pattern[i];
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

eg_status eg_input_breakpoints(const eg_input_set *set, double **times, size_t *count, eg_error *err)
{
    *times = NULL;
    *count = 0;
    if (!set)
        return EG_OK;
    size_t cap = 2 * set->ncues;
    for (size_t k = 0; k < set->count; k++)
        cap += set->terms[k].spec.kind == EG_INPUT_TABLE ? set->terms[k].spec.npoints : 2;
    if (cap == 0)
        return EG_OK;
    double *b = malloc(cap * sizeof *b);
    if (!b)
        return eg_error_set(err, EG_ENOMEM, "out of memory listing input breakpoints");
    size_t m = 0;
    for (size_t k = 0; k < set->count; k++) {
        const eg_input *s = &set->terms[k].spec;
        if (s->kind == EG_INPUT_TABLE) {
            for (size_t j = 0; j < s->npoints; j++)
                b[m++] = s->times[j];
        } else {
            b[m++] = s->t0;
            if ((s->kind == EG_INPUT_PULSE || s->kind == EG_INPUT_RAMP) && isfinite(s->duration))
                b[m++] = s->t0 + s->duration;
        }
    }
    for (size_t k = 0; k < set->ncues; k++) {
        b[m++] = set->cues[k].spec.t0;
        if (isfinite(set->cues[k].spec.t1))
            b[m++] = set->cues[k].spec.t1;
    }
    qsort(b, m, sizeof *b, cmp_double);
    size_t u = 0;
    for (size_t k = 0; k < m; k++)
        if (u == 0 || b[k] != b[u - 1])
            b[u++] = b[k];
    *times = b;
    *count = u;
    return EG_OK;
}
