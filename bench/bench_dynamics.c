/* bench_dynamics.c: rate-network and DSEM integration timed against the BLAS floor, with
 * the models written out so the numpy/scipy reference integrates the same ones. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engram/gsemm.h"
#include "engram/integrate.h"
#include "engram/numerics.h"
#include "engram/rate.h"
#include "engram/rng.h"

/* After engram's headers: OpenBLAS's <complex.h> defines I, a parameter name there. */
#include <cblas.h>
#include <gsl/gsl_rng.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int fail(const char *what, eg_status st, const eg_error *err)
{
    fprintf(stderr, "bench_dynamics: %s: %s: %s\n", what, eg_status_name(st), err->msg);
    return 1;
}

/* Raw little-endian doubles, read back with numpy.fromfile. */
static int dump(const char *dir, const char *name, const double *v, size_t n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    if (!fp || fwrite(v, sizeof *v, n, fp) != n) {
        fprintf(stderr, "bench_dynamics: cannot write %s\n", path);
        if (fp)
            fclose(fp);
        return 1;
    }
    return fclose(fp) != 0;
}

/* A tanh network in voltage form with W_ij ~ N(0, g²/n): g > 1 keeps the state
 * away from the trivial fixed point x = 0 (Sompolinsky, Crisanti & Sommers 1988). */
/* A standard normal by Box–Muller (gsl_randist.h would clash with <cblas.h>). */
static double normal(gsl_rng *r)
{
    return sqrt(-2.0 * log(gsl_rng_uniform_pos(r))) * cos(6.283185307179586 * gsl_rng_uniform(r));
}

static eg_rate_net *random_net(size_t n, double g, uint64_t seed)
{
    eg_rate_net *net = eg_rate_alloc(n);
    if (!net)
        return NULL;
    net->act = eg_activation_default(EG_ACT_TANH);
    gsl_rng *r = eg_rng_alloc(seed, EG_RNG_INIT, 0);
    if (!r) {
        eg_rate_free(net);
        return NULL;
    }
    for (size_t i = 0; i < n * n; i++)
        net->W->data[i] = g / sqrt((double)n) * normal(r);
    gsl_rng_free(r);
    return net;
}

static void random_state(double *x, size_t n, uint64_t seed, uint64_t index)
{
    gsl_rng *r = eg_rng_alloc(seed, EG_RNG_INIT, index);
    for (size_t i = 0; i < n; i++)
        x[i] = normal(r);
    gsl_rng_free(r);
}

/* The system's own right-hand side, counted: an untimed run with it tells how
 * many evaluations a stepper spends, and a timed loop what one of them costs. */
typedef struct counted {
    const eg_dyn_system *inner;
    unsigned long calls;
} counted;

static int counted_rhs(double t, const double *x, double *f, void *params)
{
    counted *c = params;
    c->calls++;
    return c->inner->rhs(t, x, f, c->inner->params);
}

/* Evaluations per run of o, and the best time of one evaluation at x0. */
static int rhs_profile(const eg_dyn_system *sys, const double *x0, const eg_integrate_opts *o, unsigned long *evals,
                       double *per_eval)
{
    eg_error err;
    counted c = {sys, 0};
    eg_dyn_system cs = *sys;
    cs.rhs = counted_rhs;
    cs.params = &c;
    eg_trajectory *tr = NULL;
    eg_status st = eg_integrate(&cs, x0, o, &tr, &err);
    eg_trajectory_free(tr);
    if (st != EG_OK)
        return fail("counting run", st, &err);
    *evals = c.calls;
    double *f = malloc(sys->dim * sizeof *f);
    if (!f)
        return fail("counting run", EG_ENOMEM, &(eg_error){.msg = "out of memory"});
    enum { CALLS = 2000 };
    *per_eval = 1e300;
    for (int r = 0; r < 5; r++) {
        double t0 = now();
        for (int k = 0; k < CALLS; k++)
            sys->rhs(0.0, x0, f, sys->params);
        double t = (now() - t0) / CALLS;
        if (t < *per_eval)
            *per_eval = t;
    }
    free(f);
    return 0;
}

