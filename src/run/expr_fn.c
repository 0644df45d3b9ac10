/* expr_fn.c: run-time evaluation of a one-variable expression taken from a
 * model file; the text is parsed by the model grammar (as `param f = TEXT`)
 * and the syntax tree is walked at every evaluation. */
#include "run/expr_fn.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/parse.h"

struct eg_expr_fn {
    eg_source_set sources;
    eg_ast *file; /* the parsed statement; root points into it */
    const eg_ast *root;
};

typedef struct unary_fn {
    const char *name;
    double (*f)(double);
} unary_fn;

static const unary_fn unary_fns[] = {
    {"exp", exp},   {"log", log},   {"log10", log10}, {"sqrt", sqrt}, {"tanh", tanh},   {"sinh", sinh},
    {"cosh", cosh}, {"sin", sin},   {"cos", cos},     {"atan", atan}, {"abs", fabs},    {"floor", floor},
    {"ceil", ceil}, {NULL, NULL},
};

static double fn_min(double a, double b) { return a < b ? a : b; }
static double fn_max(double a, double b) { return a > b ? a : b; }

typedef struct binary_fn {
    const char *name;
    double (*f)(double, double);
} binary_fn;

static const binary_fn binary_fns[] = {{"min", fn_min}, {"max", fn_max}, {"pow", pow}, {NULL, NULL}};

static const unary_fn *find_unary(const char *name)
{
    for (const unary_fn *u = unary_fns; u->name; u++)
        if (strcmp(u->name, name) == 0)
            return u;
    return NULL;
}

static const binary_fn *find_binary(const char *name)
{
    for (const binary_fn *b = binary_fns; b->name; b++)
        if (strcmp(b->name, name) == 0)
            return b;
    return NULL;
}

/* Checks once, at parse time, that every node is one the evaluator knows, so
 * evaluation itself cannot fail. `col` is relative to the start of the text. */
static eg_status validate(const eg_ast *e, int offset, eg_error *err)
{
    int col = e->loc.col - offset;
    switch (e->kind) {
    case EG_AST_NUMBER: return EG_OK;
    case EG_AST_NAME:
        if (strcmp(e->text, "x") == 0 || strcmp(e->text, "pi") == 0)
            return EG_OK;
        return eg_error_set(err, EG_EPARSE, "unknown name '%s' at column %d of the expression (only x and pi)",
                            e->text, col);
    case EG_AST_NEGATE: return validate(e->kids[0], offset, err);
    case EG_AST_BINARY: {
        eg_status st = validate(e->kids[0], offset, err);
        return st != EG_OK ? st : validate(e->kids[1], offset, err);
    }
    case EG_AST_CALL: {
        size_t want = find_unary(e->text) ? 1 : find_binary(e->text) ? 2 : 0;
        if (!want)
            return eg_error_set(err, EG_EPARSE, "unknown function '%s' at column %d of the expression", e->text,
                                col);
        if (e->nkids != want)
            return eg_error_set(err, EG_EPARSE, "'%s' takes %zu argument%s, got %zu (column %d of the expression)",
                                e->text, want, want == 1 ? "" : "s", e->nkids, col);
        for (size_t i = 0; i < e->nkids; i++) {
            if (e->kids[i]->name)
                return eg_error_set(err, EG_EPARSE, "'%s' takes no named arguments (column %d of the expression)",
                                    e->text, col);
            eg_status st = validate(e->kids[i]->kids[0], offset, err);
            if (st != EG_OK)
                return st;
        }
        return EG_OK;
    }
    default:
        return eg_error_set(err, EG_EPARSE, "a %s cannot appear in an expression of x (column %d)",
                            eg_ast_kind_name(e->kind), col);
    }
}

static double eval(const eg_ast *e, double x)
{
    switch (e->kind) {
    case EG_AST_NUMBER: return e->num;
    case EG_AST_NAME: return e->text[0] == 'x' ? x : 3.14159265358979323846;
    case EG_AST_NEGATE: return -eval(e->kids[0], x);
    case EG_AST_BINARY: {
        double a = eval(e->kids[0], x), b = eval(e->kids[1], x);
        switch (e->op) {
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
        case '/': return a / b;
        default: return pow(a, b);
        }
    }
    case EG_AST_CALL: {
        const unary_fn *u = find_unary(e->text);
        if (u)
            return u->f(eval(e->kids[0]->kids[0], x));
        return find_binary(e->text)->f(eval(e->kids[0]->kids[0], x), eval(e->kids[1]->kids[0], x));
    }
    default: return NAN;
    }
}

double eg_expr_fn_eval(double x, void *fn)
{
    return eval(((const eg_expr_fn *)fn)->root, x);
}

eg_status eg_expr_fn_parse(const char *text, eg_expr_fn **out, eg_error *err)
{
    static const char prefix[] = "param f = ";
    eg_expr_fn *fn = calloc(1, sizeof *fn);
    size_t len = strlen(text);
    char *line = malloc(sizeof prefix + len + 1);
    if (!fn || !line) {
        free(fn);
        free(line);
        return eg_error_set(err, EG_ENOMEM, "out of memory");
    }
    if (memchr(text, '\n', len) || memchr(text, ';', len)) {
        free(fn);
        free(line);
        return eg_error_set(err, EG_EPARSE, "an expression of x is one line without ';'");
    }
    snprintf(line, sizeof prefix + len + 1, "%s%s\n", prefix, text);
    eg_source_set_init(&fn->sources);
    eg_diag_list diags;
    eg_diag_list_init(&diags);
    fn->file = eg_parse_text(&fn->sources, "expression", line, strlen(line), &diags);
    free(line);
    eg_status st = EG_OK;
    if (!fn->file || diags.errors || fn->file->nkids != 1 || fn->file->kids[0]->kind != EG_AST_PARAM) {
        if (diags.count)
            st = eg_error_set(err, EG_EPARSE, "cannot read the expression '%s': %s (column %d)", text,
                              diags.items[0].message, diags.items[0].loc.col - (int)(sizeof prefix - 1));
        else
            st = eg_error_set(err, EG_EPARSE, "cannot read the expression '%s'", text);
    } else {
        fn->root = fn->file->kids[0]->kids[0];
        st = validate(fn->root, (int)(sizeof prefix - 1), err);
    }
    eg_diag_list_free(&diags);
    if (st != EG_OK) {
        eg_expr_fn_free(fn);
        return st;
    }
    *out = fn;
    return EG_OK;
}

void eg_expr_fn_free(eg_expr_fn *fn)
{
    if (!fn)
        return;
    eg_ast_free(fn->file);
    eg_source_set_free(&fn->sources);
    free(fn);
}
