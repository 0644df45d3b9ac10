/* hopfield.c: discrete Hopfield networks: Hebbian couplings (dense or factored) and recall. */
#include "engram/hopfield.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>

#include "engram/rng.h"
#include "engram/rules.h"
#include "mem/order.h"
#include "mem/packed.h"
#include "core/chunks.h"
#include "core/pages.h"
#include "mem/columns.h"
#include "mem/overlaps.h"
#include "mem/plus_sums.h"
#include "mem/rank_one.h"

/* A dense W is refused beyond this many entries (4 GiB of doubles): the
 * factored form or a smaller model is the answer there. */
#define EG_HOPFIELD_MAX_DENSE ((size_t)1 << 29)

struct eg_hopfield {
    size_t d;
    eg_matrix *w;  /* dense form, or NULL */
    int symmetric; /* dense W equals its transpose: rows serve as columns */
    /* Factored form W = scale (ΞᵀΞ − diag(self_raw)) (the diagonal term only
     * when !keep_self). Exactly one of bits / xi is set when w is NULL. */
    size_t n;
    double scale;
    int keep_self;
    uint64_t *bits;   /* bipolar episodes, packed by rows; self_raw_i = N */
    int bits_borrowed; /* bits are the episode set's, read in place (not freed here) */
    size_t words;
    int64_t *ones;    /* +1 entries of each packed episode */
    uint8_t *cols;    /* the same bits packed by units: byte j of unit i holds
                         ξ_{8j+k,i} = +1 in bit k; colbytes per unit */
    size_t colbytes;
    double *xi;       /* general episodes, N × D */
    double *self_raw; /* Σ_μ ξ_μi² for general and sparse episodes */
    /* Sparse {0,1} episodes as active-unit lists (patterns.h): by episode
     * (act_start, act, the set's own, read in place when borrowed) and by
     * unit (col_start, col: the episodes in which unit i is active). */
    const size_t *act_start;
    const uint32_t *act;
    size_t *act_owned; /* act_start and act in one block when copied */
    size_t *col_start;
    uint32_t *col;
    /* The expanded rule with constant coefficients, or NULL: then
     * W = scale (c2 ΞᵀΞ + rank-one terms), its diagonal r1->self (rank_one.h). */
    eg_rank_one *r1;
};

/* Scratch space for one field evaluation, sized for the network. */
typedef struct field_ws {
    uint64_t *plus, *minus; /* ternary state masks (bipolar factored form) */
    double *m;              /* Ξσ, N values */
    double *acc;            /* Σ_μ ξ_μi m_μ, D values (general episodes) */
    double *table;          /* 256 subset sums of m per block of 8 episodes */
    int32_t *mi;            /* Ξσ as integers for the masked-add kernel, or NULL */
    int64_t *counts;        /* |ξ_μ ∩ plus| then |ξ_μ ∩ minus|, 2N values (packed episodes) */
    int threads;            /* a packed field's kernels split over this many threads (1: none) */
} field_ws;

eg_hebbian_options eg_hebbian_options_default(void)
{
    eg_hebbian_options o = {EG_NORM_UNITS, 0, EG_HOPFIELD_FACTORED};
    return o;
}

eg_recall_options eg_recall_options_default(void)
{
    eg_recall_options o;
    memset(&o, 0, sizeof o);
    o.update = EG_UPDATE_SYNC;
    o.max_steps = 100;
    o.tie_tolerance = 1e-10;
    o.record_energy = 1;
    return o;
}

void eg_hopfield_free(eg_hopfield *net)
{
    if (!net)
        return;
    eg_matrix_free(net->w);
    if (!net->bits_borrowed)
        free(net->bits);
    free(net->cols);
    free(net->ones);
    free(net->xi);
    free(net->self_raw);
    free(net->act_owned);
    free(net->col_start);
    free(net->col);
    eg_rank_one_free(net->r1);
    free(net);
}

size_t eg_hopfield_units(const eg_hopfield *net) { return net->d; }

const eg_matrix *eg_hopfield_weights(const eg_hopfield *net) { return net->w; }

static int is_symmetric(const eg_matrix *w)
{
    for (size_t i = 0; i < w->rows; i++)
        for (size_t j = i + 1; j < w->cols; j++)
            if (w->data[i * w->cols + j] != w->data[j * w->cols + i])
                return 0;
    return 1;
}

/* W = scale ΞᵀΞ from an N × D double matrix, by a symmetric rank-N update
 * (only the upper triangle is computed, then mirrored). */
static eg_status dense_from_xi(const double *xi, size_t n, size_t d, double scale, int keep_self,
                               eg_matrix **out, eg_error *err)
{
    *out = NULL;
    if (d > 0 && d > EG_HOPFIELD_MAX_DENSE / d)
        return eg_error_set(err, EG_ENOMEM, "a dense W of %zu units would need %.1f GB; use the factored form",
                            d, (double)d * (double)d * 8.0 / 1e9);
    eg_matrix *w = eg_matrix_alloc(d, d);
    if (!w)
        return eg_error_set(err, EG_ENOMEM, "out of memory for a dense W of %zu units (%.1f MB)", d,
                            (double)d * (double)d * 8.0 / 1e6);
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)d, (int)n, scale, xi, (int)d, 0.0, w->data, (int)d);
    for (size_t i = 0; i < d; i++) {
        for (size_t j = i + 1; j < d; j++)
            w->data[j * d + i] = w->data[i * d + j];
        if (!keep_self)
            w->data[i * d + i] = 0.0;
    }
    *out = w;
    return EG_OK;
}

