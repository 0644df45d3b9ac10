/* network.c: `network` blocks: units, state, and how the weights are made
 * (the discrete, episode-storing flavour and its storage rules). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "run/assoc.h"
#include "run/kinds.h"
#include "run/kinds/cell_net.h"

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

/* ---- The math of each coupling-matrix rule ------------------------------ */

static eg_status weights_expanded(const eg_assoc_spec *s, const eg_episodes *ep, eg_matrix **w, eg_error *err)
{
    return eg_rule_expanded(ep, &s->coefs, &s->opt, w, err);
}

/* Constant coefficients, batch, clamped, from W = 0: the rule's factored form. */
static eg_status factored_expanded(const eg_assoc_spec *s, const eg_episodes *ep, eg_hopfield **net, eg_error *err)
{
    return eg_hopfield_alloc_expanded(ep, &s->coefs, &s->opt, 1, net, err);
}

static eg_status weights_covariance(const eg_assoc_spec *s, const eg_episodes *ep, eg_matrix **w, eg_error *err)
{
    return eg_rule_covariance(ep, s->activity, &s->opt, w, err);
}

/* The covariance rule held factored: the expanded rule with its coefficients. */
static eg_status factored_covariance(const eg_assoc_spec *s, const eg_episodes *ep, eg_hopfield **net, eg_error *err)
{
    eg_hebb_coefs c;
    eg_status st = eg_rule_covariance_coefs(ep, s->activity, &c, err);
    return st != EG_OK ? st : eg_hopfield_alloc_expanded(ep, &c, &s->opt, 1, net, err);
}

static eg_status weights_oja(const eg_assoc_spec *s, const eg_episodes *ep, eg_matrix **w, eg_error *err)
{
    eg_rule_options o = s->opt;
    o.norm = EG_NORM_NONE; /* η is the rate (rules.h) */
    o.init_scale = 0.1;
    return eg_rule_oja(ep, s->eta, s->opt.epochs, &o, w, err);
}

static eg_status weights_storkey(const eg_assoc_spec *s, const eg_episodes *ep, eg_matrix **w, eg_error *err)
{
    (void)s;
    return eg_rule_storkey(ep, w, err);
}

static eg_status weights_clipped(const eg_assoc_spec *s, const eg_episodes *ep, eg_matrix **w, eg_error *err)
{
    return eg_rule_clipped(ep, &s->opt, w, err);
}

static eg_status weights_projection(const eg_assoc_spec *s, const eg_episodes *ep, eg_matrix **w, eg_error *err)
{
    return eg_rule_pseudoinverse(ep, &s->opt, w, err);
}

static eg_status weights_sequence(const eg_assoc_spec *s, const eg_episodes *ep, eg_matrix **w, eg_error *err)
{
    /* Checked at compile when the count is known; a loaded set or a capacity
     * experiment's small N can still be too short. */
    if (s->lag >= ep->count)
        return eg_error_set(err, EG_EINVAL, "a sequence with lag %zu needs more than %zu episodes", s->lag, ep->count);
    return eg_rule_sequence(ep, s->lag, s->cyclic, &s->opt, w, err);
}

/* ---- Filling a rule's spec from its call ---------------------------------- */

static void free_expr_fn(void *f)
{
    eg_expr_fn_free(f);
}

static double coef_eval(double w, void *ctx)
{
    return eg_expr_fn_eval(ctx, w);
}

/* One coefficient of hebbian(...): a number, or expr("...") compiled here so
 * that an unknown name or a syntax error is reported at the expression. */
static void coef_of(eg_compile *c, const eg_value *rule, const char *name, eg_coef *coef)
{
    const eg_value *v = eg_value_arg(rule, name);
    *coef = (eg_coef){eg_call_number(rule, name), NULL, NULL};
    if (!v || v->kind == EG_VAL_NUMBER)
        return;
    eg_expr_fn *fn = NULL;
    eg_error err;
    if (eg_expr_fn_compile(eg_value_arg(v, "text")->str, "w", &fn, &err) != EG_OK) {
        eg_compile_error(c, v->loc, "%s: %s", name, err.msg);
        return;
    }
    if (eg_compile_own(c, fn, free_expr_fn))
        *coef = (eg_coef){0, coef_eval, fn};
}

