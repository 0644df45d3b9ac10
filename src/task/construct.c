/* construct.c: the network EMT predicts for a task: orthonormal memories Ψ, W = ΨΦΨᵀ, W_uh = Ψ_s, W_r = Ψ*_s. */
#include "engram/task.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <lapacke.h>

#include "engram/rng.h"

/* A Haar-distributed orthonormal H × K matrix: Q of a Gaussian matrix with the
 * signs of diag(R) moved into Q so that the factorisation is unique. */
static eg_status random_orthonormal(size_t H, size_t K, uint64_t seed, eg_matrix **out, eg_error *err)
{
    eg_matrix *q = eg_matrix_alloc(H, K);
    double *tau = malloc(K * sizeof *tau), *rsign = malloc(K * sizeof *rsign);
    gsl_rng *rng = eg_rng_alloc(seed, EG_RNG_INIT, 0);
    eg_status st = EG_OK;
    if (!q || !tau || !rsign || !rng) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory for a %zu × %zu orthonormal basis", H, K);
        goto done;
    }
    for (size_t k = 0; k < H * K; k++)
        q->data[k] = gsl_ran_gaussian(rng, 1.0);
    lapack_int info = LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, (lapack_int)H, (lapack_int)K, q->data, (lapack_int)K, tau);
    if (info != 0) {
        st = eg_error_set(err, EG_ENUMERIC, "LAPACKE_dgeqrf failed (info %d)", (int)info);
        goto done;
    }
    for (size_t j = 0; j < K; j++)
        rsign[j] = q->data[j * K + j] < 0.0 ? -1.0 : 1.0;
    info = LAPACKE_dorgqr(LAPACK_ROW_MAJOR, (lapack_int)H, (lapack_int)K, (lapack_int)K, q->data, (lapack_int)K,
                          tau);
    if (info != 0) {
        st = eg_error_set(err, EG_ENUMERIC, "LAPACKE_dorgqr failed (info %d)", (int)info);
        goto done;
    }
    for (size_t i = 0; i < H; i++)
        for (size_t j = 0; j < K; j++)
            q->data[i * K + j] *= rsign[j];
done:
    free(tau);
    free(rsign);
    if (rng)
        gsl_rng_free(rng);
    if (st != EG_OK)
        eg_matrix_free(q);
    else
        *out = q;
    return st;
}

eg_status eg_task_construct(const eg_task *task, size_t hidden, uint64_t seed, eg_rnn **out, eg_error *err)
{
    if (!task || !out)
        return eg_error_set(err, EG_EINVAL, "construction needs a task and a result");
    size_t s = task->s, d = task->d, K = s * d, H = hidden;
    if (H < K)
        return eg_error_set(err, EG_EINVAL, "hidden size %zu is below s·d = %zu; the memories do not fit", H, K);
    /* The construction solves every task a linear network can; the others
     * it would only appear to (its spectrum is right, its outputs are not). */
    bool solvable = true;
    eg_task_witness why;
    eg_status chk = eg_task_linear_solvable(task, &solvable, &why, err);
    if (chk != EG_OK)
        return chk;
    if (!solvable) {
        char text[512];
        eg_task_witness_format(&why, text, sizeof text);
        return eg_error_set(err, EG_EINVAL, "no linear network solves this task: %s", text);
    }
    eg_matrix *phi = NULL, *psiphi = NULL;
    eg_rnn *net = eg_rnn_alloc(H, d, d);
    if (!net)
        return eg_error_set(err, EG_ENOMEM, "out of memory for a network of %zu units", H);
    eg_status st = eg_task_phi(task, &phi, err);
    if (st != EG_OK)
        goto fail;
    st = random_orthonormal(H, K, seed, &net->psi, err);
    if (st != EG_OK)
        goto fail;
    net->psi_dual = eg_matrix_alloc(K, H);
    psiphi = eg_matrix_alloc(H, K);
    if (!net->psi_dual || !psiphi) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory for a network of %zu units", H);
        goto fail;
    }
    const double *psi = net->psi->data;
    for (size_t i = 0; i < H; i++)
        for (size_t k = 0; k < K; k++)
            net->psi_dual->data[k * H + i] = psi[i * K + k];
    /* W = ΨΦΨᵀ (Ψ† = Ψᵀ for orthonormal columns). Plain loops: GSL's random
     * distributions pull in its own CBLAS declarations, which clash with
     * OpenBLAS's, and this product is built once. */
    for (size_t i = 0; i < H; i++)
        for (size_t k = 0; k < K; k++) {
            double v = 0.0;
            for (size_t j = 0; j < K; j++)
                v += psi[i * K + j] * phi->data[j * K + k];
            psiphi->data[i * K + k] = v;
        }
    for (size_t i = 0; i < H; i++)
        for (size_t j = 0; j < H; j++) {
            double v = 0.0;
            for (size_t k = 0; k < K; k++)
                v += psiphi->data[i * K + k] * psi[j * K + k];
            net->w->data[i * H + j] = v;
        }
    for (size_t i = 0; i < H; i++)
        for (size_t m = 0; m < d; m++) {
            double v = psi[i * K + (s - 1) * d + m];
            net->w_uh->data[i * d + m] = v;
            net->w_r->data[m * H + i] = v;
        }
    eg_matrix_free(phi);
    eg_matrix_free(psiphi);
    *out = net;
    return EG_OK;
fail:
    eg_matrix_free(phi);
    eg_matrix_free(psiphi);
    eg_rnn_free(net);
    return st;
}
