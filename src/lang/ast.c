/* ast.c: syntax tree nodes: creation in the tree's arena, and freeing a tree. */
#include "lang/ast.h"

#include <stdlib.h>
#include <string.h>

eg_ast *eg_ast_new(eg_arena *arena, eg_ast_kind kind, eg_loc loc)
{
    eg_ast *n = eg_arena_alloc(arena, sizeof *n);
    if (n)
        *n = (eg_ast){.kind = kind, .loc = loc};
    return n;
}

eg_ast *eg_ast_new_number(eg_arena *arena, eg_loc loc, double value)
{
    eg_ast *n = eg_ast_new(arena, EG_AST_NUMBER, loc);
    if (n)
        n->num = value;
    return n;
}

eg_ast *eg_ast_new_binary(eg_arena *arena, eg_loc loc, int op, eg_ast *lhs, eg_ast *rhs)
{
    eg_ast *n = eg_ast_new(arena, EG_AST_BINARY, loc);
    if (n)
        n->op = (char)op;
    return eg_ast_push(arena, eg_ast_push(arena, n, lhs), rhs);
}

eg_ast *eg_ast_new_unary(eg_arena *arena, eg_ast_kind kind, eg_loc loc, eg_ast *kid)
{
    return eg_ast_push(arena, eg_ast_new(arena, kind, loc), kid);
}

eg_ast *eg_ast_with_text(eg_ast *node, char *text)
{
    if (!node || !text)
        return NULL;
    node->text = text;
    return node;
}

eg_ast *eg_ast_with_name(eg_ast *node, char *name)
{
    if (!node || !name)
        return NULL;
    node->name = name;
    return node;
}

/* The capacity of an array of n kids: 2, then the next power of two. */
static int kids_full(uint32_t n)
{
    return n == 0 || (n >= 2 && (n & (n - 1)) == 0);
}

eg_ast *eg_ast_push(eg_arena *arena, eg_ast *parent, eg_ast *kid)
{
    if (!parent || !kid)
        return NULL;
    if (kids_full(parent->nkids)) {
        /* Most nodes have one or two children; doubling keeps long lists
         * linear to build, and the outgrown array stays in the arena, at most
         * as large as the final one. */
        if (parent->nkids > UINT32_MAX / 2)
            return NULL;
        uint32_t cap = parent->nkids ? 2 * parent->nkids : 2;
        eg_ast **kids = eg_arena_alloc(arena, cap * sizeof *kids);
        if (!kids)
            return NULL;
        if (parent->nkids)
            memcpy(kids, parent->kids, parent->nkids * sizeof *kids);
        parent->kids = kids;
    }
    parent->kids[parent->nkids++] = kid;
    return parent;
}

eg_ast *eg_ast_splice(eg_arena *arena, eg_ast *into, eg_ast *from)
{
    if (!into || !from)
        return NULL;
    for (size_t i = 0; i < from->nkids; i++)
        if (!(into = eg_ast_push(arena, into, from->kids[i])))
            return NULL;
    return into;
}

void eg_ast_free(eg_ast *root)
{
    if (!root || root->kind != EG_AST_FILE || !root->arena)
        return;
    /* The root lives in its own arena: take the arena out before freeing it. */
    eg_arena *arena = root->arena;
    eg_arena_free(arena);
    free(arena);
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
