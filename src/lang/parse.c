/* parse.c: drives the scanner and parser over one source, resolves includes,
 * and words syntax errors. The only file that sees the generated scanner. */
#include "lang/parse.h"

#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

char *eg_parse_quote(const char *text, size_t len, char *buf)
{
    size_t n = len < EG_PARSE_TOKEN_QUOTE ? len : EG_PARSE_TOKEN_QUOTE;
    if (n)
        memcpy(buf, text, n);
    strcpy(buf + n, len > n ? "..." : "");
    return buf;
}

void eg_parse_error(eg_parse_ctx *ctx, eg_loc loc, const char *fmt, ...)
{
    if (ctx->last_error_line == loc.line)
        return;
    ctx->last_error_line = loc.line;
    va_list ap;
    va_start(ap, fmt);
    char msg[640];
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    eg_diag_error(ctx->diags, loc, "%s", msg);
}

static int has(const char *const *names, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (names[i] && strcmp(names[i], name) == 0)
            return 1;
    return 0;
}

/* Removes the tokens in group from names; returns whether any was there. */
static int take_group(const char **names, int n, const char *const *group)
{
    int found = 0;
    for (int i = 0; i < n; i++)
        for (size_t g = 0; names[i] && group[g]; g++)
            if (strcmp(names[i], group[g]) == 0) {
                names[i] = NULL;
                found = 1;
            }
    return found;
}

/* How messages name a token class. */
static const char *token_words(const char *name)
{
    if (strcmp(name, "name") == 0)
        return "a name";
    if (strcmp(name, "string") == 0)
        return "a string";
    if (strcmp(name, "number") == 0)
        return "a number";
    return name;
}

/* Words the expected tokens: what can start a value and the operators are
 * named as groups, so that a message lists a handful of things at most. */
static void describe_expected(const char *const *expected, int nexpected, char *buf, size_t len)
{
    static const char *const value_starts[] = {"number", "string", "name", "'('", "'['", "'-'", NULL};
    static const char *const arg_keywords[] = {"'param'", "'include'", "'sweep'", "'in'", NULL};
    static const char *const operators[] = {"'+'", "'-'", "'*'", "'/'", "'^'", "'..'", "'['", NULL};
    enum { MAX = 64 };
    const char *names[MAX];
    int n = nexpected < MAX ? nexpected : MAX;
    for (int i = 0; i < n; i++)
        names[i] = expected[i];
    const char *items[MAX + 2];
    int count = 0;
    if (has(names, n, "number") && take_group(names, n, value_starts)) {
        items[count++] = "a value";
        /* Where a call's argument starts, a keyword may name it (`param = 1`);
         * saying so would only hide the value that is missing. */
        take_group(names, n, arg_keywords);
    }
    int ops = has(names, n, "'+'") && take_group(names, n, operators);
    /* '(' after a name (a call) is rarely what was meant where an operator fits. */
    if (ops)
        take_group(names, n, (const char *const[]){"'('", NULL});
    /* To a reader, the end of the file is one more end of line. */
    if (has(names, n, "end of line"))
        take_group(names, n, (const char *const[]){"end of file", NULL});
    for (int i = 0; i < n; i++)
        if (names[i])
            items[count++] = token_words(names[i]);
    if (ops)
        items[count++] = "an operator";
    buf[0] = '\0';
    if (count == 0 || count > 6)
        return;
    size_t used = 0;
    for (int i = 0; i < count && used < len; i++)
        used += (size_t)snprintf(buf + used, len - used, "%s%s", i == 0 ? "; expected " : i == count - 1 ? " or " : ", ",
                                 items[i]);
}

