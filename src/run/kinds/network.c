/* network.c: `network` blocks: units, state, and how the weights are made
 * (the discrete, episode-storing flavour and its storage rules). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "run/assoc.h"
#include "run/kinds.h"

/* ---- Storage rules ------------------------------------------------------- */

static const eg_key no_keys[] = {EG_KEYS_END};
static const eg_key expr_keys[] = {{"text", &eg_type_string, 1, 0, NULL, "an expression in w, e.g. \"-0.1 * w\""},
                                   EG_KEYS_END};
static const eg_schema expr_fn_schema = EG_SCHEMA("expr", "a function of the current weight w, written as text", expr_keys);
static const eg_schema *const expr_fns[] = {&expr_fn_schema, NULL};
static const eg_type expr_call_type = {.kind = EG_TY_CALL, .calls = expr_fns};
static const eg_type *const coef_alts[] = {&eg_type_number, &expr_call_type, NULL};
static const eg_type coef_type = {.kind = EG_TY_ONEOF, .alts = coef_alts,
                                  .what = "a number or expr(\"...\"), a function of the weight w"};
static const char *const mode_words[] = {"batch", "online", NULL};
static const eg_type mode_type = {.kind = EG_TY_WORD, .words = mode_words};
static const char *const post_words[] = {"clamped", "linear", NULL};
static const eg_type post_type = {.kind = EG_TY_WORD, .words = post_words};

static const eg_key hebbian_keys[] = {
    {"c0", &coef_type, 0, 0, NULL, "constant term of Δw"},
    {"c1_pre", &coef_type, 0, 0, NULL, "coefficient of the pre-synaptic activity x_j"},
    {"c1_post", &coef_type, 0, 0, NULL, "coefficient of the post-synaptic activity x_i"},
    {"c2_pre", &coef_type, 0, 0, NULL, "coefficient of x_j²"},
    {"c2_post", &coef_type, 0, 0, NULL, "coefficient of x_i²"},
    {"c2_corr", &coef_type, 0, 1, NULL, "coefficient of the correlation x_i x_j"},
    {"mode", &mode_type, 0, 0, "batch", "batch: each epoch sums Δw at its starting w; online: episode by episode"},
    {"epochs", &eg_type_count, 0, 1, NULL, "passes over the episodes"},
    {"post", &post_type, 0, 0, "clamped", "post-synaptic activity: the episode (clamped) or Wx (linear)"},
    {"init", &eg_type_nonnegative, 0, 0, NULL, "initial weights uniform in [-init, init]"},
    EG_KEYS_END,
};
static const eg_key covariance_keys[] = {
    {"activity", &eg_type_number, 0, -1, NULL, "the activity a subtracted (default: the episodes' mean)"},
    EG_KEYS_END,
};
static const eg_key oja_keys[] = {
    {"eta", &eg_type_positive, 0, 0.01, NULL, "learning rate η"},
    {"epochs", &eg_type_count, 0, 20, NULL, "passes over the episodes"},
    EG_KEYS_END,
};
static const eg_type flag_type = EG_TYPE_INTEGER_RANGE(0, 1, "0 or 1");
static const eg_key sequence_keys[] = {
    {"lag", &eg_type_count, 0, 1, NULL, "episode μ leads to episode μ + lag"},
    {"cyclic", &flag_type, 0, 0, NULL, "1: the last episodes lead back to the first"},
    EG_KEYS_END,
};
static const eg_type degree_type = EG_TYPE_INTEGER_RANGE(2, 30, "a whole number from 2 to 30");
static const eg_key poly_keys[] = {{"n", &degree_type, 0, 3, NULL, "the degree n of F_n(z) = z^n / n"}, EG_KEYS_END};
static const eg_key exponential_keys[] = {{"beta", &eg_type_positive, 0, 1, NULL, "F(z) = exp(beta z)"}, EG_KEYS_END};
static const eg_key modern_keys[] = {{"beta", &eg_type_positive, 0, 8, NULL, "inverse temperature of the softmax"},
                                     EG_KEYS_END};
