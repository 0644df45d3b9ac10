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

/* The AGS retrieval state at temperature T (Glauber dynamics, replica
 * symmetric; T < 0.001 uses the T = 0 forms above). eg_theory_ags_critical_t
 * gives the largest load with a retrieval state, α_c(T) (0.1379 at T = 0,
 * falling to 0 at T = 1, near which α_c ≈ ((1 − T)/1.95)²), and its overlap
 * there; eg_theory_ags_overlap_t the overlap m(α, T) of the retrieval state,
 * 0 above α_c(T); at α = 0 the largest root of m = tanh(m/T). */
eg_status eg_theory_ags_critical_t(double t, double *alpha_c, double *m_c, eg_error *err);
eg_status eg_theory_ags_overlap_t(double alpha, double t, double *m, eg_error *err);

/* The retrieval branch at 0.001 ≤ T < 1 sampled at n points, rising in α up
 * to α_c(T) (the last point): (alpha[k], m[k]) at s = √(αr) = s_c (k + 1)/n. */
eg_status eg_theory_ags_branch_t(double t, size_t n, double *alpha, double *m, eg_error *err);

/* Signal-to-noise law of a stored episode's stability under Hebb's rule: each
 * bit's field is its signal 1 plus Gaussian crosstalk of variance α, so all D
 * bits are stable with probability P(α) = (1 − Φ(−1/√α))^D. Returns the load
 * at which P falls to `probability` (0 < probability < 1). */
eg_status eg_theory_snr_stable_load(double units, double probability, double *alpha, eg_error *err);

/* Signal-to-noise prediction for the expanded Hebbian rule with constant
 * coefficients (c0, c1_pre, c1_post, c2_pre, c2_post, c2_corr) on random ±1
 * episodes of D units (units = INFINITY: the limit D → ∞). A stored episode's
 * stability per unit, divided by D, is c2_corr (the signal) plus crosstalk of
 * variance α (c2_corr² + c1_pre² + c1_post²) per unit, a field c1_pre of one
 * sign on every unit (it costs the units of the other sign |c1_pre| of their
 * signal), and a uniform field c0' α S/D (c0' = c0 + c2_pre + c2_post, since
 * x² = 1; S = Σ_j ξ_j, of variance D). Mapped onto Hebb's rule at the same
 * signal-to-noise ratio, the critical load solves
 *   c0'² D α² + (c2_corr² + c1_pre² + c1_post²) α = alpha_ref (c2_corr − |c1_pre|)²,
 * alpha_ref being Hebb's (the AGS 0.1379). 0 when c2_corr ≤ |c1_pre|, and as
 * D → ∞ whenever c0' ≠ 0: a uniform coupling outgrows the signal as √D. */
double eg_theory_hebbian_snr_load(const double coef[6], double units, double alpha_ref);

/* Published capacities (docs/science.md, "Capacity"). The pseudo-inverse rule
 * keeps every stored episode fixed up to α = 1 (Personnaz, Guyon & Dreyfus
 * 1985); no coupling matrix stores more than α = 2 random episodes as fixed
 * points (Gardner 1988); the synchronous sequence rule recalls sequences up
 * to α ≈ 0.269 (Düring, Coolen & Sherrington 1998). */
#define EG_THEORY_PSEUDO_INVERSE_ALPHA 1.0
#define EG_THEORY_GARDNER_ALPHA 2.0
#define EG_THEORY_SEQUENCE_ALPHA 0.269

/* The synchronous sequence rule W = (1/D) Σ_μ ξ_{μ+1} ξ_μᵀ on a cycle of
 * random ±1 episodes at T = 0 (Düring, Coolen & Sherrington 1998): the
 * stationary overlap m with the episode of the moment solves m = erf(y),
 * y = m/√(2αr), r = 1/(1 − C²), C = (2/√π) y e^{−y²}/m. The largest α with a
 * solution, α_c ≈ 0.2691, and m there, ≈ 0.835. */
eg_status eg_theory_sequence_critical(double *alpha_c, double *m_c, eg_error *err);

/* Demircigil, Heusel, Löwe, Upgang & Vermet (2017): F(z) = e^z stores
 * N = e^{αD} random ±1 episodes, each recalled in one step from a cue with a
 * fraction ρ of its bits flipped (with probability → 1), for α below
 * I(1 − 2ρ)/2, I(x) = ½((1 + x) ln(1 + x) + (1 − x) ln(1 − x)); ln 2/2 at ρ = 0.
 * Returns that bound on α = ln N / D. */
double eg_theory_demircigil(double flip);

/* Tsodyks & Feigel'man (1988): sparse episodes of activity a with the
 * covariance rule and the best threshold store α_c ≈ 1/(2a|ln a|) as a → 0. */
double eg_theory_tsodyks_feigelman(double activity);

/* The signal-to-noise prediction at finite activity (theory_sparse.c): one
 * synchronous step from a stored episode of the covariance rule
 * W = (1/D) Σ (ξ − a)(ξ − a)ᵀ on {0, 1} episodes of activity a at load
 * α = N/D, D → ∞. eg_theory_sparse_errors: the wrong units per active unit
 * at threshold θ; eg_theory_sparse_best_threshold: the θ that minimises
 * them; eg_theory_sparse_alpha_c: the load at which they reach `level`
 * (θ = NAN: at the best threshold of each load), NAN for a outside (0, 1/2)
 * or level outside (0, 1). At a = 0.01 and level 0.01 the best threshold
 * gives α_c = 2.40, against 1/(2a|ln a|) = 10.9: the law is the a → 0 limit. */
double eg_theory_sparse_errors(double a, double alpha, double theta);
double eg_theory_sparse_best_threshold(double a, double alpha);
double eg_theory_sparse_alpha_c(double a, double theta, double level);

/* Krotov & Hopfield (2016): the error-free capacity of a dense associative
 * memory with F_n(z) = zⁿ, K ≈ D^(n−1)/(2(2n−3)!! ln D) episodes of D units. */
double eg_theory_krotov_hopfield(double units, unsigned degree);

/* McEliece, Posner, Rodemich & Venkatesh (1987): the largest N for which one
 * given episode (all = 0) or every episode (all = 1) of D units is a fixed
 * point with probability → 1: D/(2 ln D) and D/(4 ln D). */
double eg_theory_mceliece(double units, int all);

#endif
