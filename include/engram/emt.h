/* engram/emt.h: Episodic Memory Theory: reading a recurrent matrix in a memory basis (W = ΨΦΨ†). */
#ifndef ENGRAM_EMT_H
#define ENGRAM_EMT_H

#include <stdbool.h>
#include <stddef.h>

#include "engram/matrix.h"
#include "engram/spectrum.h"
#include "engram/status.h"

/* Default modulus threshold of the spectral angle comparison (the authors'
 * code compares eigenvalues with |λ| > 0.9). */
#define EG_EMT_ANGLE_THRESHOLD 0.9
/* Default relative tolerance for "non-zero" in eg_emt_cycles: an entry of Φ is
 * non-zero when |Φ_ij| > tol · max|Φ|. */
#define EG_EMT_CYCLE_TOL 1e-8

/* Moore–Penrose pseudo-inverse of an m × n matrix through its SVD
 * (LAPACKE_dgesdd): singular values σ_i <= rcond · σ_max count as zero and are
 * not inverted (rank-revealing cutoff). rcond <= 0 selects the default
 * max(m, n) · DBL_EPSILON (the LAPACK/MATLAB convention). *out is a new n × m
 * matrix (caller frees); *rank (may be NULL) the number of σ_i kept. */
eg_status eg_emt_pinv(const eg_matrix *a, double rcond, eg_matrix **out, size_t *rank, eg_error *err);

/* The EMT reading of W (D × D) in the basis Ψ (D × K), Karuvally et al.,
 * "Episodic Memory Theory of Recurrent Neural Networks" (arXiv 2310.02430):
 * Φ = Ψ† W Ψ. Owns everything it points to. */
typedef struct eg_emt_reading {
    eg_matrix *psi_pinv;     /* K × D, Ψ† with the cutoff of eg_emt_pinv */
    eg_matrix *phi;          /* K × K */
    size_t rank;             /* numerical rank of Ψ */
    double residual;         /* ‖WΨ − ΨΦ‖_F / ‖W‖_F (0 when ‖W‖_F = 0): zero
                              * exactly when span Ψ is W-invariant */
    eg_spectrum *spec_w;     /* eigenvalues of W (D) */
    eg_spectrum *spec_phi;   /* eigenvalues of Φ (K) */
    size_t *pair;            /* K entries: spec_phi[k] is matched to spec_w[pair[k]] */
    double match_max;        /* largest |λ_Φ − λ_W| over the matched pairs
                              * (greedy matching, see eg_spectrum_match) */
} eg_emt_reading;

/* Computes the reading; requires K <= D. rcond as for eg_emt_pinv. */
eg_status eg_emt_read(const eg_matrix *w, const eg_matrix *psi, double rcond, eg_emt_reading **out,
                      eg_error *err);
/* Frees a reading; accepts NULL and half-built ones. */
void eg_emt_reading_free(eg_emt_reading *r);

/* The privileged basis of a trained network for a task with s steps (EMT §5.3,
 * docs/spectra-and-emt.md, "The EMT reading"): Ψ = [W^{s−1}W_uh, …, W W_uh, W_uh] (D × s·d for
 * W_uh D × d), every column normalised to unit 2-norm; block i (0-based,
 * columns i·d … i·d+d−1) is W^{s−1−i} W_uh, so the last block is W_uh, the
 * subspace the input is written into. A zero column gives EG_ENUMERIC. */
eg_status eg_emt_privileged_basis(const eg_matrix *w, const eg_matrix *w_uh, size_t s, eg_matrix **out,
                                  eg_error *err);

/* The EMT convention W = ΨΦΨ† (I absorbed into Φ: a K-cycle Φ has the K-th
 * roots of unity as eigenvalues). Ψ is D × K, Φ K × K; *out is D × D. rcond as
 * for eg_emt_pinv. */
eg_status eg_emt_weights(const eg_matrix *psi, const eg_matrix *phi, double rcond, eg_matrix **out,
                         eg_error *err);

