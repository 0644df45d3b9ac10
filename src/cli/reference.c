/* reference.c: the reference of every block kind and function, drawn from the
 * schema tables the checker uses, so that it cannot drift from what engram
 * accepts: as text for `engram help KIND` and the man page, and as Markdown for
 * the Reference section of docs/language.md (`engram help --reference`). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "engram/strbuf.h"
#include "run/run.h"

/* The functions of one kind, each listed once (a function may serve several keys). */
enum { MAX_FUNCTIONS = 256 };
typedef struct seen_fns {
    const eg_schema *fn[MAX_FUNCTIONS];
    size_t n;
} seen_fns;

static int seen_add(seen_fns *seen, const eg_schema *fn)
{
    for (size_t i = 0; i < seen->n; i++)
        if (seen->fn[i] == fn)
            return 0;
    if (seen->n < MAX_FUNCTIONS)
        seen->fn[seen->n++] = fn;
    return 1;
}

/* The call types a value type admits: the type itself, a list's elements, a one-of's alternatives. */
static size_t call_types(const eg_type *t, const eg_type **out, size_t n, size_t cap)
{
    if (t->kind == EG_TY_CALL && n < cap)
        out[n++] = t;
    else if (t->kind == EG_TY_LIST && t->elem)
        n = call_types(t->elem, out, n, cap);
    else if (t->kind == EG_TY_ONEOF)
        for (size_t i = 0; t->alts[i]; i++)
            n = call_types(t->alts[i], out, n, cap);
    return n;
}

/* Code in Markdown is quoted with backticks; plain text has none. */
static const char *tick(int md)
{
    return md ? "`" : "";
}

static void type_text(eg_strbuf *b, const eg_type *t, int md);

static void call_names(eg_strbuf *b, const eg_type *t, int md)
{
    for (size_t i = 0; t->calls[i]; i++) {
        const eg_schema *fn = t->calls[i];
        const char *sep = i == 0 ? "" : md ? ", " : " | ";
        eg_strbuf_printf(b, "%s%s%s%s%s", sep, tick(md), fn->name, eg_schema_key_count(fn) ? "(...)" : "", tick(md));
    }
}

static void type_text(eg_strbuf *b, const eg_type *t, int md)
{
    switch (t->kind) {
    case EG_TY_WORD:
        for (size_t i = 0; t->words[i]; i++)
            eg_strbuf_printf(b, "%s%s%s%s", i == 0 ? "" : md ? ", " : " | ", tick(md), t->words[i], tick(md));
        return;
    case EG_TY_CALL:
        call_names(b, t, md);
        return;
    case EG_TY_REF:
        if (t->what) {
            eg_strbuf_printf(b, "%s", t->what);
            return;
        }
        if (!t->ref_kind) {
            eg_strbuf_printf(b, "a block");
            return;
        }
        if (t->ref_item == EG_REF_ITEM)
            eg_strbuf_printf(b, "one item %sX[i]%s of a %s block", tick(md), tick(md), t->ref_kind);
        else if (t->ref_item == EG_REF_EITHER)
            eg_strbuf_printf(b, "a %s block or one item %sX[i]%s of it", t->ref_kind, tick(md), tick(md));
        else
            eg_strbuf_printf(b, "a %s block", t->ref_kind);
        return;
    case EG_TY_LIST:
        if (t->what) {
            eg_strbuf_printf(b, "%s", t->what);
            return;
        }
        eg_strbuf_printf(b, "a list of: ");
        type_text(b, t->elem, md);
        return;
    case EG_TY_ONEOF:
        if (t->what) {
            eg_strbuf_printf(b, "%s", t->what);
            return;
        }
        for (size_t i = 0; t->alts[i]; i++) {
            eg_strbuf_printf(b, "%s", i == 0 ? "" : ", or ");
            type_text(b, t->alts[i], md);
        }
        return;
    default:
        eg_strbuf_printf(b, "%s", t->what ? t->what : "a value");
        return;
    }
}

/* Whether a number fits a type that takes numbers (as itself or as one alternative). */
static int number_fits(const eg_type *t, double x)
{
    switch (t->kind) {
    case EG_TY_NUMBER: return x >= t->min && x <= t->max;
    case EG_TY_INTEGER: return x >= t->min && x <= t->max && x == floor(x);
    case EG_TY_VECTOR: return 1;
    case EG_TY_ONEOF:
        for (size_t i = 0; t->alts[i]; i++)
            if (number_fits(t->alts[i], x))
                return 1;
        return 0;
    default: return 0;
    }
}

/* A key's default as written in a model, or "" when it has none that can be
 * stated alone. A numeric default outside the key's range stands for "none";
 * a doc that says how the default is found (it depends on other keys) wins. */
static void default_text(eg_strbuf *b, const eg_key *k, int md)
{
    if (k->required)
        eg_strbuf_printf(b, "required");
    else if (k->def_word)
        eg_strbuf_printf(b, "%s%s%s", tick(md), k->def_word, tick(md));
    else if (isfinite(k->def_num) && number_fits(k->type, k->def_num) && !(k->doc && strstr(k->doc, "default")))
        eg_strbuf_printf(b, "%s%.10g%s", tick(md), k->def_num, tick(md));
}