/* Integrates reps times: the best wall time into *best and the last
 * trajectory into *keep (the caller frees it). */
static eg_status integrate_best(const eg_dyn_system *sys, const double *x0, const eg_integrate_opts *o, int reps,
                                double *best, eg_trajectory **keep, eg_error *err)
{
    *best = 1e300;
    for (int rep = 0; rep < reps; rep++) {
        eg_trajectory *tr = NULL;
        double t0 = now();
        eg_status st = eg_integrate(sys, x0, o, &tr, err);
        double t = now() - t0;
        if (st != EG_OK) {
            eg_trajectory_free(tr);
            return st;
        }
        if (t < *best)
            *best = t;
        eg_trajectory_free(*keep);
        *keep = tr;
    }
    return EG_OK;
}

/* 1. D = 10, t = 0..100, adaptive rkf45 or rkck with rtol 1e-6, atol 1e-9; best of `reps`. */
static int small_network(const char *dir, double g, const char *method, int reps)
{
    enum { N = 10 };
    eg_error err;
    eg_rate_net *net = random_net(N, g, 11);
    if (!net)
        return fail("small network", EG_ENOMEM, &(eg_error){.msg = "out of memory"});
    double x0[N];
    random_state(x0, N, 11, 1);
    eg_dyn_system sys;
    eg_status st = eg_rate_system(net, &sys, &err);
    if (st != EG_OK)
        return fail("small network", st, &err);
    eg_integrate_opts o = eg_integrate_opts_default();
    o.method = method;
    o.t1 = 100.0;
    o.dt_record = 100.0; /* only the start and the end: the bench times stepping, not recording */
    o.rtol = 1e-6;
    o.atol = 1e-9;
    double best;
    eg_trajectory *keep = NULL;
    if ((st = integrate_best(&sys, x0, &o, reps, &best, &keep, &err)) != EG_OK) {
        eg_trajectory_free(keep);
        return fail("small network", st, &err);
    }
    const double *xf = keep->states->data + (keep->count - 1) * N;
    unsigned long evals;
    double per_eval;
    if (rhs_profile(&sys, x0, &o, &evals, &per_eval))
        return 1;
    printf("small: D=%d g=%.2f method=%s steps=%lu seconds=%.6e |x(100)|_inf=%.4f rhs_evals=%lu "
           "rhs_seconds=%.3e\n",
           N, g, method, keep->steps, best, fabs(xf[cblas_idamax(N, xf, 1)]), evals, per_eval);
    int bad = dump(dir, "small_W.bin", net->W->data, N * N) || dump(dir, "small_x0.bin", x0, N) ||
              dump(dir, "small_final.bin", xf, N);
    eg_trajectory_free(keep);
    eg_rate_free(net);
    return bad;
}

/* 2. D = 2000: one right-hand side of the rate network against one dgemv with
 * the same matrix, and the right-hand side with single-precision weights
 * (eg_rate_use_single: cblas_sgemv on a float copy of W); rounds interleave
 * the three, and each keeps its best round. Then both networks integrate
 * t = 0 .. 2 from the same state, to show what float weights do to a trajectory. */
