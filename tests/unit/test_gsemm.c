/* test_gsemm.c: the DSEM reference run of SCIENCE.md §5.1, LISEM with its
 * published parameters against the drive balance, transition helpers,
 * right-hand sides by hand, and the full model's reduction to DSEM. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "engram/gsemm.h"
#include "engram/integrate.h"
#include "engram/numerics.h"
#include "engram/rng.h"

enum { NF = 100, K = 7 };

/* Memories ±1/√N_f (unit norm, as the dense variant expects), seed 3. */
static void random_memories(eg_gsemm *g)
{
    gsl_rng *r = eg_rng_alloc(3, EG_RNG_EPISODES, 0);
    for (size_t i = 0; i < g->nf * g->k; i++)
        g->xi->data[i] = (gsl_rng_uniform(r) < 0.5 ? -1.0 : 1.0) / sqrt((double)g->nf);
    gsl_rng_free(r);
}

static void two_cycles(eg_gsemm *g)
{
    eg_matrix *G;
    assert_int_equal(eg_transitions_alloc(K, &G, NULL), EG_OK);
    const size_t c1[3] = {0, 1, 2}, c2[4] = {3, 4, 5, 6};
    assert_int_equal(eg_transitions_add_chain(G, c1, 3, 1, NULL), EG_OK);
    assert_int_equal(eg_transitions_add_chain(G, c2, 4, 1, NULL), EG_OK);
    assert_int_equal(eg_gsemm_set_transitions(g, G, NULL), EG_OK);
    eg_matrix_free(G);
}

/* ξ_4 with 25 of its 100 entries zeroed, chosen with the cue stream. */
static void damaged_cue(const eg_gsemm *g, double *v)
{
    for (size_t i = 0; i < NF; i++)
        v[i] = eg_matrix_get(g->xi, i, 4);
    size_t all[NF], drop[NF / 4];
    for (size_t i = 0; i < NF; i++)
        all[i] = i;
    gsl_rng *r = eg_rng_alloc(3, EG_RNG_CUE, 0);
    gsl_ran_choose(r, drop, NF / 4, all, NF, sizeof(size_t));
    for (size_t i = 0; i < NF / 4; i++)
        v[drop[i]] = 0.0;
    gsl_rng_free(r);
}

/* The memory with the largest overlap at each recorded time, collapsed into
 * the sequence of visits and the times at which each visit began. */
static size_t visits(const eg_matrix *ov, const eg_trajectory *tr, size_t *seq, double *start, size_t cap)
{
    size_t n = 0;
    for (size_t r = 0; r < ov->rows; r++) {
        size_t best = 0;
        for (size_t k = 1; k < ov->cols; k++)
            if (ov->data[r * ov->cols + k] > ov->data[r * ov->cols + best])
                best = k;
        if ((n == 0 || seq[n - 1] != best) && n < cap) {
            seq[n] = best;
            start[n] = tr->times->data[r];
            n++;
        }
    }
    return n;
}

