/* kind_recall.c: `recall` blocks: damage stored episodes, run the network's
 * recall, and report how close it came back: one recall in full, or many
 * (every episode, several trials each) as statistics. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engram/classify.h"
#include "engram/cue.h"
#include "run/assoc.h"
#include "run/figure.h"
#include "run/kinds.h"
#include "run/parallel.h"

static const eg_type episode_type = {.kind = EG_TY_REF, .ref_kind = "memories", .ref_item = EG_REF_ITEM,
                                     .what = "a stored episode such as M[0]"};
static const eg_type memories_type = {.kind = EG_TY_REF, .ref_kind = "memories", .ref_item = EG_REF_WHOLE};

static const eg_key flip_keys[] = {
    {"pattern", &episode_type, 1, 0, NULL, "the episode to damage"},
    {"bits", &eg_type_index, 0, 0, NULL, "flip exactly this many units"},
    {"fraction", &eg_type_probability, 0, 0, NULL, "flip this fraction of the units"},
    {"seed", &eg_type_index, 0, 0, NULL, "which units are flipped"},
    EG_KEYS_END,
};
static const eg_key mask_keys[] = {
    {"pattern", &episode_type, 1, 0, NULL, "the episode to damage"},
    {"fraction", &eg_type_probability, 1, 0, NULL, "mask this fraction of the units"},
    {"seed", &eg_type_index, 0, 0, NULL, "which units are masked"},
    EG_KEYS_END,
};
static const eg_key random_keys[] = {
    {"p", &eg_type_probability, 0, 0.5, NULL, "probability of an active unit (+1, or 1 in a {0,1} network)"},
    {"seed", &eg_type_index, 0, 0, NULL, "seed of the state"},
    EG_KEYS_END,
};
static const eg_key each_keys[] = {
    {"memories", &memories_type, 1, 0, NULL, "the episodes to start from, one cue each"},
    {"flip", &eg_type_probability, 0, 0, NULL, "flip this fraction of the units"},
    {"bits", &eg_type_index, 0, 0, NULL, "flip exactly this many units"},
    {"mask", &eg_type_probability, 0, 0, NULL, "mask this fraction of the units"},
    {"count", &eg_type_count, 0, 0, NULL, "only the first this many episodes (default: all)"},
    {"seed", &eg_type_index, 0, 0, NULL, "which units are damaged"},
    EG_KEYS_END,
};
/* A compiled recall block (defined below); the cue rows fill it. */
typedef struct recall_spec recall_spec;

/* How a cue is made from its episode's row (in place), for one recall. */
typedef eg_status (*damage_fn)(const recall_spec *r, double *cue, size_t d, eg_cue_values v, uint64_t seed,
                               uint64_t index, eg_error *err);

static void cue_flip(eg_compile *c, const eg_value *cue, recall_spec *r);
static void cue_mask(eg_compile *c, const eg_value *cue, recall_spec *r);
static void cue_random(eg_compile *c, const eg_value *cue, recall_spec *r);
static void cue_each(eg_compile *c, const eg_value *cue, recall_spec *r);

/* The cue functions: one row each, {name, keys, doc, the hook that compiles
 * a call into the recall's spec}. The cue type lists them from here. */
#define CUE_FUNCTIONS(X)                                                                \
    X(flip, flip_keys, "an episode with units flipped (+1 <-> -1, or 1 <-> 0)", cue_flip)   \
    X(mask, mask_keys, "an episode with units set to the midpoint (0, or 1/2)", cue_mask)   \
    X(random, random_keys, "a random state of the network's kind", cue_random)            \
    X(each, each_keys, "one cue per episode of a set, damaged alike", cue_each)

typedef struct cue_row {
    const eg_schema *fn;
    void (*compile)(eg_compile *c, const eg_value *cue, recall_spec *r);
} cue_row;

#define CUE_SCHEMA(name, keys, doc, hook) static const eg_schema name##_fn = EG_SCHEMA(#name, doc, keys);
#define CUE_CALL(name, keys, doc, hook) &name##_fn,
#define CUE_ROW(name, keys, doc, hook) {&name##_fn, hook},
CUE_FUNCTIONS(CUE_SCHEMA)
static const eg_schema *const cue_fns[] = {CUE_FUNCTIONS(CUE_CALL) NULL};
static const cue_row cue_rows[] = {CUE_FUNCTIONS(CUE_ROW){NULL, NULL}};
static const eg_type cue_call_type = {.kind = EG_TY_CALL, .calls = cue_fns};
static const eg_type *const cue_alts[] = {&episode_type, &cue_call_type, NULL};
static const eg_type cue_type = {.kind = EG_TY_ONEOF, .alts = cue_alts,
                                 .what = "a cue: an episode M[i], flip(...), mask(...), random(...) or each(M, ...)"};

static const eg_key hamming_keys[] = {{"target", &episode_type, 0, 0, NULL, "the episode to compare with"},
                                      EG_KEYS_END};
static const eg_key overlaps_keys[] = {{"memories", &memories_type, 0, 0, NULL, "the episodes to compare with"},
                                       EG_KEYS_END};