static int dense_rhs(size_t n, int rounds, int per_round)
{
    eg_error err;
    eg_rate_net *net = random_net(n, 1.5, 12), *net32 = random_net(n, 1.5, 12);
    double *x = malloc(n * sizeof *x), *f = malloc(n * sizeof *f), *f32 = malloc(n * sizeof *f32),
           *y = malloc(n * sizeof *y);
    int bad = 1;
    eg_trajectory *td = NULL, *ts = NULL;
    if (!net || !net32 || !x || !f || !f32 || !y) {
        fail("dense", EG_ENOMEM, &(eg_error){.msg = "out of memory"});
        goto done;
    }
    eg_status st = eg_rate_use_single(net32, &err);
    if (st != EG_OK) {
        fail("dense", st, &err);
        goto done;
    }
    random_state(x, n, 12, 1);
    double best_rhs = 1e300, best_gemv = 1e300, best_rhs32 = 1e300;
    for (int r = 0; r < rounds; r++) {
        double t0 = now();
        for (int k = 0; k < per_round; k++)
            cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)n, (int)n, 1.0, net->W->data, (int)n, x, 1, 0.0, y, 1);
        double tg = (now() - t0) / per_round;
        t0 = now();
        for (int k = 0; k < per_round && st == EG_OK; k++)
            st = eg_rate_rhs(net, 0.0, x, f, &err);
        double tr = (now() - t0) / per_round;
        t0 = now();
        for (int k = 0; k < per_round && st == EG_OK; k++)
            st = eg_rate_rhs(net32, 0.0, x, f32, &err);
        double tr32 = (now() - t0) / per_round;
        if (st != EG_OK) {
            fail("dense", st, &err);
            goto done;
        }
        if (tg < best_gemv)
            best_gemv = tg;
        if (tr < best_rhs)
            best_rhs = tr;
        if (tr32 < best_rhs32)
            best_rhs32 = tr32;
    }
    double fdiff = 0.0, fmaxabs = 0.0;
    for (size_t i = 0; i < n; i++) {
        fdiff = fmax(fdiff, fabs(f32[i] - f[i]));
        fmaxabs = fmax(fmaxabs, fabs(f[i]));
    }
    eg_dyn_system sd, ss;
    eg_integrate_opts o = eg_integrate_opts_default();
    o.method = "rkf45";
    o.t1 = 2.0;
    o.dt_record = 2.0;
    o.rtol = 1e-6;
    o.atol = 1e-9;
    if ((st = eg_rate_system(net, &sd, &err)) != EG_OK || (st = eg_rate_system(net32, &ss, &err)) != EG_OK ||
        (st = eg_integrate(&sd, x, &o, &td, &err)) != EG_OK || (st = eg_integrate(&ss, x, &o, &ts, &err)) != EG_OK) {
        fail("dense trajectory", st, &err);
        goto done;
    }
    const double *xd = td->states->data + (td->count - 1) * n, *xs = ts->states->data + (ts->count - 1) * n;
    double xdiff = 0.0, xmaxabs = 0.0;
    for (size_t i = 0; i < n; i++) {
        xdiff = fmax(xdiff, fabs(xs[i] - xd[i]));
        xmaxabs = fmax(xmaxabs, fabs(xd[i]));
    }
    printf("dense: D=%zu rhs_seconds=%.6e dgemv_seconds=%.6e rhs/dgemv=%.3f f[0]=%.6f y[0]=%.6f\n", n, best_rhs,
           best_gemv, best_rhs / best_gemv, f[0], y[0]);
    printf("dense_single: D=%zu rhs_seconds=%.6e rhs/dgemv=%.3f max|f_single-f_double|=%.3e max|f|=%.3f "
           "steps=%lu,%lu max|x_single(2)-x_double(2)|=%.3e max|x(2)|=%.3f\n",
           n, best_rhs32, best_rhs32 / best_gemv, fdiff, fmaxabs, td->steps, ts->steps, xdiff, xmaxabs);
    bad = 0;
done:
    eg_trajectory_free(td);
    eg_trajectory_free(ts);
    eg_rate_free(net);
    eg_rate_free(net32);
    free(x);
    free(f);
    free(f32);
    free(y);
    return bad;
}

/* 3. The DSEM reference run (SCIENCE.md §5.1) with N_f = 100, RK4 with fixed
 * step 0.01 over t = 0..40; memories as tests/unit/test_gsemm.c builds them, the cue
 * damaged the same way with its own draw. */
