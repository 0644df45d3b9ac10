/* ast.h: the syntax tree of a model file; built by the grammar and nothing else. */
#ifndef ENGRAM_LANG_AST_H
#define ENGRAM_LANG_AST_H

#include <stddef.h>

#include "lang/diag.h"

typedef enum eg_ast_kind {
    /* statements and structure */
    EG_AST_FILE,    /* kids: statements (includes already spliced in by parse) */
    EG_AST_PARAM,   /* text: name; kids[0]: value */
    EG_AST_INCLUDE, /* text: the path as written */
    EG_AST_SWEEP,   /* text: param name; kids[0]: values; kids[1..]: EG_AST_NAME of params zipped with it */
    EG_AST_BLOCK,   /* text: kind; name: optional block name; kids: entries and nested blocks */
    EG_AST_ENTRY,   /* text: key; kids[0]: value */
    /* expressions */
    EG_AST_NUMBER,  /* num */
    EG_AST_STRING,  /* text: the decoded string */
    EG_AST_NAME,    /* text */
    EG_AST_INDEX,   /* kids[0]: indexed expression, kids[1]: index */
    EG_AST_CALL,    /* text: function name; kids: EG_AST_ARG */
    EG_AST_ARG,     /* name: argument name or NULL when positional; kids[0]: value */
    EG_AST_LIST,    /* kids: elements */
    EG_AST_RANGE,   /* kids[0]: from, kids[1]: to, kids[2]: step (optional) */
    EG_AST_BINARY,  /* op: one of + - * / ^; kids[0], kids[1] */
    EG_AST_NEGATE   /* kids[0] */
} eg_ast_kind;

/* One node. Every node owns its strings and children; loc.file points into the
 * source set of the parse. */
typedef struct eg_ast {
    eg_ast_kind kind;
    eg_loc loc;
    char *text;
    char *name;
    double num;
    int op;
    int damaged; /* FILE or BLOCK: a syntax error dropped part of it */
    struct eg_ast **kids;
    size_t nkids, cap;
    struct eg_ast *inline_kids[2]; /* most nodes have at most two children: no array to allocate */
} eg_ast;

/* Allocation returns NULL when out of memory; every function accepts NULL
 * arguments and passes the failure on, so the parser needs no checks of its own. */
eg_ast *eg_ast_new(eg_ast_kind kind, eg_loc loc);
eg_ast *eg_ast_new_text(eg_ast_kind kind, eg_loc loc, const char *text, size_t len);
/* Like eg_ast_new_text, taking ownership of text (a malloc'd string; freed on failure). */
eg_ast *eg_ast_new_owned(eg_ast_kind kind, eg_loc loc, char *text);
eg_ast *eg_ast_new_number(eg_loc loc, double value);
eg_ast *eg_ast_new_binary(eg_loc loc, int op, eg_ast *lhs, eg_ast *rhs);
eg_ast *eg_ast_new_unary(eg_ast_kind kind, eg_loc loc, eg_ast *kid);
/* Appends kid to parent; on failure frees kid and returns NULL after freeing parent. */
eg_ast *eg_ast_push(eg_ast *parent, eg_ast *kid);
/* Moves the children of from to the end of into and frees from. */
eg_ast *eg_ast_splice(eg_ast *into, eg_ast *from);
/* Sets the name (copied); returns node, or NULL (node freed) when out of memory. */
eg_ast *eg_ast_set_name(eg_ast *node, const char *name, size_t len);
/* The same, taking ownership of name (a malloc'd string; freed on failure). */
eg_ast *eg_ast_take_name(eg_ast *node, char *name);
void eg_ast_free(eg_ast *node);

/* The kind's name as users see it ("number", "list", ...), for messages. */
const char *eg_ast_kind_name(eg_ast_kind kind);

#endif
