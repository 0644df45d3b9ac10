/* spectrum_report.h: the spectral analysis of one recurrent matrix and its EMT reading, as a report;
 * shared by `analyze spectrum` blocks and the `engram spectrum` command. */
#ifndef ENGRAM_RUN_SPECTRUM_REPORT_H
#define ENGRAM_RUN_SPECTRUM_REPORT_H

#include "engram/matrix.h"
#include "engram/status.h"
#include "run/report.h"

/* Default modulus above which eigenvalues count toward the "rank" (the authors use 0.8). */
#define EG_SPECTRUM_RANK_THRESHOLD 0.8

typedef struct eg_spectrum_request {
    const eg_matrix *w;        /* the square matrix analysed (required) */
    const char *w_name;        /* how messages name it (a file, a block) */
    const eg_matrix *basis;    /* Ψ (D × K) to read W in, or NULL */
    const char *basis_name;
    const eg_matrix *theory;   /* a theoretical Φ to compare eigenvalue angles with, or NULL */
    const char *theory_name;
    double rank_threshold;     /* |λ| above this count toward "rank" */
    double angle_threshold;    /* |λ| above this enter the angle comparison */
    int vectors;               /* also write the eigenvectors */
    const char *prefix;        /* what figure titles call the analysis (its block's name) */
} eg_spectrum_request;

/* Adds to out: the size and driver, radius, condition number, non-normality
 * (Henrici, commutator), Frobenius norm, "rank", the eigenvalues (n × 2: re,
 * im) and singular values as matrices (eigenvectors on request); with a basis,
 * Φ = Ψ†WΨ, the rank of Ψ, the residual ‖WΨ − ΨΦ‖_F/‖W‖_F, the largest
 * distance in the matching of the spectra of W and Φ, and Φ's cycles when it
 * has one non-zero per row; with a theory, the eigenvalue-angle comparison in
 * degrees and radians. One human line per part under "text".
 * EG_EINVAL (message naming the matrix) when W is not square or the basis
 * does not have W's row count; EG_ENUMERIC when LAPACK fails. */
eg_status eg_spectrum_report(const eg_spectrum_request *req, eg_report *out, eg_error *err);

struct eg_figure;

/* Adds to out a figure of the complex plane for eigenvalues of a discrete
 * map: Re λ against Im λ, one unit as long on both axes, the unit circle
 * |λ| = 1 drawn, a margin so that markers on it are whole. The caller adds
 * its series. NULL as eg_figure_add. */
struct eg_figure *eg_spectrum_plane_figure(eg_report *out, const char *name, const char *title);

/* Replaces the task's Φ (K × K) by I + Φᵀ, the matrix whose spectrum the
 * literal GSEMM reduction W = Ξ(I + Φᵀ)Ξᵀ has (`convention = gsemm`). On
 * failure (EG_ENOMEM) *phi is untouched. */
eg_status eg_spectrum_gsemm_form(eg_matrix **phi, eg_error *err);

#endif
