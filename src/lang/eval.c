/* eval.c: constant evaluation of expressions: params, arithmetic, math
 * functions, lists, ranges, indexing; everything is known before a run. */
#include "lang/eval.h"
#include "lang/math_fn.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef eg_math_fn math_fn;

static const math_fn *find_math(const char *name)
{
    return eg_math_fn_find(name);
}

static int in_domain(const math_fn *fn, double x)
{
    return eg_math_fn_defined(fn, x);
}

static eg_value *oom(const eg_ast *e, eg_diag_list *diags)
{
    eg_diag_error(diags, e->loc, "out of memory while evaluating");
    return NULL;
}

/* Reports a non-finite arithmetic result; returns 1 when x is finite. */
static int finite(const eg_ast *e, double x, eg_diag_list *diags)
{
    if (!isfinite(x)) {
        eg_diag_error(diags, e->loc, "the result is not a finite number");
        return 0;
    }
    return 1;
}

/* The number x as the value of e, or NULL after reporting why not. */
static eg_value *finite_number(const eg_ast *e, double x, const eg_scope *scope, eg_diag_list *diags)
{
    if (!finite(e, x, diags))
        return NULL;
    eg_value *v = eg_value_number(scope->arena, e->loc, x);
    return v ? v : oom(e, diags);
}

/* A bare word where a value was needed: most likely a misspelt or misplaced
 * param. Reports it and returns 1, or returns 0 for values that are not bare
 * words (the caller words its own message). */
static int report_symbol(const eg_value *v, const eg_scope *scope, eg_diag_list *diags)
{
    if (v->kind != EG_VAL_SYMBOL)
        return 0;
    const eg_model *m = scope->model;
    if (m && m->partial)
        return 1; /* it may be defined by what a syntax error dropped */
    for (size_t i = scope->nparams; m && i < m->nparams; i++) {
        if (strcmp(m->params[i].name, v->str) == 0) {
            eg_diag_error(diags, v->loc, "param '%s' is used before it is defined", v->str);
            eg_diag_note(diags, m->params[i].loc, "'%s' is defined here", v->str);
            return 1;
        }
    }
    size_t n = m ? m->nparams + m->nblocks : 0;
    const char **names = calloc(n + 1, sizeof *names);
    size_t k = 0;
    for (size_t i = 0; names && i < scope->nparams; i++)
        names[k++] = m->params[i].name;
    for (size_t i = 0; names && m && i < m->nblocks; i++)
        names[k++] = m->blocks[i]->name;
    const char *hint = names ? eg_diag_suggest(v->str, names) : NULL;
    if (hint && strcmp(hint, v->str) != 0)
        eg_diag_error(diags, v->loc, "unknown name '%s'; did you mean '%s'?", v->str, hint);
    else
        eg_diag_error(diags, v->loc, "unknown name '%s': no param or block has this name", v->str);
    free(names);
    return 1;
}

/* What name means in scope: a param defined before this point (returned),
 * or a block (*block); NULL and no block for a bare word. */
static const eg_param *lookup(const eg_scope *scope, const char *name, const eg_block **block)
{
    const eg_model *m = scope->model;
    const eg_param *p = NULL;
    *block = NULL;
    if (m)
        eg_model_find(m, name, &p, block);
    /* Params are seen from where they are defined on. */
    return p && (size_t)(p - m->params) < scope->nparams ? p : NULL;
}

/* Chains: `1 + 1 + ... + 1` and `x[0][0]...[0]` nest to the left, one level
 * per operator, so a chain is as deep as it is long and a recursive walk of a
 * chain of 100 000 terms would overflow the stack. Chains are walked with a
 * loop over their links instead: the nodes of kind `kind` down the left
 * spine from e, innermost first; the chain's first operand is
 * links[0]->kids[0]. The links are in buf when they fit (most chains are
 * short), else in *heap, malloc'd. Returns their count, 0 when out of memory. */
#define EG_EVAL_CHAIN_BUF 16
static size_t chain_links(const eg_ast *e, int kind, const eg_ast **buf, const eg_ast ***links, const eg_ast ***heap)
{
    size_t n = 0;
    for (const eg_ast *p = e; p->kind == kind; p = p->kids[0])
        n++;
    *heap = NULL;
    *links = buf;
    if (n > EG_EVAL_CHAIN_BUF && !(*links = *heap = malloc(n * sizeof **heap)))
        return 0;
    size_t i = n;
    for (const eg_ast *p = e; p->kind == kind; p = p->kids[0])
        (*links)[--i] = p;
    return n;
}

