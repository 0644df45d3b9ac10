/* parse_ctx.h: state shared by the scanner and the parser of one model file. */
#ifndef ENGRAM_LANG_PARSE_CTX_H
#define ENGRAM_LANG_PARSE_CTX_H

#include <stddef.h>

#include "lang/ast.h"
#include "lang/diag.h"

#define EG_PARSE_MAX_OPEN_BLOCKS 64
#define EG_PARSE_MAX_OPEN_BRACKETS 64
#define EG_PARSE_TOKEN_QUOTE 40

typedef struct eg_parse_ctx {
    eg_diag_list *diags;
    eg_arena *arena;   /* where the tree, names and strings go */
    const char *file;  /* path of the source being scanned (owned by the source set) */
    eg_ast *result;    /* the EG_AST_FILE node, set when parsing ends */
    int line, col;     /* scanner position of the next byte */
    int newline_line, newline_col; /* where the last newline was */
    int depth;         /* ( and [ nesting: newlines inside them do not end entries */
    eg_loc open_brackets[EG_PARSE_MAX_OPEN_BRACKETS]; /* where the open ( and [ are */
    char open_bracket_chars[EG_PARSE_MAX_OPEN_BRACKETS];
    int dropped_bracket;        /* a brace just closed the scope of an open bracket ... */
    eg_loc dropped_bracket_at;  /* ... opened here */
    char dropped_bracket_char;
    int last_token;    /* to drop newlines after operators, commas and other newlines */
    int prev_token[2]; /* the two tokens before it, for hints */
    eg_loc open_blocks[EG_PARSE_MAX_OPEN_BLOCKS]; /* locations of unclosed '{' */
    int nopen;
    int stray_close;   /* the last '}' closed no block */
    char carried_op;   /* the entry went on past the end of a line ending in this operator ... */
    eg_loc carried_at; /* ... there */
    const char *text[3]; /* the text of the last token and the two before it ... */
    size_t text_len[3];  /* ... (pointing into the scanner's buffer), for messages */
    int too_deep;      /* the parser's stack filled up (reported as such, not as lack of memory) */
    int last_error_line; /* the line of the last parse error, for suppressing cascades */
    char *strbuf;      /* string literal being scanned (not NUL-terminated) */
    size_t strlen, strcap;
    int str_bad, str_oom; /* it held a bad escape / could not be stored */
    eg_loc str_start;
} eg_parse_ctx;

/* Copies a token's text into buf (EG_PARSE_TOKEN_QUOTE + 4 bytes), cut with
 * "..." when longer; returns buf. */
char *eg_parse_quote(const char *text, size_t len, char *buf);
/* Reports a lexical or syntax error, unless one was already reported on the
 * same line: what follows a first error on a line is most often its echo. */
void eg_parse_error(eg_parse_ctx *ctx, eg_loc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Called by the grammar on a syntax error; formats the message for the list. */
void eg_parse_report_syntax(eg_parse_ctx *ctx, eg_loc loc, const char *unexpected,
                            const char *const *expected, int nexpected);
/* Called by the grammar's `range` rule when the word after `a .. b` is not `step`. */
void eg_parse_report_not_step(eg_parse_ctx *ctx, eg_loc loc, const char *word);
/* Called by the grammar when an allocation failed while building the tree. */
void eg_parse_report_oom(eg_parse_ctx *ctx, eg_loc loc);
/* The scanner reads a source's text in place, holding the byte after the
 * current token aside while a NUL stands in for it; a parse that stops early
 * would leave the NUL there. This puts the byte back. */
void eg_lex_restore(void *scanner);

#endif
