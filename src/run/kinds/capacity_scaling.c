/* capacity_scaling.c: `scaling` blocks: the critical load α_c(D) of a rule at
 * several sizes D, each with a bootstrap interval over trials, and its
 * extrapolation to D → ∞ in a scaling variable x(D) (docs/memory.md,
 * "Finite-size scaling"). The template, the trials and the recalls are those
 * of `capacity` and `critical` (capacity.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engram/rng.h"
#include "engram/scaling.h"
#include "engram/theory.h"
#include "run/figure.h"
#include "run/kinds/capacity.h"

static const eg_key overlap_keys[] = {
    {"threshold", &eg_type_probability, 0, 0.9, NULL, "collapse: the mean final overlap falls below this"},
    EG_KEYS_END};
static const eg_key exact_keys[] = {
    {"fraction", &eg_type_probability, 0, 0.5, NULL, "collapse: the fraction of exact recalls falls below this"},
    EG_KEYS_END};
static const eg_schema overlap_fn =
    EG_SCHEMA("overlap", "collapse where the mean final overlap 1 − 2 Hamming/D falls below threshold", overlap_keys);
static const eg_schema exact_fn = EG_SCHEMA(
    "exact", "collapse where the fraction of exact recalls (Hamming ≤ tolerance·D) falls below fraction", exact_keys);
static const eg_schema *const criterion_fns[] = {&overlap_fn, &exact_fn, NULL};
static const eg_type criterion_type = {.kind = EG_TY_CALL, .calls = criterion_fns,
                                       .what = "overlap(threshold) or exact(fraction)"};

static const eg_key power_keys[] = {
    {"exponent", &eg_type_positive, 0, 1, NULL, "x = D^(−exponent): 1 for 1/D, 0.5 for 1/√D"}, EG_KEYS_END};
static const eg_key log_keys[] = {EG_KEYS_END};
static const eg_schema power_fn = EG_SCHEMA("power", "the scaling variable x = D^(−exponent)", power_keys);
static const eg_schema log_fn = EG_SCHEMA("log", "the scaling variable x = 1/ln D", log_keys);
static const eg_schema *const scaling_fns[] = {&power_fn, &log_fn, NULL};
static const eg_type scaling_var_type = {.kind = EG_TY_CALL, .calls = scaling_fns,
                                         .what = "power(exponent) or log"};

static const eg_type *const list_alts[] = {&eg_type_range, &eg_type_vector, NULL};
static const eg_type sizes_type = {.kind = EG_TY_ONEOF, .alts = list_alts,
                                   .what = "sizes D: a list such as [500, 1000, 2000] or a range"};
static const eg_type loads_type = {.kind = EG_TY_ONEOF, .alts = list_alts,
                                   .what = "loads N/D: a range such as 0.10 .. 0.20 step 0.005 or a list"};

static const eg_key scaling_keys[] = {
    {"sizes", &sizes_type, 1, 0, NULL, "the sizes D at which α_c is measured (at least two)"},
    {"loads", &loads_type, 1, 0, NULL, "the loads α = N/D tried at every size; the collapse must lie inside"},
    {"criterion", &criterion_type, 0, 0, "overlap", "where recall collapses: overlap(threshold) or exact(fraction)"},
    {"scaling", &scaling_var_type, 0, 0, "power", "the variable α_c is extrapolated in: power(exponent) or log"},
    {"bootstrap", &eg_type_count, 0, 1000, NULL, "bootstrap resamples of the trials"},
    {"stop_after", &eg_type_index, 0, 0, NULL,
     "skip a size's remaining loads once this many in a row are past the collapse (0: run every load)"},
    {"level", &eg_type_probability, 0, 0.95, NULL, "confidence level of the intervals"},
    EG_KEYS_END,
};
static const eg_key *const scaling_key_groups[] = {eg_capacity_common_keys, scaling_keys, NULL};
static const char *const scaling_group_docs[] = {
    "the template network, the trials and the recalls, as in capacity and critical",
    "the sizes, the loads, the collapse criterion and the extrapolation",
    NULL,
};
static const eg_schema scaling_schema = {
    .name = "scaling",
    .doc = "the critical load α_c at several sizes D with bootstrap intervals, extrapolated to D → ∞",
    .groups = scaling_key_groups,
    .group_docs = scaling_group_docs};

typedef enum criterion_kind { CRITERION_OVERLAP, CRITERION_EXACT } criterion_kind;

/* Published capacities drawn beside rules other than the Hebbian family. */
typedef enum published_kind {
    PUBLISHED_NONE,
    PUBLISHED_PSEUDO_INVERSE, /* projection rule: α = 1 */
    PUBLISHED_SPARSE,         /* covariance rule, {0, 1} episodes of activity a: 1/(2a|ln a|) */
    PUBLISHED_DENSE,          /* F_n: K(D)/D, Krotov & Hopfield's error-free count */
    PUBLISHED_SEQUENCE        /* cyclic sequence rule, synchronous: Düring, Coolen & Sherrington's 0.269 */
} published_kind;

/* A scaling block, compiled. */
typedef struct scaling_spec {
    experiment_spec base; /* base.sizes, base.loads */
    criterion_kind criterion;
    double level;         /* the threshold or the fraction */
    int log_scale;        /* x = 1/ln D; otherwise x = D^(−exponent) */
    double exponent;
    size_t bootstrap;
    size_t stop_after;    /* 0: every load */
    double confidence;
    int ags;              /* a Hebbian rule on unbiased random ±1 episodes: AGS theory applies */
    int pure;             /* and the rule is Hebb's (c2_corr > 0 alone) */
    double coef[6];       /* its coefficients c0, c1_pre, c1_post, c2_pre, c2_post, c2_corr */
    published_kind published; /* a published capacity that applies to the template */
    double activity;      /* PUBLISHED_SPARSE: a */
    unsigned degree;      /* PUBLISHED_DENSE: n */
    eg_loc sizes_loc;
} scaling_spec;

/* ---- Compiling ----------------------------------------------------------- */

