/* parse.c: drives the scanner and parser over one source, resolves includes,
 * and words syntax errors. The only file that sees the generated scanner. */
#include "lang/parse.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "engram_parser.h"
#define YYSTYPE EG_YYSTYPE
#define YYLTYPE EG_YYLTYPE
#include "engram_lexer.h"

/* Deep include chains are almost surely a mistake (or a cycle through copies). */
#define EG_PARSE_MAX_INCLUDE_DEPTH 32

typedef struct include_stack {
    const char *paths[EG_PARSE_MAX_INCLUDE_DEPTH];
    int depth;
} include_stack;

void eg_parse_report_syntax(eg_parse_ctx *ctx, eg_loc loc, const char *unexpected,
                            const char *const *expected, int nexpected)
{
    char buf[512];
    size_t n = 0;
    const char *what = unexpected ? unexpected : "input";
    if (unexpected && (strcmp(unexpected, "name") == 0 || strcmp(unexpected, "number") == 0 ||
                       strcmp(unexpected, "string") == 0))
        n += (size_t)snprintf(buf + n, sizeof buf - n, "syntax error: unexpected %s '%s'", what,
                              ctx->token_text);
    else
        n += (size_t)snprintf(buf + n, sizeof buf - n, "syntax error: unexpected %s", what);
    if (unexpected && strcmp(unexpected, "end of file") == 0 && ctx->nopen > 0) {
        int open = ctx->nopen <= EG_PARSE_MAX_OPEN_BLOCKS ? ctx->nopen - 1 : EG_PARSE_MAX_OPEN_BLOCKS - 1;
        eg_diag_error(ctx->diags, loc, "%s: a block is not closed with '}'", buf);
        eg_diag_note(ctx->diags, ctx->open_blocks[open], "the block opened here");
        return;
    }
    for (int i = 0; i < nexpected && n < sizeof buf; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", i == 0 ? "; expected " : i == nexpected - 1 ? " or " : ", ",
                              expected[i]);
    eg_diag_error(ctx->diags, loc, "%s", buf);
}

void eg_parse_report_not_step(eg_parse_ctx *ctx, eg_loc loc, const char *word)
{
    eg_diag_error(ctx->diags, loc, "expected 'step' after a range, found '%s'", word);
}

void eg_parse_report_oom(eg_parse_ctx *ctx, eg_loc loc)
{
    eg_diag_error(ctx->diags, loc, "out of memory while parsing");
}

/* Scans and parses one source's text; returns its EG_AST_FILE node or NULL. */
static eg_ast *parse_source(const eg_source *src, eg_diag_list *diags)
{
    eg_parse_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.diags = diags;
    ctx.file = src->path;
    ctx.line = 1;
    ctx.col = 1;
    if (memchr(src->text, '\0', src->len)) {
        size_t at = (size_t)((const char *)memchr(src->text, '\0', src->len) - src->text);
        eg_diag_error(diags, eg_loc_file(src->path), "not a model file: it contains a NUL byte at offset %zu", at);
        return NULL;
    }
    yyscan_t scanner;
    if (eg_yylex_init_extra(&ctx, &scanner) != 0) {
        eg_diag_error(diags, eg_loc_file(src->path), "out of memory while parsing");
        return NULL;
    }
    YY_BUFFER_STATE buf = eg_yy_scan_bytes(src->text, (int)src->len, scanner);
    /* Numbers are C doubles whatever locale the host program chose. */
    locale_t c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    locale_t previous = c_locale ? uselocale(c_locale) : (locale_t)0;
    int rc = buf ? eg_yyparse(scanner, &ctx) : 2;
    if (c_locale) {
        uselocale(previous);
        freelocale(c_locale);
    }
    if (rc == 2 && !ctx.result)
        eg_diag_error(diags, eg_loc_file(src->path), "out of memory while parsing");
    if (buf)
        eg_yy_delete_buffer(buf, scanner);
    eg_yylex_destroy(scanner);
    free(ctx.strbuf);
    if (rc != 0 && ctx.result) {
        /* An aborted parse may still have set a partial result. */
        return ctx.result;
    }
    return ctx.result;
}

