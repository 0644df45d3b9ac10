/* network_rate.c: the network keys of continuous-time rate networks and GSEMM
 * sequence memories (docs/science.md, "Continuous-time rate networks" and
 * "Sequence memories"): their compile step, which checks them against each
 * other and against the definitions they name, and the builder that turns the
 * spec into an eg_rate_net or an eg_gsemm. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/expr_fn.h"
#include "run/kinds.h"
#include "run/build.h"

/* ---- Activations: one row per name ---------------------------------------
 * φ(x) = f(g (x − θ)) (activation.h), or an expression in x. A row is the
 * call's schema (name, keys, doc) and the library kind it builds. */
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

typedef struct activation_row {
    eg_schema fn;     /* name, keys and doc of the call */
    eg_act_kind kind; /* what it builds (EG_ACT_USER: an expression in x) */
} activation_row;

static const activation_row activation_rows[] = {
    {EG_SCHEMA("linear", "φ(x) = x", linear_keys), EG_ACT_LINEAR},
    {EG_SCHEMA("tanh", "φ(x) = tanh(g (x − θ))", tanh_keys), EG_ACT_TANH},
    {EG_SCHEMA("sigmoid", "φ(x) = 1 / (1 + exp(−g (x − θ)))", sigmoid_keys), EG_ACT_SIGMOID},
    {EG_SCHEMA("relu", "φ(x) = max(0, g (x − θ))", relu_keys), EG_ACT_RELU},
    {EG_SCHEMA("threshold_linear", "φ(x) = min(max(0, g (x − θ)), saturation)", thrlin_keys), EG_ACT_THRLIN},
    {EG_SCHEMA("softplus", "φ(x) = log(1 + exp(g (x − θ)))", softplus_keys), EG_ACT_SOFTPLUS},
    {EG_SCHEMA("expr", "φ(x) given as an expression in x", expr_keys), EG_ACT_USER},
};
#define N_ACTIVATIONS (sizeof activation_rows / sizeof activation_rows[0])
/* The schema's calls: the rows' schemas, in the table's order. */
static const eg_schema *const activations[] = {
    &activation_rows[0].fn, &activation_rows[1].fn, &activation_rows[2].fn, &activation_rows[3].fn,
    &activation_rows[4].fn, &activation_rows[5].fn, &activation_rows[6].fn, NULL,
};
static const eg_type activation_type = {.kind = EG_TY_CALL, .calls = activations,
                                        .what = "an activation such as tanh(gain = 2) or expr(\"x / (1 + abs(x))\")"};

