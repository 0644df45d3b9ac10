/* continuation.c: `analyze continuation` blocks: the equilibria of a
 * continuous-time network followed as one param of the model moves, their
 * stability, and the folds, branch points and Hopf points along the way
 * (docs/dynamics.md, "Continuation"). At every param value the model is
 * re-bound and its network built again (lang/rebind.c), so any way the param
 * enters — weights, gains, leaks, inputs, a sequence memory's drives — is
 * followed exactly. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engram/continuation.h"
#include "engram/integrate.h"
#include "engram/numerics.h"
#include "lang/rebind.h"
#include "run/figure.h"
#include "run/inputs.h"
#include "run/kinds.h"
#include "run/kinds/cont_curves.h"
#include "run/kinds/cont_cycles.h"

static const eg_type network_type = {.kind = EG_TY_REF, .ref_kind = "network", .ref_item = EG_REF_WHOLE};
static const eg_type episode_type = {.kind = EG_TY_REF, .ref_kind = "memories", .ref_item = EG_REF_ITEM,
                                     .what = "an episode M[i]"};
static const eg_type *const start_alts[] = {&episode_type, &eg_type_vector, NULL};
static const eg_type start_type = {.kind = EG_TY_ONEOF, .alts = start_alts,
                                   .what = "a state: a list of numbers, one number, or an episode M[i]"};
static const eg_type points_type = EG_TYPE_INTEGER_RANGE(2, 1e6, "a whole number >= 2");
static const eg_type branches_type = EG_TYPE_INTEGER_RANGE(1, 64, "a whole number from 1 to 64");
static const char *const follow_words[] = {"LP", "H", NULL};
static const eg_type follow_word_type = {.kind = EG_TY_WORD, .words = follow_words, .what = "LP or H"};
static const eg_type follow_list_type = {.kind = EG_TY_LIST, .elem = &follow_word_type,
                                         .what = "a list of LP and H"};
static const char *const eig_words[] = {"all", NULL};
static const eg_type eig_word_type = {.kind = EG_TY_WORD, .words = eig_words, .what = "all"};
static const eg_type eig_count_type = EG_TYPE_INTEGER_RANGE(1, 1e6, "a whole number >= 1");
static const eg_type *const eig_alts[] = {&eig_word_type, &eig_count_type, NULL};
static const eg_type eigenvalues_type = {.kind = EG_TY_ONEOF, .alts = eig_alts,
                                         .what = "all, or how many of the rightmost eigenvalues (a whole number)"};
static const eg_type *const follow_alts[] = {&follow_word_type, &follow_list_type, NULL};
static const eg_type follow_type = {.kind = EG_TY_ONEOF, .alts = follow_alts,
                                    .what = "LP, H, or a list of them ([LP, H])"};

static const eg_key continuation_keys[] = {
    {"network", &network_type, 1, 0, NULL, "the continuous-time network"},
    {"vary", &eg_type_string, 1, 0, NULL, "the name of the param that moves (a `param` of the model)"},
    {"range", &eg_type_range, 1, 0, NULL, "the branch stops where the param leaves lo .. hi (it holds the param's value)"},
    {"start", &start_type, 1, 0, NULL, "a state near an equilibrium at the param's value (Newton polishes it)"},
    {"step", &eg_type_number, 0, 0.01, NULL, "first arclength step; its sign is the first direction of the param"},
    {"max_step", &eg_type_positive, 0, 0, NULL, "the largest step (default 10 |step|)"},
    {"points", &points_type, 0, 500, NULL, "points per branch at most"},
    {"branches", &branches_type, 0, 8, NULL, "branches at most: the first and those switched onto at branch points"},
    {"settle", &eg_type_nonnegative, 0, 0, NULL,
     "integrate from the start for this long before Newton's method (to start on an attractor)"},
    {"tol", &eg_type_positive, 0, 1e-10, NULL, "a point has every |dx/dt| below this"},
    {"near", &eg_type_nonnegative, 0, 0.1, NULL,
     "the start's equilibrium lies within this of the start (max norm, relative to its largest entry when above 1)"},
    {"eigenvalues", &eigenvalues_type, 0, 0, NULL,
     "the eigenvalues at each point: all (the default), or the k of largest real part by Arnoldi (faster "
     "where the spectrum's right edge is sparse; not provably the rightmost)"},
    {"orbits", &eg_type_index, 0, 0, NULL,
     "periodic orbits followed from each Hopf point, by shooting (their period and Floquet multipliers)"},
    {"orbit_step", &eg_type_positive, 0, 0, NULL, "the param's step between those orbits (default (hi - lo) / 100)"},
    {"unit", &eg_type_index, 0, 0, NULL, "the unit the diagram shows (default: x_0 for one unit, else the norm)"},
    {"input", &eg_type_dyn_input, 0, 0, NULL, "a constant input (its value at 'at')"},
    {"at", &eg_type_number, 0, 0, NULL, "the time at which the input is taken"},
    {"vary2", &eg_type_string, 0, 0, NULL,
     "a second param: the folds and Hopf points of the first branch are followed in (vary, vary2)"},
    {"range2", &eg_type_range, 0, 0, NULL, "the curves stop where the second param leaves lo .. hi (it holds its value)"},
    {"follow", &follow_type, 0, 0, NULL, "which special points are followed in two params (default [LP, H])"},
    {"step2", &eg_type_positive, 0, 0, NULL, "the curves' first arclength step (default |step|)"},
    {"points2", &points_type, 0, 300, NULL, "points of each curve at most, each way from its start"},
    {"cycle_from", &eg_type_number, 0, 0, NULL,
     "a value of the param where the network cycles: the cycle found there (the start integrated for settle) is "
     "followed towards the start's value, its period and where that diverges"},
    {"period_max", &eg_type_positive, 0, 0, NULL, "the cycle's branch stops past this period (needed with cycle_from)"},
    {"cycle_step", &eg_type_positive, 0, 0, NULL, "the cycle's first step in the param (default (hi - lo) / 40)"},
    {"cycle_points", &points_type, 0, 60, NULL, "orbits of the cycle's branch at most"},
    EG_KEYS_END,
};
static const eg_schema continuation_schema = {
    .name = "continuation",
    .doc = "equilibria of a continuous-time network followed in one param: stability, folds (LP), branch points "
           "(BP, with the crossing branch) and Hopf points (H)",
    .keys = continuation_keys,
    .family = "analyze"};

/* ---- Compiling ----------------------------------------------------------- */

