/* numerics.c: process-wide numeric set-up shared by every module that calls GSL. */
#include "engram/numerics.h"

#include <gsl/gsl_errno.h>

void eg_numerics_init(void)
{
    /* GSL's default handler aborts the process; engram checks every status instead. */
    gsl_set_error_handler_off();
}
