/* kind_capacity.c: `capacity` and `critical` blocks: how many episodes a
 * network's rule stores, by trials at many loads or by a search for the
 * largest count that is still recalled (docs/science.md, "Capacity" and "Dense associative memories"). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engram/theory.h"
#include "run/figure.h"
#include "run/kinds.h"
#include "run/kinds/capacity.h"
#include "run/trials.h"

static const eg_type network_type = {.kind = EG_TY_REF, .ref_kind = "network", .ref_item = EG_REF_WHOLE,
                                     .what = "a network whose rule and episodes are the template"};
static const eg_key flip_keys[] = {{"fraction", &eg_type_probability, 0, 0, NULL, "fraction of units negated"},
                                   EG_KEYS_END};
static const eg_key mask_keys[] = {{"fraction", &eg_type_probability, 0, 0, NULL, "fraction of units set to 0"},
                                   EG_KEYS_END};
static const eg_schema flip_fn = EG_SCHEMA("flip", "each recalled episode with a fraction of its units negated", flip_keys);
static const eg_schema mask_fn = EG_SCHEMA("mask", "each recalled episode with a fraction of its units set to 0", mask_keys);
static const eg_schema *const cue_fns[] = {&flip_fn, &mask_fn, NULL};
static const eg_type cue_type = {.kind = EG_TY_CALL, .calls = cue_fns, .what = "flip(fraction) or mask(fraction)"};
static const char *const update_words[] = {"synchronous", "asynchronous", NULL};
static const eg_type update_type = {.kind = EG_TY_WORD, .words = update_words};
static const char *const order_words[] = {"random", "fixed", NULL};
static const eg_type order_type = {.kind = EG_TY_WORD, .words = order_words};
static const char *const partition_words[] = {"units", "patterns", "compete", NULL};
static const eg_type partition_type = {.kind = EG_TY_WORD, .words = partition_words};
static const eg_type steps_type = EG_TYPE_INTEGER_RANGE(1, 1e9, "a whole number >= 1");
static const eg_type *const loads_alts[] = {&eg_type_range, &eg_type_vector, NULL};
static const eg_type loads_type = {.kind = EG_TY_ONEOF, .alts = loads_alts,
                                   .what = "loads N/D: a range such as 0.02 .. 0.3 step 0.02 or a list"};
static const eg_type damages_type = {.kind = EG_TY_ONEOF, .alts = loads_alts,
                                     .what = "damages: a range such as 0 .. 0.5 step 0.05 or a list of fractions"};
static const eg_type sizes_type = {.kind = EG_TY_ONEOF, .alts = loads_alts,
                                   .what = "sizes D: a list such as [100, 200, 400] or a range"};

#define COMMON_KEYS                                                                                                 \
    {"network", &network_type, 1, 0, NULL, "the network: its rule, state and the generator of its episodes"},      \
        {"trials", &eg_type_count, 0, 20, NULL, "fresh episode sets per point"},                                   \
        {"probes", &eg_type_count, 0, 1, NULL, "episodes recalled per trial (the first ones)"},                    \
        {"cue", &cue_type, 0, 0, "flip",                                                                           \
         "how each recalled episode is damaged: flip(f) or mask(f); flip alone, no damage"},                       \
        {"update", &update_type, 0, 0, "synchronous", "synchronous or asynchronous updates"},                      \
        {"order", &order_type, 0, 0, "random", "order of asynchronous updates"},                                   \
        {"steps", &steps_type, 0, 100, NULL, "at most this many steps per recall"},                                \
        {"temperature", &eg_type_nonnegative, 0, 0, NULL,                                                          \
         "T > 0: Glauber dynamics, each visited unit +1 with probability 1/(1 + exp(-2h/T)); asynchronous, "       \
         "all steps taken"},                                                                                       \
        {"seed", &eg_type_index, 0, 0, NULL, "seed of the cues and update orders"},                                \
        {"tolerance", &eg_type_probability, 0, 0, NULL, "a recall succeeds with at most this fraction of D wrong"}, \
        {"modules", &eg_type_count, 0, 1, NULL, "split the memory into this many independent networks"},          \
        {"partition", &partition_type, 0, 0, "units",                                                              \
         "what modules divide: units (every episode sliced), patterns (each episode in one module, recall routed "  \
         "to it) or compete (patterns, every module answers, the answer nearest the cue wins)"}

const eg_key eg_capacity_common_keys[] = {COMMON_KEYS, EG_KEYS_END};

static const eg_key capacity_keys[] = {
    COMMON_KEYS,
    {"loads", &loads_type, 1, 0, NULL, "the loads α = N/D to try"},
    {"damages", &damages_type, 0, 0, NULL, "cue damages (fractions of the units) to try at every load, instead of the cue's"},
    {"size", &eg_type_count, 0, 0, NULL, "units D (default: the template's episode size)"},
    EG_KEYS_END,
};
static const eg_schema capacity_schema =
    EG_SCHEMA("capacity", "recall quality against the load α = N/D, by trials with fresh episodes", capacity_keys);

static const eg_key critical_keys[] = {
    COMMON_KEYS,
    {"sizes", &sizes_type, 0, 0, NULL, "the sizes D to search (default: the template's episode size)"},
    {"success", &eg_type_probability, 0, 0.9, NULL, "fraction of recalls that must succeed"},
    {"max_count", &eg_type_index, 0, 0, NULL,
     "the largest N tried (default: 8 D or 2^20 / D, whichever is larger; at most D - 1 orthogonal episodes)"},
    EG_KEYS_END,
};
static const eg_schema critical_schema =
    EG_SCHEMA("critical", "the largest number of episodes recalled to a criterion, by bisection over N", critical_keys);

/* The numbers of a range (both ends included, up to rounding) or a list. */
void eg_capacity_values(eg_compile *c, const eg_value *v, int allow_zero, number_list *out)
{
    size_t count;
    double from = 0, step = 1;
    if (v->kind == EG_VAL_RANGE) {
        from = v->items[0]->num;
        double to = v->items[1]->num;
        step = v->n == 3 ? v->items[2]->num : 1;
        if (!(step > 0) || to < from) {
            eg_compile_error(c, v->loc, "a range of loads or sizes goes up with a positive step");
            return;
        }
        count = (size_t)floor((to - from) / step + 1e-9) + 1;
    } else {
        count = v->kind == EG_VAL_LIST ? v->n : 1;
    }
    if (count == 0 || count > 100000) {
        eg_compile_error(c, v->loc, "%zu values: give between 1 and 100000", count);
        return;
    }
    double *x = eg_compile_alloc(c, count * sizeof *x);
    if (!x)
        return;
    for (size_t i = 0; i < count; i++) {
        x[i] = v->kind == EG_VAL_RANGE ? from + (double)i * step : v->kind == EG_VAL_LIST ? v->items[i]->num : v->num;
        if (!(x[i] > 0) && !(allow_zero && x[i] == 0)) {
            eg_compile_error(c, v->loc, "value %zu is %g; loads and sizes are positive, damages not negative", i + 1,
                             x[i]);
            return;
        }
    }
    out->x = x;
    out->n = count;
}

