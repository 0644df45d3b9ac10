/* network_rate.c: the network keys of continuous-time rate networks (SCIENCE.md
 * §1) and GSEMM sequence memories (§5.1), and the builder that turns them into
 * an eg_rate_net or an eg_gsemm. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engram/csv.h"
#include "engram/npy.h"
#include "run/expr_fn.h"
#include "run/kinds.h"
#include "run/build.h"

/* Activations: φ(x) = f(g (x − θ)) (activation.h), or an expression in x. */
static const eg_type gain_type = EG_TYPE_NUMBER_RANGE(0x1p-1074, HUGE_VAL, "a positive gain");
static const eg_key linear_keys[] = {EG_KEYS_END};
static const eg_key tanh_keys[] = {
    {"gain", &gain_type, 0, 1, NULL, "g in tanh(g (x − θ))"},
    {"threshold", &eg_type_number, 0, 0, NULL, "the threshold θ"},
    EG_KEYS_END,
};
static const eg_key sigmoid_keys[] = {
    {"gain", &gain_type, 0, 1, NULL, "g in 1 / (1 + exp(−g (x − θ)))"},
    {"threshold", &eg_type_number, 0, 0, NULL, "the threshold θ"},
    EG_KEYS_END,
};
static const eg_key relu_keys[] = {
    {"threshold", &eg_type_number, 0, 0, NULL, "θ in max(0, x − θ)"},
    {"gain", &gain_type, 0, 1, NULL, "slope g above the threshold"},
    EG_KEYS_END,
};
static const eg_key thrlin_keys[] = {
    {"threshold", &eg_type_number, 0, 0, NULL, "the threshold θ: φ is 0 below it"},
    {"saturation", &eg_type_positive, 0, 1, NULL, "the ceiling of φ"},
    {"gain", &gain_type, 0, 1, NULL, "slope g between the threshold and the ceiling"},
    EG_KEYS_END,
};
static const eg_key softplus_keys[] = {
    {"gain", &gain_type, 0, 1, NULL, "g in log(1 + exp(g (x − θ)))"},
    {"threshold", &eg_type_number, 0, 0, NULL, "the threshold θ"},
    EG_KEYS_END,
};
static const eg_key expr_keys[] = {
    {"f", &eg_type_string, 1, 0, NULL, "φ(x) as an expression in x, e.g. \"x / (1 + abs(x))\""},
    EG_KEYS_END,
};
static const eg_schema linear_fn = EG_SCHEMA("linear", "φ(x) = x", linear_keys);
static const eg_schema tanh_fn = EG_SCHEMA("tanh", "φ(x) = tanh(g (x − θ))", tanh_keys);
static const eg_schema sigmoid_fn = EG_SCHEMA("sigmoid", "φ(x) = 1 / (1 + exp(−g (x − θ)))", sigmoid_keys);
static const eg_schema relu_fn = EG_SCHEMA("relu", "φ(x) = max(0, g (x − θ))", relu_keys);
static const eg_schema thrlin_fn =
    EG_SCHEMA("threshold_linear", "φ(x) = min(max(0, g (x − θ)), saturation)", thrlin_keys);
static const eg_schema softplus_fn = EG_SCHEMA("softplus", "φ(x) = log(1 + exp(g (x − θ)))", softplus_keys);
static const eg_schema expr_fn = EG_SCHEMA("expr", "φ(x) given as an expression in x", expr_keys);
static const eg_schema *const activations[] = {&linear_fn, &tanh_fn,     &sigmoid_fn, &relu_fn,
                                               &thrlin_fn, &softplus_fn, &expr_fn,    NULL};
static const eg_type activation_type = {.kind = EG_TY_CALL, .calls = activations,
                                        .what = "an activation such as tanh(gain = 2) or expr(\"x / (1 + abs(x))\")"};

static const char *const form_words[] = {"voltage", "rate", NULL};
static const eg_type form_type = {.kind = EG_TY_WORD, .words = form_words};
static const char *const precision_words[] = {"double", "single", NULL};
static const eg_type precision_type = {.kind = EG_TY_WORD, .words = precision_words};
static const char *const kind_words[] = {"gsemm", "lisem", "dsem", NULL};
static const eg_type kind_type = {.kind = EG_TY_WORD, .words = kind_words};
static const char *const scale_words[] = {"unit", "none", NULL};
static const eg_type scale_type = {.kind = EG_TY_WORD, .words = scale_words};
static const eg_type memories_type = {.kind = EG_TY_REF, .ref_kind = "memories", .ref_item = EG_REF_WHOLE};
static const eg_type sequence_type = {.kind = EG_TY_REF, .ref_kind = "sequence", .ref_item = EG_REF_WHOLE};