void eg_parse_report_syntax(eg_parse_ctx *ctx, eg_loc loc, const char *unexpected,
                            const char *const *expected, int nexpected)
{
    if (ctx->last_error_line == loc.line)
        return;
    char what[96], wanted[320], quote[3][EG_PARSE_TOKEN_QUOTE + 4];
    for (int i = 0; i < 3; i++)
        eg_parse_quote(ctx->text[i] ? ctx->text[i] : "", ctx->text_len[i], quote[i]);
    if (!unexpected)
        snprintf(what, sizeof what, "input");
    else if (strcmp(unexpected, "name") == 0 || strcmp(unexpected, "number") == 0)
        snprintf(what, sizeof what, "%s '%s'", unexpected, quote[0]);
    else
        snprintf(what, sizeof what, "%s", unexpected);
    int at_eof = unexpected && strcmp(unexpected, "end of file") == 0;
    if (at_eof && ctx->nopen > 0) {
        int open = ctx->nopen <= EG_PARSE_MAX_OPEN_BLOCKS ? ctx->nopen - 1 : EG_PARSE_MAX_OPEN_BLOCKS - 1;
        eg_parse_error(ctx, loc, "syntax error: unexpected end of file: a block is not closed with '}'");
        eg_diag_note(ctx->diags, ctx->open_blocks[open], "the block opened here");
        return;
    }
    if (unexpected && strcmp(unexpected, "'}'") == 0 && ctx->stray_close) {
        eg_parse_error(ctx, loc, "syntax error: unexpected '}': no block is open here");
        return;
    }
    describe_expected(expected, nexpected, wanted, sizeof wanted);
    /* `key value` inside a block reads as the start of a block `KIND NAME {`:
     * the likelier slip is a missing '='. */
    int only_brace = nexpected > 0 && has(expected, nexpected, "'{'");
    for (int i = 0; i < nexpected; i++)
        only_brace &= strcmp(expected[i], "'{'") == 0 || strcmp(expected[i], "end of line") == 0;
    if (only_brace && ctx->prev_token[0] == NAME && ctx->prev_token[1] == NAME) {
        eg_parse_error(ctx, loc, "syntax error: unexpected %s; expected '=' after '%s' (or '{' if '%s %s' opens a block)",
                       what, quote[2], quote[2], quote[1]);
        return;
    }
    if (unexpected && strcmp(unexpected, "','") == 0 && has(expected, nexpected, "end of line"))
        eg_parse_error(ctx, loc, "syntax error: unexpected ','%s (entries are separated by ';' or a new line)",
                       wanted);
    else
        eg_parse_error(ctx, loc, "syntax error: unexpected %s%s", what, wanted);
    /* An entry that went on past a line ending in '=' or an operator: the
     * error on the next line most likely comes from the line before. */
    if (ctx->carried_op && ctx->carried_at.line < loc.line) {
        eg_diag_note(ctx->diags, ctx->carried_at, "the line ends with '%c', so the entry goes on to the next line",
                     ctx->carried_op);
        ctx->carried_op = 0;
    }
    /* A bracket still open when the line, the block or the file ended is the
     * usual reason a ')' or ']' was wanted. */
    int wants_close = has(expected, nexpected, "')'") || has(expected, nexpected, "']'");
    if (wants_close && ctx->dropped_bracket) {
        eg_diag_note(ctx->diags, ctx->dropped_bracket_at, "the '%c' opened here is not closed",
                     ctx->dropped_bracket_char);
    } else if (wants_close && ctx->depth > 0 && ctx->depth <= EG_PARSE_MAX_OPEN_BRACKETS) {
        eg_loc open = ctx->open_brackets[ctx->depth - 1];
        if (at_eof || open.line < loc.line)
            eg_diag_note(ctx->diags, open, "the '%c' opened here is not closed", ctx->open_bracket_chars[ctx->depth - 1]);
    }
}

void eg_parse_report_not_step(eg_parse_ctx *ctx, eg_loc loc, const char *word)
{
    eg_parse_error(ctx, loc, "expected 'step' after a range, found '%s' (write 'a .. b step s')", word);
}

void eg_parse_report_oom(eg_parse_ctx *ctx, eg_loc loc)
{
    eg_diag_error(ctx->diags, loc, "out of memory while parsing");
}

/* Scans and parses one source's text into arena; returns its EG_AST_FILE node or NULL. */
static eg_ast *parse_source(eg_arena *arena, const eg_source *src, eg_diag_list *diags)
{
    eg_parse_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.diags = diags;
    ctx.arena = arena;
    ctx.file = src->path;
    ctx.line = 1;
    ctx.col = 1;
    const char *nul = memchr(src->text, '\0', src->len);
    if (nul) {
        /* Binary data: one error at the first NUL rather than one per stray byte. */
        eg_loc at = {src->path, 1, 1};
        for (const char *p = src->text; p < nul; p++) {
            if (*p == '\n') {
                at.line++;
                at.col = 1;
            } else {
                at.col++;
            }
        }
        eg_diag_error(diags, at, "not a model file: it contains a NUL byte (at offset %zu)", (size_t)(nul - src->text));
        return NULL;
    }
    yyscan_t scanner;
    if (eg_yylex_init_extra(&ctx, &scanner) != 0) {
        eg_diag_error(diags, eg_loc_file(src->path), "out of memory while parsing");
        return NULL;
    }
    /* In place: the text ends with the two NULs flex wants after a buffer. */
    YY_BUFFER_STATE buf = eg_yy_scan_buffer(src->text, src->len + 2, scanner);
    /* Numbers are C doubles whatever locale the host program chose. */
    locale_t c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    locale_t previous = c_locale ? uselocale(c_locale) : (locale_t)0;
    int rc = buf ? eg_yyparse(scanner, &ctx) : 2;
    if (c_locale) {
        uselocale(previous);
        freelocale(c_locale);
    }
    if (rc == 2 && !ctx.result && !ctx.too_deep)
        eg_diag_error(diags, eg_loc_file(src->path), "out of memory while parsing");
    if (buf) {
        eg_lex_restore(scanner);
        eg_yy_delete_buffer(buf, scanner);
    }
    eg_yylex_destroy(scanner);
    free(ctx.strbuf);
    /* An aborted parse may still have set a partial result. */
    return ctx.result;
}

