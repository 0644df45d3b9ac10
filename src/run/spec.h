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

/* ---- The definitions other blocks refer to --------------------------------
 * What a referring block may ask of a definition while compiling (sizes,
 * states, flavour), so that misuse is reported at the referring key. Each
 * definition keeps the rest of its spec to itself behind `impl`. */

/* A memories block. */
typedef struct eg_memories_spec {
    eg_spec head;
    size_t count;  /* episodes; 0 when known only once built (loaded from a file) */
    size_t units;  /* units per episode; 0 likewise */
    int binary;    /* {0,1} episodes rather than bipolar ones */
    int bipolar;   /* every entry known to be -1 or +1 (0 with binary, and when unknown at check) */
    const void *impl;
} eg_memories_spec;

/* What a network block is, from its keys (network.c decides; messages name
 * the keys that made it so). */
typedef enum eg_network_flavour {
    EG_FLAVOUR_DISCRETE, /* state = bipolar or binary: stores episodes; recall, capacity */
    EG_FLAVOUR_RATE,     /* state = rate: a continuous-time rate network; simulate, fixed points */
    EG_FLAVOUR_SEQUENCE, /* kind = gsemm, lisem or dsem: a sequence memory; simulate */
    EG_FLAVOUR_RNN,      /* weights with input_weights/readout, or construct: tasks, training, spectra */
    EG_FLAVOUR_CELL      /* file and layout: a trained cell as saved; fixed points, Lyapunov exponents */
} eg_network_flavour;

/* A network block. */
typedef struct eg_network_spec {
    eg_spec head;
    eg_network_flavour flavour;
    size_t units;                  /* 0 when known only once built (loaded weights) */
    const eg_memories_spec *store; /* the episodes in its weights, or NULL */
    const void *impl;              /* the flavour's own spec */
} eg_network_spec;

/* The spec struct of a kind, from its head (a kind's own specs only). */
#define EG_SPEC_OF(type, spec) ((const type *)(const void *)(spec))

#endif