/* Whether N episodes of D units can be drawn from the template's generator:
 * orthogonal sets need a power of two and at most D (or D - 1) episodes. */
static int drawable(const eg_gen_spec *g, size_t count, size_t d)
{
    return g->kind != EG_GEN_ORTHOGONAL || ((d & (d - 1)) == 0 && count <= d - (size_t)g->skip_ones);
}

/* The template network: a discrete network storing generated,
 * auto-associative episodes. Returns its discrete spec, or NULL (reported at
 * the block's network key). */
static const eg_discrete_spec *template_of(eg_compile *c, const eg_block *block, experiment_spec *e)
{
    const eg_value *ref = eg_block_value(block, "network");
    const eg_network_spec *net = eg_compile_network(c, ref);
    if (!net)
        return NULL;
    const eg_discrete_spec *d = eg_network_discrete(net);
    const char *name = ref->ref->name;
    if (!d) {
        eg_compile_error(c, ref->loc,
                         "%s experiments store episodes in a network of state bipolar or binary; network '%s' is a "
                         "%s",
                         block->schema->name, name,
                         net->flavour == EG_FLAVOUR_RNN ? "recurrent network (evaluate, train)"
                                                        : "continuous-time network (simulate)");
        return NULL;
    }
    if (!net->store) {
        eg_compile_error(c, ref->loc, "network '%s' needs 'store': its memories say how episodes are made", name);
        return NULL;
    }
    if (d->content) {
        eg_compile_error(c, ref->loc, "capacity experiments recall auto-associatively; network '%s' is hetero-associative",
                         name);
        return NULL;
    }
    if (eg_memories_recipe_of(net->store)->gen.kind == EG_GEN_FIXED) {
        eg_compile_error(c, ref->loc,
                         "memories '%s' are written out or loaded; capacity experiments need a generator "
                         "(random, binary, sparse, orthogonal or correlated) to draw sets of every size",
                         net->store->head.block->name);
        return NULL;
    }
    e->net = net;
    e->discrete = d;
    return d;
}

static eg_partition partition_named(const char *word)
{
    return strcmp(word, "patterns") == 0 ? EG_PARTITION_PATTERNS
           : strcmp(word, "compete") == 0 ? EG_PARTITION_COMPETE
                                          : EG_PARTITION_UNITS;
}

/* A pattern partition stores every k-th episode in a module: a sequence
 * rule would lose its transitions between modules. */
static void check_partition(eg_compile *c, const eg_block *block, const experiment_spec *e)
{
    if (e->setup.partition == EG_PARTITION_UNITS || !e->discrete || e->discrete->assoc.lag == 0)
        return;
    eg_compile_error(c, eg_block_loc(block, "partition"),
                     "partition = %s stores every k-th episode in a module; rule 'sequence' of network '%s' links "
                     "consecutive episodes, which would land in different modules",
                     eg_block_word(block, "partition"), e->net->head.block->name);
}

/* Glauber dynamics need asynchronous updates of a coupling matrix. */
static void check_temperature(eg_compile *c, const eg_block *block, const experiment_spec *e)
{
    if (e->setup.temperature == 0)
        return;
    eg_loc at = eg_block_loc(block, "temperature");
    if (e->setup.update == EG_UPDATE_SYNC)
        eg_compile_error(c, at, "Glauber dynamics at temperature %g update one unit at a time; add update = asynchronous",
                         e->setup.temperature);
    if (e->discrete && e->discrete->assoc.kind != EG_ASSOC_WEIGHTS)
        eg_compile_error(c, at, "temperature applies to a network with a coupling matrix (a storage rule or weights); "
                                "network '%s' recalls by another memory",
                         e->net->head.block->name);
}

/* The keys every capacity kind shares: the template, the trials and the
 * recalls; the spec is `bytes` long, an experiment_spec at its head. */
