/* kind_recall.c: `recall` blocks: damage a stored episode, run the discrete
 * dynamics, and report how close the network came back. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engram/cue.h"
#include "run/figure.h"
#include "run/kinds.h"

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
    {"fraction", &eg_type_probability, 1, 0, NULL, "set this fraction of the units to 0"},
    {"seed", &eg_type_index, 0, 0, NULL, "which units are masked"},
    EG_KEYS_END,
};
static const eg_key random_keys[] = {
    {"p", &eg_type_probability, 0, 0.5, NULL, "probability of +1"},
    {"seed", &eg_type_index, 0, 0, NULL, "seed of the state"},
    EG_KEYS_END,
};
static const eg_schema flip_fn = EG_SCHEMA("flip", "an episode with units negated", flip_keys);
static const eg_schema mask_fn = EG_SCHEMA("mask", "an episode with units set to 0", mask_keys);
static const eg_schema random_fn = EG_SCHEMA("random", "a random bipolar state", random_keys);
static const eg_schema *const cue_fns[] = {&flip_fn, &mask_fn, &random_fn, NULL};
static const eg_type cue_call_type = {.kind = EG_TY_CALL, .calls = cue_fns};
static const eg_type *const cue_alts[] = {&episode_type, &cue_call_type, NULL};
static const eg_type cue_type = {.kind = EG_TY_ONEOF, .alts = cue_alts,
                                 .what = "a cue: an episode M[i], flip(...), mask(...) or random(...)"};

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
static const eg_schema *const report_fns[] = {&hamming_fn, &overlaps_fn, &energy_fn, &steps_fn, &state_fn, NULL};
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
    {"report", &report_type, 0, 0, NULL, "what the summary shows (default: everything)"},
    EG_KEYS_END,
};
static const eg_schema recall_schema = EG_SCHEMA("recall", "recall from a cue with discrete dynamics", recall_keys);

/* The cue's episode reference (M[i]) if it has one. */
static const eg_value *cue_episode(const eg_value *cue)
{
    if (cue->kind == EG_VAL_REF)
        return cue;
    return eg_value_arg(cue, "pattern");
}

/* Builds the starting state into a fresh array of d doubles. */
static eg_status make_cue(eg_run *run, const eg_value *cue, size_t d, double **out)
{
    const eg_value *episode = cue_episode(cue);
    double *state = NULL;
    size_t units = d;
    eg_status st;
    if (episode) {
        if ((st = eg_build_episode_row(run, episode, &state, &units)) != EG_OK)
            return st;
        if (units != d) {
            free(state);
            return eg_run_fail(run, EG_EINVAL, episode->loc, "the cue has %zu units but the network has %zu", units, d);
        }
    } else if (!(state = malloc(d * sizeof *state))) {
        return eg_run_fail(run, EG_ENOMEM, cue->loc, "out of memory");
    }
    eg_error err;
    uint64_t seed = cue->kind == EG_VAL_CALL ? (uint64_t)eg_call_number(cue, "seed") : 0;
    uint64_t stream = eg_run_stream(run);
    st = EG_OK;
    if (cue->kind == EG_VAL_CALL && strcmp(cue->str, "flip") == 0) {
        const eg_value *bits = eg_value_arg(cue, "bits"), *fraction = eg_value_arg(cue, "fraction");
        if (!bits == !fraction) {
            free(state);
            return eg_run_fail(run, EG_EINVAL, cue->loc, "flip needs exactly one of 'bits' and 'fraction'");
        }
        if (bits && (size_t)bits->num > d) {
            free(state);
            return eg_run_fail(run, EG_EINVAL, bits->loc, "cannot flip %zu bits of a %zu-unit episode",
                               (size_t)bits->num, d);
        }
        st = bits ? eg_cue_flip_bits(state, d, (size_t)bits->num, seed, stream, state, &err)
                  : eg_cue_flip_fraction(state, d, fraction->num, seed, stream, state, &err);
    } else if (cue->kind == EG_VAL_CALL && strcmp(cue->str, "mask") == 0) {
        st = eg_cue_mask_fraction(state, d, eg_call_number(cue, "fraction"), seed, stream, state, &err);
    } else if (cue->kind == EG_VAL_CALL && strcmp(cue->str, "random") == 0) {
        st = eg_cue_random_bipolar(d, eg_call_number(cue, "p"), seed, stream, state, &err);
    }
    if (st != EG_OK) {
        free(state);
        return eg_run_fail(run, st, cue->loc, "%s", err.msg);
    }
    *out = state;
    return EG_OK;
}

