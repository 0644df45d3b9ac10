/* ast.h: the syntax tree of a model file; built by the grammar and nothing else. */
#ifndef ENGRAM_LANG_AST_H
#define ENGRAM_LANG_AST_H

#include <stddef.h>
#include <stdint.h>

#include "lang/arena.h"
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

/* One node. Every node, its strings and its child arrays live in the arena of
 * the tree's root, so that building a tree costs no malloc per node and error
 * recovery in the parser never has anything to free; loc.file points into the
 * source set of the parse. A large model is millions of nodes, so a node keeps
 * to 48 bytes: what only some kinds hold shares one place, and the capacity of
 * kids follows from nkids (see eg_ast_push). */
typedef struct eg_ast {
    unsigned char kind; /* an eg_ast_kind */
    char op;            /* BINARY: one of + - * / ^ */
    char damaged;       /* FILE or BLOCK: a syntax error dropped part of it */
    char nested;        /* BLOCK: some of its kids are blocks (an error for the check to report) */
    uint32_t nkids;     /* a model file holds far fewer than 2^32 statements */
    eg_loc loc;
    char *text;
    union {
        char *name;       /* BLOCK, ARG */
        double num;       /* NUMBER */
        eg_arena *arena;  /* FILE, the root of a parsed tree only: the arena it owns */
    };
    struct eg_ast **kids;
} eg_ast;

/* Builders allocate from arena and return NULL when out of memory; every one
 * accepts NULL nodes and passes the failure on, so the parser needs no checks
 * of its own. Strings given to them must live in the same arena. */
eg_ast *eg_ast_new(eg_arena *arena, eg_ast_kind kind, eg_loc loc);
eg_ast *eg_ast_new_number(eg_arena *arena, eg_loc loc, double value);
eg_ast *eg_ast_new_binary(eg_arena *arena, eg_loc loc, int op, eg_ast *lhs, eg_ast *rhs);
eg_ast *eg_ast_new_unary(eg_arena *arena, eg_ast_kind kind, eg_loc loc, eg_ast *kid);
/* Sets node's text / name to an arena string; NULL when either is NULL. */
eg_ast *eg_ast_with_text(eg_ast *node, char *text);
eg_ast *eg_ast_with_name(eg_ast *node, char *name);
/* Appends kid to parent; NULL when either is NULL or out of memory. */
eg_ast *eg_ast_push(eg_arena *arena, eg_ast *parent, eg_ast *kid);
/* Moves the children of from to the end of into. */
eg_ast *eg_ast_splice(eg_arena *arena, eg_ast *into, eg_ast *from);
/* Frees a tree returned by eg_parse_file or eg_parse_text (its root), with
 * every node in it; accepts NULL. */
void eg_ast_free(eg_ast *root);

/* The kind's name as users see it ("number", "list", ...), for messages. */
const char *eg_ast_kind_name(eg_ast_kind kind);

#endif