typedef struct continuation_spec {
    eg_spec head;
    const eg_network_spec *net;
    const eg_inputs_spec *inputs;
    const char *param;
    double p0, lo, hi;
    const eg_value *start;
    eg_cont_opts opts;
    int has_unit;
    size_t unit;
    double t;
    double settle;
    size_t orbits;
    double orbit_step;
    const char *param2; /* NULL: one param */
    double p2, lo2, hi2;
    unsigned follow;    /* bits 1 << EG_CONT_LP, 1 << EG_CONT_H */
    eg_cont2_opts opts2;
    int has_cycle;      /* cycle_from given */
    eg_cont_cycle_opts cycle;
} continuation_spec;

/* The network: one with continuous-time dynamics. */
static const eg_network_spec *compile_net(eg_compile *c, const eg_block *block)
{
    return eg_compile_continuous_network(c, eg_block_value(block, "network"), "continuation follows the equilibria of a continuous-time network");
}

/* The param: a number param of the model; the range must hold its value. */
static void compile_param(eg_compile *c, const eg_block *block, continuation_spec *s)
{
    const eg_model *model = eg_compile_model(c);
    const eg_value *name = eg_block_value(block, "vary");
    const eg_param *p = eg_model_param(model, name->str);
    if (!p) {
        eg_compile_error(c, name->loc, "'%s' is not a param of the model; continuation moves a `param` the network "
                                       "depends on",
                         name->str);
        if (model->nparams) {
            const char **names = calloc(model->nparams + 1, sizeof *names);
            if (names) {
                for (size_t i = 0; i < model->nparams; i++)
                    names[i] = model->params[i].name;
                const char *hint = eg_diag_suggest(name->str, names);
                if (hint)
                    eg_compile_note(c, name->loc, "did you mean '%s'?", hint);
                free(names);
            }
        }
        return;
    }
    if (!p->value || p->value->kind != EG_VAL_NUMBER) {
        eg_compile_error(c, name->loc, "param '%s' is not a number, so it cannot be continued", name->str);
        return;
    }
    s->param = p->name;
    s->p0 = p->value->num;
    const eg_value *range = eg_block_value(block, "range");
    s->lo = range->items[0]->num;
    s->hi = range->items[1]->num;
    if (!(s->lo < s->hi))
        eg_compile_error(c, range->loc, "the range must have lo < hi, got %g .. %g", s->lo, s->hi);
    else if (!model->base && !(s->p0 >= s->lo && s->p0 <= s->hi))
        /* A re-bound model (a sweep's point, or this continuation's own
         * steps) moves the param on purpose: the run checks the start. */
        eg_compile_error(c, range->loc, "the range %g .. %g does not hold the start, %s = %g", s->lo, s->hi,
                         s->param, s->p0);
}

/* The second param: a number param of the model other than vary, whose
 * range holds its value; with it range2, and follow only with it. */
static void compile_param2(eg_compile *c, const eg_block *block, continuation_spec *s)
{
    const eg_model *model = eg_compile_model(c);
    const eg_value *name = eg_block_value(block, "vary2"), *range = eg_block_value(block, "range2");
    const eg_value *follow = eg_block_value(block, "follow");
    if (!name) {
        if (range)
            eg_compile_error(c, range->loc, "range2 is the range of a second param: give vary2 too");
        if (follow)
            eg_compile_error(c, follow->loc, "follow chooses the points followed in two params: give vary2 too");
        return;
    }
    const eg_param *p = eg_model_param(model, name->str);
    if (!p) {
        eg_compile_error(c, name->loc, "'%s' is not a param of the model; vary2 names a second `param` the network "
                                       "depends on",
                         name->str);
        return;
    }
    if (!p->value || p->value->kind != EG_VAL_NUMBER) {
        eg_compile_error(c, name->loc, "param '%s' is not a number, so it cannot be continued", name->str);
        return;
    }
    if (s->param && strcmp(s->param, p->name) == 0) {
        eg_compile_error(c, name->loc, "vary2 must name a param other than vary ('%s')", name->str);
        return;
    }
    if (!range) {
        eg_compile_error(c, name->loc, "a second param needs its range: give range2 = lo .. hi");
        return;
    }
    s->param2 = p->name;
    s->p2 = p->value->num;
    s->lo2 = range->items[0]->num;
    s->hi2 = range->items[1]->num;
    if (!(s->lo2 < s->hi2))
        eg_compile_error(c, range->loc, "the range must have lo < hi, got %g .. %g", s->lo2, s->hi2);
    else if (!model->base && !(s->p2 >= s->lo2 && s->p2 <= s->hi2))
        eg_compile_error(c, range->loc, "the range %g .. %g does not hold the start, %s = %g", s->lo2, s->hi2,
                         s->param2, s->p2);
    s->follow = 0;
    if (!follow)
        s->follow = 1u << EG_CONT_LP | 1u << EG_CONT_H;
    else if (follow->kind == EG_VAL_LIST)
        for (size_t i = 0; i < follow->n; i++)
            s->follow |= 1u << (strcmp(follow->items[i]->str, "LP") == 0 ? EG_CONT_LP : EG_CONT_H);
    else
        s->follow = 1u << (strcmp(follow->str, "LP") == 0 ? EG_CONT_LP : EG_CONT_H);
}

/* The start: a state of the network's dimension, or one of its episodes. */
static void compile_start(eg_compile *c, const eg_block *block, continuation_spec *s)
{
    const eg_value *v = s->start = eg_block_value(block, "start");
    size_t dim = s->net ? eg_network_rate_dim(s->net) : 0, units = s->net ? s->net->units : 0;
    if (v->kind == EG_VAL_LIST && dim > 0 && v->n != dim)
        eg_compile_error(c, v->loc, "the start needs %zu entr%s (the state), got %zu", dim, dim == 1 ? "y" : "ies",
                         v->n);
    if (v->kind == EG_VAL_REF) {
        const eg_memories_spec *m = eg_compile_memories(c, v);
        if (m && m->units > 0 && units > 0 && m->units != units)
            eg_compile_error(c, v->loc, "memories '%s' hold episodes of %zu units but the network has %zu", v->str,
                             m->units, units);
    }
}

/* How many eigenvalues at each point: 0 for all (the default: the counts of
 * unstable eigenvalues are then exact), else the count of the rightmost,
 * which the user asks for knowing they are not provably the rightmost. */
static size_t compile_eigen_count(const eg_block *block)
{
    const eg_value *v = eg_block_value(block, "eigenvalues");
    return v && v->kind == EG_VAL_NUMBER ? (size_t)v->num : 0;
}

/* The cycle's keys: cycle_from inside the range and away from the start's
 * value, with period_max; the others only with it. */