const eg_key eg_network_rate_keys[] = {
    {"form", &form_type, 0, 0, "voltage", "voltage: τ x' = −λx + Wφ(x) + b + I; rate: τ r' = −λr + φ(Wr + b + I)"},
    {"tau", &eg_type_vector, 0, 1, NULL, "time constant τ: one number or one per unit"},
    {"leak", &eg_type_vector, 0, 1, NULL, "leak λ: one number or one per unit"},
    {"bias", &eg_type_vector, 0, 0, NULL, "bias b: one number or one per unit"},
    {"weights", &eg_type_weights, 0, 0, NULL, "W (W[i][j]: from unit j to unit i), inline or load(\"W.npy\")"},
    {"activation", &activation_type, 0, 0, "linear", "the nonlinearity φ"},
    {"precision", &precision_type, 0, 0, "double",
     "of W in the right-hand side: double, or single (W as float, cblas_sgemv: half the memory traffic; the state "
     "stays double)"},
    {"kind", &kind_type, 0, 0, NULL, "a sequence memory: gsemm (three layers), lisem or dsem"},
    {"memories", &memories_type, 0, 0, NULL, "the memories Ξ of a sequence memory"},
    {"transitions", &sequence_type, 0, 0, NULL, "which memory follows which (a sequence block)"},
    {"memory_scale", &scale_type, 0, 0, NULL, "columns of Ξ: unit (ξ/√N_f; default for gsemm and dsem) or none"},
    {"alpha_s", &eg_type_nonnegative, 0, NAN, NULL, "α_s, strength of the memories (default per kind)"},
    {"alpha_c", &eg_type_nonnegative, 0, NAN, NULL, "α_c, strength of the transitions"},
    {"beta_d", &eg_type_nonnegative, 0, NAN, NULL, "β_d, gain into the delay layer (lisem, dsem)"},
    {"gamma", &eg_type_positive, 0, NAN, NULL, "γ: tanh gain (lisem), softmax inverse temperature (dsem, gsemm)"},
    {"T_f", &eg_type_positive, 0, NAN, NULL, "time constant of the feature layer"},
    {"T_h", &eg_type_positive, 0, NAN, NULL, "time constant of the memory layer (gsemm)"},
    {"T_d", &eg_type_positive, 0, NAN, NULL, "time constant of the delay layer"},
    EG_KEYS_END,
};

static void free_dyn(void *p)
{
    eg_dyn_network *d = p;
    eg_rate_free(d->rate);
    eg_gsemm_free(d->gsemm);
    eg_expr_fn_free(d->expr);
    free(d);
}

size_t eg_dyn_network_units(const eg_dyn_network *net)
{
    return net->rate ? net->rate->n : net->gsemm->nf;
}

/* The activation library calls user functions as f(x, ctx). */
static double expr_of_x(double x, void *fn)
{
    return eg_expr_fn_eval(fn, x);
}

static eg_status set_activation(eg_run *run, const eg_block *block, eg_dyn_network *d, eg_activation *a)
{
    const eg_value *v = eg_block_value(block, "activation");
    const char *name = eg_block_word(block, "activation");
    eg_error err;
    if (strcmp(name, "expr") == 0) {
        const eg_value *f = eg_value_arg(v, "f");
        eg_status st = eg_expr_fn_compile(f->str, "x", &d->expr, &err);
        if (st != EG_OK)
            return eg_run_fail(run, st, f->loc, "%s", err.msg);
        *a = eg_activation_default(EG_ACT_USER);
        a->user_f = expr_of_x;
        a->user_ctx = d->expr;
        return EG_OK;
    }
    eg_act_kind kind;
    eg_status st = eg_activation_kind_from_name(name, &kind, &err);
    if (st != EG_OK)
        return eg_run_fail(run, st, eg_block_loc(block, "activation"), "%s", err.msg);
    *a = eg_activation_default(kind);
    if (v) {
        if (eg_value_arg(v, "gain"))
            a->gain = eg_call_number(v, "gain");
        if (eg_value_arg(v, "threshold"))
            a->threshold = eg_call_number(v, "threshold");
        if (eg_value_arg(v, "saturation"))
            a->saturation = eg_call_number(v, "saturation");
    }
    if ((st = eg_activation_check(a, &err)) != EG_OK)
        return eg_run_fail(run, st, eg_block_loc(block, "activation"), "%s", err.msg);
    return EG_OK;
}

