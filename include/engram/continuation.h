/* engram/continuation.h: numerical continuation of equilibria of dx/dt = f(x, p)
 * in one parameter p: pseudo-arclength predictor–corrector with the analytic
 * Jacobian, adaptive steps, the eigenvalues at every point, and the special
 * points where the branch changes character (docs/dynamics.md, "Continuation"):
 *   LP  a fold (saddle-node): the branch turns back in p;
 *   BP  a branch point (pitchfork, transcritical): another branch crosses;
 *   H   a Hopf point: a complex pair of eigenvalues crosses the imaginary axis.
 * Folds and Hopf points are then followed in two params (eg_cont2_trace),
 * with the cusps and Bogdanov–Takens points on their curves. */
#ifndef ENGRAM_CONTINUATION_H
#define ENGRAM_CONTINUATION_H

#include <stddef.h>

#include "engram/status.h"

/* f(x, p) into f (dim entries) and, when J is not NULL, ∂f/∂x at (x, p) into
 * J (dim × dim row-major). EG_ENUMERIC when a value is not finite. */
typedef eg_status (*eg_cont_eval_fn)(void *ctx, double p, const double *x, double *f, double *J, eg_error *err);

typedef struct eg_cont_problem {
    size_t dim;
    eg_cont_eval_fn eval;
    void *ctx;
    const char *name; /* the param's name in messages (NULL: "p") */
} eg_cont_problem;

/* Options; fill with eg_cont_opts_default() and change fields. */
typedef struct eg_cont_opts {
    double p0;             /* the start's param */
    const double *x0;      /* the start's state (dim entries), near an equilibrium at p0 */
    double p_lo, p_hi;     /* the branch stops where p leaves [p_lo, p_hi] */
    double step;           /* first arclength step; its sign is the first direction in p */
    double step_min;       /* the corrector gives up below this step (default 1e-8) */
    double step_max;       /* steps never grow beyond this (default 10 |step|) */
    size_t max_points;     /* points per branch (default 500) */
    double tol;            /* a point has ‖f‖∞ below this (default 1e-10) */
    size_t max_newton;     /* corrector iterations per step (default 12) */
    double locate_tol;     /* special points located to this in p (default 1e-10) */
    double eig_tol;        /* |Re λ| below this is neither stable nor unstable (default 1e-9) */
    int switch_branches;   /* at a BP, trace the emanating branch both ways (default 1) */
    size_t max_branches;   /* branches traced at most, the first included (default 8) */
    int eigen;             /* compute the eigenvalues at every point (default 1) */
    double near;           /* the start's equilibrium lies within near · max(1, ‖x0‖∞) of x0
                            * (max norm; default 0.1, 0: anywhere Newton's method goes) */
    int chord;             /* the corrector reuses the last tangent's LU (chord Newton), refactoring only
                            * where it contracts slowly: 1 on, 0 off, −1 (default) from 200 unknowns */
    size_t eig_count;      /* 0: every eigenvalue at each point (default); k: the k rightmost by
                            * shift-invert Arnoldi (cont_eigen.h), the counts of unstable ones exact */
} eg_cont_opts;

typedef enum eg_cont_type { EG_CONT_LP, EG_CONT_BP, EG_CONT_H } eg_cont_type;

/* A special point, located on branch `branch` between points `index` − 1 and
 * `index` of that branch (global point numbers). */
typedef struct eg_cont_special {
    eg_cont_type type;
    size_t branch, index;
    double p;
    double *x;          /* dim entries */
    double *eig_re;     /* dim entries, the Jacobian's eigenvalues there */
    double *eig_im;
    size_t neig;        /* the eigenvalues held: dim, or opts.eig_count (the rightmost, sorted; dim where
                         * the whole spectrum was needed) */
    double test;        /* LP: the tangent's p component; BP: the smallest singular value of
                         * [f_x f_p] (rank test: ≈ 0 at a branch point); H: ω, the crossing
                         * pair's imaginary part */
    double l1;          /* H: the first Lyapunov coefficient (< 0 supercritical), else 0;
                         * NAN where not computed */
} eg_cont_special;