static void compile_cycle(eg_compile *c, const eg_block *block, continuation_spec *s)
{
    const eg_value *from = eg_block_value(block, "cycle_from");
    static const char *const needs[] = {"period_max", "cycle_step", "cycle_points"};
    if (!from) {
        for (int i = 0; i < 3; i++)
            if (eg_block_value(block, needs[i]))
                eg_compile_error(c, eg_block_loc(block, needs[i]), "%s belongs to a cycle's branch: give cycle_from too",
                                 needs[i]);
        return;
    }
    eg_cont_cycle_opts *o = &s->cycle;
    *o = eg_cont_cycle_opts_default();
    o->p0 = from->num;
    o->p_lo = s->lo;
    o->p_hi = s->hi;
    o->settle = s->settle;
    o->max_points = (size_t)eg_block_number(block, "cycle_points");
    double step = eg_block_value(block, "cycle_step") ? eg_block_number(block, "cycle_step") : (s->hi - s->lo) / 40;
    o->step = s->p0 < o->p0 ? -step : step;
    o->step_max = 4 * step;
    if (!eg_block_value(block, "period_max"))
        eg_compile_error(c, from->loc, "a cycle's branch needs its bound: give period_max (where it stops)");
    else
        o->period_max = eg_block_number(block, "period_max");
    if (s->param && !(o->p0 >= s->lo && o->p0 <= s->hi))
        eg_compile_error(c, from->loc, "cycle_from = %g is outside the range %g .. %g", o->p0, s->lo, s->hi);
    else if (s->param && !eg_compile_model(c)->base && o->p0 == s->p0) /* a re-bound model moves p0 on purpose */
        eg_compile_error(c, from->loc, "cycle_from must differ from the start's %s = %g: the cycle is followed "
                                       "towards it",
                         s->param, s->p0);
    s->has_cycle = 1;
}

static eg_spec *compile_continuation(eg_compile *c, const eg_block *block)
{
    continuation_spec *s = eg_compile_alloc(c, sizeof *s);
    if (!s)
        return NULL;
    s->net = compile_net(c, block);
    size_t units = s->net ? s->net->units : 0;
    const eg_value *input = eg_block_value(block, "input");
    if (input && s->net && eg_network_rate_is_sequence(s->net))
        eg_compile_error(c, input->loc, "external inputs act on rate networks, not sequence memories");
    else
        s->inputs = eg_inputs_compile(c, input, units);
    compile_param(c, block, s);
    compile_param2(c, block, s);
    compile_start(c, block, s);
    eg_cont_opts *o = &s->opts;
    *o = eg_cont_opts_default();
    o->p0 = s->p0;
    o->p_lo = s->lo;
    o->p_hi = s->hi;
    o->step = eg_block_number(block, "step");
    if (o->step == 0)
        eg_compile_error(c, eg_block_loc(block, "step"), "the step must not be 0: its size is the first arclength "
                                                         "step, its sign the first direction");
    o->step_max = eg_block_value(block, "max_step") ? eg_block_number(block, "max_step") : 10 * fabs(o->step);
    o->max_points = (size_t)eg_block_number(block, "points");
    o->max_branches = (size_t)eg_block_number(block, "branches");
    o->switch_branches = o->max_branches > 1;
    o->tol = eg_block_number(block, "tol");
    o->near = eg_block_number(block, "near");
    o->eig_count = compile_eigen_count(block);
    s->t = eg_block_number(block, "at");
    s->settle = eg_block_number(block, "settle");
    s->orbits = (size_t)eg_block_number(block, "orbits");
    s->orbit_step = eg_block_value(block, "orbit_step") ? eg_block_number(block, "orbit_step") : (s->hi - s->lo) / 100;
    eg_cont2_opts *o2 = &s->opts2;
    *o2 = eg_cont2_opts_default();
    o2->lo[0] = s->lo, o2->hi[0] = s->hi, o2->lo[1] = s->lo2, o2->hi[1] = s->hi2;
    o2->step = eg_block_value(block, "step2") ? eg_block_number(block, "step2") : fabs(o->step);
    o2->step_max = 10 * o2->step;
    o2->max_points = (size_t)eg_block_number(block, "points2");
    o2->tol = o->tol;
    compile_cycle(c, block, s);
    if ((s->has_unit = eg_block_value(block, "unit") != NULL)) {
        s->unit = (size_t)eg_block_number(block, "unit");
        size_t dim = s->net ? eg_network_rate_dim(s->net) : 0;
        if (dim > 0 && s->unit >= dim)
            eg_compile_error(c, eg_block_loc(block, "unit"), "unit %zu is past the state's %zu entries", s->unit, dim);
    }
    return &s->head;
}

/* ---- The system at a param value ------------------------------------------ */

enum { SLOTS = 6 };

/* The network built from the model re-bound at one value of the params. */
typedef struct slot {
    int used;
    double p[2];
    unsigned long age;
    eg_program *prog;
    eg_run *sub;
    eg_dyn_network *net;
    eg_input_set *in;
    eg_dyn_system sys;
} slot;

/* The family of systems f(·, p): a few recent param values kept built (the
 * corrector asks for p and p ± h in turn). With a second param, p holds
 * both; the first continuation holds the second at its value. */
typedef struct family {
    eg_run *run;
    const continuation_spec *spec;
    eg_rebind *rebind;
    size_t nparams;
    slot slots[SLOTS];
    unsigned long clock;
    size_t builds;
} family;

static void slot_clear(slot *s)
{
    if (s->net && s->net->rate)
        s->net->rate->input = NULL;
    eg_input_set_free(s->in);
    eg_run_close(s->sub);
    eg_program_free(s->prog);
    memset(s, 0, sizeof *s);
}

/* "w = 1" or "w = 1, u = 0.5": where the params are, for messages. */
static const char *where(const family *fam, const double *p, char *buf, size_t cap)
{
    if (fam->nparams == 2)
        snprintf(buf, cap, "%s = %g, %s = %g", fam->spec->param, p[0], fam->spec->param2, p[1]);
    else
        snprintf(buf, cap, "%s = %g", fam->spec->param, p[0]);
    return buf;
}

/* The first error of diags as a message. */
static eg_status first_problem(const eg_diag_list *diags, eg_status st, const char *at, eg_error *err)
{
    for (size_t i = 0; i < diags->count; i++)
        if (diags->items[i].severity == EG_DIAG_ERROR)
            return eg_error_set(err, st, "at %s the model does not hold together: %s", at, diags->items[i].message);
    return eg_error_set(err, st, "at %s the model cannot be built", at);
}

