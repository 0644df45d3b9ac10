/* rank_one.c: the rank-one terms of the expanded Hebbian rule's factored field (rank_one.h). */
#include "mem/rank_one.h"

#include <stdlib.h>

#include "mem/packed.h"

void eg_rank_one_free(eg_rank_one *r)
{
    if (!r)
        return;
    free(r->sum);
    free(r);
}

/* S, Q, the per-unit post terms and the diagonal, from the episodes' entries
 * (each unit's sums in episode order, as the dense rule sums them). */
eg_status eg_rank_one_alloc(const eg_episodes *ep, const eg_hebb_coefs *c, eg_rank_one **out, eg_error *err)
{
    *out = NULL;
    size_t n = ep->count, d = ep->units;
    eg_rank_one *r = calloc(1, sizeof *r);
    if (!r || !(r->sum = calloc(4 * d, sizeof *r->sum))) {
        free(r);
        return eg_error_set(err, EG_ENOMEM, "out of memory for the terms of the expanded rule (%zu units)", d);
    }
    r->d = d;
    r->sq = r->sum + d;
    r->post = r->sq + d;
    r->self = r->post + d;
    r->c2 = c->c2_corr.value;
    r->c0n = (double)n * c->c0.value;
    r->c1_pre = c->c1_pre.value;
    r->c2_pre = c->c2_pre.value;
    for (size_t mu = 0; !ep->xi && ep->act && mu < n; mu++)
        for (size_t k = ep->act_start[mu]; k < ep->act_start[mu + 1]; k++) {
            /* The entries at 1; the zeros add nothing, so S and Q are the
             * same integers as the dense sums. */
            r->sum[ep->act[k]] += 1.0;
            r->sq[ep->act[k]] += 1.0;
        }
    for (size_t mu = 0; (ep->xi || !ep->act) && mu < n; mu++) {
        const uint64_t *b = ep->bits ? ep->bits + mu * ep->words : NULL;
        const double *row = ep->bits ? NULL : ep->xi->data + mu * d;
        for (size_t i = 0; i < d; i++) {
            double x = b ? eg_packed_get(b, i) : row[i];
            r->sum[i] += x;
            r->sq[i] += x * x;
        }
    }
    for (size_t i = 0; i < d; i++) {
        r->post[i] = c->c1_post.value * r->sum[i] + c->c2_post.value * r->sq[i];
        r->self[i] = r->c2 * r->sq[i] + r->c0n + (c->c1_pre.value + c->c1_post.value) * r->sum[i] +
                     (c->c2_pre.value + c->c2_post.value) * r->sq[i];
    }
    /* The dense rule's c1_post and c2_post multiply S_i and Q_i separately;
     * keep the coefficients for eg_rank_one_add_dense. */
    r->c1_post = c->c1_post.value;
    r->c2_post = c->c2_post.value;
    *out = r;
    return EG_OK;
}

eg_rank_one_sums eg_rank_one_sums_of(const eg_rank_one *r, const double *s)
{
    eg_rank_one_sums u = {0.0, 0.0, 0.0};
    for (size_t i = 0; i < r->d; i++) {
        u.t += s[i];
        u.b += r->sum[i] * s[i];
        u.c += r->sq[i] * s[i];
    }
    return u;
}

void eg_rank_one_add_dense(const eg_rank_one *r, double k, double *w)
{
    size_t d = r->d;
    for (size_t i = 0; i < d; i++)
        for (size_t j = 0; j < d; j++)
            w[i * d + j] += k * (r->c0n + r->c1_pre * r->sum[j] + r->c1_post * r->sum[i] + r->c2_pre * r->sq[j] +
                                 r->c2_post * r->sq[i]);
}