static void test_dsem_reference_run(void **state)
{
    (void)state;
    eg_gsemm *g = eg_gsemm_alloc(EG_GSEMM_DSEM, NF, K);
    assert_non_null(g);
    /* The defaults are the reference run's: T_d 20, α_s 1, α_c 4.9, β_d 7; γ 10. */
    assert_true(g->t_d == 20.0 && g->alpha_s == 1.0 && g->alpha_c == 4.9 && g->beta_d == 7.0 && g->gamma == 10.0);
    random_memories(g);
    two_cycles(g);
    eg_dyn_system sys;
    assert_int_equal(eg_gsemm_system(g, &sys, NULL), EG_OK);
    assert_int_equal(sys.dim, 2 * NF);
    double x0[2 * NF] = {0};
    damaged_cue(g, x0); /* v(0) = damaged ξ_4, v_d(0) = 0 */
    eg_integrate_opts o = eg_integrate_opts_default();
    o.t1 = 40.0;
    o.dt_record = 0.05;
    o.rtol = 1e-8;
    o.atol = 1e-10;
    eg_trajectory *tr;
    eg_error err;
    assert_int_equal(eg_integrate(&sys, x0, &o, &tr, &err), EG_OK);
    eg_matrix *ov;
    assert_int_equal(eg_gsemm_overlaps(g, tr, &ov, NULL), EG_OK);
    size_t seq[64];
    double start[64];
    size_t n = visits(ov, tr, seq, start, 64);
    const size_t want[5] = {4, 5, 6, 3, 4};
    assert_true(n >= 8);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(seq[i], want[i % 4]); /* 4, 5, 6, 3, 4, 5, 6, 3, ... */
    /* Dwell times of the complete visits (the first one is the recall of the cue). */
    double sum = 0.0;
    for (size_t i = 1; i + 1 < n; i++) {
        double dwell = start[i + 1] - start[i];
        print_message("visit %zu: memory %zu from t = %.2f for %.2f\n", i, seq[i], start[i], dwell);
        assert_true(dwell > 2.0 && dwell < 7.0);
        if (i >= 2)
            sum += dwell;
    }
    double mean = sum / (double)(n - 3);
    print_message("DSEM reference: %zu visits, mean dwell after the first transition %.2f time units\n", n, mean);
    assert_true(mean > 4.0 && mean < 5.5);
    eg_matrix_free(ov);
    eg_trajectory_free(tr);
    eg_gsemm_free(g);
}

/* The softmax inverse temperature γ is not given by the source; the order of
 * visits holds over two decades of it. */
static void test_dsem_sequence_over_gamma(void **state)
{
    (void)state;
    const double gammas[3] = {1.0, 3.0, 100.0};
    for (int gi = 0; gi < 3; gi++) {
        eg_gsemm *g = eg_gsemm_alloc(EG_GSEMM_DSEM, NF, K);
        g->gamma = gammas[gi];
        random_memories(g);
        two_cycles(g);
        eg_dyn_system sys;
        assert_int_equal(eg_gsemm_system(g, &sys, NULL), EG_OK);
        double x0[2 * NF] = {0};
        damaged_cue(g, x0);
        eg_integrate_opts o = eg_integrate_opts_default();
        o.t1 = 25.0;
        o.dt_record = 0.05;
        eg_trajectory *tr;
        assert_int_equal(eg_integrate(&sys, x0, &o, &tr, NULL), EG_OK);
        eg_matrix *ov;
        assert_int_equal(eg_gsemm_overlaps(g, tr, &ov, NULL), EG_OK);
        size_t seq[32];
        double start[32];
        size_t n = visits(ov, tr, seq, start, 32);
        const size_t want[5] = {4, 5, 6, 3, 4};
        assert_true(n >= 5);
        for (size_t i = 0; i < 5; i++)
            assert_int_equal(seq[i], want[i]);
        eg_matrix_free(ov);
        eg_trajectory_free(tr);
        eg_gsemm_free(g);
    }
}

/* LISEM with five orthogonal ±1 memories in one cycle 0 → 1 → 2 → 3 → 4 → 0:
 * rows 1..5 of the Sylvester Hadamard matrix, H[μ][i] = (−1)^popcount(μ & i),
 * built here independently of engram's episode generators. */
static eg_gsemm *lisem_orthogonal(size_t nf)
{
    eg_gsemm *g = eg_gsemm_alloc(EG_GSEMM_LISEM, nf, 5);
    assert_non_null(g);
    for (size_t i = 0; i < nf; i++)
        for (size_t mu = 0; mu < 5; mu++) {
            unsigned bits = (unsigned)(i & (mu + 1)), parity = 0;
            for (; bits; bits >>= 1)
                parity ^= bits & 1u;
            *eg_matrix_at(g->xi, i, mu) = parity ? -1.0 : 1.0;
        }
    for (size_t a = 0; a < 5; a++)
        for (size_t b = 0; b < 5; b++) {
            double dot = 0.0;
            for (size_t i = 0; i < nf; i++)
                dot += eg_matrix_get(g->xi, i, a) * eg_matrix_get(g->xi, i, b);
            assert_true(dot == (a == b ? (double)nf : 0.0));
        }
    eg_matrix *G;
    assert_int_equal(eg_transitions_alloc(5, &G, NULL), EG_OK);
    const size_t cycle[5] = {0, 1, 2, 3, 4};
    assert_int_equal(eg_transitions_add_chain(G, cycle, 5, 1, NULL), EG_OK);
    assert_int_equal(eg_gsemm_set_transitions(g, G, NULL), EG_OK);
    eg_matrix_free(G);
    return g;
}