/* Builds the block's network and inputs from the model re-bound at p into s. */
static eg_status slot_build(family *fam, slot *s, const double *p, eg_error *err)
{
    eg_diag_list diags;
    eg_diag_list_init(&diags);
    eg_status st = EG_OK;
    char at[160];
    where(fam, p, at, sizeof at);
    eg_model *m = eg_rebind_model(fam->rebind, p, &diags);
    s->prog = m ? eg_program_compile(m, &diags) : NULL;
    if (!s->prog) {
        st = first_problem(&diags, EG_ENUMERIC, at, err);
        goto done;
    }
    /* This block in the re-bound program: its spec names the re-bound network. */
    const eg_model *pm = eg_program_model(s->prog);
    const eg_block *me = eg_model_block(pm, fam->spec->head.block->name);
    const eg_spec *head = me ? eg_program_spec(s->prog, me) : NULL;
    if (!head || !(s->sub = eg_run_open(s->prog, fam->run))) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory");
        goto done;
    }
    const continuation_spec *spec = EG_SPEC_OF(continuation_spec, head);
    if ((st = eg_build_dyn_network(s->sub, spec->net, &s->net)) != EG_OK) {
        st = eg_error_set(err, st, "at %s the network cannot be built (see above)", at);
        goto done;
    }
    if (spec->inputs && s->net->rate) {
        size_t units = eg_dyn_network_units(s->net);
        if (!(s->in = eg_input_set_alloc(units))) {
            st = eg_error_set(err, EG_ENOMEM, "out of memory");
            goto done;
        }
        if ((st = eg_inputs_build(s->sub, spec->inputs, s->in, units)) != EG_OK) {
            st = eg_error_set(err, st, "at %s the input cannot be built (see above)", at);
            goto done;
        }
        s->net->rate->input = s->in;
    }
    if ((st = eg_dyn_network_system(s->sub, spec->net, s->net, &s->sys)) != EG_OK)
        st = eg_error_set(err, st, "at %s the network's system cannot be set up (see above)", at);
done:
    eg_diag_list_free(&diags);
    s->used = 1;
    s->p[0] = p[0];
    s->p[1] = fam->nparams == 2 ? p[1] : 0;
    fam->builds++;
    if (st != EG_OK)
        slot_clear(s);
    return st;
}

/* The slot holding the system at p, built when none does (replacing the oldest). */
static eg_status family_at(family *fam, const double *p, slot **out, eg_error *err)
{
    slot *oldest = &fam->slots[0];
    for (size_t i = 0; i < SLOTS; i++) {
        slot *s = &fam->slots[i];
        if (s->used && s->p[0] == p[0] && (fam->nparams < 2 || s->p[1] == p[1])) {
            s->age = ++fam->clock;
            *out = s;
            return EG_OK;
        }
        if (!s->used || (oldest->used && s->age < oldest->age))
            oldest = s;
    }
    slot_clear(oldest);
    eg_status st = slot_build(fam, oldest, p, err);
    oldest->age = ++fam->clock;
    *out = oldest;
    return st;
}

static void family_free(family *fam)
{
    for (size_t i = 0; i < SLOTS; i++)
        slot_clear(&fam->slots[i]);
    eg_rebind_free(fam->rebind);
}

/* f(x, p) and J = ∂f/∂x at both params p: the network's own right-hand side
 * and Jacobian at the block's time `at`. */
static eg_status family_eval2(void *ctx, const double *p, const double *x, double *f, double *J, eg_error *err)
{
    family *fam = ctx;
    slot *s = NULL;
    eg_status st = family_at(fam, p, &s, err);
    if (st != EG_OK)
        return st;
    double t = fam->spec->t;
    char at[160];
    if (s->sys.rhs(t, x, f, s->sys.params) != 0)
        return eg_error_set(err, EG_ENUMERIC, "dx/dt is not finite at %s", where(fam, p, at, sizeof at));
    if (!J)
        return EG_OK;
    /* The analytic Jacobian of the rate network or sequence memory. */
    return eg_dyn_jacobian(&s->sys, t, x, J, NULL, err);
}

/* f(x, p) and J along the first continuation (the second param at its value). */
static eg_status family_eval(void *ctx, double p, const double *x, double *f, double *J, eg_error *err)
{
    const family *fam = ctx;
    double pv[2] = {p, fam->spec->p2};
    return family_eval2(ctx, pv, x, f, J, err);
}

/* ---- Running ------------------------------------------------------------- */

/* The start state, dim entries: a list (one number fills every entry) or an
 * episode, scaled as the network stores it, in the first units entries. */
static eg_status start_state(eg_run *run, const continuation_spec *spec, const eg_dyn_network *net, size_t dim,
                             double **out)
{
    const eg_value *v = spec->start;
    double *x = calloc(dim, sizeof *x);
    if (!x)
        return eg_run_fail(run, EG_ENOMEM, v->loc, "out of memory");
    if (v->kind == EG_VAL_NUMBER) {
        for (size_t i = 0; i < dim; i++)
            x[i] = v->num;
    } else if (v->kind == EG_VAL_LIST) {
        if (v->n != dim) {
            free(x);
            return eg_run_fail(run, EG_EIO, v->loc, "the start needs %zu entries (the state), got %zu", dim, v->n);
        }
        for (size_t i = 0; i < dim; i++)
            x[i] = v->items[i]->num;
    } else {
        double *p = NULL;
        size_t units = 0;
        eg_status st = eg_build_episode_row(run, v, &p, &units);
        if (st != EG_OK) {
            free(x);
            return st;
        }
        if (units != eg_dyn_network_units(net) || units > dim) {
            free(p);
            free(x);
            return eg_run_fail(run, EG_EIO, v->loc, "episode %s[%ld] has %zu units but the network has %zu",
                               v->str, v->index, units, eg_dyn_network_units(net));
        }
        for (size_t i = 0; i < units; i++)
            x[i] = p[i] * net->pattern_scale;
        free(p);
    }
    *out = x;
    return EG_OK;
}

/* Replaces x by the state reached after integrating the system at the start's
 * param for spec->settle (from the block's time `at`). */
static eg_status settle_start(eg_run *run, const continuation_spec *spec, const eg_dyn_system *sys, double *x)
{
    eg_integrate_opts o = eg_integrate_opts_default();
    o.t0 = spec->t;
    o.t1 = spec->t + spec->settle;
    o.dt_record = spec->settle;
    o.converge_tol = spec->opts.tol;
    eg_trajectory *tr = NULL;
    eg_error err;
    eg_status st = eg_integrate(sys, x, &o, &tr, &err);
    if (st != EG_OK) {
        eg_trajectory_free(tr);
        return eg_run_fail(run, st, eg_block_loc(spec->head.block, "settle"), "settling the start: %s", err.msg);
    }
    memcpy(x, tr->states->data + (tr->count - 1) * sys->dim, sys->dim * sizeof *x);
    eg_trajectory_free(tr);
    return EG_OK;
}

