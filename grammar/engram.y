/* engram.y: the grammar of engram model files. Every action is one call into
 * the tree builder (lang/ast.h); meaning is checked later against the schema. */
%define api.pure full
%define api.prefix {eg_yy}
%define parse.error custom
/* Lookahead correction: the tokens listed as expected are really acceptable. */
%define parse.lac full
%locations
%expect 0
%param {void *scanner}
%parse-param {eg_parse_ctx *ctx}

%code requires {
#include "lang/parse_ctx.h"
}

%code {
#include <stdlib.h>
#include <string.h>
int eg_yylex(EG_YYSTYPE *lval, EG_YYLTYPE *lloc, void *scanner);
static void eg_yyerror(EG_YYLTYPE *lloc, void *scanner, eg_parse_ctx *ctx, const char *msg);
#define LOC(l) ((eg_loc){ctx->file, (l).first_line, (l).first_column})
/* Every node and name lives in the tree's arena. */
#define A ctx->arena
/* A builder that returned NULL ran out of memory: stop the parse. */
#define BUILT(node, l) do { if (!(node)) { eg_parse_report_oom(ctx, LOC(l)); YYABORT; } } while (0)
}

%union {
    eg_ast *node;
    char *str;
    double num;
}

%token <str> NAME "name" STRING "string"
%token <num> NUMBER "number"
%token PARAM "'param'" INCLUDE "'include'" SWEEP "'sweep'" IN "'in'"
%token TERM "end of line" DOTDOT "'..'"

%type <node> statements statement block body entries entry expr primary args arglist arg list elements sweep_names
%type <str> argname

/* No destructors: what error recovery discards stays in the tree's arena and
 * goes when the tree does. */

%nonassoc DOTDOT
%precedence NAME  /* `a .. b step c`: the word after a range belongs to it */
%left '+' '-'
%left '*' '/'
%precedence NEGATE
%right '^'

%%

file
    : statements              { ctx->result = $1; }
    | statements statement    { ctx->result = eg_ast_push(A, $1, $2); BUILT(ctx->result, @2); }
    ;

statements
    : %empty                            { $$ = eg_ast_new(A, EG_AST_FILE, LOC(@$)); BUILT($$, @$); }
    | statements TERM                   { $$ = $1; }
    | statements statement TERM         { $$ = eg_ast_push(A, $1, $2); BUILT($$, @2); }
    | statements block                  { $$ = eg_ast_push(A, $1, $2); BUILT($$, @2); }
    | statements error TERM             { $$ = $1; $$->damaged = 1; yyerrok; }
    | statements error body             { $$ = $1; $$->damaged = 1; (void)$3; yyerrok; }
    ;

/* param NAME = expr | include "file" | sweep NAME[, NAME...] in expr | NAME = expr (misplaced) */
statement
    : PARAM NAME '=' expr     { $$ = eg_ast_push(A, eg_ast_with_text(eg_ast_new(A, EG_AST_PARAM, LOC(@2)), $2), $4);
                                BUILT($$, @2); }
    | INCLUDE STRING          { $$ = eg_ast_with_text(eg_ast_new(A, EG_AST_INCLUDE, LOC(@2)), $2); BUILT($$, @2); }
    | SWEEP sweep_names IN expr
                              { /* kids[0] is the value; the names after the first follow it */
                                $$ = eg_ast_push(A, eg_ast_with_text(eg_ast_new(A, EG_AST_SWEEP, $2->loc), $2->text), $4);
                                $$ = eg_ast_splice(A, $$, $2); BUILT($$, @2); }
    | entry                   { $$ = $1; /* outside a block: the check reports it */ }
    ;

/* NAME [, NAME ...]: the params of a sweep; several move together (zip). The
 * node carries the first name as text and the others as NAME children. */
sweep_names
    : NAME                    { $$ = eg_ast_with_text(eg_ast_new(A, EG_AST_SWEEP, LOC(@1)), $1); BUILT($$, @1); }
    | sweep_names ',' NAME    { $$ = eg_ast_push(A, $1, eg_ast_with_text(eg_ast_new(A, EG_AST_NAME, LOC(@3)), $3));
                                BUILT($$, @3); }
    ;