/* The six coefficients of hebbian(...), compiled in the order they are written. */
static void coefs_of(eg_compile *c, const eg_value *rule, eg_hebb_coefs *coefs)
{
    static const char *const names[] = {"c0", "c1_pre", "c1_post", "c2_pre", "c2_post", "c2_corr"};
    eg_coef *slots[] = {&coefs->c0, &coefs->c1_pre, &coefs->c1_post, &coefs->c2_pre, &coefs->c2_post, &coefs->c2_corr};
    for (size_t k = 0; k < 6; k++)
        *slots[k] = (eg_coef){eg_call_number(rule, names[k]), NULL, NULL};
    for (size_t i = 0; i < rule->n; i++)
        for (size_t k = 0; k < 6; k++)
            if (rule->arg_names[i] && strcmp(rule->arg_names[i], names[k]) == 0)
                coef_of(c, rule, names[k], slots[k]);
}

/* Where word stands in words (0 when absent: the check admits only these). */
static int word_at(const char *word, const char *const *words)
{
    for (int k = 0; words[k]; k++)
        if (strcmp(word, words[k]) == 0)
            return k;
    return 0;
}

/* The word of a call's argument as its place in words. */
static int word_index(const eg_value *rule, const char *name, const char *const *words)
{
    return word_at(eg_call_word(rule, name), words);
}

static void rule_hebb(eg_compile *c, const eg_value *rule, eg_assoc_spec *s)
{
    (void)c, (void)rule, (void)s; /* the Hebbian sum, held factored (weights NULL) */
}

static void rule_hebbian(eg_compile *c, const eg_value *rule, eg_assoc_spec *s)
{
    s->weights = weights_expanded;
    coefs_of(c, rule, &s->coefs);
    s->opt.mode = word_index(rule, "mode", mode_words) == 1 ? EG_LEARN_ONLINE : EG_LEARN_BATCH;
    s->opt.epochs = (size_t)eg_call_number(rule, "epochs");
    s->opt.post = word_index(rule, "post", post_words) == 1 ? EG_POST_LINEAR : EG_POST_CLAMPED;
    s->opt.init_scale = eg_call_number(rule, "init");
    const eg_hebb_coefs *k = &s->coefs;
    if (!k->c0.fn && !k->c1_pre.fn && !k->c1_post.fn && !k->c2_pre.fn && !k->c2_post.fn && !k->c2_corr.fn &&
        s->opt.mode == EG_LEARN_BATCH && s->opt.post == EG_POST_CLAMPED && s->opt.init_scale == 0.0)
        s->factored = factored_expanded;
}

static void rule_covariance(eg_compile *c, const eg_value *rule, eg_assoc_spec *s)
{
    (void)c;
    s->weights = weights_covariance;
    s->factored = factored_covariance;
    s->activity = eg_call_number(rule, "activity");
}

static void rule_oja(eg_compile *c, const eg_value *rule, eg_assoc_spec *s)
{
    (void)c;
    s->weights = weights_oja;
    s->eta = eg_call_number(rule, "eta");
    s->opt.epochs = (size_t)eg_call_number(rule, "epochs");
}

static void rule_storkey(eg_compile *c, const eg_value *rule, eg_assoc_spec *s)
{
    (void)c, (void)rule;
    s->weights = weights_storkey;
}

static void rule_clipped(eg_compile *c, const eg_value *rule, eg_assoc_spec *s)
{
    (void)c, (void)rule;
    s->weights = weights_clipped;
}

static void rule_projection(eg_compile *c, const eg_value *rule, eg_assoc_spec *s)
{
    (void)c, (void)rule;
    s->weights = weights_projection;
}