/* Fills a per-unit array of the network from a key, when the file sets it. */
static eg_status unit_key(eg_run *run, const eg_block *block, const char *key, size_t n, double *dst)
{
    const eg_value *v = eg_block_value(block, key);
    if (!v)
        return EG_OK;
    double *x = NULL;
    char what[64];
    snprintf(what, sizeof what, "'%s'", key);
    eg_status st = eg_build_unit_vector(run, v, n, what, &x);
    if (st != EG_OK)
        return st;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(key, "tau") == 0 && !(x[i] > 0)) {
            free(x);
            return eg_run_fail(run, EG_EINVAL, v->loc, "'tau' must be positive (unit %zu has %g)", i, x[i]);
        }
    }
    memcpy(dst, x, n * sizeof *x);
    free(x);
    return EG_OK;
}

static eg_norm norm_of(const char *word)
{
    if (strcmp(word, "count") == 0)
        return EG_NORM_COUNT;
    if (strcmp(word, "none") == 0)
        return EG_NORM_NONE;
    return EG_NORM_UNITS;
}

/* W from the stored episodes with the network's storage rule (dense Hebbian). */
static eg_status stored_weights(eg_run *run, const eg_block *block, const eg_episodes *ep, eg_matrix **out)
{
    const char *rule = eg_block_word(block, "rule");
    if (strcmp(rule, "hebb") != 0)
        return eg_run_fail(run, EG_EINVAL, eg_block_loc(block, "rule"),
                           "a rate network stores its episodes with rule = hebb; '%s' is for discrete recall "
                           "(or give the weights with 'weights')",
                           rule);
    eg_hebbian_options opt = eg_hebbian_options_default();
    opt.norm = norm_of(eg_block_word(block, "normalize"));
    opt.keep_self = eg_block_number(block, "self") != 0;
    opt.form = EG_HOPFIELD_DENSE;
    eg_hopfield *h = NULL;
    eg_error err;
    eg_status st = eg_hopfield_alloc_hebbian(ep, &opt, &h, &err);
    if (st != EG_OK)
        return eg_run_fail(run, st, eg_block_loc(block, "store"), "%s", err.msg);
    const eg_matrix *w = eg_hopfield_weights(h);
    eg_matrix *m = w ? eg_matrix_copy(w) : NULL;
    eg_hopfield_free(h);
    if (!m)
        return eg_run_fail(run, EG_ENOMEM, eg_block_loc(block, "store"), "out of memory");
    *out = m;
    return EG_OK;
}