static double norm_scale(eg_norm norm, size_t n, size_t d)
{
    switch (norm) {
    case EG_NORM_COUNT: return 1.0 / (double)n;
    case EG_NORM_NONE: return 1.0;
    case EG_NORM_UNITS: break;
    }
    return 1.0 / (double)d;
}

/* The active-unit lists of a sparse-only set, by episode (the set's, or a
 * copy) and by unit (a counting sort), and self_raw_i, the episodes in which
 * unit i is active (ξ_μi² = ξ_μi). EG_ENOMEM on failure. */
static eg_status sparse_lists(eg_hopfield *net, const eg_episodes *ep, int borrow)
{
    size_t n = ep->count, d = ep->units, nnz = ep->act_start[n];
    if (borrow) {
        net->act_start = ep->act_start;
        net->act = ep->act;
    } else {
        /* One block: N + 1 offsets, then the nnz indices (size_t-aligned). */
        size_t words = n + 1 + (nnz * sizeof(uint32_t) + sizeof(size_t) - 1) / sizeof(size_t);
        if (!(net->act_owned = malloc(words * sizeof *net->act_owned)))
            return EG_ENOMEM;
        memcpy(net->act_owned, ep->act_start, (n + 1) * sizeof *net->act_owned);
        uint32_t *act = (uint32_t *)(net->act_owned + n + 1);
        memcpy(act, ep->act, nnz * sizeof *act);
        net->act_start = net->act_owned;
        net->act = act;
    }
    net->col_start = calloc(d + 1, sizeof *net->col_start);
    net->col = malloc((nnz > 0 ? nnz : 1) * sizeof *net->col);
    net->self_raw = calloc(d, sizeof *net->self_raw);
    if (!net->col_start || !net->col || !net->self_raw)
        return EG_ENOMEM;
    for (size_t k = 0; k < nnz; k++)
        net->col_start[net->act[k] + 1]++;
    for (size_t i = 0; i < d; i++) {
        net->self_raw[i] = (double)net->col_start[i + 1];
        net->col_start[i + 1] += net->col_start[i];
    }
    /* Episodes in ascending order within each unit's list. */
    size_t *fill = malloc(d * sizeof *fill);
    if (!fill)
        return EG_ENOMEM;
    memcpy(fill, net->col_start, d * sizeof *fill);
    for (size_t mu = 0; mu < n; mu++)
        for (size_t k = net->act_start[mu]; k < net->act_start[mu + 1]; k++)
            net->col[fill[net->act[k]]++] = (uint32_t)mu;
    free(fill);
    return EG_OK;
}

/* The Hebbian network of ep; with borrow, a packed set's bits and a sparse
 * set's active-unit lists are read in place. */
static eg_status alloc_hebbian(const eg_episodes *ep, const eg_hebbian_options *opt, int borrow, eg_hopfield **out,
                               eg_error *err)
{
    *out = NULL;
    eg_hebbian_options o = opt ? *opt : eg_hebbian_options_default();
    if (!ep || ep->count == 0 || ep->units == 0)
        return eg_error_set(err, EG_EINVAL, "a Hebbian network needs a non-empty episode set");
    if (o.norm != EG_NORM_UNITS && o.norm != EG_NORM_COUNT && o.norm != EG_NORM_NONE)
        return eg_error_set(err, EG_EINVAL, "unknown normalisation %d", (int)o.norm);
    if (o.form != EG_HOPFIELD_FACTORED && o.form != EG_HOPFIELD_DENSE)
        return eg_error_set(err, EG_EINVAL, "unknown network form %d", (int)o.form);
    size_t n = ep->count, d = ep->units;
    eg_hopfield *net = calloc(1, sizeof *net);
    if (!net)
        return eg_error_set(err, EG_ENOMEM, "out of memory allocating a network");
    net->d = d;
    net->n = n;
    net->scale = norm_scale(o.norm, n, d);
    net->keep_self = o.keep_self != 0;
    if (ep->bits) {
        net->words = ep->words;
        if (borrow) {
            /* The set outlives the network (the caller's promise): a copy
             * would only fault in and fill N·D/8 more bytes. */
            net->bits = ep->bits;
            net->bits_borrowed = 1;
        } else {
            net->bits = eg_pages_malloc(n * ep->words * sizeof *net->bits);
            if (!net->bits)
                goto nomem;
            memcpy(net->bits, ep->bits, n * ep->words * sizeof *net->bits);
        }
        net->colbytes = (n + 7) / 8;
        net->cols = eg_pages_malloc(d * net->colbytes);
        if (!net->cols)
            goto nomem;
        eg_columns_pack(net->bits, n, d, net->words, net->cols, net->colbytes);
        if (!(net->ones = malloc(n * sizeof *net->ones)))
            goto nomem;
        for (size_t mu = 0; mu < n; mu++) {
            net->ones[mu] = 0;
            for (size_t w = 0; w < net->words; w++)
                net->ones[mu] += eg_popcount64(net->bits[mu * net->words + w]);
        }
    } else if (!ep->xi && ep->act) {
        if (sparse_lists(net, ep, borrow) != EG_OK)
            goto nomem;
    } else {
        net->xi = malloc(n * d * sizeof *net->xi);
        net->self_raw = calloc(d, sizeof *net->self_raw);
        if (!net->xi || !net->self_raw)
            goto nomem;
        memcpy(net->xi, ep->xi->data, n * d * sizeof *net->xi);
        for (size_t mu = 0; mu < n; mu++)
            for (size_t i = 0; i < d; i++)
                net->self_raw[i] += net->xi[mu * d + i] * net->xi[mu * d + i];
    }
    if (o.form == EG_HOPFIELD_DENSE) {
        eg_status st = eg_hopfield_densify(net, err);
        if (st != EG_OK) {
            eg_hopfield_free(net);
            return st;
        }
    }
    *out = net;
    return EG_OK;
nomem:
    eg_hopfield_free(net);
    return eg_error_set(err, EG_ENOMEM, "out of memory storing %zu episodes of %zu units", n, d);
}

