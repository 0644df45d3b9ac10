/* columns.c: the unit-major copy of packed episodes, a bit-matrix transpose
 * (columns.h). */
#include "mem/columns.h"

#include <string.h>

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define EG_WIDE_TILES 1
#endif

/* An 8 × 8 bit-matrix transpose within a word: bit 8r + c moves to 8c + r
 * (three rounds of swapping off-diagonal blocks, 1×1, 2×2, then 4×4). */
static uint64_t transpose8(uint64_t x)
{
    uint64_t t;
    t = (x ^ (x >> 7)) & 0x00AA00AA00AA00AAULL;
    x ^= t ^ (t << 7);
    t = (x ^ (x >> 14)) & 0x0000CCCC0000CCCCULL;
    x ^= t ^ (t << 14);
    t = (x ^ (x >> 28)) & 0x00000000F0F0F0F0ULL;
    x ^= t ^ (t << 28);
    return x;
}

/* Column byte jb of every unit, for episode blocks jb in [jb0, nb): their 8
 * words of 64 units are read once and cut into 8 tiles of 8 × 8 bits, each
 * transposed in a register and written as 8 column bytes. */
static void pack_blocks(const uint64_t *bits, size_t n, size_t d, size_t words, uint8_t *cols, size_t nb, size_t jb0)
{
    for (size_t jb = jb0; jb < nb; jb++) {
        size_t rows = n - jb * 8 < 8 ? n - jb * 8 : 8;
        for (size_t wi = 0; wi < words; wi++) {
            uint64_t w[8] = {0};
            for (size_t r = 0; r < rows; r++)
                w[r] = bits[(jb * 8 + r) * words + wi];
            for (size_t b = 0; b < 8 && (wi * 8 + b) * 8 < d; b++) {
                size_t ub = wi * 8 + b;
                uint64_t x = 0;
                for (size_t r = 0; r < 8; r++)
                    x |= ((w[r] >> (8 * b)) & 0xFF) << (8 * r);
                x = transpose8(x);
                uint8_t *col = cols + ub * 8 * nb + jb;
                for (size_t c = 0; c < 8 && ub * 8 + c < d; c++)
                    col[c * nb] = (uint8_t)(x >> (8 * c));
            }
        }
    }
}

void eg_columns_pack_portable(const uint64_t *bits, size_t n, size_t d, size_t words, uint8_t *cols, size_t nb)
{
    pack_blocks(bits, n, d, words, cols, nb, 0);
}

int eg_columns_wide_available(void)
{
#ifdef EG_WIDE_TILES
    return __builtin_cpu_supports("avx512vbmi") && __builtin_cpu_supports("gfni");
#else
    return 0;
#endif
}

#ifdef EG_WIDE_TILES
#define WIDE __attribute__((target("avx512f,avx512bw,avx512vbmi,gfni")))

/* The permutation of an 8 × 8 byte transpose within a register, byte
 * 8r + c to 8c + r (reversing r as well when `reverse`: to 8c + 7 − r). */
WIDE static __m512i byte_transpose_index(int reverse)
{
    uint8_t idx[64];
    for (int r = 0; r < 8; r++)
        for (int c = 0; c < 8; c++)
            idx[8 * c + (reverse ? 7 - r : r)] = (uint8_t)(8 * r + c);
    return _mm512_loadu_si512(idx);
}

/* The 8 × 8 transpose of qwords across eight registers: qword e of out[u]
 * is qword u of in[e]. Three rounds of exchanging 1, 2 and 4 qwords. */
