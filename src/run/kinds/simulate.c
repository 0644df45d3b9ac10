/* kind_simulate.c: `simulate` blocks: integrate a continuous-time network
 * (rate network or sequence memory) with a GSL stepper, with inputs and cues,
 * and record states, overlaps, the Hopfield energy and the inputs. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engram/cue.h"
#include "engram/energy.h"
#include "engram/integrate.h"
#include "engram/numerics.h"
#include "run/figure.h"
#include "run/inputs.h"
#include "run/kinds.h"

static const eg_type episode_type = {.kind = EG_TY_REF, .ref_kind = "memories", .ref_item = EG_REF_ITEM,
                                     .what = "a stored episode such as M[0]"};
static const eg_type memories_type = {.kind = EG_TY_REF, .ref_kind = "memories", .ref_item = EG_REF_WHOLE};
static const eg_type *const pattern_alts[] = {&episode_type, &eg_type_vector, NULL};
static const eg_type pattern_type = {.kind = EG_TY_ONEOF, .alts = pattern_alts,
                                     .what = "a stored episode M[i] or a list of numbers"};

/* Cues: a damaged episode as the starting state, or a pattern held / pulled towards. */
static const eg_key mask_keys[] = {
    {"pattern", &episode_type, 1, 0, NULL, "the episode to damage"},
    {"fraction", &eg_type_probability, 1, 0, NULL, "set this fraction of the units to 0"},
    {"seed", &eg_type_index, 0, 0, NULL, "which units are masked"},
    EG_KEYS_END,
};
static const eg_key flip_keys[] = {
    {"pattern", &episode_type, 1, 0, NULL, "the episode to damage"},
    {"fraction", &eg_type_probability, 1, 0, NULL, "negate this fraction of the units"},
    {"seed", &eg_type_index, 0, 0, NULL, "which units are negated"},
    EG_KEYS_END,
};
static const eg_key clamp_keys[] = {
    {"pattern", &pattern_type, 1, 0, NULL, "the state held during the window"},
    {"from", &eg_type_number, 0, 0, NULL, "start of the window"},
    {"to", &eg_type_number, 0, HUGE_VAL, NULL, "end of the window (default: never)"},
    EG_KEYS_END,
};
static const eg_key drive_keys[] = {
    {"pattern", &pattern_type, 1, 0, NULL, "the state the network is pulled towards"},
    {"gain", &eg_type_positive, 0, 1, NULL, "gain · (pattern − x) is added to dx/dt"},
    {"from", &eg_type_number, 0, 0, NULL, "start of the window"},
    {"to", &eg_type_number, 0, HUGE_VAL, NULL, "end of the window (default: never)"},
    EG_KEYS_END,
};
static const eg_schema mask_fn = EG_SCHEMA("mask", "start from an episode with a fraction of units set to 0", mask_keys);
static const eg_schema flip_fn = EG_SCHEMA("flip", "start from an episode with a fraction of units negated", flip_keys);
static const eg_schema clamp_fn = EG_SCHEMA("clamp", "hold the state at a pattern during a window", clamp_keys);
static const eg_schema drive_fn = EG_SCHEMA("drive", "pull the state towards a pattern during a window", drive_keys);
static const eg_schema *const cue_fns[] = {&mask_fn, &flip_fn, &clamp_fn, &drive_fn, NULL};
static const eg_type cue_call_type = {.kind = EG_TY_CALL, .calls = cue_fns,
                                      .what = "a cue: mask, flip, clamp or drive"};
static const eg_type cue_list_type = {.kind = EG_TY_LIST, .elem = &cue_call_type};
static const eg_type *const cue_alts[] = {&cue_call_type, &cue_list_type, NULL};
static const eg_type cue_type = {.kind = EG_TY_ONEOF, .alts = cue_alts,
                                 .what = "a cue such as mask(X[4], fraction = 0.25) or a list of cues"};

/* What is recorded, and how often. */
static const eg_key every_keys[] = {{"dt", &eg_type_positive, 1, 0, NULL, "recording interval"}, EG_KEYS_END};
static const eg_key overlaps_keys[] = {
    {"memories", &memories_type, 0, 0, NULL, "the episodes (default: the network's own)"},
    EG_KEYS_END,
};
static const eg_key no_keys[] = {EG_KEYS_END};
static const eg_schema every_fn = EG_SCHEMA("every", "record the state every dt (default 0.01)", every_keys);
static const eg_schema states_fn = EG_SCHEMA("states", "the states (always recorded)", no_keys);
static const eg_schema overlaps_fn = EG_SCHEMA("overlaps", "overlaps with stored episodes", overlaps_keys);
static const eg_schema energy_fn = EG_SCHEMA("energy", "the continuous Hopfield energy (symmetric W)", no_keys);
static const eg_schema input_fn = EG_SCHEMA("input", "the external input I(t)", no_keys);
static const eg_schema *const record_fns[] = {&every_fn, &states_fn, &overlaps_fn, &energy_fn, &input_fn, NULL};
static const eg_type record_call_type = {.kind = EG_TY_CALL, .calls = record_fns};
static const eg_type record_list_type = {.kind = EG_TY_LIST, .elem = &record_call_type};
static const eg_type *const record_alts[] = {&record_call_type, &record_list_type, NULL};
static const eg_type record_type = {.kind = EG_TY_ONEOF, .alts = record_alts,
                                    .what = "what to record: every(dt), states, overlaps(M), energy, input, or a list"};