static int dsem(const char *dir, int reps)
{
    enum { NF = 100, K = 7 };
    eg_error err;
    eg_gsemm *g = eg_gsemm_alloc(EG_GSEMM_DSEM, NF, K);
    eg_matrix *G = NULL;
    if (!g)
        return fail("dsem", EG_ENOMEM, &(eg_error){.msg = "out of memory"});
    gsl_rng *r = eg_rng_alloc(3, EG_RNG_EPISODES, 0);
    for (size_t i = 0; i < NF * K; i++)
        g->xi->data[i] = (gsl_rng_uniform(r) < 0.5 ? -1.0 : 1.0) / sqrt((double)NF);
    gsl_rng_free(r);
    const size_t c1[3] = {0, 1, 2}, c2[4] = {3, 4, 5, 6};
    eg_status st = eg_transitions_alloc(K, &G, &err);
    if (st == EG_OK)
        st = eg_transitions_add_chain(G, c1, 3, 1, &err);
    if (st == EG_OK)
        st = eg_transitions_add_chain(G, c2, 4, 1, &err);
    if (st == EG_OK)
        st = eg_gsemm_set_transitions(g, G, &err);
    eg_matrix_free(G);
    if (st != EG_OK)
        return fail("dsem", st, &err);
    /* Cue: ξ_4 with a quarter of its entries zeroed, v_d(0) = 0. */
    double x0[2 * NF] = {0};
    size_t all[NF];
    for (size_t i = 0; i < NF; i++) {
        x0[i] = eg_matrix_get(g->xi, i, 4);
        all[i] = i;
    }
    r = eg_rng_alloc(3, EG_RNG_CUE, 0);
    for (size_t i = 0; i < NF / 4; i++) { /* the first quarter of a partial Fisher–Yates shuffle */
        size_t j = i + gsl_rng_uniform_int(r, NF - i), tmp = all[i];
        all[i] = all[j];
        all[j] = tmp;
        x0[all[i]] = 0.0;
    }
    gsl_rng_free(r);
    eg_dyn_system sys;
    st = eg_gsemm_system(g, &sys, &err);
    if (st != EG_OK)
        return fail("dsem", st, &err);
    eg_integrate_opts o = eg_integrate_opts_default();
    o.method = "rk4";
    o.fixed_step = 0.01;
    o.t1 = 40.0;
    o.dt_record = 40.0;
    double best;
    eg_trajectory *keep = NULL;
    if ((st = integrate_best(&sys, x0, &o, reps, &best, &keep, &err)) != EG_OK) {
        eg_trajectory_free(keep);
        return fail("dsem", st, &err);
    }
    eg_matrix *ov = NULL;
    st = eg_gsemm_overlaps(g, keep, &ov, &err);
    if (st != EG_OK)
        return fail("dsem overlaps", st, &err);
    const double *m = ov->data + (ov->rows - 1) * K;
    unsigned long evals;
    double per_eval;
    if (rhs_profile(&sys, x0, &o, &evals, &per_eval))
        return 1;
    printf("dsem: N_f=%d K=%d method=rk4 h=0.01 steps=%lu seconds=%.6e rhs_evals=%lu rhs_seconds=%.3e overlaps(40)=",
           NF, K, keep->steps, best, evals, per_eval);
    for (size_t k = 0; k < K; k++)
        printf("%s%.6f", k ? "," : "", m[k]);
    printf("\n");
    int bad = dump(dir, "dsem_xi.bin", g->xi->data, NF * K) || dump(dir, "dsem_phi.bin", g->phi->data, K * K) ||
              dump(dir, "dsem_x0.bin", x0, 2 * NF) || dump(dir, "dsem_overlaps.bin", m, K);
    eg_matrix_free(ov);
    eg_trajectory_free(keep);
    eg_gsemm_free(g);
    return bad;
}

