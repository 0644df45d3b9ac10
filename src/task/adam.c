/* adam.c: the Adam optimiser (Kingma & Ba 2015): bias-corrected moments, eps
 * added outside the square root. */
#include "engram/train.h"

#include <math.h>
#include <stdlib.h>

eg_adam *eg_adam_alloc(size_t n, double lr, double beta1, double beta2, double eps)
{
    eg_adam *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->n = n;
    a->lr = lr;
    a->beta1 = beta1;
    a->beta2 = beta2;
    a->eps = eps;
    a->m = calloc(n ? n : 1, sizeof *a->m);
    a->v = calloc(n ? n : 1, sizeof *a->v);
    if (!a->m || !a->v) {
        eg_adam_free(a);
        return NULL;
    }
    return a;
}

void eg_adam_free(eg_adam *adam)
{
    if (!adam)
        return;
    free(adam->m);
    free(adam->v);
    free(adam);
}

/* The update of n parameters: the moments, then the step, the operations
 * in one fixed order, so every vector width gives the same numbers. */
#if __has_attribute(target_clones) /* clang's clones do not link in its fuzzing builds: GCC only */
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
static void adam_update(size_t n, double *restrict param, const double *restrict grad, double *restrict m,
                        double *restrict v, double b1, double b2, double lr, double eps, double c1, double c2)
{
    for (size_t i = 0; i < n; i++) {
        double g = grad[i];
        m[i] = b1 * m[i] + (1.0 - b1) * g;
        v[i] = b2 * v[i] + (1.0 - b2) * g * g;
        param[i] -= lr * (m[i] / c1) / (sqrt(v[i] / c2) + eps);
    }
}

void eg_adam_step(eg_adam *a, double *param, const double *grad)
{
    a->t++;
    double c1 = 1.0 - pow(a->beta1, (double)a->t), c2 = 1.0 - pow(a->beta2, (double)a->t);
    adam_update(a->n, param, grad, a->m, a->v, a->beta1, a->beta2, a->lr, a->eps, c1, c2);
}