static const eg_type *const init_alts[] = {&episode_type, &eg_type_vector, NULL};
static const eg_type init_type = {.kind = EG_TY_ONEOF, .alts = init_alts,
                                  .what = "a starting state: a list of numbers, one number, or an episode M[i]"};

static const eg_key converge_keys[] = {
    {"tol", &eg_type_positive, 0, 1e-8, NULL, "stop when every |dx/dt| is below this"},
    EG_KEYS_END,
};
static const eg_schema converge_fn = EG_SCHEMA("converge", "stop at a fixed point", converge_keys);
static const eg_schema *const stop_fns[] = {&converge_fn, NULL};
static const eg_type stop_type = {.kind = EG_TY_CALL, .calls = stop_fns, .what = "converge(tol = ...)"};

/* The steppers' names, from the stepper table (integrate.h). */
#define METHOD_WORD(name, impl, own_fixed, doc) #name,
static const char *const method_words[] = {EG_STEPPERS(METHOD_WORD) NULL};
#undef METHOD_WORD
static const eg_type method_type = {.kind = EG_TY_WORD, .words = method_words};
static const eg_type network_type = {.kind = EG_TY_REF, .ref_kind = "network", .ref_item = EG_REF_WHOLE};

static const eg_key simulate_keys[] = {
    {"network", &network_type, 1, 0, NULL, "the network (state = rate, or a sequence memory)"},
    {"time", &eg_type_range, 1, 0, NULL, "the time span t0 .. t1 (t0 .. t1 step dt: record every dt)"},
    {"method", &method_type, 0, 0, "rk8pd",
     "stepper: GSL odeiv2's, or engram's dopri5 (scipy's RK45); implicit ones get the analytic Jacobian"},
    {"rtol", &eg_type_positive, 0, 1e-8, NULL, "relative error per step"},
    {"atol", &eg_type_positive, 0, 1e-10, NULL, "absolute error per step"},
    {"step", &eg_type_nonnegative, 0, 0, NULL, "fixed step size, without error control (0: adaptive steps)"},
    {"record", &record_type, 0, 0, NULL, "what is recorded and how often (default: states every 0.01)"},
    {"input", &eg_type_dyn_input, 0, 0, NULL, "external input I(t): a term or a list of terms, summed"},
    {"cue", &cue_type, 0, 0, NULL, "a damaged episode to start from, or a pattern clamped or driven"},
    {"init", &init_type, 0, 0, NULL, "the starting state (default 0)"},
    {"noise", &eg_type_vector, 0, 0, NULL, "σ of additive white noise (needs 'step'): one number or one per unit"},
    {"seed", &eg_type_index, 0, 0, NULL, "seed of the noise"},
    {"stop", &stop_type, 0, 0, NULL, "stop early at a fixed point"},
    {"bound", &eg_type_positive, 0, 1e6, NULL, "a |state| above this is divergence"},
    EG_KEYS_END,
};
static const eg_schema simulate_schema =
    EG_SCHEMA("simulate", "integrate a continuous-time network over time", simulate_keys);

/* ---- Compiling ----------------------------------------------------------- */

/* A cue as compiled: a starting state (mask, flip) or a pattern acting during
 * a window (clamp, drive). */
typedef enum cue_kind { CUE_MASK, CUE_FLIP, CUE_CLAMP, CUE_DRIVE } cue_kind;
static const char *const cue_names[] = {"mask", "flip", "clamp", "drive"};

typedef struct cue_spec {
    cue_kind kind;
    const eg_value *pattern; /* M[i] or a list of numbers */
    double fraction;         /* mask, flip */
    uint64_t seed;
    double from, to, gain;   /* clamp, drive */
    eg_loc loc;
} cue_spec;

/* What is recorded besides the states. */
typedef struct record_spec {
    int overlaps;             /* overlaps with episodes (a sequence memory: always) */
    const eg_value *memories; /* overlaps(M): those episodes; NULL: the network's own */
    eg_loc overlaps_loc;
    int energy, input;
    eg_loc energy_loc;
} record_spec;