/* The sizes: at least two, whole, distinct, each with at least two units. */
static void check_sizes(eg_compile *c, const eg_block *block, scaling_spec *s)
{
    const number_list *sizes = &s->base.sizes;
    if (sizes->n == 0)
        return;
    if (sizes->n < 2) {
        eg_compile_error(c, s->sizes_loc, "an extrapolation to D → ∞ needs at least two sizes, not %zu", sizes->n);
        return;
    }
    for (size_t i = 0; i < sizes->n; i++) {
        double d = sizes->x[i];
        if (d != floor(d) || d < 2) {
            eg_compile_error(c, s->sizes_loc, "size %zu is %g; sizes are whole numbers of units, at least 2", i + 1,
                             d);
            return;
        }
        for (size_t j = 0; j < i; j++)
            if (sizes->x[j] == d) {
                eg_compile_error(c, s->sizes_loc, "size %g is given twice; each size is one point of the fit", d);
                return;
            }
    }
    for (size_t i = 0; i < sizes->n; i++)
        eg_capacity_check_size(c, block, &s->base, (size_t)sizes->x[i], s->sizes_loc, 0);
}

/* Whether the template's generator can draw `count` episodes of d units
 * (orthogonal sets: at most the Hadamard rows; other sizes were reported). */
static int drawable(const experiment_spec *e, size_t count, size_t d)
{
    if (!e->net)
        return 1;
    const eg_gen_spec *g = &eg_memories_recipe_of(e->net->store)->gen;
    return g->kind != EG_GEN_ORTHOGONAL || (d & (d - 1)) != 0 || count <= d - (size_t)g->skip_ones;
}

/* The loads at every size: increasing, each storing at least one episode (more
 * than a sequence rule's lag), and distinct counts N = round(αD), without
 * which the collapse has no slope to interpolate. */
static void check_loads(eg_compile *c, scaling_spec *s)
{
    const number_list *loads = &s->base.loads, *sizes = &s->base.sizes;
    eg_loc at = s->base.loads_loc;
    if (loads->n == 0 || sizes->n == 0)
        return;
    if (loads->n < 2) {
        eg_compile_error(c, at, "a collapse is found between loads: give at least two");
        return;
    }
    for (size_t j = 1; j < loads->n; j++)
        if (!(loads->x[j] > loads->x[j - 1])) {
            eg_compile_error(c, at, "loads go up: load %zu (%g) is not above load %zu (%g)", j + 1, loads->x[j], j,
                             loads->x[j - 1]);
            return;
        }
    size_t lag = s->base.discrete ? s->base.discrete->assoc.lag : 0;
    for (size_t i = 0; i < sizes->n; i++) {
        double d = sizes->x[i];
        size_t prev = 0;
        for (size_t j = 0; j < loads->n; j++) {
            size_t count = (size_t)llround(loads->x[j] * d);
            if (count <= lag || count == 0) {
                eg_compile_error(c, at, "at D = %g load %g stores %zu episodes; %s", d, loads->x[j], count,
                                 lag ? "rule 'sequence' needs more than its lag" : "each load needs at least one");
                return;
            }
            if (j > 0 && count == prev) {
                eg_compile_error(c, at,
                                 "at D = %g loads %g and %g both store %zu episodes: use larger sizes or loads further "
                                 "apart",
                                 d, loads->x[j - 1], loads->x[j], count);
                return;
            }
            prev = count;
        }
        if (!drawable(&s->base, prev, (size_t)d)) {
            eg_compile_error(c, at, "a %g-unit Hadamard matrix has too few rows for the %zu orthogonal episodes of "
                             "the largest load", d, prev);
            return;
        }
    }
}

/* The collapse criterion and its level, strictly inside (0, 1). */
static void compile_criterion(eg_compile *c, const eg_block *block, scaling_spec *s)
{
    const eg_value *v = eg_block_value(block, "criterion");
    int exact = v && v->schema == &exact_fn;
    s->criterion = exact ? CRITERION_EXACT : CRITERION_OVERLAP;
    s->level = v ? eg_call_number(v, exact ? "fraction" : "threshold") : 0.9;
    if (!(s->level > 0 && s->level < 1))
        eg_compile_error(c, eg_block_loc(block, "criterion"),
                         "the %s at which recall collapses lies strictly between 0 and 1, not %g",
                         exact ? "fraction" : "threshold", s->level);
    if (!exact && eg_block_value(block, "tolerance"))
        eg_compile_error(c, eg_block_loc(block, "tolerance"),
                         "tolerance says which recalls count as exact; criterion overlap reads the final overlap "
                         "(use exact(fraction))");
}

/* Whether the AGS solution and its signal-to-noise extension describe the
 * template: hebb, or hebbian(...) with constant coefficients of the clamped
 * episode; no threshold; unbiased random bipolar episodes in one network.
 * Fills the coefficients. */
static int ags_applies(const experiment_spec *e, double coef[6])
{
    if (!e->discrete || !e->net)
        return 0;
    const eg_gen_spec *g = &eg_memories_recipe_of(e->net->store)->gen;
    const eg_assoc_spec *a = &e->discrete->assoc;
    if (a->kind != EG_ASSOC_WEIGHTS || !a->rule_name || a->threshold != 0 || g->kind != EG_GEN_RANDOM ||
        g->p != 0.5 || e->setup.modules > 1)
        return 0;
    if (strcmp(a->rule_name, "hebb") == 0) {
        for (int k = 0; k < 5; k++)
            coef[k] = 0;
        coef[5] = 1;
        return 1;
    }
    if (strcmp(a->rule_name, "hebbian") != 0 || a->opt.post != EG_POST_CLAMPED || a->opt.init_scale != 0 ||
        a->opt.keep_self)
        return 0;
    const eg_coef *c[] = {&a->coefs.c0, &a->coefs.c1_pre, &a->coefs.c1_post,
                          &a->coefs.c2_pre, &a->coefs.c2_post, &a->coefs.c2_corr};
    for (int k = 0; k < 6; k++) {
        if (c[k]->fn)
            return 0; /* a coefficient that depends on w */
        coef[k] = c[k]->value;
    }
    return 1;
}

