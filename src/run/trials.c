/* trials.c: repeated store-and-recall trials for the capacity experiments. */
#include "run/trials.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engram/cue.h"
#include "engram/rng.h"
#include "run/parallel.h"

typedef struct probe_result {
    long hamming;
    size_t steps;
    eg_recall_outcome outcome;
} probe_result;

typedef struct trials_ctx {
    const eg_trial_setup *s;
    size_t count, size, probes;
    probe_result *results; /* trials × probes */
} trials_ctx;

/* The units [lo, hi) of every episode as a set of their own. */
static eg_status slice_episodes(const eg_episodes *ep, size_t lo, size_t hi, eg_episodes **out, eg_error *err)
{
    eg_matrix *m = eg_matrix_alloc(ep->count, hi - lo);
    if (!m)
        return eg_error_set(err, EG_ENOMEM, "out of memory");
    for (size_t mu = 0; mu < ep->count; mu++)
        for (size_t i = lo; i < hi; i++)
            m->data[mu * (hi - lo) + i - lo] = eg_episodes_get(ep, mu, i);
    eg_status st = eg_episodes_from_matrix(m, out, err);
    eg_matrix_free(m);
    return st;
}

/* The damaged cue of a probe (stream index `index`), in the network's state
 * set, so that a flip toggles a {0,1} unit. */
static eg_status make_cue(const eg_trial_setup *s, const double *target, size_t d, uint64_t index, double *cue,
                          eg_error *err)
{
    eg_cue_values v = s->spec->states == EG_STATES_BINARY ? EG_CUE_BINARY : EG_CUE_BIPOLAR;
    size_t k = 0;
    eg_status st = eg_cue_count(s->fraction, d, &k, err);
    if (st != EG_OK)
        return st;
    return s->damage == EG_DAMAGE_FLIP ? eg_cue_flip_units(target, d, k, v, s->seed, index, cue, err)
                                       : eg_cue_mask_units(target, d, k, v, s->seed, index, cue, err);
}

/* The episode a recall of probe p is scored against: p itself, or for a
 * cyclic sequence rule under synchronous updates the episode the sequence
 * reaches after the recall's `steps` steps, p + lag·steps (mod N), since
 * each step moves ξ_μ on to ξ_{μ+lag} and the recall never settles. */
static size_t target_of(const eg_trial_setup *s, size_t p, size_t count)
{
    if (s->spec->lag == 0 || !s->spec->cyclic || s->update != EG_UPDATE_SYNC)
        return p;
    return (size_t)((p + (s->spec->lag % count) * (s->max_steps % count)) % count);
}

/* Recalls the probes of one module (units [lo, hi)) and adds their distances. */
static eg_status run_module(const trials_ctx *c, const eg_episodes *ep, uint64_t stream, size_t module,
                            probe_result *res, eg_error *err)
{
    const eg_trial_setup *s = c->s;
    eg_assoc *a = NULL;
    eg_status st = eg_assoc_build_factored(s->spec, ep, NULL, &a, err);
    if (st != EG_OK)
        return st;
    size_t d = ep->units;
    double *target = malloc(d * sizeof *target), *cue = malloc(d * sizeof *cue);
    if (!target || !cue)
        st = eg_error_set(err, EG_ENOMEM, "out of memory");
    for (size_t p = 0; st == EG_OK && p < c->probes; p++) {
        uint64_t index = eg_rng_derive(stream, module, p);
        if ((st = eg_episodes_row(ep, p, target, err)) != EG_OK)
            break;
        if ((st = make_cue(s, target, d, index, cue, err)) != EG_OK)
            break;
        size_t q = target_of(s, p, ep->count);
        if (q != p && (st = eg_episodes_row(ep, q, target, err)) != EG_OK)
            break;
        eg_assoc_recall_options o = {.update = s->update, .max_steps = s->max_steps, .seed = s->seed,
                                     .index = index, .target = target, .temperature = s->temperature};
        eg_recall_result *r = NULL;
        if ((st = eg_assoc_recall(a, cue, &o, &r, err)) != EG_OK)
            break;
        res[p].hamming += r->hamming;
        if (r->steps > res[p].steps)
            res[p].steps = r->steps;
        if (r->outcome != EG_RECALL_CONVERGED)
            res[p].outcome = r->outcome;
        eg_recall_result_free(r);
    }
    free(target);
    free(cue);
    eg_assoc_free(a);
    return st;
}

