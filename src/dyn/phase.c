/* phase.c: nullclines and vector fields of two-unit systems. */
#include "engram/phase.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

static eg_status check_box(const eg_dyn_system *sys, const eg_phase_box *b, eg_error *err)
{
    if (!sys || sys->dim != 2)
        return eg_error_set(err, EG_EINVAL, "a phase plane needs a two-unit system, got %zu units",
                            sys ? sys->dim : 0);
    if (!(b->xhi > b->xlo) || !(b->yhi > b->ylo) || b->nx < 2 || b->ny < 2)
        return eg_error_set(err, EG_EINVAL, "a phase-plane box needs lo < hi and at least 2 samples per axis");
    if ((double)b->nx * (double)b->ny > 1e8)
        return eg_error_set(err, EG_EINVAL, "a phase-plane grid of %zu × %zu is too large", b->nx, b->ny);
    return EG_OK;
}

static double axis(double lo, double hi, size_t n, size_t k)
{
    return lo + (hi - lo) * (double)k / (double)(n - 1);
}

eg_status eg_phase_field(const eg_dyn_system *sys, const eg_phase_box *box, eg_matrix **out, eg_error *err)
{
    *out = NULL;
    eg_status st = check_box(sys, box, err);
    if (st != EG_OK)
        return st;
    eg_matrix *m = eg_matrix_alloc(box->nx * box->ny, 4);
    if (!m)
        return eg_error_set(err, EG_ENOMEM, "out of memory for a vector field");
    for (size_t j = 0; j < box->ny; j++)
        for (size_t i = 0; i < box->nx; i++) {
            double *row = &m->data[(j * box->nx + i) * 4];
            row[0] = axis(box->xlo, box->xhi, box->nx, i);
            row[1] = axis(box->ylo, box->yhi, box->ny, j);
            if (sys->rhs(box->t, row, row + 2, sys->params) != GSL_SUCCESS) {
                eg_matrix_free(m);
                return eg_error_set(err, EG_ENUMERIC, "the vector field is not finite at (%g, %g)", row[0], row[1]);
            }
        }
    *out = m;
    return EG_OK;
}

/* Growable list of (x, y) points. */
typedef struct pts {
    double *xy;
    size_t count, cap;
} pts;

static int push(pts *p, double x, double y)
{
    if (p->count == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 64;
        double *g = realloc(p->xy, 2 * cap * sizeof *g);
        if (!g)
            return 0;
        p->xy = g;
        p->cap = cap;
    }
    p->xy[2 * p->count] = x;
    p->xy[2 * p->count + 1] = y;
    p->count++;
    return 1;
}

/* f_k at the point (fixed, s) on a line along axis `along` (0: s is x, 1: s is y). */
static int fk(const eg_dyn_system *sys, double t, int k, int along, double fixed, double s, double *v)
{
    double x[2], f[2];
    x[along] = s;
    x[1 - along] = fixed;
    if (sys->rhs(t, x, f, sys->params) != GSL_SUCCESS || !isfinite(f[k]))
        return 0;
    *v = f[k];
    return 1;
}

/* Roots of f_k along one line, bracketed between samples and bisected. */
static eg_status scan_line(const eg_dyn_system *sys, double t, int k, int along, double fixed, double lo, double hi,
                           size_t n, pts *p, eg_error *err)
{
    double s0 = lo, v0;
    if (!fk(sys, t, k, along, fixed, s0, &v0))
        return eg_error_set(err, EG_ENUMERIC, "the vector field is not finite on the phase plane");
    double eps = 1e-12 * (hi - lo);
    for (size_t i = 1; i < n; i++) {
        double s1 = axis(lo, hi, n, i), v1;
        if (!fk(sys, t, k, along, fixed, s1, &v1))
            return eg_error_set(err, EG_ENUMERIC, "the vector field is not finite on the phase plane");
        int root = 0;
        double r = 0.0;
        if (v0 == 0.0) {
            root = 1;
            r = s0;
        } else if ((v0 < 0.0) != (v1 < 0.0) && v1 != 0.0) {
            double a = s0, b = s1, fa = v0;
            while (b - a > eps) {
                double m = 0.5 * (a + b), fm;
                if (!fk(sys, t, k, along, fixed, m, &fm))
                    return eg_error_set(err, EG_ENUMERIC, "the vector field is not finite on the phase plane");
                if ((fm < 0.0) == (fa < 0.0)) {
                    a = m;
                    fa = fm;
                } else {
                    b = m;
                }
            }
            root = 1;
            r = 0.5 * (a + b);
        }
        if (root && !(along == 0 ? push(p, r, fixed) : push(p, fixed, r)))
            return eg_error_set(err, EG_ENOMEM, "out of memory for nullclines");
        s0 = s1;
        v0 = v1;
    }
    if (v0 == 0.0 && !(along == 0 ? push(p, s0, fixed) : push(p, fixed, s0)))
        return eg_error_set(err, EG_ENOMEM, "out of memory for nullclines");
    return EG_OK;
}