/* A function's signature: name(required, with = default, [optional]). */
static void signature(eg_strbuf *b, const eg_schema *fn)
{
    size_t count = eg_schema_key_count(fn);
    eg_strbuf_printf(b, "%s", fn->name);
    if (count == 0)
        return;
    eg_strbuf_printf(b, "(");
    for (size_t i = 0; i < count; i++) {
        const eg_key *k = eg_schema_key_at(fn, i);
        char dbuf[128];
        eg_strbuf d = eg_strbuf_fixed(dbuf, sizeof dbuf);
        dbuf[0] = '\0';
        if (!k->required)
            default_text(&d, k, 0);
        if (k->required)
            eg_strbuf_printf(b, "%s%s", i ? ", " : "", k->name);
        else if (d.len)
            eg_strbuf_printf(b, "%s%s = %s", i ? ", " : "", k->name, dbuf);
        else
            eg_strbuf_printf(b, "%s[%s]", i ? ", " : "", k->name);
    }
    eg_strbuf_printf(b, ")");
}

/* ---- Markdown ------------------------------------------------------------ */

/* Table cells: '|' would end the cell, '*' and '<' would start emphasis or HTML. */
static void md_cell(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '|' || *s == '*' || *s == '<' || *s == '\\')
            fputc('\\', out);
        fputc(*s, out);
    }
}

/* A cell whose text is already Markdown (code in backticks): only '|' outside code is escaped. */
static void md_code_cell(FILE *out, const char *s)
{
    int code = 0;
    for (; *s; s++) {
        if (*s == '`')
            code = !code;
        if (*s == '|' || (!code && (*s == '*' || *s == '<')))
            fputc('\\', out);
        fputc(*s, out);
    }
}

static void md_keys(FILE *out, const eg_key *const *keys, size_t n, const char *what)
{
    fprintf(out, "| %s | value | default | meaning |\n|---|---|---|---|\n", what);
    for (size_t i = 0; i < n; i++) {
        const eg_key *k = keys[i];
        char tbuf[1024], dbuf[128];
        eg_strbuf t = eg_strbuf_fixed(tbuf, sizeof tbuf), d = eg_strbuf_fixed(dbuf, sizeof dbuf);
        tbuf[0] = dbuf[0] = '\0';
        type_text(&t, k->type, 1);
        default_text(&d, k, 1);
        fprintf(out, "| `%s` | ", k->name);
        md_code_cell(out, tbuf);
        fputs(" | ", out);
        md_code_cell(out, d.len ? dbuf : "");
        fputs(" | ", out);
        md_cell(out, k->doc);
        fputs(" |\n", out);
    }
}

static void md_schema_keys(FILE *out, const eg_schema *s, const char *what)
{
    size_t n = eg_schema_key_count(s);
    const eg_key *keys[256];
    if (n > 256)
        n = 256;
    for (size_t i = 0; i < n; i++)
        keys[i] = eg_schema_key_at(s, i);
    md_keys(out, keys, n, what);
}

static void md_functions_of(FILE *out, const eg_key *k, seen_fns *seen, int depth);

static void md_function(FILE *out, const char *key, const eg_schema *fn, seen_fns *seen, int depth)
{
    char sbuf[1024];
    eg_strbuf sig = eg_strbuf_fixed(sbuf, sizeof sbuf);
    sbuf[0] = '\0';
    signature(&sig, fn);
    fprintf(out, "**`%s = %s`**: ", key, sbuf);
    md_cell(out, fn->doc);
    fputs(".\n\n", out);
    if (eg_schema_key_count(fn) == 0)
        return;
    md_schema_keys(out, fn, "argument");
    fputs("\n", out);
    size_t n = eg_schema_key_count(fn);
    for (size_t i = 0; i < n && depth < 4; i++)
        md_functions_of(out, eg_schema_key_at(fn, i), seen, depth + 1);
}

static void md_functions_of(FILE *out, const eg_key *k, seen_fns *seen, int depth)
{
    const eg_type *calls[16];
    size_t nc = call_types(k->type, calls, 0, 16);
    for (size_t c = 0; c < nc; c++)
        for (size_t i = 0; calls[c]->calls[i]; i++)
            if (seen_add(seen, calls[c]->calls[i]))
                md_function(out, k->name, calls[c]->calls[i], seen, depth);
}

/* Group i of a kind's keys: its keys as an array. */
static size_t group_keys(const eg_schema *s, size_t g, const eg_key **keys, size_t cap)
{
    size_t n = 0;
    for (const eg_key *k = s->groups[g]; k->name && n < cap; k++)
        keys[n++] = k;
    return n;
}