eg_status eg_hopfield_alloc_hebbian(const eg_episodes *ep, const eg_hebbian_options *opt, eg_hopfield **out,
                                    eg_error *err)
{
    return alloc_hebbian(ep, opt, 0, out, err);
}

eg_status eg_hopfield_alloc_hebbian_borrowed(const eg_episodes *ep, const eg_hebbian_options *opt, eg_hopfield **out,
                                             eg_error *err)
{
    return alloc_hebbian(ep, opt, 1, out, err);
}

eg_status eg_hopfield_alloc_expanded(const eg_episodes *ep, const eg_hebb_coefs *c, const eg_rule_options *opt,
                                     int borrow, eg_hopfield **out, eg_error *err)
{
    *out = NULL;
    eg_rule_options o = opt ? *opt : eg_rule_options_default();
    if (!c)
        return eg_error_set(err, EG_EINVAL, "the expanded rule needs its coefficients");
    if (c->c0.fn || c->c1_pre.fn || c->c1_post.fn || c->c2_pre.fn || c->c2_post.fn || c->c2_corr.fn ||
        o.mode != EG_LEARN_BATCH || o.post != EG_POST_CLAMPED || o.init_scale != 0.0)
        return eg_error_set(err, EG_EINVAL, "the factored expanded rule needs constant coefficients, batch "
                            "learning, clamped activity and W = 0 at the start");
    eg_hebbian_options h = {o.norm, o.keep_self, EG_HOPFIELD_FACTORED};
    eg_hopfield *net = NULL;
    eg_status st = alloc_hebbian(ep, &h, borrow, &net, err);
    if (st != EG_OK)
        return st;
    net->scale *= (double)o.epochs; /* k = s · epochs, as the dense rule scales every epoch's sum */
    if ((st = eg_rank_one_alloc(ep, c, &net->r1, err)) != EG_OK) {
        eg_hopfield_free(net);
        return st;
    }
    *out = net;
    return EG_OK;
}

eg_status eg_hopfield_alloc_weights(eg_matrix **w, eg_hopfield **out, eg_error *err)
{
    *out = NULL;
    if (!w || !*w || (*w)->rows == 0 || (*w)->rows != (*w)->cols)
        return eg_error_set(err, EG_EINVAL, "couplings must form a non-empty square matrix");
    size_t d = (*w)->rows;
    for (size_t k = 0; k < d * d; k++)
        if (!isfinite((*w)->data[k]))
            return eg_error_set(err, EG_EINVAL, "coupling w[%zu][%zu] is not finite", k / d, k % d);
    eg_hopfield *net = calloc(1, sizeof *net);
    if (!net)
        return eg_error_set(err, EG_ENOMEM, "out of memory allocating a network");
    net->d = d;
    net->w = *w;
    net->symmetric = is_symmetric(*w);
    *w = NULL;
    *out = net;
    return EG_OK;
}

eg_status eg_hopfield_densify(eg_hopfield *net, eg_error *err)
{
    if (net->w)
        return EG_OK;
    size_t n = net->n, d = net->d;
    const double *xi = net->xi;
    double *tmp = NULL;
    if (net->bits || net->act) {
        tmp = net->act ? calloc(n * d, sizeof *tmp) : malloc(n * d * sizeof *tmp);
        if (!tmp)
            return eg_error_set(err, EG_ENOMEM, "out of memory unpacking %zu episodes of %zu units", n, d);
        for (size_t mu = 0; mu < n; mu++) {
            if (net->act)
                for (size_t k = net->act_start[mu]; k < net->act_start[mu + 1]; k++)
                    tmp[mu * d + net->act[k]] = 1.0;
            else
                for (size_t i = 0; i < d; i++)
                    tmp[mu * d + i] = eg_packed_get(net->bits + mu * net->words, i);
        }
        xi = tmp;
    }
    eg_matrix *w;
    eg_status st = net->r1 ? dense_from_xi(xi, n, d, net->scale * net->r1->c2, 1, &w, err)
                           : dense_from_xi(xi, n, d, net->scale, net->keep_self, &w, err);
    free(tmp);
    if (st != EG_OK)
        return st;
    if (net->r1) {
        /* The expanded rule: its rank-one terms, then the diagonal as the rule sets it. */
        eg_rank_one_add_dense(net->r1, net->scale, w->data);
        for (size_t i = 0; !net->keep_self && i < d; i++)
            w->data[i * d + i] = 0.0;
        eg_rank_one_free(net->r1);
        net->r1 = NULL;
    }
    net->w = w;
    net->symmetric = 1;
    if (!net->bits_borrowed)
        free(net->bits);
    net->bits_borrowed = 0;
    free(net->cols);
    free(net->ones);
    free(net->xi);
    free(net->self_raw);
    free(net->act_owned);
    free(net->col_start);
    free(net->col);
    net->bits = NULL;
    net->cols = NULL;
    net->ones = NULL;
    net->xi = net->self_raw = NULL;
    net->act_start = NULL;
    net->act = NULL;
    net->act_owned = net->col_start = NULL;
    net->col = NULL;
    return EG_OK;
}