/* x op y for the operators of expressions, as eval_number computes it. */
static double apply_op(int op, double x, double y)
{
    switch (op) {
    case '+': return x + y;
    case '-': return x - y;
    case '*': return x * y;
    case '/': return x / y;
    case '^': return pow(x, y);
    }
    return NAN;
}

static int eval_number(const eg_ast *e, const eg_scope *scope, double *out);

/* eval_number of a chain of binary operators, one link at a time. */
static int eval_number_chain(const eg_ast *e, const eg_scope *scope, double *out)
{
    const eg_ast *buf[EG_EVAL_CHAIN_BUF], **links, **heap;
    size_t n = chain_links(e, EG_AST_BINARY, buf, &links, &heap);
    double x = 0.0, y = 0.0;
    int ok = n > 0 && eval_number(links[0]->kids[0], scope, &x);
    for (size_t i = 0; ok && i < n; i++) {
        int op = links[i]->op;
        ok = op && strchr("+-*/^", op) && eval_number(links[i]->kids[1], scope, &y) && (y != 0.0 || op != '/');
        if (ok)
            x = apply_op(op, x, y);
        ok = ok && isfinite(x);
    }
    free(heap);
    *out = x;
    return ok;
}

/* The number an expression of numbers, visible numeric params, arithmetic
 * and math functions stands for, computed without building a value for each
 * part of it: most entries of a model are such expressions, and on a large
 * model the values of their parts would be most of what the check allocates.
 * Returns 0 for anything else, and for anything the full evaluation would
 * report (division by zero, a domain error, a result that is not finite):
 * eg_eval then takes the long way, which words the message. */
static int eval_number(const eg_ast *e, const eg_scope *scope, double *out)
{
    double x = 0.0, y = 0.0;
    switch ((eg_ast_kind)e->kind) {
    case EG_AST_NUMBER:
        *out = e->num;
        return 1;
    case EG_AST_NAME: {
        const eg_block *b;
        const eg_param *p = lookup(scope, e->text, &b);
        if (!p || !p->value || p->value->kind != EG_VAL_NUMBER || p->value->name_loc.file)
            return 0;
        *out = p->value->num;
        return 1;
    }
    case EG_AST_NEGATE:
        if (!eval_number(e->kids[0], scope, &x))
            return 0;
        *out = -x;
        return 1;
    case EG_AST_BINARY:
        return eval_number_chain(e, scope, out);
    case EG_AST_CALL: {
        const math_fn *fn = find_math(e->text);
        if (!fn || (int)e->nkids != fn->arity || e->kids[0]->name || !eval_number(e->kids[0]->kids[0], scope, &x))
            return 0;
        if (fn->arity == 2 && (e->kids[1]->name || !eval_number(e->kids[1]->kids[0], scope, &y)))
            return 0;
        if (!in_domain(fn, x))
            return 0;
        *out = fn->arity == 1 ? fn->f1(x) : fn->f2(x, y);
        return isfinite(*out);
    }
    default:
        return 0;
    }
}

static eg_value *eval_node(const eg_ast *e, const eg_scope *scope, eg_diag_list *diags);

static eg_value *eval_name(const eg_ast *e, const eg_scope *scope, eg_diag_list *diags)
{
    const eg_block *b;
    const eg_param *p = lookup(scope, e->text, &b);
    if (p) {
        if (!p->value)
            return NULL; /* its own error was reported */
        eg_value *v = eg_value_copy(scope->arena, p->value);
        if (!v)
            return oom(e, diags);
        v->loc = e->loc;
        return v;
    }
    eg_value *v = eg_value_text(scope->arena, b ? EG_VAL_REF : EG_VAL_SYMBOL, e->loc, e->text);
    if (!v)
        return oom(e, diags);
    v->ref = b;
    return v;
}

/* One link of a chain: a (the value of the chain so far, NULL after an
 * error) op the right operand of e. The right operand is evaluated even
 * after an error, so that its own errors are reported too. */