/* Which published capacity describes the template, if any. */
static published_kind published_of(const experiment_spec *e, double *activity, unsigned *degree)
{
    if (!e->discrete || !e->net || e->setup.modules > 1)
        return PUBLISHED_NONE;
    const eg_gen_spec *g = &eg_memories_recipe_of(e->net->store)->gen;
    const eg_assoc_spec *a = &e->discrete->assoc;
    int unbiased = g->kind == EG_GEN_RANDOM && g->p == 0.5;
    if (a->kind == EG_ASSOC_WEIGHTS && a->rule_name && unbiased &&
        (strcmp(a->rule_name, "projection") == 0 || strcmp(a->rule_name, "pseudoinverse") == 0))
        return PUBLISHED_PSEUDO_INVERSE;
    if (a->kind == EG_ASSOC_WEIGHTS && a->rule_name && strcmp(a->rule_name, "covariance") == 0 &&
        (g->kind == EG_GEN_SPARSE || g->kind == EG_GEN_BINARY) && g->p > 0 && g->p < 1) {
        *activity = g->p;
        return PUBLISHED_SPARSE;
    }
    if (a->kind == EG_ASSOC_WEIGHTS && a->lag > 0 && a->cyclic && a->threshold == 0 && unbiased &&
        e->setup.update == EG_UPDATE_SYNC)
        return PUBLISHED_SEQUENCE;
    if (a->kind == EG_ASSOC_DAM && a->dam.kind == EG_DAM_POLY && unbiased) {
        *degree = a->dam.degree;
        return PUBLISHED_DENSE;
    }
    return PUBLISHED_NONE;
}

static eg_spec *compile_scaling(eg_compile *c, const eg_block *block)
{
    scaling_spec *s = (scaling_spec *)eg_capacity_compile_common(c, block, sizeof(scaling_spec));
    if (!s)
        return NULL;
    s->sizes_loc = eg_block_loc(block, "sizes");
    s->base.loads_loc = eg_block_loc(block, "loads");
    eg_capacity_values(c, eg_block_value(block, "sizes"), 0, &s->base.sizes);
    eg_capacity_values(c, eg_block_value(block, "loads"), 0, &s->base.loads);
    check_sizes(c, block, s);
    check_loads(c, s);
    compile_criterion(c, block, s);
    const eg_value *var = eg_block_value(block, "scaling");
    s->log_scale = var && var->schema == &log_fn;
    s->exponent = var && !s->log_scale ? eg_call_number(var, "exponent") : 1;
    s->bootstrap = (size_t)eg_block_number(block, "bootstrap");
    s->stop_after = (size_t)eg_block_number(block, "stop_after");
    s->confidence = eg_block_number(block, "level");
    if (!(s->confidence > 0 && s->confidence < 1))
        eg_compile_error(c, eg_block_loc(block, "level"), "a confidence level lies strictly between 0 and 1, not %g",
                         s->confidence);
    else if ((double)s->bootstrap * (1 - s->confidence) / 2 < 1)
        eg_compile_error(c, eg_block_loc(block, "bootstrap"),
                         "%zu resamples cannot place the ends of a %g%% interval; give at least %.0f", s->bootstrap,
                         100 * s->confidence, ceil(2 / (1 - s->confidence)));
    /* At T > 0 a state is a sample, never exact: only the overlap criterion has a theory. */
    s->ags = ags_applies(&s->base, s->coef) && (s->base.setup.temperature == 0 || s->criterion == CRITERION_OVERLAP);
    s->published = s->ags ? PUBLISHED_NONE : published_of(&s->base, &s->activity, &s->degree);
    s->pure = s->ags && s->coef[5] > 0 && !s->coef[0] && !s->coef[1] && !s->coef[2] && !s->coef[3] && !s->coef[4];
    return &s->base.head;
}

/* ---- Running ------------------------------------------------------------- */

/* The measurements of one block: per size and load, each trial's value of the
 * criterion's statistic (its recalls' mean overlap, or exact fraction). */
typedef struct measured {
    size_t nsizes, nloads, trials;
    size_t *done;   /* nsizes: the loads measured (all, unless stop_after cut them short) */
    double *alpha;  /* nsizes × nloads: N/D as stored */
    double *value;  /* nsizes × nloads × trials */
} measured;

/* The scaling variable of size d. */
static double scaling_x(const scaling_spec *s, double d)
{
    return s->log_scale ? 1 / log(d) : pow(d, -s->exponent);
}

/* Runs the trials at size i, load j and keeps each trial's statistic. */
static eg_status measure_point(eg_run *run, const scaling_spec *s, const experiment *e, measured *m, size_t i,
                               size_t j, double *hamming)
{
    size_t d = (size_t)s->base.sizes.x[i];
    size_t count = (size_t)llround(s->base.loads.x[j] * (double)d);
    size_t probes = e->setup.probes < count ? e->setup.probes : count;
    eg_trial_stats stats;
    eg_error err;
    eg_status st = eg_trials_run_each(&e->setup, count, d, e->trials, e->threads, &stats, hamming, &err);
    if (st != EG_OK)
        return eg_run_fail(run, st, s->base.loads_loc, "at load %g (N = %zu, D = %zu): %s", s->base.loads.x[j], count,
                           d, err.msg);
    m->alpha[i * m->nloads + j] = (double)count / (double)d;
    double limit = e->setup.tolerance;
    for (size_t t = 0; t < e->trials; t++) {
        double sum = 0;
        for (size_t p = 0; p < probes; p++) {
            double h = hamming[t * probes + p];
            sum += s->criterion == CRITERION_OVERLAP ? 1 - 2 * h : (h <= limit + 1e-12);
        }
        m->value[(i * m->nloads + j) * m->trials + t] = sum / (double)probes;
    }
    return EG_OK;
}

/* The statistic at every measured load of size i, from the trials picked
 * (NULL: all); NAN at the loads not measured. */