/* Episodes m, m + k, m + 2k, …: module m's share under the pattern
 * partition (m < N). */
static eg_status every_kth(const eg_episodes *ep, size_t m, size_t k, eg_episodes **out, eg_error *err)
{
    size_t n = (ep->count - m + k - 1) / k, d = ep->units;
    eg_matrix *x = eg_matrix_alloc(n, d);
    if (!x)
        return eg_error_set(err, EG_ENOMEM, "out of memory");
    for (size_t q = 0; q < n; q++)
        for (size_t i = 0; i < d; i++)
            x->data[q * d + i] = eg_episodes_get(ep, m + q * k, i);
    eg_status st = eg_episodes_from_matrix(x, out, err);
    eg_matrix_free(x);
    return st;
}

/* How far an answer is from the cue: Σ|y_i − cue_i| (twice the differing
 * units for ±1 states, the differing units for {0,1}, graded for continuous
 * outputs). */
static double distance_to_cue(const double *y, const double *cue, size_t d)
{
    double s = 0.0;
    for (size_t i = 0; i < d; i++)
        s += fabs(y[i] - cue[i]);
    return s;
}

/* Pattern partition: module m (a full network of D units) stores episodes
 * m, m + k, …. Probe p is recalled by module p mod k (routed), or by every
 * module, keeping the converged answer nearest the cue (compete; ties go to
 * the lower module). The cue of probe p is the same for every module. */
static eg_status run_patterns(const trials_ctx *c, const eg_episodes *ep, uint64_t stream, probe_result *res,
                              eg_error *err)
{
    const eg_trial_setup *s = c->s;
    size_t k = s->modules ? s->modules : 1, d = ep->units, used = k < ep->count ? k : ep->count;
    int compete = s->partition == EG_PARTITION_COMPETE;
    double *target = malloc(d * sizeof *target), *cue = malloc(d * sizeof *cue);
    double *best = malloc(c->probes * sizeof *best);
    eg_status st = target && cue && best ? EG_OK : eg_error_set(err, EG_ENOMEM, "out of memory");
    for (size_t p = 0; p < c->probes && best; p++)
        best[p] = INFINITY;
    for (size_t m = 0; st == EG_OK && m < used; m++) {
        eg_episodes *part = NULL;
        eg_assoc *a = NULL;
        if (k > 1 && (st = every_kth(ep, m, k, &part, err)) != EG_OK)
            break;
        if ((st = eg_assoc_build_factored(s->spec, k > 1 ? part : ep, NULL, &a, err)) != EG_OK) {
            eg_episodes_free(part);
            break;
        }
        for (size_t p = 0; st == EG_OK && p < c->probes; p++) {
            if (!compete && p % k != m)
                continue;
            uint64_t index = eg_rng_derive(stream, 0, p);
            if ((st = eg_episodes_row(ep, p, target, err)) != EG_OK ||
                (st = make_cue(s, target, d, index, cue, err)) != EG_OK)
                break;
            eg_assoc_recall_options o = {.update = s->update, .max_steps = s->max_steps, .seed = s->seed,
                                         .index = index, .target = target, .temperature = s->temperature};
            eg_recall_result *r = NULL;
            if ((st = eg_assoc_recall(a, cue, &o, &r, err)) != EG_OK)
                break;
            /* A module caught in a cycle or at the step limit has no answer:
             * it ranks after every converged one (a 2-cycle through the cue
             * itself would otherwise sit at distance 0). */
            double dist = distance_to_cue(r->state, cue, d);
            if (isnan(dist))
                dist = INFINITY;
            int conv = r->outcome == EG_RECALL_CONVERGED, best_conv = res[p].outcome == EG_RECALL_CONVERGED;
            if (!compete || m == 0 || conv > best_conv || (conv == best_conv && dist < best[p])) {
                best[p] = dist;
                res[p] = (probe_result){r->hamming, r->steps, r->outcome};
            }
            eg_recall_result_free(r);
        }
        eg_assoc_free(a);
        eg_episodes_free(part);
    }
    free(target);
    free(cue);
    free(best);
    return st;
}

