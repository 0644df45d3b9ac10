/* lyapunov.c: `analyze lyapunov` blocks: the largest Lyapunov exponents of a
 * trained cell, per step (the analysis `engram lyapunov` runs, with its
 * fields, files and figure), or of a continuous-time network, per unit time
 * (the variational equation integrated with the state, dyn/lyapunov_flow.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "engram/cell_lyapunov.h"
#include "engram/lyapunov_flow.h"
#include "engram/numerics.h"
#include "engram/rng.h"
#include "run/cell_report.h"
#include "run/inputs.h"
#include "run/kinds.h"
#include "run/kinds/cell_net.h"
#include "run/lyapunov_report.h"

static const eg_type net_ref = {.kind = EG_TY_REF, .ref_item = EG_REF_WHOLE,
                                .what = "a network or train block"};
static const eg_type steps_type = EG_TYPE_INTEGER_RANGE(1, 1e9, "a whole number in [1, 10^9]");
static const eg_type time_type = EG_TYPE_NUMBER_RANGE(0x1p-1074, 1e9, "a positive number up to 10^9");
static const eg_type transient_type = EG_TYPE_NUMBER_RANGE(0, 1e9, "a number in [0, 10^9]");

/* The steppers' names, from the stepper table (integrate.h). */
#define METHOD_WORD(name, impl, own_fixed, doc) #name,
static const char *const method_words[] = {EG_STEPPERS(METHOD_WORD) NULL};
#undef METHOD_WORD
static const eg_type method_type = {.kind = EG_TY_WORD, .words = method_words};

static const eg_key lyapunov_keys[] = {
    {"network", &net_ref, 1, 0, NULL,
     "a trained cell (a network with file and layout, or a train block of gru, lstm or rnn(bias = true)), or a "
     "continuous-time network (state = rate, or a sequence memory)"},
    {"exponents", &eg_type_count, 0, 0, NULL, "how many of the largest exponents (default: all)"},
    {"steps", &steps_type, 0, 10000, NULL, "a cell: steps averaged"},
    {"time", &time_type, 0, 1000, NULL, "a continuous-time network: time averaged"},
    {"transient", &transient_type, 0, 0, NULL,
     "run first, not averaged: steps of a cell (default 1000) or time of a continuous-time network (default 100)"},
    {"input", &eg_type_cell_or_dyn_input, 0, 0, NULL,
     "a cell: a constant input, one number per input (default: random pulses); a rate network: input terms"},
    {"seed", &eg_type_index, 0, 1, NULL, "a cell: seed of the pulses; a continuous-time network: of the start"},
    {"init", &eg_type_vector, 0, 0, NULL,
     "a continuous-time network: the starting state, one number or one per unit (default: N(0, 1) per unit)"},
    {"reortho", &eg_type_positive, 0, 1, NULL,
     "a continuous-time network: time between the QR re-orthonormalisations of the tangent vectors"},
    {"method", &method_type, 0, 0, "rk8pd", "a continuous-time network: the stepper"},
    {"rtol", &eg_type_positive, 0, 1e-8, NULL, "a continuous-time network: relative error per step"},
    {"atol", &eg_type_positive, 0, 1e-10, NULL, "a continuous-time network: absolute error per step"},
    {"step", &eg_type_nonnegative, 0, 0, NULL,
     "a continuous-time network: fixed step size, without error control (0: adaptive steps)"},
    EG_KEYS_END,
};
static const eg_schema lyapunov_schema = {
    .name = "lyapunov",
    .doc = "the largest Lyapunov exponents of a trained cell (per step) or a continuous-time network (per unit time)",
    .keys = lyapunov_keys,
    .family = "analyze"};

/* ---- Compiling ----------------------------------------------------------- */

typedef struct lyapunov_spec {
    eg_spec head;
    eg_cell_source cell;          /* a trained cell (cell.block set), or */
    const eg_network_spec *flow;  /* a continuous-time network */
    size_t exponents;             /* 0: all */
    size_t steps;                 /* a cell */
    double time, transient;       /* transient: steps of a cell, time of a flow */
    const eg_value *input;        /* a cell's constant input (NULL: pulses) */
    const eg_inputs_spec *inputs; /* a flow's input terms */
    uint64_t seed;
    const eg_value *init;
    double reortho;
    eg_integrate_opts integ;
    const char *method;
} lyapunov_spec;