static void ws_free(field_ws *ws)
{
    free(ws->plus);
    free(ws->m);
    free(ws->acc);
    free(ws->table);
    free(ws->mi);
    free(ws->counts);
}

/* Whether the field of this (packed, factored) network goes through the
 * masked-add kernel: the processor runs it and Σ_μ |m_μ| ≤ N·D < 2^31. */
static int masked_kernel(const eg_hopfield *net)
{
    return net->n <= (size_t)INT32_MAX / net->d && eg_plus_sums_masked_available();
}

/* Whether every entry of s is −1, 0 or +1 (overlaps with packed episodes
 * are then integers, and so stay the states a recall from s goes through). */
static int is_ternary(const double *s, size_t d)
{
    for (size_t i = 0; i < d; i++)
        if (s[i] != 1.0 && s[i] != -1.0 && s[i] != 0.0)
            return 0;
    return 1;
}

/* The workspace for fields of states like s (for a recall, its cue: every
 * later state is ternary when the cue is). */
static eg_status ws_alloc(const eg_hopfield *net, const double *s, field_ws *ws, eg_error *err)
{
    memset(ws, 0, sizeof *ws);
    ws->threads = 1;
    if (net->w)
        return EG_OK;
    ws->m = calloc(net->colbytes * 8 > net->n ? net->colbytes * 8 : net->n, sizeof *ws->m);
    if (net->bits) {
        ws->plus = malloc(2 * net->words * sizeof *ws->plus);
        ws->minus = ws->plus ? ws->plus + net->words : NULL;
        ws->counts = malloc(2 * net->n * sizeof *ws->counts);
        /* The masked-add kernel reads integer overlaps and needs no tables:
         * it serves every ternary state when the processor has it and no
         * partial sum can leave 32 bits (|m_μ| ≤ D). */
        if (masked_kernel(net) && is_ternary(s, net->d))
            ws->mi = calloc(eg_plus_sums_masked_len(net->colbytes), sizeof *ws->mi);
        else
            ws->table = malloc(net->colbytes * 256 * sizeof *ws->table);
    } else {
        ws->acc = malloc(net->d * sizeof *ws->acc);
    }
    if (!ws->m || (net->bits ? !ws->plus || !ws->counts || (!ws->table && !ws->mi) : !ws->acc)) {
        ws_free(ws);
        return eg_error_set(err, EG_ENOMEM, "out of memory for recall workspace");
    }
    return EG_OK;
}

/* Below this many episode bits a field takes well under a millisecond, and
 * starting threads for its kernels (tens of microseconds each) would cost
 * more than they save. */
#define SPLIT_BITS ((size_t)1 << 24)

/* The threads a packed field's kernels are split over. */
static int split_threads(const eg_hopfield *net, const field_ws *ws)
{
    return ws->threads > 1 && net->n * net->d >= SPLIT_BITS ? ws->threads : 1;
}

/* The popcounts of episodes [lo, hi) (packed_overlaps), one chunk's share. */
typedef struct count_job {
    const eg_hopfield *net;
    field_ws *ws;
    int full;
} count_job;

static void count_chunk(size_t lo, size_t hi, void *ctx)
{
    const count_job *j = ctx;
    size_t words = j->net->words, n = j->net->n;
    eg_overlaps_count(j->net->bits + lo * words, hi - lo, words, j->ws->plus, j->full ? NULL : j->ws->minus,
                      j->ws->counts + lo, j->ws->counts + n + lo);
}

/* The plus sums of units [lo, hi) by the masked-add kernel, one chunk's share. */
typedef struct sums_job {
    const eg_hopfield *net;
    const int32_t *mi;
    double *plus;
} sums_job;

static void sums_chunk(size_t lo, size_t hi, void *ctx)
{
    const sums_job *j = ctx;
    size_t cb = j->net->colbytes;
    eg_plus_sums_masked(j->net->cols + lo * cb, cb, hi - lo, j->mi, j->plus + lo);
}

/* The overlaps of packed episodes with a ternary state (its +1 and −1 units
 * the bit sets ws->plus and ws->minus) into ws->m, exact integers: with
 * n₊ and n₋ the state's counts and bp, bm the episode's +1s among them,
 * ξ_μ·σ = (2bp − n₊) − (2bm − n₋). A state with no zero has its −1 units
 * the others, so bm = |ξ_μ| − bp and half the popcounts are saved. */
static void packed_overlaps(const eg_hopfield *net, field_ws *ws)
{
    size_t words = net->words, n = net->n;
    int64_t np = 0, nm = 0, *bp = ws->counts, *bm = ws->counts + n;
    for (size_t w = 0; w < words; w++) {
        np += eg_popcount64(ws->plus[w]);
        nm += eg_popcount64(ws->minus[w]);
    }
    int full = np + nm == (int64_t)net->d;
    count_job job = {net, ws, full};
    eg_chunks_run(n, split_threads(net, ws), count_chunk, &job);
    for (size_t mu = 0; mu < n; mu++) {
        int64_t minus_ones = full ? net->ones[mu] - bp[mu] : bm[mu];
        ws->m[mu] = (double)((2 * bp[mu] - np) - (2 * minus_ones - nm));
    }
}

