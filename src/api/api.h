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

#endif