/* What the diagram shows of a state: x_unit, or the norm. */
static double shown(const continuation_spec *spec, const double *x, size_t dim)
{
    return eg_cont_shown(spec->has_unit, spec->unit, x, dim);
}

/* The table of points: branch, param, shown value, norm, stable, largest Re λ, unstable count. */
static eg_matrix *points_table(const continuation_spec *spec, const eg_cont_result *r)
{
    eg_matrix *T = eg_matrix_alloc(r->npoints ? r->npoints : 1, 7);
    if (!T)
        return NULL;
    if (!r->npoints)
        T->rows = 0;
    size_t n = r->dim;
    for (size_t k = 0; k < r->npoints; k++) {
        const double *x = r->x + k * n;
        double *row = T->data + k * 7;
        row[0] = (double)r->branch_of[k];
        row[1] = r->p[k];
        row[2] = shown(spec, x, n);
        row[3] = eg_cont_norm(x, n);
        row[4] = r->unstable[k] == 0;
        row[5] = r->lead_re[k];
        row[6] = (double)r->unstable[k];
    }
    return T;
}

/* Whether a special point of branch b lies between points j and j + 1 (its
 * index is the point after it). */
static int special_after(const eg_cont_result *r, size_t b, size_t j)
{
    for (size_t i = 0; i < r->nspecials; i++)
        if (r->specials[i].branch == b && r->specials[i].index == j + 1)
            return 1;
    return 0;
}

/* The diagram's data: param, the shown value on stable points, on unstable
 * points (NaN elsewhere, which breaks gnuplot's lines), and a row of NaN
 * between branches. A special point is a row of its own in both lines,
 * between the points it lies between, so that the style changes exactly
 * there; a change of stability with no special point between two points
 * puts both in both lines (the segment is drawn both ways). */
static eg_matrix *diagram_data(const continuation_spec *spec, const eg_cont_result *r)
{
    size_t rows = r->npoints + r->nbranches + r->nspecials;
    eg_matrix *D = eg_matrix_alloc(rows ? rows : 1, 3);
    if (!D)
        return NULL;
    size_t k = 0, n = r->dim;
    for (size_t b = 0; b < r->nbranches; b++) {
        const eg_cont_branch *br = &r->branches[b];
        size_t end = br->first + br->count;
        for (size_t j = br->first; j < end; j++) {
            double y = shown(spec, r->x + j * n, n);
            int stable = r->unstable[j] == 0;
            int prev = j > br->first && !special_after(r, b, j - 1) ? r->unstable[j - 1] == 0 : stable;
            int next = j + 1 < end && !special_after(r, b, j) ? r->unstable[j + 1] == 0 : stable;
            double *row = D->data + k++ * 3;
            row[0] = r->p[j];
            row[1] = stable || prev || next ? y : NAN;
            row[2] = !stable || !prev || !next ? y : NAN;
            /* A point that is stable between unstable ones belongs to both lines. */
            if (stable && !(prev && next))
                row[2] = y;
            for (size_t i = 0; i < r->nspecials && k < rows; i++) {
                const eg_cont_special *sp = &r->specials[i];
                if (sp->branch != b || sp->index != j + 1)
                    continue;
                double *srow = D->data + k++ * 3;
                srow[0] = sp->p;
                srow[1] = srow[2] = shown(spec, sp->x, n);
            }
        }
        double *gap = D->data + k++ * 3;
        gap[0] = gap[1] = gap[2] = NAN;
    }
    D->rows = k ? k : 0;
    return D;
}

/* The special points: one matrix per type for the figure (param, shown value). */
static eg_matrix *special_points(const continuation_spec *spec, const eg_cont_result *r, eg_cont_type type)
{
    size_t count = 0;
    for (size_t i = 0; i < r->nspecials; i++)
        count += r->specials[i].type == type;
    if (!count)
        return NULL;
    eg_matrix *M = eg_matrix_alloc(count, 2);
    if (!M)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < r->nspecials; i++)
        if (r->specials[i].type == type) {
            M->data[k * 2] = r->specials[i].p;
            M->data[k * 2 + 1] = shown(spec, r->specials[i].x, r->dim);
            k++;
        }
    return M;
}

/* The periodic orbits born at a Hopf point, into its object, and the folds
 * of cycles they went round ("cycle_folds": param, period, amplitude). */
/* The extremes over orbit o of the value the diagram shows: x_unit, x for
 * one unit, ‖x‖ otherwise. */
static void orbit_shown(const continuation_spec *spec, const eg_cont_orbit *o, size_t n, double *hi, double *lo)
{
    size_t i = spec->has_unit ? spec->unit : 0;
    if (spec->has_unit || n == 1) {
        *hi = o->x_max[i];
        *lo = o->x_min[i];
    } else {
        *hi = o->norm_max;
        *lo = o->norm_min;
    }
}

static void add_orbits(const continuation_spec *spec, eg_report *o, const eg_cont_orbit *orbits, size_t count,
                       size_t n)
{
    eg_report *list = eg_report_add(o, "orbits", EG_REPORT_ARRAY);
    size_t folds = 0;
    for (size_t k = 0; k < count; k++) {
        eg_report *e = eg_report_add(list, NULL, EG_REPORT_OBJECT);
        double hi, lo;
        orbit_shown(spec, &orbits[k], n, &hi, &lo);
        eg_report_add_number(e, "param", orbits[k].p);
        eg_report_add_number(e, "period", orbits[k].period);
        eg_report_add_number(e, "amplitude", orbits[k].amplitude);
        eg_report_add_bool(e, "stable", orbits[k].stable);
        eg_report_add_number(e, "max", hi);
        eg_report_add_number(e, "min", lo);
        eg_report_add_numbers(e, "state", orbits[k].x0, n);
        eg_report_add_numbers(e, "multipliers_re", orbits[k].mult_re, n);
        eg_report_add_numbers(e, "multipliers_im", orbits[k].mult_im, n);
        folds += orbits[k].past_fold != 0;
    }
    if (!folds)
        return;
    eg_report *fl = eg_report_add(o, "cycle_folds", EG_REPORT_ARRAY);
    for (size_t k = 0; k < count; k++)
        if (orbits[k].past_fold) {
            eg_report *e = eg_report_add(fl, NULL, EG_REPORT_OBJECT);
            eg_report_add_number(e, "param", orbits[k].fold_p);
            eg_report_add_number(e, "period", orbits[k].fold_period);
            eg_report_add_number(e, "amplitude", orbits[k].fold_amplitude);
        }
}