/* The path of `target` as named from a file at `from`: relative to its folder. */
static char *resolve_relative(const char *from, const char *target)
{
    const char *slash = strrchr(from, '/');
    if (target[0] == '/' || !slash)
        return strdup(target);
    size_t dir = (size_t)(slash - from) + 1, len = strlen(target);
    char *p = malloc(dir + len + 1);
    if (p) {
        memcpy(p, from, dir);
        memcpy(p + dir, target, len + 1);
    }
    return p;
}

static eg_ast *parse_with_includes(eg_source_set *sources, const eg_source *src, include_stack *stack,
                                   eg_diag_list *diags);

/* Replaces an include node by the statements of the file it names. */
static eg_ast *expand_include(eg_source_set *sources, const eg_source *src, eg_ast *inc, include_stack *stack,
                              eg_diag_list *diags)
{
    char *path = resolve_relative(src->path, inc->text);
    if (!path)
        return NULL;
    for (int i = 0; i < stack->depth; i++) {
        if (strcmp(stack->paths[i], path) == 0) {
            eg_diag_error(diags, inc->loc, "include cycle: '%s' includes itself (through %d file%s)",
                          path, stack->depth - i, stack->depth - i == 1 ? "" : "s");
            free(path);
            return NULL;
        }
    }
    if (stack->depth == EG_PARSE_MAX_INCLUDE_DEPTH) {
        eg_diag_error(diags, inc->loc, "includes nest deeper than %d files", EG_PARSE_MAX_INCLUDE_DEPTH);
        free(path);
        return NULL;
    }
    eg_source *child = NULL;
    const eg_source *known = eg_source_set_find(sources, path);
    eg_error err;
    if (known)
        child = (eg_source *)known;
    else if (eg_source_set_load(sources, path, &child, &err) != EG_OK) {
        eg_diag_error(diags, inc->loc, "%s", err.msg);
        free(path);
        return NULL;
    }
    free(path);
    return parse_with_includes(sources, child, stack, diags);
}

static eg_ast *parse_with_includes(eg_source_set *sources, const eg_source *src, include_stack *stack,
                                   eg_diag_list *diags)
{
    eg_ast *tree = parse_source(src, diags);
    if (!tree)
        return NULL;
    stack->paths[stack->depth++] = src->path;
    eg_ast *out = eg_ast_new(EG_AST_FILE, tree->loc);
    for (size_t i = 0; out && i < tree->nkids; i++) {
        eg_ast *stmt = tree->kids[i];
        tree->kids[i] = NULL;
        if (stmt->kind != EG_AST_INCLUDE) {
            out = eg_ast_push(out, stmt);
            continue;
        }
        eg_ast *included = expand_include(sources, src, stmt, stack, diags);
        eg_ast_free(stmt);
        if (included)
            out = eg_ast_splice(out, included);
    }
    stack->depth--;
    eg_ast_free(tree);
    return out;
}

eg_ast *eg_parse_file(eg_source_set *sources, const char *path, eg_diag_list *diags)
{
    eg_source *src = NULL;
    eg_error err;
    if (eg_source_set_load(sources, path, &src, &err) != EG_OK) {
        eg_diag_error(diags, eg_loc_file(NULL), "%s", err.msg);
        return NULL;
    }
    include_stack stack = {.depth = 0};
    return parse_with_includes(sources, src, &stack, diags);
}

eg_ast *eg_parse_text(eg_source_set *sources, const char *name, const char *text, size_t len,
                      eg_diag_list *diags)
{
    eg_source *src = NULL;
    if (eg_source_set_add_text(sources, name, text, len, &src) != EG_OK) {
        eg_diag_error(diags, eg_loc_file(NULL), "out of memory");
        return NULL;
    }
    include_stack stack = {.depth = 0};
    return parse_with_includes(sources, src, &stack, diags);
}