typedef struct simulate_spec {
    eg_spec head;
    const eg_network_spec *net;
    eg_integrate_opts opts;   /* everything but the noise's stream and the σ */
    const char *method_name;  /* as reported */
    const eg_value *noise;    /* σ: one number or one per state entry, or NULL */
    const eg_inputs_spec *inputs;
    const eg_value *init;
    cue_spec *cues;
    size_t ncues;
    record_spec record;
} simulate_spec;

/* The record items as a list (a single call counts as a list of one). */
static size_t record_count(const eg_value *r)
{
    return !r ? 0 : r->kind == EG_VAL_LIST ? r->n : 1;
}

static const eg_value *record_item(const eg_value *r, size_t i)
{
    return r->kind == EG_VAL_LIST ? r->items[i] : r;
}

/* The network: one with continuous-time dynamics. */
static const eg_network_spec *compile_net(eg_compile *c, const eg_block *block)
{
    return eg_compile_continuous_network(c, eg_block_value(block, "network"), "simulate integrates a continuous-time network");
}

/* A pattern (M[i] or a list) against the network's pattern units, when known. */
static void compile_pattern(eg_compile *c, const eg_value *v, size_t units, size_t dim, const char *what)
{
    if (v->kind == EG_VAL_REF) {
        const eg_memories_spec *m = eg_compile_memories(c, v);
        if (m && m->units > 0 && units > 0 && m->units != units)
            eg_compile_error(c, v->loc, "episode %s[%ld] has %zu units but the network has %zu", v->str, v->index,
                             m->units, units);
        return;
    }
    size_t n = v->kind == EG_VAL_LIST ? v->n : 1;
    if (v->kind == EG_VAL_LIST && units > 0 && n != units && !(dim > 0 && n == dim))
        eg_compile_error(c, v->loc, "%s has %zu entries but the network has %zu unit%s", what, n, units,
                         units == 1 ? "" : "s");
}

/* The cues: at most one starting state (with init), patterns of the network's size. */
static void compile_cues(eg_compile *c, const eg_block *block, simulate_spec *s, size_t units)
{
    const eg_value *cue = eg_block_value(block, "cue");
    int started = eg_block_value(block, "init") != NULL;
    s->ncues = record_count(cue);
    if (!s->ncues)
        return;
    if (!(s->cues = eg_compile_alloc(c, s->ncues * sizeof *s->cues)))
        return;
    for (size_t i = 0; i < s->ncues; i++) {
        const eg_value *call = record_item(cue, i);
        cue_spec *q = &s->cues[i];
        for (size_t k = 0; k < sizeof cue_names / sizeof cue_names[0]; k++)
            if (strcmp(call->str, cue_names[k]) == 0)
                q->kind = (cue_kind)k;
        q->loc = call->loc;
        q->pattern = eg_value_arg(call, "pattern");
        if (q->kind == CUE_MASK || q->kind == CUE_FLIP) {
            if (started)
                eg_compile_error(c, call->loc, "the starting state is already given; one mask, flip or init");
            started = 1;
            q->fraction = eg_call_number(call, "fraction");
            q->seed = (uint64_t)eg_call_number(call, "seed");
            compile_pattern(c, q->pattern, units, 0, "the pattern");
        } else {
            q->from = eg_call_number(call, "from");
            q->to = eg_call_number(call, "to");
            q->gain = q->kind == CUE_DRIVE ? eg_call_number(call, "gain") : 1.0;
            compile_pattern(c, q->pattern, units, 0, "the pattern");
        }
    }
}

/* What is recorded and how often; energy needs a rate network, overlaps
 * episodes to compare with. */
static void compile_record(eg_compile *c, const eg_block *block, simulate_spec *s, size_t units, int sequence)
{
    const eg_value *r = eg_block_value(block, "record");
    for (size_t i = 0; i < record_count(r); i++) {
        const eg_value *item = record_item(r, i);
        if (strcmp(item->str, "every") == 0) {
            s->opts.dt_record = eg_call_number(item, "dt");
            const eg_value *time = eg_block_value(block, "time");
            if (time->n == 3)
                eg_compile_error(c, time->loc,
                                 "the recording interval is given twice: by 'step' in the time span and by every(...)");
        } else if (strcmp(item->str, "overlaps") == 0) {
            s->record.overlaps = 1;
            s->record.overlaps_loc = item->loc;
            s->record.memories = eg_value_arg(item, "memories");
            if (s->record.memories) {
                const eg_memories_spec *m = eg_compile_memories(c, s->record.memories);
                if (m && m->units > 0 && units > 0 && m->units != units)
                    eg_compile_error(c, item->loc, "memories '%s' hold episodes of %zu units but the network has %zu",
                                     s->record.memories->str, m->units, units);
            } else if (!sequence && s->net && !eg_network_rate_stores(s->net)) {
                eg_compile_error(c, item->loc, "the network stores no episodes: name them, as in overlaps(M)");
            }
        } else if (strcmp(item->str, "energy") == 0) {
            s->record.energy = 1;
            s->record.energy_loc = item->loc;
            char why[256];
            if (s->net && eg_network_rate_energy_problem(s->net, why, sizeof why))
                eg_compile_error(c, item->loc, "%s", why);
        } else if (strcmp(item->str, "input") == 0) {
            s->record.input = 1;
        }
    }
}

