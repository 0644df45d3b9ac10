/* engram/theory.h: capacity theory of associative memories, to draw beside
 * simulations: the Amit-Gutfreund-Sompolinsky replica-symmetric solution of the
 * Hopfield model at zero temperature, and the closed-form capacities of other
 * rules and criteria (docs/science.md, "Capacity"). */
#ifndef ENGRAM_THEORY_H
#define ENGRAM_THEORY_H

#include "engram/status.h"

/* The AGS critical load of the Hebbian rule at T = 0, α_c ≈ 0.1379, and the
 * overlap of the retrieval state there, m ≈ 0.9674: the largest α for which
 * erf(y) = y (√(2α) + (2/√π) e^{−y²}) has a solution. */
eg_status eg_theory_ags_critical(double *alpha_c, double *m_c, eg_error *err);

/* The overlap m(α) of the AGS retrieval state at load α (T = 0): erf(y) of the
 * largest solution y; 0 above α_c, where no retrieval state exists. */
eg_status eg_theory_ags_overlap(double alpha, double *m, eg_error *err);

/* Signal-to-noise law of a stored episode's stability under Hebb's rule: each
 * bit's field is its signal 1 plus Gaussian crosstalk of variance α, so all D
 * bits are stable with probability P(α) = (1 − Φ(−1/√α))^D. Returns the load
 * at which P falls to `probability` (0 < probability < 1). */
eg_status eg_theory_snr_stable_load(double units, double probability, double *alpha, eg_error *err);

/* McEliece, Posner, Rodemich & Venkatesh (1987): the largest N for which one
 * given episode (all = 0) or every episode (all = 1) of D units is a fixed
 * point with probability → 1: D/(2 ln D) and D/(4 ln D). */
double eg_theory_mceliece(double units, int all);

#endif