static const char *const sim_words[] = {"dot", "cosine", "euclidean", "manhattan", NULL};
static const eg_type sim_type = {.kind = EG_TY_WORD, .words = sim_words};
static const char *const sep_words[] = {"identity", "poly", "softmax", "max", NULL};
static const eg_type sep_type = {.kind = EG_TY_WORD, .words = sep_words};
static const eg_key uhn_keys[] = {
    {"similarity", &sim_type, 0, 0, "dot", "sim(a, q): dot, cosine, euclidean (negative distance) or manhattan"},
    {"separation", &sep_type, 0, 0, "softmax", "sep: identity, poly (power param), softmax (β = param) or max"},
    {"param", &eg_type_positive, 0, 1, NULL, "the separation's power or β"},
    EG_KEYS_END,
};

static const eg_schema hebb_fn = EG_SCHEMA("hebb", "activity-product rule W = s Σ ξξᵀ (Hopfield 1982)", no_keys);
static const eg_schema hebbian_fn =
    EG_SCHEMA("hebbian", "the expanded Hebbian rule of seed 002 §2.8 with six coefficients", hebbian_keys);
static const eg_schema covariance_fn =
    EG_SCHEMA("covariance", "W = s Σ (ξ − a)(ξ − a)ᵀ for sparse episodes (Tsodyks & Feigel'man 1988)", covariance_keys);
static const eg_schema oja_fn = EG_SCHEMA("oja", "Oja's rule Δw = η y_i (x_j − w_ij y_i), online (Oja 1982)", oja_keys);
static const eg_schema storkey_fn = EG_SCHEMA("storkey", "Storkey's incremental local rule (Storkey 1997)", no_keys);
static const eg_schema projection_fn =
    EG_SCHEMA("projection", "pseudo-inverse rule W = Ξᵀ(ΞΞᵀ)⁻¹Ξ (Personnaz et al. 1985)", no_keys);
static const eg_schema pseudoinverse_fn = EG_SCHEMA("pseudoinverse", "the same as projection", no_keys);
static const eg_schema sequence_fn =
    EG_SCHEMA("sequence", "asymmetric rule W = s Σ ξ_{μ+lag} ξ_μᵀ (Sompolinsky & Kanter 1986)", sequence_keys);
static const eg_schema kohonen_fn =
    EG_SCHEMA("kohonen", "correlation-matrix memory, one pass y = CᵀA x (Kohonen 1972)", no_keys);
static const eg_schema amari_fn =
    EG_SCHEMA("amari", "correlation-matrix memory, one pass y = sgn(CᵀA x) (Amari 1972)", no_keys);
static const eg_schema poly_fn =
    EG_SCHEMA("poly", "dense associative memory, E = −Σ F_n(ξ·σ) (Krotov & Hopfield 2016)", poly_keys);
static const eg_schema exponential_fn =
    EG_SCHEMA("exponential", "dense associative memory, F(z) = exp(βz) (Demircigil et al. 2017)", exponential_keys);
static const eg_schema minerva_fn =
    EG_SCHEMA("minerva", "Minerva 2: cosine similarity, cubed (Hintzman 1984)", no_keys);
static const eg_schema modern_fn =
    EG_SCHEMA("modern", "modern Hopfield network ξ ← Ξᵀ softmax(β Ξ σ) (Ramsauer et al. 2021)", modern_keys);
static const eg_schema uhn_fn =
    EG_SCHEMA("uhn", "Universal Hopfield Network Cᵀ sep(sim(A, q)) (Millidge et al. 2022)", uhn_keys);

static const eg_schema *const rules[] = {&hebb_fn,    &hebbian_fn, &covariance_fn,  &oja_fn,     &storkey_fn,
                                         &projection_fn, &pseudoinverse_fn, &sequence_fn, &kohonen_fn, &amari_fn,
                                         &poly_fn,    &exponential_fn, &minerva_fn,  &modern_fn, &uhn_fn,
                                         NULL};
static const eg_type rule_type = {.kind = EG_TY_CALL, .calls = rules,
                                  .what = "a storage rule such as hebb, hebbian(...), storkey or poly(n = 3)"};

