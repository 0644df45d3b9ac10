/* evaluate.c: scoring a network on a task (sign accuracy, MSE) and reading its memory coordinates. */
#include "engram/task.h"

#include <math.h>
#include <stdlib.h>

#include <cblas.h>

eg_status eg_task_evaluate(const eg_task *task, const eg_rnn *net, eg_rnn_activation act, size_t horizon,
                           size_t samples, uint64_t seed, eg_task_eval *res, eg_error *err)
{
    if (!task || !net || !res)
        return eg_error_set(err, EG_EINVAL, "evaluation needs a task, a network and a result");
    if (net->in != task->d || net->out != task->d)
        return eg_error_set(err, EG_EINVAL, "network has %zu inputs and %zu outputs; the task needs %zu", net->in,
                            net->out, task->d);
    if (samples == 0 || horizon == 0)
        return eg_error_set(err, EG_EINVAL, "evaluation needs samples > 0 and horizon > 0");
    size_t d = task->d, s = task->s, right = 0, total = 0;
    double se = 0.0, worst = 0.0;
    for (size_t n = 0; n < samples; n++) {
        eg_task_sample *x = NULL;
        eg_matrix *o = NULL;
        eg_status st = eg_task_sample_alloc(task, horizon, seed, n, &x, err);
        if (st != EG_OK)
            return st;
        st = eg_rnn_run(net, act, x->input, &o, NULL, err);
        if (st != EG_OK) {
            eg_task_sample_free(x);
            return st;
        }
        for (size_t t = s; t < x->steps; t++)
            for (size_t k = 0; k < d; k++) {
                double ov = o->data[t * d + k], tv = x->target->data[t * d + k], e = ov - tv;
                right += (ov > 0.0 && tv > 0.0) || (ov < 0.0 && tv < 0.0);
                se += e * e;
                worst = fmax(worst, fabs(e));
                total++;
            }
        eg_matrix_free(o);
        eg_task_sample_free(x);
    }
    res->samples = samples;
    res->horizon = horizon;
    res->accuracy = (double)right / (double)total;
    res->mse = se / (double)total;
    res->max_abs_error = worst;
    return EG_OK;
}

eg_status eg_task_projections(const eg_rnn *net, const eg_matrix *hidden, eg_matrix **out, eg_error *err)
{
    if (!net || !hidden || !out)
        return eg_error_set(err, EG_EINVAL, "projections need a network, hidden states and a result");
    if (!net->psi_dual)
        return eg_error_set(err, EG_EINVAL, "the network has no memory basis to project onto");
    size_t T = hidden->rows, H = net->hidden, K = net->psi_dual->rows;
    if (hidden->cols != H || net->psi_dual->cols != H)
        return eg_error_set(err, EG_EINVAL, "hidden states have width %zu; the network has %zu units", hidden->cols,
                            H);
    eg_matrix *c = eg_matrix_alloc(T, K);
    if (!c)
        return eg_error_set(err, EG_ENOMEM, "out of memory for %zu × %zu projections", T, K);
    /* C = H_states · (Ψ*)ᵀ: row t is Ψ* h_t. */
    if (T > 0)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)T, (int)K, (int)H, 1.0, hidden->data, (int)H,
                    net->psi_dual->data, (int)H, 0.0, c->data, (int)K);
    *out = c;
    return EG_OK;
}
