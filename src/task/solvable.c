/* solvable.c: which variable-binding tasks a linear recurrent network can solve with the tasks' input
 * encoding, and a witness of why when it cannot. */
#include "engram/task.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The coefficient of input u(j)_m in y_k(t): the task's sequence for a unit
 * input at step j, component m (zeros elsewhere), simulated up to step t. */
static double coefficient(const eg_task *task, size_t j, size_t m, size_t t, size_t k, double *y)
{
    size_t s = task->s, d = task->d;
    memset(y, 0, (t + 1) * d * sizeof *y);
    y[j * d + m] = 1.0;
    for (size_t q = s; q <= t; q++)
        for (size_t c = 0; c < d; c++) {
            double v = 0.0;
            for (size_t r = 0; r < s * d; r++)
                v += task->f->data[r * d + c] * y[(q - s) * d + r];
            y[q * d + c] = v;
        }
    return y[t * d + k];
}

/* The one non-zero of each column k of f: row at[k], value val[k]. */
typedef struct composition_nz {
    size_t *at;
    double *val;
} composition_nz;

/* One step X ← ΦX for X of s·d rows and d columns, with Φ the task's
 * interaction matrix (eg_task_phi): the block shift moves rows up by d, the
 * last block row k reads row at[k] of X with weight val[k]. */
static void phi_apply(const eg_task *task, const composition_nz *f, const double *x, double *out)
{
    size_t s = task->s, d = task->d, n = s * d;
    memcpy(out, x + d * d, (n - d) * d * sizeof *out);
    for (size_t k = 0; k < d; k++)
        for (size_t c = 0; c < d; c++)
            out[((s - 1) * d + k) * d + c] = f->val[k] * x[f->at[k] * d + c];
}

/* Why this is the whole question. With inputs u(0 … s−1) then zeros, a linear
 * network h_t = W h_{t−1} + W_uh u_t, o_t = W_r h_t outputs
 * o_t = Σ_j M_{t−j} u(j) with M_k = W_r W^k W_uh: a fixed filter, so y(t) may
 * depend on u(j) only through t − j. The task's own dependence is
 * Y(t, j) = E_sᵀ Φ^{t−s+1} E_j (E_j the j-th block of the identity), and
 * Φ E_{j+1} = E_j + E_s f_{j+1}ᵀ (f_b the b-th d × d block of f) gives
 * Y(t+1, j+1) − Y(t, j) = M_n f_{j+1}ᵀ with n = t − s + 1 and
 * M_n = E_sᵀ Φ^n E_s, which is the filter of the EMT construction
 * (W = ΨΦΨᵀ, W_uh = Ψ_s, W_r = Ψ_sᵀ). So a linear network solves the task iff
 * M_n f_bᵀ = 0 for every n ≥ 1 and block b = 1 … s−1, and then the
 * construction does. Each entry of E_sᵀ Φ^n V satisfies the recurrence of Φ's
 * characteristic polynomial (order s·d), so n = 1 … s·d decides every n.
 * Every row of Φ and column of f has one non-zero: O((s·d)² d) in all. */
eg_status eg_task_linear_solvable(const eg_task *task, bool *solvable, eg_task_witness *why, eg_error *err)
{
    if (!task || !solvable)
        return eg_error_set(err, EG_EINVAL, "the solvability check needs a task and a result");
    size_t s = task->s, d = task->d, n = s * d;
    *solvable = true;
    if (s < 2)
        return EG_OK; /* no block b ≥ 1: every composition reads y(t − 1) = y(t − s) */
    double *x = calloc(n * d, sizeof *x), *next = malloc(n * d * sizeof *next);
    double *gap = malloc(d * n * sizeof *gap); /* (M_n f_bᵀ)[k, m] at gap[k·n + b·d + m] */
    composition_nz f = {malloc(d * sizeof *f.at), malloc(d * sizeof *f.val)};
    eg_status st = EG_OK;
    if (!x || !next || !gap || !f.at || !f.val) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory checking a task of %zu memories", n);
        goto done;
    }
    for (size_t k = 0; k < d; k++)
        for (size_t r = 0; r < n; r++)
            if (task->f->data[r * d + k] != 0.0) {
                f.at[k] = r;
                f.val[k] = task->f->data[r * d + k];
            }
    for (size_t k = 0; k < d; k++)
        x[((s - 1) * d + k) * d + k] = 1.0; /* X = E_s */
    for (size_t step = 1; step <= n && *solvable; step++) {
        phi_apply(task, &f, x, next);
        double *tmp = x;
        x = next;
        next = tmp;
        const double *mn = x + (s - 1) * d * d; /* M_n: rows k, columns c */
        memset(gap, 0, d * n * sizeof *gap);
        for (size_t k = 0; k < d; k++)
            for (size_t c = 0; c < d; c++)
                if (f.at[c] >= d) /* column c reads block b ≥ 1 */
                    gap[k * n + f.at[c]] += mn[k * d + c] * f.val[c];
        for (size_t q = 0; q < d * n && *solvable; q++)
            if (gap[q] != 0.0) {
                *solvable = false;
                size_t k = q / n, r = q % n;
                if (why)
                    *why = (eg_task_witness){.t = step + s - 1, .j = r / d - 1, .m = r % d, .k = k};
            }
    }
    if (!*solvable && why) {
        double *y = malloc((why->t + 2) * d * sizeof *y);
        if (!y) {
            st = eg_error_set(err, EG_ENOMEM, "out of memory checking a task of %zu memories", n);
        } else {
            why->earlier = coefficient(task, why->j, why->m, why->t, why->k, y);
            why->later = coefficient(task, why->j + 1, why->m, why->t + 1, why->k, y);
        }
        free(y);
    }
done:
    free(x);
    free(next);
    free(gap);
    free(f.at);
    free(f.val);
    return st;
}

int eg_task_witness_format(const eg_task_witness *w, char *buf, size_t size)
{
    return snprintf(buf, size,
                    "a linear network's output is a fixed filter of its input, o(t) = Σ_j W_r W^(t−j) W_uh u(j), "
                    "so y(t) may depend on an input only through the time since it; here y(%zu)_%zu reads "
                    "u(%zu)_%zu with weight %g but y(%zu)_%zu reads u(%zu)_%zu, one step later, with weight %g "
                    "(docs/spectra-and-emt.md, \"Which tasks a linear network solves\")",
                    w->t, w->k, w->j, w->m, w->earlier, w->t + 1, w->k, w->j + 1, w->m, w->later);
}