static const char *const state_words[] = {"bipolar", "binary", "rate", NULL};
static const eg_type state_type = {.kind = EG_TY_WORD, .words = state_words};
static const char *const norm_words[] = {"units", "count", "none", NULL};
static const eg_type norm_type = {.kind = EG_TY_WORD, .words = norm_words};
static const eg_type store_type = {.kind = EG_TY_REF, .ref_kind = "memories", .ref_item = EG_REF_WHOLE};
static const eg_type self_type = EG_TYPE_INTEGER_RANGE(0, 1, "0 (zero diagonal) or 1 (keep it)");

/* Keys of discrete networks that store episodes. Other flavours of network
 * (rate networks, sequence memories, RNNs) add their own key tables below. */
static const eg_key hopfield_keys[] = {
    {"units", &eg_type_count, 0, 0, NULL, "number of units D (default: the stored episodes' size)"},
    {"state", &state_type, 0, 0, "bipolar", "what a unit's state is: bipolar {-1,+1}, binary {0,1} or rate (continuous time)"},
    {"rule", &rule_type, 0, 0, "hebb", "the storage rule"},
    {"store", &store_type, 0, 0, NULL, "the memories stored in the weights"},
    {"content", &store_type, 0, 0, NULL, "hetero-association: what each stored episode recalls (same count)"},
    {"self", &self_type, 0, 0, NULL, "self-coupling: 0 zeroes the diagonal of W"},
    {"normalize", &norm_type, 0, 0, "units", "scale of the outer-product sum: 1/D, 1/N or 1"},
    {"threshold", &eg_type_number, 0, 0, NULL, "threshold θ of every unit: σ_i ← step(h_i − θ)"},
    EG_KEYS_END,
};
static const eg_key *const network_key_groups[] = {hopfield_keys, eg_network_rate_keys, eg_network_rnn_keys, NULL};
static const char *const network_group_docs[] = {
    "every network, and the discrete networks that store episodes (state = bipolar or binary)",
    "continuous-time networks: rate networks (state = rate) and sequence memories (kind = gsemm, lisem or dsem)",
    "recurrent networks for tasks (weights with input_weights and readout, or construct)",
    NULL,
};
static const eg_schema network_schema = {.name = "network",
                                         .doc = "a recurrent network: its units and where its weights come from",
                                         .groups = network_key_groups,
                                         .group_docs = network_group_docs};

/* ---- Compiling ----------------------------------------------------------- */

/* What the keys make of the block: a network with input or readout weights,
 * or constructed from a theory, is a recurrent network for tasks (whatever
 * its state says); a sequence memory names its kind, a rate network its
 * state; the rest store episodes, or, with weights of their own and nothing
 * stored, are recurrent networks read as they are. */
static eg_network_flavour flavour_of(const eg_block *block)
{
    for (const eg_key *k = eg_network_rnn_keys; k->name; k++)
        if (eg_block_value(block, k->name))
            return EG_FLAVOUR_RNN;
    if (eg_block_value(block, "kind"))
        return EG_FLAVOUR_SEQUENCE;
    if (strcmp(eg_block_word(block, "state"), "rate") == 0)
        return EG_FLAVOUR_RATE;
    if (eg_block_value(block, "store"))
        return EG_FLAVOUR_DISCRETE;
    return eg_block_value(block, "weights") ? EG_FLAVOUR_RNN : EG_FLAVOUR_DISCRETE;
}

/* The discrete flavour: storage rule, states and stored episodes. */
static void compile_discrete(eg_compile *c, const eg_block *block, eg_network_spec *spec)
{
    (void)c;
    (void)block;
    (void)spec;
}

static eg_spec *compile_network(eg_compile *c, const eg_block *block)
{
    eg_network_spec *s = eg_compile_alloc(c, sizeof *s);
    if (!s)
        return NULL;
    s->flavour = flavour_of(block);
    switch (s->flavour) {
    case EG_FLAVOUR_DISCRETE: compile_discrete(c, block, s); break;
    case EG_FLAVOUR_RATE:
    case EG_FLAVOUR_SEQUENCE: eg_network_rate_compile(c, block, s); break;
    case EG_FLAVOUR_RNN: eg_network_rnn_compile(c, block, s); break;
    }
    return &s->head;
}

const eg_kind eg_kind_network = {.schema = &network_schema, .compile = compile_network};

/* ---- Building ------------------------------------------------------------ */

