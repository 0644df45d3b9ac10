/* dynsys.c: Jacobians of a generic ODE system, analytic or by finite differences. */
#include "engram/dynsys.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

eg_status eg_dyn_jacobian_fd(const eg_dyn_system *sys, double t, const double *x, double *J, double *dfdt,
                             eg_error *err)
{
    size_t n = sys->dim;
    double *buf = malloc(3 * (n ? n : 1) * sizeof *buf);
    if (!buf)
        return eg_error_set(err, EG_ENOMEM, "out of memory for a Jacobian");
    double *xp = buf, *fp = buf + n, *fm = buf + 2 * n;
    memcpy(xp, x, n * sizeof *xp);
    eg_status st = EG_OK;
    for (size_t j = 0; j < n && st == EG_OK; j++) {
        double h = 1e-6 * (fabs(x[j]) > 1.0 ? fabs(x[j]) : 1.0);
        xp[j] = x[j] + h;
        int a = sys->rhs(t, xp, fp, sys->params);
        xp[j] = x[j] - h;
        int b = sys->rhs(t, xp, fm, sys->params);
        xp[j] = x[j];
        if (a != GSL_SUCCESS || b != GSL_SUCCESS) {
            st = eg_error_set(err, EG_ENUMERIC, "right-hand side failed at t = %g near unit %zu", t, j);
            break;
        }
        for (size_t i = 0; i < n; i++)
            J[i * n + j] = (fp[i] - fm[i]) / (2.0 * h);
    }
    if (st == EG_OK && dfdt) {
        double h = 1e-6 * (fabs(t) > 1.0 ? fabs(t) : 1.0);
        int a = sys->rhs(t + h, x, fp, sys->params);
        int b = sys->rhs(t - h, x, fm, sys->params);
        if (a != GSL_SUCCESS || b != GSL_SUCCESS)
            st = eg_error_set(err, EG_ENUMERIC, "right-hand side failed near t = %g", t);
        else
            for (size_t i = 0; i < n; i++)
                dfdt[i] = (fp[i] - fm[i]) / (2.0 * h);
    }
    free(buf);
    return st;
}

eg_status eg_dyn_jacobian(const eg_dyn_system *sys, double t, const double *x, double *J, double *dfdt,
                          eg_error *err)
{
    if (!sys->jac)
        return eg_dyn_jacobian_fd(sys, t, x, J, dfdt, err);
    double *tmp = NULL;
    if (!dfdt) {
        tmp = malloc((sys->dim ? sys->dim : 1) * sizeof *tmp);
        if (!tmp)
            return eg_error_set(err, EG_ENOMEM, "out of memory for a Jacobian");
        dfdt = tmp;
    }
    int rc = sys->jac(t, x, J, dfdt, sys->params);
    free(tmp);
    if (rc != GSL_SUCCESS)
        return eg_error_set(err, EG_ENUMERIC, "Jacobian is not finite at t = %g", t);
    return EG_OK;
}