/* The drive balance of LISEM with orthogonal memories (docs/dynamics.md). At
 * memory μ, with the delay layer's overlap d = ξ_μᵀ v_d / N_f, the units
 * where ξ_{μ+1} differs from ξ_μ obey T_f w' = A tanh(γ w) − c − w with
 * A = α_s N_f and c = α_c N_f d. Their memory-μ fixed point disappears in a
 * saddle-node at c* = A √(1 − 1/(γA)) − acosh(√(γA))/γ, where the overlap of
 * tanh(γ v) with ξ_μ is m* = (1 + √(1 − 1/(γA)))/2. The delay layer brings d
 * to at most β_d m, so the memory is left once β_d > β_d* = c* / (α_c N_f m*),
 * and from d = 0 after T_d ln(β_d / (β_d − β_d*)). */
static double lisem_beta_star(const eg_gsemm *g)
{
    double A = g->alpha_s * (double)g->nf, gA = g->gamma * A;
    double c_star = A * sqrt(1.0 - 1.0 / gA) - acosh(sqrt(gA)) / g->gamma;
    double m_star = 0.5 * (1.0 + sqrt(1.0 - 1.0 / gA));
    return c_star / (g->alpha_c * (double)g->nf * m_star);
}

/* v(0) = ξ_0, v_d(0) = 0; overlaps recorded every time unit. */
static eg_trajectory *lisem_run(eg_gsemm *g, double t1, eg_matrix **ov)
{
    eg_dyn_system sys;
    assert_int_equal(eg_gsemm_system(g, &sys, NULL), EG_OK);
    assert_int_equal(sys.dim, 2 * g->nf);
    double *x0 = calloc(2 * g->nf, sizeof *x0);
    assert_non_null(x0);
    for (size_t i = 0; i < g->nf; i++)
        x0[i] = eg_matrix_get(g->xi, i, 0);
    eg_integrate_opts o = eg_integrate_opts_default();
    o.t1 = t1;
    o.dt_record = 1.0;
    o.rtol = 1e-7;
    o.atol = 1e-9;
    eg_trajectory *tr;
    assert_int_equal(eg_integrate(&sys, x0, &o, &tr, NULL), EG_OK);
    free(x0);
    assert_int_equal(eg_gsemm_overlaps(g, tr, ov, NULL), EG_OK);
    return tr;
}

/* The published parameters with N_f = 64 orthogonal memories: β_d = 7 is
 * above β_d* ≈ 5.2, so LISEM steps through its cycle, twice over, and its
 * first dwell is the balance's T_d ln(β_d / (β_d − β_d*)). */
static void test_lisem_steps_through_cycle(void **state)
{
    (void)state;
    eg_gsemm *g = lisem_orthogonal(64);
    /* The defaults are the authors' LISEM defaults (SCIENCE.md §5.1). */
    assert_true(g->t_f == 1.0 && g->t_d == 100.0 && g->alpha_s == 0.045 && g->alpha_c == 0.004 &&
                g->beta_d == 7.0 && g->gamma == 1.0);
    double bstar = lisem_beta_star(g);
    assert_true(bstar > 5.1 && bstar < 5.3);
    eg_matrix *ov;
    eg_trajectory *tr = lisem_run(g, 2000.0, &ov);
    size_t seq[64];
    double start[64];
    size_t n = visits(ov, tr, seq, start, 64);
    for (size_t i = 0; i < n; i++)
        print_message("LISEM visit %zu: memory %zu from t = %.0f\n", i, seq[i], start[i]);
    assert_true(n >= 11); /* 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0: two whole cycles */
    for (size_t i = 0; i < n; i++)
        assert_int_equal(seq[i], i % 5);
    double want = g->t_d * log(g->beta_d / (g->beta_d - bstar));
    print_message("LISEM first dwell %.0f, drive balance %.0f (beta_d* = %.3f)\n", start[1], want, bstar);
    assert_true(fabs(start[1] - want) < 0.1 * want);
    eg_matrix_free(ov);
    eg_trajectory_free(tr);
    eg_gsemm_free(g);
}