static void curve_of(const measured *m, size_t i, const size_t *pick, double *y)
{
    for (size_t j = 0; j < m->nloads; j++) {
        if (j >= m->done[i]) {
            y[j] = NAN;
            continue;
        }
        const double *v = m->value + (i * m->nloads + j) * m->trials;
        double sum = 0;
        for (size_t t = 0; t < m->trials; t++)
            sum += v[pick ? pick[j * m->trials + t] : t];
        y[j] = sum / (double)m->trials;
    }
}

/* What the block found: α_c per size with its interval, the extrapolation. */
typedef struct scaling_result {
    double *x, *alpha_c, *lo, *hi, *sd, *weight;
    double *replicates; /* bootstrap × nsizes */
    double *intercepts; /* bootstrap */
    eg_line_fit fit;
    double inf_lo, inf_hi, inf_sd;
    size_t censored;
} scaling_result;

/* Bootstrap: every replicate resamples the trials of every point with
 * replacement and recomputes α_c at every size; weights are the inverse
 * bootstrap variances (all 1 when one of them vanishes). */
static eg_status bootstrap(const scaling_spec *s, const measured *m, scaling_result *r, double *y, eg_error *err)
{
    size_t B = s->bootstrap, n = m->nsizes, T = m->trials;
    size_t *pick = malloc(m->nloads * T * sizeof *pick);
    gsl_rng *rng = eg_rng_alloc(s->base.setup.seed, EG_RNG_RESAMPLE, 0);
    if (!pick || !rng) {
        free(pick);
        if (rng)
            gsl_rng_free(rng);
        return eg_error_set(err, EG_ENOMEM, "out of memory");
    }
    for (size_t b = 0; b < B; b++)
        for (size_t i = 0; i < n; i++) {
            for (size_t k = 0; k < m->nloads * T; k++)
                pick[k] = (size_t)gsl_rng_uniform_int(rng, T);
            curve_of(m, i, pick, y);
            double a = eg_scaling_crossing(m->alpha + i * m->nloads, y, m->done[i], s->level);
            if (isnan(a)) {
                r->censored++;
                a = m->alpha[i * m->nloads + m->done[i] - 1];
            }
            r->replicates[b * n + i] = a;
        }
    free(pick);
    gsl_rng_free(rng);
    int all_vary = 1;
    for (size_t i = 0; i < n; i++) {
        double sum = 0, sq = 0;
        for (size_t b = 0; b < B; b++) {
            double a = r->replicates[b * n + i];
            sum += a, sq += a * a;
        }
        double var = B > 1 ? (sq - sum * sum / (double)B) / (double)(B - 1) : 0;
        r->sd[i] = sqrt(fmax(0, var));
        r->weight[i] = var > 0 ? 1 / var : 0;
        all_vary &= var > 0;
    }
    if (!all_vary)
        for (size_t i = 0; i < n; i++)
            r->weight[i] = 1;
    return EG_OK;
}

/* The interval of each size and of the extrapolation from the replicates. */
static eg_status intervals(const scaling_spec *s, size_t n, scaling_result *r, eg_error *err)
{
    size_t B = s->bootstrap;
    double plo = (1 - s->confidence) / 2, phi = 1 - plo;
    double *col = malloc(B * sizeof *col), *ys = malloc(n * sizeof *ys);
    if (!col || !ys) {
        free(col);
        free(ys);
        return eg_error_set(err, EG_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t b = 0; b < B; b++)
            col[b] = r->replicates[b * n + i];
        r->lo[i] = eg_scaling_quantile(col, B, plo);
        r->hi[i] = eg_scaling_quantile(col, B, phi);
    }
    double sum = 0, sq = 0;
    for (size_t b = 0; b < B; b++) {
        eg_line_fit f = {0};
        for (size_t i = 0; i < n; i++)
            ys[i] = r->replicates[b * n + i];
        eg_scaling_fit(r->x, ys, r->weight, n, &f);
        r->intercepts[b] = f.intercept;
        sum += f.intercept, sq += f.intercept * f.intercept;
    }
    r->inf_sd = B > 1 ? sqrt(fmax(0, (sq - sum * sum / (double)B) / (double)(B - 1))) : 0;
    memcpy(col, r->intercepts, B * sizeof *col);
    r->inf_lo = eg_scaling_quantile(col, B, plo);
    r->inf_hi = eg_scaling_quantile(col, B, phi);
    free(col);
    free(ys);
    return EG_OK;
}

static void result_free(scaling_result *r)
{
    free(r->x);
    free(r->alpha_c);
    free(r->lo);
    free(r->hi);
    free(r->sd);
    free(r->weight);
    free(r->replicates);
    free(r->intercepts);
}

static void measured_free(measured *m)
{
    free(m->done);
    free(m->alpha);
    free(m->value);
}

/* The scaling variable's name, for labels and the JSON. */
static void scaling_name(const scaling_spec *s, char *buf, size_t len)
{
    if (s->log_scale)
        snprintf(buf, len, "1/ln D");
    else if (s->exponent == 1)
        snprintf(buf, len, "1/D");
    else
        snprintf(buf, len, "D^-%g", s->exponent);
}

/* The AGS overlap m(α, T) from `from` up to α_c(T), then 0 beyond it: the
 * theory curve of the collapse figure. At T = 0 on a grid in α; at T > 0 the
 * branch sampled in its own variable (each point of m(α, T) alone costs a
 * search for α_c(T)), the points below `from` dropped. */
