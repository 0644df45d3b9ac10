/* test_run_files.c: the matrices a run keeps from the files it read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "engram/matrix.h"
#include "run/files.h"

static eg_matrix *filled(double x)
{
    eg_matrix *m = eg_matrix_alloc(2, 2);
    assert_non_null(m);
    for (size_t k = 0; k < 4; k++)
        m->data[k] = x + (double)k;
    return m;
}

/* A matrix is found under its path and key only: another key, no key, or
 * another path is another file's array. */
static void test_kept_by_path_and_key(void **state)
{
    (void)state;
    eg_files *files = eg_files_new();
    assert_non_null(files);
    assert_null(eg_files_find(files, "w.npy", NULL));
    eg_matrix *a = filled(1), *b = filled(10), *c = filled(100);
    assert_int_equal(eg_files_keep(files, "w.npy", NULL, a), EG_OK);
    assert_int_equal(eg_files_keep(files, "net.npz", "W", b), EG_OK);
    assert_int_equal(eg_files_keep(files, "net.npz", "b", c), EG_OK);
    assert_ptr_equal(eg_files_find(files, "w.npy", NULL), a);
    assert_ptr_equal(eg_files_find(files, "net.npz", "W"), b);
    assert_ptr_equal(eg_files_find(files, "net.npz", "b"), c);
    assert_null(eg_files_find(files, "net.npz", NULL));
    assert_null(eg_files_find(files, "w.npy", "W"));
    assert_null(eg_files_find(files, "other/w.npy", NULL));
    assert_true(eg_files_find(files, "net.npz", "W")->data[3] == 13.0);
    eg_files_free(files); /* frees the three: the leak check under valgrind says so */
    eg_files_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kept_by_path_and_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
