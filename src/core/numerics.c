/* numerics.c: process-wide numeric set-up shared by every module that calls GSL. */
#include "engram/numerics.h"

#include <stdint.h>
#include <string.h>

#include <gsl/gsl_errno.h>

void eg_numerics_init(void)
{
    /* GSL's default handler aborts the process; engram checks every status instead. */
    gsl_set_error_handler_off();
}

int eg_all_finite(const double *v, size_t n)
{
    /* A double is NaN or infinite exactly when its 11 exponent bits are all
     * set, and then adding 1 to the exponent field carries into the sign bit.
     * Or-ing those sums (instead of isfinite with an early exit) is plain
     * integer arithmetic the compiler vectorizes. */
    const uint64_t exp_bits = UINT64_C(0x7ff0000000000000), exp_one = UINT64_C(0x0010000000000000);
    uint64_t bad = 0, bad2 = 0;
    size_t i = 0;
    for (; i + 4 <= n; i += 4) { /* two chains of or's, each two wide */
        uint64_t b[4];
        memcpy(b, &v[i], sizeof b);
        bad |= (b[0] & exp_bits) + exp_one;
        bad2 |= (b[1] & exp_bits) + exp_one;
        bad |= (b[2] & exp_bits) + exp_one;
        bad2 |= (b[3] & exp_bits) + exp_one;
    }
    for (; i < n; i++) {
        uint64_t b;
        memcpy(&b, &v[i], sizeof b);
        bad |= (b & exp_bits) + exp_one;
    }
    return ((bad | bad2) >> 63) == 0;
}
