/* engram/energy.h: the continuous Hopfield energy of a symmetric voltage-form
 * rate network (docs/science.md, "Continuous-time rate networks"; Hopfield 1984). */
#ifndef ENGRAM_ENERGY_H
#define ENGRAM_ENERGY_H

#include "engram/integrate.h"
#include "engram/matrix.h"
#include "engram/rate.h"
#include "engram/status.h"

/* E(x) = −½ rᵀ W r − (b + I(t))ᵀ r + Σ_i λ_i ∫_0^{r_i} φ⁻¹(u) du with r = φ(x).
 * It never increases along a trajectory when W is symmetric, φ is increasing
 * and the input is constant in time. EG_EINVAL when the network is in rate
 * form, W is not symmetric (to 1e-12 relative), or φ has no inverse. */
eg_status eg_energy_hopfield(eg_rate_net *net, double t, const double *x, double *E, eg_error *err);
/* The same energy for the rate form, as a function of the rates r:
 * E(r) = −½ rᵀWr − (b + I(t))ᵀr + Σ_i (1/λ_i) ∫_0^{λ_i r_i} φ⁻¹(v) dv, which
 * never increases along τ dr/dt = −λ r + φ(W r + b + I) (symmetric W,
 * increasing φ, constant input) and whose critical points are its fixed
 * points. EG_EINVAL when W is not symmetric, φ has no inverse or λ_i r_i is
 * outside φ's range. Works on either form's net (r is taken as given). */
eg_status eg_energy_rates(eg_rate_net *net, double t, const double *r, double *E, eg_error *err);
/* E at every recorded state of tr: a count × 1 matrix in *out (caller frees). */
eg_status eg_energy_along(eg_rate_net *net, const eg_trajectory *tr, eg_matrix **out, eg_error *err);

#endif