/* The form of a trial's episodes. Coupling-matrix rules and dense memories
 * read packed bipolar episodes. Sparse {0,1} episodes stay as active-unit
 * lists when the memory is held factored (Hebb's sum, the covariance rule,
 * the expanded rule with constant coefficients) in one module: a field then
 * costs N·aD and the set aD·N indices instead of N·D doubles. */
static unsigned episode_flags(const eg_trial_setup *s)
{
    const eg_assoc_spec *a = s->spec;
    if (s->gen->kind == EG_GEN_SPARSE && a->kind == EG_ASSOC_WEIGHTS && (!a->weights || a->factored) &&
        s->modules <= 1)
        return EG_EPISODES_SPARSE_ONLY;
    return a->kind == EG_ASSOC_WEIGHTS || a->kind == EG_ASSOC_DAM ? EG_EPISODES_PACKED_ONLY : EG_EPISODES_DEFAULT;
}

/* Trial t of point c: fresh episodes, then the recalls of its probes into
 * c->results' row t. */
static eg_status one_trial(const trials_ctx *c, size_t t, eg_error *err)
{
    const eg_trial_setup *s = c->s;
    uint64_t stream = eg_rng_derive(c->size, c->count, t);
    eg_episodes *ep = NULL;
    eg_status st = eg_gen_generate(s->gen, c->count, c->size, stream, episode_flags(s), &ep, err);
    if (st != EG_OK)
        return st;
    probe_result *res = c->results + t * c->probes;
    for (size_t p = 0; p < c->probes; p++)
        res[p] = (probe_result){0, 0, EG_RECALL_CONVERGED};
    size_t k = s->modules ? s->modules : 1;
    if (s->partition != EG_PARTITION_UNITS) {
        st = run_patterns(c, ep, stream, res, err);
    } else if (k == 1) {
        st = run_module(c, ep, stream, 0, res, err);
    } else {
        /* Modularity: unit i belongs to module i·k/D; each module stores its
         * slice of every episode in a network of its own. */
        for (size_t m = 0; st == EG_OK && m < k; m++) {
            eg_episodes *part = NULL;
            if ((st = slice_episodes(ep, m * c->size / k, (m + 1) * c->size / k, &part, err)) == EG_OK)
                st = run_module(c, part, stream, m, res, err);
            eg_episodes_free(part);
        }
    }
    eg_episodes_free(ep);
    return st;
}

/* The statistics of one point's trials, summed in trial order so that they
 * do not depend on the threads; each recall's Hamming / D into hamming
 * unless it is NULL. */
static void summarise(const trials_ctx *c, size_t trials, eg_trial_stats *out, double *hamming)
{
    memset(out, 0, sizeof *out);
    size_t n = trials * c->probes;
    double sum = 0, sq = 0, steps = 0, limit = c->s->tolerance * (double)c->size;
    for (size_t i = 0; i < n; i++) {
        const probe_result *r = &c->results[i];
        double h = (double)r->hamming / (double)c->size;
        if (hamming)
            hamming[i] = h;
        sum += h;
        sq += h * h;
        steps += (double)r->steps;
        out->exact += r->hamming == 0;
        out->success += (double)r->hamming <= limit;
        out->converged += r->outcome == EG_RECALL_CONVERGED;
        out->cycles += r->outcome == EG_RECALL_CYCLE;
    }
    out->recalls = n;
    out->hamming_mean = sum / (double)n;
    out->hamming_sd = n > 1 ? sqrt(fmax(0, (sq - sum * sum / (double)n) / (double)(n - 1))) : 0;
    out->steps_mean = steps / (double)n;
}