static const eg_key no_keys[] = {EG_KEYS_END};
static const eg_schema hamming_fn = EG_SCHEMA("hamming", "Hamming distance of the final state to the target", hamming_keys);
static const eg_schema overlaps_fn = EG_SCHEMA("overlaps", "overlaps m_μ with every stored episode", overlaps_keys);
static const eg_schema energy_fn = EG_SCHEMA("energy", "the energy after every step", no_keys);
static const eg_schema steps_fn = EG_SCHEMA("steps", "steps taken and whether the state converged", no_keys);
static const eg_schema state_fn = EG_SCHEMA("state", "the final state", no_keys);
static const eg_schema class_fn = EG_SCHEMA("class", "retrieved, reversed, mixture or spurious", no_keys);
static const eg_schema *const report_fns[] = {&hamming_fn, &overlaps_fn, &energy_fn, &steps_fn,
                                              &state_fn,   &class_fn,    NULL};
static const eg_type report_item_type = {.kind = EG_TY_CALL, .calls = report_fns};
static const eg_type report_type = {.kind = EG_TY_LIST, .elem = &report_item_type,
                                    .what = "a list of measures such as [hamming, overlaps, energy, steps]"};

static const char *const update_words[] = {"synchronous", "asynchronous", NULL};
static const eg_type update_type = {.kind = EG_TY_WORD, .words = update_words};
static const char *const order_words[] = {"random", "fixed", NULL};
static const eg_type order_type = {.kind = EG_TY_WORD, .words = order_words};
static const eg_type network_type = {.kind = EG_TY_REF, .ref_kind = "network", .ref_item = EG_REF_WHOLE};
static const eg_type steps_type = EG_TYPE_INTEGER_RANGE(1, 1e9, "a whole number >= 1");

static const eg_key recall_keys[] = {
    {"network", &network_type, 1, 0, NULL, "the network that recalls"},
    {"cue", &cue_type, 1, 0, NULL, "the starting state"},
    {"target", &episode_type, 0, 0, NULL, "the episode recall should reach (default: the cue's episode)"},
    {"update", &update_type, 0, 0, "synchronous", "synchronous or asynchronous updates"},
    {"order", &order_type, 0, 0, "random", "order of asynchronous updates: a fresh permutation per sweep, or fixed"},
    {"steps", &steps_type, 0, 100, NULL, "at most this many steps (sweeps when asynchronous)"},
    {"seed", &eg_type_index, 0, 0, NULL, "seed of the asynchronous update order"},
    {"trials", &eg_type_count, 0, 1, NULL, "recalls per cue, each with fresh damage and update order"},
    {"report", &report_type, 0, 0, NULL, "what the summary shows (default: everything)"},
    EG_KEYS_END,
};
static const eg_schema recall_schema = EG_SCHEMA("recall", "recall from a cue with discrete dynamics", recall_keys);

/* ---- Compiling ----------------------------------------------------------- */

struct recall_spec {
    eg_spec head;
    const eg_network_spec *net;
    size_t din, dout;        /* units of a cue and of a recalled state; 0 when known only once built */
    const eg_block *base;    /* the memories the cues come from (NULL: random states) */
    const eg_value *episode; /* the single cue's episode M[i], or each's memories, for messages */
    size_t first, ncues;     /* episodes first .. first + ncues − 1 of base; ncues 0: all of them */
    int each;
    damage_fn damage;        /* NULL: the episode as it is */
    double amount;           /* bits, fraction or p */
    int by_fraction;         /* amount is a fraction of the units, not a count */
    uint64_t seed;           /* of the damage, as written */
    const eg_value *target;  /* a single cue's target episode (NULL: none) */
    size_t trials;
    eg_update update;
    const char *update_word;
    size_t max_steps;
    uint64_t update_seed;
    unsigned report;         /* bit k: report_fns[k] is shown */
    eg_loc cue_loc;
};

/* The number of units a recall damages: bits as written, or a fraction of d. */
static eg_status damage_count(const recall_spec *r, size_t d, size_t *k, eg_error *err)
{
    if (r->by_fraction)
        return eg_cue_count(r->amount, d, k, err);
    *k = (size_t)r->amount;
    return EG_OK;
}

static eg_status damage_flip(const recall_spec *r, double *cue, size_t d, eg_cue_values v, uint64_t seed,
                             uint64_t index, eg_error *err)
{
    size_t k = 0;
    eg_status st = damage_count(r, d, &k, err);
    return st != EG_OK ? st : eg_cue_flip_units(cue, d, k, v, seed, index, cue, err);
}

static eg_status damage_mask(const recall_spec *r, double *cue, size_t d, eg_cue_values v, uint64_t seed,
                             uint64_t index, eg_error *err)
{
    size_t k = 0;
    eg_status st = damage_count(r, d, &k, err);
    return st != EG_OK ? st : eg_cue_mask_units(cue, d, k, v, seed, index, cue, err);
}

static eg_status damage_random(const recall_spec *r, double *cue, size_t d, eg_cue_values v, uint64_t seed,
                               uint64_t index, eg_error *err)
{
    return eg_cue_random_state(d, r->amount, v, seed, index, cue, err);
}

/* The episode a single cue starts from (M[i]): its index is checked against
 * the count, its size against the network's. */