/* The overlaps Ξσ of sparse episodes into m, by the cheaper of two routes:
 * each episode's sum over its active units (N·aD), or, for a state with few
 * non-zero units (a stored sparse episode, a cue near one), each such unit's
 * value added to the episodes it is active in (Σ over those units of their
 * episode counts, about N·aD·a). For integer states both are exact. */
static void sparse_overlaps(const eg_hopfield *net, const double *s, double *m)
{
    size_t n = net->n, by_units = 0;
    for (size_t i = 0; i < net->d; i++)
        if (s[i] != 0.0)
            by_units += net->col_start[i + 1] - net->col_start[i];
    if (by_units < net->act_start[n]) {
        memset(m, 0, n * sizeof *m);
        for (size_t i = 0; i < net->d; i++)
            if (s[i] != 0.0)
                for (size_t k = net->col_start[i]; k < net->col_start[i + 1]; k++)
                    m[net->col[k]] += s[i];
        return;
    }
    for (size_t mu = 0; mu < n; mu++) {
        double acc = 0.0;
        for (size_t k = net->act_start[mu]; k < net->act_start[mu + 1]; k++)
            acc += s[net->act[k]];
        m[mu] = acc;
    }
}

/* The overlaps Ξσ (unscaled) of the factored form into ws->m: popcounts for
 * a ternary state over packed episodes, double sums otherwise. Returns 1
 * when the overlaps are the exact integers of a ternary state over packed
 * episodes. */
static int factored_overlaps(const eg_hopfield *net, const double *s, field_ws *ws)
{
    size_t n = net->n, d = net->d;
    if (net->act) {
        sparse_overlaps(net, s, ws->m);
        return 0;
    }
    if (net->bits) {
        if (eg_packed_ternary(s, d, net->words, ws->plus, ws->minus)) {
            packed_overlaps(net, ws);
            return 1;
        }
        for (size_t mu = 0; mu < n; mu++) {
            double acc = 0.0;
            for (size_t i = 0; i < d; i++)
                acc += eg_packed_get(net->bits + mu * net->words, i) * s[i];
            ws->m[mu] = acc;
        }
        return 0;
    }
    cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)n, (int)d, 1.0, net->xi, (int)d, s, 1, 0.0, ws->m, 1);
    return 0;
}

/* Σ_{μ: ξ_μi=+1} m_μ of every unit into plus (Ξᵀm is 2 plus − Σ_μ m_μ). With
 * integer overlaps and the masked-add kernel at hand (the workspace has mi),
 * the sums are exact integer sums; otherwise subset-sum tables (plus_sums.h).
 * Both give the same values for integer overlaps: every partial sum is an
 * integer below 2^53. */
static void plus_sums(const eg_hopfield *net, field_ws *ws, int integer, double *plus)
{
    if (ws->mi && integer) {
        for (size_t mu = 0; mu < net->n; mu++)
            ws->mi[mu] = (int32_t)ws->m[mu];
        sums_job job = {net, ws->mi, plus};
        eg_chunks_run(net->d, split_threads(net, ws), sums_chunk, &job);
        return;
    }
    eg_plus_sums_table(net->cols, net->colbytes, net->d, ws->m, ws->table, plus);
}

/* (Ξᵀm)_i = Σ_{μ: i ∈ act(μ)} m_μ of sparse episodes into h, a scatter of
 * each non-zero m_μ onto its episode's active units: at most N·aD
 * operations (a sparse state overlaps most episodes in no unit at all). */
static void sparse_hebb(const eg_hopfield *net, const double *m, double *h)
{
    memset(h, 0, net->d * sizeof *h);
    for (size_t mu = 0; mu < net->n; mu++) {
        double x = m[mu];
        if (x == 0.0)
            continue;
        for (size_t k = net->act_start[mu]; k < net->act_start[mu + 1]; k++)
            h[net->act[k]] += x;
    }
}

/* The expanded rule's field from the overlaps ws->m = Ξσ: its Hebbian sums
 * (Ξᵀm)_i as for Hebb's rule, then the rank-one terms (rank_one.h). */
static void expanded_field(const eg_hopfield *net, const double *s, double *h, field_ws *ws, int integer)
{
    size_t n = net->n, d = net->d;
    eg_rank_one_sums u = eg_rank_one_sums_of(net->r1, s);
    double common = eg_rank_one_common(net->r1, &u);
    if (net->bits) {
        double total = 0.0;
        for (size_t mu = 0; mu < n; mu++)
            total += ws->m[mu];
        plus_sums(net, ws, integer, h);
        for (size_t i = 0; i < d; i++)
            h[i] = 2.0 * h[i] - total;
    } else if (net->act) {
        sparse_hebb(net, ws->m, h);
    } else {
        cblas_dgemv(CblasRowMajor, CblasTrans, (int)n, (int)d, 1.0, net->xi, (int)d, ws->m, 1, 0.0, h, 1);
    }
    for (size_t i = 0; i < d; i++)
        h[i] = net->scale * eg_rank_one_unit(net->r1, i, h[i], common, u.t, s[i], net->keep_self);
}

