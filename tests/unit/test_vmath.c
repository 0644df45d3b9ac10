/* test_vmath.c: the array tanh against libm's (a few units in the last place over the whole
 * range, the special values, odd symmetry) and the finiteness scan. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engram/numerics.h"
#include "engram/rng.h"
#include "engram/vmath.h"

/* |a − b| in units of the last place of b (b the reference, non-zero). */
static double ulps(double a, double b)
{
    double ab = fabs(b);
    return fabs(a - b) / (nextafter(ab, INFINITY) - ab);
}

/* Largest error against libm over n points x = scale · (2u − 1), u uniform. */
static double worst_ulps(double scale, uint64_t index)
{
    enum { N = 20000 };
    static double x[N], y[N];
    gsl_rng *rng = eg_rng_alloc(7, EG_RNG_INIT, index);
    assert_non_null(rng);
    for (size_t i = 0; i < N; i++)
        x[i] = y[i] = scale * (2.0 * gsl_rng_uniform(rng) - 1.0);
    gsl_rng_free(rng);
    eg_vmath_tanh(y, N);
    double worst = 0.0;
    for (size_t i = 0; i < N; i++) {
        double ref = tanh(x[i]);
        if (ref == 0.0) {
            assert_true(y[i] == 0.0);
            continue;
        }
        double e = ulps(y[i], ref);
        worst = e > worst ? e : worst;
    }
    return worst;
}

/* libm's tanh is itself within about 1 ulp of the true value; 4 more is the bound
 * eg_vmath_tanh is held to (it reaches 3 where its reduction step cancels). */
static void test_tanh_against_libm(void **state)
{
    (void)state;
    const double scales[] = {1e-9, 1e-4, 0.1, 0.5, 1.0, 3.0, 10.0, 25.0, 400.0};
    for (size_t k = 0; k < sizeof scales / sizeof *scales; k++) {
        double w = worst_ulps(scales[k], k);
        if (w > 4.0)
            fail_msg("scale %g: %g ulps from libm", scales[k], w);
    }
}

/* Every power of two from 2^-60 to 2^6 and its neighbours, where the reduction switches k. */
static void test_tanh_near_reduction_boundaries(void **state)
{
    (void)state;
    double x[3 * 67], y[3 * 67];
    size_t n = 0;
    for (int e = -60; e <= 6; e++) {
        double p = ldexp(1.0, e);
        x[n++] = p;
        x[n++] = nextafter(p, 0.0);
        x[n++] = -nextafter(p, INFINITY);
    }
    memcpy(y, x, sizeof x);
    eg_vmath_tanh(y, n);
    for (size_t i = 0; i < n; i++)
        if (ulps(y[i], tanh(x[i])) > 4.0)
            fail_msg("tanh(%a) = %a, libm %a", x[i], y[i], tanh(x[i]));
}

static void test_tanh_special_values(void **state)
{
    (void)state;
    double x[] = {0.0, -0.0, INFINITY, -INFINITY, NAN, 40.0, -1e300, 19.5, 1e-310, -5e-324};
    eg_vmath_tanh(x, sizeof x / sizeof *x);
    assert_true(x[0] == 0.0 && !signbit(x[0]));
    assert_true(x[1] == 0.0 && signbit(x[1]));
    assert_true(x[2] == 1.0);
    assert_true(x[3] == -1.0);
    assert_true(isnan(x[4]));
    assert_true(x[5] == 1.0);
    assert_true(x[6] == -1.0);
    assert_true(x[7] == tanh(19.5)); /* 1 − 2e-17 rounds to 1 */
    assert_true(x[8] == 1e-310);     /* tiny (subnormal) inputs come back unchanged */
    assert_true(x[9] == -5e-324);
}

/* tanh is odd: the same bits up to the sign, entry for entry. */
static void test_tanh_is_odd(void **state)
{
    (void)state;
    enum { N = 1000 };
    double a[N], b[N];
    for (size_t i = 0; i < N; i++) {
        a[i] = 0.013 * (double)i;
        b[i] = -a[i];
    }
    eg_vmath_tanh(a, N);
    eg_vmath_tanh(b, N);
    for (size_t i = 0; i < N; i++)
        assert_true(a[i] == -b[i]);
}

/* |a − b| in units of the last place of the float nearest b (b non-zero). */
static double ulpsf(float a, double b)
{
    float fb = fabsf((float)b);
    return fabs((double)a - b) / (double)(nextafterf(fb, INFINITY) - fb);
}

/* The float tanh against libm's double tanh: 3 float ulps at most over the whole range
 * (rounding the exact value to float alone costs half of one), odd, exact specials. */
static void test_tanhf_against_libm(void **state)
{
    (void)state;
    enum { N = 20000 };
    static float y[N];
    static double x[N];
    const double scales[] = {1e-9, 1e-3, 0.1, 0.5, 1.0, 3.0, 9.0, 25.0, 400.0};
    for (size_t k = 0; k < sizeof scales / sizeof *scales; k++) {
        gsl_rng *rng = eg_rng_alloc(11, EG_RNG_INIT, k);
        assert_non_null(rng);
        for (size_t i = 0; i < N; i++) {
            y[i] = (float)(scales[k] * (2.0 * gsl_rng_uniform(rng) - 1.0));
            x[i] = (double)y[i];
        }
        gsl_rng_free(rng);
        eg_vmath_tanhf(y, N);
        for (size_t i = 0; i < N; i++) {
            double ref = tanh(x[i]);
            if (ref == 0.0 ? y[i] != 0.0f : ulpsf(y[i], ref) > 3.0)
                fail_msg("tanhf(%a) = %a, libm %a", x[i], (double)y[i], ref);
        }
    }
    float s[] = {0.0f, -0.0f, INFINITY, -INFINITY, NAN, 20.0f, -1e30f, 1e-40f, 0.7f, -0.7f};
    eg_vmath_tanhf(s, sizeof s / sizeof *s);
    assert_true(s[0] == 0.0f && !signbit(s[0]));
    assert_true(s[1] == 0.0f && signbit(s[1]));
    assert_true(s[2] == 1.0f && s[3] == -1.0f && isnan(s[4]));
    assert_true(s[5] == 1.0f && s[6] == -1.0f);
    assert_true(s[7] == 1e-40f);
    assert_true(s[8] == -s[9]);
}

int main(void)
{
    eg_numerics_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tanh_against_libm),
        cmocka_unit_test(test_tanh_near_reduction_boundaries),
        cmocka_unit_test(test_tanh_special_values),
        cmocka_unit_test(test_tanh_is_odd),
        cmocka_unit_test(test_tanhf_against_libm),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
