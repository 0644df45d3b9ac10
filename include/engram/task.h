/* engram/task.h: variable-binding tasks (repeat copy and its compositions), their theoretical Φ, a
 * constructed network that solves them exactly, and evaluation. */
#ifndef ENGRAM_TASK_H
#define ENGRAM_TASK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engram/matrix.h"
#include "engram/rnn.h"
#include "engram/status.h"

/* A member of the variable-binding family (Karuvally et al., EMT, arXiv
 * 2310.02430; docs/spectra-and-emt.md, "Tasks"): y(t) = fᵀ [y(t−s); …; y(t−1)] for t >= s,
 * where y(0 … s−1) are the s input vectors of width d and f ∈ {0, ±1}^{sd×d}
 * has exactly one non-zero per column (row i·d + m of f refers to component m
 * of y(t−s+i)). Repeat copy is y(t) = y(t−s). The struct owns f. */
typedef struct eg_task {
    size_t s, d;   /* steps held in memory, width of each step */
    eg_matrix *f;  /* s·d × d composition */
} eg_task;

/* A task with the given composition (copied). EG_EINVAL when f is not s·d × d,
 * has an entry outside {0, ±1}, or a column without exactly one non-zero. */
eg_status eg_task_alloc(size_t s, size_t d, const eg_matrix *f, eg_task **out, eg_error *err);
/* Repeat copy: y(t) = y(t−s). */
eg_status eg_task_alloc_repeat_copy(size_t s, size_t d, eg_task **out, eg_error *err);
/* A composed copy: y_k(t) = sign[k] · y_{perm[k]}(t−s), for a permutation perm
 * of 0 … d−1 and signs ±1 (NULL perm: identity; NULL sign: all +1). With all
 * signs −1 this is the sign-flip copy, whose Φ has every cycle's sign product
 * −1 (eigenvalues: the s-th roots of −1). EG_EINVAL when perm is not a
 * permutation or a sign is not ±1. */
eg_status eg_task_alloc_signed_copy(size_t s, size_t d, const size_t *perm, const int *sign, eg_task **out,
                                    eg_error *err);
/* Frees the task; accepts NULL and half-built ones. */
void eg_task_free(eg_task *task);

/* The theoretical interaction matrix of the task in the memory basis
 * (docs/spectra-and-emt.md, "Tasks"), s·d × s·d in the EMT convention W = ΨΦΨ† (I absorbed):
 * a block shift Φ[i·d+m, (i+1)·d+m] = 1 for i < s−1 (subspace i+1 moves into
 * subspace i) and the last block row is the composition, Φ[(s−1)·d+k, j] = f[j,k].
 * Memory coordinates c_i(t) = y(t−s+1+i) then evolve as c(t+1) = Φ c(t).
 * *out is new. */
eg_status eg_task_phi(const eg_task *task, eg_matrix **out, eg_error *err);

/* One sequence of the task: s input steps then horizon output steps. */
typedef struct eg_task_sample {
    size_t steps;        /* s + horizon */
    size_t input_steps;  /* s */
    eg_matrix *input;    /* steps × d: the ±1 vectors for t < s, zeros afterwards */
    eg_matrix *target;   /* steps × d: zeros for t < s, y(t) afterwards */
    eg_matrix *sequence; /* steps × d: y(t) for every t (equals the input for t < s) */
} eg_task_sample;

/* Draws sample number index from the stream eg_rng_alloc(seed, EG_RNG_TASK,
 * index): each input entry is ±1 with probability 1/2. For repeat copy with
 * `repeats` repetitions use horizon = s · repeats; the target is then the input
 * block tiled repeats times. *out is new. */
eg_status eg_task_sample_alloc(const eg_task *task, size_t horizon, uint64_t seed, uint64_t index,
                               eg_task_sample **out, eg_error *err);
/* Frees a sample; accepts NULL and half-built ones. */
void eg_task_sample_free(eg_task_sample *sample);

/* Why a linear network cannot solve a task: y(t)_k reads u(j)_m with weight
 * `earlier`, but y(t+1)_k reads u(j+1)_m (the same time since the input)
 * with weight `later` != earlier. */
typedef struct eg_task_witness {
    size_t t, k, j, m;
    double earlier, later;
} eg_task_witness;

/* Whether a linear network (h_t = W h_{t−1} + W_uh u_t, o_t = W_r h_t, any
 * size) solves the task with its input encoding (s inputs, then zeros):
 * exactly when y(t) depends on each input only through the time since it
 * (docs/spectra-and-emt.md, "Which tasks a linear network solves"); then
 * eg_task_construct's network does. *why (may be NULL) is filled when not. */
eg_status eg_task_linear_solvable(const eg_task *task, bool *solvable, eg_task_witness *why, eg_error *err);
/* The witness as a sentence (snprintf's return value). */
int eg_task_witness_format(const eg_task_witness *w, char *buf, size_t size);

/* `emt construct`: a network of `hidden` >= s·d units that solves the task
 * exactly in the linear regime. Ψ (hidden × s·d) is orthonormal: the Q factor
 * (LAPACKE_dgeqrf/dorgqr, columns signed so that diag(R) > 0) of a standard
 * Gaussian matrix drawn from eg_rng_alloc(seed, EG_RNG_INIT, 0); then
 * W = ΨΦΨᵀ, W_uh = Ψ_s (the last d columns, the subspace the input is written
 * into), W_r = Ψ*_s = Ψ_sᵀ (the extractor of that subspace), psi = Ψ,
 * psi_dual = Ψᵀ. EG_EINVAL, with the witness, for a task no linear network
 * solves (eg_task_linear_solvable). *out is new (eg_rnn_free). */
eg_status eg_task_construct(const eg_task *task, size_t hidden, uint64_t seed, eg_rnn **out, eg_error *err);

/* Scores over the output phase (t >= s) of `samples` sequences. */
typedef struct eg_task_eval {
    size_t samples, horizon;
    double accuracy;      /* fraction of output entries with sign(o) = sign(target) (o = 0 counts as wrong) */
    double mse;           /* mean of (o − target)² over output entries */
    double max_abs_error; /* largest |o − target| over output entries */
} eg_task_eval;

/* Runs net (inputs and outputs of width d) with activation act on samples
 * 0 … samples−1 of eg_task_sample_alloc(task, horizon, seed, ·) and fills *res. */
eg_status eg_task_evaluate(const eg_task *task, const eg_rnn *net, eg_rnn_activation act, size_t horizon,
                           size_t samples, uint64_t seed, eg_task_eval *res, eg_error *err);

/* The memory coordinates of a run: row t is c(t) = Ψ* h_t (T × K for hidden
 * states T × H and net->psi_dual K × H); columns i·d … i·d+d−1 are subspace i,
 * the variable y(t−s+1+i) moving through its subspaces. EG_EINVAL when the
 * network has no basis. *out is new. */
eg_status eg_task_projections(const eg_rnn *net, const eg_matrix *hidden, eg_matrix **out, eg_error *err);

#endif