/* Keys of the other reading, each reported where it is written. */
static void refuse_keys(eg_compile *c, const eg_block *block, const char *const *keys, const char *why)
{
    for (size_t i = 0; keys[i]; i++)
        if (eg_block_value(block, keys[i]))
            eg_compile_error(c, eg_block_loc(block, keys[i]), "'%s' %s", keys[i], why);
}

/* A trained cell: steps, a transient of whole steps, a constant input. */
static void compile_cell(eg_compile *c, const eg_block *block, lyapunov_spec *s)
{
    static const char *const flow_keys[] = {"time", "init", "reortho", "method", "rtol", "atol", "step", NULL};
    refuse_keys(c, block, flow_keys, "is for continuous-time networks; a trained cell is a map, stepped");
    s->steps = (size_t)eg_block_number(block, "steps");
    const eg_value *tr = eg_block_value(block, "transient");
    s->transient = tr ? tr->num : 1000;
    if (tr && s->transient != floor(s->transient))
        eg_compile_error(c, tr->loc, "the transient of a cell is a whole number of steps, got %g", s->transient);
    const eg_value *in = eg_block_value(block, "input");
    if (in && !eg_cell_input_is_constant(in))
        eg_compile_error(c, in->loc, "a trained cell takes a constant input, one number per input, such as [0, 1]");
    s->input = in;
}

/* A continuous-time network: the integration and the input terms. */
static void compile_flow(eg_compile *c, const eg_block *block, lyapunov_spec *s)
{
    refuse_keys(c, block, (const char *const[]){"steps", NULL},
                "counts the steps of a trained cell; a continuous-time network is averaged over 'time'");
    s->time = eg_block_number(block, "time");
    const eg_value *tr = eg_block_value(block, "transient");
    s->transient = tr ? tr->num : 100;
    s->reortho = eg_block_number(block, "reortho");
    s->integ = eg_integrate_opts_default();
    s->integ.method = eg_block_word(block, "method");
    s->integ.rtol = eg_block_number(block, "rtol");
    s->integ.atol = eg_block_number(block, "atol");
    s->integ.fixed_step = eg_block_number(block, "step");
    if (s->integ.fixed_step > 0 && s->integ.fixed_step > s->reortho)
        eg_compile_error(c, eg_block_loc(block, "step"),
                         "the fixed step %g is longer than the interval between re-orthonormalisations (reortho = %g)",
                         s->integ.fixed_step, s->reortho);
    if (ceil((s->time + s->transient) / s->reortho) > 1e8)
        eg_compile_error(c, eg_block_loc(block, "reortho"),
                         "reortho = %g over %g time units is more than 10^8 factorisations", s->reortho,
                         s->time + s->transient);
    size_t units = s->flow->units, dim = eg_network_rate_dim(s->flow);
    const eg_value *in = eg_block_value(block, "input");
    if (in && in->kind != EG_VAL_CALL && (in->kind != EG_VAL_LIST || in->n == 0 || in->items[0]->kind != EG_VAL_CALL))
        eg_compile_error(c, in->loc, "a continuous-time network takes input terms such as step(amplitude = [...]); "
                                     "a list of numbers is a trained cell's constant input");
    else if (in && eg_network_rate_is_sequence(s->flow))
        eg_compile_error(c, in->loc, "external inputs act on rate networks, not sequence memories");
    else
        s->inputs = eg_inputs_compile(c, in, units);
    s->init = eg_block_value(block, "init");
    if (s->init && s->init->kind == EG_VAL_LIST && dim > 0 && s->init->n != dim)
        eg_compile_error(c, s->init->loc, "the starting state needs %zu entries (one per unit), got %zu", dim,
                         s->init->n);
    if (s->exponents > 0 && dim > 0 && s->exponents > dim)
        eg_compile_error(c, eg_block_loc(block, "exponents"), "%zu exponents asked of a network of %zu units",
                         s->exponents, dim);
}