experiment_spec *eg_capacity_compile_common(eg_compile *c, const eg_block *block, size_t bytes)
{
    experiment_spec *e = eg_compile_alloc(c, bytes);
    if (!e)
        return NULL;
    const eg_value *cue = eg_block_value(block, "cue");
    e->setup = (eg_trial_setup){
        .probes = (size_t)eg_block_number(block, "probes"),
        .damage = cue && cue->schema == &mask_fn ? EG_DAMAGE_MASK : EG_DAMAGE_FLIP,
        .fraction = cue ? eg_call_number(cue, "fraction") : 0,
        .update = strcmp(eg_block_word(block, "update"), "synchronous") == 0 ? EG_UPDATE_SYNC
                  : strcmp(eg_block_word(block, "order"), "fixed") == 0     ? EG_UPDATE_ASYNC_FIXED
                                                                            : EG_UPDATE_ASYNC_RANDOM,
        .max_steps = (size_t)eg_block_number(block, "steps"),
        .temperature = eg_block_number(block, "temperature"),
        .seed = (uint64_t)eg_block_number(block, "seed"),
        .tolerance = eg_block_number(block, "tolerance"),
        .modules = (size_t)eg_block_number(block, "modules"),
        .partition = partition_named(eg_block_word(block, "partition")),
    };
    e->trials = (size_t)eg_block_number(block, "trials");
    e->network_loc = eg_block_loc(block, "network");
    template_of(c, block, e);
    check_partition(c, block, e);
    check_temperature(c, block, e);
    return e;
}

/* Every size D against the modules and the generator, with the counts to draw. */
void eg_capacity_check_size(eg_compile *c, const eg_block *block, const experiment_spec *e, size_t d, eg_loc at,
                       size_t max_count)
{
    if (d == 0)
        return; /* the template had errors, already reported */
    if (e->setup.partition == EG_PARTITION_UNITS && e->setup.modules > 1 && d / e->setup.modules < 2)
        eg_compile_error(c, eg_block_loc(block, "modules"), "%zu units cannot be split into %zu modules", d,
                         e->setup.modules);
    if (!e->net)
        return;
    const eg_gen_spec *g = &eg_memories_recipe_of(e->net->store)->gen;
    if (g->kind == EG_GEN_ORTHOGONAL && (d & (d - 1)) != 0)
        eg_compile_error(c, at, "orthogonal episodes need a size that is a power of two, not %zu", d);
    else if (max_count > 0 && !drawable(g, max_count, d))
        eg_compile_error(c, eg_block_loc(block, "loads"),
                         "a %zu-unit Hadamard matrix gives at most %zu orthogonal episodes; the loads ask for %zu", d,
                         d - (size_t)g->skip_ones, max_count);
}

static eg_spec *compile_capacity(eg_compile *c, const eg_block *block)
{
    experiment_spec *e = eg_capacity_compile_common(c, block, sizeof(experiment_spec));
    if (!e)
        return NULL;
    e->loads_loc = eg_block_loc(block, "loads");
    eg_capacity_values(c, eg_block_value(block, "loads"), 0, &e->loads);
    const eg_value *damages = eg_block_value(block, "damages");
    if (damages) {
        eg_capacity_values(c, damages, 1, &e->damages);
        for (size_t j = 0; j < e->damages.n; j++)
            if (e->damages.x[j] > 1) {
                eg_compile_error(c, damages->loc, "damage %g is not a fraction of the units", e->damages.x[j]);
                break;
            }
    }
    const eg_value *size = eg_block_value(block, "size");
    e->size = size ? (size_t)size->num : e->net ? eg_memories_recipe_of(e->net->store)->gen.size : 0;
    size_t most = 0, least = SIZE_MAX;
    for (size_t i = 0; i < e->loads.n; i++) {
        size_t count = (size_t)llround(e->loads.x[i] * (double)e->size);
        count = count < 1 ? 1 : count;
        most = count > most ? count : most;
        least = count < least ? count : least;
    }
    /* A sequence rule (lag > 0) needs more episodes than its lag. */
    if (e->discrete && e->discrete->assoc.lag > 0 && e->loads.n > 0 && least <= e->discrete->assoc.lag)
        eg_compile_error(c, e->loads_loc, "at D = %zu the smallest load stores %zu episode%s; rule 'sequence' with lag %zu needs more",
                         e->size, least, least == 1 ? "" : "s", e->discrete->assoc.lag);
    eg_capacity_check_size(c, block, e, e->size, size ? size->loc : e->network_loc, most);
    return &e->head;
}

static eg_spec *compile_critical(eg_compile *c, const eg_block *block)
{
    experiment_spec *e = eg_capacity_compile_common(c, block, sizeof(experiment_spec));
    if (!e)
        return NULL;
    /* The search starts from one episode, which a sequence rule cannot store. */
    if (e->discrete && e->discrete->assoc.lag > 0)
        eg_compile_error(c, e->network_loc,
                         "critical searches the count from 1 episode up; network '%s' has rule 'sequence', which needs "
                         "more episodes than its lag",
                         e->net->head.block->name);
    e->success = eg_block_number(block, "success");
    e->max_count = (size_t)eg_block_number(block, "max_count");
    const eg_value *sizes = eg_block_value(block, "sizes");
    if (sizes) {
        eg_capacity_values(c, sizes, 0, &e->sizes);
    } else if (e->net && (e->sizes.x = eg_compile_alloc(c, sizeof *e->sizes.x))) {
        e->sizes.x[0] = (double)eg_memories_recipe_of(e->net->store)->gen.size;
        e->sizes.n = 1;
    }
    for (size_t i = 0; i < e->sizes.n; i++)
        eg_capacity_check_size(c, block, e, (size_t)llround(e->sizes.x[i]), sizes ? sizes->loc : e->network_loc, 0);
    return &e->head;
}

