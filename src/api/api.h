/* api.h: what the library's handles (include/engram/engram.h) hold, shared by
 * the files of src/api. */
#ifndef ENGRAM_API_API_H
#define ENGRAM_API_API_H

#include "engram/engram.h"
#include "lang/ast.h"
#include "lang/diag.h"
#include "lang/model.h"
#include "lang/source.h"
#include "run/compile.h"
#include "run/report.h"

/* Diagnostics as the caller sees them: the structs, the strings they point
 * into and the GCC-style text, built once from a diagnostics list. */
typedef struct eg_api_diags {
    eg_diag_list list; /* the messages the structs point into */
    eg_api_diag *items;
    size_t n;
    char *text;
} eg_api_diags;

/* Fills d from list, which d takes over (list is left empty); file names
 * point into sources, which must outlive d. */
eg_api_status eg_api_diags_fill(eg_api_diags *d, eg_diag_list *list, const eg_source_set *sources);
void eg_api_diags_free(eg_api_diags *d);

struct eg_api_model {
    eg_api_status status;
    eg_source_set sources;
    eg_ast *ast;
    eg_program *prog; /* NULL when the model has errors */
    eg_override *overrides;
    eg_value **values;
    size_t noverrides;
    char *path; /* the model's name, for the tree's "model" */
    eg_api_diags diags;
};

struct eg_api_result {
    eg_api_status status;
    eg_report *root;
    eg_api_diags diags;
};

/* Maps an engram status to the library's. */
eg_api_status eg_api_status_of(eg_status st);

/* A caller's array as a matrix: m views the caller's data in place when it is
 * float64, row-major and contiguous (the call borrows it and never writes to
 * it), else m is a copy (owned, freed by eg_api_view_clear). */
typedef struct eg_api_view {
    eg_matrix m;
    eg_matrix *copy;
} eg_api_view;

/* Fills v from a, naming it `what` in the message of a malformed array
 * (EG_EINVAL: not 1-d or 2-d, an unknown dtype, no data). A 1-d array is one
 * row. */
eg_status eg_api_view_array(const eg_api_array *a, const char *what, eg_api_view *v, eg_error *err);
void eg_api_view_clear(eg_api_view *v);

/* A result for a call without a model: its tree (taken over, may be NULL) and,
 * on failure, one error diagnostic with msg. NULL when out of memory. */
eg_api_result *eg_api_result_make(eg_status st, eg_report *root, const char *msg);

#endif
