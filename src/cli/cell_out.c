/* cell_out.c: the result tree of a command on a trained cell and its output
 * directory. */
#include "cli/cell_out.h"

#include <stdio.h>
#include <string.h>

#include "engram/status.h"
#include "out/out.h"
#include "run/cell_report.h"

const char *eg_cell_out_basename(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

eg_report *eg_cell_out_begin(const eg_cell_args *a, const eg_cell *c, const double *u, int pulses,
                             const char *command, eg_report **result)
{
    eg_report *root = eg_report_new(EG_REPORT_OBJECT);
    eg_report_add_string(root, "engram", ENGRAM_VERSION);
    eg_report_add_string(root, "command", command);
    eg_report *r = eg_report_add(eg_report_add(root, "results", EG_REPORT_ARRAY), NULL, EG_REPORT_OBJECT);
    /* The kind names the files: "<kind>.<key>.npy" (out/names.h). */
    eg_report_add_string(r, "kind", command);
    eg_cell_origin origin = {a->file, a->layout->name, a->prefix};
    if (r)
        eg_cell_report_origin(r, &origin, c, u, pulses, a->seed);
    if (!root || !r) {
        eg_report_free(root);
        return NULL;
    }
    *result = r;
    return root;
}

int eg_cell_out_write(const eg_cell_args *a, const eg_report *root)
{
    eg_error err;
    eg_status st = eg_report_failed(root) ? eg_error_set(&err, EG_ENOMEM, "out of memory while collecting results")
                                          : eg_out_write_dir(root, a->outdir, &err);
    if (st != EG_OK) {
        fprintf(stderr, "engram: error: %s\n", err.msg);
        return eg_status_exit_code(st);
    }
    return EG_EXIT_OK;
}
