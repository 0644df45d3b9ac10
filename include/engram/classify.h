/* engram/classify.h: naming the state a recall ended in from its overlaps with the episodes. */
#ifndef ENGRAM_CLASSIFY_H
#define ENGRAM_CLASSIFY_H

#include <stddef.h>

#include "engram/status.h"

typedef enum eg_state_class {
    EG_CLASS_RETRIEVED = 0, /* m_μ ≥ match for one episode μ */
    EG_CLASS_REVERSED,      /* m_μ ≤ −match: the reversed episode −ξ_μ (a spurious state of ±symmetric rules) */
    EG_CLASS_MIXTURE,       /* several episodes with |m_μ| ≥ component, none ≥ match, all others below component */
    EG_CLASS_SPURIOUS       /* anything else: no episode stands out */
} eg_state_class;

/* Thresholds on the overlaps m_μ = ξ_μ·σ/D (Amit, Gutfreund & Sompolinsky
 * 1985 classify states the same way). Defaults: match 0.9 (a retrieval state
 * near α_c still has m ≈ 0.97), component 0.25 (a symmetric 3-mixture
 * sgn(ξ_1 + ξ_2 + ξ_3) has |m| = 0.5 on its three episodes, a 5-mixture
 * 0.375). Random overlaps have s.d. 1/√D, so these defaults suit D ≳ 200. */
typedef struct eg_classify_options {
    double match;
    double component;
} eg_classify_options;

eg_classify_options eg_classify_options_default(void);

typedef struct eg_classification {
    eg_state_class cls;
    size_t episode;      /* retrieved/reversed: which episode; otherwise the one with the largest |m| */
    double overlap;      /* m of that episode */
    size_t components;   /* mixture: how many episodes take part (0 otherwise) */
} eg_classification;

/* Classifies from n overlaps m. If signs is not NULL it receives n entries:
 * for a mixture +1/−1 for the sign each taking part enters with and 0 for the
 * others; for retrieved/reversed ±1 at the episode; all 0 for spurious.
 * opt NULL means the defaults. EG_EINVAL for n = 0 or thresholds outside
 * 0 < component < match ≤ 1. */
eg_status eg_classify_overlaps(const double *m, size_t n, const eg_classify_options *opt, eg_classification *out,
                               int *signs, eg_error *err);

#endif