/* The time span, steps and tolerances. */
static void compile_time(eg_compile *c, const eg_block *block, simulate_spec *s)
{
    const eg_value *time = eg_block_value(block, "time");
    eg_integrate_opts *o = &s->opts;
    *o = eg_integrate_opts_default();
    o->method = eg_block_word(block, "method");
    o->t0 = time->items[0]->num;
    o->t1 = time->items[1]->num;
    if (!(o->t1 > o->t0))
        eg_compile_error(c, time->loc, "the time span must run forward, got %g .. %g", o->t0, o->t1);
    o->rtol = eg_block_number(block, "rtol");
    o->atol = eg_block_number(block, "atol");
    o->fixed_step = eg_block_number(block, "step");
    o->diverge_bound = eg_block_number(block, "bound");
    if (time->n == 3) {
        /* time = t0 .. t1 step dt records every dt. */
        if (!(time->items[2]->num > 0))
            eg_compile_error(c, time->loc, "the step of the time span must be positive, got %g", time->items[2]->num);
        o->dt_record = time->items[2]->num;
    }
    const eg_value *stop = eg_block_value(block, "stop");
    if (stop)
        o->converge_tol = eg_call_number(stop, "tol");
    s->method_name = o->method;
}

/* Noise: integrated with fixed steps, one σ or one per state entry. */
static void compile_noise(eg_compile *c, const eg_block *block, simulate_spec *s, size_t dim)
{
    const eg_value *noise = eg_block_value(block, "noise");
    s->noise = noise;
    if (!noise)
        return;
    s->method_name = "euler-maruyama";
    s->opts.seed = (uint64_t)eg_block_number(block, "seed");
    if (!(s->opts.fixed_step > 0))
        eg_compile_error(c, noise->loc, "noise is integrated with fixed steps: give 'step'");
    const eg_value *method = eg_block_value(block, "method");
    if (method && eg_integrate_method_own(s->opts.method))
        eg_compile_error(c, method->loc,
                         "method = %s is a deterministic stepper, and noise is integrated by Euler–Maruyama: "
                         "drop the method or the noise",
                         s->opts.method);
    if (noise->kind == EG_VAL_LIST && dim > 0 && noise->n != dim)
        eg_compile_error(c, noise->loc, "the noise has %zu entries but the network has %zu unit%s", noise->n, dim,
                         dim == 1 ? "" : "s");
}

/* The recorded trajectory: one row a recording time (the grid t0 + k·dt and
 * t1) of the state, plus the input when recorded, against the memory limit,
 * at the time span that sets how many rows. */
static void compile_record_memory(eg_compile *c, const eg_block *block, const simulate_spec *s, size_t units,
                                  size_t dim)
{
    const eg_integrate_opts *o = &s->opts;
    if (dim == 0 || !(o->t1 > o->t0) || !(o->dt_record > 0))
        return;
    double rows = floor((o->t1 - o->t0) / o->dt_record * (1.0 + 1e-12)) + 2;
    double cols = (double)dim + 1 + (s->record.input ? (double)units : 0) + (s->record.energy ? 1 : 0);
    eg_compile_memory(c, eg_block_loc(block, "time"), rows * cols * sizeof(double),
                      "recording %.0f states of %zu entries (every %g from %g to %g)", rows, dim, o->dt_record, o->t0,
                      o->t1);
}

static eg_spec *compile_simulate(eg_compile *c, const eg_block *block)
{
    simulate_spec *s = eg_compile_alloc(c, sizeof *s);
    if (!s)
        return NULL;
    s->net = compile_net(c, block);
    size_t units = s->net ? s->net->units : 0, dim = s->net ? eg_network_rate_dim(s->net) : 0;
    int sequence = s->net && eg_network_rate_is_sequence(s->net);
    compile_time(c, block, s);
    compile_noise(c, block, s, dim);
    const eg_value *input = eg_block_value(block, "input");
    if (input && sequence)
        eg_compile_error(c, input->loc,
                         "external inputs act on rate networks; a sequence memory takes a cue (mask, flip, clamp, "
                         "drive) or init");
    else
        s->inputs = eg_inputs_compile(c, input, units);
    if ((s->init = eg_block_value(block, "init")))
        compile_pattern(c, s->init, units, sequence ? dim : 0, "the starting state");
    compile_cues(c, block, s, units);
    compile_record(c, block, s, units, sequence);
    if (sequence)
        s->record.overlaps = 1; /* a sequence memory always reports its overlaps with its own memories */
    if (sequence && !s->record.memories)
        s->record.overlaps_loc = block->loc;
    compile_record_memory(c, block, s, units, dim);
    return &s->head;
}

