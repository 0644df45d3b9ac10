/* rebind.h: the model of one point of a sweep, made from the checked model by
 * giving some params new values and evaluating again only what depends on
 * them, instead of checking the whole syntax tree again. */
#ifndef ENGRAM_LANG_REBIND_H
#define ENGRAM_LANG_REBIND_H

#include <stddef.h>

#include "lang/diag.h"
#include "lang/model.h"

/* What a re-binding evaluates again: the params that follow from the rebound
 * ones, the keys whose values name any of them, and the keys that refer to a
 * block holding such a key (the point's copy of that block replaces it). */
typedef struct eg_rebind eg_rebind;

/* Prepares re-binding the params named in names (n of them, each a param of
 * base; a value given to names[i] is located at locs[i]) of a checked model.
 * base and the syntax tree it was checked from must outlive the result. NULL
 * when out of memory (or a name is no param). */
eg_rebind *eg_rebind_new(const eg_model *base, const char *const *names, const eg_loc *locs, size_t n);
void eg_rebind_free(eg_rebind *r);

/* The model with names[i] = values[i]: every dependent
 * value evaluated and checked against its key's type again, as the check
 * would with these params given on the command line. Returns the model (free
 * with eg_model_free, before base) or NULL with the problems in diags. */
eg_model *eg_rebind_model(const eg_rebind *r, const double *values, eg_diag_list *diags);

#endif
