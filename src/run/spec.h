/* spec.h: the compiled form of a block, what every kind's spec starts with.
 * A kind's compile step turns a checked block into its own spec struct, whose
 * first member is an eg_spec; the run reads only specs, never the block's keys. */
#ifndef ENGRAM_RUN_SPEC_H
#define ENGRAM_RUN_SPEC_H

#include "lang/model.h"

struct eg_kind;

typedef struct eg_spec {
    const eg_block *block;      /* the block it was compiled from: its name and location, for messages */
    const struct eg_kind *kind; /* its kind */
} eg_spec;

/* The spec struct of a kind, from its head (a kind's own specs only). */
#define EG_SPEC_OF(type, spec) ((const type *)(const void *)(spec))

#endif