/* ---- Running ------------------------------------------------------------- */

/* Everything one simulation holds, freed by sim_free. */
typedef struct sim {
    const simulate_spec *spec;
    eg_dyn_network *net;
    size_t units, dim;         /* pattern units; state dimension */
    eg_input_set *inputs;
    double *x0;
    eg_trajectory *tr;
} sim;

static void sim_free(sim *s)
{
    if (s->net && s->net->rate)
        s->net->rate->input = NULL;
    eg_input_set_free(s->inputs);
    free(s->x0);
    eg_trajectory_free(s->tr);
}

/* A pattern value (M[i] or a list) as `units` numbers scaled as the network's
 * memories. Sizes were checked at compile unless known only once built. */
static eg_status pattern_of(eg_run *run, const sim *s, const eg_value *v, double **out)
{
    if (v->kind == EG_VAL_REF) {
        size_t units = 0;
        double *row = NULL;
        eg_status st = eg_build_episode_row(run, v, &row, &units);
        if (st != EG_OK)
            return st;
        if (units != s->units) {
            free(row);
            return eg_run_fail(run, EG_EIO, v->loc, "episode %s[%ld] has %zu units but the network has %zu",
                               v->str, v->index, units, s->units);
        }
        for (size_t i = 0; i < units; i++)
            row[i] *= s->net->pattern_scale;
        *out = row;
        return EG_OK;
    }
    return eg_build_unit_vector(run, v, s->units, "the pattern", out);
}

/* A pattern over the whole state: the feature part of a sequence memory given,
 * the rest NaN (free). */
static eg_status full_pattern(const sim *s, double *p, double **out)
{
    if (s->dim == s->units) {
        *out = p;
        return EG_OK;
    }
    double *full = malloc(s->dim * sizeof *full);
    if (!full) {
        free(p);
        return EG_ENOMEM;
    }
    for (size_t i = 0; i < s->dim; i++)
        full[i] = i < s->units ? p[i] : NAN;
    free(p);
    *out = full;
    return EG_OK;
}

/* mask/flip: the starting state; clamp/drive: cues on the dynamics. */
static eg_status add_cue(eg_run *run, sim *s, const cue_spec *q)
{
    double *p = NULL;
    eg_status st;
    if (q->kind == CUE_MASK || q->kind == CUE_FLIP) {
        size_t units = 0;
        if ((st = eg_build_episode_row(run, q->pattern, &p, &units)) != EG_OK)
            return st;
        if (units != s->units) {
            free(p);
            return eg_run_fail(run, EG_EIO, q->pattern->loc, "episode %s[%ld] has %zu units but the network has %zu",
                               q->pattern->str, q->pattern->index, units, s->units);
        }
        eg_error err;
        st = q->kind == CUE_MASK ? eg_cue_mask_fraction(p, units, q->fraction, q->seed, eg_run_stream(run), p, &err)
                                 : eg_cue_flip_fraction(p, units, q->fraction, q->seed, eg_run_stream(run), p, &err);
        if (st != EG_OK) {
            free(p);
            return eg_run_fail(run, st, q->loc, "%s", err.msg);
        }
        for (size_t i = 0; i < units; i++)
            s->x0[i] = p[i] * s->net->pattern_scale;
        free(p);
        return EG_OK;
    }
    if ((st = pattern_of(run, s, q->pattern, &p)) != EG_OK)
        return st;
    if ((st = full_pattern(s, p, &p)) != EG_OK)
        return eg_run_fail(run, st, q->loc, "out of memory");
    eg_cue cue = {.mode = q->kind == CUE_CLAMP ? EG_CUE_CLAMP : EG_CUE_DRIVE,
                  .pattern = p,
                  .t0 = q->from,
                  .t1 = q->to,
                  .gain = q->gain};
    eg_error err;
    if ((st = eg_input_add_cue(s->inputs, &cue, &err)) != EG_OK)
        st = eg_run_fail(run, st, q->loc, "%s", err.msg);
    free(p);
    return st;
}

static eg_status set_init(eg_run *run, sim *s, const eg_value *init)
{
    double *p = NULL;
    eg_status st;
    if (init->kind == EG_VAL_LIST && init->n == s->dim && s->dim != s->units) {
        for (size_t i = 0; i < s->dim; i++)
            s->x0[i] = init->items[i]->num;
        return EG_OK;
    }
    if ((st = pattern_of(run, s, init, &p)) != EG_OK)
        return st;
    memcpy(s->x0, p, s->units * sizeof *p);
    free(p);
    return EG_OK;
}

