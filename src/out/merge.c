/* merge.c: joining result trees: the provenance around a run's results, and
 * a sweep's points side by side. Nodes move between trees without copies. */
#include <stdlib.h>
#include <string.h>

#include "out/out.h"

/* Moves every child of from to the end of to; 0, or -1 when out of memory
 * (nothing moved then). */
static int move_children(eg_report *to, eg_report *from)
{
    if (to->n + from->n > to->cap) {
        size_t cap = to->n + from->n > 2 * to->cap ? to->n + from->n : 2 * to->cap;
        eg_report **kids = realloc(to->kids, cap * sizeof *kids);
        if (!kids)
            return -1;
        to->kids = kids;
        to->cap = cap;
    }
    if (from->n)
        memcpy(to->kids + to->n, from->kids, from->n * sizeof *from->kids);
    to->n += from->n;
    from->n = 0;
    return 0;
}

eg_report *eg_out_with_provenance(eg_report *report, const char *version, const char *model)
{
    eg_report *root = eg_report_new(EG_REPORT_OBJECT);
    eg_report_add_string(root, "engram", version);
    eg_report_add_string(root, "model", model);
    int ok = root && move_children(root, report) == 0 && !eg_report_failed(root);
    eg_report_free(report);
    if (!ok) {
        eg_report_free(root);
        return NULL;
    }
    return root;
}

eg_status eg_out_add_point(eg_report *points, eg_report *point)
{
    eg_report holder = {.kind = EG_REPORT_ARRAY, .n = 1, .cap = 1, .kids = &point};
    if (move_children(points, &holder) != 0) {
        eg_report_free(point);
        return EG_ENOMEM;
    }
    return EG_OK;
}