/* The same parameters with N_f = 128: β_d* ≈ 7.6 is above β_d = 7 and the
 * network stays at memory 0, however long the delay layer has to build up. */
static void test_lisem_stalls_below_balance(void **state)
{
    (void)state;
    eg_gsemm *g = lisem_orthogonal(128);
    double bstar = lisem_beta_star(g);
    assert_true(bstar > 7.5 && bstar < 7.7);
    eg_matrix *ov;
    eg_trajectory *tr = lisem_run(g, 800.0, &ov); /* 8 T_d: d within 0.04% of its limit */
    size_t seq[8];
    double start[8];
    assert_int_equal(visits(ov, tr, seq, start, 8), 1);
    assert_int_equal(seq[0], 0);
    /* ... and it is the balance, not the memories, that holds it: β_d = 9 > β_d* moves on. */
    eg_matrix_free(ov);
    eg_trajectory_free(tr);
    g->beta_d = 9.0;
    tr = lisem_run(g, 800.0, &ov);
    size_t n = visits(ov, tr, seq, start, 8);
    assert_true(n >= 3 && seq[0] == 0 && seq[1] == 1 && seq[2] == 2);
    double want = g->t_d * log(g->beta_d / (g->beta_d - bstar));
    print_message("LISEM N_f = 128, beta_d = 9: first dwell %.0f, drive balance %.0f\n", start[1], want);
    assert_true(fabs(start[1] - want) < 0.1 * want);
    eg_matrix_free(ov);
    eg_trajectory_free(tr);
    eg_gsemm_free(g);
}

static void test_transitions_and_phi(void **state)
{
    (void)state;
    eg_matrix *G;
    assert_int_equal(eg_transitions_alloc(3, &G, NULL), EG_OK);
    const size_t chain[3] = {2, 0, 1};
    assert_int_equal(eg_transitions_add_chain(G, chain, 3, 0, NULL), EG_OK);
    assert_true(eg_matrix_get(G, 2, 0) == 1.0 && eg_matrix_get(G, 0, 1) == 1.0 && eg_matrix_get(G, 1, 2) == 0.0);
    eg_gsemm *g = eg_gsemm_alloc(EG_GSEMM_DSEM, 4, 3);
    assert_int_equal(eg_gsemm_set_transitions(g, G, NULL), EG_OK);
    assert_true(eg_matrix_get(g->phi, 0, 2) == 1.0 && eg_matrix_get(g->phi, 1, 0) == 1.0);
    const size_t bad[2] = {0, 3};
    eg_error err;
    assert_int_equal(eg_transitions_add_chain(G, bad, 2, 0, &err), EG_EINVAL);
    eg_gsemm_kind k;
    assert_int_equal(eg_gsemm_kind_from_name("lisem", &k, NULL), EG_OK);
    assert_int_equal(k, EG_GSEMM_LISEM);
    assert_int_equal(eg_gsemm_kind_from_name("gsem", &k, &err), EG_EINVAL);
    eg_matrix_free(G);
    eg_gsemm_free(g);
    eg_gsemm_free(NULL);
}

