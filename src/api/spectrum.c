/* spectrum.c: `engram spectrum` and the privileged basis for a library caller,
 * on arrays in memory: the same analysis the command line runs on files
 * (run/spectrum_command.h), the same tree its --json prints. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "engram/emt.h"
#include "run/spectrum_command.h"

/* The caller's arrays and the parsed comparison, held for one analysis. */
typedef struct spectrum_call {
    eg_api_view w, basis, input;
    eg_spectrum_compare theory;
} spectrum_call;

static void call_clear(spectrum_call *c)
{
    eg_api_view_clear(&c->w);
    eg_api_view_clear(&c->basis);
    eg_api_view_clear(&c->input);
    eg_spectrum_compare_clear(&c->theory);
}

/* Views the arrays, reads the comparison and runs the analysis into *root. */
static eg_status analyse(const eg_api_array *w, const eg_api_spectrum_options *opt, spectrum_call *c,
                         eg_report **root, eg_error *err)
{
    eg_status st = eg_api_view_array(w, "W", &c->w, err);
    if (st == EG_OK && opt->basis)
        st = eg_api_view_array(opt->basis, "basis", &c->basis, err);
    if (st == EG_OK && opt->input)
        st = eg_api_view_array(opt->input, "input weights", &c->input, err);
    char msg[400];
    if (st == EG_OK && opt->compare && eg_spectrum_compare_parse(opt->compare, &c->theory, msg, sizeof msg) != 0)
        st = eg_error_set(err, EG_EINVAL, "compare: %s", msg);
    if (st != EG_OK)
        return st;
    eg_spectrum_inputs in = {.w = &c->w.m, .w_name = w->name ? w->name : "W",
                             .basis = opt->basis ? &c->basis.m : NULL,
                             .basis_name = opt->basis && opt->basis->name ? opt->basis->name : "basis",
                             .input = opt->input ? &c->input.m : NULL,
                             .input_name = opt->input && opt->input->name ? opt->input->name : "input weights",
                             .steps = opt->steps, .theory = opt->compare ? &c->theory : NULL,
                             .theory_text = opt->compare, .rank_threshold = opt->rank_threshold,
                             .angle_threshold = opt->angle_threshold, .vectors = opt->vectors};
    return eg_spectrum_command(&in, root, err);
}

eg_api_status eg_api_spectrum(const eg_api_array *w, const eg_api_spectrum_options *opt, eg_api_result **out)
{
    eg_api_spectrum_options none = {0};
    spectrum_call c;
    memset(&c, 0, sizeof c);
    c.theory.kind = -1;
    eg_report *root = NULL;
    eg_error err = {""};
    eg_status st = w ? analyse(w, opt ? opt : &none, &c, &root, &err)
                     : eg_error_set(&err, EG_EINVAL, "W: no array given");
    call_clear(&c);
    *out = eg_api_result_make(st, root, err.msg);
    return *out ? (*out)->status : EG_API_ENOMEM;
}

/* The basis into a tree {"basis": D × s·d}, after the checks `engram spectrum --input` makes. */
static eg_status privileged(const eg_api_array *w, const eg_api_array *w_uh, size_t steps, eg_report **root,
                            eg_error *err)
{
    eg_api_view vw, vu;
    memset(&vu, 0, sizeof vu);
    eg_status st = eg_api_view_array(w, "W", &vw, err);
    if (st == EG_OK)
        st = eg_api_view_array(w_uh, "input weights", &vu, err);
    eg_matrix *psi = NULL;
    if (st == EG_OK && vw.m.rows != vw.m.cols)
        st = eg_error_set(err, EG_EINVAL, "W: the matrix is %zu × %zu; the privileged basis needs a square W",
                          vw.m.rows, vw.m.cols);
    if (st == EG_OK && vu.m.rows != vw.m.rows)
        st = eg_error_set(err, EG_EINVAL, "input weights: %zu rows; W has %zu units", vu.m.rows, vw.m.rows);
    if (st == EG_OK && (steps == 0 || vu.m.cols == 0 || steps * vu.m.cols > vw.m.rows))
        st = eg_error_set(err, EG_EINVAL, "input weights: steps %zu × %zu input columns must be 1 … the %zu units of W",
                          steps, vu.m.cols, vw.m.rows);
    for (size_t k = 0; st == EG_OK && k < vw.m.rows * vw.m.cols; k++)
        if (!isfinite(vw.m.data[k]))
            st = eg_error_set(err, EG_EINVAL, "W: entry (%zu, %zu) is not finite", k / vw.m.cols, k % vw.m.cols);
    for (size_t k = 0; st == EG_OK && k < vu.m.rows * vu.m.cols; k++)
        if (!isfinite(vu.m.data[k]))
            st = eg_error_set(err, EG_EINVAL, "input weights: entry (%zu, %zu) is not finite", k / vu.m.cols,
                              k % vu.m.cols);
    if (st == EG_OK)
        st = eg_emt_privileged_basis(&vw.m, &vu.m, steps, &psi, err);
    eg_api_view_clear(&vw);
    eg_api_view_clear(&vu);
    if (st != EG_OK)
        return st;
    *root = eg_report_new(EG_REPORT_OBJECT);
    eg_report_add_matrix(*root, "basis", psi);
    if (!*root || eg_report_failed(*root))
        return eg_error_set(err, EG_ENOMEM, "out of memory for the basis");
    return EG_OK;
}

eg_api_status eg_api_privileged_basis(const eg_api_array *w, const eg_api_array *w_uh, size_t steps,
                                      eg_api_result **out)
{
    eg_report *root = NULL;
    eg_error err = {""};
    eg_status st = w && w_uh ? privileged(w, w_uh, steps, &root, &err)
                             : eg_error_set(&err, EG_EINVAL, "W and the input weights are both needed");
    *out = eg_api_result_make(st, root, err.msg);
    return *out ? (*out)->status : EG_API_ENOMEM;
}