/* How a branch ended. */
typedef enum eg_cont_end {
    EG_CONT_END_RANGE,      /* p left [p_lo, p_hi] */
    EG_CONT_END_POINTS,     /* max_points reached */
    EG_CONT_END_CORRECTOR,  /* the corrector failed at the smallest step */
    EG_CONT_END_NUMERIC     /* f or the eigenvalues failed */
} eg_cont_end;

typedef struct eg_cont_branch {
    size_t first, count;  /* its points: first .. first + count − 1 */
    eg_cont_end end;
    long from_special;    /* the BP it emanates from (index into specials), −1 for the first */
} eg_cont_branch;

/* Every branch's points in order of tracing. Owns its arrays. */
typedef struct eg_cont_result {
    size_t dim;
    size_t npoints, cap;
    double *p;            /* npoints */
    double *x;            /* npoints × dim */
    double *eig_re;       /* npoints × dim (when opts.eigen; the first neig of each row hold
                           * eigenvalues, the rest NAN) */
    double *eig_im;
    size_t neig;          /* eigenvalues computed per point: dim, or opts.eig_count (at least: the whole
                           * spectrum, sorted, where some beyond the k-th are unstable) */
    size_t eigen_calls;   /* eigenvalue computations (points and the location of special points) */
    size_t full_spectra;  /* of which computed every eigenvalue (all of them without opts.eig_count) */
    double *lead_re;      /* npoints: the largest Re λ (NAN without eigenvalues) */
    size_t *unstable;     /* npoints: eigenvalues with Re λ > eig_tol */
    size_t *branch_of;    /* npoints */
    eg_cont_special *specials;
    size_t nspecials, special_cap;
    eg_cont_branch *branches;
    size_t nbranches;
    int failed;           /* a branch ended in EG_CONT_END_CORRECTOR or _NUMERIC */
    char why[512];        /* then: what failed and where */
    double solve_seconds, eigen_seconds; /* time in corrector/tangent solves and in eigenvalues */
    size_t factorizations; /* LU factorisations of the augmented matrix */
    size_t refined_tangents; /* tangents refined from kept factors instead of one of them */
    double eigen_factor_seconds; /* of eigen_seconds: factoring J − σI for the partial spectra */
    size_t eigen_solves;         /* the partial spectra's solves with those factors (Arnoldi's products) */
} eg_cont_result;

eg_cont_opts eg_cont_opts_default(void);
void eg_cont_result_free(eg_cont_result *r);
const char *eg_cont_type_name(eg_cont_type type);
const char *eg_cont_end_name(eg_cont_end end);

/* Newton's method at fixed p from x (dim entries, updated in place) until
 * ‖f‖∞ < tol, at most max_iter steps. *residual receives ‖f(x_start, p)‖∞
 * (before the first step) and, on return, the final ‖f‖∞ in *final (both may
 * be NULL). EG_ENUMERIC when it does not converge. */
eg_status eg_cont_newton(const eg_cont_problem *prob, double p, double *x, double tol, size_t max_iter,
                         double *residual, double *final, eg_error *err);

/* Traces the branch through (opts.p0, opts.x0) (x0 polished by Newton first,
 * which must stay within opts.near of it),
 * and, with switch_branches, the branches emanating from its branch points.
 * A corrector failure does not fail the call: the result keeps the branches
 * so far with `failed` and `why` set. EG_EINVAL for bad options or a start
 * where Newton does not converge (the message gives the residual),
 * EG_ENUMERIC when f fails at the start, EG_ENOMEM. */
eg_status eg_cont_trace(const eg_cont_problem *prob, const eg_cont_opts *opts, eg_cont_result **out,
                        eg_error *err);

/* ---- Internals shared with the special-point code (cont_special.c) ------- */

struct eg_cont_eig;

