/* kinds.c: the registry of block kinds engram understands. */
#include "run/kinds.h"

const eg_kind *const eg_kinds[] = {
    &eg_kind_memories,
    &eg_kind_network,
    &eg_kind_recall,
    &eg_kind_capacity,
    &eg_kind_critical,
    NULL,
};

const eg_schema *const *eg_kind_schemas(void)
{
    enum { MAX_KINDS = 64 };
    static const eg_schema *schemas[MAX_KINDS + 1];
    if (!schemas[0])
        for (size_t i = 0; eg_kinds[i] && i < MAX_KINDS; i++)
            schemas[i] = eg_kinds[i]->schema;
    return schemas;
}