static eg_ast *parse_with_includes(eg_arena *arena, eg_source_set *sources, const eg_source *src,
                                   include_stack *stack, eg_diag_list *diags);

/* Replaces an include node by the statements of the file it names. */
static eg_ast *expand_include(eg_arena *arena, eg_source_set *sources, const eg_source *src, const eg_ast *inc,
                              include_stack *stack, eg_diag_list *diags)
{
    char *path = eg_source_resolve(src->path, inc->text);
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
    struct stat sb;
    /* A device or a pipe could block the parse or never end: only files are included. */
    if (!known && !sources->no_files && stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        eg_diag_error(diags, inc->loc, "cannot include '%s': it is not a regular file", path);
        free(path);
        return NULL;
    }
    if (known)
        child = (eg_source *)known;
    else if (eg_source_set_load(sources, path, &child, &err) != EG_OK) {
        eg_diag_error(diags, inc->loc, "%s", err.msg);
        free(path);
        return NULL;
    }
    free(path);
    return parse_with_includes(arena, sources, child, stack, diags);
}

/* Every included file's tree goes into the same arena as the including one's:
 * the spliced tree then has a single owner, its root. */
static eg_ast *parse_with_includes(eg_arena *arena, eg_source_set *sources, const eg_source *src,
                                   include_stack *stack, eg_diag_list *diags)
{
    eg_ast *tree = parse_source(arena, src, diags);
    if (!tree)
        return NULL;
    int has_include = 0;
    for (size_t i = 0; i < tree->nkids && !has_include; i++)
        has_include = tree->kids[i]->kind == EG_AST_INCLUDE;
    if (!has_include)
        return tree;
    stack->paths[stack->depth++] = src->path;
    eg_ast *out = eg_ast_new(arena, EG_AST_FILE, tree->loc);
    if (out)
        out->damaged = tree->damaged;
    for (size_t i = 0; out && i < tree->nkids; i++) {
        eg_ast *stmt = tree->kids[i];
        if (stmt->kind != EG_AST_INCLUDE) {
            out = eg_ast_push(arena, out, stmt);
            continue;
        }
        eg_ast *included = expand_include(arena, sources, src, stmt, stack, diags);
        /* What a failed include would have defined is unknown: the check
         * must not report its names as undefined. */
        if (!included || included->damaged)
            out->damaged = 1;
        if (included)
            out = eg_ast_splice(arena, out, included);
    }
    stack->depth--;
    return out;
}

/* Parses src with its includes into a tree that owns a fresh arena. */
static eg_ast *parse_root(eg_source_set *sources, const eg_source *src, eg_diag_list *diags)
{
    eg_arena *arena = calloc(1, sizeof *arena);
    if (!arena) {
        eg_diag_error(diags, eg_loc_file(src->path), "out of memory while parsing");
        return NULL;
    }
    include_stack stack = {.depth = 0};
    eg_ast *root = parse_with_includes(arena, sources, src, &stack, diags);
    if (!root) {
        eg_arena_free(arena);
        free(arena);
        return NULL;
    }
    root->arena = arena;
    return root;
}

eg_ast *eg_parse_file(eg_source_set *sources, const char *path, eg_diag_list *diags)
{
    eg_source *src = NULL;
    eg_error err;
    if (eg_source_set_load(sources, path, &src, &err) != EG_OK) {
        eg_diag_error(diags, eg_loc_file(NULL), "%s", err.msg);
        return NULL;
    }
    return parse_root(sources, src, diags);
}

eg_ast *eg_parse_text(eg_source_set *sources, const char *name, const char *text, size_t len,
                      eg_diag_list *diags)
{
    eg_source *src = NULL;
    if (eg_source_set_add_text(sources, name, text, len, &src) != EG_OK) {
        eg_diag_error(diags, eg_loc_file(NULL), "out of memory");
        return NULL;
    }
    return parse_root(sources, src, diags);
}