/* The inputs, cues and starting state of the block. */
static eg_status prepare(eg_run *run, const simulate_spec *spec, sim *s)
{
    if (!(s->inputs = eg_input_set_alloc(s->dim)) || !(s->x0 = calloc(s->dim, sizeof *s->x0)))
        return eg_run_fail(run, EG_ENOMEM, spec->head.block->loc, "out of memory allocating the inputs and the starting state of %zu entries", s->dim);
    eg_status st;
    if ((st = eg_inputs_build(run, spec->inputs, s->inputs, s->units)) != EG_OK)
        return st;
    if (spec->init && (st = set_init(run, s, spec->init)) != EG_OK)
        return st;
    for (size_t i = 0; i < spec->ncues; i++)
        if ((st = add_cue(run, s, &spec->cues[i])) != EG_OK)
            return st;
    return EG_OK;
}

/* GSEMM has no input term of its own: its cues (clamp, drive) are applied around its right-hand side. */
typedef struct cued_system {
    eg_dyn_system inner;
    const eg_input_set *inputs;
} cued_system;

static int cued_rhs(double t, const double *x, double *f, void *params)
{
    cued_system *c = params;
    int rc = c->inner.rhs(t, x, f, c->inner.params);
    if (rc == 0)
        eg_input_cue_rhs(c->inputs, t, x, f);
    return rc;
}

static int cued_jac(double t, const double *x, double *J, double *dfdt, void *params)
{
    cued_system *c = params;
    int rc = c->inner.jac(t, x, J, dfdt, c->inner.params);
    if (rc == 0) {
        eg_input_cue_jacobian(c->inputs, t, J);
        if (dfdt)
            eg_input_cue_dfdt(c->inputs, t, dfdt);
    }
    return rc;
}

static const char *stop_name(eg_stop_reason r)
{
    switch (r) {
    case EG_STOP_END: return "end";
    case EG_STOP_CONVERGED: return "converged";
    case EG_STOP_DIVERGED: return "diverged";
    case EG_STOP_FAILED: return "failed";
    }
    return "unknown";
}

/* The memory with the largest overlap at each record, collapsed into visits. */
static void add_visits(const eg_matrix *ov, const eg_trajectory *tr, eg_report *result, char *text, size_t len)
{
    eg_report *visits = eg_report_add(result, "visits", EG_REPORT_ARRAY);
    size_t n = 0, cur = 0;
    double start = 0, sum = 0;
    size_t complete = 0;
    char order[256] = "";
    size_t olen = 0;
    for (size_t r = 0; r <= ov->rows; r++) {
        size_t best = 0;
        if (r < ov->rows)
            for (size_t k = 1; k < ov->cols; k++)
                if (ov->data[r * ov->cols + k] > ov->data[r * ov->cols + best])
                    best = k;
        if (r == ov->rows || r == 0 || best != cur) {
            if (r > 0) {
                double end = tr->times->data[r == ov->rows ? r - 1 : r];
                eg_report *v = eg_report_add(visits, NULL, EG_REPORT_OBJECT);
                eg_report_add_integer(v, "memory", (long long)cur);
                eg_report_add_number(v, "from", start);
                eg_report_add_number(v, "duration", end - start);
                /* The first visit is the recall of the cue and the last is cut by the end of the run. */
                eg_report_add_bool(v, "whole", n > 0 && r < ov->rows);
                if (n > 0 && r < ov->rows) {
                    sum += end - start;
                    complete++;
                }
                if (olen < sizeof order - 16)
                    olen += (size_t)snprintf(order + olen, sizeof order - olen, "%s%zu", n ? ", " : "", cur);
                n++;
            }
            if (r < ov->rows) {
                cur = best;
                start = tr->times->data[r];
            }
        }
    }
    eg_report_add_integer(result, "visit_count", (long long)n);
    if (complete) {
        eg_report_add_number(result, "mean_dwell", sum / (double)complete);
        snprintf(text, len, "; memories visited %s (mean dwell %.3g over %zu whole visits)", order,
                 sum / (double)complete, complete);
    } else {
        snprintf(text, len, "; memories visited %s", order);
    }
}