/* The experiment as this run draws it: the template's generator with the
 * run's seed. */
void eg_capacity_setup(eg_run *run, const experiment_spec *spec, experiment *e)
{
    eg_build_gen_spec(run, spec->net->store, &e->gen);
    e->setup = spec->setup;
    e->setup.spec = &spec->discrete->assoc;
    e->setup.gen = &e->gen;
    e->trials = spec->trials;
    e->threads = eg_run_threads(run);
}

/* Where a decreasing (sign = −1) or increasing (+1) series y(x) first crosses
 * level, by linear interpolation; NAN when it never does. */
static double crossing(const double *x, const double *y, size_t n, double level, int sign)
{
    for (size_t i = 0; i < n; i++) {
        if (sign * (y[i] - level) >= 0) {
            if (i == 0)
                return x[0];
            double t = (level - y[i - 1]) / (y[i] - y[i - 1]);
            return x[i - 1] + t * (x[i] - x[i - 1]);
        }
    }
    return NAN;
}

static const char *rule_label(const eg_assoc_spec *spec)
{
    return spec->rule_name;
}

static const char *network_name(const experiment_spec *spec)
{
    return spec->net->head.block->name;
}

/* How the modules divide the memory, for the text ("" for units, whose
 * modules the golden outputs have always left unsaid). */
static const char *partition_phrase(const eg_trial_setup *s, char *buf, size_t size)
{
    if (s->partition == EG_PARTITION_UNITS)
        return "";
    snprintf(buf, size, s->partition == EG_PARTITION_PATTERNS
                            ? ", episodes divided among %zu modules of D units, recall routed to the holder"
                            : ", episodes divided among %zu modules of D units, every module answers, "
                              "nearest the cue wins",
             s->modules ? s->modules : 1);
    return buf;
}

/* The partition and module count in the result, where they are not the default units. */
static void report_partition(eg_report *result, const eg_trial_setup *s)
{
    if (s->partition == EG_PARTITION_UNITS)
        return;
    eg_report_add_string(result, "partition", s->partition == EG_PARTITION_PATTERNS ? "patterns" : "compete");
    eg_report_add_integer(result, "modules", (long long)(s->modules ? s->modules : 1));
}

/* Whether the signal-to-noise prediction of theory_sparse.c describes the
 * block: the covariance rule, normalised by D with no self-coupling, on
 * sparse {0, 1} episodes of the generator's activity, binary units, one
 * synchronous step from undamaged stored episodes, at loads alone. */
static int sparse_snr_applies(const experiment *e, int by_damage, double damage)
{
    const eg_assoc_spec *a = e->setup.spec;
    const eg_gen_spec *g = &e->gen;
    return a->kind == EG_ASSOC_WEIGHTS && a->rule_name && strcmp(a->rule_name, "covariance") == 0 &&
           (a->activity < 0 || a->activity == g->p) && a->opt.norm == EG_NORM_UNITS && !a->opt.keep_self &&
           g->kind == EG_GEN_SPARSE && g->p > 0 && g->p < 0.5 && a->states == EG_STATES_BINARY &&
           e->setup.modules <= 1 && e->setup.update == EG_UPDATE_SYNC && e->setup.max_steps == 1 && !by_damage &&
           damage == 0 && e->setup.temperature == 0;
}

/* The prediction beside the measurement: the errors per active unit at
 * each load (`snr_table`: load, errors) and the load where they reach 1%,
 * at the block's threshold and at the best one. */
static void sparse_snr(eg_report *result, eg_report *th, const experiment *e, const double *loads, size_t n)
{
    double a = e->gen.p, theta = e->setup.spec->threshold;
    eg_matrix *m = eg_matrix_alloc(n, 2);
    if (!m)
        return;
    for (size_t i = 0; i < n; i++) {
        m->data[2 * i] = loads[i];
        m->data[2 * i + 1] = eg_theory_sparse_errors(a, loads[i], theta);
    }
    eg_report_add_string(th, "snr", "one step from a stored episode, D -> infinity: wrong units per active unit "
                                    "(docs/science.md)");
    eg_report_add_number(th, "snr_alpha_c", eg_theory_sparse_alpha_c(a, theta, 0.01));
    eg_report_add_number(th, "snr_alpha_c_best", eg_theory_sparse_alpha_c(a, NAN, 0.01));
    eg_report_add_matrix(result, "snr_table", m);
}

/* The published critical load beside a capacity curve, in one network:
 * the pseudo-inverse rule's α = 1 and the synchronous cyclic sequence rule's
 * 0.269 (computed) on random ±1 episodes, the covariance rule's
 * 1/(2a|ln a|) on {0, 1} episodes of activity a (docs/science.md), with the
 * signal-to-noise prediction at the n loads when snr. */