typedef struct built_network {
    eg_assoc_spec spec;
    eg_assoc *assoc;
} built_network;

static void free_spec_fns(eg_assoc_spec *s)
{
    for (size_t k = 0; k < 6; k++)
        eg_expr_fn_free(s->fns[k]);
}

static void free_network(void *p)
{
    built_network *b = p;
    eg_assoc_free(b->assoc);
    free_spec_fns(&b->spec);
    free(b);
}

static eg_norm norm_of(const char *word)
{
    if (strcmp(word, "count") == 0)
        return EG_NORM_COUNT;
    if (strcmp(word, "none") == 0)
        return EG_NORM_NONE;
    return EG_NORM_UNITS;
}

static double coef_eval(double w, void *ctx)
{
    return eg_expr_fn_eval(ctx, w);
}

/* One coefficient of hebbian(...): a number or expr("...") compiled into slot. */
static eg_status coef_of(eg_run *run, const eg_value *rule, const char *name, eg_coef *c, eg_expr_fn **slot)
{
    const eg_value *v = eg_value_arg(rule, name);
    *c = (eg_coef){eg_call_number(rule, name), NULL, NULL};
    if (!v || v->kind == EG_VAL_NUMBER)
        return EG_OK;
    eg_error err;
    eg_status st = eg_expr_fn_compile(eg_value_arg(v, "text")->str, "w", slot, &err);
    if (st != EG_OK)
        return eg_run_fail(run, st, v->loc, "%s: %s", name, err.msg);
    *c = (eg_coef){0, coef_eval, *slot};
    return EG_OK;
}