/* The workspace of one continuation. */
typedef struct eg_cont_work {
    const eg_cont_problem *prob;
    const eg_cont_opts *opts;
    size_t n;         /* dim */
    double *f, *J;    /* f (n), J (n × n) */
    double *fp;       /* ∂f/∂p (n) */
    double *A;        /* the augmented (n+1) × (n+1) matrix */
    double *rhs;      /* n + 1 */
    int *piv;         /* n + 1 */
    double *y, *dy;   /* n + 1 */
    double *er, *ei;  /* n eigenvalues */
    size_t neig;      /* of which the first neig are set (n, or the rightmost opts.eig_count or n) */
    size_t ureal, ucplx; /* the unstable real and complex eigenvalues among all n */
    struct eg_cont_eig *eig; /* with opts.eig_count: the rightmost ones' workspace */
    int chord;        /* the chord corrector is on */
    int lu_valid;     /* lu holds the factors of [f_x f_p; lu_rowᵀ] at the last tangent */
    double *lu;       /* (n+1)², column-major factors of that matrix's transpose */
    int *lu_piv;
    double *lu_row;   /* n + 1 */
    double *tz;       /* n + 1: that matrix's inverse applied to e_{n+1} (the tangent unnormalised) */
    int lu_det;       /* the sign of that matrix's determinant */
    double *tr;       /* n + 1: the residual of a tangent refined with those factors */
    size_t refined;   /* tangents refined with kept factors rather than factored anew */
    size_t kept;      /* factorisations of a kept matrix so far (names the one kept) */
    size_t factorizations;
    int chord_used;   /* the last corrector converged by the chord iteration */
    size_t eig_calls;
    double solve_s, eigen_s;
} eg_cont_work;

/* f, J and ∂f/∂p (central difference) at y = (x, p) into w->f, w->J, w->fp. */
eg_status eg_cont_eval_all(eg_cont_work *w, const double *y, eg_error *err);
/* Corrects y (n+1) onto the branch within the hyperplane v·(Y − y_pred) = 0
 * (y holds y_pred on entry). Returns iterations used, or −1 when it fails. */
int eg_cont_correct(eg_cont_work *w, double *y, const double *v, eg_error *err);
/* The unit tangent at y (after eg_cont_correct or eg_cont_eval_all there),
 * oriented so that v_prev · t > 0; *det_sign receives the sign of
 * det [f_x f_p; v_prevᵀ] (the BP test function). −1 on failure. */
int eg_cont_tangent(eg_cont_work *w, const double *y, const double *v_prev, double *t, int *det_sign,
                    eg_error *err);
/* The same after a corrector that converged by the chord iteration, from the
 * kept factors of a nearby point's matrix where they contract (refining, one
 * product with J and one solve a step, rather than factoring), when the
 * eigenvalues are computed and the kept factors are still those of the
 * caller's last factored tangent on this branch (w->kept == own: locating a
 * special point factors elsewhere, perhaps across it); *refined says which.
 * *det_sign is then the kept factors': the caller calls eg_cont_tangent
 * where a real eigenvalue went through zero since the last point, the only
 * place the sign may change. */
int eg_cont_tangent_next(eg_cont_work *w, const double *y, const double *v_prev, double *t, int *det_sign,
                         size_t own, int *refined, eg_error *err);
/* The eigenvalues of w->J into w->er, w->ei (w->neig of them) and the
 * unstable counts into w->ureal, w->ucplx. */
eg_status eg_cont_eigen(eg_cont_work *w, eg_error *err);

/* Special points (cont_special.c). The unstable complex-pair count and real
 * count of w->er/ei. */
void eg_cont_count_unstable(const double *re, const double *im, size_t n, double tol, size_t *real,
                            size_t *cplx);
/* Locates the special point of `type` between y0 (tangent v0) and the point
 * reached by the step h from it, by bisection in the step to opts.locate_tol
 * in p; fills the special's p, x, eigenvalues and test (and l1 at a Hopf
 * point). y_at and t_at (n+1 each) receive the point and its tangent. */
eg_status eg_cont_locate(eg_cont_work *w, eg_cont_type type, const double *y0, const double *v0, double h,
                         eg_cont_special *sp, double *y_at, double *t_at, eg_error *err);
/* The direction of the other branch at a BP y (n+1) whose tangent on the
 * current branch is t: the null vector of [f_x f_p] orthogonal to t. */
eg_status eg_cont_bp_direction(eg_cont_work *w, const double *y, const double *t, double *dir, double *sigma,
                               eg_error *err);
/* The first Lyapunov coefficient at a Hopf point x of the system at p with
 * frequency omega (Kuznetsov's formula; derivatives of f by differences of the
 * analytic Jacobian). */