static void cue_episode(eg_compile *c, const eg_value *ref, recall_spec *r)
{
    const eg_memories_spec *m = eg_compile_memories(c, ref);
    r->base = ref->ref;
    r->episode = ref;
    r->first = (size_t)ref->index;
    if (m && m->units > 0 && r->din > 0 && m->units != r->din)
        eg_compile_error(c, ref->loc, "the cue has %zu units but the network has %zu", m->units, r->din);
}

/* A number of bits to flip, at most the units of a cue. */
static void check_bits(eg_compile *c, const eg_value *bits, const recall_spec *r)
{
    if (bits && r->din > 0 && (size_t)bits->num > r->din)
        eg_compile_error(c, bits->loc, "cannot flip %zu bits of a %zu-unit episode", (size_t)bits->num, r->din);
}

static void cue_flip(eg_compile *c, const eg_value *cue, recall_spec *r)
{
    cue_episode(c, eg_value_arg(cue, "pattern"), r);
    const eg_value *bits = eg_value_arg(cue, "bits"), *fraction = eg_value_arg(cue, "fraction");
    if (!bits == !fraction)
        eg_compile_error(c, cue->loc, "flip needs exactly one of 'bits' and 'fraction'");
    check_bits(c, bits, r);
    r->damage = damage_flip;
    r->by_fraction = bits == NULL;
    r->amount = bits ? bits->num : fraction ? fraction->num : 0;
}

static void cue_mask(eg_compile *c, const eg_value *cue, recall_spec *r)
{
    cue_episode(c, eg_value_arg(cue, "pattern"), r);
    r->damage = damage_mask;
    r->by_fraction = 1;
    r->amount = eg_call_number(cue, "fraction");
}

static void cue_random(eg_compile *c, const eg_value *cue, recall_spec *r)
{
    (void)c;
    r->damage = damage_random;
    r->amount = eg_call_number(cue, "p");
}

static void cue_each(eg_compile *c, const eg_value *cue, recall_spec *r)
{
    const eg_value *mv = eg_value_arg(cue, "memories");
    const eg_memories_spec *m = eg_compile_memories(c, mv);
    r->base = mv->ref;
    r->episode = mv;
    r->each = 1;
    if (m && m->units > 0 && r->din > 0 && m->units != r->din)
        eg_compile_error(c, mv->loc, "memories '%s' holds episodes of %zu units but the network has %zu", mv->str,
                         m->units, r->din);
    const eg_value *cnt = eg_value_arg(cue, "count");
    r->ncues = cnt ? (size_t)cnt->num : 0;
    if (cnt && m && m->count > 0 && r->ncues > m->count)
        eg_compile_error(c, cnt->loc, "memories '%s' holds %zu episodes, not %zu", mv->str, m->count, r->ncues);
    const eg_value *flip = eg_value_arg(cue, "flip"), *bits = eg_value_arg(cue, "bits"),
                   *mask = eg_value_arg(cue, "mask");
    if ((flip != NULL) + (bits != NULL) + (mask != NULL) > 1)
        eg_compile_error(c, cue->loc, "each(...) takes at most one of 'flip', 'bits' and 'mask'");
    check_bits(c, bits, r);
    r->damage = flip || bits ? damage_flip : mask ? damage_mask : NULL;
    r->by_fraction = bits == NULL;
    r->amount = flip ? flip->num : bits ? bits->num : mask ? mask->num : 0;
}

/* An auto-associative UHN iterates q ← Aᵀ sep(sim(A, q)). With the identity
 * separation and a similarity that grows with q (dot: linearly; the negative
 * distances: for large q, too) the map is a power iteration, and |q| grows
 * by about the largest eigenvalue of AᵀA every step: the state runs off to
 * ±1e148 and then overflows instead of settling on an episode. Millidge et
 * al. (2022) iterate only with separations whose scores are bounded
 * (softmax, max); cosine similarity bounds them too. One pass, with
 * 'content', is a linear associator and is fine. */
static void check_iterable(eg_compile *c, const eg_discrete_spec *d, const eg_value *ref)
{
    const eg_uhn *u = &d->assoc.uhn;
    if (d->assoc.kind != EG_ASSOC_UHN || d->content || u->sep != EG_SEP_IDENTITY || u->sim == EG_SIM_COSINE)
        return;
    eg_compile_error(c, d->rule_loc,
                     "network '%s' iterates q <- A^T sim(A, q) with separation = identity, which diverges (a power "
                     "iteration: |q| grows by the largest eigenvalue of A^T A each step); use separation = softmax "
                     "or max, similarity = cosine, or one pass with 'content'",
                     ref->str);
}

/* The network of a recall: one that stores episodes, and has them. */
static const eg_network_spec *recall_network(eg_compile *c, const eg_block *block, recall_spec *r)
{
    const eg_value *ref = eg_block_value(block, "network");
    const eg_network_spec *net = eg_compile_network(c, ref);
    if (!net)
        return NULL;
    const eg_discrete_spec *d = eg_network_discrete(net);
    if (!d) {
        eg_compile_error(c, ref->loc, "network '%s' is a %s, not discrete recall", ref->str,
                         net->flavour == EG_FLAVOUR_RNN ? "recurrent network; run it with evaluate or train"
                                                        : "continuous-time network; run it with simulate");
        return NULL;
    }
    if (!net->store) {
        eg_compile_error(c, ref->loc, "network '%s' needs 'store' (the memories it holds) for recall", ref->str);
        return NULL;
    }
    r->din = net->units;
    r->dout = d->content ? d->content->units : r->din;
    check_iterable(c, d, ref);
    return net;
}

