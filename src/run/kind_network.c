/* kind_network.c: `network` blocks: units, state, and how the weights are made. */
#include <stdlib.h>
#include <string.h>

#include "run/kinds.h"

static const eg_key hebb_keys[] = {EG_KEYS_END};
static const eg_schema hebb_fn = EG_SCHEMA("hebb", "activity-product rule W = s Σ ξξᵀ (Hopfield 1982)", hebb_keys);

static const eg_schema *const rules[] = {&hebb_fn, NULL};
static const eg_type rule_type = {.kind = EG_TY_CALL, .calls = rules, .what = "a storage rule such as hebb"};

static const char *const state_words[] = {"bipolar", "rate", NULL};
static const eg_type state_type = {.kind = EG_TY_WORD, .words = state_words};
static const char *const norm_words[] = {"units", "count", "none", NULL};
static const eg_type norm_type = {.kind = EG_TY_WORD, .words = norm_words};
static const eg_type store_type = {.kind = EG_TY_REF, .ref_kind = "memories", .ref_item = EG_REF_WHOLE};
static const eg_type self_type = EG_TYPE_INTEGER_RANGE(0, 1, "0 (zero diagonal) or 1 (keep it)");

/* Keys of discrete networks that store episodes. Other flavours of network
 * (rate networks, sequence memories, RNNs) add their own key tables below. */
static const eg_key hopfield_keys[] = {
    {"units", &eg_type_count, 0, 0, NULL, "number of units D (default: the stored episodes' size)"},
    {"state", &state_type, 0, 0, "bipolar", "what a unit's state is: bipolar (discrete) or rate (continuous time)"},
    {"rule", &rule_type, 0, 0, "hebb", "the storage rule"},
    {"store", &store_type, 0, 0, NULL, "the memories stored in the weights"},
    {"self", &self_type, 0, 0, NULL, "self-coupling: 0 zeroes the diagonal of W"},
    {"normalize", &norm_type, 0, 0, "units", "scale of the outer-product sum: 1/D, 1/N or 1"},
    EG_KEYS_END,
};
static const eg_key *const network_key_groups[] = {hopfield_keys, eg_network_rate_keys, eg_network_rnn_keys, NULL};
static const eg_schema network_schema = {.name = "network", .doc = "a recurrent network", .groups = network_key_groups};

const eg_kind eg_kind_network = {&network_schema, NULL};

typedef struct built_network {
    eg_hopfield *net;
    const eg_episodes *stored;
} built_network;

static void free_network(void *p)
{
    built_network *b = p;
    eg_hopfield_free(b->net);
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

eg_status eg_build_hopfield(eg_run *run, const eg_block *block, const eg_hopfield **out, const eg_episodes **stored)
{
    if (strcmp(eg_block_word(block, "state"), "rate") == 0 || eg_block_value(block, "kind")) {
        char desc[160];
        return eg_run_fail(run, EG_EINVAL, block->loc,
                           "%s is a continuous-time network; run it with simulate, not discrete recall",
                           eg_block_describe(block, desc, sizeof desc));
    }
    for (const eg_key *k = eg_network_rate_keys; k->name; k++)
        if (eg_block_value(block, k->name))
            return eg_run_fail(run, EG_EINVAL, eg_block_loc(block, k->name),
                               "'%s' is a key of continuous-time networks (state = rate); the discrete network of "
                               "recall does not take it",
                               k->name);
    /* Only a block with 'store' is of this flavour: the check comes before the
     * cache, which may hold another flavour's object for the same block. */
    const eg_value *store = eg_block_value(block, "store");
    if (!store) {
        char desc[160];
        return eg_run_fail(run, EG_EINVAL, block->loc, "%s needs 'store' (the memories it holds) for recall",
                           eg_block_describe(block, desc, sizeof desc));
    }
    built_network *b = eg_run_cached(run, block);
    if (b) {
        *out = b->net;
        *stored = b->stored;
        return EG_OK;
    }
    const eg_episodes *ep = NULL;
    eg_status st = eg_build_episodes(run, store->ref, &ep);
    if (st != EG_OK)
        return st;
    const eg_value *units = eg_block_value(block, "units");
    if (units && (size_t)units->num != ep->units)
        return eg_run_fail(run, EG_EINVAL, units->loc,
                           "network has %zu units but memories '%s' holds episodes of %zu units",
                           (size_t)units->num, store->str, ep->units);
    eg_hebbian_options opt = eg_hebbian_options_default();
    opt.norm = norm_of(eg_block_word(block, "normalize"));
    opt.keep_self = eg_block_number(block, "self") != 0;
    if (!(b = calloc(1, sizeof *b)))
        return eg_run_fail(run, EG_ENOMEM, block->loc, "out of memory");
    eg_error err;
    if ((st = eg_hopfield_alloc_hebbian(ep, &opt, &b->net, &err)) != EG_OK) {
        free(b);
        return eg_run_fail(run, st, eg_block_loc(block, "rule"), "%s", err.msg);
    }
    b->stored = ep;
    if ((st = eg_run_cache(run, block, b, free_network)) != EG_OK)
        return eg_run_fail(run, st, block->loc, "out of memory");
    *out = b->net;
    *stored = ep;
    return EG_OK;
}