static eg_status fill_spec(eg_run *run, const eg_block *block, eg_assoc_spec *s)
{
    const eg_value *rule = eg_block_value(block, "rule");
    const char *name = rule ? rule->str : "hebb";
    s->rule_name = name;
    s->kind = EG_ASSOC_WEIGHTS;
    s->states = strcmp(eg_block_word(block, "state"), "binary") == 0 ? EG_STATES_BINARY : EG_STATES_BIPOLAR;
    s->threshold = eg_block_number(block, "threshold");
    s->hebb = eg_hebbian_options_default();
    s->hebb.norm = norm_of(eg_block_word(block, "normalize"));
    s->hebb.keep_self = eg_block_number(block, "self") != 0;
    s->opt = eg_rule_options_default();
    s->opt.norm = s->hebb.norm;
    s->opt.keep_self = s->hebb.keep_self;
    s->dam = eg_dam_options_default();
    if (strcmp(name, "hebb") == 0) {
        s->rule = EG_RULE_HEBB;
    } else if (strcmp(name, "hebbian") == 0) {
        s->rule = EG_RULE_EXPANDED;
        static const char *const names[6] = {"c0", "c1_pre", "c1_post", "c2_pre", "c2_post", "c2_corr"};
        eg_coef *slots[6] = {&s->coefs.c0, &s->coefs.c1_pre, &s->coefs.c1_post,
                             &s->coefs.c2_pre, &s->coefs.c2_post, &s->coefs.c2_corr};
        for (size_t k = 0; k < 6; k++) {
            eg_status st = coef_of(run, rule, names[k], slots[k], &s->fns[k]);
            if (st != EG_OK)
                return st;
        }
        s->opt.mode = strcmp(eg_call_word(rule, "mode"), "online") == 0 ? EG_LEARN_ONLINE : EG_LEARN_BATCH;
        s->opt.epochs = (size_t)eg_call_number(rule, "epochs");
        s->opt.post = strcmp(eg_call_word(rule, "post"), "linear") == 0 ? EG_POST_LINEAR : EG_POST_CLAMPED;
        s->opt.init_scale = eg_call_number(rule, "init");
    } else if (strcmp(name, "covariance") == 0) {
        s->rule = EG_RULE_COVARIANCE;
        s->activity = eg_call_number(rule, "activity");
    } else if (strcmp(name, "oja") == 0) {
        s->rule = EG_RULE_OJA;
        s->eta = eg_call_number(rule, "eta");
        s->opt.epochs = (size_t)eg_call_number(rule, "epochs");
    } else if (strcmp(name, "storkey") == 0) {
        s->rule = EG_RULE_STORKEY;
    } else if (strcmp(name, "projection") == 0 || strcmp(name, "pseudoinverse") == 0) {
        s->rule = EG_RULE_PROJECTION;
    } else if (strcmp(name, "sequence") == 0) {
        s->rule = EG_RULE_SEQUENCE;
        s->lag = (size_t)eg_call_number(rule, "lag");
        s->cyclic = eg_call_number(rule, "cyclic") != 0;
    } else if (strcmp(name, "kohonen") == 0 || strcmp(name, "amari") == 0) {
        s->kind = EG_ASSOC_CMM;
        s->cmm = name[0] == 'k' ? EG_CMM_IDENTITY : EG_CMM_SIGN;
    } else if (strcmp(name, "poly") == 0) {
        s->kind = EG_ASSOC_DAM;
        s->dam.kind = EG_DAM_POLY;
        s->dam.degree = (unsigned)eg_call_number(rule, "n");
    } else if (strcmp(name, "exponential") == 0) {
        s->kind = EG_ASSOC_DAM;
        s->dam.kind = EG_DAM_EXP;
        s->dam.beta = eg_call_number(rule, "beta");
    } else if (strcmp(name, "minerva") == 0) {
        s->kind = EG_ASSOC_UHN;
        s->uhn = eg_uhn_minerva();
    } else if (strcmp(name, "modern") == 0) {
        s->kind = EG_ASSOC_UHN;
        s->uhn = eg_uhn_modern(eg_call_number(rule, "beta"));
    } else if (strcmp(name, "uhn") == 0) {
        s->kind = EG_ASSOC_UHN;
        const char *sim = eg_call_word(rule, "similarity"), *sep = eg_call_word(rule, "separation");
        s->uhn.sim = strcmp(sim, "cosine") == 0      ? EG_SIM_COSINE
                     : strcmp(sim, "euclidean") == 0 ? EG_SIM_NEG_EUCLIDEAN
                     : strcmp(sim, "manhattan") == 0 ? EG_SIM_NEG_MANHATTAN
                                                     : EG_SIM_DOT;
        s->uhn.sep = strcmp(sep, "identity") == 0 ? EG_SEP_IDENTITY
                     : strcmp(sep, "poly") == 0   ? EG_SEP_POLY
                     : strcmp(sep, "max") == 0    ? EG_SEP_MAX
                                                  : EG_SEP_SOFTMAX;
        s->uhn.param = eg_call_number(rule, "param");
    }
    if (s->states == EG_STATES_BINARY && s->kind != EG_ASSOC_WEIGHTS)
        return eg_run_fail(run, EG_EINVAL, eg_block_loc(block, "state"),
                           "rule '%s' does not fit state = binary: only coupling-matrix rules run {0,1} units; use "
                           "state = bipolar",
                           name);
    if (s->kind != EG_ASSOC_WEIGHTS && eg_block_value(block, "threshold"))
        return eg_run_fail(run, EG_EINVAL, eg_block_loc(block, "threshold"),
                           "rule '%s' has no unit thresholds; 'threshold' is for coupling-matrix rules", name);
    if (eg_block_value(block, "content") && s->kind != EG_ASSOC_CMM && s->kind != EG_ASSOC_UHN)
        return eg_run_fail(run, EG_EINVAL, eg_block_loc(block, "content"),
                           "rule '%s' is auto-associative; hetero-association ('content') needs kohonen, amari, "
                           "minerva, modern or uhn",
                           name);
    return EG_OK;
}

/* Whether the block is of another flavour (a rate network, a sequence memory,
 * a recurrent network): reported, since the cache may hold that flavour's
 * object for the same block. */