static eg_value *binary_link(const eg_ast *e, eg_value *a, const eg_scope *scope, eg_diag_list *diags)
{
    eg_value *b = eval_node(e->kids[1], scope, diags);
    eg_value *out = NULL;
    if (!a || !b)
        goto done;
    if (a->kind != EG_VAL_NUMBER || b->kind != EG_VAL_NUMBER) {
        char buf[128];
        const eg_value *bad = a->kind != EG_VAL_NUMBER ? a : b;
        if (report_symbol(bad, scope, diags))
            goto done;
        eg_diag_error(diags, bad->loc, "operator '%c' needs numbers, not %s", e->op,
                      eg_value_describe(bad, buf, sizeof buf));
        goto done;
    }
    double x = a->num, y = b->num, r = 0.0;
    switch (e->op) {
    case '+': r = x + y; break;
    case '-': r = x - y; break;
    case '*': r = x * y; break;
    case '/':
        if (y == 0.0) {
            eg_diag_error(diags, e->loc, "division by zero");
            goto done;
        }
        r = x / y;
        break;
    case '^': r = pow(x, y); break;
    }
    if (finite(e, r, diags)) {
        /* The left operand's value becomes the result: no new value. */
        out = a;
        a = NULL;
        out->num = r;
        out->loc = e->loc;
    }
done:
    eg_value_free(a);
    eg_value_free(b);
    return out;
}

/* A chain of binary operators, evaluated link by link (see chain_links). */
static eg_value *eval_binary(const eg_ast *e, const eg_scope *scope, eg_diag_list *diags)
{
    const eg_ast *buf[EG_EVAL_CHAIN_BUF], **links, **heap;
    size_t n = chain_links(e, EG_AST_BINARY, buf, &links, &heap);
    if (!n)
        return oom(e, diags);
    eg_value *v = eval_node(links[0]->kids[0], scope, diags);
    for (size_t i = 0; i < n; i++)
        v = binary_link(links[i], v, scope, diags);
    free(heap);
    return v;
}

static eg_value *eval_negate(const eg_ast *e, const eg_scope *scope, eg_diag_list *diags)
{
    eg_value *a = eval_node(e->kids[0], scope, diags);
    if (!a)
        return NULL;
    if (a->kind != EG_VAL_NUMBER) {
        char buf[128];
        if (!report_symbol(a, scope, diags))
            eg_diag_error(diags, e->loc, "unary '-' needs a number, not %s", eg_value_describe(a, buf, sizeof buf));
        eg_value_free(a);
        return NULL;
    }
    a->num = -a->num;
    a->loc = e->loc;
    return a;
}

static int index_of(const eg_value *idx, const eg_scope *scope, eg_diag_list *diags, long *out)
{
    if (report_symbol(idx, scope, diags))
        return 0;
    if (idx->kind != EG_VAL_NUMBER || idx->num != floor(idx->num) || idx->num < 0 || idx->num > 1e15) {
        char buf[128];
        eg_diag_error(diags, idx->loc, "an index must be a whole number >= 0, not %s",
                      eg_value_describe(idx, buf, sizeof buf));
        return 0;
    }
    *out = (long)idx->num;
    return 1;
}

/* One link of an index chain: item idx of base (NULL after an error); the
 * index is evaluated even then, for its own errors. */
static eg_value *index_link(const eg_ast *e, eg_value *base, const eg_scope *scope, eg_diag_list *diags)
{
    eg_value *idx = eg_eval(e->kids[1], scope, diags);
    eg_value *out = NULL;
    long i = 0;
    if (!base || !idx || !index_of(idx, scope, diags, &i))
        goto done;
    if (base->kind == EG_VAL_LIST) {
        if ((size_t)i >= base->n) {
            eg_diag_error(diags, idx->loc, "index %ld is out of range: the list has %zu items", i, base->n);
            goto done;
        }
        out = base->items[i];
        base->items[i] = NULL;
    } else if (base->kind == EG_VAL_REF && !base->indexed) {
        /* The block knows its size only when built: the run layer checks the bound. */
        base->indexed = 1;
        base->index = i;
        out = base;
        base = NULL;
    } else if (!report_symbol(base, scope, diags)) {
        char buf[128];
        eg_diag_error(diags, e->loc, "only lists and blocks have items to index, not %s",
                      eg_value_describe(base, buf, sizeof buf));
    }
done:
    eg_value_free(base);
    eg_value_free(idx);
    return out;
}