/* One feature neuron, one memory ξ = 1: everything by hand. */
static void test_rhs_by_hand(void **state)
{
    (void)state;
    eg_gsemm *d = eg_gsemm_alloc(EG_GSEMM_DSEM, 2, 2);
    d->xi->data[0] = 1.0; /* ξ_0 = (1, 0), ξ_1 = (0, 1) */
    d->xi->data[3] = 1.0;
    d->phi->data[2] = 1.0; /* Φ[1][0]: 0 is followed by 1 */
    d->gamma = 2.0;
    d->alpha_s = 4.0;
    d->alpha_c = 0.5;
    double x[4] = {0.3, -0.1, 0.2, 0.6}, f[4];
    assert_int_equal(eg_gsemm_rhs(d, 0.0, x, f, NULL), EG_OK);
    /* h = 2 (0.3, −0.1) + 0.5 (0, 0.2) = (0.6, −0.1); p = softmax(2h) */
    double p0 = 1.0 / (1.0 + exp(2.0 * (-0.1 - 0.6)));
    assert_true(fabs(f[0] - (2.0 * p0 - 0.3)) < 1e-14);
    assert_true(fabs(f[1] - (2.0 * (1.0 - p0) + 0.1)) < 1e-14);
    assert_true(fabs(f[2] - (7.0 * 0.3 - 0.2) / 20.0) < 1e-14);
    assert_true(fabs(f[3] - (7.0 * -0.1 - 0.6) / 20.0) < 1e-14);
    eg_gsemm_free(d);

    eg_gsemm *l = eg_gsemm_alloc(EG_GSEMM_LISEM, 2, 2);
    l->xi->data[0] = 1.0;
    l->xi->data[3] = 1.0;
    l->phi->data[2] = 1.0;
    assert_int_equal(eg_gsemm_rhs(l, 0.0, x, f, NULL), EG_OK);
    /* T_f v' = α_s tanh(v) + α_c Φ v_d − v with Ξ = I */
    assert_true(fabs(f[0] - (0.045 * tanh(0.3) - 0.3)) < 1e-14);
    assert_true(fabs(f[1] - (0.045 * tanh(-0.1) + 0.004 * 0.2 + 0.1)) < 1e-14);
    assert_true(fabs(f[3] - (7.0 * tanh(-0.1) - 0.6) / 100.0) < 1e-14);
    eg_gsemm_free(l);
}

/* The analytic Jacobians of all three variants against finite differences,
 * at a random state with random transitions (so every block is exercised). */
static void test_jacobians_match_finite_differences(void **state)
{
    (void)state;
    const size_t nf = 6, k = 3;
    const eg_gsemm_kind kinds[3] = {EG_GSEMM_FULL, EG_GSEMM_LISEM, EG_GSEMM_DSEM};
    gsl_rng *r = eg_rng_alloc(9, EG_RNG_INIT, 0);
    for (int sh = 0; sh < 2; sh++)
        for (int v = 0; v < 3; v++) {
            if (sh && kinds[v] != EG_GSEMM_FULL)
                continue;
            eg_gsemm *g = eg_gsemm_alloc(kinds[v], nf, k);
            for (size_t i = 0; i < nf * k; i++)
                g->xi->data[i] = gsl_rng_uniform(r) - 0.5;
            for (size_t i = 0; i < k * k; i++)
                g->phi->data[i] = gsl_rng_uniform(r);
            g->gamma = 1.3;
            g->alpha_s = 0.7;
            g->alpha_c = 0.9;
            g->sigma_f = eg_activation_default(EG_ACT_TANH);
            if (sh) { /* σ_h elementwise instead of softmax */
                g->sigma_h_softmax = 0;
                g->sigma_h = eg_activation_default(EG_ACT_SIGMOID);
            }
            eg_dyn_system sys;
            assert_int_equal(eg_gsemm_system(g, &sys, NULL), EG_OK);
            size_t dim = sys.dim;
            double x[15], J[225], Jfd[225], dt[15], dtfd[15];
            for (size_t i = 0; i < dim; i++)
                x[i] = 2.0 * (gsl_rng_uniform(r) - 0.5);
            assert_int_equal(eg_dyn_jacobian(&sys, 0.0, x, J, dt, NULL), EG_OK);
            assert_int_equal(eg_dyn_jacobian_fd(&sys, 0.0, x, Jfd, dtfd, NULL), EG_OK);
            for (size_t i = 0; i < dim * dim; i++)
                if (!(fabs(J[i] - Jfd[i]) < 1e-6))
                    fail_msg("kind %d entry (%zu, %zu): %g vs %g", v, i / dim, i % dim, J[i], Jfd[i]);
            for (size_t i = 0; i < dim; i++)
                assert_true(dt[i] == 0.0 && fabs(dtfd[i]) < 1e-9);
            eg_gsemm_free(g);
        }
    gsl_rng_free(r);
}

