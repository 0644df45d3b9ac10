/* eval.h: evaluating expression trees into values before a run. */
#ifndef ENGRAM_LANG_EVAL_H
#define ENGRAM_LANG_EVAL_H

#include "lang/ast.h"
#include "lang/diag.h"
#include "lang/model.h"
#include "lang/value.h"

/* What names mean while evaluating: the params defined so far (model->params,
 * the first nparams of them) and every block of the model. A name that is
 * neither is a bare word (EG_VAL_SYMBOL), for the schema to judge. Values are
 * built in arena (the model's, while checking), or on the heap when it is NULL. */
typedef struct eg_scope {
    const eg_model *model;
    size_t nparams;
    eg_arena *arena;
} eg_scope;

/* Evaluates e; NULL after reporting into diags (division by zero, a function
 * applied to the wrong values, an index out of range, ...). Arithmetic and the
 * math functions (exp, log, sqrt, ...) are computed; other calls stay calls. */
eg_value *eg_eval(const eg_ast *e, const eg_scope *scope, eg_diag_list *diags);

#endif
