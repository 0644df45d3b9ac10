/* spectrum_command.h: the whole of `engram spectrum` on matrices already in memory: W, a basis
 * given or built as the privileged one from input weights, a theory to compare with; the tree
 * its --json prints. The command line reads the files into it; the C API hands it caller's arrays. */
#ifndef ENGRAM_RUN_SPECTRUM_COMMAND_H
#define ENGRAM_RUN_SPECTRUM_COMMAND_H

#include <stddef.h>

#include "engram/matrix.h"
#include "engram/status.h"
#include "run/report.h"
#include "run/spectrum_compare.h"

typedef struct eg_spectrum_inputs {
    const eg_matrix *w;                /* the matrix analysed (only read) */
    const char *w_name;                /* what messages and the report call it */
    const eg_matrix *basis;            /* Ψ to read W in, or NULL */
    const char *basis_name;
    const eg_matrix *input;            /* input weights W_uh to build the privileged basis from, or NULL */
    const char *input_name;
    size_t steps;                      /* steps of the privileged basis (with input) */
    const eg_spectrum_compare *theory; /* the task to compare eigenvalue angles with, or NULL */
    const char *theory_text;           /* its text, as written */
    double rank_threshold;             /* 0: EG_SPECTRUM_RANK_THRESHOLD */
    double angle_threshold;            /* 0: EG_EMT_ANGLE_THRESHOLD */
    int vectors;
} eg_spectrum_inputs;

/* The tree `engram spectrum --json` prints into *out: "engram", "command" and
 * "results", one object of kind "spectrum" (eg_spectrum_report's members).
 * A basis and input weights together, a W that is not square or not finite, a
 * basis or input of the wrong shape are EG_EINVAL with a message naming them;
 * LAPACK's failures EG_ENUMERIC; a composition file that cannot be read EG_EIO.
 * On failure *out is NULL. */
eg_status eg_spectrum_command(const eg_spectrum_inputs *in, eg_report **out, eg_error *err);

#endif
