/* classify.c: retrieval, reversal, mixture or spurious, read off the overlaps. */
#include "engram/classify.h"

#include <math.h>
#include <string.h>

eg_classify_options eg_classify_options_default(void)
{
    eg_classify_options o = {0.9, 0.25};
    return o;
}

eg_status eg_classify_overlaps(const double *m, size_t n, const eg_classify_options *opt, eg_classification *out,
                               int *signs, eg_error *err)
{
    eg_classify_options o = opt ? *opt : eg_classify_options_default();
    if (n == 0)
        return eg_error_set(err, EG_EINVAL, "no overlaps to classify");
    if (!(o.component > 0.0 && o.component < o.match && o.match <= 1.0))
        return eg_error_set(err, EG_EINVAL, "classification thresholds need 0 < component < match <= 1 (got %g, %g)",
                            o.component, o.match);
    memset(out, 0, sizeof *out);
    if (signs)
        memset(signs, 0, n * sizeof *signs);
    size_t best = 0, big = 0;
    for (size_t mu = 0; mu < n; mu++) {
        if (!isfinite(m[mu]))
            return eg_error_set(err, EG_EINVAL, "overlap %zu is not finite", mu);
        if (fabs(m[mu]) > fabs(m[best]))
            best = mu;
        big += fabs(m[mu]) >= o.component;
    }
    out->episode = best;
    out->overlap = m[best];
    if (fabs(m[best]) >= o.match) {
        out->cls = m[best] > 0 ? EG_CLASS_RETRIEVED : EG_CLASS_REVERSED;
        if (signs)
            signs[best] = m[best] > 0 ? 1 : -1;
    } else if (big >= 2) {
        out->cls = EG_CLASS_MIXTURE;
        out->components = big;
        if (signs)
            for (size_t mu = 0; mu < n; mu++)
                if (fabs(m[mu]) >= o.component)
                    signs[mu] = m[mu] > 0 ? 1 : -1;
    } else {
        out->cls = EG_CLASS_SPURIOUS;
    }
    return EG_OK;
}
