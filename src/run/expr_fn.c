/* expr_fn.c: a tiny evaluator for one-variable expressions given as strings:
 * parsed by the model parser, compiled to a private tree, evaluated per call. */
#include "run/expr_fn.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/math_fn.h"
#include "lang/parse.h"

typedef enum node_op {
    OP_CONST,
    OP_VAR,
    OP_ADD,
    OP_SUB,
    OP_MUL,
    OP_DIV,
    OP_POW,
    OP_NEG,
    OP_CALL1,
    OP_CALL2
} node_op;

typedef struct node {
    node_op op;
    double value;
    double (*fn1)(double);
    double (*fn2)(double, double);
    struct node *a, *b;
} node;

struct eg_expr_fn {
    node *root;
};

static void node_free(node *n)
{
    if (!n)
        return;
    node_free(n->a);
    node_free(n->b);
    free(n);
}

/* The column inside the user's text: the parse wraps it in "param _ = ". */
enum { PREFIX_COLS = 10 };
#define PREFIX "param e = "

static eg_status compile(const eg_ast *e, const char *var, const char *text, node **out, eg_error *err)
{
    node *n = calloc(1, sizeof *n);
    if (!n)
        return eg_error_set(err, EG_ENOMEM, "out of memory");
    *out = n;
    int col = e->loc.col > PREFIX_COLS ? e->loc.col - PREFIX_COLS : 1;
    switch ((eg_ast_kind)e->kind) {
    case EG_AST_NUMBER:
        n->op = OP_CONST;
        n->value = e->num;
        return EG_OK;
    case EG_AST_NAME:
        if (strcmp(e->text, var) == 0) {
            n->op = OP_VAR;
            return EG_OK;
        }
        if (strcmp(e->text, "pi") == 0) {
            n->op = OP_CONST;
            n->value = 3.14159265358979323846;
            return EG_OK;
        }
        return eg_error_set(err, EG_EPARSE, "in \"%s\", column %d: unknown name '%s' (the variable is '%s')", text,
                            col, e->text, var);
    case EG_AST_NEGATE:
        n->op = OP_NEG;
        return compile(e->kids[0], var, text, &n->a, err);
    case EG_AST_BINARY: {
        switch (e->op) {
        case '+': n->op = OP_ADD; break;
        case '-': n->op = OP_SUB; break;
        case '*': n->op = OP_MUL; break;
        case '/': n->op = OP_DIV; break;
        case '^': n->op = OP_POW; break;
        default:
            return eg_error_set(err, EG_EPARSE, "in \"%s\", column %d: unsupported operator", text, col);
        }
        eg_status st = compile(e->kids[0], var, text, &n->a, err);
        return st != EG_OK ? st : compile(e->kids[1], var, text, &n->b, err);
    }
    case EG_AST_CALL: {
        for (size_t i = 0; i < e->nkids; i++)
            if (e->kids[i]->name)
                return eg_error_set(err, EG_EPARSE, "in \"%s\", column %d: '%s' takes no named arguments", text,
                                    col, e->text);
        const eg_math_fn *fn = eg_math_fn_find(e->text);
        if (!fn) {
            char one[256], two[128];
            return eg_error_set(err, EG_EPARSE, "in \"%s\", column %d: unknown function '%s' (known: %s; %s)", text,
                                col, e->text, eg_math_fn_names(1, one, sizeof one), eg_math_fn_names(2, two, sizeof two));
        }
        if ((int)e->nkids != fn->arity)
            return eg_error_set(err, EG_EPARSE, "in \"%s\", column %d: '%s' takes %s", text, col, e->text,
                                fn->arity == 1 ? "one argument" : "two arguments");
        if (fn->arity == 1) {
            n->op = OP_CALL1;
            n->fn1 = fn->f1;
            return compile(e->kids[0]->kids[0], var, text, &n->a, err);
        }
        n->op = OP_CALL2;
        n->fn2 = fn->f2;
        eg_status st = compile(e->kids[0]->kids[0], var, text, &n->a, err);
        return st != EG_OK ? st : compile(e->kids[1]->kids[0], var, text, &n->b, err);
    }
    default:
        return eg_error_set(err, EG_EPARSE, "in \"%s\", column %d: a %s is not allowed in a function of %s", text,
                            col, eg_ast_kind_name(e->kind), var);
    }
}

eg_status eg_expr_fn_compile(const char *text, const char *var, eg_expr_fn **out, eg_error *err)
{
    *out = NULL;
    if (strchr(text, '\n') || strchr(text, ';') || strchr(text, '#'))
        return eg_error_set(err, EG_EPARSE, "in \"%s\": an expression is one line without ';' or '#'", text);
    size_t len = strlen(text) + sizeof PREFIX + 1;
    char *src = malloc(len);
    if (!src)
        return eg_error_set(err, EG_ENOMEM, "out of memory");
    snprintf(src, len, PREFIX "%s\n", text);
    eg_source_set sources;
    eg_diag_list diags;
    eg_source_set_init(&sources);
    eg_diag_list_init(&diags);
    eg_ast *ast = eg_parse_text(&sources, "expression", src, strlen(src), &diags);
    free(src);
    eg_status st = EG_OK;
    if (!ast || diags.errors || ast->nkids != 1 || ast->kids[0]->kind != EG_AST_PARAM) {
        if (diags.count)
            st = eg_error_set(err, EG_EPARSE, "in \"%s\", column %d: %s", text,
                              diags.items[0].loc.col > PREFIX_COLS ? diags.items[0].loc.col - PREFIX_COLS : 1,
                              diags.items[0].message);
        else
            st = eg_error_set(err, diags.oom ? EG_ENOMEM : EG_EPARSE, "in \"%s\": not an expression", text);
    }
    eg_expr_fn *f = NULL;
    if (st == EG_OK && !(f = calloc(1, sizeof *f)))
        st = eg_error_set(err, EG_ENOMEM, "out of memory");
    if (st == EG_OK)
        st = compile(ast->kids[0]->kids[0], var, text, &f->root, err);
    eg_ast_free(ast);
    eg_diag_list_free(&diags);
    eg_source_set_free(&sources);
    if (st != EG_OK) {
        eg_expr_fn_free(f);
        return st;
    }
    *out = f;
    return EG_OK;
}

static double eval(const node *n, double x)
{
    switch (n->op) {
    case OP_CONST: return n->value;
    case OP_VAR: return x;
    case OP_ADD: return eval(n->a, x) + eval(n->b, x);
    case OP_SUB: return eval(n->a, x) - eval(n->b, x);
    case OP_MUL: return eval(n->a, x) * eval(n->b, x);
    case OP_DIV: return eval(n->a, x) / eval(n->b, x);
    case OP_POW: return pow(eval(n->a, x), eval(n->b, x));
    case OP_NEG: return -eval(n->a, x);
    case OP_CALL1: return n->fn1(eval(n->a, x));
    case OP_CALL2: return n->fn2(eval(n->a, x), eval(n->b, x));
    }
    return NAN;
}

double eg_expr_fn_eval(const eg_expr_fn *f, double x)
{
    return eval(f->root, x);
}

void eg_expr_fn_free(eg_expr_fn *f)
{
    if (!f)
        return;
    node_free(f->root);
    free(f);
}
