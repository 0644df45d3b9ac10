/* registry.c: the registry of block kinds engram understands. */
#include <pthread.h>

#include "run/kinds.h"

const eg_kind *const eg_kinds[] = {
    &eg_kind_memories,
    &eg_kind_network,
    &eg_kind_recall,
    &eg_kind_sequence,
    &eg_kind_simulate,
    &eg_kind_fixed_points,
    &eg_kind_phase_plane,
    &eg_kind_energy_landscape,
    &eg_kind_task,
    &eg_kind_train,
    &eg_kind_evaluate,
    &eg_kind_spectrum,
    &eg_kind_capacity,
    &eg_kind_critical,
    &eg_kind_scaling,
    &eg_kind_continuation,
    &eg_kind_lyapunov,
    NULL,
};

enum { MAX_KINDS = 64 };
static const eg_schema *schemas[MAX_KINDS + 1];
static pthread_once_t schemas_once = PTHREAD_ONCE_INIT;

static void fill_schemas(void)
{
    for (size_t i = 0; eg_kinds[i] && i < MAX_KINDS; i++)
        schemas[i] = eg_kinds[i]->schema;
}

/* Filled once, whichever thread asks first: sweeps check models on many threads. */
const eg_schema *const *eg_kind_schemas(void)
{
    pthread_once(&schemas_once, fill_schemas);
    return schemas;
}

const eg_kind *eg_kind_of(const eg_block *block)
{
    for (size_t i = 0; eg_kinds[i]; i++)
        if (eg_kinds[i]->schema == block->schema)
            return eg_kinds[i];
    return NULL;
}