/* The report items asked for, one bit each (all when the key is unset). */
static unsigned report_flags(const eg_block *block)
{
    const eg_value *report = eg_block_value(block, "report");
    if (!report)
        return ~0u;
    unsigned flags = 0;
    for (size_t i = 0; i < report->n; i++)
        for (unsigned k = 0; report_fns[k]; k++)
            if (report->items[i]->schema == report_fns[k])
                flags |= 1u << k;
    return flags;
}

/* The bytes one recall's outcome takes while a block runs (defined with it below). */
static size_t recall_outcome_bytes(void);

static eg_spec *compile_recall(eg_compile *c, const eg_block *block)
{
    recall_spec *r = eg_compile_alloc(c, sizeof *r);
    if (!r)
        return NULL;
    r->net = recall_network(c, block, r);
    const eg_value *cue = eg_block_value(block, "cue");
    r->cue_loc = eg_block_loc(block, "cue");
    r->ncues = 1;
    r->seed = cue->kind == EG_VAL_CALL ? (uint64_t)eg_call_number(cue, "seed") : 0;
    if (cue->kind == EG_VAL_REF) {
        cue_episode(c, cue, r);
    } else {
        const cue_row *row = cue_rows;
        while (row->fn && row->fn != cue->schema)
            row++;
        if (row->fn)
            row->compile(c, cue, r);
    }
    const eg_value *target = eg_block_value(block, "target");
    if (target && r->each)
        eg_compile_error(c, target->loc, "with each(...) every cue's target is its own episode; leave 'target' out");
    if (!r->each) {
        r->target = target ? target : r->base ? r->episode : NULL;
        const eg_memories_spec *m = target ? eg_compile_memories(c, target) : NULL;
        if (m && m->units > 0 && r->dout > 0 && m->units != r->dout)
            eg_compile_error(c, target->loc, "the target has %zu units but the network recalls %zu", m->units, r->dout);
    }
    r->trials = (size_t)eg_block_number(block, "trials");
    r->update_word = eg_block_word(block, "update");
    r->update = strcmp(r->update_word, "synchronous") == 0                ? EG_UPDATE_SYNC
                : strcmp(eg_block_word(block, "order"), "fixed") == 0 ? EG_UPDATE_ASYNC_FIXED
                                                                      : EG_UPDATE_ASYNC_RANDOM;
    r->max_steps = (size_t)eg_block_number(block, "steps");
    r->update_seed = (uint64_t)eg_block_number(block, "seed");
    r->report = report_flags(block);
    /* One outcome a recall (each cue × trials), held until they are reported. */
    size_t n = (r->ncues ? r->ncues : 1) * (r->trials ? r->trials : 1);
    if (eg_block_value(block, "trials"))
        eg_compile_memory(c, eg_block_loc(block, "trials"), (double)n * (double)recall_outcome_bytes(),
                          "the outcomes of %zu recalls", n);
    return &r->head;
}

/* ---- Running --------------------------------------------------------------- */

/* Which cues a recall starts from, resolved before any thread runs. */
typedef struct cue_plan {
    const recall_spec *spec;
    const eg_assoc *assoc;
    const eg_episodes *base; /* the cues' episodes (NULL for random states) */
    size_t first, ncues;     /* episodes first .. first + ncues − 1 of base */
    int each;
    uint64_t seed;           /* of the damage, for this run */
    const double *target;    /* single cue: the target (NULL: none) */
    size_t trials;
    eg_assoc_recall_options opt;
} cue_plan;

typedef struct recall_outcome {
    long cue_hamming, hamming;
    size_t steps;
    eg_recall_outcome outcome;
    eg_classification cls;
    int classified;
    eg_recall_result *kept; /* the full result of a lone recall */
    int *signs;
    int failed;             /* one of many recalls failed numerically: message says why */
    char message[256];
} recall_outcome;

static size_t recall_outcome_bytes(void)
{
    return sizeof(recall_outcome);
}

typedef struct recall_jobs {
    const cue_plan *plan;
    recall_outcome *out;
    int keep;
} recall_jobs;

static eg_status make_cue(const cue_plan *p, size_t c, uint64_t index, double *cue, eg_error *err)
{
    size_t d = eg_assoc_units_in(p->assoc);
    if (p->base) {
        eg_status st = eg_episodes_row(p->base, p->first + c, cue, err);
        if (st != EG_OK)
            return st;
    }
    /* Damage is done in the value set of the network's units, so that a flip
     * toggles a {0, 1} unit and a random cue is a state of the network's kind. */
    eg_cue_values v = p->assoc->spec->states == EG_STATES_BINARY ? EG_CUE_BINARY : EG_CUE_BIPOLAR;
    return p->spec->damage ? p->spec->damage(p->spec, cue, d, v, p->seed, index, err) : EG_OK;
}