/* With T_h → 0, σ_f linear and σ_h softmax, the full model reduces to DSEM
 * with β_d = 1: the feature and delay layers must agree closely. */
static void test_full_model_reduces_to_dsem(void **state)
{
    (void)state;
    eg_gsemm *full = eg_gsemm_alloc(EG_GSEMM_FULL, NF, K), *dsem = eg_gsemm_alloc(EG_GSEMM_DSEM, NF, K);
    random_memories(full);
    random_memories(dsem);
    two_cycles(full);
    two_cycles(dsem);
    full->t_h = 1e-3;
    full->alpha_c = dsem->alpha_c = 30.0; /* β_d = 1 needs a stronger α_c to move on */
    dsem->beta_d = 1.0;
    eg_dyn_system sf, sd;
    assert_int_equal(eg_gsemm_system(full, &sf, NULL), EG_OK);
    assert_int_equal(eg_gsemm_system(dsem, &sd, NULL), EG_OK);
    assert_int_equal(sf.dim, 2 * NF + K);
    double xf[2 * NF + K] = {0}, xd[2 * NF] = {0};
    damaged_cue(dsem, xd);
    memcpy(xf, xd, NF * sizeof(double));
    for (size_t k = 0; k < K; k++) /* V_h starts on its slow manifold */
        for (size_t i = 0; i < NF; i++)
            xf[NF + k] += eg_matrix_get(full->xi, i, k) * xd[i];
    eg_integrate_opts o = eg_integrate_opts_default();
    o.t1 = 10.0;
    o.dt_record = 0.5;
    o.method = "msbdf"; /* stiff: T_h is 1000 times faster than T_f */
    o.rtol = 1e-9;
    o.atol = 1e-11;
    eg_trajectory *tf, *td;
    assert_int_equal(eg_integrate(&sf, xf, &o, &tf, NULL), EG_OK);
    o.method = "rk8pd";
    assert_int_equal(eg_integrate(&sd, xd, &o, &td, NULL), EG_OK);
    eg_matrix *of, *od;
    assert_int_equal(eg_gsemm_overlaps(full, tf, &of, NULL), EG_OK);
    assert_int_equal(eg_gsemm_overlaps(dsem, td, &od, NULL), EG_OK);
    double worst = 0.0;
    for (size_t i = 0; i < of->rows * K; i++)
        worst = fmax(worst, fabs(of->data[i] - od->data[i]));
    print_message("full vs DSEM (T_h = 1e-3): largest overlap difference %.2e\n", worst);
    size_t seq[16];
    double start[16];
    size_t n = visits(of, tf, seq, start, 16);
    assert_true(n >= 3); /* the comparison covers transitions, not just a recall */
    assert_true(seq[0] == 4 && seq[1] == 5 && seq[2] == 6);
    assert_true(worst < 0.05);
    eg_matrix_free(of);
    eg_matrix_free(od);
    eg_trajectory_free(tf);
    eg_trajectory_free(td);
    eg_gsemm_free(full);
    eg_gsemm_free(dsem);
}

int main(void)
{
    eg_numerics_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dsem_reference_run),
        cmocka_unit_test(test_dsem_sequence_over_gamma),
        cmocka_unit_test(test_lisem_steps_through_cycle),
        cmocka_unit_test(test_lisem_stalls_below_balance),
        cmocka_unit_test(test_transitions_and_phi),
        cmocka_unit_test(test_rhs_by_hand),
        cmocka_unit_test(test_jacobians_match_finite_differences),
        cmocka_unit_test(test_full_model_reduces_to_dsem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