/* Overlaps with the requested (or the network's) episodes. */
static eg_status overlaps_of(eg_run *run, const sim *s, eg_matrix **out)
{
    const eg_value *mem = s->spec->record.memories;
    eg_loc loc = s->spec->record.overlaps_loc;
    eg_error err;
    eg_status st;
    if (!mem && s->net->gsemm)
        st = eg_gsemm_overlaps(s->net->gsemm, s->tr, out, &err);
    else {
        const eg_episodes *ep = s->net->stored;
        if (mem && (st = eg_build_episodes(run, mem->ref, &ep)) != EG_OK)
            return st;
        /* Episodes read from a file are seen only now. */
        if (ep->units != s->units)
            return eg_run_fail(run, EG_EIO, loc, "memories '%s' hold episodes of %zu units but the network has %zu",
                               mem ? mem->str : "", ep->units, s->units);
        eg_matrix *P = eg_matrix_alloc(ep->count, ep->units);
        if (!P)
            return eg_run_fail(run, EG_ENOMEM, loc, "out of memory allocating the overlap patterns (%zu × %zu doubles)",
                               ep->count, ep->units);
        for (size_t mu = 0; mu < ep->count; mu++)
            for (size_t i = 0; i < ep->units; i++)
                *eg_matrix_at(P, mu, i) = eg_episodes_get(ep, mu, i) * s->net->pattern_scale;
        st = eg_trajectory_overlaps(s->tr, P, 0, out, &err);
        eg_matrix_free(P);
        /* For sequence memories the overlap is ξ_μᵀ V_f, as eg_gsemm_overlaps gives it. */
        if (st == EG_OK && s->net->gsemm)
            for (size_t i = 0; i < (*out)->rows * (*out)->cols; i++)
                (*out)->data[i] *= (double)s->units;
    }
    if (st != EG_OK)
        return eg_run_fail(run, st, loc, "%s", err.msg);
    return EG_OK;
}

static void add_final(const sim *s, const eg_block *block, eg_report *result, char *text, size_t len)
{
    const eg_trajectory *tr = s->tr;
    size_t n = 0;
    n += (size_t)snprintf(text + n, len - n, "simulate %s: ", block->name);
    if (tr->count == 0) {
        snprintf(text + n, len - n, "nothing recorded");
        return;
    }
    const double *x = tr->states->data + (tr->count - 1) * s->dim;
    eg_report_add_numbers(result, "final_state", x, s->dim);
    n += (size_t)snprintf(text + n, len - n, "t = %g .. %g, %zu records, %s", tr->times->data[0],
                          tr->times->data[tr->count - 1], tr->count, stop_name(tr->stop));
    if (!tr->complete && n < len)
        n += (size_t)snprintf(text + n, len - n, " at t = %g (incomplete)", tr->t_stop);
    if (n < len)
        n += (size_t)snprintf(text + n, len - n, "; x(%g) = [", tr->times->data[tr->count - 1]);
    size_t show = s->dim < 4 ? s->dim : 4;
    for (size_t i = 0; i < show && n < len; i++)
        n += (size_t)snprintf(text + n, len - n, "%s%.6g", i ? ", " : "", x[i]);
    if (n < len)
        snprintf(text + n, len - n, "%s]", s->dim > show ? ", ..." : "");
}

static eg_status integrate(eg_run *run, const eg_block *block, sim *s, eg_report *result)
{
    const simulate_spec *spec = s->spec;
    eg_dyn_system sys;
    eg_status st = eg_dyn_network_system(run, spec->net, s->net, &sys);
    if (st != EG_OK)
        return st;
    cued_system cued = {sys, s->inputs};
    if (s->net->gsemm && s->inputs->ncues) {
        sys.rhs = cued_rhs;
        sys.jac = sys.jac ? cued_jac : NULL;
        sys.params = &cued;
        sys.input = s->inputs;
    }
    eg_integrate_opts o = spec->opts;
    double *sigma = NULL;
    if (spec->noise) {
        if ((st = eg_build_unit_vector(run, spec->noise, s->dim, "the noise", &sigma)) != EG_OK)
            return st;
        o.noise_units = sigma;
        o.noise_index = eg_run_stream(run); /* each sweep point draws its own noise */
    }
    eg_error err;
    st = eg_integrate(&sys, s->x0, &o, &s->tr, &err);
    free(sigma);
    if (st == EG_ENUMERIC && s->tr) {
        eg_report_add_bool(result, "complete", 0);
        eg_report_add_string(result, "stop", stop_name(s->tr->stop));
        eg_report_add_number(result, "t_stop", s->tr->t_stop);
        if (s->tr->stop == EG_STOP_DIVERGED)
            eg_report_add_integer(result, "unit", (long long)s->tr->unit);
        return eg_run_fail(run, st, block->loc, "%s", err.msg);
    }
    if (st != EG_OK)
        return eg_run_fail(run, st, block->loc, "%s", err.msg);
    eg_report_add_bool(result, "complete", 1);
    eg_report_add_string(result, "stop", stop_name(s->tr->stop));
    eg_report_add_number(result, "t_stop", s->tr->t_stop);
    return EG_OK;
}

/* The recorded matrices; `full` when the run completed (energy and input then too). */
/* States, overlaps and energy against time. The recording grid is uniform
 * (every dt from the start), so time is the row number scaled. */