static eg_status build_rate(eg_run *run, const eg_block *block, eg_dyn_network *d)
{
    const eg_value *wv = eg_block_value(block, "weights"), *store = eg_block_value(block, "store");
    const eg_value *units = eg_block_value(block, "units");
    char desc[160];
    eg_block_describe(block, desc, sizeof desc);
    if (wv && store)
        return eg_run_fail(run, EG_EINVAL, eg_block_loc(block, "store"),
                           "%s sets both 'weights' and 'store'; give the weights one way", desc);
    static const char *const sequence_only[] = {"memories", "transitions", "memory_scale", "alpha_s", "alpha_c",
                                                "beta_d", "gamma", "T_f", "T_h", "T_d", NULL};
    for (size_t i = 0; sequence_only[i]; i++)
        if (eg_block_value(block, sequence_only[i]))
            return eg_run_fail(run, EG_EINVAL, eg_block_loc(block, sequence_only[i]),
                               "'%s' is a key of sequence memories (kind = gsemm | lisem | dsem), not of rate networks",
                               sequence_only[i]);
    eg_matrix *W = NULL;
    eg_status st = EG_OK;
    if (wv) {
        if ((st = eg_build_matrix(run, wv, &W)) != EG_OK)
            return st;
        if (W->rows != W->cols) {
            st = eg_run_fail(run, EG_EINVAL, wv->loc, "weights must be square, got %zu × %zu", W->rows, W->cols);
        } else if (units && (size_t)units->num != W->rows) {
            st = eg_run_fail(run, EG_EINVAL, wv->loc, "weights are %zu × %zu but the network has %zu unit%s", W->rows,
                             W->cols, (size_t)units->num, units->num == 1 ? "" : "s");
        }
    } else if (store) {
        const eg_episodes *ep = NULL;
        if ((st = eg_build_episodes(run, store->ref, &ep)) != EG_OK)
            return st;
        if (units && (size_t)units->num != ep->units)
            return eg_run_fail(run, EG_EINVAL, units->loc,
                               "network has %zu units but memories '%s' holds episodes of %zu units",
                               (size_t)units->num, store->str, ep->units);
        d->stored = ep;
        st = stored_weights(run, block, ep, &W);
    } else if (units) {
        if (!(W = eg_matrix_alloc((size_t)units->num, (size_t)units->num)))
            st = eg_run_fail(run, EG_ENOMEM, block->loc, "out of memory");
    } else {
        st = eg_run_fail(run, EG_EINVAL, block->loc, "%s needs 'units', 'weights' or 'store'", desc);
    }
    if (st != EG_OK) {
        eg_matrix_free(W);
        return st;
    }
    size_t n = W->rows;
    if (!(d->rate = eg_rate_alloc(n))) {
        eg_matrix_free(W);
        return eg_run_fail(run, EG_ENOMEM, block->loc, "out of memory");
    }
    eg_matrix_free(d->rate->W);
    d->rate->W = W;
    d->rate->form = strcmp(eg_block_word(block, "form"), "rate") == 0 ? EG_RATE_RATE : EG_RATE_VOLTAGE;
    if ((st = unit_key(run, block, "tau", n, d->rate->tau)) != EG_OK ||
        (st = unit_key(run, block, "leak", n, d->rate->leak)) != EG_OK ||
        (st = unit_key(run, block, "bias", n, d->rate->bias)) != EG_OK ||
        (st = set_activation(run, block, d, &d->rate->act)) != EG_OK)
        return st;
    eg_error err;
    if ((st = eg_rate_check(d->rate, &err)) != EG_OK)
        return eg_run_fail(run, st, block->loc, "%s: %s", desc, err.msg);
    if (strcmp(eg_block_word(block, "precision"), "single") == 0 && (st = eg_rate_use_single(d->rate, &err)) != EG_OK)
        return eg_run_fail(run, st, eg_block_loc(block, "precision"), "%s: %s", desc, err.msg);
    return EG_OK;
}

static void set_if(const eg_block *block, const char *key, double *dst)
{
    if (eg_block_value(block, key))
        *dst = eg_block_number(block, key);
}