void eg_cli_print_kind_markdown(FILE *out, const eg_schema *s)
{
    if (s->family)
        fprintf(out, "### %s %s\n\n", s->family, s->name);
    else
        fprintf(out, "### %s\n\n", s->name);
    /* The kind's doc starts a sentence here. */
    if (s->doc[0] >= 'a' && s->doc[0] <= 'z')
        fputc(s->doc[0] - 'a' + 'A', out);
    md_cell(out, s->doc[0] >= 'a' && s->doc[0] <= 'z' ? s->doc + 1 : s->doc);
    if (s->family)
        fprintf(out, ". Written `%s %s { ... }`; such blocks are named `%s_1`, `%s_2`, ...\n\n", s->family, s->name,
                s->name, s->name);
    else
        fprintf(out, ". Written `%s NAME { ... }`.\n\n", s->name);
    if (s->groups) {
        for (size_t g = 0; s->groups[g]; g++) {
            const eg_key *keys[256];
            size_t n = group_keys(s, g, keys, 256);
            if (s->group_docs && s->group_docs[g]) {
                md_cell(out, s->group_docs[g]);
                fputs(":\n\n", out);
            }
            md_keys(out, keys, n, "key");
            fputs("\n", out);
        }
    } else {
        md_schema_keys(out, s, "key");
        fputs("\n", out);
    }
    seen_fns seen = {.n = 0};
    size_t n = eg_schema_key_count(s);
    for (size_t i = 0; i < n; i++)
        md_functions_of(out, eg_schema_key_at(s, i), &seen, 0);
}

void eg_cli_print_reference(FILE *out)
{
    fputs("This section is generated from the schema tables engram checks models against\n"
          "(`engram help --reference`); `engram help KIND` prints the same for one kind.\n"
          "A key whose default column says required must be given; a key with an empty default\n"
          "is optional, and its meaning says what leaving it out does. Functions are written\n"
          "`name(a, b = 1, [c])`: `a` is required, `b` defaults to 1, `c` is optional;\n"
          "arguments may be given by position or by name, and a function without arguments\n"
          "is written as a bare word (`rule = hebb`).\n\n",
          out);
    for (size_t i = 0; eg_kinds[i]; i++)
        eg_cli_print_kind_markdown(out, eg_kinds[i]->schema);
}

/* ---- Text ---------------------------------------------------------------- */

static void text_key(FILE *out, const eg_key *k, int indent)
{
    char tbuf[1024], dbuf[128];
    eg_strbuf t = eg_strbuf_fixed(tbuf, sizeof tbuf), d = eg_strbuf_fixed(dbuf, sizeof dbuf);
    tbuf[0] = dbuf[0] = '\0';
    type_text(&t, k->type, 0);
    default_text(&d, k, 0);
    const char *def_open = !d.len ? "" : k->required ? " (" : " (default ";
    fprintf(out, "%*s%-12s %s%s%s%s\n%*s%12s %s\n", indent, "", k->name, k->doc ? k->doc : "", def_open, dbuf,
            d.len ? ")" : "", indent, "", "", tbuf);
}

static void text_functions_of(FILE *out, const eg_key *k, seen_fns *seen, int depth)
{
    const eg_type *calls[16];
    size_t nc = call_types(k->type, calls, 0, 16);
    for (size_t c = 0; c < nc; c++) {
        for (size_t i = 0; calls[c]->calls[i]; i++) {
            const eg_schema *fn = calls[c]->calls[i];
            if (!seen_add(seen, fn))
                continue;
            char sbuf[1024];
            eg_strbuf sig = eg_strbuf_fixed(sbuf, sizeof sbuf);
            sbuf[0] = '\0';
            signature(&sig, fn);
            fprintf(out, "\n  %s = %s: %s\n", k->name, sbuf, fn->doc);
            size_t n = eg_schema_key_count(fn);
            for (size_t j = 0; j < n; j++)
                text_key(out, eg_schema_key_at(fn, j), 4);
            for (size_t j = 0; j < n && depth < 4; j++)
                text_functions_of(out, eg_schema_key_at(fn, j), seen, depth + 1);
        }
    }
}

void eg_cli_print_kind(FILE *out, const eg_schema *s)
{
    fprintf(out, "%s%s%s: %s\n", s->family ? s->family : "", s->family ? " " : "", s->name, s->doc);
    if (s->groups) {
        for (size_t g = 0; s->groups[g]; g++) {
            if (s->group_docs && s->group_docs[g])
                fprintf(out, "\nkeys of %s:\n", s->group_docs[g]);
            else
                fputs("\nkeys:\n", out);
            for (const eg_key *k = s->groups[g]; k->name; k++)
                text_key(out, k, 2);
        }
    } else {
        fputs("\nkeys:\n", out);
        size_t n = eg_schema_key_count(s);
        for (size_t i = 0; i < n; i++)
            text_key(out, eg_schema_key_at(s, i), 2);
    }
    seen_fns seen = {.n = 0};
    size_t n = eg_schema_key_count(s);
    for (size_t i = 0; i < n; i++)
        text_functions_of(out, eg_schema_key_at(s, i), &seen, 0);
}