eg_status eg_cont_lyapunov1(eg_cont_work *w, double p, const double *x, double omega, double *l1, eg_error *err);

/* The critical eigenvectors at a Hopf point of the Jacobian J (n × n): q with
 * J q = iω q (the pair nearest iω), p with Jᵀ p = −iω p, ⟨q,q⟩ = ⟨p,q⟩ = 1,
 * as real and imaginary parts (n entries each). */
eg_status eg_cont_hopf_vectors(const double *J, size_t n, double omega, double *qr, double *qi, double *pr,
                               double *pi, eg_error *err);

/* ---- Periodic orbits from a Hopf point (cont_orbit.c) -------------------- */

/* One periodic orbit: its param, period, a point on it, its peak-to-peak
 * amplitude (the largest over the entries) and its Floquet multipliers (the
 * eigenvalues of the monodromy matrix; one of them is 1). */
typedef struct eg_cont_orbit {
    double p, period, amplitude;
    double *x0;               /* dim entries */
    double *mult_re, *mult_im; /* dim entries each */
    int past_fold;            /* the branch turned back in p between the previous orbit and this one */
    double fold_p, fold_period, fold_amplitude; /* that fold of cycles (NAN when past_fold is 0) */
    int stable;               /* every multiplier but the one nearest 1 inside the unit circle */
    double *x_max, *x_min;    /* dim entries each: every state's extremes over the orbit */
    double norm_max, norm_min; /* the extremes of ‖x‖ over the orbit */
} eg_cont_orbit;

void eg_cont_orbits_free(eg_cont_orbit *orbits, size_t count);

/* Up to `count` periodic orbits born at the Hopf point h (with its l1), at
 * params h->p ± k·dp (k = 1 .. count, on the side where the normal form
 * puts them): the first guessed from the normal form (radius
 * √(−μ/(l1 ω)) along the critical eigenvector), each found by single shooting
 * (Newton's method on φ_T(x0) = x0 with a phase condition, the monodromy
 * matrix from the variational equations), each the guess of the next. Where
 * the next param has no orbit near the guess (past a fold of cycles, as on a
 * subcritical Hopf point's branch), the orbits go on by pseudo-arclength in
 * (x0, T, p) from the last two, and a turn of p between orbits is marked on
 * the orbit after it with that fold of cycles, located by successive
 * parabolic interpolation of p along the branch (orbits solved at the
 * parabola's vertex). Stops at the first orbit neither finds; *nout says how
 * many were. EG_EINVAL without a usable l1, EG_ENOMEM. */
eg_status eg_cont_orbits(const eg_cont_problem *prob, const eg_cont_special *h, size_t count, double dp,
                         eg_cont_orbit **out, size_t *nout, eg_error *err);

/* ---- Two-parameter continuation of folds and Hopf points (cont_curve.c) -- */

/* f(x, p) for the two params p[0], p[1] into f and, when J is not NULL,
 * ∂f/∂x into J (dim × dim row-major). */
typedef eg_status (*eg_cont2_eval_fn)(void *ctx, const double *p, const double *x, double *f, double *J,
                                      eg_error *err);

typedef struct eg_cont2_problem {
    size_t dim;
    eg_cont2_eval_fn eval;
    void *ctx;
    const char *names[2]; /* the params' names in messages (NULL: "p1", "p2") */
} eg_cont2_problem;

/* Options; fill with eg_cont2_opts_default() and change fields. */
typedef struct eg_cont2_opts {
    double lo[2], hi[2]; /* the curve stops where a param leaves [lo, hi] */
    double step;         /* first arclength step (default 0.01) */
    double step_min;     /* the corrector gives up below this step (default 1e-8) */
    double step_max;     /* steps never grow beyond this (default 10 step) */
    size_t max_points;   /* points each way from the start (default 300) */
    double tol;          /* a point has ‖(f, g)‖∞ below this (default 1e-10) */
    size_t max_newton;   /* corrector iterations per step (default 12) */
    double locate_tol;   /* CP and BT located to this in arclength (default 1e-10) */
} eg_cont2_opts;