WIDE static void qword_transpose(__m512i *v)
{
    static const int64_t lo1[8] = {0, 8, 2, 10, 4, 12, 6, 14}, hi1[8] = {1, 9, 3, 11, 5, 13, 7, 15};
    static const int64_t lo2[8] = {0, 1, 8, 9, 4, 5, 12, 13}, hi2[8] = {2, 3, 10, 11, 6, 7, 14, 15};
    static const int64_t lo4[8] = {0, 1, 2, 3, 8, 9, 10, 11}, hi4[8] = {4, 5, 6, 7, 12, 13, 14, 15};
    const int64_t *lo[3] = {lo1, lo2, lo4}, *hi[3] = {hi1, hi2, hi4};
    for (int round = 0, s = 1; round < 3; round++, s <<= 1) {
        __m512i il = _mm512_loadu_si512(lo[round]), ih = _mm512_loadu_si512(hi[round]);
        for (int a = 0; a < 8; a++) {
            if (a & s)
                continue;
            __m512i x = v[a], y = v[a + s];
            v[a] = _mm512_permutex2var_epi64(x, il, y);
            v[a + s] = _mm512_permutex2var_epi64(x, ih, y);
        }
    }
}

/* One tile: episodes 64t … 64t + 63 (all present) by units 64wi … 64wi + 63.
 * Register E holds the words of episodes 8E … 8E + 7. A byte transpose
 * gathers, in qword U, the bytes U of those 8 words (episode order reversed,
 * for GF2P8AFFINEQB, whose result bit i reads byte 7 − i of the matrix);
 * the affine product with the identity then transposes each 8 × 8 bit block,
 * giving in qword U, byte c, the bits of unit 8U + c over the 8 episodes.
 * Exchanging qwords across the registers and a last byte transpose leave in
 * register U the 8 column bytes of each of units 8U … 8U + 7. */
typedef struct tile_consts {
    __m512i rows;     /* the offsets of 8 consecutive episodes' words, in words */
    __m512i gather;   /* byte_transpose_index(1) */
    __m512i scatter;  /* byte_transpose_index(0) */
    __m512i eye;      /* byte j = 1 << j: GF2P8AFFINEQB's identity operand */
} tile_consts;

WIDE static void pack_tile(const tile_consts *k, const uint64_t *bits, size_t words, size_t t, size_t wi, size_t d,
                           uint8_t *cols, size_t nb)
{
    __m512i v[8];
    for (int e = 0; e < 8; e++) {
        const uint64_t *base = bits + (64 * t + 8 * (size_t)e) * words + wi;
        __m512i z = _mm512_i64gather_epi64(k->rows, (const void *)base, 8);
        v[e] = _mm512_gf2p8affine_epi64_epi8(k->eye, _mm512_permutexvar_epi8(k->gather, z), 0);
    }
    qword_transpose(v);
    for (int u = 0; u < 8; u++) {
        uint64_t out[8];
        _mm512_storeu_si512(out, _mm512_permutexvar_epi8(k->scatter, v[u]));
        for (int c = 0; c < 8; c++) {
            size_t unit = 64 * wi + 8 * (size_t)u + (size_t)c;
            if (unit < d)
                memcpy(cols + unit * nb + 8 * t, &out[c], 8);
        }
    }
}

WIDE static void pack_wide(const uint64_t *bits, size_t n, size_t d, size_t words, uint8_t *cols, size_t nb)
{
    long long w = (long long)words;
    tile_consts k = {_mm512_setr_epi64(0, w, 2 * w, 3 * w, 4 * w, 5 * w, 6 * w, 7 * w), byte_transpose_index(1),
                     byte_transpose_index(0), _mm512_set1_epi64(0x8040201008040201LL)};
    size_t tiles = n / 64;
    for (size_t t = 0; t < tiles; t++)
        for (size_t wi = 0; wi < words; wi++)
            pack_tile(&k, bits, words, t, wi, d, cols, nb);
    pack_blocks(bits, n, d, words, cols, nb, 8 * tiles);
}
#endif

void eg_columns_pack(const uint64_t *bits, size_t n, size_t d, size_t words, uint8_t *cols, size_t nb)
{
#ifdef EG_WIDE_TILES
    if (eg_columns_wide_available()) {
        pack_wide(bits, n, d, words, cols, nb);
        return;
    }
#endif
    pack_blocks(bits, n, d, words, cols, nb, 0);
}