/* For {0,1} states the bipolar overlap ξ·σ/D says little; sparse-coding
 * theory (Tsodyks & Feigel'man 1988) measures the overlap of the deviations
 * from the mean activity a of the episodes. Divided by D a(1 − a), as there,
 * it exceeds 1 when episode μ or the state has more active units than a·D
 * (a recall that reaches its episode exactly read m = 1.09, one at Hamming 0
 * of a sparser episode 0.80, "spurious"). Divided by the norms of the two
 * deviations it is their cosine:
 * m_μ = Σ_i (ξ_μi − a)(σ_i − a) / √(Σ_i (ξ_μi − a)² Σ_i (σ_i − a)²),
 * in [−1, 1], 1 exactly for σ = ξ_μ, about 0 for an unrelated state, and
 * the same as Tsodyks & Feigel'man's when both have activity a. */
static void binary_overlaps(const eg_episodes *ep, const double *s, double *m)
{
    size_t n = ep->count, d = ep->units;
    double a = 0;
    for (size_t mu = 0; mu < n; mu++)
        for (size_t i = 0; i < d; i++)
            a += eg_episodes_get(ep, mu, i);
    a /= (double)n * (double)d;
    double sn = 0;
    for (size_t i = 0; i < d; i++)
        sn += (s[i] - a) * (s[i] - a);
    for (size_t mu = 0; mu < n; mu++) {
        double acc = 0, xn = 0;
        for (size_t i = 0; i < d; i++) {
            double x = eg_episodes_get(ep, mu, i) - a;
            acc += x * (s[i] - a);
            xn += x * x;
        }
        m[mu] = xn > 0 && sn > 0 ? acc / sqrt(xn * sn) : 0;
    }
}

static eg_status recall_job(size_t j, void *ctx, eg_error *err)
{
    const recall_jobs *jobs = ctx;
    const cue_plan *p = jobs->plan;
    size_t c = j / p->trials, t = j % p->trials;
    /* A lone cue keeps stream 0 for its first trial, as a single recall always has. */
    uint64_t index = p->each ? (uint64_t)j : (uint64_t)t;
    size_t din = eg_assoc_units_in(p->assoc), dout = eg_assoc_units_out(p->assoc);
    double *cue = malloc(din * sizeof *cue), *target = NULL;
    eg_status st = cue ? make_cue(p, c, index, cue, err)
                       : eg_error_set(err, EG_ENOMEM, "out of memory allocating a cue of %zu units", din);
    eg_assoc_recall_options opt = p->opt;
    opt.index = index;
    opt.target = p->target;
    if (st == EG_OK && p->each) {
        const eg_episodes *tset = p->assoc->content && p->base == p->assoc->stored ? p->assoc->content : p->base;
        if (!(target = malloc(dout * sizeof *target)))
            st = eg_error_set(err, EG_ENOMEM, "out of memory allocating a target of %zu units", dout);
        else
            st = eg_episodes_row(tset, p->first + c, target, err);
        opt.target = target;
    }
    eg_recall_result *r = NULL;
    recall_outcome *o = &jobs->out[j];
    if (st == EG_OK)
        st = eg_assoc_recall(p->assoc, cue, &opt, &r, err);
    /* One of many recalls that fails numerically (a diverging iteration) is
     * marked and the others go on: the finished ones are still worth reporting. */
    if (st == EG_ENUMERIC && !jobs->keep) {
        o->failed = 1;
        snprintf(o->message, sizeof o->message, "%.255s", err->msg);
        free(cue);
        free(target);
        return EG_OK;
    }
    if (st == EG_OK) {
        o->cue_hamming = opt.target && din == dout ? (long)eg_hamming(cue, opt.target, din) : -1;
        o->hamming = r->hamming;
        o->steps = r->steps;
        o->outcome = r->outcome;
        if (r->overlaps && p->assoc->spec->states == EG_STATES_BINARY)
            binary_overlaps(p->assoc->stored, r->state, r->overlaps);
        if (r->overlaps && r->overlaps_len) {
            o->signs = jobs->keep ? calloc(r->overlaps_len, sizeof *o->signs) : NULL;
            if (jobs->keep && !o->signs)
                st = eg_error_set(err, EG_ENOMEM, "out of memory");
            else if ((st = eg_classify_overlaps(r->overlaps, r->overlaps_len, NULL, &o->cls, o->signs, err)) == EG_OK)
                o->classified = 1;
        }
    }
    if (st == EG_OK && jobs->keep)
        o->kept = r;
    else
        eg_recall_result_free(r);
    free(cue);
    free(target);
    return st;
}

/* Whether the summary shows a report item. */
static int wants(const recall_spec *spec, const eg_schema *item)
{
    for (unsigned k = 0; report_fns[k]; k++)
        if (report_fns[k] == item)
            return (spec->report >> k) & 1u;
    return 0;
}

static const char *outcome_name(eg_recall_outcome o)
{
    switch (o) {
    case EG_RECALL_CONVERGED: return "converged";
    case EG_RECALL_CYCLE: return "cycle";
    case EG_RECALL_MAX_STEPS: return "max_steps";
    }
    return "unknown";
}

static const char *class_name(eg_state_class c)
{
    switch (c) {
    case EG_CLASS_RETRIEVED: return "retrieved";
    case EG_CLASS_REVERSED: return "reversed";
    case EG_CLASS_MIXTURE: return "mixture";
    case EG_CLASS_SPURIOUS: return "spurious";
    }
    return "unknown";
}