static eg_status build_gsemm(eg_run *run, const eg_block *block, eg_dyn_network *d)
{
    char desc[160];
    eg_block_describe(block, desc, sizeof desc);
    const eg_value *mem = eg_block_value(block, "memories"), *tr = eg_block_value(block, "transitions");
    if (!mem)
        return eg_run_fail(run, EG_EINVAL, block->loc, "%s (kind = %s) needs 'memories'", desc,
                           eg_block_word(block, "kind"));
    if (!tr)
        return eg_run_fail(run, EG_EINVAL, block->loc, "%s (kind = %s) needs 'transitions'", desc,
                           eg_block_word(block, "kind"));
    static const char *const rate_only[] = {"weights", "store", "bias", "form", "tau", "leak", "precision", NULL};
    for (size_t i = 0; rate_only[i]; i++)
        if (eg_block_value(block, rate_only[i]))
            return eg_run_fail(run, EG_EINVAL, eg_block_loc(block, rate_only[i]),
                               "'%s' is a key of rate networks; a sequence memory (kind = %s) does not take it",
                               rate_only[i], eg_block_word(block, "kind"));
    const eg_episodes *ep = NULL;
    eg_status st = eg_build_episodes(run, mem->ref, &ep);
    if (st != EG_OK)
        return st;
    const eg_value *units = eg_block_value(block, "units");
    if (units && (size_t)units->num != ep->units)
        return eg_run_fail(run, EG_EINVAL, units->loc,
                           "network has %zu units but memories '%s' holds episodes of %zu units",
                           (size_t)units->num, mem->str, ep->units);
    eg_error err;
    eg_gsemm_kind kind;
    if ((st = eg_gsemm_kind_from_name(eg_block_word(block, "kind"), &kind, &err)) != EG_OK)
        return eg_run_fail(run, st, eg_block_loc(block, "kind"), "%s", err.msg);
    if (!(d->gsemm = eg_gsemm_alloc(kind, ep->units, ep->count)))
        return eg_run_fail(run, EG_ENOMEM, block->loc, "out of memory");
    const char *scale = eg_block_word(block, "memory_scale");
    int unit = scale ? strcmp(scale, "unit") == 0 : kind != EG_GSEMM_LISEM;
    d->pattern_scale = unit ? 1.0 / sqrt((double)ep->units) : 1.0;
    d->stored = ep;
    for (size_t mu = 0; mu < ep->count; mu++)
        for (size_t i = 0; i < ep->units; i++)
            *eg_matrix_at(d->gsemm->xi, i, mu) = d->pattern_scale * eg_episodes_get(ep, mu, i);
    eg_matrix *G = NULL;
    if ((st = eg_build_transitions(run, tr->ref, ep->count, &G)) != EG_OK)
        return st;
    st = eg_gsemm_set_transitions(d->gsemm, G, &err);
    eg_matrix_free(G);
    if (st != EG_OK)
        return eg_run_fail(run, st, tr->loc, "%s", err.msg);
    eg_gsemm *g = d->gsemm;
    set_if(block, "alpha_s", &g->alpha_s);
    set_if(block, "alpha_c", &g->alpha_c);
    set_if(block, "beta_d", &g->beta_d);
    set_if(block, "gamma", &g->gamma);
    set_if(block, "T_f", &g->t_f);
    set_if(block, "T_h", &g->t_h);
    set_if(block, "T_d", &g->t_d);
    if (kind == EG_GSEMM_FULL && eg_block_value(block, "activation")) {
        /* The full model's σ_f is the network's activation; σ_h stays the softmax. */
        if ((st = set_activation(run, block, d, &g->sigma_f)) != EG_OK)
            return st;
    } else if (eg_block_value(block, "activation")) {
        return eg_run_fail(run, EG_EINVAL, eg_block_loc(block, "activation"),
                           "the nonlinearity of %s is fixed by its kind (use 'gamma'); 'activation' applies to "
                           "kind = gsemm (σ_f) and to rate networks",
                           eg_block_word(block, "kind"));
    }
    if ((st = eg_gsemm_check(g, &err)) != EG_OK)
        return eg_run_fail(run, st, block->loc, "%s: %s", desc, err.msg);
    return EG_OK;
}

eg_status eg_build_dyn_network(eg_run *run, const eg_block *block, eg_dyn_network **out)
{
    eg_dyn_network *d = eg_run_cached(run, block);
    if (d) {
        *out = d;
        return EG_OK;
    }
    int sequence = eg_block_value(block, "kind") != NULL;
    if (!sequence && strcmp(eg_block_word(block, "state"), "rate") != 0) {
        char desc[160];
        return eg_run_fail(run, EG_EINVAL, block->loc,
                           "%s is not a continuous-time network: write state = rate (a rate network) or "
                           "kind = gsemm | lisem | dsem (a sequence memory)",
                           eg_block_describe(block, desc, sizeof desc));
    }
    if (!(d = calloc(1, sizeof *d)))
        return eg_run_fail(run, EG_ENOMEM, block->loc, "out of memory");
    d->pattern_scale = 1.0;
    eg_status st = sequence ? build_gsemm(run, block, d) : build_rate(run, block, d);
    if (st != EG_OK) {
        free_dyn(d);
        return st;
    }
    if ((st = eg_run_cache(run, block, d, free_dyn)) != EG_OK)
        return eg_run_fail(run, st, block->loc, "out of memory");
    *out = d;
    return EG_OK;
}

eg_status eg_dyn_network_system(eg_run *run, const eg_block *block, eg_dyn_network *net, eg_dyn_system *sys)
{
    eg_error err;
    eg_status st = net->rate ? eg_rate_system(net->rate, sys, &err) : eg_gsemm_system(net->gsemm, sys, &err);
    if (st != EG_OK)
        return eg_run_fail(run, st, block->loc, "%s", err.msg);
    return EG_OK;
}

void eg_network_rate_compile(eg_compile *c, const eg_block *block, eg_network_spec *spec)
{
    (void)c;
    (void)block;
    (void)spec;
}