/* Whether a point can be run at all (the errors every trial would meet). */
static eg_status point_valid(const eg_trial_setup *s, size_t count, size_t size, size_t trials, eg_error *err)
{
    if (s->probes == 0 || count == 0 || trials == 0)
        return eg_error_set(err, EG_EINVAL, "an experiment needs at least one trial and one episode");
    if (s->partition == EG_PARTITION_UNITS && s->modules > 1 && size / s->modules < 2)
        return eg_error_set(err, EG_EINVAL, "%zu units cannot be split into %zu modules", size, s->modules);
    return EG_OK;
}

/* The queue of (point, trial) jobs: job j is trial j mod trials of point
 * order[j / trials]; status[j] is what it returned. */
typedef struct points_ctx {
    trials_ctx *points;
    const size_t *order;
    size_t trials;
    eg_status *status;
} points_ctx;

static eg_status point_trial(size_t j, void *ctx, eg_error *err)
{
    points_ctx *q = ctx;
    return q->status[j] = one_trial(&q->points[q->order[j / q->trials]], j % q->trials, err);
}

/* A trial's cost grows with N·D (storage and each field): the order of the
 * points, costliest first, so that the last jobs handed out are short ones. */
static size_t *costliest_first(const eg_trial_point *pts, size_t n)
{
    size_t *order = malloc((n ? n : 1) * sizeof *order);
    if (!order)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        size_t k = i;
        double cost = (double)pts[i].count * (double)pts[i].size;
        /* insertion sort, stable: ties keep the points' order */
        while (k > 0 && (double)pts[order[k - 1]].count * (double)pts[order[k - 1]].size < cost) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = i;
    }
    return order;
}

eg_status eg_trials_run_points(const eg_trial_point *pts, size_t n, size_t trials, int threads,
                               eg_trial_stats *out, double *const *hamming, size_t *failed, eg_error *err)
{
    *failed = 0;
    for (size_t i = 0; i < n; i++) {
        eg_status st = point_valid(&pts[i].setup, pts[i].count, pts[i].size, trials, err);
        if (st != EG_OK) {
            *failed = i;
            return st;
        }
    }
    trials_ctx *c = calloc(n ? n : 1, sizeof *c);
    size_t *order = costliest_first(pts, n);
    eg_status *status = calloc(n * trials + 1, sizeof *status);
    eg_status st = c && order && status ? EG_OK : eg_error_set(err, EG_ENOMEM, "out of memory");
    for (size_t i = 0; st == EG_OK && i < n; i++) {
        const eg_trial_point *p = &pts[i];
        size_t probes = p->setup.probes < p->count ? p->setup.probes : p->count;
        c[i] = (trials_ctx){&p->setup, p->count, p->size, probes, calloc(trials * probes, sizeof(probe_result))};
        if (!c[i].results)
            st = eg_error_set(err, EG_ENOMEM, "out of memory");
    }
    if (st == EG_OK) {
        points_ctx q = {c, order, trials, status};
        st = eg_parallel_for(n * trials, threads, point_trial, &q, err);
        /* eg_parallel_for reports the lowest failing job; every job before it ran. */
        for (size_t j = 0; st != EG_OK && j < n * trials; j++)
            if (status[j] != EG_OK) {
                *failed = order[j / trials];
                break;
            }
    }
    for (size_t i = 0; st == EG_OK && i < n; i++)
        summarise(&c[i], trials, &out[i], hamming ? hamming[i] : NULL);
    for (size_t i = 0; c && i < n; i++)
        free(c[i].results);
    free(c);
    free(order);
    free(status);
    return st;
}

eg_status eg_trials_run(const eg_trial_setup *s, size_t count, size_t size, size_t trials, int threads,
                        eg_trial_stats *out, eg_error *err)
{
    return eg_trials_run_each(s, count, size, trials, threads, out, NULL, err);
}

eg_status eg_trials_run_each(const eg_trial_setup *s, size_t count, size_t size, size_t trials, int threads,
                             eg_trial_stats *out, double *hamming, eg_error *err)
{
    eg_trial_point p = {*s, count, size};
    size_t failed;
    memset(out, 0, sizeof *out);
    return eg_trials_run_points(&p, 1, trials, threads, out, &hamming, &failed, err);
}