/* A chain of indexing, x[i][j]..., evaluated link by link (see chain_links). */
static eg_value *eval_index(const eg_ast *e, const eg_scope *scope, eg_diag_list *diags)
{
    const eg_ast *buf[EG_EVAL_CHAIN_BUF], **links, **heap;
    size_t n = chain_links(e, EG_AST_INDEX, buf, &links, &heap);
    if (!n)
        return oom(e, diags);
    eg_value *v = eg_eval(links[0]->kids[0], scope, diags);
    for (size_t i = 0; i < n; i++)
        v = index_link(links[i], v, scope, diags);
    free(heap);
    return v;
}

static eg_value *eval_math(const eg_ast *e, const math_fn *fn, eg_value *call, const eg_scope *scope,
                           eg_diag_list *diags)
{
    eg_value *out = NULL;
    if ((int)call->n != fn->arity) {
        eg_diag_error(diags, e->loc, "'%s' takes %d argument%s, not %zu", fn->name, fn->arity,
                      fn->arity == 1 ? "" : "s", call->n);
        goto done;
    }
    for (size_t i = 0; i < call->n; i++) {
        if (call->items[i]->kind != EG_VAL_NUMBER || (call->arg_names && call->arg_names[i])) {
            char buf[128];
            if (!call->arg_names[i] && report_symbol(call->items[i], scope, diags))
                goto done;
            eg_diag_error(diags, call->items[i]->loc, "'%s' takes plain numbers, not %s", fn->name,
                          eg_value_describe(call->items[i], buf, sizeof buf));
            goto done;
        }
    }
    double x = call->items[0]->num;
    if (!in_domain(fn, x)) {
        if (fn->domain == EG_MATH_NONNEGATIVE)
            eg_diag_error(diags, e->loc, "sqrt of a negative number (%g)", x);
        else
            eg_diag_error(diags, e->loc, "%s of %g is undefined (it needs a positive number)", fn->name, x);
        goto done;
    }
    double r = fn->arity == 1 ? fn->f1(x) : fn->f2(x, call->items[1]->num);
    out = finite_number(e, r, scope, diags);
done:
    eg_value_free(call);
    return out;
}

/* geomspace(a, b, n): n numbers from a to b (both included) with a constant
 * ratio, for sweeps over orders of magnitude; a and b non-zero, of one sign. */
static eg_value *eval_geomspace(const eg_ast *e, eg_value *call, const eg_scope *scope, eg_diag_list *diags)
{
    eg_value *out = NULL;
    int plain = call->n == 3;
    for (size_t i = 0; plain && i < call->n; i++)
        plain = call->items[i]->kind == EG_VAL_NUMBER && !(call->arg_names && call->arg_names[i]);
    if (!plain) {
        eg_diag_error(diags, e->loc, "geomspace takes three numbers: geomspace(from, to, count)");
        goto done;
    }
    double a = call->items[0]->num, b = call->items[1]->num, n = call->items[2]->num;
    if (a == 0 || b == 0 || (a < 0) != (b < 0)) {
        eg_diag_error(diags, e->loc, "geomspace needs two non-zero ends of one sign, not %g and %g", a, b);
        goto done;
    }
    if (n != floor(n) || n < 1 || n > 1e6) {
        eg_diag_error(diags, call->items[2]->loc, "geomspace needs a whole count from 1 to 1000000, not %g", n);
        goto done;
    }
    if (!(out = eg_value_new(scope->arena, EG_VAL_LIST, e->loc))) {
        oom(e, diags);
        goto done;
    }
    for (size_t i = 0; i < (size_t)n; i++) {
        /* The ends are exact; inner points are a (b/a)^(i/(n-1)). */
        double x = i == 0 ? a : i + 1 == (size_t)n ? b : a * pow(b / a, (double)i / (n - 1));
        if (!(out = eg_value_push(out, eg_value_number(scope->arena, e->loc, x), NULL))) {
            oom(e, diags);
            goto done;
        }
    }
done:
    eg_value_free(call);
    return out;
}