static eg_status capacity_theory(eg_report *result, const experiment *e, const double *loads, size_t n, int snr,
                                 eg_error *err)
{
    const eg_assoc_spec *a = e->setup.spec;
    if (a->kind != EG_ASSOC_WEIGHTS || !a->rule_name || e->setup.modules > 1)
        return EG_OK;
    int unbiased = e->gen.kind == EG_GEN_RANDOM && e->gen.p == 0.5;
    const char *source = NULL;
    double alpha = NAN, m;
    if (unbiased && (strcmp(a->rule_name, "projection") == 0 || strcmp(a->rule_name, "pseudoinverse") == 0)) {
        source = "pseudo-inverse: every episode fixed up to alpha = 1 (Personnaz et al. 1985)";
        alpha = EG_THEORY_PSEUDO_INVERSE_ALPHA;
    } else if (unbiased && a->lag > 0 && a->cyclic && a->threshold == 0 && e->setup.update == EG_UPDATE_SYNC) {
        source = "synchronous sequence rule, T = 0: 0.269 (During, Coolen & Sherrington 1998)";
        eg_status st = eg_theory_sequence_critical(&alpha, &m, err);
        if (st != EG_OK)
            return st;
    } else if (strcmp(a->rule_name, "covariance") == 0 && (e->gen.kind == EG_GEN_SPARSE || e->gen.kind == EG_GEN_BINARY) &&
               e->gen.p > 0 && e->gen.p < 1) {
        source = "sparse covariance rule: 1/(2a|ln a|) (Tsodyks & Feigel'man 1988)";
        alpha = eg_theory_tsodyks_feigelman(e->gen.p);
    }
    if (!source)
        return EG_OK;
    eg_report *th = eg_report_add(result, "theory", EG_REPORT_OBJECT);
    eg_report_add_string(th, "published", source);
    eg_report_add_number(th, "published_alpha_c", alpha);
    if (snr && th)
        sparse_snr(result, th, e, loads, n);
    return EG_OK;
}

/* The figure's error curve: Hamming / D on the fraction axis, or for
 * sparse {0, 1} episodes of activity a the errors per active unit,
 * Hamming / (aD), on a right axis of their own: a small fraction of errors
 * there (the sparse capacity's criterion) would be a flat line at the foot
 * of the fraction axis. err holds Hamming / D at the n loads; with snr the
 * prediction (snr_table) is drawn beside it. */
static void add_error_series(eg_figure *fig, const experiment *e, size_t x_column, const double *loads,
                             const double *err, size_t n, int snr)
{
    const eg_gen_spec *g = &e->gen;
    int sparse = (g->kind == EG_GEN_SPARSE || g->kind == EG_GEN_BINARY) && g->p > 0 && g->p < 1 &&
                 e->setup.spec->states == EG_STATES_BINARY;
    eg_figure_series *s = eg_figure_xy(fig, "table", x_column, 5, EG_FIGURE_LINESPOINTS,
                                       sparse ? "mean final errors per active unit (right)" : "mean final Hamming / D");
    if (!s || !sparse)
        return;
    double top = 0.01;
    for (size_t i = 0; i < n; i++) {
        top = fmax(top, 1.1 * err[i] / g->p);
        if (snr)
            top = fmax(top, 1.1 * eg_theory_sparse_errors(g->p, loads[i], e->setup.spec->threshold));
    }
    s->y_scale = 1.0 / g->p;
    s->right_axis = 1;
    eg_figure_series *t = snr ? eg_figure_xy(fig, "snr_table", 0, 1, EG_FIGURE_LINES,
                                             "signal-to-noise prediction, D -> infinity (right)")
                              : NULL;
    if (t)
        t->right_axis = 1;
    eg_figure_right_axis(fig, 0, top, "errors per active unit, Hamming / (aD)");
}

/* The number of episodes at a load: N = round(load·D), at least one. */
static size_t count_at(double load, size_t d)
{
    size_t count = (size_t)llround(load * (double)d);
    return count < 1 ? 1 : count;
}

/* The trials at every (load, damage) point of the block, load-major, as one
 * queue (eg_trials_run_points), into stats. */
static eg_status run_points(eg_run *run, const experiment_spec *spec, const experiment *e, eg_trial_stats *stats)
{
    const double *loads = spec->loads.x, *damages = spec->damages.n ? spec->damages.x : NULL;
    size_t nd = damages ? spec->damages.n : 1, n = spec->loads.n * nd;
    eg_trial_point *pts = malloc(n * sizeof *pts);
    if (!pts)
        return eg_run_fail(run, EG_ENOMEM, spec->head.block->loc, "out of memory");
    for (size_t i = 0; i < n; i++) {
        pts[i] = (eg_trial_point){e->setup, count_at(loads[i / nd], spec->size), spec->size};
        if (damages)
            pts[i].setup.fraction = damages[i % nd];
    }
    size_t failed = 0;
    eg_error err;
    eg_status st = eg_trials_run_points(pts, n, e->trials, e->threads, stats, NULL, &failed, &err);
    if (st != EG_OK)
        st = eg_run_fail(run, st, spec->loads_loc, "at load %g (N = %zu, D = %zu): %s", loads[failed / nd],
                         pts[failed].count, spec->size, err.msg);
    free(pts);
    return st;
}