static void rule_sequence(eg_compile *c, const eg_value *rule, eg_assoc_spec *s)
{
    (void)c;
    s->weights = weights_sequence;
    s->lag = (size_t)eg_call_number(rule, "lag");
    s->cyclic = eg_call_number(rule, "cyclic") != 0;
}

static void rule_kohonen(eg_compile *c, const eg_value *rule, eg_assoc_spec *s)
{
    (void)c, (void)rule;
    s->kind = EG_ASSOC_CMM;
    s->cmm = EG_CMM_IDENTITY;
}

static void rule_amari(eg_compile *c, const eg_value *rule, eg_assoc_spec *s)
{
    (void)c, (void)rule;
    s->kind = EG_ASSOC_CMM;
    s->cmm = EG_CMM_SIGN;
}

static void rule_poly(eg_compile *c, const eg_value *rule, eg_assoc_spec *s)
{
    (void)c;
    s->kind = EG_ASSOC_DAM;
    s->dam.kind = EG_DAM_POLY;
    s->dam.degree = (unsigned)eg_call_number(rule, "n");
}

static void rule_exponential(eg_compile *c, const eg_value *rule, eg_assoc_spec *s)
{
    (void)c;
    s->kind = EG_ASSOC_DAM;
    s->dam.kind = EG_DAM_EXP;
    s->dam.beta = eg_call_number(rule, "beta");
}

static void rule_minerva(eg_compile *c, const eg_value *rule, eg_assoc_spec *s)
{
    (void)c, (void)rule;
    s->kind = EG_ASSOC_UHN;
    s->uhn = eg_uhn_minerva();
}

static void rule_modern(eg_compile *c, const eg_value *rule, eg_assoc_spec *s)
{
    (void)c;
    s->kind = EG_ASSOC_UHN;
    s->uhn = eg_uhn_modern(eg_call_number(rule, "beta"));
}

static void rule_uhn(eg_compile *c, const eg_value *rule, eg_assoc_spec *s)
{
    /* In the order of sim_words and sep_words. */
    static const eg_similarity sims[] = {EG_SIM_DOT, EG_SIM_COSINE, EG_SIM_NEG_EUCLIDEAN, EG_SIM_NEG_MANHATTAN};
    static const eg_separation seps[] = {EG_SEP_IDENTITY, EG_SEP_POLY, EG_SEP_SOFTMAX, EG_SEP_MAX};
    (void)c;
    s->kind = EG_ASSOC_UHN;
    s->uhn.sim = sims[word_index(rule, "similarity", sim_words)];
    s->uhn.sep = seps[word_index(rule, "separation", sep_words)];
    s->uhn.param = eg_call_number(rule, "param");
}

/* ---- The storage-rule table ---------------------------------------------
 * One row per rule: its name, argument keys, doc, and the hook that fills
 * the typed spec. The schema's list of rules and the compile dispatch are
 * both made from it, so a new rule is one row plus its math above. */