/* h = Wσ. In the factored form h = scale (Ξᵀ m − self σ) with m = Ξσ. With
 * integer m (a ternary state) every term is an integer, so h is scale times
 * an exact integer and a tie is an exact zero. */
static void field(const eg_hopfield *net, const double *s, double *h, field_ws *ws)
{
    size_t n = net->n, d = net->d;
    if (net->w) {
        cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)d, (int)d, 1.0, net->w->data, (int)d, s, 1, 0.0, h, 1);
        return;
    }
    int integer = factored_overlaps(net, s, ws);
    if (net->r1) {
        expanded_field(net, s, h, ws, integer);
        return;
    }
    if (net->bits) {
        double total = 0.0;
        for (size_t mu = 0; mu < n; mu++)
            total += ws->m[mu];
        plus_sums(net, ws, integer, h);
        for (size_t i = 0; i < d; i++) {
            double raw = 2.0 * h[i] - total;
            if (!net->keep_self)
                raw -= (double)n * s[i];
            h[i] = net->scale * raw;
        }
        return;
    }
    if (net->act)
        sparse_hebb(net, ws->m, h);
    else
        cblas_dgemv(CblasRowMajor, CblasTrans, (int)n, (int)d, 1.0, net->xi, (int)d, ws->m, 1, 0.0, h, 1);
    for (size_t i = 0; i < d; i++)
        h[i] = net->scale * (net->keep_self ? h[i] : h[i] - net->self_raw[i] * s[i]);
}

static double dot(const double *a, const double *b, size_t d)
{
    double s = 0.0;
    for (size_t i = 0; i < d; i++)
        s += a[i] * b[i];
    return s;
}

eg_status eg_hopfield_field(const eg_hopfield *net, const double *sigma, double *h, eg_error *err)
{
    field_ws ws;
    eg_status st = ws_alloc(net, sigma, &ws, err);
    if (st != EG_OK)
        return st;
    field(net, sigma, h, &ws);
    ws_free(&ws);
    return EG_OK;
}

eg_status eg_hopfield_energy(const eg_hopfield *net, const double *sigma, double *energy, eg_error *err)
{
    double *h = malloc(net->d * sizeof *h);
    if (!h)
        return eg_error_set(err, EG_ENOMEM, "out of memory computing an energy");
    eg_status st = eg_hopfield_field(net, sigma, h, err);
    if (st == EG_OK)
        *energy = -0.5 * dot(sigma, h, net->d);
    free(h);
    return st;
}

void eg_recall_result_free(eg_recall_result *r)
{
    if (!r)
        return;
    free(r->state);
    free(r->energy);
    free(r->overlaps);
    free(r);
}

/* sgn(h − θ) onto {lo, +1}, with sgn(0) = keep the old value. */
static inline double decide(const eg_recall_options *o, double h, double old)
{
    double v = h - o->threshold;
    return v > o->tie_tolerance ? 1.0 : v < -o->tie_tolerance ? (o->states == EG_STATES_BINARY ? 0.0 : -1.0) : old;
}

/* E = −½ σᵀh + θ Σσ with h = Wσ. */
/* A Glauber update at T > 0: +1 with probability 1/(1 + e^{−2(h − θ)/T}) for
 * bipolar units (the two states differ by 2 in σ·h), 1/(1 + e^{−(h − θ)/T})
 * for binary ones, else the low state. */
static inline double decide_thermal(const eg_recall_options *o, double h, gsl_rng *coin)
{
    double gap = (o->states == EG_STATES_BINARY ? 1.0 : 2.0) * (h - o->threshold) / o->temperature;
    double lo = o->states == EG_STATES_BINARY ? 0.0 : -1.0;
    return gsl_rng_uniform(coin) * (1.0 + exp(-gap)) < 1.0 ? 1.0 : lo;
}

static double energy_of(const eg_recall_options *o, const double *s, const double *h, size_t d)
{
    double e = -0.5 * dot(s, h, d);
    if (o->threshold != 0.0)
        for (size_t i = 0; i < d; i++)
            e += o->threshold * s[i];
    return e;
}

static void record(eg_recall_result *r, double e)
{
    if (r->energy)
        r->energy[r->energy_len++] = e;
}

/* Synchronous dynamics σ(t+1) = sgn(Wσ(t)). Keeps σ(t−1) to spot 2-cycles. */
static eg_status run_sync(const eg_hopfield *net, const eg_recall_options *o, eg_recall_result *r, field_ws *ws,
                          eg_error *err)
{
    size_t d = net->d;
    double *h = malloc(d * sizeof *h), *next = malloc(d * sizeof *next), *prev = calloc(d, sizeof *prev);
    if (!h || !next || !prev) {
        free(h);
        free(next);
        free(prev);
        return eg_error_set(err, EG_ENOMEM, "out of memory for recall of %zu units", d);
    }
    double *s = r->state;
    int have_prev = 0;
    field(net, s, h, ws);
    record(r, energy_of(o, s, h, d));
    r->outcome = EG_RECALL_MAX_STEPS;
    for (size_t t = 1; t <= o->max_steps; t++) {
        size_t changed = 0, from_prev = 0;
        for (size_t i = 0; i < d; i++) {
            next[i] = decide(o, h[i], s[i]);
            changed += next[i] != s[i];
            from_prev += next[i] != prev[i];
        }
        r->steps = t;
        if (changed == 0) {
            record(r, r->energy ? r->energy[r->energy_len - 1] : 0.0);
            r->outcome = EG_RECALL_CONVERGED;
            break;
        }
        int cycle = have_prev && from_prev == 0;
        memcpy(prev, s, d * sizeof *s);
        memcpy(s, next, d * sizeof *s);
        have_prev = 1;
        field(net, s, h, ws);
        record(r, energy_of(o, s, h, d));
        if (cycle) {
            r->outcome = EG_RECALL_CYCLE;
            break;
        }
    }
    free(h);
    free(next);
    free(prev);
    return EG_OK;
}