static void add_special(const continuation_spec *spec, eg_report *list, const eg_cont_result *r,
                        const eg_cont_special *sp, const eg_cont_orbit *orbits, size_t norbits)
{
    size_t n = r->dim;
    eg_report *o = eg_report_add(list, NULL, EG_REPORT_OBJECT);
    eg_report_add_string(o, "type", eg_cont_type_name(sp->type));
    eg_report_add_number(o, "param", sp->p);
    eg_report_add_integer(o, "branch", (long long)sp->branch);
    eg_report_add_number(o, "norm", eg_cont_norm(sp->x, n));
    eg_report_add_numbers(o, "state", sp->x, n);
    eg_report_add_numbers(o, "eig_re", sp->eig_re, sp->neig);
    eg_report_add_numbers(o, "eig_im", sp->eig_im, sp->neig);
    if (sp->type == EG_CONT_LP)
        eg_report_add_number(o, "tangent_param", sp->test);
    else if (sp->type == EG_CONT_BP)
        eg_report_add_number(o, "sigma_min", sp->test);
    else {
        eg_report_add_number(o, "omega", sp->test);
        eg_report_add_number(o, "period", 2 * 3.14159265358979323846 / sp->test);
        if (isfinite(sp->l1)) {
            eg_report_add_number(o, "l1", sp->l1);
            eg_report_add_string(o, "criticality", sp->l1 < 0 ? "supercritical" : "subcritical");
        }
        if (orbits)
            add_orbits(spec, o, orbits, norbits, n);
    }
}

/* Widens [*lo, *hi] to the finite values of a matrix's columns 1 and on. */
static void span_of(const eg_report *m, double *lo, double *hi)
{
    for (size_t i = 0; m && m->matrix && i < m->matrix->rows; i++)
        for (size_t j = 1; j < m->matrix->cols; j++) {
            double v = m->matrix->data[i * m->matrix->cols + j];
            if (isfinite(v)) {
                *lo = fmin(*lo, v);
                *hi = fmax(*hi, v);
            }
        }
}

/* The diagram: solid stable, dashed unstable, the special points marked and labelled. */
static void add_figure(const eg_block *block, const continuation_spec *spec, const eg_cont_result *r,
                       eg_report *result)
{
    char title[256], ylabel[64];
    int cycles = eg_report_get(result, "diagram_cycles") != NULL;
    snprintf(title, sizeof title, "%s: equilibria%s as %s moves", block->name, cycles ? " and cycles" : "",
             spec->param);
    if (spec->has_unit)
        snprintf(ylabel, sizeof ylabel, "x_%zu", spec->unit);
    else
        snprintf(ylabel, sizeof ylabel, "%s", r->dim == 1 ? "x" : "|x|");
    eg_figure *fig = eg_figure_add(result, "diagram", title, spec->param, ylabel);
    eg_figure_series *st = eg_figure_xy(fig, "diagram", 0, 1, EG_FIGURE_LINES, "stable");
    eg_figure_series *un = eg_figure_xy(fig, "diagram", 0, 2, EG_FIGURE_LINES, "unstable");
    if (st)
        st->color = "#000000";
    if (un)
        un->color = "#000000", un->dash = 2;
    /* The periodic orbits from Hopf points: the shown value's maximum and
     * minimum over each, solid where stable and dashed where not. The y
     * range then spans both with a margin, so that a branch at the range's
     * edge (the rest state at |x| = 0) is not hidden by the frame. */
    if (cycles) {
        double lo = INFINITY, hi = -INFINITY;
        span_of(eg_report_get(result, "diagram"), &lo, &hi);
        span_of(eg_report_get(result, "diagram_cycles"), &lo, &hi);
        double pad = hi > lo ? 0.05 * (hi - lo) : 1;
        if (fig && isfinite(lo) && isfinite(hi))
            fig->yrange = (eg_figure_range){1, lo - pad, hi + pad};
        static const char *const titles[4] = {"cycles, stable (max, min)", "cycles, unstable (max, min)",
                                              "cycles, stable (min)", "cycles, unstable (min)"};
        for (size_t c = 1; c <= 4; c++) {
            eg_figure_series *cy = eg_figure_xy(fig, "diagram_cycles", 0, c, EG_FIGURE_LINES, titles[c - 1]);
            if (cy) {
                cy->color = "#9467bd";
                cy->dash = c % 2 ? 0 : 2;
                cy->no_title = c > 2; /* the key names both extremes once */
            }
        }
    }
    if (eg_report_get(result, "diagram_LPC")) {
        eg_figure_series *lpc = eg_figure_xy(fig, "diagram_LPC", 0, 1, EG_FIGURE_POINTS, "LPC (fold of cycles)");
        if (lpc)
            lpc->point_size = 1.5, lpc->color = "#ff7f0e";
        const eg_report *m = eg_report_get(result, "diagram_LPC");
        for (size_t i = 0; m && m->matrix && i < m->matrix->rows; i++)
            eg_figure_label_add(fig, m->matrix->data[2 * i], m->matrix->data[2 * i + 1], "LPC");
    }
    static const char *const keys[] = {"special_LP", "special_BP", "special_H"};
    static const char *const titles[] = {"LP (fold)", "BP (branch point)", "H (Hopf)"};
    static const char *const colors[] = {"#d62728", "#1f77b4", "#2ca02c"};
    for (int t = 0; t < 3; t++)
        if (eg_report_get(result, keys[t])) {
            eg_figure_series *s = eg_figure_xy(fig, keys[t], 0, 1, EG_FIGURE_POINTS, titles[t]);
            if (s)
                s->point_size = 1.5, s->color = colors[t];
        }
    for (size_t i = 0; i < r->nspecials; i++) {
        const eg_cont_special *sp = &r->specials[i];
        eg_figure_label_add(fig, sp->p, shown(spec, sp->x, r->dim), eg_cont_type_name(sp->type));
    }
}

/* Periodic orbits from every Hopf point with its l1, when asked. A Hopf point
 * from which shooting finds none gets an empty list. */
/* Rows of the diagram's cycles: param, the shown value's maximum on stable
 * and on unstable orbits, its minimum likewise (NaN where the orbit is the
 * other kind; at a change of stability both), a NaN row after each Hopf
 * point's orbits; and the folds of cycles (param, the maximum there). */
typedef struct cycle_rows {
    eg_matrix *rows, *folds; /* filled up to their rows; room for cap and fold_cap rows */
    size_t cap, fold_cap;
} cycle_rows;

