/* sequence.c: `sequence` blocks: which memory follows which, compiled into
 * the edges (or the whole) of the transition matrix G of a sequence memory (docs/science.md, "Sequence memories": G[i][j] = 1 when
 * memory i is followed by j; the network uses Φ = Gᵀ). */
#include <math.h>
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

/* The memory indices of cycles or chains as edges of G: each chain needs two
 * memories at least; a cycle also links its last memory to its first. */
static void compile_chains(eg_compile *c, const eg_value *list, int cyclic, eg_sequence_spec *s, eg_transition *edges,
                           const eg_value **indices)
{
    for (size_t k = 0; k < list->n; k++) {
        const eg_value *chain = list->items[k];
        if (chain->n < 2) {
            eg_compile_error(c, chain->loc, "a %s needs at least two memories, this one has %zu",
                             cyclic ? "cycle" : "chain", chain->n);
            continue;
        }
        for (size_t i = 0; i < chain->n; i++)
            indices[s->nindices++] = chain->items[i];
        for (size_t i = 0; i + 1 < chain->n; i++)
            edges[s->nedges++] = (eg_transition){(size_t)chain->items[i]->num, (size_t)chain->items[i + 1]->num};
        if (cyclic)
            edges[s->nedges++] = (eg_transition){(size_t)chain->items[chain->n - 1]->num, (size_t)chain->items[0]->num};
    }
}

/* The number of memory indices written in cycles or chains. */
static size_t index_count(const eg_value *list)
{
    size_t n = 0;
    for (size_t k = 0; list && k < list->n; k++)
        n += list->items[k]->n;
    return n;
}

/* G as given: square and finite (its size against the memories is checked by
 * the network that uses it). */
static void compile_matrix(eg_compile *c, const eg_value *matrix, eg_sequence_spec *s)
{
    size_t rows = matrix->n, cols = rows ? matrix->items[0]->n : 0;
    if (rows == 0 || cols == 0) {
        eg_compile_error(c, matrix->loc, "the transition matrix holds no values");
        return;
    }
    if (rows != cols) {
        eg_compile_error(c, matrix->loc, "the transition matrix must be square (K × K), got %zu × %zu", rows, cols);
        return;
    }
    double *g = eg_compile_alloc(c, rows * cols * sizeof *g);
    if (!g)
        return;
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++) {
            g[i * cols + j] = matrix->items[i]->items[j]->num;
            if (!isfinite(g[i * cols + j])) {
                eg_compile_error(c, matrix->loc, "the transition matrix holds a non-finite value at [%zu][%zu]", i, j);
                return;
            }
        }
    s->matrix = g;
    s->size = rows;
}

static eg_spec *compile_sequence(eg_compile *c, const eg_block *block)
{
    eg_sequence_spec *s = eg_compile_alloc(c, sizeof *s);
    if (!s)
        return NULL;
    const eg_value *cycles = eg_block_value(block, "cycles"), *chains = eg_block_value(block, "chains");
    const eg_value *matrix = eg_block_value(block, "matrix");
    char desc[160];
    eg_block_describe(block, desc, sizeof desc);
    if (!cycles && !chains && !matrix) {
        eg_compile_error(c, block->loc, "%s needs 'cycles', 'chains' or 'matrix'", desc);
        return &s->head;
    }
    if (matrix && (cycles || chains)) {
        eg_compile_error(c, matrix->loc, "%s gives 'matrix' together with cycles or chains; use one", desc);
        return &s->head;
    }
    if (matrix) {
        compile_matrix(c, matrix, s);
        return &s->head;
    }
    size_t n = index_count(cycles) + index_count(chains);
    eg_transition *edges = eg_compile_alloc(c, n * sizeof *edges);
    const eg_value **indices = eg_compile_alloc(c, n * sizeof *indices);
    if (!edges || !indices)
        return NULL;
    /* In file order, so that one pass reports them as written. */
    int chains_first = chains && cycles &&
                       (chains->loc.line < cycles->loc.line ||
                        (chains->loc.line == cycles->loc.line && chains->loc.col < cycles->loc.col));
    if (chains && chains_first)
        compile_chains(c, chains, 0, s, edges, indices);
    if (cycles)
        compile_chains(c, cycles, 1, s, edges, indices);
    if (chains && !chains_first)
        compile_chains(c, chains, 0, s, edges, indices);
    s->edges = edges;
    s->indices = indices;
    return &s->head;
}

const eg_kind eg_kind_sequence = {.schema = &sequence_schema, .compile = compile_sequence};