static eg_status run_capacity(eg_run *run, const eg_spec *sp, eg_report *result)
{
    const experiment_spec *spec = EG_SPEC_OF(experiment_spec, sp);
    const eg_block *block = sp->block;
    experiment e;
    eg_capacity_setup(run, spec, &e);
    eg_status st = EG_OK;
    const double *loads = spec->loads.x, *damages = spec->damages.n ? spec->damages.x : NULL;
    size_t nl = spec->loads.n, nd = damages ? spec->damages.n : 1;
    size_t d = spec->size, n = nl * nd;
    /* The x axis of the figure and the knees: the damage when only the
     * damage varies, the load otherwise. */
    int by_damage = nl == 1 && nd > 1;
    eg_matrix *table = eg_matrix_alloc(n, 9);
    double *xs = malloc(n * sizeof *xs), *exact = malloc(n * sizeof *exact), *err_mean = malloc(n * sizeof *err_mean);
    eg_trial_stats *stats = malloc(n * sizeof *stats);
    if (!table || !xs || !exact || !err_mean || !stats) {
        st = eg_run_fail(run, EG_ENOMEM, block->loc, "out of memory allocating the table of %zu sizes", n);
        goto done;
    }
    if ((st = run_points(run, spec, &e, stats)) != EG_OK)
        goto done;
    for (size_t i = 0; i < n; i++) {
        const eg_trial_stats *s = &stats[i];
        double *row = table->data + i * 9;
        double count = (double)count_at(loads[i / nd], d);
        row[0] = count / (double)d;
        row[1] = count;
        row[2] = damages ? damages[i % nd] : e.setup.fraction;
        row[3] = exact[i] = (double)s->exact / (double)s->recalls;
        row[4] = (double)s->success / (double)s->recalls;
        row[5] = err_mean[i] = s->hamming_mean;
        row[6] = s->hamming_sd;
        row[7] = s->steps_mean;
        row[8] = (double)s->converged / (double)s->recalls;
        xs[i] = by_damage ? row[2] : row[0];
    }
    const char *xname = by_damage ? "damage" : "N/D";
    double knee_exact = nd == 1 || by_damage ? crossing(xs, exact, n, 0.5, -1) : NAN;
    double knee_error = nd == 1 || by_damage ? crossing(xs, err_mean, n, 0.05, +1) : NAN;
    eg_report_add_integer(result, "size", (long long)d);
    eg_report_add_string(result, "network", network_name(spec));
    eg_report_add_string(result, "rule", rule_label(e.setup.spec));
    eg_report_add_integer(result, "trials", (long long)e.trials);
    report_partition(result, &e.setup);
    for (size_t i = 0; i < n; i++)
        xs[i] = table->data[i * 9];
    eg_report_add_numbers(result, "loads", xs, n);
    for (size_t i = 0; i < n; i++)
        xs[i] = table->data[i * 9 + 2];
    eg_report_add_numbers(result, "damages", xs, n);
    eg_report_add_numbers(result, "exact_fraction", exact, n);
    eg_report_add_numbers(result, "hamming_mean", err_mean, n);
    for (size_t i = 0; i < n; i++)
        xs[i] = table->data[i * 9 + 7];
    eg_report_add_numbers(result, "steps_mean", xs, n);
    for (size_t i = 0; i < n; i++)
        xs[i] = table->data[i * 9];
    int snr = nd == 1 && sparse_snr_applies(&e, by_damage, damages ? damages[0] : e.setup.fraction);
    eg_error terr;
    if ((st = capacity_theory(result, &e, xs, n, snr, &terr)) != EG_OK) {
        st = eg_run_fail(run, st, block->loc, "%s", terr.msg);
        goto done;
    }
    if (nd == 1 || by_damage) {
        eg_report_add_number(result, "knee_exact", knee_exact);
        eg_report_add_number(result, "knee_error", knee_error);
    }
    char title[300], text[1024], phrase[160];
    eg_report_add_table(result, "table", table, "capacity");
    table = NULL;
    if (e.setup.partition == EG_PARTITION_UNITS)
        snprintf(title, sizeof title, "%s %s: rule %s, D = %zu", block->schema->name, block->name,
                 rule_label(e.setup.spec), d);
    else
        snprintf(title, sizeof title, "%s %s: rule %s, D = %zu, %zu modules, %s", block->schema->name, block->name,
                 rule_label(e.setup.spec), d, e.setup.modules ? e.setup.modules : 1,
                 e.setup.partition == EG_PARTITION_PATTERNS ? "episodes routed" : "every module answers");
    eg_figure *fig = eg_figure_add(result, "capacity", title,
                                   by_damage ? "cue damage (fraction of units)" : "load N/D", "fraction");
    eg_figure_xy(fig, "table", by_damage ? 2 : 0, 3, EG_FIGURE_LINESPOINTS, "exact recalls");
    add_error_series(fig, &e, by_damage ? 2 : 0, xs, err_mean, n, snr);
    if (fig)
        fig->yrange = (eg_figure_range){1, 0, 1};
    int len = snprintf(text, sizeof text, "capacity %s: network %s (rule %s), D = %zu%s, %zu point%s x %zu trials",
                       block->name, network_name(spec), rule_label(e.setup.spec), d,
                       partition_phrase(&e.setup, phrase, sizeof phrase), n, n == 1 ? "" : "s", e.trials);
    if (nd == 1 || by_damage) {
        len += isnan(knee_exact)
                   ? snprintf(text + len, sizeof text - (size_t)len, ": exact recall stays above half; ")
                   : snprintf(text + len, sizeof text - (size_t)len, ": exact recall falls below half at %s = %.3f; ",
                              xname, knee_exact);
        if (isnan(knee_error))
            snprintf(text + len, sizeof text - (size_t)len, "mean final error stays below 5%% of D");
        else
            snprintf(text + len, sizeof text - (size_t)len, "mean final error passes 5%% of D at %s = %.3f", xname,
                     knee_error);
    }
    eg_report_add_string(result, "text", text);
done:
    eg_matrix_free(table);
    free(xs);
    free(exact);
    free(err_mean);
    free(stats);
    return st;
}

const eg_kind eg_kind_capacity = {.schema = &capacity_schema, .compile = compile_capacity, .run = run_capacity};

/* ---- critical ------------------------------------------------------------ */

typedef struct search_log {
    double *rows; /* D, N, success fraction */
    size_t n, cap;
} search_log;