#define STORAGE_RULES(X)                                                                                             \
    X(hebb, no_keys, "activity-product rule W = s Σ ξξᵀ (Hopfield 1982)", rule_hebb)                                 \
    X(hebbian, hebbian_keys, "the expanded Hebbian rule of seed 002 §2.8 with six coefficients", rule_hebbian)       \
    X(covariance, covariance_keys,                                                                                   \
      "W = s Σ (ξ − a)(ξ − a)ᵀ for sparse episodes (Tsodyks & Feigel'man 1988)", rule_covariance)                    \
    X(oja, oja_keys, "Oja's rule Δw = η y_i (x_j − w_ij y_i), online (Oja 1982)", rule_oja)                          \
    X(storkey, no_keys, "Storkey's incremental local rule (Storkey 1997)", rule_storkey)                             \
    X(clipped, no_keys, "clipped Hebbian synapses W = s sgn(Σ ξξᵀ) (Sompolinsky 1986)", rule_clipped)               \
    X(projection, no_keys, "pseudo-inverse rule W = Ξᵀ(ΞΞᵀ)⁻¹Ξ (Personnaz et al. 1985)", rule_projection)           \
    X(pseudoinverse, no_keys, "the same as projection", rule_projection)                                             \
    X(sequence, sequence_keys, "asymmetric rule W = s Σ ξ_{μ+lag} ξ_μᵀ (Sompolinsky & Kanter 1986)", rule_sequence)  \
    X(kohonen, no_keys, "correlation-matrix memory, one pass y = CᵀA x (Kohonen 1972)", rule_kohonen)              \
    X(amari, no_keys, "correlation-matrix memory, one pass y = sgn(CᵀA x) (Amari 1972)", rule_amari)               \
    X(poly, poly_keys, "dense associative memory, E = −Σ F_n(ξ·σ) (Krotov & Hopfield 2016)", rule_poly)             \
    X(exponential, exponential_keys, "dense associative memory, F(z) = exp(βz) (Demircigil et al. 2017)",            \
      rule_exponential)                                                                                              \
    X(minerva, no_keys, "Minerva 2: cosine similarity, cubed (Hintzman 1984)", rule_minerva)                        \
    X(modern, modern_keys, "modern Hopfield network ξ ← Ξᵀ softmax(β Ξ σ) (Ramsauer et al. 2021)", rule_modern)     \
    X(uhn, uhn_keys, "Universal Hopfield Network Cᵀ sep(sim(A, q)) (Millidge et al. 2022)", rule_uhn)

typedef struct storage_rule {
    const eg_schema *fn;
    void (*fill)(eg_compile *c, const eg_value *rule, eg_assoc_spec *s);
} storage_rule;

#define RULE_SCHEMA(name, keys, doc, fill) static const eg_schema name##_fn = EG_SCHEMA(#name, doc, keys);
#define RULE_CALL(name, keys, doc, fill) &name##_fn,
#define RULE_ROW(name, keys, doc, fill) {&name##_fn, fill},
STORAGE_RULES(RULE_SCHEMA)
static const eg_schema *const rules[] = {STORAGE_RULES(RULE_CALL) NULL};
static const storage_rule storage_rules[] = {STORAGE_RULES(RULE_ROW){NULL, NULL}};
static const eg_type rule_type = {.kind = EG_TY_CALL, .calls = rules,
                                  .what = "a storage rule such as hebb, hebbian(...), storkey or poly(n = 3)"};

static const char *const state_words[] = {"bipolar", "binary", "rate", NULL};
static const eg_type state_type = {.kind = EG_TY_WORD, .words = state_words};
static const char *const norm_words[] = {"units", "count", "none", NULL};
static const eg_norm norms[] = {EG_NORM_UNITS, EG_NORM_COUNT, EG_NORM_NONE}; /* in the order of norm_words */
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
static const eg_key *const network_key_groups[] = {hopfield_keys, eg_network_rate_keys, eg_network_rnn_keys,
                                                   eg_network_cell_keys, NULL};
static const char *const network_group_docs[] = {
    "every network, and the discrete networks that store episodes (state = bipolar or binary)",
    "continuous-time networks: rate networks (state = rate) and sequence memories (kind = gsemm, lisem or dsem)",
    "recurrent networks for tasks (weights with input_weights and readout, or construct)",
    "a trained cell as its framework saved it (file and layout), for analyze fixed_points and analyze lyapunov",
    NULL,
};
static const eg_schema network_schema = {.name = "network",
                                         .doc = "a recurrent network: its units and where its weights come from",
                                         .groups = network_key_groups,
                                         .group_docs = network_group_docs};

/* ---- Compiling ----------------------------------------------------------- */

/* What the keys make of the block: a file and layout are a trained cell as
 * saved; a network with input or readout weights,
 * or constructed from a theory, is a recurrent network for tasks (whatever
 * its state says); a sequence memory names its kind, a rate network its
 * state; the rest store episodes, or, with weights of their own and nothing
 * stored, are recurrent networks read as they are. */
