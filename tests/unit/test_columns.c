/* test_columns.c: the unit-major copy of packed episodes, by 64 × 64 tiles
 * and by 8 × 8 tiles, against the definition read bit by bit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "mem/columns.h"

/* A small deterministic generator (64-bit LCG, high bits), independent of engram's. */
static uint64_t lcg(uint64_t *x)
{
    *x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
    return *x >> 33;
}

/* Random rows of n episodes by d units (bits past d zero); both packings
 * must hold bit μ mod 8 of byte μ / 8 of unit i's column = bit i of row μ,
 * and zero in the bits past n. */
static void check_packing(size_t n, size_t d, uint64_t seed)
{
    size_t words = (d + 63) / 64, nb = (n + 7) / 8;
    uint64_t *bits = calloc(n * words, sizeof *bits);
    uint8_t *wide = malloc(d * nb), *portable = malloc(d * nb);
    assert_true(bits && wide && portable);
    for (size_t mu = 0; mu < n; mu++)
        for (size_t i = 0; i < d; i++)
            if (lcg(&seed) & 1)
                bits[mu * words + i / 64] |= (uint64_t)1 << (i % 64);
    memset(wide, 0xA5, d * nb);
    memset(portable, 0x5A, d * nb);
    eg_columns_pack(bits, n, d, words, wide, nb);
    eg_columns_pack_portable(bits, n, d, words, portable, nb);
    for (size_t i = 0; i < d; i++)
        for (size_t mu = 0; mu < 8 * nb; mu++) {
            int want = mu < n ? (int)(bits[mu * words + i / 64] >> (i % 64) & 1) : 0;
            assert_int_equal((portable[i * nb + mu / 8] >> (mu % 8)) & 1, want);
            assert_int_equal((wide[i * nb + mu / 8] >> (mu % 8)) & 1, want);
        }
    free(bits);
    free(wide);
    free(portable);
}

/* Sizes around the tiles' edges: fewer than 64 episodes (no whole tile),
 * whole tiles, tiles with a remainder, and units that end inside a word. */
static void test_packings_equal_the_definition(void **state)
{
    (void)state;
    static const size_t ns[] = {1, 7, 63, 64, 65, 128, 200};
    static const size_t ds[] = {1, 63, 64, 65, 130, 300};
    uint64_t seed = 11;
    for (size_t a = 0; a < sizeof ns / sizeof ns[0]; a++)
        for (size_t b = 0; b < sizeof ds / sizeof ds[0]; b++)
            check_packing(ns[a], ds[b], seed++);
}

/* A size the recall benchmarks use, once. */
static void test_packing_at_benchmark_size(void **state)
{
    (void)state;
    check_packing(900, 1000, 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_packings_equal_the_definition),
        cmocka_unit_test(test_packing_at_benchmark_size),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
