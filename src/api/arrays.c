/* arrays.c: a caller's arrays as the matrices engram's analyses read: borrowed
 * in place when they are already engram's layout (float64, row-major,
 * contiguous), so a large matrix costs no copy at the boundary; copied else. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "run/build.h"
#include "run/run.h"

/* Whether a's values lie as an eg_matrix holds them: float64 rows back to back. */
static int in_place(const eg_api_array *a, size_t rows, size_t cols)
{
    if (a->dtype != EG_API_FLOAT64)
        return 0;
    ptrdiff_t col = a->ndim == 2 ? a->strides[1] : a->strides[0];
    ptrdiff_t row = a->ndim == 2 ? a->strides[0] : (ptrdiff_t)(cols * sizeof(double));
    /* A single row or column has a stride that is never stepped over. */
    return (cols <= 1 || col == (ptrdiff_t)sizeof(double)) && (rows <= 1 || row == (ptrdiff_t)(cols * sizeof(double)));
}

eg_status eg_api_view_array(const eg_api_array *a, const char *what, eg_api_view *v, eg_error *err)
{
    memset(v, 0, sizeof *v);
    if (!a || (a->ndim != 1 && a->ndim != 2) || (a->dtype != EG_API_FLOAT64 && a->dtype != EG_API_FLOAT32))
        return eg_error_set(err, EG_EINVAL, "%s: expected a 1-d or 2-d array of float64 or float32 values", what);
    size_t rows = a->ndim == 2 ? a->shape[0] : 1, cols = a->ndim == 2 ? a->shape[1] : a->shape[0];
    if (!a->data && rows * cols > 0)
        return eg_error_set(err, EG_EINVAL, "%s: the array has no data", what);
    if (in_place(a, rows, cols)) {
        v->m = (eg_matrix){rows, cols, (double *)a->data}; /* only ever read */
        return EG_OK;
    }
    eg_run_array ra = {what, a->data, a->dtype == EG_API_FLOAT32, rows, cols, a->ndim == 2 ? a->strides[0] : 0,
                       a->ndim == 2 ? a->strides[1] : a->strides[0]};
    if (eg_run_array_matrix(&ra, &v->copy) != EG_OK)
        return eg_error_set(err, EG_ENOMEM, "%s: out of memory for a copy of %zu × %zu values", what, rows, cols);
    v->m = *v->copy;
    return EG_OK;
}

void eg_api_view_clear(eg_api_view *v)
{
    eg_matrix_free(v->copy);
    memset(v, 0, sizeof *v);
}

eg_api_result *eg_api_result_make(eg_status st, eg_report *root, const char *msg)
{
    eg_api_result *r = calloc(1, sizeof *r);
    if (!r) {
        eg_report_free(root);
        return NULL;
    }
    eg_diag_list diags;
    eg_diag_list_init(&diags);
    if (st != EG_OK)
        eg_diag_error(&diags, eg_loc_file(NULL), "%s", msg && *msg ? msg : "out of memory");
    /* No file is named: the diagnostics need no sources beyond the call. */
    eg_source_set none;
    eg_source_set_init(&none);
    eg_api_status filled = eg_api_diags_fill(&r->diags, &diags, &none);
    eg_source_set_free(&none);
    if (filled != EG_API_OK) {
        eg_diag_list_free(&diags);
        eg_report_free(root);
        free(r);
        return NULL;
    }
    r->status = eg_api_status_of(st);
    r->root = st == EG_OK ? root : NULL;
    if (st != EG_OK)
        eg_report_free(root);
    return r;
}