static eg_matrix *vector_matrix(const double *x, size_t n)
{
    eg_matrix *m = eg_matrix_alloc(n, 1);
    if (m && n)
        memcpy(m->data, x, n * sizeof *x);
    return m;
}

/* The classification of a lone recall: class, episode, and a mixture's parts. */
static size_t add_class(const recall_outcome *o, size_t n, eg_report *out, char *text, size_t len)
{
    eg_report_add_string(out, "class", class_name(o->cls.cls));
    size_t k = 0;
    if (o->cls.cls == EG_CLASS_RETRIEVED || o->cls.cls == EG_CLASS_REVERSED) {
        eg_report_add_integer(out, "class_episode", (long long)o->cls.episode);
        k += (size_t)snprintf(text, len, "; %s episode %zu", class_name(o->cls.cls), o->cls.episode);
    } else if (o->cls.cls == EG_CLASS_MIXTURE) {
        eg_report *mix = eg_report_add(out, "mixture", EG_REPORT_ARRAY);
        k += (size_t)snprintf(text, len, "; mixture of");
        for (size_t mu = 0; mu < n; mu++) {
            if (!o->signs[mu])
                continue;
            eg_report *part = eg_report_add(mix, NULL, EG_REPORT_OBJECT);
            eg_report_add_integer(part, "episode", (long long)mu);
            eg_report_add_integer(part, "sign", o->signs[mu]);
            if (k < len)
                k += (size_t)snprintf(text + k, len - k, " %c%zu", o->signs[mu] > 0 ? '+' : '-', mu);
        }
    } else {
        k += (size_t)snprintf(text, len, "; spurious");
    }
    return k;
}

static void add_single(const recall_spec *spec, const recall_outcome *o, eg_report *out)
{
    const eg_block *block = spec->head.block;
    const eg_recall_result *r = o->kept;
    char text[2048];
    size_t n = 0;
    n += (size_t)snprintf(text + n, sizeof text - n, "recall %s: ", block->name);
    if (r->hamming >= 0) {
        if (o->cue_hamming >= 0)
            eg_report_add_integer(out, "cue_hamming", o->cue_hamming);
        eg_report_add_integer(out, "hamming", r->hamming);
        if (o->cue_hamming >= 0)
            n += (size_t)snprintf(text + n, sizeof text - n, "Hamming distance %ld -> %ld, ", o->cue_hamming,
                                  r->hamming);
        else
            n += (size_t)snprintf(text + n, sizeof text - n, "Hamming distance %ld, ", r->hamming);
    }
    eg_report_add_integer(out, "steps", (long long)r->steps);
    eg_report_add_string(out, "outcome", outcome_name(r->outcome));
    eg_report_add_bool(out, "converged", r->outcome == EG_RECALL_CONVERGED);
    n += (size_t)snprintf(text + n, sizeof text - n, "%zu step%s, %s", r->steps, r->steps == 1 ? "" : "s",
                          outcome_name(r->outcome));
    if (r->energy && r->energy_len) {
        eg_report_add_number(out, "energy_initial", r->energy[0]);
        eg_report_add_number(out, "energy_final", r->energy[r->energy_len - 1]);
        if (wants(spec, &energy_fn))
            n += (size_t)snprintf(text + n, sizeof text - n, "; energy %.6g -> %.6g", r->energy[0],
                                  r->energy[r->energy_len - 1]);
        eg_report_add_matrix(out, "energy", vector_matrix(r->energy, r->energy_len));
        char title[300];
        snprintf(title, sizeof title, "recall %s: energy", block->name);
        eg_figure_series_add(eg_figure_add(out, "energy", title, "step", "E"), "energy", 0, EG_FIGURE_LINESPOINTS,
                             "energy");
    }
    if (r->overlaps) {
        eg_report_add_numbers(out, "overlaps", r->overlaps, r->overlaps_len);
        if (wants(spec, &overlaps_fn)) {
            size_t best = 0;
            for (size_t mu = 1; mu < r->overlaps_len; mu++)
                if (fabs(r->overlaps[mu]) > fabs(r->overlaps[best]))
                    best = mu;
            n += (size_t)snprintf(text + n, sizeof text - n, "; largest overlap m[%zu] = %.4f", best,
                                  r->overlaps[best]);
        }
    }
    if (o->classified && n < sizeof text) {
        size_t k = add_class(o, r->overlaps_len, out, text + n, sizeof text - n);
        if (!wants(spec, &class_fn))
            text[n] = '\0';
        else
            n += k;
    }
    eg_report_add_matrix(out, "state", vector_matrix(r->state, r->units));
    eg_report_add_string(out, "text", text);
}

/* A recall that failed numerically, as an entry of the result's "failures":
 * its cue (episode index), trial, status and message. */
static void add_failure(eg_report *out, eg_report **failures, const cue_plan *p, size_t j, const char *message)
{
    if (!*failures)
        *failures = eg_report_add(out, "failures", EG_REPORT_ARRAY);
    eg_report *f = eg_report_add(*failures, NULL, EG_REPORT_OBJECT);
    eg_report_add_integer(f, "cue", (long long)(p->first + j / p->trials));
    eg_report_add_integer(f, "trial", (long long)(j % p->trials));
    eg_report_add_string(f, "status", "failed");
    eg_report_add_string(f, "message", message);
}