static int log_push(search_log *l, double d, double count, double frac)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 32;
        double *r = realloc(l->rows, cap * 3 * sizeof *r);
        if (!r)
            return 0;
        l->rows = r;
        l->cap = cap;
    }
    l->rows[3 * l->n] = d;
    l->rows[3 * l->n + 1] = count;
    l->rows[3 * l->n + 2] = frac;
    l->n++;
    return 1;
}

/* Whether N episodes of D units pass: success fraction ≥ the criterion. */
static eg_status passes(eg_run *run, const experiment_spec *spec, const experiment *e, size_t count, size_t d, double need,
                        search_log *log, int *ok)
{
    eg_trial_stats s;
    eg_error err;
    eg_status st = eg_trials_run(&e->setup, count, d, e->trials, e->threads, &s, &err);
    if (st != EG_OK)
        return eg_run_fail(run, st, spec->network_loc, "N = %zu, D = %zu: %s", count, d, err.msg);
    double frac = (double)s.success / (double)s.recalls;
    if (!log_push(log, (double)d, (double)count, frac))
        return eg_run_fail(run, EG_ENOMEM, spec->head.block->loc, "out of memory");
    *ok = frac >= need;
    return EG_OK;
}

/* The default search limit at D units: 8 D, widened to the N whose episodes
 * fill 2^20 numbers (8 MiB a trial holds per thread) when that is more, so
 * that dense rules, whose capacity grows faster than D, are searched as far
 * as a trial's memory comfortably allows and runs stay reproducible (the
 * limit does not depend on the machine). */
static size_t default_limit(size_t d)
{
    enum { EPISODE_BUDGET = 1 << 20 };
    size_t wide = EPISODE_BUDGET / d;
    return wide > 8 * d ? wide : 8 * d;
}

/* The largest N in [0, max] that passes, assuming passing is monotone in N:
 * doubling from 1 until a failure, then bisection. */
static eg_status search(eg_run *run, const experiment_spec *spec, const experiment *e, size_t d, size_t max, double need,
                        search_log *log, size_t *critical)
{
    size_t good = 0, bad = max + 1;
    int ok = 0;
    for (size_t count = 1; count <= max; count = count * 2 > max && count < max ? max : count * 2) {
        eg_status st = passes(run, spec, e, count, d, need, log, &ok);
        if (st != EG_OK)
            return st;
        if (!ok) {
            bad = count;
            break;
        }
        good = count;
        if (count == max)
            break;
    }
    while (bad - good > 1) {
        size_t mid = good + (bad - good) / 2;
        eg_status st = passes(run, spec, e, mid, d, need, log, &ok);
        if (st != EG_OK)
            return st;
        if (ok)
            good = mid;
        else
            bad = mid;
    }
    *critical = good;
    return EG_OK;
}

/* A published capacity beside the critical counts of a dense memory on
 * unbiased random ±1 episodes in one network: for F_n, Krotov & Hopfield's
 * error-free count K(D) = D^(n−1)/(2(2n−3)!! ln D) per size; for F(z) = e^z
 * (β = 1), Demircigil et al.'s bound D·I(1 − 2ρ)/2 on ln N at the cue's flip
 * fraction ρ; and (D, N) of either, N = e^bound for the exponential, as
 * `theory_table` to draw. Returns whether it wrote one. */
static int critical_theory(eg_report *result, const experiment *e, const eg_matrix *table, size_t n)
{
    const eg_assoc_spec *a = e->setup.spec;
    if (a->kind != EG_ASSOC_DAM || e->gen.kind != EG_GEN_RANDOM || e->gen.p != 0.5 || e->setup.modules > 1)
        return 0;
    int poly = a->dam.kind == EG_DAM_POLY;
    if (!poly && !(a->dam.kind == EG_DAM_EXP && a->dam.beta == 1 && e->setup.damage == EG_DAMAGE_FLIP))
        return 0;
    eg_report *th = eg_report_add(result, "theory", EG_REPORT_OBJECT);
    eg_report_add_string(th, "published", poly ? "F_n error-free: D^(n-1)/(2(2n-3)!! ln D) (Krotov & Hopfield 2016)"
                                               : "F = exp: ln N < D I(1-2 rho)/2 (Demircigil et al. 2017)");
    double *v = malloc(n * sizeof *v);
    eg_matrix *curve = eg_matrix_alloc(n, 2);
    if (!v || !curve) {
        free(v);
        eg_matrix_free(curve);
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        double d = table->data[3 * i];
        v[i] = poly ? eg_theory_krotov_hopfield(d, a->dam.degree) : d * eg_theory_demircigil(e->setup.fraction);
        curve->data[2 * i] = d;
        curve->data[2 * i + 1] = poly ? v[i] : exp(v[i]);
    }
    eg_report_add_numbers(th, poly ? "published_critical" : "published_log_critical", v, n);
    eg_report_add_matrix(result, "theory_table", curve);
    free(v);
    return 1;
}

