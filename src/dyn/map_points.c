/* map_points.c: fixed points of discrete maps by minimising q(h) = ½‖F(h) − h‖²
 * (Sussillo & Barak 2013). Each start first tries damped Newton steps on
 * r(h) = F(h) − h = 0 (LAPACK's LU solve, step halved until q falls): from
 * states on a trajectory, most of which lie near a fixed point, they converge
 * quadratically in a handful of steps. A start where Newton stalls (a singular
 * Jacobian, a slow point) goes to Levenberg–Marquardt on r with the analytic
 * Jacobian J = ∂F/∂h − I (Marquardt's damping updated as Nielsen 1999 does,
 * the normal equations (JᵀJ + μI)δ = −Jᵀr solved by LAPACK's Cholesky), which
 * hands over to Newton as soon as q is small and gives up on a start whose q
 * has stopped falling: a slow point, not a fixed point. */
#include "engram/map_points.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engram/fixed_points.h"

/* After engram's headers: lapacke.h brings complex.h, whose I macro would
 * clash with names in them. */
#include <cblas.h>
#include <lapacke.h>

enum { NEWTON_STEPS = 30, HALVINGS = 12, STALL_WINDOW = 20 };

const char *eg_map_class_name(eg_map_class cls)
{
    switch (cls) {
    case EG_MAP_STABLE: return "stable";
    case EG_MAP_SADDLE: return "saddle";
    case EG_MAP_UNSTABLE: return "unstable";
    case EG_MAP_MARGINAL: return "marginal";
    }
    return "?";
}

eg_map_fp_opts eg_map_fp_opts_default(void)
{
    return (eg_map_fp_opts){.q_tol = 1e-12, .max_iter = 200, .dedup_tol = 1e-6, .outlier_scale = 10,
                            .unit_tol = 1e-8};
}

void eg_map_fp_set_free(eg_map_fp_set *s)
{
    if (!s)
        return;
    eg_matrix_free(s->points);
    eg_matrix_free(s->eig_re);
    eg_matrix_free(s->eig_im);
    free(s->q);
    free(s->unstable);
    free(s->cls);
    free(s);
}

/* Scratch for one search: the map and its Jacobian at the current h. */
typedef struct search {
    const eg_map *map;
    double *next, *jac, *h;
} search;

/* q(h) = ½‖F(h) − h‖², with F(h) into the scratch and, when jac is set,
 * ∂F/∂h too (trial points need only q). */
static double q_at(search *s, const double *h, int jac)
{
    size_t n = s->map->n;
    s->map->eval(s->map->ctx, h, s->next, jac ? s->jac : NULL);
    double q = 0;
    for (size_t i = 0; i < n; i++)
        q += (s->next[i] - h[i]) * (s->next[i] - h[i]);
    return isfinite(q) ? q / 2 : INFINITY;
}

static double q_of(search *s, const double *h)
{
    return q_at(s, h, 1);
}

/* Damped Newton steps h ← h − α (∂F/∂h − I)⁻¹ (F(h) − h), α halved until q
 * falls, while q falls and is above q_stop. Returns q at the end. The matrix
 * is handed to LAPACK as stored (row-major is the transpose in column-major)
 * and solved transposed, which spares LAPACKE a copy. */
static double newton(search *s, double *h, double q, double q_stop, double *a, double *b, lapack_int *piv)
{
    size_t n = s->map->n;
    for (int k = 0; k < NEWTON_STEPS && q > q_stop; k++) {
        q_of(s, h);
        for (size_t i = 0; i < n; i++) {
            for (size_t j = 0; j < n; j++)
                a[i * n + j] = s->jac[i * n + j] - (i == j);
            b[i] = s->next[i] - h[i];
        }
        if (LAPACKE_dgetrf_work(LAPACK_COL_MAJOR, (lapack_int)n, (lapack_int)n, a, (lapack_int)n, piv) != 0 ||
            LAPACKE_dgetrs_work(LAPACK_COL_MAJOR, 'T', (lapack_int)n, 1, a, (lapack_int)n, piv, b, (lapack_int)n) != 0)
            break;
        double alpha = 1, q2 = INFINITY;
        for (int halving = 0; halving < HALVINGS; halving++, alpha /= 2) {
            for (size_t i = 0; i < n; i++)
                s->h[i] = h[i] - alpha * b[i];
            if ((q2 = q_at(s, s->h, 0)) < q)
                break;
        }
        if (!(q2 < q))
            break;
        memcpy(h, s->h, n * sizeof *h);
        q = q2;
    }
    return q;
}

