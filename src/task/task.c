/* task.c: the variable-binding task family, its theoretical Φ and its sampled sequences. */
#include "engram/task.h"

#include <stdlib.h>
#include <string.h>

#include "engram/rng.h"

void eg_task_free(eg_task *task)
{
    if (!task)
        return;
    eg_matrix_free(task->f);
    free(task);
}

eg_status eg_task_alloc(size_t s, size_t d, const eg_matrix *f, eg_task **out, eg_error *err)
{
    if (!f || !out)
        return eg_error_set(err, EG_EINVAL, "a task needs a composition and a result");
    if (s == 0 || d == 0 || s > SIZE_MAX / d)
        return eg_error_set(err, EG_EINVAL, "a task needs s > 0 and d > 0, got s %zu, d %zu", s, d);
    if (f->rows != s * d || f->cols != d)
        return eg_error_set(err, EG_EINVAL, "composition must be %zu × %zu (s·d × d), got %zu × %zu", s * d, d,
                            f->rows, f->cols);
    for (size_t k = 0; k < d; k++) {
        size_t nz = 0;
        for (size_t j = 0; j < s * d; j++) {
            double v = f->data[j * d + k];
            if (v != 0.0 && v != 1.0 && v != -1.0)
                return eg_error_set(err, EG_EINVAL, "composition entry (%zu, %zu) is %g, not 0 or ±1", j, k, v);
            nz += v != 0.0;
        }
        if (nz != 1)
            return eg_error_set(err, EG_EINVAL, "composition column %zu has %zu non-zeros; it needs exactly one",
                                k, nz);
    }
    eg_task *t = calloc(1, sizeof *t);
    if (!t || !(t->f = eg_matrix_copy(f))) {
        eg_task_free(t);
        return eg_error_set(err, EG_ENOMEM, "out of memory for a task");
    }
    t->s = s;
    t->d = d;
    *out = t;
    return EG_OK;
}

eg_status eg_task_alloc_signed_copy(size_t s, size_t d, const size_t *perm, const int *sign, eg_task **out,
                                    eg_error *err)
{
    if (s == 0 || d == 0 || s > SIZE_MAX / d)
        return eg_error_set(err, EG_EINVAL, "a task needs s > 0 and d > 0, got s %zu, d %zu", s, d);
    bool *seen = calloc(d, sizeof *seen);
    eg_matrix *f = eg_matrix_alloc(s * d, d);
    if (!seen || !f) {
        free(seen);
        eg_matrix_free(f);
        return eg_error_set(err, EG_ENOMEM, "out of memory for a task");
    }
    eg_status st = EG_OK;
    for (size_t k = 0; k < d; k++) {
        size_t p = perm ? perm[k] : k;
        int sg = sign ? sign[k] : 1;
        if (p >= d || seen[p]) {
            st = eg_error_set(err, EG_EINVAL, "perm is not a permutation of 0 … %zu (entry %zu is %zu)", d - 1, k, p);
            break;
        }
        if (sg != 1 && sg != -1) {
            st = eg_error_set(err, EG_EINVAL, "sign %zu is %d, not ±1", k, sg);
            break;
        }
        seen[p] = true;
        /* Block 0 of [y(t−s); …; y(t−1)] is y(t−s). */
        f->data[p * d + k] = (double)sg;
    }
    if (st == EG_OK)
        st = eg_task_alloc(s, d, f, out, err);
    free(seen);
    eg_matrix_free(f);
    return st;
}

eg_status eg_task_alloc_repeat_copy(size_t s, size_t d, eg_task **out, eg_error *err)
{
    return eg_task_alloc_signed_copy(s, d, NULL, NULL, out, err);
}

eg_status eg_task_phi(const eg_task *task, eg_matrix **out, eg_error *err)
{
    if (!task || !out)
        return eg_error_set(err, EG_EINVAL, "Φ needs a task and a result");
    size_t s = task->s, d = task->d, n = s * d;
    eg_matrix *phi = eg_matrix_alloc(n, n);
    if (!phi)
        return eg_error_set(err, EG_ENOMEM, "out of memory for a %zu × %zu Φ", n, n);
    for (size_t i = 0; i + 1 < s; i++)
        for (size_t m = 0; m < d; m++)
            phi->data[(i * d + m) * n + (i + 1) * d + m] = 1.0;
    for (size_t k = 0; k < d; k++)
        for (size_t j = 0; j < n; j++)
            phi->data[((s - 1) * d + k) * n + j] = task->f->data[j * d + k];
    *out = phi;
    return EG_OK;
}

void eg_task_sample_free(eg_task_sample *sample)
{
    if (!sample)
        return;
    eg_matrix_free(sample->input);
    eg_matrix_free(sample->target);
    eg_matrix_free(sample->sequence);
    free(sample);
}

eg_status eg_task_sample_alloc(const eg_task *task, size_t horizon, uint64_t seed, uint64_t index,
                               eg_task_sample **out, eg_error *err)
{
    if (!task || !out)
        return eg_error_set(err, EG_EINVAL, "a sample needs a task and a result");
    size_t s = task->s, d = task->d;
    if (horizon > SIZE_MAX / d - s)
        return eg_error_set(err, EG_EINVAL, "horizon %zu is too long", horizon);
    size_t T = s + horizon;
    eg_task_sample *x = calloc(1, sizeof *x);
    /* A sample draws s·d outputs: a stream that seeds and twists only the
     * state words they read (a training step draws a batch of samples). */
    eg_mt rng;
    eg_mt_seed(&rng, seed, EG_RNG_TASK, index);
    if (!x)
        goto nomem;
    x->steps = T;
    x->input_steps = s;
    x->input = eg_matrix_alloc(T, d);
    x->target = eg_matrix_alloc(T, d);
    x->sequence = eg_matrix_alloc(T, d);
    if (!x->input || !x->target || !x->sequence)
        goto nomem;
    double *y = x->sequence->data;
    for (size_t t = 0; t < s; t++)
        for (size_t m = 0; m < d; m++) {
            double v = eg_mt_uniform_int(&rng, 2) ? 1.0 : -1.0;
            x->input->data[t * d + m] = v;
            y[t * d + m] = v;
        }
    /* y(t)_k = Σ_j f[j,k] · [y(t−s); …; y(t−1)]_j; rows t−s … t−1 of y are
     * contiguous, so the stacked vector is y + (t−s)·d. Column k of f has one
     * non-zero, f[j_k,k] = ±1 (eg_task_alloc checks it), so the sum is that one
     * term exactly: the other terms add zeros to it. */
    for (size_t t = s; t < T; t++) {
        const double *hist = y + (t - s) * d;
        for (size_t k = 0; k < d; k++) {
            size_t j = 0;
            while (task->f->data[j * d + k] == 0.0)
                j++;
            double v = task->f->data[j * d + k] * hist[j];
            y[t * d + k] = v;
            x->target->data[t * d + k] = v;
        }
    }
    *out = x;
    return EG_OK;
nomem:
    eg_task_sample_free(x);
    return eg_error_set(err, EG_ENOMEM, "out of memory for a sample of %zu steps", T);
}