static eg_value *eval_call(const eg_ast *e, const eg_scope *scope, eg_diag_list *diags)
{
    eg_value *call = eg_value_text(scope->arena, EG_VAL_CALL, e->loc, e->text);
    if (!call)
        return oom(e, diags);
    /* The arguments of a math function were tried by eval_number already. */
    const math_fn *math = find_math(e->text);
    eg_value *(*eval_arg)(const eg_ast *, const eg_scope *, eg_diag_list *) = math ? eval_node : eg_eval;
    int ok = 1;
    for (size_t i = 0; i < e->nkids; i++) {
        const eg_ast *arg = e->kids[i];
        eg_value *v = eval_arg(arg->kids[0], scope, diags);
        if (!v) {
            ok = 0;
            continue;
        }
        if (arg->name)
            v->name_loc = arg->loc;
        if (!(call = eg_value_push(call, v, arg->name)))
            return oom(e, diags);
    }
    if (!ok) {
        eg_value_free(call);
        return NULL;
    }
    if (strcmp(e->text, "geomspace") == 0)
        return eval_geomspace(e, call, scope, diags);
    /* A call with named arguments is never arithmetic: tanh(gain = 4) names an
     * activation for the schema to judge, tanh(0.5) is a number. */
    int named = 0;
    for (size_t i = 0; call->arg_names && i < call->n; i++)
        named |= call->arg_names[i] != NULL;
    const math_fn *fn = named ? NULL : math;
    return fn ? eval_math(e, fn, call, scope, diags) : call;
}

static eg_value *eval_seq(const eg_ast *e, eg_value_kind kind, const eg_scope *scope, eg_diag_list *diags)
{
    eg_value *list = eg_value_new(scope->arena, kind, e->loc);
    if (!list)
        return oom(e, diags);
    int ok = 1;
    for (size_t i = 0; i < e->nkids; i++) {
        eg_value *v = eg_eval(e->kids[i], scope, diags);
        if (!v) {
            ok = 0;
            continue;
        }
        if (kind == EG_VAL_RANGE && v->kind != EG_VAL_NUMBER) {
            char buf[128];
            if (!report_symbol(v, scope, diags))
                eg_diag_error(diags, v->loc, "a range is made of numbers, not %s", eg_value_describe(v, buf, sizeof buf));
            eg_value_free(v);
            ok = 0;
            continue;
        }
        if (!(list = eg_value_push(list, v, NULL)))
            return oom(e, diags);
    }
    if (!ok) {
        eg_value_free(list);
        return NULL;
    }
    return list;
}

eg_value *eg_eval(const eg_ast *e, const eg_scope *scope, eg_diag_list *diags)
{
    /* A lone number or name gains nothing from the short cut (and a name
     * would be looked up twice when it is not a param's number). */
    double x;
    if (e->kind != EG_AST_NUMBER && e->kind != EG_AST_NAME && eval_number(e, scope, &x)) {
        eg_value *v = eg_value_number(scope->arena, e->loc, x);
        return v ? v : oom(e, diags);
    }
    return eval_node(e, scope, diags);
}

/* eg_eval without the short cut of eval_number: for the parts of an
 * expression whose whole eval_number tried already, so that an expression
 * that is not a number costs one pass over it, not one per level. */
static eg_value *eval_node(const eg_ast *e, const eg_scope *scope, eg_diag_list *diags)
{
    eg_value *v = NULL;
    switch ((eg_ast_kind)e->kind) {
    case EG_AST_NUMBER:
        return (v = eg_value_number(scope->arena, e->loc, e->num)) ? v : oom(e, diags);
    case EG_AST_STRING:
        return (v = eg_value_text(scope->arena, EG_VAL_STRING, e->loc, e->text)) ? v : oom(e, diags);
    case EG_AST_NAME: return eval_name(e, scope, diags);
    case EG_AST_BINARY: return eval_binary(e, scope, diags);
    case EG_AST_NEGATE: return eval_negate(e, scope, diags);
    case EG_AST_INDEX: return eval_index(e, scope, diags);
    case EG_AST_CALL: return eval_call(e, scope, diags);
    case EG_AST_LIST: return eval_seq(e, EG_VAL_LIST, scope, diags);
    case EG_AST_RANGE: return eval_seq(e, EG_VAL_RANGE, scope, diags);
    default:
        eg_diag_error(diags, e->loc, "a %s is not an expression", eg_ast_kind_name(e->kind));
        return NULL;
    }
}