eg_status eg_phase_nullclines(const eg_dyn_system *sys, const eg_phase_box *box, eg_matrix **nc0, eg_matrix **nc1,
                              eg_error *err)
{
    *nc0 = *nc1 = NULL;
    eg_status st = check_box(sys, box, err);
    if (st != EG_OK)
        return st;
    pts p[2] = {{NULL, 0, 0}, {NULL, 0, 0}};
    for (int k = 0; k < 2 && st == EG_OK; k++) {
        for (size_t j = 0; j < box->ny && st == EG_OK; j++)
            st = scan_line(sys, box->t, k, 0, axis(box->ylo, box->yhi, box->ny, j), box->xlo, box->xhi, box->nx,
                           &p[k], err);
        for (size_t i = 0; i < box->nx && st == EG_OK; i++)
            st = scan_line(sys, box->t, k, 1, axis(box->xlo, box->xhi, box->nx, i), box->ylo, box->yhi, box->ny,
                           &p[k], err);
    }
    eg_matrix *m[2] = {NULL, NULL};
    for (int k = 0; k < 2 && st == EG_OK; k++) {
        m[k] = eg_matrix_alloc(p[k].count, 2);
        if (!m[k])
            st = eg_error_set(err, EG_ENOMEM, "out of memory for nullclines");
        else if (p[k].count)
            memcpy(m[k]->data, p[k].xy, 2 * p[k].count * sizeof(double));
    }
    free(p[0].xy);
    free(p[1].xy);
    if (st != EG_OK) {
        eg_matrix_free(m[0]);
        eg_matrix_free(m[1]);
        return st;
    }
    *nc0 = m[0];
    *nc1 = m[1];
    return EG_OK;
}

/* Where f_k crosses 0 on the edge from (xa, ya, fa) to (xb, yb, fb), by linear
 * interpolation; 0 when it does not (a zero at an end counts for the far end only). */
static int edge_crossing(double xa, double ya, double fa, double xb, double yb, double fb, double *x, double *y)
{
    if (!((fa < 0 && fb >= 0) || (fa >= 0 && fb < 0)))
        return 0;
    double s = fa / (fa - fb);
    *x = xa + s * (xb - xa);
    *y = ya + s * (yb - ya);
    return 1;
}

/* Marching squares over one cell: the segments of f = 0 inside it, appended to
 * seg (4 doubles each). A cell crossed on all four edges (a saddle of f) is
 * split into the two pairs of neighbouring edges. */
static size_t cell_segments(const double *cx, const double *cy, const double *cf, double *seg)
{
    double px[4], py[4];
    size_t n = 0;
    for (int e = 0; e < 4; e++) {
        int a = e, b = (e + 1) % 4;
        n += (size_t)edge_crossing(cx[a], cy[a], cf[a], cx[b], cy[b], cf[b], &px[n], &py[n]);
    }
    size_t k = 0;
    for (size_t i = 0; i + 1 < n; i += 2, k++) {
        seg[4 * k] = px[i];
        seg[4 * k + 1] = py[i];
        seg[4 * k + 2] = px[i + 1];
        seg[4 * k + 3] = py[i + 1];
    }
    return k;
}

eg_status eg_phase_contour(const double *f, const eg_phase_box *box, const double *levels, size_t nlevels,
                           eg_matrix **out, eg_error *err)
{
    *out = NULL;
    size_t nx = box->nx, ny = box->ny;
    if (nx < 2 || ny < 2)
        return eg_error_set(err, EG_EINVAL, "a contour needs a grid of 2 or more per axis");
    size_t cells = (nx - 1) * (ny - 1);
    double *seg = malloc((2 * cells * nlevels + 1) * 4 * sizeof *seg);
    if (!seg)
        return eg_error_set(err, EG_ENOMEM, "out of memory for contours");
    double dx = (box->xhi - box->xlo) / (double)(nx - 1), dy = (box->yhi - box->ylo) / (double)(ny - 1);
    size_t count = 0;
    for (size_t l = 0; l < nlevels; l++)
        for (size_t j = 0; j + 1 < ny; j++)
            for (size_t i = 0; i + 1 < nx; i++) {
                /* Corners counter-clockwise from the lower left; f − level changes sign on crossed edges. */
                double x0 = box->xlo + (double)i * dx, y0 = box->ylo + (double)j * dy;
                double cx[4] = {x0, x0 + dx, x0 + dx, x0}, cy[4] = {y0, y0, y0 + dy, y0 + dy};
                double cf[4] = {f[j * nx + i] - levels[l], f[j * nx + i + 1] - levels[l],
                                f[(j + 1) * nx + i + 1] - levels[l], f[(j + 1) * nx + i] - levels[l]};
                count += cell_segments(cx, cy, cf, seg + 4 * count);
            }
    eg_matrix *m = eg_matrix_alloc(count, 4);
    if (m && count)
        memcpy(m->data, seg, count * 4 * sizeof *seg);
    free(seg);
    if (!m)
        return eg_error_set(err, EG_ENOMEM, "out of memory for contours");
    *out = m;
    return EG_OK;
}

eg_status eg_phase_nullcline_segments(const eg_dyn_system *sys, const eg_phase_box *box, size_t k, eg_matrix **out,
                                      eg_error *err)
{
    *out = NULL;
    if (sys->dim != 2 || k > 1 || box->nx < 2 || box->ny < 2)
        return eg_error_set(err, EG_EINVAL, "nullcline segments need a two-dimensional system and a grid of 2 or more");
    size_t nx = box->nx, ny = box->ny;
    double *f = malloc(nx * ny * sizeof *f);
    if (!f)
        return eg_error_set(err, EG_ENOMEM, "out of memory for nullclines");
    double dx = (box->xhi - box->xlo) / (double)(nx - 1), dy = (box->yhi - box->ylo) / (double)(ny - 1);
    for (size_t j = 0; j < ny; j++)
        for (size_t i = 0; i < nx; i++) {
            double x[2] = {box->xlo + (double)i * dx, box->ylo + (double)j * dy}, v[2];
            if (sys->rhs(box->t, x, v, sys->params) != GSL_SUCCESS || !isfinite(v[k])) {
                free(f);
                return eg_error_set(err, EG_ENUMERIC, "the vector field is not finite at (%g, %g)", x[0], x[1]);
            }
            f[j * nx + i] = v[k];
        }
    const double zero = 0.0;
    eg_status st = eg_phase_contour(f, box, &zero, 1, out, err);
    free(f);
    return st;
}
