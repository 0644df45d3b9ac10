/* kind_sequence.c: `sequence` blocks: which memory follows which, the
 * transition matrix G of a sequence memory (SCIENCE.md §5.1: G[i][j] = 1 when
 * memory i is followed by j; the network uses Φ = Gᵀ). */
#include <stdlib.h>

#include "run/kinds.h"

static const eg_type index_list_type = {.kind = EG_TY_LIST, .elem = &eg_type_index, .what = "a list of memory indices"};
static const eg_type chains_type = {.kind = EG_TY_LIST, .elem = &index_list_type,
                                    .what = "a list of lists of memory indices, e.g. [[0, 1, 2], [3, 4]]"};

static const eg_key sequence_keys[] = {
    {"cycles", &chains_type, 0, 0, NULL, "closed sequences: the last memory is followed by the first"},
    {"chains", &chains_type, 0, 0, NULL, "open sequences: the last memory is followed by none"},
    {"matrix", &eg_type_matrix, 0, 0, NULL, "G itself, K × K: G[i][j] = 1 when memory i is followed by j"},
    EG_KEYS_END,
};
static const eg_schema sequence_schema =
    EG_SCHEMA("sequence", "the order in which a sequence memory visits its memories", sequence_keys);

const eg_kind eg_kind_sequence = {.schema = &sequence_schema};

static eg_status add_chains(eg_run *run, const eg_value *list, int cyclic, eg_matrix *G)
{
    size_t k = G->rows;
    for (size_t c = 0; c < list->n; c++) {
        const eg_value *chain = list->items[c];
        if (chain->n < 2)
            return eg_run_fail(run, EG_EINVAL, chain->loc, "a %s needs at least two memories, this one has %zu",
                               cyclic ? "cycle" : "chain", chain->n);
        for (size_t i = 0; i < chain->n; i++)
            if ((size_t)chain->items[i]->num >= k)
                return eg_run_fail(run, EG_EINVAL, chain->items[i]->loc,
                                   "memory index %zu is out of range: the network holds %zu memories",
                                   (size_t)chain->items[i]->num, k);
        for (size_t i = 0; i + 1 < chain->n; i++)
            *eg_matrix_at(G, (size_t)chain->items[i]->num, (size_t)chain->items[i + 1]->num) = 1.0;
        if (cyclic)
            *eg_matrix_at(G, (size_t)chain->items[chain->n - 1]->num, (size_t)chain->items[0]->num) = 1.0;
    }
    return EG_OK;
}

eg_status eg_build_transitions(eg_run *run, const eg_block *block, size_t k, eg_matrix **out)
{
    const eg_value *cycles = eg_block_value(block, "cycles"), *chains = eg_block_value(block, "chains");
    const eg_value *matrix = eg_block_value(block, "matrix");
    char desc[160];
    eg_block_describe(block, desc, sizeof desc);
    if (!cycles && !chains && !matrix)
        return eg_run_fail(run, EG_EINVAL, block->loc, "%s needs 'cycles', 'chains' or 'matrix'", desc);
    if (matrix && (cycles || chains))
        return eg_run_fail(run, EG_EINVAL, matrix->loc, "%s gives 'matrix' together with cycles or chains; use one",
                           desc);
    eg_matrix *G = NULL;
    eg_status st;
    if (matrix) {
        if ((st = eg_build_matrix(run, matrix, &G)) != EG_OK)
            return st;
        if (G->rows != k || G->cols != k) {
            st = eg_run_fail(run, EG_EINVAL, matrix->loc,
                             "the transition matrix is %zu × %zu but the network holds %zu memories (%zu × %zu)",
                             G->rows, G->cols, k, k, k);
            eg_matrix_free(G);
            return st;
        }
        *out = G;
        return EG_OK;
    }
    if (!(G = eg_matrix_alloc(k, k)))
        return eg_run_fail(run, EG_ENOMEM, block->loc, "out of memory");
    if ((cycles && (st = add_chains(run, cycles, 1, G)) != EG_OK) ||
        (chains && (st = add_chains(run, chains, 0, G)) != EG_OK)) {
        eg_matrix_free(G);
        return st;
    }
    *out = G;
    return EG_OK;
}