/* Statistics over many recalls, and one row per recall in <block>.recalls.npy
 * (a failed recall's row: its cue and trial, −1 elsewhere). */
static void add_statistics(const eg_block *block, const cue_plan *p, const recall_outcome *o, size_t n,
                           eg_report *out)
{
    double h = 0, h2 = 0, s = 0, s2 = 0, ch = 0;
    size_t exact = 0, outcomes[3] = {0}, classes[4] = {0}, with_target = 0, with_cue = 0, failed = 0;
    eg_matrix *rows = eg_matrix_alloc(n, 7);
    eg_report *failures = NULL;
    for (size_t j = 0; j < n; j++) {
        if (o[j].failed) {
            failed++;
            add_failure(out, &failures, p, j, o[j].message);
            if (rows) {
                double *r = rows->data + 7 * j;
                r[0] = (double)(p->first + j / p->trials);
                r[1] = (double)(j % p->trials);
                r[2] = r[3] = r[4] = r[5] = r[6] = -1;
            }
            continue;
        }
        if (o[j].hamming >= 0) {
            with_target++;
            h += (double)o[j].hamming;
            h2 += (double)o[j].hamming * (double)o[j].hamming;
            if (o[j].cue_hamming >= 0) {
                ch += (double)o[j].cue_hamming;
                with_cue++;
            }
            exact += o[j].hamming == 0;
        }
        s += (double)o[j].steps;
        s2 += (double)o[j].steps * (double)o[j].steps;
        outcomes[o[j].outcome]++;
        if (o[j].classified)
            classes[o[j].cls.cls]++;
        if (rows) {
            double *r = rows->data + 7 * j;
            r[0] = (double)(p->first + j / p->trials);
            r[1] = (double)(j % p->trials);
            r[2] = (double)o[j].cue_hamming;
            r[3] = (double)o[j].hamming;
            r[4] = (double)o[j].steps;
            r[5] = (double)o[j].outcome;
            r[6] = o[j].classified ? (double)o[j].cls.cls : -1;
        }
    }
    size_t done = n - failed;
    double nn = (double)done, nt = (double)with_target;
    double hm = nt > 0 ? h / nt : NAN, hsd = nt > 1 ? sqrt(fmax(0, (h2 - h * h / nt) / (nt - 1))) : 0;
    double sm = done > 0 ? s / nn : NAN, ssd = done > 1 ? sqrt(fmax(0, (s2 - s * s / nn) / (nn - 1))) : 0;
    eg_report_add_integer(out, "recalls", (long long)n);
    eg_report_add_integer(out, "failed", (long long)failed);
    if (failed)
        eg_report_add_bool(out, "complete", 0);
    eg_report_add_integer(out, "cues", (long long)p->ncues);
    eg_report_add_integer(out, "trials", (long long)p->trials);
    if (with_target) {
        eg_report_add_number(out, "exact_fraction", (double)exact / nt);
        eg_report_add_number(out, "hamming_mean", hm);
        eg_report_add_number(out, "hamming_sd", hsd);
        if (with_cue)
            eg_report_add_number(out, "cue_hamming_mean", ch / (double)with_cue);
    }
    eg_report_add_number(out, "steps_mean", sm);
    eg_report_add_number(out, "steps_sd", ssd);
    eg_report *oc = eg_report_add(out, "outcomes", EG_REPORT_OBJECT);
    for (int k = 0; k < 3; k++)
        eg_report_add_integer(oc, outcome_name((eg_recall_outcome)k), (long long)outcomes[k]);
    eg_report *cc = eg_report_add(out, "classes", EG_REPORT_OBJECT);
    for (int k = 0; k < 4; k++)
        eg_report_add_integer(cc, class_name((eg_state_class)k), (long long)classes[k]);
    char title[300], text[1024];
    eg_report_add_table(out, "table", rows, "recalls");
    snprintf(title, sizeof title, "recall %s: final Hamming distance of each recall", block->name);
    eg_figure *fig = eg_figure_add(out, "hamming", title, "recall", "Hamming distance");
    eg_figure_series_add(fig, "table", 2, EG_FIGURE_POINTS, "cue");
    eg_figure_series_add(fig, "table", 3, EG_FIGURE_POINTS, "final");
    int len = snprintf(text, sizeof text, "recall %s: %zu recalls (%zu cue%s x %zu trial%s): ", block->name, n,
                       p->ncues, p->ncues == 1 ? "" : "s", p->trials, p->trials == 1 ? "" : "s");
    if (with_target)
        len += snprintf(text + len, sizeof text - (size_t)len, "exact %.1f%%, final Hamming %.3g +- %.3g, ",
                        100.0 * (double)exact / nt, hm, hsd);
    if (with_cue)
        len += snprintf(text + len, sizeof text - (size_t)len, "cue Hamming %.3g, ", ch / (double)with_cue);
    len += snprintf(text + len, sizeof text - (size_t)len,
                    "%.3g +- %.3g steps; %zu converged, %zu cycles, %zu unfinished; %zu retrieved, %zu reversed, "
                    "%zu mixtures, %zu spurious",
                    sm, ssd, outcomes[0], outcomes[1], outcomes[2], classes[0], classes[1], classes[2], classes[3]);
    if (failed && len > 0 && (size_t)len < sizeof text)
        snprintf(text + len, sizeof text - (size_t)len, "; %zu of %zu failed numerically (the statistics are of the "
                 "other %zu)", failed, n, done);
    eg_report_add_string(out, "text", text);
}