static const char *const form_words[] = {"voltage", "rate", NULL};
static const eg_type form_type = {.kind = EG_TY_WORD, .words = form_words};
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
    {"precision", &eg_type_precision, 0, 0, "double",
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

/* The keys of one flavour that the other does not take. */
static const char *const sequence_only[] = {"memories", "transitions", "memory_scale", "alpha_s", "alpha_c",
                                            "beta_d",   "gamma",       "T_f",          "T_h",     "T_d", NULL};
static const char *const rate_only[] = {"weights", "store", "bias", "form", "tau", "leak", "precision", NULL};

/* The GSEMM parameters a block may set (NaN: the kind's default). */
enum { P_ALPHA_S, P_ALPHA_C, P_BETA_D, P_GAMMA, P_T_F, P_T_H, P_T_D, N_PARAMS };
static const char *const param_keys[N_PARAMS] = {"alpha_s", "alpha_c", "beta_d", "gamma", "T_f", "T_h", "T_d"};

/* The spec of a continuous-time network (the network spec's impl). */
typedef struct rate_spec {
    int sequence;                /* a sequence memory (gsemm) rather than a rate network */
    eg_loc loc;                  /* the block's, for run-time messages */
    /* rate networks */
    eg_rate_form form;
    int single;                  /* precision = single */
    const eg_value *weights;     /* inline or load(...), or NULL */
    eg_loc weights_loc;
    const eg_value *store;       /* the memories stored with rule = hebb, or NULL */
    eg_hebbian_options hebb;
    size_t units_key;            /* the 'units' key, 0 when unset */
    eg_loc units_loc;
    const eg_value *tau, *leak, *bias; /* one number or one per unit, or NULL */
    int has_activation;          /* 'activation' written (the sequence memory's σ_f) */
    eg_activation act;           /* user_ctx: expr below */
    eg_expr_fn *expr;            /* owned by the program */
    eg_loc activation_loc;
    /* sequence memories */
    eg_gsemm_kind kind;
    const eg_value *memories;
    const eg_sequence_spec *transitions;
    eg_loc transitions_loc;
    int unit_scale;              /* columns of Ξ scaled by 1/√N_f */
    double params[N_PARAMS];
} rate_spec;

/* The activation library calls user functions as f(x, ctx). */
static double expr_of_x(double x, void *fn)
{
    return eg_expr_fn_eval(fn, x);
}

static void free_expr(void *fn)
{
    eg_expr_fn_free(fn);
}

/* The activation key: its row, its arguments, and an expression compiled once
 * (unknown names in it are reported here, at the expression). */
static void compile_activation(eg_compile *c, const eg_block *block, rate_spec *r)
{
    const eg_value *v = eg_block_value(block, "activation");
    const char *name = eg_block_word(block, "activation");
    r->has_activation = v != NULL;
    r->activation_loc = eg_block_loc(block, "activation");
    const activation_row *row = &activation_rows[0];
    for (size_t i = 0; i < N_ACTIVATIONS; i++)
        if (strcmp(activation_rows[i].fn.name, name) == 0)
            row = &activation_rows[i];
    r->act = eg_activation_default(row->kind);
    if (row->kind == EG_ACT_USER) {
        const eg_value *f = eg_value_arg(v, "f");
        eg_error err;
        if (eg_expr_fn_compile(f->str, "x", &r->expr, &err) != EG_OK) {
            eg_compile_error(c, f->loc, "%s", err.msg);
            return;
        }
        if (!eg_compile_own(c, r->expr, free_expr)) {
            r->expr = NULL;
            return;
        }
        r->act.user_f = expr_of_x;
        r->act.user_ctx = r->expr;
        return;
    }
    if (v) {
        if (eg_value_arg(v, "gain"))
            r->act.gain = eg_call_number(v, "gain");
        if (eg_value_arg(v, "threshold"))
            r->act.threshold = eg_call_number(v, "threshold");
        if (eg_value_arg(v, "saturation"))
            r->act.saturation = eg_call_number(v, "saturation");
    }
    eg_error err;
    if (eg_activation_check(&r->act, &err) != EG_OK)
        eg_compile_error(c, r->activation_loc, "%s", err.msg);
}

/* A per-unit key: its length against the units (when known), and for tau
 * that every entry is positive. */
static void compile_unit_key(eg_compile *c, const eg_block *block, const char *key, size_t units,
                             const eg_value **out)
{
    const eg_value *v = eg_block_value(block, key);
    *out = v;
    if (!v)
        return;
    size_t n = v->kind == EG_VAL_LIST ? v->n : 1;
    if (v->kind == EG_VAL_LIST && units > 0 && n != units)
        eg_compile_error(c, v->loc, "'%s' has %zu entries but the network has %zu unit%s", key, n, units,
                         units == 1 ? "" : "s");
    for (size_t i = 0; i < n; i++) {
        double x = v->kind == EG_VAL_LIST ? v->items[i]->num : v->num;
        if (!isfinite(x)) {
            eg_compile_error(c, v->loc, "'%s' must be finite (unit %zu has %g)", key, i, x);
            return;
        }
        if (strcmp(key, "tau") == 0 && !(x > 0)) {
            eg_compile_error(c, v->loc, "'tau' must be positive (unit %zu has %g)", i, x);
            return;
        }
    }
}

/* An inline matrix's shape, with its entries checked finite (0 when it is a
 * load(...), known once read). */
static int inline_shape(eg_compile *c, const eg_value *v, size_t *rows, size_t *cols)
{
    *rows = *cols = 0;
    if (!v || v->kind != EG_VAL_LIST)
        return 0;
    *rows = v->n;
    *cols = v->n ? v->items[0]->n : 0;
    if (*rows == 0 || *cols == 0) {
        eg_compile_error(c, v->loc, "the inline matrix holds no values");
        return 0;
    }
    for (size_t i = 0; i < *rows; i++)
        for (size_t j = 0; j < *cols; j++)
            if (!isfinite(v->items[i]->items[j]->num)) {
                eg_compile_error(c, v->loc, "the inline matrix holds a non-finite value at [%zu][%zu]", i, j);
                return 0;
            }
    return 1;
}

/* With precision = single, every inline weight must fit a float. */
static void check_single(eg_compile *c, const eg_block *block, const eg_value *wv)
{
    for (size_t i = 0; i < wv->n; i++)
        for (size_t j = 0; j < wv->items[i]->n; j++)
            if (!(fabs(wv->items[i]->items[j]->num) <= FLT_MAX)) {
                eg_compile_error(c, eg_block_loc(block, "precision"),
                                 "weight (%zu, %zu) = %g does not fit single precision", i, j,
                                 wv->items[i]->items[j]->num);
                return;
            }
}

/* Keys of the other flavour, each reported where it is written, in file
 * order; why takes the key and then `kind` (an argument it may leave unused). */
static void refuse_keys(eg_compile *c, const eg_block *block, const char *const *keys, const char *why,
                        const char *kind)
{
    const char *set[16];
    eg_loc loc[16];
    size_t n = 0;
    for (size_t i = 0; keys[i] && n < 16; i++)
        if (eg_block_value(block, keys[i])) {
            eg_loc l = eg_block_loc(block, keys[i]);
            size_t j = n++;
            for (; j > 0 && (loc[j - 1].line > l.line || (loc[j - 1].line == l.line && loc[j - 1].col > l.col)); j--) {
                set[j] = set[j - 1];
                loc[j] = loc[j - 1];
            }
            set[j] = keys[i];
            loc[j] = l;
        }
    for (size_t i = 0; i < n; i++)
        eg_compile_error(c, loc[i], why, set[i], kind);
}

/* The normalisation word of the storage rule as the library's enum. */
static eg_norm norm_of(const char *word)
{
    static const struct {
        const char *word;
        eg_norm norm;
    } norms[] = {{"units", EG_NORM_UNITS}, {"count", EG_NORM_COUNT}, {"none", EG_NORM_NONE}};
    for (size_t i = 0; i < sizeof norms / sizeof norms[0]; i++)
        if (strcmp(word, norms[i].word) == 0)
            return norms[i].norm;
    return EG_NORM_UNITS;
}

/* A rate network: where W comes from, its size, and the per-unit keys. */
static void compile_rate(eg_compile *c, const eg_block *block, eg_network_spec *spec, rate_spec *r)
{
    char desc[160];
    eg_block_describe(block, desc, sizeof desc);
    const eg_value *wv = eg_block_value(block, "weights"), *store = eg_block_value(block, "store");
    const eg_value *units = eg_block_value(block, "units");
    refuse_keys(c, block, sequence_only,
                "'%s' is a key of sequence memories (kind = gsemm | lisem | dsem), not of rate networks", "");
    r->form = strcmp(eg_block_word(block, "form"), "rate") == 0 ? EG_RATE_RATE : EG_RATE_VOLTAGE;
    r->single = eg_precision_single(eg_block_word(block, "precision"));
    size_t n = r->units_key;
    if (wv && store) {
        eg_compile_error(c, eg_block_loc(block, "store"), "%s sets both 'weights' and 'store'; give the weights one way",
                         desc);
    } else if (wv) {
        r->weights = wv;
        r->weights_loc = wv->loc;
        size_t rows, cols;
        if (inline_shape(c, wv, &rows, &cols)) {
            if (rows != cols)
                eg_compile_error(c, wv->loc, "weights must be square, got %zu × %zu", rows, cols);
            else if (units && r->units_key != rows)
                eg_compile_error(c, wv->loc, "weights are %zu × %zu but the network has %zu unit%s", rows, cols,
                                 r->units_key, r->units_key == 1 ? "" : "s");
            else
                n = rows;
            if (r->single)
                check_single(c, block, wv);
        }
    } else if (store) {
        r->store = store;
        const char *rule = eg_block_word(block, "rule");
        if (strcmp(rule, "hebb") != 0)
            eg_compile_error(c, eg_block_loc(block, "rule"),
                             "a rate network stores its episodes with rule = hebb; '%s' is for discrete recall "
                             "(or give the weights with 'weights')",
                             rule);
        r->hebb = eg_hebbian_options_default();
        r->hebb.norm = norm_of(eg_block_word(block, "normalize"));
        r->hebb.keep_self = eg_block_number(block, "self") != 0;
        r->hebb.form = EG_HOPFIELD_DENSE;
        const eg_memories_spec *m = eg_compile_memories(c, store);
        spec->store = m;
        if (m && m->units > 0) {
            if (units && r->units_key != m->units)
                eg_compile_error(c, units->loc, "network has %zu units but memories '%s' holds episodes of %zu units",
                                 r->units_key, store->str, m->units);
            n = m->units;
        }
    } else if (!units) {
        eg_compile_error(c, block->loc, "%s needs 'units', 'weights' or 'store'", desc);
    }
    spec->units = n;
    /* W (N × N doubles, and its float copy in single precision) dominates: a
     * network too large for memory is refused here, at the key that sized it. */
    if (n > 0)
        eg_compile_memory(c, wv ? wv->loc : store ? store->loc : units->loc,
                          (double)n * (double)n * (r->single ? 12.0 : 8.0), "the weights W (%zu × %zu %s)", n, n,
                          r->single ? "doubles and their float copy" : "doubles");
    compile_unit_key(c, block, "tau", n, &r->tau);
    compile_unit_key(c, block, "leak", n, &r->leak);
    compile_unit_key(c, block, "bias", n, &r->bias);
    compile_activation(c, block, r);
}

/* The transitions against the number of memories K (when known at check):
 * the matrix is K × K and every index names one of the K. */
static void check_transitions(eg_compile *c, const rate_spec *r, size_t k)
{
    const eg_sequence_spec *t = r->transitions;
    const char *name = t->head.block->name;
    if (t->matrix) {
        if (t->size != k)
            eg_compile_error(c, r->transitions_loc,
                             "the transition matrix of '%s' is %zu × %zu but the network holds %zu memories (%zu × %zu)",
                             name, t->size, t->size, k, k, k);
        return;
    }
    for (size_t i = 0; i < t->nindices; i++)
        if ((size_t)t->indices[i]->num >= k) {
            eg_compile_error(c, r->transitions_loc,
                             "sequence '%s' names memory %zu, but the network holds %zu memories (0 to %zu)", name,
                             (size_t)t->indices[i]->num, k, k - 1);
            eg_compile_note(c, t->indices[i]->loc, "memory %zu is named here", (size_t)t->indices[i]->num);
        }
}

/* A sequence memory: its memories, transitions and parameters. */
static void compile_sequence(eg_compile *c, const eg_block *block, eg_network_spec *spec, rate_spec *r)
{
    char desc[160];
    eg_block_describe(block, desc, sizeof desc);
    const char *kind = eg_block_word(block, "kind");
    eg_error err;
    if (eg_gsemm_kind_from_name(kind, &r->kind, &err) != EG_OK)
        eg_compile_error(c, eg_block_loc(block, "kind"), "%s", err.msg);
    const eg_value *mem = eg_block_value(block, "memories"), *tr = eg_block_value(block, "transitions");
    if (!mem)
        eg_compile_error(c, block->loc, "%s (kind = %s) needs 'memories'", desc, kind);
    if (!tr)
        eg_compile_error(c, block->loc, "%s (kind = %s) needs 'transitions'", desc, kind);
    refuse_keys(c, block, rate_only, "'%s' is a key of rate networks; a sequence memory (kind = %s) does not take it",
                kind);
    r->memories = mem;
    const char *scale = eg_block_word(block, "memory_scale");
    r->unit_scale = scale ? strcmp(scale, "unit") == 0 : r->kind != EG_GSEMM_LISEM;
    for (size_t i = 0; i < N_PARAMS; i++)
        r->params[i] = eg_block_value(block, param_keys[i]) ? eg_block_number(block, param_keys[i]) : NAN;
    if (eg_block_value(block, "activation")) {
        if (r->kind == EG_GSEMM_FULL)
            compile_activation(c, block, r); /* the full model's σ_f; σ_h stays the softmax */
        else
            eg_compile_error(c, eg_block_loc(block, "activation"),
                             "the nonlinearity of %s is fixed by its kind (use 'gamma'); 'activation' applies to "
                             "kind = gsemm (σ_f) and to rate networks",
                             kind);
    }
    const eg_memories_spec *m = mem ? eg_compile_memories(c, mem) : NULL;
    spec->store = m;
    const eg_value *units = eg_block_value(block, "units");
    if (m && m->units > 0) {
        if (units && (size_t)units->num != m->units)
            eg_compile_error(c, units->loc, "network has %zu units but memories '%s' holds episodes of %zu units",
                             (size_t)units->num, mem->str, m->units);
        spec->units = m->units;
    }
    if (tr) {
        const eg_spec *ts = eg_compile_ref(c, tr);
        r->transitions = ts ? EG_SPEC_OF(eg_sequence_spec, ts) : NULL;
        r->transitions_loc = tr->loc;
        if (r->transitions && m && m->count > 0)
            check_transitions(c, r, m->count);
    }
}

void eg_network_rate_compile(eg_compile *c, const eg_block *block, eg_network_spec *spec)
{
    rate_spec *r = eg_compile_alloc(c, sizeof *r);
    if (!r)
        return;
    r->loc = block->loc;
    const eg_value *units = eg_block_value(block, "units");
    r->units_key = units ? (size_t)units->num : 0;
    r->units_loc = eg_block_loc(block, "units");
    r->sequence = spec->flavour == EG_FLAVOUR_SEQUENCE;
    if (r->sequence)
        compile_sequence(c, block, spec, r);
    else
        compile_rate(c, block, spec, r);
    spec->impl = r;
}

static const rate_spec *rate_of(const eg_network_spec *spec)
{
    return spec->impl;
}

size_t eg_network_rate_dim(const eg_network_spec *spec)
{
    const rate_spec *r = rate_of(spec);
    if (!r->sequence)
        return spec->units;
    size_t k = spec->store ? spec->store->count : 0;
    if (spec->units == 0 || k == 0)
        return 0;
    return r->kind == EG_GSEMM_FULL ? 2 * spec->units + k : 2 * spec->units;
}

int eg_network_rate_stores(const eg_network_spec *spec)
{
    const rate_spec *r = rate_of(spec);
    return r->sequence || r->store != NULL;
}

int eg_network_rate_energy_problem(const eg_network_spec *spec, char *why, size_t len)
{
    const rate_spec *r = rate_of(spec);
    if (r->sequence) {
        snprintf(why, len, "the energy is defined for rate networks, not for sequence memories");
        return 1;
    }
    if (r->form != EG_RATE_VOLTAGE) {
        snprintf(why, len, "the Hopfield energy is defined for the voltage form; '%s' has form = rate",
                 spec->head.block->name);
        return 1;
    }
    if (!eg_activation_invertible(&r->act)) {
        snprintf(why, len, "the Hopfield energy needs an invertible activation; '%s' has an expression",
                 spec->head.block->name);
        return 1;
    }
    const eg_value *w = r->weights;
    /* Loaded weights are seen at run time. */
    for (size_t i = 0; w && w->kind == EG_VAL_LIST && i < w->n; i++)
        for (size_t j = i + 1; j < w->n && j < w->items[i]->n; j++) {
            double a = w->items[i]->items[j]->num, b = w->items[j]->items[i]->num;
            if (fabs(a - b) > 1e-12 * fmax(1.0, fmax(fabs(a), fabs(b)))) {
                snprintf(why, len, "the Hopfield energy needs symmetric weights: W[%zu][%zu] = %g but W[%zu][%zu] = %g",
                         i, j, a, j, i, b);
                return 1;
            }
        }
    return 0;
}

int eg_network_rate_is_sequence(const eg_network_spec *spec)
{
    return rate_of(spec)->sequence;
}

/* ---- Building ------------------------------------------------------------ */

static void free_dyn(void *p)
{
    eg_dyn_network *d = p;
    eg_rate_free(d->rate);
    eg_gsemm_free(d->gsemm);
    free(d);
}

size_t eg_dyn_network_units(const eg_dyn_network *net)
{
    return net->rate ? net->rate->n : net->gsemm->nf;
}

/* Fills a per-unit array of the network from a key, when the file sets it
 * (its length is checked at compile unless the units come from a file). */
static eg_status unit_key(eg_run *run, const eg_value *v, const char *key, size_t n, double *dst)
{
    if (!v)
        return EG_OK;
    double *x = NULL;
    char what[64];
    snprintf(what, sizeof what, "'%s'", key);
    eg_status st = eg_build_unit_vector(run, v, n, what, &x);
    if (st != EG_OK)
        return st;
    memcpy(dst, x, n * sizeof *x);
    free(x);
    return EG_OK;
}

/* W from the stored episodes with the network's storage rule (dense Hebbian). */
static eg_status stored_weights(eg_run *run, const rate_spec *r, const eg_episodes *ep, eg_matrix **out)
{
    eg_hopfield *h = NULL;
    eg_error err;
    eg_status st = eg_hopfield_alloc_hebbian(ep, &r->hebb, &h, &err);
    if (st != EG_OK)
        return eg_run_fail(run, st, r->store->loc, "%s", err.msg);
    const eg_matrix *w = eg_hopfield_weights(h);
    eg_matrix *m = w ? eg_matrix_copy(w) : NULL;
    eg_hopfield_free(h);
    if (!m)
        return eg_run_fail(run, EG_ENOMEM, r->store->loc, "out of memory copying the weights W (%zu × %zu doubles)",
                           ep->units, ep->units);
    *out = m;
    return EG_OK;
}

static eg_status build_rate(eg_run *run, const rate_spec *r, eg_dyn_network *d)
{
    eg_matrix *W = NULL;
    eg_status st = EG_OK;
    int borrowed = 0;
    if (r->weights) {
        /* The network only reads W: an array handed in is used where it lies, without a copy. */
        if ((st = eg_build_matrix_in_place(run, r->weights, &W, &borrowed)) != EG_OK)
            return st;
        /* A loaded W is seen only now: a shape that does not fit is a fault of the file's data. */
        if (W->rows != W->cols) {
            st = eg_run_fail(run, EG_EIO, r->weights_loc, "weights must be square, got %zu × %zu", W->rows, W->cols);
        } else if (r->units_key && r->units_key != W->rows) {
            st = eg_run_fail(run, EG_EIO, r->weights_loc, "weights are %zu × %zu but the network has %zu unit%s",
                             W->rows, W->cols, r->units_key, r->units_key == 1 ? "" : "s");
        }
    } else if (r->store) {
        const eg_episodes *ep = NULL;
        if ((st = eg_build_episodes(run, r->store->ref, &ep)) != EG_OK)
            return st;
        /* Episodes read from a file are seen only now. */
        if (r->units_key && r->units_key != ep->units)
            return eg_run_fail(run, EG_EIO, r->units_loc,
                               "network has %zu units but memories '%s' holds episodes of %zu units", r->units_key,
                               r->store->str, ep->units);
        d->stored = ep;
        st = stored_weights(run, r, ep, &W);
    } else if (!(W = eg_matrix_alloc(r->units_key, r->units_key))) {
        st = eg_run_fail(run, EG_ENOMEM, r->loc, "out of memory allocating the weights W (%zu × %zu doubles)",
                         r->units_key, r->units_key);
    }
    if (st != EG_OK) {
        if (W)
            eg_matrix_release(W, borrowed);
        return st;
    }
    size_t n = W->rows;
    if (!(d->rate = eg_rate_alloc(n))) {
        eg_matrix_release(W, borrowed);
        return eg_run_fail(run, EG_ENOMEM, r->loc, "out of memory allocating a rate network of %zu units", n);
    }
    eg_matrix_free(d->rate->W);
    d->rate->W = W;
    d->rate->W_borrowed = borrowed;
    d->rate->form = r->form;
    d->rate->act = r->act;
    if ((st = unit_key(run, r->tau, "tau", n, d->rate->tau)) != EG_OK ||
        (st = unit_key(run, r->leak, "leak", n, d->rate->leak)) != EG_OK ||
        (st = unit_key(run, r->bias, "bias", n, d->rate->bias)) != EG_OK)
        return st;
    eg_error err;
    if ((st = eg_rate_check(d->rate, &err)) != EG_OK)
        return eg_run_fail(run, st, r->loc, "%s", err.msg);
    if (r->single && (st = eg_rate_use_single(d->rate, &err)) != EG_OK)
        return eg_run_fail(run, st, r->loc, "%s", err.msg);
    return EG_OK;
}

/* G (K × K, G[i][j] = 1: memory i is followed by j) of the transitions, for K
 * memories; indices and the matrix's size are data only when the memories
 * come from a file (otherwise compile checked them). */
static eg_status transition_matrix(eg_run *run, const rate_spec *r, size_t k, eg_matrix **out)
{
    const eg_sequence_spec *t = r->transitions;
    if (t->matrix && t->size != k)
        return eg_run_fail(run, EG_EIO, r->transitions_loc,
                           "the transition matrix of '%s' is %zu × %zu but the network holds %zu memories (%zu × %zu)",
                           t->head.block->name, t->size, t->size, k, k, k);
    for (size_t i = 0; i < t->nindices; i++)
        if ((size_t)t->indices[i]->num >= k)
            return eg_run_fail(run, EG_EIO, t->indices[i]->loc,
                               "memory index %zu is out of range: the network holds %zu memories",
                               (size_t)t->indices[i]->num, k);
    eg_matrix *G = eg_matrix_alloc(k, k);
    if (!G)
        return eg_run_fail(run, EG_ENOMEM, r->transitions_loc, "out of memory");
    if (t->matrix)
        memcpy(G->data, t->matrix, k * k * sizeof *G->data);
    for (size_t e = 0; e < t->nedges; e++)
        *eg_matrix_at(G, t->edges[e].from, t->edges[e].to) = 1.0;
    *out = G;
    return EG_OK;
}

static eg_status build_gsemm(eg_run *run, const rate_spec *r, eg_dyn_network *d)
{
    const eg_episodes *ep = NULL;
    eg_status st = eg_build_episodes(run, r->memories->ref, &ep);
    if (st != EG_OK)
        return st;
    if (r->units_key && r->units_key != ep->units)
        return eg_run_fail(run, EG_EIO, r->units_loc,
                           "network has %zu units but memories '%s' holds episodes of %zu units", r->units_key,
                           r->memories->str, ep->units);
    eg_error err;
    if (!(d->gsemm = eg_gsemm_alloc(r->kind, ep->units, ep->count)))
        return eg_run_fail(run, EG_ENOMEM, r->loc, "out of memory");
    d->pattern_scale = r->unit_scale ? 1.0 / sqrt((double)ep->units) : 1.0;
    d->stored = ep;
    for (size_t mu = 0; mu < ep->count; mu++)
        for (size_t i = 0; i < ep->units; i++)
            *eg_matrix_at(d->gsemm->xi, i, mu) = d->pattern_scale * eg_episodes_get(ep, mu, i);
    eg_matrix *G = NULL;
    if ((st = transition_matrix(run, r, ep->count, &G)) != EG_OK)
        return st;
    st = eg_gsemm_set_transitions(d->gsemm, G, &err);
    eg_matrix_free(G);
    if (st != EG_OK)
        return eg_run_fail(run, st, r->transitions_loc, "%s", err.msg);
    eg_gsemm *g = d->gsemm;
    double *dst[N_PARAMS] = {&g->alpha_s, &g->alpha_c, &g->beta_d, &g->gamma, &g->t_f, &g->t_h, &g->t_d};
    for (size_t i = 0; i < N_PARAMS; i++)
        if (!isnan(r->params[i]))
            *dst[i] = r->params[i];
    if (r->has_activation)
        g->sigma_f = r->act;
    if ((st = eg_gsemm_check(g, &err)) != EG_OK)
        return eg_run_fail(run, st, r->loc, "%s", err.msg);
    return EG_OK;
}

eg_status eg_build_dyn_network(eg_run *run, const eg_network_spec *spec, eg_dyn_network **out)
{
    const eg_block *block = spec->head.block;
    eg_dyn_network *d = eg_run_cached(run, block);
    if (d) {
        *out = d;
        return EG_OK;
    }
    const rate_spec *r = rate_of(spec);
    if (!(d = calloc(1, sizeof *d)))
        return eg_run_fail(run, EG_ENOMEM, r->loc, "out of memory");
    d->pattern_scale = 1.0;
    eg_status st = r->sequence ? build_gsemm(run, r, d) : build_rate(run, r, d);
    if (st != EG_OK) {
        free_dyn(d);
        return st;
    }
    if ((st = eg_run_cache(run, block, d, free_dyn)) != EG_OK)
        return eg_run_fail(run, st, r->loc, "out of memory");
    *out = d;
    return EG_OK;
}

eg_status eg_dyn_network_system(eg_run *run, const eg_network_spec *spec, eg_dyn_network *net, eg_dyn_system *sys)
{
    eg_error err;
    eg_status st = net->rate ? eg_rate_system(net->rate, sys, &err) : eg_gsemm_system(net->gsemm, sys, &err);
    if (st != EG_OK)
        return eg_run_fail(run, st, rate_of(spec)->loc, "%s", err.msg);
    return EG_OK;
}
