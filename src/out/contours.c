/* contours.c: contour lines of a gridded field by marching squares (contours.h). */
#include "out/contours.h"

#include <math.h>
#include <stdlib.h>

size_t eg_contour_levels(double lo, double hi, size_t most, double *levels, double *step, double *from, double *to)
{
    if (!(lo < hi) || !isfinite(lo) || !isfinite(hi) || most == 0)
        return 0;
    /* The smallest step of the 1-2-5 series that leaves at most `most` levels. */
    double s = pow(10.0, floor(log10((hi - lo) / (double)(most + 1))));
    static const double mult[] = {1, 2, 5, 10};
    for (size_t k = 0;; k = (k + 1) % 4) {
        double t = s * mult[k];
        if ((hi - lo) / t < (double)(most + 1)) {
            s = t;
            break;
        }
        if (k == 3)
            s *= 10;
    }
    size_t n = 0;
    for (double k = floor(lo / s) + 1; k * s < hi && n < most; k++)
        if (k * s > lo)
            levels[n++] = k * s;
    *step = s;
    *from = floor(lo / s) * s;
    *to = ceil(hi / s) * s;
    return n;
}

/* Adds the segment (x1, y1)-(x2, y2) at level; 0 when memory runs out. */
static int push(double **seg, size_t *n, size_t *cap, double x1, double y1, double x2, double y2, double level)
{
    if (*n == *cap) {
        size_t c = *cap ? 2 * *cap : 64;
        double *s = realloc(*seg, c * 5 * sizeof *s);
        if (!s)
            return 0;
        *seg = s;
        *cap = c;
    }
    double *r = *seg + 5 * (*n)++;
    r[0] = x1, r[1] = y1, r[2] = x2, r[3] = y2, r[4] = level;
    return 1;
}

/* Where the edge from (xa, ya, za) to (xb, yb, zb) crosses level. */
static void cross(double xa, double ya, double za, double xb, double yb, double zb, double level, double *px,
                  double *py)
{
    double t = (level - za) / (zb - za);
    *px = xa + t * (xb - xa);
    *py = ya + t * (yb - ya);
}

int eg_contour_segments(const double *x, size_t nx, const double *y, size_t ny, const double *z, double level,
                        double **seg, size_t *n, size_t *cap)
{
    for (size_t j = 0; j + 1 < ny; j++)
        for (size_t i = 0; i + 1 < nx; i++) {
            /* Corners counter-clockwise from (i, j): 0 (i, j), 1 (i+1, j), 2 (i+1, j+1), 3 (i, j+1). */
            double cx[4] = {x[i], x[i + 1], x[i + 1], x[i]}, cy[4] = {y[j], y[j], y[j + 1], y[j + 1]};
            double cz[4] = {z[j * nx + i], z[j * nx + i + 1], z[(j + 1) * nx + i + 1], z[(j + 1) * nx + i]};
            if (isnan(cz[0]) || isnan(cz[1]) || isnan(cz[2]) || isnan(cz[3]))
                continue;
            /* A corner at or above the level counts as above, so that a
             * crossing's parameter t lies in (0, 1]. */
            double px[4], py[4];
            size_t k = 0;
            for (int e = 0; e < 4; e++) {
                int a = e, b = (e + 1) % 4;
                if ((cz[a] >= level) != (cz[b] >= level)) {
                    cross(cx[a], cy[a], cz[a], cx[b], cy[b], cz[b], level, &px[k], &py[k]);
                    k++;
                }
            }
            if (k == 2 && !push(seg, n, cap, px[0], py[0], px[1], py[1], level))
                return 0;
            if (k == 4) {
                /* A saddle: the centre's mean says which opposite corners are joined. */
                double mid = 0.25 * (cz[0] + cz[1] + cz[2] + cz[3]);
                int corner0_above = cz[0] >= level, mid_above = mid >= level;
                /* Crossings lie on edges 0, 1, 2, 3 in order. When the centre
                 * sides with corner 0, corner 0's region reaches across: join
                 * edges 0–1 and 2–3; otherwise 3–0 and 1–2. */
                int ok = corner0_above == mid_above
                             ? push(seg, n, cap, px[0], py[0], px[1], py[1], level) &&
                                   push(seg, n, cap, px[2], py[2], px[3], py[3], level)
                             : push(seg, n, cap, px[3], py[3], px[0], py[0], level) &&
                                   push(seg, n, cap, px[1], py[1], px[2], py[2], level);
                if (!ok)
                    return 0;
            }
        }
    return 1;
}