/* Appends row v (m->cols values) to m when there is room (m->rows < cap). */
static void push_row(eg_matrix *m, size_t cap, const double *v)
{
    if (m && m->rows < cap)
        memcpy(m->data + m->cols * m->rows++, v, m->cols * sizeof *v);
}

static void add_cycle_rows(const continuation_spec *spec, const eg_cont_orbit *o, size_t count, size_t n,
                           cycle_rows *c)
{
    for (size_t k = 0; k < count; k++) {
        double hi, lo;
        orbit_shown(spec, &o[k], n, &hi, &lo);
        int prev = k > 0 ? o[k - 1].stable : o[k].stable, next = k + 1 < count ? o[k + 1].stable : o[k].stable;
        int in_stable = o[k].stable || prev || next, in_unstable = !o[k].stable || !prev || !next;
        double row[5] = {o[k].p, in_stable ? hi : NAN, in_unstable ? hi : NAN, in_stable ? lo : NAN,
                         in_unstable ? lo : NAN};
        push_row(c->rows, c->cap, row);
        if (o[k].past_fold) {
            /* Marked at the maximum of the orbit before the turn, the one nearest the fold. */
            double phi, plo;
            orbit_shown(spec, &o[k - 1], n, &phi, &plo);
            double fold[2] = {o[k].fold_p, phi};
            push_row(c->folds, c->fold_cap, fold);
        }
    }
    double gap[5] = {NAN, NAN, NAN, NAN, NAN};
    push_row(c->rows, c->cap, gap);
}

static eg_status add_all_orbits(const continuation_spec *spec, const eg_cont_problem *prob, const eg_cont_result *r,
                                eg_report *list, eg_report *result, eg_error *err)
{
    size_t hopf = 0;
    for (size_t i = 0; i < r->nspecials; i++)
        hopf += r->specials[i].type == EG_CONT_H;
    cycle_rows c = {NULL, NULL, hopf * (spec->orbits + 1), hopf * spec->orbits};
    if (spec->orbits && hopf) {
        c.rows = eg_matrix_alloc(c.cap, 5);
        c.folds = eg_matrix_alloc(c.fold_cap, 2);
        if (c.rows)
            c.rows->rows = 0;
        if (c.folds)
            c.folds->rows = 0;
    }
    for (size_t i = 0; i < r->nspecials; i++) {
        const eg_cont_special *sp = &r->specials[i];
        eg_cont_orbit *orbits = NULL;
        size_t norbits = 0;
        if (spec->orbits && sp->type == EG_CONT_H && isfinite(sp->l1)) {
            eg_status st = eg_cont_orbits(prob, sp, spec->orbits, spec->orbit_step, &orbits, &norbits, err);
            if (st == EG_ENOMEM) {
                eg_matrix_free(c.rows);
                eg_matrix_free(c.folds);
                return st;
            }
            if (st != EG_OK) {
                orbits = NULL;
                norbits = 0;
            }
        }
        add_special(spec, list, r, sp, orbits, norbits);
        if (spec->orbits && sp->type == EG_CONT_H && !orbits)
            add_orbits(spec, (eg_report *)list->kids[list->n - 1], NULL, 0, r->dim);
        if (norbits)
            add_cycle_rows(spec, orbits, norbits, r->dim, &c);
        eg_cont_orbits_free(orbits, norbits);
    }
    if (c.rows && c.rows->rows > 0)
        eg_report_add_matrix(result, "diagram_cycles", c.rows);
    else
        eg_matrix_free(c.rows);
    if (c.folds && c.folds->rows)
        eg_report_add_matrix(result, "diagram_LPC", c.folds);
    else
        eg_matrix_free(c.folds);
    return EG_OK;
}