/* KIND [NAME] { entries }; the brace may also open the next line */
block
    : NAME newlines body      { $$ = $3; $$->loc = LOC(@1); $$->text = $1; }
    | NAME NAME newlines body { $$ = $4; $$->loc = LOC(@1); $$->text = $1; $$->name = $2; }
    ;

newlines
    : %empty
    | newlines TERM
    ;

/* A syntax error drops the rest of its entry; the block is marked damaged so
 * that the check does not also complain about the key that was lost. */
body
    : '{' entries '}'         { $$ = $2; }
    | '{' entries entry '}'   { $$ = eg_ast_push(A, $2, $3); BUILT($$, @3); }
    | '{' entries error '}'   { $$ = $2; $$->damaged = 1; yyerrok; }
    ;

entries
    : %empty                  { $$ = eg_ast_new(A, EG_AST_BLOCK, LOC(@$)); BUILT($$, @$); }
    | entries TERM            { $$ = $1; }
    | entries entry TERM      { $$ = eg_ast_push(A, $1, $2); BUILT($$, @2); }
    | entries block           { $$ = eg_ast_push(A, $1, $2); BUILT($$, @2); $$->nested = 1; }
    | entries error TERM      { $$ = $1; $$->damaged = 1; yyerrok; }
    | entries error body      { $$ = $1; $$->damaged = 1; (void)$3; yyerrok; }
    ;

/* NAME = expr */
entry
    : NAME '=' expr           { $$ = eg_ast_push(A, eg_ast_with_text(eg_ast_new(A, EG_AST_ENTRY, LOC(@1)), $1), $3);
                                BUILT($$, @1); }
    ;

expr
    : primary                 { $$ = $1; }
    | expr '+' expr           { $$ = eg_ast_new_binary(A, LOC(@2), '+', $1, $3); BUILT($$, @2); }
    | expr '-' expr           { $$ = eg_ast_new_binary(A, LOC(@2), '-', $1, $3); BUILT($$, @2); }
    | expr '*' expr           { $$ = eg_ast_new_binary(A, LOC(@2), '*', $1, $3); BUILT($$, @2); }
    | expr '/' expr           { $$ = eg_ast_new_binary(A, LOC(@2), '/', $1, $3); BUILT($$, @2); }
    | expr '^' expr           { $$ = eg_ast_new_binary(A, LOC(@2), '^', $1, $3); BUILT($$, @2); }
    | '-' expr %prec NEGATE   { $$ = eg_ast_new_unary(A, EG_AST_NEGATE, LOC(@1), $2); BUILT($$, @1); }
    | expr DOTDOT expr        { $$ = eg_ast_push(A, eg_ast_push(A, eg_ast_new(A, EG_AST_RANGE, LOC(@1)), $1), $3);
                                BUILT($$, @2); }
    | expr DOTDOT expr NAME expr %prec DOTDOT
                              { if (strcmp($4, "step") != 0)
                                    eg_parse_report_not_step(ctx, LOC(@4), $4);
                                $$ = eg_ast_push(A, eg_ast_push(A, eg_ast_push(A, eg_ast_new(A, EG_AST_RANGE, LOC(@1)), $1), $3), $5);
                                BUILT($$, @2); }
    ;

primary
    : NUMBER                  { $$ = eg_ast_new_number(A, LOC(@1), $1); BUILT($$, @1); }
    | STRING                  { $$ = eg_ast_with_text(eg_ast_new(A, EG_AST_STRING, LOC(@1)), $1); BUILT($$, @1); }
    | NAME                    { $$ = eg_ast_with_text(eg_ast_new(A, EG_AST_NAME, LOC(@1)), $1); BUILT($$, @1); }
    | NAME '(' args ')'       { $$ = $3; $$->loc = LOC(@1); $$->text = $1; }
    | primary '[' expr ']'    { $$ = eg_ast_push(A, eg_ast_push(A, eg_ast_new(A, EG_AST_INDEX, LOC(@2)), $1), $3);
                                BUILT($$, @2); }
    | '(' expr ')'            { $$ = $2; }
    | list                    { $$ = $1; }
    ;