/* Scratch of the Levenberg–Marquardt iterations. */
typedef struct lm_work {
    double *jr;   /* J = ∂F/∂h − I, n × n */
    double *a;    /* JᵀJ + μI, factorised in place */
    double *g;    /* Jᵀr */
    double *d;    /* the step */
    double *r;    /* r = F(h) − h */
} lm_work;

/* r, J, JᵀJ (into a, undamped) and Jᵀr at h; returns q. */
static double lm_linearise(search *s, lm_work *w, const double *h)
{
    size_t n = s->map->n;
    double q = q_of(s, h);
    for (size_t i = 0; i < n; i++) {
        w->r[i] = s->next[i] - h[i];
        for (size_t j = 0; j < n; j++)
            w->jr[i * n + j] = s->jac[i * n + j] - (i == j);
    }
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)n, (int)n, 1.0, w->jr, (int)n, 0.0, w->a, (int)n);
    cblas_dgemv(CblasRowMajor, CblasTrans, (int)n, (int)n, 1.0, w->jr, (int)n, w->r, 1, 0.0, w->g, 1);
    return q;
}

/* Minimises q from h (in place). Stops when q falls below q_handover (Newton
 * takes it from there), when q has not fallen by a thousandth over the last
 * STALL_WINDOW accepted steps (a slow point), or after max_iter iterations.
 * Returns q at h. */
static double levenberg_marquardt(search *s, lm_work *w, double *h, double q_handover, size_t max_iter)
{
    size_t n = s->map->n;
    double q = lm_linearise(s, w, h), mu = 0, nu = 2, q_window = q;
    for (size_t i = 0; i < n; i++)
        mu = fmax(mu, w->a[i * n + i]);
    mu *= 1e-3;
    size_t accepted = 0;
    for (size_t it = 0; it < max_iter && q > q_handover && mu < 1e300; it++) {
        /* (JᵀJ + μI) δ = −Jᵀr, on a copy of JᵀJ (the factorisation overwrites it). */
        double *m = w->a + n * n;
        for (size_t i = 0; i < n; i++) {
            for (size_t j = i; j < n; j++)
                m[i * n + j] = w->a[i * n + j];
            m[i * n + i] += mu;
            w->d[i] = -w->g[i];
        }
        /* Row-major upper is column-major lower: no copy inside LAPACKE. */
        if (LAPACKE_dposv_work(LAPACK_COL_MAJOR, 'L', (lapack_int)n, 1, m, (lapack_int)n, w->d, (lapack_int)n) != 0) {
            mu *= nu;
            nu *= 2;
            continue;
        }
        double predicted = 0;
        for (size_t i = 0; i < n; i++) {
            s->h[i] = h[i] + w->d[i];
            predicted += w->d[i] * (mu * w->d[i] - w->g[i]);
        }
        double q2 = q_at(s, s->h, 0), rho = predicted > 0 ? (q - q2) / (predicted / 2) : -1;
        if (rho > 0) {
            memcpy(h, s->h, n * sizeof *h);
            q = lm_linearise(s, w, h);
            double t = 2 * rho - 1;
            mu *= fmax(1.0 / 3, 1 - t * t * t);
            nu = 2;
            if (++accepted % STALL_WINDOW == 0) {
                if (q > 0.99 * q_window)
                    break;
                q_window = q;
            }
        } else {
            mu *= nu;
            nu *= 2;
        }
    }
    return q;
}

/* Points closer than tol in max norm are one: keeps the first (lowest q). */
static int is_duplicate(const double *pts, size_t count, const double *h, size_t n, double tol)
{
    for (size_t k = 0; k < count; k++) {
        double d = 0;
        for (size_t i = 0; i < n; i++)
            d = fmax(d, fabs(pts[k * n + i] - h[i]));
        if (d <= tol)
            return 1;
    }
    return 0;
}

/* order[0..k) sorted by q, stable (the first start wins a tie). */
static void sort_by_q(size_t *order, size_t k, const double *q)
{
    for (size_t a = 0; a < k; a++)
        order[a] = a;
    for (size_t a = 1; a < k; a++)
        for (size_t b = a; b > 0 && q[order[b - 1]] > q[order[b]]; b--) {
            size_t t = order[b];
            order[b] = order[b - 1];
            order[b - 1] = t;
        }
}

