/* ast.c: syntax tree nodes: creation, ownership and freeing. */
#include "lang/ast.h"

#include <stdlib.h>
#include <string.h>

eg_ast *eg_ast_new(eg_ast_kind kind, eg_loc loc)
{
    eg_ast *n = calloc(1, sizeof *n);
    if (n) {
        n->kind = kind;
        n->loc = loc;
    }
    return n;
}

static char *copy_text(const char *text, size_t len)
{
    char *t = malloc(len + 1);
    if (t) {
        memcpy(t, text, len);
        t[len] = '\0';
    }
    return t;
}

eg_ast *eg_ast_new_text(eg_ast_kind kind, eg_loc loc, const char *text, size_t len)
{
    eg_ast *n = eg_ast_new(kind, loc);
    if (n && !(n->text = copy_text(text, len))) {
        free(n);
        return NULL;
    }
    return n;
}

eg_ast *eg_ast_new_owned(eg_ast_kind kind, eg_loc loc, char *text)
{
    eg_ast *n = text ? eg_ast_new(kind, loc) : NULL;
    if (!n) {
        free(text);
        return NULL;
    }
    n->text = text;
    return n;
}

eg_ast *eg_ast_new_number(eg_loc loc, double value)
{
    eg_ast *n = eg_ast_new(EG_AST_NUMBER, loc);
    if (n)
        n->num = value;
    return n;
}

eg_ast *eg_ast_new_binary(eg_loc loc, int op, eg_ast *lhs, eg_ast *rhs)
{
    eg_ast *n = eg_ast_new(EG_AST_BINARY, loc);
    if (n)
        n->op = op;
    return eg_ast_push(eg_ast_push(n, lhs), rhs);
}

eg_ast *eg_ast_new_unary(eg_ast_kind kind, eg_loc loc, eg_ast *kid)
{
    return eg_ast_push(eg_ast_new(kind, loc), kid);
}

eg_ast *eg_ast_push(eg_ast *parent, eg_ast *kid)
{
    if (!parent || !kid) {
        eg_ast_free(parent);
        eg_ast_free(kid);
        return NULL;
    }
    if (parent->cap == 0) {
        parent->kids = parent->inline_kids;
        parent->cap = 2;
    } else if (parent->nkids == parent->cap) {
        size_t cap = parent->cap * 2;
        eg_ast **kids = malloc(cap * sizeof *kids);
        if (!kids) {
            eg_ast_free(parent);
            eg_ast_free(kid);
            return NULL;
        }
        memcpy(kids, parent->kids, parent->nkids * sizeof *kids);
        if (parent->kids != parent->inline_kids)
            free(parent->kids);
        parent->kids = kids;
        parent->cap = cap;
    }
    parent->kids[parent->nkids++] = kid;
    return parent;
}

eg_ast *eg_ast_splice(eg_ast *into, eg_ast *from)
{
    if (!into || !from) {
        eg_ast_free(into);
        eg_ast_free(from);
        return NULL;
    }
    for (size_t i = 0; i < from->nkids; i++) {
        eg_ast *kid = from->kids[i];
        from->kids[i] = NULL;
        if (!(into = eg_ast_push(into, kid))) {
            eg_ast_free(from);
            return NULL;
        }
    }
    eg_ast_free(from);
    return into;
}

eg_ast *eg_ast_set_name(eg_ast *node, const char *name, size_t len)
{
    if (!node)
        return NULL;
    free(node->name);
    if (!(node->name = copy_text(name, len))) {
        eg_ast_free(node);
        return NULL;
    }
    return node;
}

eg_ast *eg_ast_take_name(eg_ast *node, char *name)
{
    if (!node || !name) {
        eg_ast_free(node);
        free(name);
        return NULL;
    }
    free(node->name);
    node->name = name;
    return node;
}

void eg_ast_free(eg_ast *node)
{
    if (!node)
        return;
    for (size_t i = 0; i < node->nkids; i++)
        eg_ast_free(node->kids[i]);
    if (node->kids != node->inline_kids)
        free(node->kids);
    free(node->text);
    free(node->name);
    free(node);
}

const char *eg_ast_kind_name(eg_ast_kind kind)
{
    switch (kind) {
    case EG_AST_FILE: return "file";
    case EG_AST_PARAM: return "param";
    case EG_AST_INCLUDE: return "include";
    case EG_AST_SWEEP: return "sweep";
    case EG_AST_BLOCK: return "block";
    case EG_AST_ENTRY: return "entry";
    case EG_AST_NUMBER: return "number";
    case EG_AST_STRING: return "string";
    case EG_AST_NAME: return "name";
    case EG_AST_INDEX: return "indexed value";
    case EG_AST_CALL: return "call";
    case EG_AST_ARG: return "argument";
    case EG_AST_LIST: return "list";
    case EG_AST_RANGE: return "range";
    case EG_AST_BINARY: return "expression";
    case EG_AST_NEGATE: return "expression";
    }
    return "node";
}