static eg_spec *compile_lyapunov(eg_compile *c, const eg_block *block)
{
    lyapunov_spec *s = eg_compile_alloc(c, sizeof *s);
    if (!s)
        return NULL;
    const eg_value *ref = eg_block_value(block, "network");
    const eg_value *k = eg_block_value(block, "exponents");
    s->exponents = k ? (size_t)k->num : 0;
    s->seed = (uint64_t)eg_block_number(block, "seed");
    size_t before = eg_compile_errors(c);
    if (eg_compile_cell_source(c, ref, &s->cell)) {
        compile_cell(c, block, s);
        return &s->head;
    }
    if (eg_compile_errors(c) > before)
        return &s->head; /* the block it names has errors of its own */
    if (!eg_compile_analysed_network(c, ref, "analyze lyapunov"))
        return &s->head;
    memset(&s->cell, 0, sizeof s->cell);
    s->flow = eg_compile_continuous_network(
        c, ref, "analyze lyapunov needs a trained cell (file and layout) or a continuous-time network");
    if (s->flow)
        compile_flow(c, block, s);
    return &s->head;
}

/* ---- Running ------------------------------------------------------------- */

/* The exponents of a trained cell, reported as `engram lyapunov -o` reports them. */
static eg_status run_cell(eg_run *run, const lyapunov_spec *spec, eg_report *result)
{
    const eg_block *block = spec->head.block;
    const eg_cell *c = NULL;
    eg_cell_origin origin;
    eg_status st = eg_build_cell(run, &spec->cell, &c, &origin);
    double *u = NULL; /* NULL: pulses */
    if (st != EG_OK || (spec->input && (st = eg_build_cell_input(run, spec->input, c, block->loc, &u)) != EG_OK))
        return st;
    size_t n = eg_cell_state_size(c);
    if (spec->exponents > n) {
        free(u);
        return eg_run_fail(run, EG_EIO, eg_block_loc(block, "exponents"),
                           "%zu exponents asked of a cell whose state has %zu units", spec->exponents, n);
    }
    uint64_t seed = eg_run_seed(run, spec->seed);
    eg_cell_lyap_opts o = {spec->exponents, spec->steps, (size_t)spec->transient, seed};
    eg_lyap_result *r = NULL;
    eg_error err;
    if ((st = eg_cell_lyapunov(c, u, &o, &r, &err)) != EG_OK) {
        free(u);
        return eg_run_fail(run, st, block->loc, "%s", err.msg);
    }
    eg_cell_report_origin(result, &origin, c, u, u == NULL, (long long)seed);
    eg_report_add_integer(result, "steps", (long long)spec->steps);
    eg_report_add_integer(result, "transient", (long long)spec->transient);
    eg_lyapunov_report(r, spec->cell.block->name, result);
    eg_lyapunov_report_per_tau(c, r, result);
    char text[512];
    int len = snprintf(text, sizeof text, "lyapunov %s: %s of %zu units, %zu steps, largest exponents (per step)",
                       block->name, eg_cell_kind_name(c->kind), c->hidden, spec->steps);
    for (size_t i = 0; i < r->k && i < 4 && len > 0 && (size_t)len < sizeof text; i++)
        len += snprintf(text + len, sizeof text - (size_t)len, "%s%.5g", i ? ", " : " ", r->exponents[i]);
    eg_report_add_string(result, "text", text);
    eg_lyap_result_free(r);
    free(u);
    return EG_OK;
}

/* The starting state: given, or N(0, 1) per unit from the seed (the origin,
 * a fixed point of many networks, would hide their dynamics). */