static eg_status add_results(const eg_block *block, const continuation_spec *spec, const eg_cont_problem *prob,
                             const eg_cont2_problem *prob2, const eg_cont_result *r, const double *start,
                             eg_report *result, int *failed2, char *why2, size_t why_cap, eg_error *err)
{
    eg_report_add_string(result, "param", spec->param);
    eg_report_add_number(result, "from", spec->p0);
    double range[2] = {spec->lo, spec->hi};
    eg_report_add_numbers(result, "range", range, 2);
    eg_report_add_integer(result, "points", (long long)r->npoints);
    eg_report *brs = eg_report_add(result, "branches", EG_REPORT_ARRAY);
    for (size_t b = 0; b < r->nbranches; b++) {
        eg_report *o = eg_report_add(brs, NULL, EG_REPORT_OBJECT);
        eg_report_add_integer(o, "first", (long long)r->branches[b].first);
        eg_report_add_integer(o, "points", (long long)r->branches[b].count);
        eg_report_add_string(o, "end", eg_cont_end_name(r->branches[b].end));
        eg_report_add_integer(o, "from_special", r->branches[b].from_special);
    }
    eg_report *list = eg_report_add(result, "special", EG_REPORT_ARRAY);
    if (list && add_all_orbits(spec, prob, r, list, result, err) != EG_OK)
        return EG_ENOMEM;
    eg_matrix *T = points_table(spec, r);
    eg_report_add_table(result, "branch", T, "branch");
    eg_matrix *X = eg_matrix_alloc(r->npoints ? r->npoints : 1, r->dim);
    if (X) {
        X->rows = r->npoints;
        memcpy(X->data, r->x, r->npoints * r->dim * sizeof *X->data);
    }
    eg_report_add_matrix(result, "states", X);
    eg_report_add_matrix(result, "diagram", diagram_data(spec, r));
    static const char *const keys[] = {"special_LP", "special_BP", "special_H"};
    for (int t = 0; t < 3; t++) {
        eg_matrix *M = special_points(spec, r, (eg_cont_type)t);
        if (M)
            eg_report_add_matrix(result, keys[t], M);
    }
    eg_report_add_number(result, "solve_seconds", r->solve_seconds);
    eg_report_add_number(result, "eigen_seconds", r->eigen_seconds);
    eg_report_add_integer(result, "factorizations", (long long)r->factorizations);
    eg_report_add_integer(result, "refined_tangents", (long long)r->refined_tangents);
    eg_report_add_integer(result, "eigenvalues", (long long)r->neig);
    eg_report_add_integer(result, "eigen_calls", (long long)r->eigen_calls);
    eg_report_add_integer(result, "full_spectra", (long long)r->full_spectra);
    eg_report_add_number(result, "eigen_factor_seconds", r->eigen_factor_seconds);
    eg_report_add_integer(result, "eigen_solves", (long long)r->eigen_solves);
    eg_report_add_bool(result, "complete", !r->failed);
    add_figure(block, spec, r, result);

    char text[2048];
    size_t n = (size_t)snprintf(text, sizeof text, "continuation %s: %zu points on %zu branch%s in %s = %g .. %g",
                                block->name, r->npoints, r->nbranches, r->nbranches == 1 ? "" : "es", spec->param,
                                spec->lo, spec->hi);
    for (size_t i = 0; i < r->nspecials && i < 12 && n < sizeof text; i++) {
        const eg_cont_special *sp = &r->specials[i];
        n += (size_t)snprintf(text + n, sizeof text - n, "\n  %-2s at %s = %.10g, |x| = %.6g", eg_cont_type_name(sp->type),
                              spec->param, sp->p, eg_cont_norm(sp->x, r->dim));
        if (sp->type == EG_CONT_H && n < sizeof text) {
            n += (size_t)snprintf(text + n, sizeof text - n, ", omega = %.6g", sp->test);
            if (isfinite(sp->l1) && n < sizeof text)
                n += (size_t)snprintf(text + n, sizeof text - n, ", l1 = %.4g (%s)", sp->l1,
                                      sp->l1 < 0 ? "supercritical" : "subcritical");
        }
    }
    const eg_report *sl = eg_report_get(result, "special");
    for (size_t i = 0; sl && i < sl->n && n < sizeof text; i++) {
        const eg_report *orb = eg_report_get(sl->kids[i], "orbits"), *fl = eg_report_get(sl->kids[i], "cycle_folds");
        if (orb)
            n += (size_t)snprintf(text + n, sizeof text - n, "\n  %zu periodic orbit%s from the H at %.6g", orb->n,
                                  orb->n == 1 ? "" : "s", r->specials[i].p);
        for (size_t k = 0; fl && k < fl->n && n < sizeof text; k++) {
            const eg_report *p = eg_report_get(fl->kids[k], "param");
            n += (size_t)snprintf(text + n, sizeof text - n, ", round a fold of cycles at %s = %.6g", spec->param,
                                  p ? p->number : NAN);
        }
    }
    if (r->failed && n < sizeof text)
        snprintf(text + n, sizeof text - n, "\n  stopped: %s", r->why);
    if (prob2) {
        eg_cont_curves_setup cs = {.prob = prob2, .opts = spec->opts2, .p2 = spec->p2, .follow = spec->follow,
                                   .has_unit = spec->has_unit, .unit = spec->unit};
        if (eg_cont_curves_run(&cs, r, block->name, result, text, sizeof text, failed2, why2, why_cap, err) != EG_OK)
            return EG_ENOMEM;
    }
    if (spec->has_cycle) {
        eg_cont_cycle_opts co = spec->cycle;
        co.x0 = co.mark = start;
        if (eg_cont_cycles_run(prob, &co, r, block->name, result, text, sizeof text, failed2, why2, why_cap, err) !=
            EG_OK)
            return EG_ENOMEM;
    }
    if (*failed2) { /* a curve or the cycle stopped: the results so far are written, marked incomplete */
        eg_report *complete = (eg_report *)eg_report_get(result, "complete");
        if (complete)
            complete->integer = 0;
    }
    eg_report_add_string(result, "text", text);
    return EG_OK;
}

static eg_status run_continuation(eg_run *run, const eg_spec *head, eg_report *result)
{
    const continuation_spec *spec = EG_SPEC_OF(continuation_spec, head);
    const eg_block *block = head->block;
    eg_numerics_init();
    family fam = {.run = run, .spec = spec, .nparams = spec->param2 ? 2 : 1};
    eg_loc locs[2] = {eg_block_loc(block, "vary"), eg_block_loc(block, "vary2")};
    const char *names[2] = {spec->param, spec->param2};
    eg_status st = EG_OK;
    double *x0 = NULL, *start = NULL;
    eg_cont_result *r = NULL;
    if (!(fam.rebind = eg_rebind_new(eg_run_model_of(run), names, locs, fam.nparams)))
        return eg_run_fail(run, EG_ENOMEM, block->loc, "out of memory");
    eg_error err;
    slot *s0 = NULL;
    double pv0[2] = {spec->p0, spec->p2};
    if ((st = family_at(&fam, pv0, &s0, &err)) != EG_OK) {
        st = eg_run_fail(run, st, block->loc, "%s", err.msg);
        goto done;
    }
    eg_cont_problem prob = {.dim = s0->sys.dim, .eval = family_eval, .ctx = &fam, .name = spec->param};
    eg_cont2_problem prob2 = {.dim = s0->sys.dim, .eval = family_eval2, .ctx = &fam,
                              .names = {spec->param, spec->param2}};
    if ((st = start_state(run, spec, s0->net, prob.dim, &x0)) != EG_OK)
        goto done;
    if (spec->has_cycle && !(start = malloc(prob.dim * sizeof *start))) {
        st = eg_run_fail(run, EG_ENOMEM, block->loc, "out of memory");
        goto done;
    }
    if (start)
        memcpy(start, x0, prob.dim * sizeof *start); /* the cycle's section passes nearest it */
    if (spec->settle > 0 && (st = settle_start(run, spec, &s0->sys, x0)) != EG_OK)
        goto done;
    eg_cont_opts o = spec->opts;
    o.x0 = x0;
    st = eg_cont_trace(&prob, &o, &r, &err);
    if (st == EG_EINVAL) {
        int range = !(spec->p0 >= spec->lo && spec->p0 <= spec->hi);
        st = eg_run_fail(run, EG_ENUMERIC, range ? eg_block_loc(block, "range") : spec->start->loc, "%s", err.msg);
        goto done;
    }
    if (st != EG_OK) {
        st = eg_run_fail(run, st, block->loc, "%s", err.msg);
        goto done;
    }
    int failed2 = 0;
    char why2[600] = "";
    if ((st = add_results(block, spec, &prob, spec->param2 ? &prob2 : NULL, r, start, result, &failed2, why2, sizeof why2,
                          &err)) != EG_OK) {
        st = eg_run_fail(run, st, block->loc, "%s", err.msg);
        goto done;
    }
    if (r->failed)
        st = eg_run_fail(run, EG_ENUMERIC, block->loc, "continuation %s: %s (the branches so far are written)",
                         block->name, r->why);
    else if (failed2)
        st = eg_run_fail(run, EG_ENUMERIC, block->loc, "continuation %s: %s (the results so far are written)",
                         block->name, why2);
done:
    eg_cont_result_free(r);
    free(x0);
    free(start);
    family_free(&fam);
    return st;
}

const eg_kind eg_kind_continuation = {.schema = &continuation_schema, .compile = compile_continuation,
                                      .run = run_continuation};
