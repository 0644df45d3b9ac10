/* test_blas_shim.c: BLAS opened on first use. A thread count asked for before
 * OpenBLAS opens is the one it runs with; the count reported before it opens
 * is the one OpenBLAS itself then chooses (the oracle: OpenBLAS's own answer
 * once open, with its default restored); calls reach the library (a dot
 * product and a 2 × 2 solve worked by hand). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cblas.h>
#include <lapacke.h>

static void test_thread_count_before_and_after_opening(void **state)
{
    (void)state;
    int guess = openblas_get_num_threads(); /* nothing has opened OpenBLAS yet */
    assert_true(guess >= 1);
    openblas_set_num_threads(1);
    assert_int_equal(openblas_get_num_threads(), 1);
    const double x[3] = {1, 2, 3}, y[3] = {4, -5, 6};
    assert_true(cblas_ddot(3, x, 1, y, 1) == 12.0); /* opens OpenBLAS: 4 − 10 + 18 */
    assert_int_equal(openblas_get_num_threads(), 1);
    openblas_set_num_threads(0); /* OpenBLAS's own default */
    assert_int_equal(openblas_get_num_threads(), guess);
}

static void test_lapacke_reaches_the_library(void **state)
{
    (void)state;
    /* [[2, 1], [1, 3]] x = [3, 5]: x = (4/5, 7/5). */
    double a[4] = {2, 1, 1, 3}, b[2] = {3, 5};
    lapack_int ipiv[2];
    assert_int_equal(LAPACKE_dgesv(LAPACK_ROW_MAJOR, 2, 1, a, 2, ipiv, b, 1), 0);
    assert_true(b[0] > 0.8 - 1e-15 && b[0] < 0.8 + 1e-15);
    assert_true(b[1] > 1.4 - 1e-15 && b[1] < 1.4 + 1e-15);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_thread_count_before_and_after_opening),
        cmocka_unit_test(test_lapacke_reaches_the_library),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