static eg_status ags_curve(double from, double alpha_c, double t, eg_matrix **out, eg_error *err)
{
    enum { POINTS = 121 };
    double alpha[POINTS], m[POINTS];
    eg_status st = EG_OK;
    for (size_t k = 0; t == 0 && st == EG_OK && k < POINTS; k++) {
        alpha[k] = from + (alpha_c - from) * (double)k / (POINTS - 1);
        st = eg_theory_ags_overlap(alpha[k], &m[k], err);
    }
    if (t > 0 && t < 1)
        st = eg_theory_ags_branch_t(t, POINTS, alpha, m, err);
    if (st != EG_OK)
        return st;
    size_t first = 0;
    while (t > 0 && t < 1 && first + 1 < POINTS && alpha[first] < from)
        first++;
    size_t rows = t >= 1 ? 0 : POINTS - first; /* no retrieval state at T >= 1 */
    eg_matrix *curve = eg_matrix_alloc(rows + 1, 2);
    if (!curve)
        return eg_error_set(err, EG_ENOMEM, "out of memory");
    for (size_t k = 0; k < rows; k++) {
        curve->data[2 * k] = alpha[first + k];
        curve->data[2 * k + 1] = m[first + k];
    }
    /* The retrieval state ends at α_c: the curve drops to 0 there. */
    curve->data[2 * rows] = alpha_c;
    curve->data[2 * rows + 1] = 0;
    *out = curve;
    return EG_OK;
}

/* A round tic spacing (1, 2 or 5 times a power of ten) near step. */
static double nice_step(double step)
{
    double p = pow(10, floor(log10(step))), r = step / p;
    return (r < 1.5 ? 1 : r < 3.5 ? 2 : r < 7.5 ? 5 : 10) * p;
}

/* The α_c(D) figure: the measurements with their intervals against x, the
 * fitted line down to x = 0, the extrapolated point, and the theory curve
 * (snr, taken over; NULL: none). */
static void add_scaling_figure(eg_report *result, const scaling_spec *s, const scaling_result *r, size_t n,
                               double ags_alpha, eg_matrix *snr, const char *title, const char *xname)
{
    double xmax = 0;
    for (size_t i = 0; i < n; i++)
        xmax = fmax(xmax, r->x[i]);
    enum { LINE = 50 };
    eg_matrix *line = eg_matrix_alloc(LINE, 2), *limit = eg_matrix_alloc(1, 4);
    if (line)
        for (size_t k = 0; k < LINE; k++) {
            double x = 1.08 * xmax * (double)k / (LINE - 1);
            line->data[2 * k] = x;
            line->data[2 * k + 1] = r->fit.intercept + r->fit.slope * x;
        }
    if (limit) {
        limit->data[0] = 0;
        limit->data[1] = r->fit.intercept;
        limit->data[2] = r->inf_lo;
        limit->data[3] = r->inf_hi;
    }
    eg_report_add_matrix(result, "fit", line);
    eg_report_add_matrix(result, "limit", limit);
    char xlabel[64], label[96];
    snprintf(xlabel, sizeof xlabel, "scaling variable %s", xname);
    eg_figure *fig = eg_figure_add(result, "alpha_c", title, xlabel, "critical load alpha_c");
    eg_figure_series *sim = eg_figure_xy(fig, "table", 1, 2, EG_FIGURE_ERRORBARS, "alpha_c(D), bootstrap interval");
    if (sim)
        sim->low_column = 3, sim->high_column = 4;
    eg_figure_xy(fig, "fit", 0, 1, EG_FIGURE_LINES, "weighted straight-line fit");
    snprintf(label, sizeof label, "alpha_c(inf) = %.4f [%.4f, %.4f]", r->fit.intercept, r->inf_lo, r->inf_hi);
    eg_figure_series *lim = eg_figure_xy(fig, "limit", 0, 1, EG_FIGURE_ERRORBARS, label);
    if (lim)
        lim->low_column = 2, lim->high_column = 3;
    if (snr) {
        if (s->published == PUBLISHED_PSEUDO_INVERSE)
            snprintf(label, sizeof label, "pseudo-inverse: alpha = 1");
        else if (s->published == PUBLISHED_SPARSE)
            snprintf(label, sizeof label, "Tsodyks-Feigel'man 1/(2a|ln a|), a = %g", s->activity);
        else if (s->published == PUBLISHED_DENSE)
            snprintf(label, sizeof label, "Krotov-Hopfield error-free K/D, n = %u", s->degree);
        else if (s->published == PUBLISHED_SEQUENCE)
            snprintf(label, sizeof label, "During-Coolen-Sherrington alpha_c = %.4f", snr->data[1]);
        else if (s->criterion == CRITERION_EXACT)
            snprintf(label, sizeof label, "signal-to-noise law, P(all bits stable) = %g", s->level);
        else if (s->pure)
            snprintf(label, sizeof label, "AGS alpha_c = %.4f", ags_alpha);
        else
            snprintf(label, sizeof label, "signal-to-noise prediction (AGS-scaled)");
        eg_report_add_matrix(result, "theory_curve", snr);
        eg_figure_xy(fig, "theory_curve", 0, 1, EG_FIGURE_LINES, label);
    }
    if (fig) {
        fig->xrange = (eg_figure_range){1, -0.04 * xmax, 1.08 * xmax};
        fig->xtics = nice_step(1.08 * xmax / 4);
    }
}

/* The collapse figure: the criterion's statistic against the load at every
 * size, the level, and for the overlap the AGS m(α). */
