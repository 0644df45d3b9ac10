/* spectrum_command.c: `engram spectrum` on matrices in memory, shared by the command line and
 * the C API so that both report the same analysis under the same names. */
#include "run/spectrum_command.h"

#include <math.h>
#include <stdio.h>

#include "engram/emt.h"
#include "run/spectrum_report.h"

/* EG_EINVAL naming the first entry of m that is not finite, else EG_OK. */
static eg_status check_finite(const eg_matrix *m, const char *name, eg_error *err)
{
    for (size_t k = 0; k < m->rows * m->cols; k++)
        if (!isfinite(m->data[k]))
            return eg_error_set(err, EG_EINVAL, "%s: entry (%zu, %zu) is not finite", name, k / m->cols, k % m->cols);
    return EG_OK;
}

/* The privileged basis Ψ of W for input weights W_uh over the given steps, after
 * checking that W_uh fits W (one row per unit, steps × columns within the units). */
static eg_status privileged_basis(const eg_spectrum_inputs *in, eg_matrix **basis, eg_error *err)
{
    const eg_matrix *w = in->w, *u = in->input;
    if (u->rows != w->rows)
        return eg_error_set(err, EG_EINVAL, "%s: the input weights have %zu rows; %s has %zu units", in->input_name,
                            u->rows, in->w_name, w->rows);
    if (in->steps == 0 || u->cols == 0)
        return eg_error_set(err, EG_EINVAL, "%s: the privileged basis needs at least one step and one input column",
                            in->input_name);
    if (in->steps * u->cols > w->rows)
        return eg_error_set(err, EG_EINVAL, "%s: steps %zu × %zu input columns is more than the %zu units of %s",
                            in->input_name, in->steps, u->cols, w->rows, in->w_name);
    return eg_emt_privileged_basis(w, u, in->steps, basis, err);
}

/* The analysis of W into result (an object of the tree), with the basis and theory it asks for. */
static eg_status analyse(const eg_spectrum_inputs *in, eg_report *result, eg_error *err)
{
    const eg_matrix *w = in->w;
    if (w->rows != w->cols)
        return eg_error_set(err, EG_EINVAL, "%s: the matrix is %zu × %zu; a spectrum needs a square matrix",
                            in->w_name, w->rows, w->cols);
    if (in->basis && in->input)
        return eg_error_set(err, EG_EINVAL, "give either a basis or input weights with steps, not both");
    eg_matrix *built = NULL, *theory = NULL;
    /* Non-finite values would reach LAPACK through the basis before the report's own check of W. */
    eg_status st = check_finite(w, in->w_name, err);
    if (st == EG_OK && in->basis)
        st = check_finite(in->basis, in->basis_name, err);
    if (st == EG_OK && in->input)
        st = check_finite(in->input, in->input_name, err);
    if (st == EG_OK && in->input)
        st = privileged_basis(in, &built, err);
    if (st == EG_OK && in->theory)
        st = eg_spectrum_compare_theory(in->theory, &theory, err);
    char bname[512] = "", tname[512] = "";
    if (in->basis)
        snprintf(bname, sizeof bname, "%s", in->basis_name);
    else if (in->input)
        snprintf(bname, sizeof bname, "privileged(%s, steps %zu)", in->input_name, in->steps);
    if (in->theory)
        snprintf(tname, sizeof tname, "theory(%s)", in->theory_text);
    eg_spectrum_request req = {.w = w, .w_name = in->w_name, .basis = in->basis ? in->basis : built,
                               .basis_name = bname, .theory = theory, .theory_name = tname,
                               .rank_threshold = in->rank_threshold > 0 ? in->rank_threshold
                                                                        : EG_SPECTRUM_RANK_THRESHOLD,
                               .angle_threshold = in->angle_threshold > 0 ? in->angle_threshold
                                                                          : EG_EMT_ANGLE_THRESHOLD,
                               .vectors = in->vectors, .prefix = "spectrum"};
    if (st == EG_OK)
        st = eg_spectrum_report(&req, result, err);
    eg_matrix_free(built);
    eg_matrix_free(theory);
    return st;
}

eg_status eg_spectrum_command(const eg_spectrum_inputs *in, eg_report **out, eg_error *err)
{
    *out = NULL;
    eg_report *root = eg_report_new(EG_REPORT_OBJECT);
    eg_report_add_string(root, "engram", ENGRAM_VERSION);
    eg_report_add_string(root, "command", "spectrum");
    eg_report *result = eg_report_add(eg_report_add(root, "results", EG_REPORT_ARRAY), NULL, EG_REPORT_OBJECT);
    eg_report_add_string(result, "kind", "spectrum");
    eg_status st = result ? analyse(in, result, err) : eg_error_set(err, EG_ENOMEM, "out of memory");
    if (st == EG_OK && eg_report_failed(root))
        st = eg_error_set(err, EG_ENOMEM, "out of memory while collecting results");
    if (st != EG_OK) {
        eg_report_free(root);
        return st;
    }
    *out = root;
    return EG_OK;
}
