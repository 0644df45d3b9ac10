/* status.c: status names, exit codes and error message formatting. */
#include "engram/status.h"

#include <stdarg.h>
#include <stdio.h>

eg_status eg_error_set(eg_error *err, eg_status status, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return status;
}

const char *eg_status_name(eg_status status)
{
    switch (status) {
    case EG_OK: return "success";
    case EG_ENOMEM: return "out of memory";
    case EG_EINVAL: return "invalid value";
    case EG_EIO: return "I/O error";
    case EG_EPARSE: return "malformed input";
    case EG_ENUMERIC: return "numeric failure";
    case EG_EMODEL: return "model error";
    }
    return "unknown status";
}

int eg_status_exit_code(eg_status status)
{
    switch (status) {
    case EG_OK: return EG_EXIT_OK;
    case EG_EMODEL:
    case EG_EINVAL: return EG_EXIT_MODEL;
    case EG_EPARSE: return EG_EXIT_IO; /* model text is reported as EG_EMODEL; this is a data file */
    case EG_ENUMERIC: return EG_EXIT_NUMERIC;
    case EG_EIO: return EG_EXIT_IO;
    case EG_ENOMEM: return EG_EXIT_INTERNAL;
    }
    return EG_EXIT_INTERNAL;
}