/* The literal GSEMM reduction W = Ξ(I + Φᵀ)Ξᵀ (Karuvally, Sejnowski &
 * Siegelmann, ICML 2023; discretised with T_h, T_d → 0, α_s = α_c = 1). Ξ is
 * N × K (memories as columns), Φ K × K with Φ = Gᵀ, G[i,j] = 1 when memory i is
 * followed by j. For orthonormal Ξ a K-cycle gives eigenvalues 1 + e^{2πik/K},
 * not on the unit circle (docs/spectra-and-emt.md, "Two conventions for W"). *out is N × N. */
eg_status eg_emt_gsemm_weights(const eg_matrix *xi, const eg_matrix *phi, eg_matrix **out, eg_error *err);

/* The cycle structure of a square Φ with exactly one non-zero per row (a
 * signed, possibly scaled, functional graph): row i reads column map[i] with
 * weight value[i], so (Φc)_i = value[i]·c_{map[i]}. Every cycle of the map
 * i → map[i] of length L and product p = Π value gives the L eigenvalues
 * λ^L = p; indices not on a cycle (trees hanging off cycles) give eigenvalue 0
 * (Φ is block triangular with a nilpotent tree block). Owns its arrays. */
typedef struct eg_emt_cycles {
    size_t n;            /* order of Φ */
    size_t *map;         /* n: column of the non-zero of each row */
    double *value;       /* n: that entry */
    size_t ncycles;
    size_t *start;       /* ncycles + 1 offsets into members */
    size_t *members;     /* the indices on cycles, cycle c at members[start[c] .. start[c+1]) in map order */
    double *product;     /* ncycles: product of the values along each cycle */
    int *sign;           /* ncycles: sign of product (+1 or −1) */
    size_t on_cycles;    /* start[ncycles]: indices on cycles; n − on_cycles eigenvalues are 0 */
} eg_emt_cycles;

/* Finds the cycles. tol <= 0 selects EG_EMT_CYCLE_TOL (relative to max|Φ|). A
 * row with zero or several non-zeros gives EG_EINVAL naming the row. */
eg_status eg_emt_cycles_find(const eg_matrix *phi, double tol, eg_emt_cycles **out, eg_error *err);
/* Frees cycles; accepts NULL and half-built ones. */
void eg_emt_cycles_free(eg_emt_cycles *c);
/* The n eigenvalues the cycles predict (for each cycle the L roots
 * |p|^{1/L} e^{i(arg p + 2πk)/L}, then zeros), as a sorted spectrum. */
eg_status eg_emt_cycles_spectrum(const eg_emt_cycles *c, eg_spectrum **out, eg_error *err);

/* Comparison of eigenvalue arguments, after the authors' code: take the
 * eigenvalues of each spectrum with |λ| > threshold, sort each list of
 * arguments (in (−π, π]) increasingly, and pair them in that order up to a
 * rotation of the circle: of the n cyclic shifts of the second list, the one
 * with the smallest total error is used (so eigenvalues straddling the cut at
 * ±π, a trained network's pair near −1 against the theory's −1 at +π, pair
 * with their neighbours and not one place off). Each difference is wrapped
 * into (−π, π] before taking its absolute value. Only comparable when both
 * lists have the same length. */
typedef struct eg_emt_angle_error {
    size_t count_a, count_b; /* eigenvalues above the threshold in each */
    bool comparable;         /* count_a == count_b (and > 0); otherwise the errors are INFINITY */
    double mean_rad, max_rad; /* mean and largest absolute argument difference, radians */
    double mean_deg, max_deg; /* the same in degrees */
} eg_emt_angle_error;

/* Fills *res; threshold <= 0 selects EG_EMT_ANGLE_THRESHOLD. */
eg_status eg_emt_angle_compare(const eg_spectrum *a, const eg_spectrum *b, double threshold,
                               eg_emt_angle_error *res, eg_error *err);

#endif
