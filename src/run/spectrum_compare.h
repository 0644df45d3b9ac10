/* spectrum_compare.h: `engram spectrum --compare`: a task of the variable-binding family written on
 * the command line, as a model file's `compare = theory(task = T)` names a task block. */
#ifndef ENGRAM_RUN_SPECTRUM_COMPARE_H
#define ENGRAM_RUN_SPECTRUM_COMPARE_H

#include <stddef.h>

#include "engram/matrix.h"
#include "engram/status.h"

/* The task a --compare text names. */
typedef struct eg_spectrum_compare {
    int kind;                /* index into the kinds: repeat_copy, compose_copy, variable_binding */
    size_t s, d;             /* length and width */
    size_t *perm;            /* compose_copy: d entries, or NULL (identity) */
    int *sign;               /* compose_copy: d entries ±1, or NULL (all +1) */
    char *composition;       /* variable_binding: the file of f (s·d × d) */
    int gsemm;               /* convention = gsemm: compare with I + Φᵀ */
} eg_spectrum_compare;

/* Reads text: `KIND(LENGTH, WIDTH, key = value, ...)` with the keys of a task
 * block (length, width, permutation = [...], signs = [...], composition =
 * FILE) and theory's convention = emt | gsemm, or the short `KIND:SxD`.
 * Returns 0, or writes what is wrong into msg and returns -1. Free with
 * eg_spectrum_compare_clear. */
int eg_spectrum_compare_parse(const char *text, eg_spectrum_compare *out, char *msg, size_t len);

/* The theory's matrix: the task's Φ (s·d × s·d), or I + Φᵀ for gsemm. A
 * composition file that cannot be read or is not a composition is EG_EIO. */
eg_status eg_spectrum_compare_theory(const eg_spectrum_compare *c, eg_matrix **out, eg_error *err);

/* Frees what parse allocated; accepts a zeroed struct. */
void eg_spectrum_compare_clear(eg_spectrum_compare *c);

#endif