static eg_status run_critical(eg_run *run, const eg_spec *sp, eg_report *result)
{
    const experiment_spec *spec = EG_SPEC_OF(experiment_spec, sp);
    const eg_block *block = sp->block;
    experiment e;
    eg_capacity_setup(run, spec, &e);
    eg_status st = EG_OK;
    const double *sizes = spec->sizes.x;
    size_t n = spec->sizes.n;
    double need = spec->success;
    search_log log = {0};
    eg_matrix *table = eg_matrix_alloc(n, 3);
    /* Per size: the search limit, and whether N_c reached it (a bound, not a capacity). */
    size_t *limit = calloc(n ? n : 1, sizeof *limit);
    unsigned char *bounded = calloc(n ? n : 1, 1);
    if (!table || !limit || !bounded)
        st = eg_run_fail(run, EG_ENOMEM, block->loc, "out of memory");
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    size_t nfit = 0, nbounded = 0;
    for (size_t i = 0; st == EG_OK && i < n; i++) {
        size_t d = (size_t)llround(sizes[i]), critical = 0;
        size_t max = spec->max_count > 0 ? spec->max_count : default_limit(d);
        /* A Hadamard matrix has D rows, one of them all ones. */
        if (e.gen.kind == EG_GEN_ORTHOGONAL && max > d - (size_t)e.gen.skip_ones)
            max = d - (size_t)e.gen.skip_ones;
        if ((st = search(run, spec, &e, d, max, need, &log, &critical)) != EG_OK)
            break;
        table->data[3 * i] = (double)d;
        table->data[3 * i + 1] = (double)critical;
        table->data[3 * i + 2] = (double)critical / (double)d;
        limit[i] = max;
        bounded[i] = critical == max;
        nbounded += bounded[i];
        /* A bound says nothing of how N_c grows: only sizes whose failure was
         * found enter the fit (and N_c = 0 has no logarithm). */
        if (critical > 0 && !bounded[i]) {
            double x = log10((double)d), y = log10((double)critical);
            sx += x, sy += y, sxx += x * x, sxy += x * y;
            nfit++;
        }
    }
    if (st != EG_OK) {
        eg_matrix_free(table);
        free(limit);
        free(bounded);
        free(log.rows);
        return st;
    }
    char title[300], text[2048], phrase[160];
    int len = snprintf(text, sizeof text, "critical %s: network %s (rule %s)%s, %zu trials, success >= %g:",
                       block->name, network_name(spec), rule_label(e.setup.spec),
                       partition_phrase(&e.setup, phrase, sizeof phrase), e.trials, need);
    for (size_t i = 0; i < n && len < (int)sizeof text - 120; i++)
        len += snprintf(text + len, sizeof text - (size_t)len,
                        bounded[i] ? "%s D = %.0f: N_c >= %.0f, search limit reached (N_c/D >= %.3f)"
                                   : "%s D = %.0f: N_c = %.0f (N_c/D = %.3f)",
                        i ? ";" : "", table->data[3 * i], table->data[3 * i + 1], table->data[3 * i + 2]);
    eg_report_add_string(result, "network", network_name(spec));
    eg_report_add_string(result, "rule", rule_label(e.setup.spec));
    report_partition(result, &e.setup);
    eg_report *per = eg_report_add(result, "sizes", EG_REPORT_ARRAY);
    if (per)
        per->per_item = 1; /* one record per size listed: columns of a sweep table */
    for (size_t i = 0; i < n; i++) {
        eg_report *o = eg_report_add(per, NULL, EG_REPORT_OBJECT);
        eg_report_add_integer(o, "size", (long long)table->data[3 * i]);
        eg_report_add_integer(o, "critical", (long long)table->data[3 * i + 1]);
        eg_report_add_number(o, "load", table->data[3 * i + 2]);
        eg_report_add_integer(o, "limit", (long long)limit[i]);
        eg_report_add_bool(o, "bounded", bounded[i]);
    }
    if (nfit >= 2) {
        /* Least-squares slope of log N_c against log D: 1 for Hebbian rules,
         * n − 1 for F_n (Krotov & Hopfield 2016). */
        double slope = ((double)nfit * sxy - sx * sy) / ((double)nfit * sxx - sx * sx);
        eg_report_add_number(result, "exponent", slope);
        eg_report_add_integer(result, "fit_sizes", (long long)nfit);
        len += snprintf(text + len, sizeof text - (size_t)len, "; N_c grows as D^%.2f", slope);
    }
    if (nbounded > 0 && n >= 2 && len < (int)sizeof text)
        snprintf(text + len, sizeof text - (size_t)len,
                 nfit >= 2 ? "; left out of the fit: %zu of %zu sizes, at the search limit"
                           : "; no exponent: %zu of %zu sizes at the search limit, and a bound is not a capacity",
                 nbounded, n);
    free(limit);
    free(bounded);
    int theory = critical_theory(result, &e, table, n);
    eg_report_add_table(result, "table", table, "critical");
    eg_matrix *trace = eg_matrix_alloc(log.n, 3);
    if (trace)
        memcpy(trace->data, log.rows, log.n * 3 * sizeof *log.rows);
    free(log.rows);
    eg_report_add_matrix(result, "search", trace);
    snprintf(title, sizeof title, "critical %s: rule %s", block->name, rule_label(e.setup.spec));
    /* A scaling curve needs at least two sizes; one size is a number, not a figure. */
    if (n >= 2) {
        eg_figure *fig = eg_figure_add(result, "critical", title, "units D", "critical N");
        eg_figure_xy(fig, "table", 0, 1, EG_FIGURE_LINESPOINTS, "N_c");
        if (theory)
            eg_figure_xy(fig, "theory_table", 0, 1, EG_FIGURE_LINES,
                         e.setup.spec->dam.kind == EG_DAM_POLY ? "Krotov-Hopfield error-free count"
                                                               : "Demircigil et al. bound on N");
        if (fig)
            fig->log_x = fig->log_y = 1;
    }
    eg_report_add_string(result, "text", text);
    return EG_OK;
}

const eg_kind eg_kind_critical = {.schema = &critical_schema, .compile = compile_critical, .run = run_critical};