/* The cues of a compiled recall for this run. Sizes known at check were
 * checked there; those of loaded episodes are data, checked here. */
static eg_status plan_cues(eg_run *run, const recall_spec *spec, const eg_assoc *a, cue_plan *p, double **target_buf)
{
    size_t din = eg_assoc_units_in(a), dout = eg_assoc_units_out(a);
    eg_status st;
    p->spec = spec;
    p->assoc = a;
    p->trials = spec->trials;
    p->ncues = 1;
    p->each = spec->each;
    p->first = spec->first;
    p->seed = eg_run_seed(run, spec->seed);
    if (spec->base && (st = eg_build_episodes(run, spec->base, &p->base)) != EG_OK)
        return st;
    const eg_value *ep = spec->episode;
    if (p->base && p->base->units != din)
        return eg_run_fail(run, EG_EIO, ep->loc, "memories '%s' holds episodes of %zu units but the network has %zu",
                           ep->str, p->base->units, din);
    if (p->base && !p->each && p->first >= p->base->count)
        return eg_run_fail(run, EG_EIO, ep->loc, "index %ld is out of range: memories '%s' holds %zu episode%s",
                           ep->index, ep->str, p->base->count, p->base->count == 1 ? "" : "s");
    if (p->each) {
        p->ncues = spec->ncues ? spec->ncues : p->base->count;
        if (p->ncues > p->base->count)
            return eg_run_fail(run, EG_EIO, ep->loc, "memories '%s' holds %zu episodes, not %zu", ep->str,
                               p->base->count, p->ncues);
    }
    if (spec->damage == damage_flip && !spec->by_fraction && (size_t)spec->amount > din)
        return eg_run_fail(run, EG_EIO, spec->cue_loc, "cannot flip %zu bits of a %zu-unit episode",
                           (size_t)spec->amount, din);
    if (spec->target) {
        size_t units = 0;
        if ((st = eg_build_episode_row(run, spec->target, target_buf, &units)) != EG_OK)
            return st;
        if (units != dout)
            return eg_run_fail(run, EG_EIO, spec->target->loc, "the target has %zu units but the network recalls %zu",
                               units, dout);
        p->target = *target_buf;
    }
    return EG_OK;
}

/* The status of many recalls: EG_OK, or EG_ENUMERIC (exit status 3) when
 * some failed numerically; the result, marked incomplete, still holds the
 * statistics of the others and which ones failed. */
static eg_status first_failure(eg_run *run, const recall_spec *spec, const recall_outcome *out, size_t n)
{
    size_t failed = 0, first = n;
    for (size_t j = 0; j < n; j++)
        if (out[j].failed) {
            failed++;
            first = first < n ? first : j;
        }
    if (!failed)
        return EG_OK;
    return eg_run_fail(run, EG_ENUMERIC, spec->cue_loc,
                       "%zu of %zu recalls failed numerically (the first, recall %zu: %s); the others are reported",
                       failed, n, first, out[first].message);
}

static eg_status run_recall(eg_run *run, const eg_spec *sp, eg_report *result)
{
    const recall_spec *spec = EG_SPEC_OF(recall_spec, sp);
    const eg_assoc *a = NULL;
    eg_status st = eg_build_assoc(run, spec->net->head.block, &a);
    if (st != EG_OK)
        return st;
    cue_plan p = {0};
    double *target = NULL;
    if ((st = plan_cues(run, spec, a, &p, &target)) != EG_OK) {
        free(target);
        return st;
    }
    p.opt.update = spec->update;
    p.opt.max_steps = spec->max_steps;
    p.opt.seed = eg_run_seed(run, spec->update_seed);
    p.opt.overlaps = 1;
    size_t n = p.ncues * p.trials;
    p.opt.record_energy = n == 1;
    /* One recall has the threads to itself; several share them out a recall each. */
    p.opt.threads = n == 1 ? eg_run_threads(run) : 1;
    recall_outcome *out = calloc(n, sizeof *out);
    if (!out) {
        free(target);
        return eg_run_fail(run, EG_ENOMEM, sp->block->loc, "out of memory allocating the outcomes of %zu recalls", n);
    }
    recall_jobs jobs = {&p, out, n == 1};
    eg_error err;
    if ((st = eg_parallel_for(n, eg_run_threads(run), recall_job, &jobs, &err)) != EG_OK)
        st = eg_run_fail(run, st, spec->cue_loc, "%s", err.msg);
    if (st == EG_OK) {
        eg_report_add_string(result, "update", spec->update_word);
        if (n == 1)
            add_single(spec, &out[0], result);
        else
            add_statistics(sp->block, &p, out, n, result);
        st = first_failure(run, spec, out, n);
    }
    for (size_t j = 0; j < n; j++) {
        eg_recall_result_free(out[j].kept);
        free(out[j].signs);
    }
    free(out);
    free(target);
    return st;
}

const eg_kind eg_kind_recall = {.schema = &recall_schema, .compile = compile_recall, .run = run_recall};