static eg_status add_collapse_figure(eg_report *result, const scaling_spec *s, const measured *m, double ags_alpha,
                                     eg_error *err)
{
    size_t n = m->nsizes, L = m->nloads;
    eg_matrix *curves = eg_matrix_alloc(L, 2 * n);
    double *y = malloc(L * sizeof *y);
    if (!curves || !y) {
        eg_matrix_free(curves);
        free(y);
        return eg_error_set(err, EG_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        curve_of(m, i, NULL, y);
        for (size_t j = 0; j < L; j++) {
            curves->data[j * 2 * n + 2 * i] = m->alpha[i * L + j];
            curves->data[j * 2 * n + 2 * i + 1] = y[j];
        }
    }
    free(y);
    eg_report_add_matrix(result, "curves", curves);
    int overlap = s->criterion == CRITERION_OVERLAP;
    eg_figure *fig = eg_figure_add(result, "collapse", "recall against the load at every size", "load N/D",
                                   overlap ? "mean final overlap" : "exact recalls");
    char label[64];
    for (size_t i = 0; i < n; i++) {
        snprintf(label, sizeof label, "D = %.0f", s->base.sizes.x[i]);
        eg_figure_xy(fig, "curves", 2 * i, 2 * i + 1, EG_FIGURE_LINESPOINTS, label);
    }
    double amin = m->alpha[0], amax = m->alpha[L - 1];
    for (size_t i = 0; i < n; i++) {
        amin = fmin(amin, m->alpha[i * L]);
        amax = fmax(amax, m->alpha[i * L + L - 1]);
    }
    eg_matrix *lvl = eg_matrix_alloc(2, 2);
    if (lvl) {
        lvl->data[0] = amin, lvl->data[1] = s->level;
        lvl->data[2] = amax, lvl->data[3] = s->level;
    }
    eg_report_add_matrix(result, "criterion_line", lvl);
    snprintf(label, sizeof label, "criterion %g", s->level);
    eg_figure_xy(fig, "criterion_line", 0, 1, EG_FIGURE_LINES, label);
    if (overlap && s->pure) {
        double t = s->base.setup.temperature;
        eg_matrix *curve = NULL;
        eg_status st = ags_curve(fmin(amin, ags_alpha), ags_alpha, t, &curve, err);
        if (st != EG_OK)
            return st;
        eg_report_add_matrix(result, "ags_curve", curve);
        snprintf(label, sizeof label, "AGS m(alpha), T = %g", t);
        eg_figure_xy(fig, "ags_curve", 0, 1, EG_FIGURE_LINES, label);
    }
    if (fig)
        fig->yrange = (eg_figure_range){1, overlap ? 0 : -0.02, 1.02};
    return EG_OK;
}

/* The theory's critical load at size d (INFINITY: the limit): the
 * signal-to-noise prediction of the expanded Hebbian rule scaled to the AGS
 * α_c for the overlap criterion; for exact recall from the undamaged
 * episode, the stability law (0 in the limit). NAN where no theory applies. */
static eg_status theory_at(const scaling_spec *s, double ags_alpha, double d, double *alpha, eg_error *err)
{
    *alpha = NAN;
    switch (s->published) {
    case PUBLISHED_PSEUDO_INVERSE: *alpha = EG_THEORY_PSEUDO_INVERSE_ALPHA; return EG_OK;
    case PUBLISHED_SPARSE: *alpha = eg_theory_tsodyks_feigelman(s->activity); return EG_OK;
    case PUBLISHED_DENSE:
        *alpha = isinf(d) ? NAN : eg_theory_krotov_hopfield(d, s->degree) / d;
        return EG_OK;
    case PUBLISHED_SEQUENCE: {
        double m;
        return eg_theory_sequence_critical(alpha, &m, err);
    }
    case PUBLISHED_NONE: break;
    }
    if (s->criterion == CRITERION_OVERLAP) {
        *alpha = eg_theory_hebbian_snr_load(s->coef, d, ags_alpha);
        return EG_OK;
    }
    if (!s->pure || s->base.setup.fraction != 0 || s->base.setup.tolerance != 0)
        return EG_OK;
    if (isinf(d)) {
        *alpha = 0;
        return EG_OK;
    }
    return eg_theory_snr_stable_load(d, s->level, alpha, err);
}

/* The theory at every measured size into per, its limit into inf, and a
 * curve against x for sizes from the smallest to 10^7 and the limit (x = 0),
 * or over the sizes measured when the limit is infinite; curve NULL when no
 * theory applies. */
static eg_status theory_curve(const scaling_spec *s, double ags_alpha, double *per, double *inf, eg_matrix **curve,
                              eg_error *err)
{
    enum { POINTS = 60 };
    const number_list *sizes = &s->base.sizes;
    double dmin = sizes->x[0], dmax = sizes->x[0];
    *curve = NULL;
    eg_status st = theory_at(s, ags_alpha, INFINITY, inf, err);
    for (size_t i = 0; st == EG_OK && i < sizes->n; i++) {
        dmin = fmin(dmin, sizes->x[i]);
        dmax = fmax(dmax, sizes->x[i]);
        st = theory_at(s, ags_alpha, sizes->x[i], &per[i], err);
    }
    if (st != EG_OK || isnan(per[0]))
        return st;
    /* A limit that is finite closes the curve at x = 0. */
    int limit = !isnan(*inf);
    eg_matrix *m = eg_matrix_alloc(POINTS + (size_t)limit, 2);
    if (!m)
        return eg_error_set(err, EG_ENOMEM, "out of memory");
    /* Towards the limit when it is finite; a growing capacity only over the sizes. */
    double top = limit ? 1e7 : dmax;
    for (size_t k = 0; st == EG_OK && k < POINTS; k++) {
        double d = dmin * pow(top / dmin, (double)k / (POINTS - 1));
        m->data[2 * k] = scaling_x(s, d);
        st = theory_at(s, ags_alpha, d, &m->data[2 * k + 1], err);
    }
    if (limit) {
        m->data[2 * POINTS] = 0;
        m->data[2 * POINTS + 1] = *inf;
    }
    if (st != EG_OK) {
        eg_matrix_free(m);
        return st;
    }
    *curve = m;
    return EG_OK;
}

/* Writes the block's results: per size, the extrapolation, theory, figures. */
static eg_status report(eg_run *run, const scaling_spec *s, const experiment *e, const measured *m,
                        const scaling_result *r, eg_report *result)
{
    const eg_block *block = s->base.head.block;
    size_t n = m->nsizes;
    char xname[32], title[300], text[2048];
    scaling_name(s, xname, sizeof xname);
    eg_error err;
    double ags_alpha = NAN, ags_m = NAN;
    if (s->ags && eg_theory_ags_critical_t(s->base.setup.temperature, &ags_alpha, &ags_m, &err) != EG_OK)
        return eg_run_fail(run, EG_ENUMERIC, block->loc, "%s", err.msg);
    eg_report_add_string(result, "network", s->base.net->head.block->name);
    eg_report_add_string(result, "rule", e->setup.spec->rule_name);
    eg_report_add_string(result, "criterion", s->criterion == CRITERION_OVERLAP ? "overlap" : "exact");
    eg_report_add_number(result, "criterion_level", s->level);
    eg_report_add_string(result, "scaling", xname);
    eg_report_add_integer(result, "trials", (long long)e->trials);
    eg_report_add_integer(result, "bootstrap", (long long)s->bootstrap);
    eg_report_add_number(result, "level", s->confidence);
    eg_report_add_numbers(result, "sizes", s->base.sizes.x, n);
    eg_report_add_numbers(result, "x", r->x, n);
    eg_report_add_numbers(result, "alpha_c", r->alpha_c, n);
    eg_report *cis = eg_report_add(result, "alpha_c_ci", EG_REPORT_ARRAY);
    for (size_t i = 0; i < n; i++) {
        double ci[2] = {r->lo[i], r->hi[i]};
        eg_report_add_numbers(cis, NULL, ci, 2);
    }
    eg_report_add_numbers(result, "alpha_c_sd", r->sd, n);
    eg_report_add_number(result, "alpha_c_inf", r->fit.intercept);
    double inf_ci[2] = {r->inf_lo, r->inf_hi};
    eg_report_add_numbers(result, "alpha_c_inf_ci", inf_ci, 2);
    eg_report_add_number(result, "alpha_c_inf_sd", r->inf_sd);
    eg_report_add_number(result, "slope", r->fit.slope);
    eg_report_add_number(result, "chi2", r->fit.chi2);
    eg_report_add_integer(result, "dof", (long long)n - 2);
    eg_report_add_integer(result, "censored", (long long)r->censored);
    eg_report_add_number(result, "alpha_c_largest", r->alpha_c[n - 1]);
    eg_report_add_number(result, "alpha_c_inf_lo", r->inf_lo);
    eg_report_add_number(result, "alpha_c_inf_hi", r->inf_hi);
    eg_matrix *snr = NULL;
    if (s->ags) {
        eg_report *th = eg_report_add(result, "theory", EG_REPORT_OBJECT);
        eg_report_add_number(th, "ags_alpha_c", ags_alpha);
        eg_report_add_number(th, "ags_m", ags_m);
        if (s->base.setup.temperature > 0)
            eg_report_add_number(th, "temperature", s->base.setup.temperature);
        double *per = malloc(n * sizeof *per), inf = NAN;
        eg_status st = per ? theory_curve(s, ags_alpha, per, &inf, &snr, &err)
                           : eg_error_set(&err, EG_ENOMEM, "out of memory");
        if (st == EG_OK && snr) {
            eg_report_add_numbers(th, "snr_alpha_c", per, n);
            eg_report_add_number(th, "snr_alpha_c_inf", inf);
            /* At the top level too, where a sweep's table finds its scalars;
             * and at the largest size, where theory and simulation meet
             * without the extrapolation. */
            eg_report_add_number(result, "theory_alpha_c_inf", inf);
            eg_report_add_number(result, "theory_alpha_c_largest", per[n - 1]);
        }
        free(per);
        if (st != EG_OK)
            return eg_run_fail(run, st, block->loc, "%s", err.msg);
    } else if (s->published != PUBLISHED_NONE) {
        static const char *const sources[] = {
            [PUBLISHED_PSEUDO_INVERSE] = "pseudo-inverse: every episode fixed up to alpha = 1 (Personnaz et al. 1985)",
            [PUBLISHED_SPARSE] = "sparse covariance rule: 1/(2a|ln a|) (Tsodyks & Feigel'man 1988)",
            [PUBLISHED_DENSE] = "F_n error-free: D^(n-2)/(2(2n-3)!! ln D) (Krotov & Hopfield 2016)",
            [PUBLISHED_SEQUENCE] = "synchronous sequence rule, T = 0: 0.269 (During, Coolen & Sherrington 1998)",
        };
        eg_report *th = eg_report_add(result, "theory", EG_REPORT_OBJECT);
        eg_report_add_string(th, "published", sources[s->published]);
        double *per = malloc(n * sizeof *per), inf = NAN;
        eg_status st = per ? theory_curve(s, NAN, per, &inf, &snr, &err)
                           : eg_error_set(&err, EG_ENOMEM, "out of memory");
        if (st == EG_OK) {
            eg_report_add_numbers(th, "published_alpha_c", per, n);
            if (!isnan(inf))
                eg_report_add_number(th, "published_alpha_c_inf", inf);
        }
        free(per);
        if (st != EG_OK)
            return eg_run_fail(run, st, block->loc, "%s", err.msg);
    }
    eg_matrix *table = eg_matrix_alloc(n, 5);
    if (table)
        for (size_t i = 0; i < n; i++) {
            double row[5] = {s->base.sizes.x[i], r->x[i], r->alpha_c[i], r->lo[i], r->hi[i]};
            memcpy(table->data + 5 * i, row, sizeof row);
        }
    eg_report_add_table(result, "table", table, "scaling");
    snprintf(title, sizeof title, "scaling %s: rule %s, alpha_c against %s", block->name, e->setup.spec->rule_name,
             xname);
    add_scaling_figure(result, s, r, n, ags_alpha, snr, title, xname);
    eg_status st = add_collapse_figure(result, s, m, ags_alpha, &err);
    if (st != EG_OK)
        return eg_run_fail(run, st, block->loc, "%s", err.msg);
    int pct = (int)lround(100 * s->confidence);
    int len = snprintf(text, sizeof text, "scaling %s: network %s (rule %s), %zu trials, %s below %g:", block->name,
                       s->base.net->head.block->name, e->setup.spec->rule_name, e->trials,
                       s->criterion == CRITERION_OVERLAP ? "mean overlap" : "exact fraction", s->level);
    for (size_t i = 0; i < n && len < (int)sizeof text - 200; i++)
        len += snprintf(text + len, sizeof text - (size_t)len, "%s D = %.0f: alpha_c = %.4f [%.4f, %.4f]",
                        i ? ";" : "", s->base.sizes.x[i], r->alpha_c[i], r->lo[i], r->hi[i]);
    len += snprintf(text + len, sizeof text - (size_t)len, "; in %s: alpha_c(inf) = %.4f, %d%% interval [%.4f, %.4f]",
                    xname, r->fit.intercept, pct, r->inf_lo, r->inf_hi);
    if (s->pure && s->criterion == CRITERION_OVERLAP)
        snprintf(text + len, sizeof text - (size_t)len, " (AGS: %.4f)", ags_alpha);
    else if (s->ags && s->criterion == CRITERION_OVERLAP)
        snprintf(text + len, sizeof text - (size_t)len, " (signal-to-noise: %.4f)",
                 eg_theory_hebbian_snr_load(s->coef, INFINITY, ags_alpha));
    eg_report_add_string(result, "text", text);
    return EG_OK;
}

/* Runs every point, then the per-size critical loads, the bootstrap and the fit. */
static eg_status measure_all(eg_run *run, const scaling_spec *s, const experiment *e, measured *m)
{
    size_t most = e->setup.probes;
    double *hamming = malloc(e->trials * most * sizeof *hamming);
    if (!hamming)
        return eg_run_fail(run, EG_ENOMEM, s->base.head.block->loc, "out of memory");
    eg_status st = EG_OK;
    for (size_t i = 0; st == EG_OK && i < m->nsizes; i++) {
        size_t below = 0;
        for (size_t j = 0; st == EG_OK && j < m->nloads; j++) {
            if (s->stop_after && below >= s->stop_after)
                break;
            if ((st = measure_point(run, s, e, m, i, j, hamming)) != EG_OK)
                break;
            m->done[i] = j + 1;
            /* The statistic of this load, from all trials. */
            double sum = 0;
            for (size_t t = 0; t < m->trials; t++)
                sum += m->value[(i * m->nloads + j) * m->trials + t];
            below = sum / (double)m->trials < s->level ? below + 1 : 0;
        }
    }
    free(hamming);
    return st;
}

/* The point estimates: α_c of every size from all trials; a size whose
 * statistic never crosses the level inside the loads has no estimate. */
static eg_status estimate(eg_run *run, const scaling_spec *s, const measured *m, scaling_result *r, double *y)
{
    const char *what = s->criterion == CRITERION_OVERLAP ? "the mean final overlap" : "the exact fraction";
    for (size_t i = 0; i < m->nsizes; i++) {
        const double *alpha = m->alpha + i * m->nloads;
        curve_of(m, i, NULL, y);
        double a = eg_scaling_crossing(alpha, y, m->done[i], s->level);
        if (isnan(a) || y[0] < s->level)
            return eg_run_fail(run, EG_ENUMERIC, s->base.loads_loc,
                               "at D = %.0f %s is %s %g at every load from %g to %g: the loads must bracket the "
                               "collapse",
                               s->base.sizes.x[i], what, isnan(a) ? "at or above" : "below", s->level, alpha[0],
                               alpha[m->done[i] - 1]);
        r->alpha_c[i] = a;
        r->x[i] = scaling_x(s, s->base.sizes.x[i]);
    }
    return EG_OK;
}

static eg_status run_scaling(eg_run *run, const eg_spec *sp, eg_report *result)
{
    const scaling_spec *s = EG_SPEC_OF(scaling_spec, sp);
    experiment e;
    eg_capacity_setup(run, &s->base, &e);
    size_t n = s->base.sizes.n, L = s->base.loads.n, B = s->bootstrap;
    measured m = {n, L, e.trials, calloc(n, sizeof(size_t)), malloc(n * L * sizeof(double)),
                  malloc(n * L * e.trials * sizeof(double))};
    scaling_result r = {0};
    r.x = malloc(n * sizeof *r.x);
    r.alpha_c = malloc(n * sizeof *r.alpha_c);
    r.lo = malloc(n * sizeof *r.lo);
    r.hi = malloc(n * sizeof *r.hi);
    r.sd = malloc(n * sizeof *r.sd);
    r.weight = malloc(n * sizeof *r.weight);
    r.replicates = malloc(B * n * sizeof *r.replicates);
    r.intercepts = malloc(B * sizeof *r.intercepts);
    double *y = malloc(L * sizeof *y);
    eg_status st = EG_OK;
    eg_error err;
    if (!m.done || !m.alpha || !m.value || !r.x || !r.alpha_c || !r.lo || !r.hi || !r.sd || !r.weight || !r.replicates ||
        !r.intercepts || !y)
        st = eg_run_fail(run, EG_ENOMEM, sp->block->loc, "out of memory");
    for (size_t i = 0; st == EG_OK && i < n; i++)
        for (size_t j = 0; j < L; j++) {
            double d = s->base.sizes.x[i];
            m.alpha[i * L + j] = (double)llround(s->base.loads.x[j] * d) / d;
        }
    if (st == EG_OK)
        st = measure_all(run, s, &e, &m);
    if (st == EG_OK)
        st = estimate(run, s, &m, &r, y);
    if (st == EG_OK && (st = bootstrap(s, &m, &r, y, &err)) != EG_OK)
        st = eg_run_fail(run, st, sp->block->loc, "%s", err.msg);
    if (st == EG_OK && !eg_scaling_fit(r.x, r.alpha_c, r.weight, n, &r.fit))
        st = eg_run_fail(run, EG_ENUMERIC, s->sizes_loc, "the sizes give one value of the scaling variable");
    if (st == EG_OK && (st = intervals(s, n, &r, &err)) != EG_OK)
        st = eg_run_fail(run, st, sp->block->loc, "%s", err.msg);
    if (st == EG_OK)
        st = report(run, s, &e, &m, &r, result);
    free(y);
    result_free(&r);
    measured_free(&m);
    return st;
}

const eg_kind eg_kind_scaling = {.schema = &scaling_schema, .compile = compile_scaling, .run = run_scaling};