/* The codimension-two points flagged along a curve:
 *   CP  a cusp on a fold curve: the normal form's a = ½ wᵀB(v, v) vanishes;
 *   BT  a Bogdanov–Takens point: a second eigenvalue reaches zero (on a fold
 *       curve wᵀv = 0, the null vectors' Jordan chain; on a Hopf curve ω → 0). */
typedef enum eg_cont2_type { EG_CONT2_CP, EG_CONT2_BT } eg_cont2_type;

typedef struct eg_cont2_special {
    eg_cont2_type type;
    double p[2];
    double *x;     /* dim entries */
    size_t index;  /* the curve's point after which it lies */
} eg_cont2_special;

/* How one direction of a curve ended. */
typedef enum eg_cont2_end {
    EG_CONT2_END_RANGE,     /* a param left its range */
    EG_CONT2_END_POINTS,    /* max_points reached */
    EG_CONT2_END_CORRECTOR, /* the corrector failed at the smallest step */
    EG_CONT2_END_NUMERIC,   /* f or a linear solve failed */
    EG_CONT2_END_BT,        /* a Hopf curve ends at a BT point (ω = 0) */
    EG_CONT2_END_CLOSED     /* the curve came back to its start */
} eg_cont2_end;

/* A fold (type EG_CONT_LP) or Hopf (EG_CONT_H) curve in the (p1, p2) plane,
 * its points in order along it (the start among them). Owns its arrays. */
typedef struct eg_cont2_curve {
    eg_cont_type type;
    size_t dim;
    size_t npoints, cap;
    double *p;      /* npoints × 2 */
    double *x;      /* npoints × dim */
    double *test;   /* npoints × 2: LP: a (the cusp test) and wᵀv (the BT test);
                     * H: ω and κ = ω² (negative past a BT: a neutral saddle) */
    eg_cont2_special *specials;
    size_t nspecials, special_cap;
    eg_cont2_end end[2]; /* how the curve ended before and after its start */
    size_t start;        /* the start's point */
    int failed;          /* a direction ended in _CORRECTOR or _NUMERIC */
    char why[512];
} eg_cont2_curve;

eg_cont2_opts eg_cont2_opts_default(void);
void eg_cont2_curve_free(eg_cont2_curve *c);
const char *eg_cont2_type_name(eg_cont2_type type);
const char *eg_cont2_end_name(eg_cont2_end end);

/* The bialternate product 2A⊙I of the n × n matrix A into M (m × m row-major,
 * m = n(n − 1)/2): its eigenvalues are the sums λi + λj, i < j, so it is
 * singular where a pair of eigenvalues sums to zero (a Hopf point). */
void eg_cont2_bialternate(const double *A, size_t n, double *M);

/* Follows the fold (type EG_CONT_LP) or Hopf point (EG_CONT_H) at (x0, p0)
 * (from a one-parameter continuation; polished first at fixed p0[1]) in both
 * params, both ways, by pseudo-arclength on the minimally augmented system
 * f(x, p) = 0, g(x, p) = 0, g from a bordered system singular with J (fold)
 * or with 2J⊙I (Hopf), flagging CP and BT points. A corrector failure does
 * not fail the call (the curve so far, `failed` and `why`). EG_EINVAL for bad
 * options, a Hopf curve of one unit or a start that is no such point,
 * EG_ENUMERIC when f fails at the start, EG_ENOMEM. */
eg_status eg_cont2_trace(const eg_cont2_problem *prob, const eg_cont2_opts *opts, eg_cont_type type,
                         const double *x0, const double *p0, eg_cont2_curve **out, eg_error *err);

/* The Hopf curve that leaves the Bogdanov–Takens point (x0, p0) (a BT found
 * on a fold curve): the curve of eigenvalue pairs summing to zero passes
 * through it, neutral saddles on one side and Hopf points on the other; the
 * side where ω² grows is followed to its end. The curve's first point is the
 * BT point (flagged BT, end[0] EG_CONT2_END_BT). EG_ENUMERIC when the Hopf
 * system is singular there or neither side has Hopf points, EG_EINVAL for bad
 * options, EG_ENOMEM. */
eg_status eg_cont2_trace_hopf_from_bt(const eg_cont2_problem *prob, const eg_cont2_opts *opts, const double *x0,
                                      const double *p0, eg_cont2_curve **out, eg_error *err);

#endif