args
    : %empty                  { $$ = eg_ast_new(A, EG_AST_CALL, LOC(@$)); BUILT($$, @$); }
    | arglist                 { $$ = $1; }
    ;

arglist
    : arg                     { $$ = eg_ast_push(A, eg_ast_new(A, EG_AST_CALL, LOC(@1)), $1); BUILT($$, @1); }
    | arglist ',' arg         { $$ = eg_ast_push(A, $1, $3); BUILT($$, @3); }
    ;

/* [NAME =] expr */
arg
    : expr                    { $$ = eg_ast_new_unary(A, EG_AST_ARG, LOC(@1), $1); BUILT($$, @1); }
    | argname '=' expr        { $$ = eg_ast_with_name(eg_ast_new_unary(A, EG_AST_ARG, LOC(@1), $3), $1); BUILT($$, @1); }
    ;

/* An argument's name may be a keyword: inside a call's parentheses `param = 1`
 * can only name an argument (uhn's param, for one), and no keyword starts a
 * value, so the reading is unambiguous. */
argname
    : NAME                    { $$ = $1; }
    | PARAM                   { $$ = eg_arena_strndup(A, "param", 5); if (!$$) { eg_parse_report_oom(ctx, LOC(@1)); YYABORT; } }
    | INCLUDE                 { $$ = eg_arena_strndup(A, "include", 7); if (!$$) { eg_parse_report_oom(ctx, LOC(@1)); YYABORT; } }
    | SWEEP                   { $$ = eg_arena_strndup(A, "sweep", 5); if (!$$) { eg_parse_report_oom(ctx, LOC(@1)); YYABORT; } }
    | IN                      { $$ = eg_arena_strndup(A, "in", 2); if (!$$) { eg_parse_report_oom(ctx, LOC(@1)); YYABORT; } }
    ;

/* [ ] | [ e, e, ... ] with an optional trailing comma */
list
    : '[' ']'                 { $$ = eg_ast_new(A, EG_AST_LIST, LOC(@1)); BUILT($$, @1); }
    | '[' elements ']'        { $$ = $2; $$->loc = LOC(@1); }
    | '[' elements ',' ']'    { $$ = $2; $$->loc = LOC(@1); }
    ;

elements
    : expr                    { $$ = eg_ast_push(A, eg_ast_new(A, EG_AST_LIST, LOC(@1)), $1); BUILT($$, @1); }
    | elements ',' expr       { $$ = eg_ast_push(A, $1, $3); BUILT($$, @3); }
    ;

%%

static void eg_yyerror(EG_YYLTYPE *lloc, void *scanner, eg_parse_ctx *ctx, const char *msg)
{
    (void)scanner;
    /* The parser's stack is bounded (YYMAXDEPTH): only absurd nesting fills it. */
    if (strcmp(msg, "memory exhausted") == 0) {
        ctx->too_deep = 1;
        eg_diag_error(ctx->diags, LOC(*lloc),
                      "brackets, blocks and operators nest too deeply here (a few thousand levels at most)");
        return;
    }
    eg_parse_error(ctx, LOC(*lloc), "%s", msg);
}

/* Hands the unexpected token and every expected one to the message builder. */
static int yyreport_syntax_error(const yypcontext_t *yyctx, void *scanner, eg_parse_ctx *ctx)
{
    (void)scanner;
    enum { MAX_EXPECTED = YYNTOKENS };
    yysymbol_kind_t expected[MAX_EXPECTED];
    int n = yypcontext_expected_tokens(yyctx, expected, MAX_EXPECTED);
    const char *names[MAX_EXPECTED];
    for (int i = 0; i < n && i < MAX_EXPECTED; i++)
        names[i] = yysymbol_name(expected[i]);
    yysymbol_kind_t got = yypcontext_token(yyctx);
    const char *unexpected = got == YYSYMBOL_YYEMPTY ? NULL : yysymbol_name(got);
    if (got == YYSYMBOL_YYEOF)
        unexpected = "end of file";
    eg_parse_report_syntax(ctx, LOC(*yypcontext_location(yyctx)), unexpected, names, n < 0 ? 0 : n);
    return 0;
}
