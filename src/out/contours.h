/* contours.h: contour lines of a field sampled on a grid (marching squares),
 * for drawing a prediction's levels over a measured heat map. */
#ifndef ENGRAM_OUT_CONTOURS_H
#define ENGRAM_OUT_CONTOURS_H

#include <stddef.h>

/* Levels for a map whose values span [lo, hi]: a step of 1, 2 or 5 times a
 * power of ten giving at most `most` levels, the levels its multiples strictly
 * inside (lo, hi), the band edges from and to the multiples around lo and hi.
 * Returns the number of levels written to levels (at most `most`); 0 when
 * lo ≥ hi or either is not finite. */
size_t eg_contour_levels(double lo, double hi, size_t most, double *levels, double *step, double *from, double *to);

/* The segments where the field z (nx × ny, z[j * nx + i] at (x[i], y[j]))
 * crosses `level`, each cell's crossings joined by linear interpolation along
 * its edges (a saddle cell split by its centre's mean). A cell with a NaN
 * corner has none. Appends rows (x1, y1, x2, y2, level) to *seg (realloc'd;
 * *n rows, *cap the capacity). Returns 0 when memory runs out. */
int eg_contour_segments(const double *x, size_t nx, const double *y, size_t ny, const double *z, double level,
                        double **seg, size_t *n, size_t *cap);

#endif