static eg_status other_flavour(eg_run *run, const eg_block *block)
{
    char desc[160];
    if (strcmp(eg_block_word(block, "state"), "rate") == 0 || eg_block_value(block, "kind"))
        return eg_run_fail(run, EG_EINVAL, block->loc,
                           "%s is a continuous-time network; run it with simulate, not discrete recall",
                           eg_block_describe(block, desc, sizeof desc));
    const eg_key *const groups[] = {eg_network_rate_keys, eg_network_rnn_keys};
    for (size_t g = 0; g < 2; g++)
        for (const eg_key *k = groups[g]; k->name; k++)
            if (eg_block_value(block, k->name))
                return eg_run_fail(run, EG_EINVAL, eg_block_loc(block, k->name),
                                   "'%s' is a key of %s networks (%s); the discrete network of recall does not take it",
                                   k->name, g == 0 ? "continuous-time" : "recurrent",
                                   g == 0 ? "state = rate" : "evaluate, train");
    return EG_OK;
}

static built_network *built_of(eg_run *run, const eg_block *block, eg_status *st)
{
    if ((*st = other_flavour(run, block)) != EG_OK)
        return NULL;
    built_network *b = eg_run_cached(run, block);
    *st = EG_OK;
    if (b)
        return b;
    if (!(b = calloc(1, sizeof *b))) {
        *st = eg_run_fail(run, EG_ENOMEM, block->loc, "out of memory");
        return NULL;
    }
    if ((*st = fill_spec(run, block, &b->spec)) != EG_OK) {
        free_network(b);
        return NULL;
    }
    if ((*st = eg_run_cache(run, block, b, free_network)) != EG_OK) {
        *st = eg_run_fail(run, *st, block->loc, "out of memory");
        return NULL;
    }
    return b;
}

eg_status eg_build_assoc_spec(eg_run *run, const eg_block *block, const eg_assoc_spec **out)
{
    eg_status st;
    built_network *b = built_of(run, block, &st);
    if (b)
        *out = &b->spec;
    return st;
}

eg_status eg_build_assoc(eg_run *run, const eg_block *block, const eg_assoc **out)
{
    eg_status st;
    built_network *b = built_of(run, block, &st);
    if (!b)
        return st;
    if (b->assoc) {
        *out = b->assoc;
        return EG_OK;
    }
    const eg_value *store = eg_block_value(block, "store"), *content = eg_block_value(block, "content");
    if (!store) {
        char desc[160];
        return eg_run_fail(run, EG_EINVAL, block->loc, "%s needs 'store' (the memories it holds) for recall",
                           eg_block_describe(block, desc, sizeof desc));
    }
    const eg_episodes *ep = NULL, *cp = NULL;
    /* Continuous memories read the double form of their episodes. */
    int doubles = b->spec.kind == EG_ASSOC_UHN || b->spec.kind == EG_ASSOC_CMM;
    if ((st = (doubles ? eg_build_episodes_unpacked : eg_build_episodes)(run, store->ref, &ep)) != EG_OK)
        return st;
    if (content && (st = (doubles ? eg_build_episodes_unpacked : eg_build_episodes)(run, content->ref, &cp)) != EG_OK)
        return st;
    const eg_value *units = eg_block_value(block, "units");
    if (units && (size_t)units->num != ep->units)
        return eg_run_fail(run, EG_EINVAL, units->loc,
                           "network has %zu units but memories '%s' holds episodes of %zu units",
                           (size_t)units->num, store->str, ep->units);
    if (cp && cp->count != ep->count)
        return eg_run_fail(run, EG_EINVAL, content->loc,
                           "memories '%s' holds %zu episodes but '%s' (the addresses) holds %zu: pairs need equal counts",
                           content->str, cp->count, store->str, ep->count);
    eg_error err;
    if ((st = eg_assoc_build(&b->spec, ep, cp, &b->assoc, &err)) != EG_OK)
        return eg_run_fail(run, st, st == EG_ENUMERIC ? eg_block_loc(block, "rule") : store->loc, "memories '%s': %s",
                           store->str, err.msg);
    *out = b->assoc;
    return EG_OK;
}

eg_status eg_build_hopfield(eg_run *run, const eg_block *block, const eg_hopfield **out, const eg_episodes **stored)
{
    const eg_assoc *a = NULL;
    eg_status st = eg_build_assoc(run, block, &a);
    if (st != EG_OK)
        return st;
    if (!a->net)
        return eg_run_fail(run, EG_EINVAL, eg_block_loc(block, "rule"), "rule '%s' has no coupling matrix",
                           a->spec->rule_name);
    *out = a->net;
    *stored = a->stored;
    return EG_OK;
}
