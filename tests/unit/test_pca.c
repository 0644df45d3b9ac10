/* test_pca.c: principal components against closed forms: samples spread
 * along known orthogonal directions with known variances give those
 * directions (up to the sign fixed by the largest entry), those variances
 * and the total; projections are the coordinates along them; one unit and
 * a single sample are handled; bad arguments are refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engram/pca.h"

/* Four samples m ± 3u and m ± v (u, v orthonormal in 3-d): dividing by
 * 4 − 1, the variances are 18/3 = 6 along u and 2/3 along v. Both have a
 * negative largest entry, so both come out flipped. */
static void test_known_directions(void **state)
{
    (void)state;
    const double u[3] = {0.6, -0.8, 0}, v[3] = {0, 0, -1}, m[3] = {1, 2, 3};
    const double a[4] = {3, -3, 0, 0}, b[4] = {0, 0, 1, -1};
    eg_matrix *x = eg_matrix_alloc(4, 3);
    for (size_t r = 0; r < 4; r++)
        for (size_t i = 0; i < 3; i++)
            x->data[r * 3 + i] = m[i] + a[r] * u[i] + b[r] * v[i];
    eg_pca *p = NULL;
    eg_error err = {{0}};
    assert_int_equal(eg_pca_fit(x, 2, &p, &err), EG_OK);
    assert_true(fabs(p->variance[0] - 6) < 1e-12 && fabs(p->variance[1] - 2.0 / 3) < 1e-12);
    assert_true(fabs(p->total - 20.0 / 3) < 1e-12);
    for (size_t i = 0; i < 3; i++) {
        assert_true(fabs(p->mean[i] - m[i]) < 1e-12);
        assert_true(fabs(p->components->data[i * 2] + u[i]) < 1e-12);
        assert_true(fabs(p->components->data[i * 2 + 1] + v[i]) < 1e-12);
    }
    eg_matrix *y = eg_pca_project(p, x);
    assert_non_null(y);
    for (size_t r = 0; r < 4; r++) {
        assert_true(fabs(y->data[2 * r] + a[r]) < 1e-12);
        assert_true(fabs(y->data[2 * r + 1] + b[r]) < 1e-12);
    }
    eg_matrix_free(y);
    eg_pca_free(p);
    eg_matrix_free(x);
}

/* One unit: its single component is +1; one sample: no variance. */
static void test_small(void **state)
{
    (void)state;
    eg_matrix *x = eg_matrix_alloc(3, 1);
    x->data[0] = 1, x->data[1] = 2, x->data[2] = 6;
    eg_pca *p = NULL;
    eg_error err = {{0}};
    assert_int_equal(eg_pca_fit(x, 1, &p, &err), EG_OK);
    assert_true(p->components->data[0] == 1 && fabs(p->variance[0] - 7) < 1e-12 && fabs(p->mean[0] - 3) < 1e-12);
    eg_pca_free(p);
    x->rows = 1;
    assert_int_equal(eg_pca_fit(x, 1, &p, &err), EG_OK);
    assert_true(p->variance[0] == 0 && p->total == 0);
    eg_pca_free(p);
    x->rows = 3;
    p = NULL;
    assert_int_equal(eg_pca_fit(x, 2, &p, &err), EG_EINVAL);
    assert_non_null(strstr(err.msg, "1 to 1"));
    assert_int_equal(eg_pca_fit(x, 0, &p, &err), EG_EINVAL);
    x->rows = 0;
    assert_int_equal(eg_pca_fit(x, 1, &p, &err), EG_EINVAL);
    assert_null(p);
    x->rows = 3;
    eg_matrix_free(x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_directions),
        cmocka_unit_test(test_small),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