/* 4. Accuracy against time: the dense D = 2000 network (gain 1.5, as in 2)
 * from a random state over t = 0 .. span with METHOD at rtol (atol = 10⁻³·rtol),
 * recorded only at the end; one timed run of the integration alone, with its
 * evaluations of f counted. Writes the network (W, x0) when DIR lacks it and
 * the final state to final_METHOD_RTOL.bin, which the caller compares with a
 * tight reference (run_dopri5.sh). */
static int dense_accuracy(const char *dir, const char *method, double rtol, double span)
{
    enum { N = 2000 };
    eg_error err;
    eg_rate_net *net = random_net(N, 1.5, 12);
    double *x0 = malloc(N * sizeof *x0);
    if (!net || !x0)
        return fail("dense accuracy", EG_ENOMEM, &(eg_error){.msg = "out of memory"});
    random_state(x0, N, 12, 2);
    eg_dyn_system sys;
    eg_status st = eg_rate_system(net, &sys, &err);
    if (st != EG_OK)
        return fail("dense accuracy", st, &err);
    counted c = {&sys, 0};
    eg_dyn_system cs = sys;
    cs.rhs = counted_rhs;
    cs.params = &c;
    eg_integrate_opts o = eg_integrate_opts_default();
    o.method = method;
    o.t1 = span;
    o.dt_record = span;
    o.rtol = rtol;
    o.atol = 1e-3 * rtol;
    eg_trajectory *tr = NULL;
    double t0 = now();
    st = eg_integrate(&cs, x0, &o, &tr, &err);
    double seconds = now() - t0;
    if (st != EG_OK) {
        eg_trajectory_free(tr);
        return fail("dense accuracy", st, &err);
    }
    const double *xf = tr->states->data + (tr->count - 1) * N;
    printf("accuracy: D=%d span=%g method=%s rtol=%.3g steps=%lu nfev=%lu seconds=%.6e\n", N, span, method, rtol,
           tr->steps, c.calls, seconds);
    char name[96], wpath[4096];
    snprintf(name, sizeof name, "final_%s_%.3g.bin", method, rtol);
    snprintf(wpath, sizeof wpath, "%s/dense_W.bin", dir);
    FILE *have = fopen(wpath, "rb");
    int bad = dump(dir, name, xf, N);
    if (have)
        fclose(have);
    else
        bad = bad || dump(dir, "dense_W.bin", net->W->data, (size_t)N * N) || dump(dir, "dense_x0.bin", x0, N);
    eg_trajectory_free(tr);
    eg_rate_free(net);
    free(x0);
    return bad;
}

/* usage: bench_dynamics OUTDIR [GAIN METHOD] (the small network's gain, default 1.5, and
 * adaptive stepper, rkf45 (default) or rkck), or bench_dynamics OUTDIR accuracy METHOD
 * RTOL [SPAN] for one run of 4 */
int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_dynamics OUTDIR [GAIN [rkf45|rkck]]\n"
                        "       bench_dynamics OUTDIR accuracy METHOD RTOL [SPAN]\n");
        return 2;
    }
    const char *dir = argv[1];
    if (argc > 4 && strcmp(argv[2], "accuracy") == 0) {
        eg_numerics_init();
        eg_error err;
        if (eg_integrate_method_check(argv[3], &err) != EG_OK)
            return fail("dense accuracy", EG_EINVAL, &err);
        return dense_accuracy(dir, argv[3], strtod(argv[4], NULL), argc > 5 ? strtod(argv[5], NULL) : 10.0);
    }
    double gain = argc > 2 ? strtod(argv[2], NULL) : 1.5;
    const char *method = argc > 3 ? argv[3] : "rkf45";
    if (strcmp(method, "rkf45") != 0 && strcmp(method, "rkck") != 0) {
        fprintf(stderr, "bench_dynamics: METHOD is rkf45 or rkck, got '%s'\n", method);
        return 2;
    }
    eg_numerics_init();
    if (small_network(dir, gain, method, 20))
        return 1;
    if (dense_rhs(2000, 5, 20))
        return 1;
    if (dsem(dir, 5))
        return 1;
    return 0;
}