static void add_figures(const eg_block *block, const sim *s, eg_report *result)
{
    const eg_matrix *t = s->tr->times;
    if (!t || t->rows < 2)
        return;
    char title[300];
    const char *what[] = {"states", "overlaps", "energy"};
    const char *ylabel[] = {"state", "overlap with each memory", "energy"};
    const char *series[] = {"unit", "memory", "energy"};
    for (size_t w = 0; w < 3; w++) {
        const eg_report *m = eg_report_get(result, what[w]);
        size_t cols = w == 0 ? s->tr->states->cols : m && m->kind == EG_REPORT_MATRIX ? m->matrix->cols : 0;
        if (cols == 0)
            continue;
        snprintf(title, sizeof title, "simulate %s: %s", block->name, what[w]);
        eg_figure_columns(eg_figure_add(result, what[w], title, "t", ylabel[w]), what[w], cols, 12,
                          t->data[1] - t->data[0], t->data[0], EG_FIGURE_LINES, series[w]);
    }
}

static eg_status add_records(eg_run *run, const eg_block *block, sim *s, eg_report *result, int full)
{
    char text[1536], extra[512] = "";
    add_final(s, block, result, text, sizeof text);
    eg_report_add_integer(result, "records", (long long)s->tr->count);
    eg_report_add_integer(result, "steps", (long long)s->tr->steps);
    eg_report_add_bool(result, "converged", s->tr->stop == EG_STOP_CONVERGED);
    eg_status st = EG_OK;
    const record_spec *rec = &s->spec->record;
    if (rec->overlaps && s->tr->count) {
        eg_matrix *ov = NULL;
        if ((st = overlaps_of(run, s, &ov)) != EG_OK)
            return st;
        add_visits(ov, s->tr, result, extra, sizeof extra);
        eg_report_add_matrix(result, "overlaps", ov);
    }
    if (rec->energy && full) {
        eg_error err;
        eg_matrix *E = NULL;
        if ((st = eg_energy_along(s->net->rate, s->tr, &E, &err)) != EG_OK)
            return eg_run_fail(run, st, rec->energy_loc, "%s", err.msg);
        double rise = 0;
        for (size_t k = 1; k < E->rows; k++)
            if (E->data[k] - E->data[k - 1] > rise)
                rise = E->data[k] - E->data[k - 1];
        eg_report_add_number(result, "energy_initial", E->data[0]);
        eg_report_add_number(result, "energy_final", E->data[E->rows - 1]);
        eg_report_add_number(result, "energy_max_rise", rise);
        size_t m = strlen(extra);
        snprintf(extra + m, sizeof extra - m, "; energy %.6g -> %.6g (largest rise %.3g)", E->data[0],
                 E->data[E->rows - 1], rise);
        eg_report_add_matrix(result, "energy", E);
    }
    if (rec->input && full) {
        eg_matrix *I = eg_matrix_alloc(s->tr->count, s->dim);
        if (!I)
            return eg_run_fail(run, EG_ENOMEM, block->loc, "out of memory allocating the recorded input (%zu × %zu doubles)",
                               s->tr->count, s->dim);
        for (size_t k = 0; k < s->tr->count; k++)
            eg_input_eval(s->inputs, s->tr->times->data[k], I->data + k * s->dim);
        eg_report_add_matrix(result, "input", I);
    }
    add_figures(block, s, result);
    eg_report_add_matrix(result, "times", s->tr->times);
    eg_report_add_matrix(result, "states", s->tr->states);
    s->tr->times = s->tr->states = NULL;
    size_t m = strlen(text);
    snprintf(text + m, sizeof text - m, "%s", extra);
    eg_report_add_string(result, "text", text);
    return EG_OK;
}

static eg_status run_simulate(eg_run *run, const eg_spec *head, eg_report *result)
{
    const simulate_spec *spec = EG_SPEC_OF(simulate_spec, head);
    eg_numerics_init();
    sim s = {.spec = spec};
    eg_status st = eg_build_dyn_network(run, spec->net, &s.net);
    if (st != EG_OK)
        return st;
    s.units = eg_dyn_network_units(s.net);
    s.dim = s.net->rate ? s.net->rate->n : eg_gsemm_dim(s.net->gsemm);
    if ((st = prepare(run, spec, &s)) == EG_OK) {
        if (s.net->rate)
            s.net->rate->input = s.inputs;
        eg_report_add_string(result, "method", spec->method_name);
        st = integrate(run, head->block, &s, result);
        /* A run that failed numerically keeps what it recorded, marked incomplete. */
        if (s.tr && (st == EG_OK || st == EG_ENUMERIC)) {
            eg_status rst = add_records(run, head->block, &s, result, st == EG_OK);
            if (st == EG_OK)
                st = rst;
        }
    }
    sim_free(&s);
    return st;
}

const eg_kind eg_kind_simulate = {.schema = &simulate_schema, .compile = compile_simulate, .run = run_simulate};