/* Σ_μ ξ_μi m_μ of unit i for packed episodes, as 2 Σ_{ξ_μi=+1} m_μ − Σ_μ m_μ
 * with the total given. Eight running sums, one per bit of a column byte,
 * make the loop a masked vector sum (m is zero past N, as are the bits). */
static double packed_unit_field(const eg_hopfield *net, size_t i, const double *m, double total)
{
    const uint8_t *c = net->cols + i * net->colbytes;
    double p[8] = {0};
    for (size_t j = 0; j < net->colbytes; j++)
        for (unsigned k = 0; k < 8; k++)
            p[k] += (double)((c[j] >> k) & 1u) * m[8 * j + k];
    double plus = ((p[0] + p[1]) + (p[2] + p[3])) + ((p[4] + p[5]) + (p[6] + p[7]));
    return 2.0 * plus - total;
}

/* m_μ += ξ_μi δ for every episode (unit i changed by δ); returns the change
 * of Σ_μ m_μ. */
static double packed_add_column(const eg_hopfield *net, size_t i, double delta, double *m)
{
    const uint8_t *c = net->cols + i * net->colbytes;
    int64_t ones = 0;
    for (size_t j = 0; j < net->colbytes; j++) {
        ones += eg_popcount64(c[j]);
        for (unsigned k = 0; k < 8; k++)
            m[8 * j + k] += (2.0 * (double)((c[j] >> k) & 1u) - 1.0) * delta;
    }
    /* The loop also moved the zero padding past N: put it back. */
    for (size_t mu = net->n; mu < 8 * net->colbytes; mu++)
        m[mu] = 0.0;
    return delta * (double)(2 * ones - (int64_t)net->n);
}

/* Σ_μ ξ_μi m_μ of unit i for general (unpacked) episodes, or for sparse
 * ones the sum over the episodes in which unit i is active. */
static double general_unit_field(const eg_hopfield *net, size_t i, const double *m)
{
    double raw = 0.0;
    if (net->act) {
        for (size_t k = net->col_start[i]; k < net->col_start[i + 1]; k++)
            raw += m[net->col[k]];
        return raw;
    }
    for (size_t mu = 0; mu < net->n; mu++)
        raw += net->xi[mu * net->d + i] * m[mu];
    return raw;
}

/* Asynchronous dynamics, one unit at a time. The dense form keeps h = Wσ
 * current (column i of W added on a flip of unit i); the factored form keeps
 * m = Ξσ current (column i of Ξ) and forms h_i = scale(Σ_μ ξ_μi m_μ − self σ_i)
 * when unit i is visited. */
static eg_status run_async(const eg_hopfield *net, const eg_recall_options *o, eg_recall_result *r, field_ws *ws,
                           eg_error *err)
{
    size_t d = net->d, n = net->n;
    double *h = malloc(d * sizeof *h);
    size_t *order = malloc(d * sizeof *order);
    gsl_rng *rng = o->update == EG_UPDATE_ASYNC_RANDOM ? eg_rng_alloc(o->seed, EG_RNG_UPDATE, o->index) : NULL;
    gsl_rng *coin = o->temperature > 0 ? eg_rng_alloc(o->seed, EG_RNG_THERMAL, o->index) : NULL;
    if (!h || !order || (o->update == EG_UPDATE_ASYNC_RANDOM && !rng) || (o->temperature > 0 && !coin)) {
        free(h);
        free(order);
        if (rng)
            gsl_rng_free(rng);
        if (coin)
            gsl_rng_free(coin);
        return eg_error_set(err, EG_ENOMEM, "out of memory for recall of %zu units", d);
    }
    double *s = r->state;
    field(net, s, h, ws); /* fills ws->m = Ξσ too in the factored form */
    double total = 0.0;   /* Σ_μ m_μ, kept up to date for packed episodes */
    for (size_t mu = 0; !net->w && mu < n; mu++)
        total += ws->m[mu];
    eg_rank_one_sums u = {0.0, 0.0, 0.0}; /* the expanded rule's sums of σ, kept up to date */
    if (net->r1)
        u = eg_rank_one_sums_of(net->r1, s);
    record(r, energy_of(o, s, h, d));
    r->outcome = EG_RECALL_MAX_STEPS;
    for (size_t t = 1; t <= o->max_steps; t++) {
        eg_update_order(order, d, rng); /* a fresh permutation per sweep, or fixed */
        size_t flips = 0;
        for (size_t k = 0; k < d; k++) {
            size_t i = order[k];
            double hi;
            if (net->w) {
                hi = h[i];
            } else {
                double raw = net->bits ? packed_unit_field(net, i, ws->m, total) : general_unit_field(net, i, ws->m);
                if (net->r1)
                    raw = eg_rank_one_unit(net->r1, i, raw, eg_rank_one_common(net->r1, &u), u.t, s[i], net->keep_self);
                else if (!net->keep_self)
                    raw -= (net->bits ? (double)n : net->self_raw[i]) * s[i];
                hi = net->scale * raw;
            }
            double v = coin ? decide_thermal(o, hi, coin) : decide(o, hi, s[i]);
            if (v == s[i])
                continue;
            double delta = v - s[i];
            s[i] = v;
            flips++;
            if (net->w) {
                if (net->symmetric)
                    cblas_daxpy((int)d, delta, net->w->data + i * d, 1, h, 1);
                else
                    cblas_daxpy((int)d, delta, net->w->data + i, (int)d, h, 1);
            } else if (net->bits) {
                total += packed_add_column(net, i, delta, ws->m);
            } else if (net->act) {
                for (size_t k = net->col_start[i]; k < net->col_start[i + 1]; k++)
                    ws->m[net->col[k]] += delta;
            } else {
                for (size_t mu = 0; mu < n; mu++)
                    ws->m[mu] += net->xi[mu * d + i] * delta;
            }
            if (net->r1)
                eg_rank_one_move(net->r1, &u, i, delta);
        }
        r->steps = t;
        if (!net->w && r->energy) {
            field(net, s, h, ws);
            total = 0.0; /* the same value, summed afresh */
            for (size_t mu = 0; mu < n; mu++)
                total += ws->m[mu];
            if (net->r1)
                u = eg_rank_one_sums_of(net->r1, s);
        }
        record(r, energy_of(o, s, h, d));
        if (flips == 0 && !coin) { /* a sampler runs all its sweeps */
            r->outcome = EG_RECALL_CONVERGED;
            break;
        }
    }
    free(h);
    free(order);
    if (rng)
        gsl_rng_free(rng);
    if (coin)
        gsl_rng_free(coin);
    return EG_OK;
}