static eg_network_flavour flavour_of(const eg_block *block)
{
    if (eg_block_value(block, "file") || eg_block_value(block, "layout"))
        return EG_FLAVOUR_CELL;
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

/* The value set a set of episodes is known to hold: +1 for bipolar, 0 for
 * binary, -1 when unknown (raw values, or not yet read). */
static int known_values(const eg_memories_spec *m)
{
    return m->binary ? 0 : m->bipolar ? 1 : -1;
}

/* What the block's state, threshold and content ask of the rule. */
static void check_rule_fits(eg_compile *c, const eg_block *block, const eg_assoc_spec *s)
{
    if (s->states == EG_STATES_BINARY && s->kind != EG_ASSOC_WEIGHTS)
        eg_compile_error(c, eg_block_loc(block, "state"),
                         "rule '%s' does not fit state = binary: only coupling-matrix rules run {0,1} units; use "
                         "state = bipolar",
                         s->rule_name);
    if (s->kind != EG_ASSOC_WEIGHTS && eg_block_value(block, "threshold"))
        eg_compile_error(c, eg_block_loc(block, "threshold"),
                         "rule '%s' has no unit thresholds; 'threshold' is for coupling-matrix rules", s->rule_name);
    if (eg_block_value(block, "content") && s->kind != EG_ASSOC_CMM && s->kind != EG_ASSOC_UHN)
        eg_compile_error(c, eg_block_loc(block, "content"),
                         "rule '%s' is auto-associative; hetero-association ('content') needs kohonen, amari, "
                         "minerva, modern or uhn",
                         s->rule_name);
}

/* Keys of the continuous-time and recurrent flavours have no meaning for a
 * network that stores episodes. */
static void check_foreign_keys(eg_compile *c, const eg_block *block)
{
    const eg_key *const groups[] = {eg_network_rate_keys, eg_network_rnn_keys};
    for (size_t g = 0; g < 2; g++)
        for (const eg_key *k = groups[g]; k->name; k++)
            if (eg_block_value(block, k->name))
                eg_compile_error(c, eg_block_loc(block, k->name),
                                 "'%s' is a key of %s networks (%s); the discrete network of recall does not take it",
                                 k->name, g == 0 ? "continuous-time" : "recurrent",
                                 g == 0 ? "state = rate" : "evaluate, train");
}

/* The stored episodes against the units, the content and the rule: every
 * size and value set known at check. */
static void check_store(eg_compile *c, const eg_block *block, const eg_discrete_spec *d,
                        const eg_memories_spec *store)
{
    const eg_assoc_spec *s = &d->assoc;
    const eg_value *units = eg_block_value(block, "units"), *sv = eg_block_value(block, "store");
    if (units && store->units > 0 && (size_t)units->num != store->units)
        eg_compile_error(c, units->loc, "network has %zu units but memories '%s' holds episodes of %zu units",
                         (size_t)units->num, sv->str, store->units);
    const eg_memories_spec *content = d->content;
    if (content && content->count > 0 && store->count > 0 && content->count != store->count)
        eg_compile_error(c, eg_block_loc(block, "content"),
                         "memories '%s' holds %zu episodes but '%s' (the addresses) holds %zu: pairs need equal counts",
                         eg_block_value(block, "content")->str, content->count, sv->str, store->count);
    if (s->weights == weights_sequence && store->count > 0 && s->lag >= store->count)
        eg_compile_error(c, eg_block_loc(block, "rule"), "a sequence with lag %zu needs more than %zu episodes (memories '%s' holds %zu)",
                         s->lag, store->count, sv->str, store->count);
    if (s->kind == EG_ASSOC_UHN || s->kind == EG_ASSOC_CMM)
        return; /* continuous memories store any finite values */
    int binary = s->states == EG_STATES_BINARY, held = known_values(store);
    if (held >= 0 && held != !binary)
        eg_compile_error(c, sv->loc,
                         "memories '%s' holds %s episodes, but rule '%s' with state = %s needs %s values%s", sv->str,
                         held ? "bipolar" : "{0, 1}", s->rule_name, binary ? "binary" : "bipolar",
                         binary ? "{0, 1}" : "{-1, +1}",
                         binary ? "" : " (for {0, 1} episodes use state = binary, e.g. with rule = covariance)");
}

/* The discrete flavour: the storage rule through its table row, the states,
 * and the stored episodes checked against the rest. Returns 0 when memories
 * it names had errors (reported there: the network then has no spec, and the
 * blocks that use it report nothing more). */
static int compile_discrete(eg_compile *c, const eg_block *block, eg_network_spec *spec)
{
    eg_discrete_spec *d = eg_compile_alloc(c, sizeof *d);
    if (!d)
        return 0;
    eg_assoc_spec *s = &d->assoc;
    const eg_value *rule = eg_block_value(block, "rule");
    const storage_rule *row = storage_rules; /* hebb when the key is unset */
    while (rule && row->fn && row->fn != rule->schema)
        row++;
    if (!row->fn) /* not reached: the check admits only the table's rules */
        row = storage_rules;
    s->rule_name = row->fn->name;
    s->kind = EG_ASSOC_WEIGHTS;
    s->states = strcmp(eg_block_word(block, "state"), "binary") == 0 ? EG_STATES_BINARY : EG_STATES_BIPOLAR;
    s->threshold = eg_block_number(block, "threshold");
    s->hebb = eg_hebbian_options_default();
    s->hebb.norm = norms[word_at(eg_block_word(block, "normalize"), norm_words)];
    s->hebb.keep_self = eg_block_number(block, "self") != 0;
    s->opt = eg_rule_options_default();
    s->opt.norm = s->hebb.norm;
    s->opt.keep_self = s->hebb.keep_self;
    s->dam = eg_dam_options_default();
    row->fill(c, rule, s);
    d->rule_loc = eg_block_loc(block, "rule");
    d->store_loc = eg_block_loc(block, "store");
    check_rule_fits(c, block, s);
    check_foreign_keys(c, block);
    const eg_value *units = eg_block_value(block, "units");
    spec->units = units ? (size_t)units->num : 0;
    const eg_value *content = eg_block_value(block, "content");
    if (content && !(d->content = eg_compile_memories(c, content)))
        return 0;
    const eg_value *store = eg_block_value(block, "store");
    if (store && !(spec->store = eg_compile_memories(c, store)))
        return 0;
    if (store) {
        if (!units)
            spec->units = spec->store->units;
        check_store(c, block, d, spec->store);
    }
    /* Coupling-matrix rules other than the factored Hebbian sum form W whole. */
    if (s->kind == EG_ASSOC_WEIGHTS && s->weights && spec->units > 0)
        eg_compile_memory(c, rule ? rule->loc : block->loc, (double)spec->units * (double)spec->units * sizeof(double),
                          "rule '%s' forms the weights W (%zu × %zu doubles), which", s->rule_name, spec->units,
                          spec->units);
    spec->impl = d;
    return 1;
}

static eg_spec *compile_network(eg_compile *c, const eg_block *block)
{
    eg_network_spec *s = eg_compile_alloc(c, sizeof *s);
    if (!s)
        return NULL;
    s->flavour = flavour_of(block);
    switch (s->flavour) {
    case EG_FLAVOUR_DISCRETE:
        if (!compile_discrete(c, block, s))
            return NULL;
        break;
    case EG_FLAVOUR_RATE:
    case EG_FLAVOUR_SEQUENCE: eg_network_rate_compile(c, block, s); break;
    case EG_FLAVOUR_RNN: eg_network_rnn_compile(c, block, s); break;
    case EG_FLAVOUR_CELL: eg_network_cell_compile(c, block, s); break;
    }
    return &s->head;
}

const eg_kind eg_kind_network = {.schema = &network_schema, .compile = compile_network};

const eg_discrete_spec *eg_network_discrete(const eg_network_spec *spec)
{
    return spec && spec->flavour == EG_FLAVOUR_DISCRETE ? spec->impl : NULL;
}

/* ---- Building ------------------------------------------------------------ */

static void free_assoc(void *p)
{
    eg_assoc_free(p);
}

/* The discrete spec of a network block. Kinds that compile check the flavour
 * and the store at their own key; these guards serve the kinds that read the
 * block at run time still. */
static eg_status discrete_of(eg_run *run, const eg_block *block, const eg_network_spec **net,
                             const eg_discrete_spec **out)
{
    char desc[160];
    const eg_spec *spec = eg_run_spec(run, block);
    *net = spec ? EG_SPEC_OF(eg_network_spec, spec) : NULL;
    if (!(*out = eg_network_discrete(*net)))
        return eg_run_fail(run, EG_EINVAL, block->loc,
                           "%s is not a network that stores episodes; run it with simulate, not discrete recall",
                           eg_block_describe(block, desc, sizeof desc));
    if (!(*net)->store)
        return eg_run_fail(run, EG_EINVAL, block->loc, "%s needs 'store' (the memories it holds) for recall",
                           eg_block_describe(block, desc, sizeof desc));
    return EG_OK;
}

eg_status eg_build_assoc(eg_run *run, const eg_block *block, const eg_assoc **out)
{
    const eg_network_spec *net = NULL;
    const eg_discrete_spec *d = NULL;
    eg_status st = discrete_of(run, block, &net, &d);
    if (st != EG_OK)
        return st;
    eg_assoc *a = eg_run_cached(run, block);
    if (a) {
        *out = a;
        return EG_OK;
    }
    const eg_block *store = net->store->head.block;
    const eg_episodes *ep = NULL, *cp = NULL;
    /* Continuous memories read the double form of their episodes. */
    int doubles = d->assoc.kind == EG_ASSOC_UHN || d->assoc.kind == EG_ASSOC_CMM;
    eg_status (*episodes)(eg_run *, const eg_block *, const eg_episodes **) =
        doubles ? eg_build_episodes_unpacked : eg_build_episodes;
    if ((st = episodes(run, store, &ep)) != EG_OK)
        return st;
    if (d->content && (st = episodes(run, d->content->head.block, &cp)) != EG_OK)
        return st;
    /* Sizes not known at check (loaded files): the file's data does not fit. */
    if (net->units > 0 && net->units != ep->units)
        return eg_run_fail(run, EG_EIO, d->store_loc, "network has %zu units but memories '%s' holds episodes of %zu units",
                           net->units, store->name, ep->units);
    if (cp && cp->count != ep->count)
        return eg_run_fail(run, EG_EIO, d->store_loc,
                           "memories '%s' holds %zu episodes but '%s' (the addresses) holds %zu: pairs need equal counts",
                           d->content->head.block->name, cp->count, store->name, ep->count);
    eg_error err;
    /* What the compile could check it did: a set that still does not fit
     * (values or count) was read from a file. */
    if ((st = eg_assoc_build(&d->assoc, ep, cp, &a, &err)) != EG_OK)
        return eg_run_fail(run, st == EG_EINVAL ? EG_EIO : st, st == EG_ENUMERIC ? d->rule_loc : d->store_loc,
                           "memories '%s': %s", store->name, err.msg);
    if ((st = eg_run_cache(run, block, a, free_assoc)) != EG_OK)
        return eg_run_fail(run, st, block->loc, "out of memory");
    *out = a;
    return EG_OK;
}

eg_status eg_build_hopfield(eg_run *run, const eg_block *block, const eg_hopfield **out, const eg_episodes **stored)
{
    const eg_assoc *a = NULL;
    eg_status st = eg_build_assoc(run, block, &a);
    if (st != EG_OK)
        return st;
    if (!a->net)
        return eg_run_fail(run, EG_EINVAL, ((const eg_discrete_spec *)(const void *)a->spec)->rule_loc,
                           "rule '%s' has no coupling matrix", a->spec->rule_name);
    *out = a->net;
    *stored = a->stored;
    return EG_OK;
}
