/* numerics.c: process-wide numeric set-up shared by every module that calls GSL. */
#include "engram/numerics.h"

#include <math.h>

#include <gsl/gsl_errno.h>

void eg_numerics_init(void)
{
    /* GSL's default handler aborts the process; engram checks every status instead. */
    gsl_set_error_handler_off();
}

int eg_all_finite(const double *v, size_t n)
{
    if (n <= 32) {
        /* Short vectors were usually just stored value by value; the wide
         * loads of the loop below would then stall on store forwarding for
         * longer than this plain scan takes. */
        for (size_t i = 0; i < n; i++)
            if (!isfinite(v[i]))
                return 0;
        return 1;
    }
    /* v_i · 0 is ±0 for a finite v_i and NaN otherwise, so the sum is 0
     * exactly when every value is finite: no early exit, no branch per value,
     * and the products vectorize. Four sums over the four quarters of v run
     * side by side, so the additions do not form one long chain. */
    size_t q = n / 4;
    const double *v1 = v + q, *v2 = v1 + q, *v3 = v2 + q;
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    for (size_t i = 0; i < q; i++) {
        s0 += v[i] * 0.0;
        s1 += v1[i] * 0.0;
        s2 += v2[i] * 0.0;
        s3 += v3[i] * 0.0;
    }
    for (size_t i = 4 * q; i < n; i++)
        s0 += v[i] * 0.0;
    return (s0 + s1) + (s2 + s3) == 0.0;
}