eg_status eg_hopfield_recall(const eg_hopfield *net, const double *cue, const eg_recall_options *opt,
                             eg_recall_result **out, eg_error *err)
{
    *out = NULL;
    eg_recall_options o = opt ? *opt : eg_recall_options_default();
    size_t d = net->d;
    if (o.update != EG_UPDATE_SYNC && o.update != EG_UPDATE_ASYNC_RANDOM && o.update != EG_UPDATE_ASYNC_FIXED)
        return eg_error_set(err, EG_EINVAL, "unknown update scheme %d", (int)o.update);
    if (o.states != EG_STATES_BIPOLAR && o.states != EG_STATES_BINARY)
        return eg_error_set(err, EG_EINVAL, "unknown state set %d", (int)o.states);
    if (!isfinite(o.threshold))
        return eg_error_set(err, EG_EINVAL, "the threshold must be finite");
    if (!(o.temperature >= 0.0) || !isfinite(o.temperature))
        return eg_error_set(err, EG_EINVAL, "the temperature must be finite and non-negative (got %g)", o.temperature);
    if (o.temperature > 0.0 && o.update == EG_UPDATE_SYNC)
        return eg_error_set(err, EG_EINVAL, "Glauber dynamics at T > 0 update asynchronously");
    if (!(o.tie_tolerance >= 0.0))
        return eg_error_set(err, EG_EINVAL, "the tie tolerance must be non-negative (got %g)", o.tie_tolerance);
    if (o.episodes && o.episodes->units != d)
        return eg_error_set(err, EG_EINVAL, "overlap episodes have %zu units, the network %zu", o.episodes->units, d);
    for (size_t i = 0; i < d; i++)
        if (!isfinite(cue[i]))
            return eg_error_set(err, EG_EINVAL, "cue unit %zu is not finite", i);
    eg_recall_result *r = calloc(1, sizeof *r);
    if (!r)
        return eg_error_set(err, EG_ENOMEM, "out of memory for a recall result");
    r->units = d;
    r->hamming = -1;
    r->state = malloc(d * sizeof *r->state);
    if (o.record_energy)
        r->energy = malloc((o.max_steps + 1) * sizeof *r->energy);
    if (!r->state || (o.record_energy && !r->energy)) {
        eg_recall_result_free(r);
        return eg_error_set(err, EG_ENOMEM, "out of memory for a recall result");
    }
    memcpy(r->state, cue, d * sizeof *cue);
    field_ws ws;
    eg_status st = ws_alloc(net, r->state, &ws, err);
    if (st == EG_OK) {
        ws.threads = o.threads > 1 ? o.threads : 1;
        st = o.update == EG_UPDATE_SYNC ? run_sync(net, &o, r, &ws, err) : run_async(net, &o, r, &ws, err);
        ws_free(&ws);
    }
    if (st == EG_OK && o.target)
        r->hamming = (long)eg_hamming(r->state, o.target, d);
    if (st == EG_OK && o.episodes) {
        r->overlaps = malloc(o.episodes->count * sizeof *r->overlaps);
        r->overlaps_len = o.episodes->count;
        st = r->overlaps ? eg_episodes_overlaps(o.episodes, r->state, r->overlaps, err)
                         : eg_error_set(err, EG_ENOMEM, "out of memory for overlaps");
    }
    if (st != EG_OK) {
        eg_recall_result_free(r);
        return st;
    }
    *out = r;
    return EG_OK;
}