/* The starts' centroid and their median distance from it (for outliers). */
static double starts_spread(const eg_matrix *starts, double *centroid)
{
    size_t m = starts->rows, n = starts->cols;
    memset(centroid, 0, n * sizeof *centroid);
    for (size_t k = 0; k < m; k++)
        for (size_t i = 0; i < n; i++)
            centroid[i] += starts->data[k * n + i] / (double)m;
    double *d = malloc(m * sizeof *d);
    if (!d)
        return -1;
    for (size_t k = 0; k < m; k++) {
        double s = 0;
        for (size_t i = 0; i < n; i++)
            s += (starts->data[k * n + i] - centroid[i]) * (starts->data[k * n + i] - centroid[i]);
        d[k] = sqrt(s);
    }
    /* The median by a plain sort: starts are at most thousands. */
    for (size_t a = 1; a < m; a++)
        for (size_t b = a; b > 0 && d[b - 1] > d[b]; b--) {
            double t = d[b];
            d[b] = d[b - 1];
            d[b - 1] = t;
        }
    double med = d[m / 2];
    free(d);
    return med;
}

static double distance(const double *a, const double *b, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += (a[i] - b[i]) * (a[i] - b[i]);
    return sqrt(s);
}

/* Eigenvalues by decreasing modulus, the count outside the unit circle and the class. */
static eg_status classify(search *s, const double *h, double unit_tol, double *re, double *im, size_t *unstable,
                          eg_map_class *cls, eg_error *err)
{
    size_t n = s->map->n;
    s->map->eval(s->map->ctx, h, s->next, s->jac);
    eg_status st = eg_fp_eigenvalues(s->jac, n, re, im, err);
    if (st != EG_OK)
        return st;
    for (size_t a = 1; a < n; a++)
        for (size_t b = a; b > 0 && hypot(re[b - 1], im[b - 1]) < hypot(re[b], im[b]); b--) {
            double t = re[b];
            re[b] = re[b - 1];
            re[b - 1] = t;
            t = im[b];
            im[b] = im[b - 1];
            im[b - 1] = t;
        }
    size_t out = 0, in = 0, marginal = 0;
    for (size_t i = 0; i < n; i++) {
        double m = hypot(re[i], im[i]);
        if (fabs(m - 1) <= unit_tol)
            marginal++;
        else if (m > 1)
            out++;
        else
            in++;
    }
    *unstable = out;
    *cls = marginal ? EG_MAP_MARGINAL : out == 0 ? EG_MAP_STABLE : in == 0 ? EG_MAP_UNSTABLE : EG_MAP_SADDLE;
    return EG_OK;
}

static eg_status check_args(const eg_map *map, const eg_matrix *starts, const eg_map_fp_opts *o, eg_error *err)
{
    if (map->n == 0 || !map->eval)
        return eg_error_set(err, EG_EINVAL, "the map has no state");
    if (!starts || starts->rows == 0)
        return eg_error_set(err, EG_EINVAL, "no starts to search from");
    if (starts->cols != map->n)
        return eg_error_set(err, EG_EINVAL, "the starts have %zu columns; the state has %zu", starts->cols, map->n);
    if (!(o->q_tol > 0) || !(o->dedup_tol >= 0) || !(o->outlier_scale >= 0) || !(o->unit_tol >= 0) || !o->max_iter)
        return eg_error_set(err, EG_EINVAL, "q_tol must be positive, the other tolerances non-negative");
    return EG_OK;
}

/* The set's arrays for count points of n units. */
static eg_map_fp_set *set_alloc(size_t count, size_t n)
{
    eg_map_fp_set *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->count = count;
    s->n = n;
    size_t c = count ? count : 1;
    s->points = eg_matrix_alloc(count, n);
    s->eig_re = eg_matrix_alloc(count, n);
    s->eig_im = eg_matrix_alloc(count, n);
    s->q = calloc(c, sizeof *s->q);
    s->unstable = calloc(c, sizeof *s->unstable);
    s->cls = calloc(c, sizeof *s->cls);
    if (!s->points || !s->eig_re || !s->eig_im || !s->q || !s->unstable || !s->cls) {
        eg_map_fp_set_free(s);
        return NULL;
    }
    return s;
}

