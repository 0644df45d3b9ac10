/* vmath.c: a branch-free tanh over arrays, the hot elementwise step of training a tanh RNN. */
#include "engram/vmath.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/* tanh(x) = sign(x) · m / (m + 2) with m = expm1(y), y = 2|x|. expm1 is taken by
 * the classic reduction y = k ln2 + r, |r| <= ln2/2 (k rounded to nearest, ln2
 * split in two parts so that k·LN2_HI is exact for the k that occur):
 * expm1(y) = 2^k (expm1(r) + 1) − 1 = 2^k expm1(r) + (2^k − 1), both terms
 * exact up to one rounding, and expm1(r) by its Taylor series to r^14/14!
 * (remainder below 1e-17 relative for |r| <= 0.35). For y >= 40, tanh rounds
 * to ±1 in double precision, so y is capped there (which also keeps 2^k
 * finite); NaN passes the cap and the arithmetic unchanged. m / (m + 2) does
 * not cancel, so the relative error stays near that of m. */
static const double LOG2E = 0x1.71547652b82fep+0;
static const double LN2_HI = 0x1.62e42fefa3800p-1; /* low 11 bits zero */
static const double LN2_LO = 0x1.ef35793c76730p-45;
static const double SHIFT = 0x1.8p52; /* adding it rounds to an integer kept in the low mantissa bits */

static inline double tanh1(double x)
{
    /* Below 2^-28, tanh x = x − x³/3 + … rounds to x; the series is then skipped by
     * feeding it 0, which also keeps subnormal numbers (slow on most processors) out. */
    double ax = fabs(x);
    int tiny = ax < 0x1p-28;
    double y = tiny ? 0.0 : 2.0 * ax;
    y = y > 40.0 ? 40.0 : y;
    double z = y * LOG2E + SHIFT;
    double k = z - SHIFT;
    double r = (y - k * LN2_HI) - k * LN2_LO;
    /* q = (expm1(r) − r) / r², Horner over 1/n! for n = 2 … 14. */
    double q = 1.0 / 87178291200.0;
    q = q * r + 1.0 / 6227020800.0;
    q = q * r + 1.0 / 479001600.0;
    q = q * r + 1.0 / 39916800.0;
    q = q * r + 1.0 / 3628800.0;
    q = q * r + 1.0 / 362880.0;
    q = q * r + 1.0 / 40320.0;
    q = q * r + 1.0 / 5040.0;
    q = q * r + 1.0 / 720.0;
    q = q * r + 1.0 / 120.0;
    q = q * r + 1.0 / 24.0;
    q = q * r + 1.0 / 6.0;
    q = q * r + 0.5;
    double em1r = r + r * r * q;
    /* 2^k from the integer in z's low bits: k + 1023 in the exponent field. */
    uint64_t zb, sb;
    memcpy(&zb, &z, sizeof zb);
    uint64_t shift_bits;
    double shift = SHIFT;
    memcpy(&shift_bits, &shift, sizeof shift_bits);
    sb = (zb - shift_bits + 1023u) << 52;
    double scale;
    memcpy(&scale, &sb, sizeof scale);
    double m = scale * em1r + (scale - 1.0);
    return tiny ? x : copysign(m / (m + 2.0), x);
}

/* On x86-64 the loop is also built for AVX2 (4 doubles a vector instead of SSE2's 2) and
 * the processor picks at load time. ISO C mode compiles without contracting a·b + c into
 * fused multiply-adds, so both builds round alike and give the same bits. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__has_attribute)
#if __has_attribute(target_clones) /* clang's clones do not link in its fuzzing builds: GCC only */
__attribute__((target_clones("avx2", "default")))
#endif
#endif
void eg_vmath_tanh(double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        x[i] = tanh1(x[i]);
}

/* The same construction in single precision, for float32 training: y = 2|x| capped
 * at 20 (tanh rounds to ±1 in float from y ≈ 17.3 on), y = k ln2 + r with ln2 split
 * so that k·LN2_HI_F is exact for k <= 29, expm1(r) by its Taylor series to r^8/8!
 * (remainder below 2e-9 relative for |r| <= 0.35, under half an ulp of a float). */
static const float LOG2E_F = 0x1.715476p+0f;
static const float LN2_HI_F = 0x1.62e4p-1f; /* low 9 bits zero */
static const float LN2_LO_F = 0x1.7f7d1cp-20f;
static const float SHIFT_F = 0x1.8p23f;

static inline float tanh1f(float x)
{
    /* Below 2^-12, tanh x = x (1 − x²/3 + …) rounds to x in single precision. */
    float ax = fabsf(x);
    int tiny = ax < 0x1p-12f;
    float y = tiny ? 0.0f : 2.0f * ax;
    y = y > 20.0f ? 20.0f : y;
    float z = y * LOG2E_F + SHIFT_F;
    float k = z - SHIFT_F;
    float r = (y - k * LN2_HI_F) - k * LN2_LO_F;
    /* q = (expm1(r) − r) / r², Horner over 1/n! for n = 2 … 8. */
    float q = 1.0f / 40320.0f;
    q = q * r + 1.0f / 5040.0f;
    q = q * r + 1.0f / 720.0f;
    q = q * r + 1.0f / 120.0f;
    q = q * r + 1.0f / 24.0f;
    q = q * r + 1.0f / 6.0f;
    q = q * r + 0.5f;
    float em1r = r + r * r * q;
    /* 2^k from the integer in z's low bits: k + 127 in the exponent field. */
    uint32_t zb, sb, shift_bits;
    float shift = SHIFT_F;
    memcpy(&zb, &z, sizeof zb);
    memcpy(&shift_bits, &shift, sizeof shift_bits);
    sb = (zb - shift_bits + 127u) << 23;
    float scale;
    memcpy(&scale, &sb, sizeof scale);
    float m = scale * em1r + (scale - 1.0f);
    return tiny ? x : copysignf(m / (m + 2.0f), x);
}

/* AVX-512 doubles the floats a vector holds again; the clones round alike (no contraction). */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__has_attribute)
#if __has_attribute(target_clones)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
#endif
void eg_vmath_tanhf(float *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        x[i] = tanh1f(x[i]);
}