static eg_status flow_start(eg_run *run, const lyapunov_spec *spec, size_t dim, double **out)
{
    if (spec->init)
        return eg_build_unit_vector(run, spec->init, dim, "the starting state", out);
    double *x = malloc((dim ? dim : 1) * sizeof *x);
    gsl_rng *r = eg_rng_alloc(eg_run_seed(run, spec->seed), EG_RNG_INIT, eg_run_stream(run));
    if (!x || !r) {
        free(x);
        if (r)
            gsl_rng_free(r);
        return eg_run_fail(run, EG_ENOMEM, spec->head.block->loc, "out of memory");
    }
    for (size_t i = 0; i < dim; i++)
        x[i] = gsl_ran_gaussian_ziggurat(r, 1.0);
    gsl_rng_free(r);
    *out = x;
    return EG_OK;
}

/* The exponents of the flow along the trajectory from x0, reported. */
static eg_status flow_exponents(eg_run *run, const lyapunov_spec *spec, const eg_dyn_system *sys, const double *x0,
                                eg_report *result)
{
    const eg_block *block = spec->head.block;
    size_t k = spec->exponents ? spec->exponents : sys->dim;
    if (k > sys->dim)
        return eg_run_fail(run, EG_EIO, eg_block_loc(block, "exponents"),
                           "%zu exponents asked of a network of %zu units", k, sys->dim);
    size_t intervals = (size_t)ceil(spec->time / spec->reortho);
    eg_lyap_flow_opts o = {k, spec->time, spec->transient, spec->reortho, intervals >= 100 ? intervals / 100 : 1,
                           spec->integ};
    eg_lyap_result *r = NULL;
    double trace = 0;
    eg_error err;
    eg_status st = eg_lyapunov_flow(sys, x0, &o, &r, &trace, &err);
    if (st != EG_OK)
        return eg_run_fail(run, st, block->loc, "%s", err.msg);
    eg_report_add_integer(result, "units", (long long)sys->dim);
    eg_report_add_number(result, "time", spec->time);
    eg_report_add_number(result, "transient", spec->transient);
    eg_report_add_number(result, "reortho", spec->reortho);
    eg_report_add_string(result, "method", spec->integ.method);
    eg_lyapunov_flow_report(r, spec->flow->head.block->name, result);
    eg_report_add_number(result, "trace_mean", trace);
    eg_report_add_numbers(result, "final_state", r->final_state, sys->dim);
    char text[512];
    int len = snprintf(text, sizeof text, "lyapunov %s: %zu units over t = %g, largest exponents (per unit time)",
                       block->name, sys->dim, spec->time);
    for (size_t i = 0; i < r->k && i < 4 && len > 0 && (size_t)len < sizeof text; i++)
        len += snprintf(text + len, sizeof text - (size_t)len, "%s%.5g", i ? ", " : " ", r->exponents[i]);
    eg_report_add_string(result, "text", text);
    eg_lyap_result_free(r);
    return EG_OK;
}

/* A continuous-time network: its system with the input terms attached. */
static eg_status run_flow(eg_run *run, const lyapunov_spec *spec, eg_report *result)
{
    eg_numerics_init();
    eg_dyn_network *net = NULL;
    eg_status st = eg_build_dyn_network(run, spec->flow, &net);
    if (st != EG_OK)
        return st;
    eg_input_set *in = NULL;
    if ((st = eg_inputs_attach(run, spec->head.block, spec->inputs, net->rate, eg_dyn_network_units(net), &in)) !=
        EG_OK)
        return st;
    eg_dyn_system sys;
    double *x0 = NULL;
    if ((st = eg_dyn_network_system(run, spec->flow, net, &sys)) == EG_OK &&
        (st = flow_start(run, spec, sys.dim, &x0)) == EG_OK)
        st = flow_exponents(run, spec, &sys, x0, result);
    if (net->rate)
        net->rate->input = NULL;
    free(x0);
    eg_input_set_free(in);
    return st;
}

static eg_status run_lyapunov(eg_run *run, const eg_spec *head, eg_report *result)
{
    const lyapunov_spec *spec = EG_SPEC_OF(lyapunov_spec, head);
    return spec->cell.block ? run_cell(run, spec, result) : run_flow(run, spec, result);
}

const eg_kind eg_kind_lyapunov = {.schema = &lyapunov_schema, .compile = compile_lyapunov, .run = run_lyapunov};