eg_status eg_map_fixed_points(const eg_map *map, const eg_matrix *starts, const eg_map_fp_opts *opts,
                              eg_map_fp_set **out, eg_error *err)
{
    eg_map_fp_opts o = opts ? *opts : eg_map_fp_opts_default();
    eg_status st = check_args(map, starts, &o, err);
    if (st != EG_OK)
        return st;
    size_t n = map->n, m = starts->rows;
    search s = {map, malloc(n * sizeof(double)), malloc(n * n * sizeof(double)), malloc(n * sizeof(double))};
    double *found = malloc(m * n * sizeof *found), *fq = malloc(m * sizeof *fq);
    double *centroid = malloc(n * sizeof *centroid), *a = malloc(n * n * sizeof *a), *b = malloc(n * sizeof *b);
    lapack_int *piv = malloc(n * sizeof *piv);
    size_t *order = malloc(m * sizeof *order);
    lm_work w = {malloc(n * n * sizeof(double)), malloc(2 * n * n * sizeof(double)), malloc(n * sizeof(double)),
                 malloc(n * sizeof(double)), malloc(n * sizeof(double))};
    eg_map_fp_set *set = NULL;
    if (!s.next || !s.jac || !s.h || !found || !fq || !a || !b || !centroid || !piv || !order || !w.jr || !w.a || !w.g ||
        !w.d || !w.r) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory for %zu starts of %zu units", m, n);
        goto done;
    }
    /* Search from every start; keep the fixed points. */
    size_t kept = 0, converged = 0;
    for (size_t k = 0; k < m; k++) {
        double *h = found + kept * n;
        memcpy(h, starts->data + k * n, n * sizeof *h);
        double q = newton(&s, h, q_of(&s, h), 0, a, b, piv);
        if (!(q <= o.q_tol)) {
            memcpy(h, starts->data + k * n, n * sizeof *h);
            q = levenberg_marquardt(&s, &w, h, fmin(o.q_tol, 1e-10), o.max_iter);
            if (q <= 1e-6)
                q = newton(&s, h, q, 0, a, b, piv);
            if (!(q <= o.q_tol))
                continue;
        }
        converged++;
        fq[kept++] = q;
    }
    /* Lowest q first, then duplicates and outliers out. */
    sort_by_q(order, kept, fq);
    double spread = o.outlier_scale > 0 ? starts_spread(starts, centroid) : 0;
    if (spread < 0) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory");
        goto done;
    }
    size_t count = 0, dups = 0, outliers = 0;
    double *pts = malloc((kept ? kept : 1) * n * sizeof *pts);
    double *pq = malloc((kept ? kept : 1) * sizeof *pq);
    if (!pts || !pq) {
        free(pts);
        free(pq);
        st = eg_error_set(err, EG_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t r = 0; r < kept; r++) {
        const double *h = found + order[r] * n;
        if (is_duplicate(pts, count, h, n, o.dedup_tol)) {
            dups++;
        } else if (o.outlier_scale > 0 && distance(h, centroid, n) > o.outlier_scale * spread) {
            outliers++;
        } else {
            memcpy(pts + count * n, h, n * sizeof *h);
            pq[count++] = fq[order[r]];
        }
    }
    if (!(set = set_alloc(count, n))) {
        free(pts);
        free(pq);
        st = eg_error_set(err, EG_ENOMEM, "out of memory");
        goto done;
    }
    set->starts = m;
    set->converged = converged;
    set->duplicates = dups;
    set->outliers = outliers;
    for (size_t k = 0; st == EG_OK && k < count; k++) {
        memcpy(set->points->data + k * n, pts + k * n, n * sizeof *pts);
        set->q[k] = pq[k];
        st = classify(&s, pts + k * n, o.unit_tol, set->eig_re->data + k * n, set->eig_im->data + k * n,
                      &set->unstable[k], &set->cls[k], err);
    }
    free(pts);
    free(pq);
done:
    free(w.jr);
    free(w.a);
    free(w.g);
    free(w.d);
    free(w.r);
    free(s.next);
    free(s.jac);
    free(s.h);
    free(found);
    free(fq);
    free(a);
    free(b);
    free(piv);
    free(centroid);
    free(order);
    if (st != EG_OK) {
        eg_map_fp_set_free(set);
        return st;
    }
    *out = set;
    return EG_OK;
}