static int wants(const eg_block *block, const char *measure)
{
    const eg_value *report = eg_block_value(block, "report");
    if (!report)
        return 1;
    for (size_t i = 0; i < report->n; i++)
        if (strcmp(report->items[i]->str, measure) == 0)
            return 1;
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

static eg_matrix *vector_matrix(const double *x, size_t n)
{
    eg_matrix *m = eg_matrix_alloc(n, 1);
    if (m && n)
        memcpy(m->data, x, n * sizeof *x);
    return m;
}

static void add_results(const eg_block *block, const eg_recall_result *r, long cue_hamming, eg_report *out)
{
    char file[512], text[1024];
    size_t n = 0;
    n += (size_t)snprintf(text + n, sizeof text - n, "recall %s: ", block->name);
    if (r->hamming >= 0) {
        eg_report_add_integer(out, "cue_hamming", cue_hamming);
        eg_report_add_integer(out, "hamming", r->hamming);
        n += (size_t)snprintf(text + n, sizeof text - n, "Hamming distance %ld -> %ld, ", cue_hamming, r->hamming);
    }
    eg_report_add_integer(out, "steps", (long long)r->steps);
    eg_report_add_string(out, "outcome", outcome_name(r->outcome));
    eg_report_add_bool(out, "converged", r->outcome == EG_RECALL_CONVERGED);
    n += (size_t)snprintf(text + n, sizeof text - n, "%zu step%s, %s", r->steps, r->steps == 1 ? "" : "s",
                          outcome_name(r->outcome));
    if (r->energy && r->energy_len) {
        eg_report_add_number(out, "energy_initial", r->energy[0]);
        eg_report_add_number(out, "energy_final", r->energy[r->energy_len - 1]);
        if (wants(block, "energy")) {
            n += (size_t)snprintf(text + n, sizeof text - n, "; energy %.6g -> %.6g", r->energy[0],
                                  r->energy[r->energy_len - 1]);
        }
        snprintf(file, sizeof file, "%s.energy.npy", block->name);
        eg_report_add_matrix(out, "energy", vector_matrix(r->energy, r->energy_len), file);
        char name[300], title[300];
        snprintf(name, sizeof name, "%s.energy", block->name);
        snprintf(title, sizeof title, "recall %s: energy", block->name);
        eg_figure_series(eg_figure_add(out, name, title, "step", "E = -1/2 s^T W s"), file, "0:1", "linespoints",
                         "energy");
    }
    if (r->overlaps) {
        eg_report_add_numbers(out, "overlaps", r->overlaps, r->overlaps_len);
        if (wants(block, "overlaps")) {
            size_t best = 0;
            for (size_t mu = 1; mu < r->overlaps_len; mu++)
                if (fabs(r->overlaps[mu]) > fabs(r->overlaps[best]))
                    best = mu;
            snprintf(text + n, sizeof text - n, "; largest overlap m[%zu] = %.4f", best, r->overlaps[best]);
        }
    }
    snprintf(file, sizeof file, "%s.state.npy", block->name);
    eg_report_add_matrix(out, "state", vector_matrix(r->state, r->units), file);
    eg_report_add_string(out, "text", text);
}

static eg_status run_recall(eg_run *run, const eg_block *block, eg_report *result)
{
    const eg_hopfield *net = NULL;
    const eg_episodes *stored = NULL;
    eg_status st = eg_build_hopfield(run, eg_block_value(block, "network")->ref, &net, &stored);
    if (st != EG_OK)
        return st;
    size_t d = eg_hopfield_units(net);
    const eg_value *cue = eg_block_value(block, "cue");
    double *state = NULL, *target = NULL;
    size_t units = d;
    if ((st = make_cue(run, cue, d, &state)) != EG_OK)
        return st;
    const eg_value *target_ref = eg_block_value(block, "target");
    if (!target_ref)
        target_ref = cue_episode(cue);
    if (target_ref && (st = eg_build_episode_row(run, target_ref, &target, &units)) == EG_OK && units != d)
        st = eg_run_fail(run, EG_EINVAL, target_ref->loc, "the target has %zu units but the network has %zu", units, d);
    eg_recall_options opt = eg_recall_options_default();
    const char *update = eg_block_word(block, "update");
    opt.update = strcmp(update, "synchronous") == 0         ? EG_UPDATE_SYNC
                 : strcmp(eg_block_word(block, "order"), "fixed") == 0 ? EG_UPDATE_ASYNC_FIXED
                                                                      : EG_UPDATE_ASYNC_RANDOM;
    opt.max_steps = (size_t)eg_block_number(block, "steps");
    opt.seed = (uint64_t)eg_block_number(block, "seed");
    opt.index = eg_run_stream(run);
    opt.target = target;
    opt.episodes = stored;
    eg_recall_result *r = NULL;
    eg_error err;
    if (st == EG_OK && (st = eg_hopfield_recall(net, state, &opt, &r, &err)) != EG_OK)
        st = eg_run_fail(run, st, block->loc, "%s", err.msg);
    if (st == EG_OK) {
        eg_report_add_string(result, "update", update);
        add_results(block, r, target ? (long)eg_hamming(state, target, d) : -1, result);
    }
    eg_recall_result_free(r);
    free(state);
    free(target);
    return st;
}

const eg_kind eg_kind_recall = {&recall_schema, run_recall};
