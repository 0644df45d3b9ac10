/* defines.c: -D NAME=VALUE options, shared by the commands that run models. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "engram/status.h"
#include "lang/eval.h"
#include "lang/parse.h"

void eg_cli_defines_free(eg_cli_defines *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free((char *)d->items[i].name);
        eg_value_free(d->values[i]);
        free(d->texts[i]);
    }
    free(d->items);
    free(d->values);
    free(d->texts);
    memset(d, 0, sizeof *d);
}

/* VALUE is an expression of its own (numbers, lists, words, arithmetic),
 * parsed as the statement `param NAME = VALUE`. */
int eg_cli_define(eg_cli_defines *d, const char *def, eg_source_set *sources, eg_diag_list *diags)
{
    const char *eq = strchr(def, '=');
    if (!eq || eq == def)
        return eg_cli_usage_error("-D takes NAME=VALUE, got '%s'", def);
    size_t len = strlen(def) + 16;
    char *text = malloc(len);
    if (!text)
        return EG_EXIT_INTERNAL;
    snprintf(text, len, "param %.*s = %s\n", (int)(eq - def), def, eq + 1);
    char name[128];
    snprintf(name, sizeof name, "-D %.100s", def);
    eg_ast *ast = eg_parse_text(sources, name, text, strlen(text), diags);
    free(text);
    if (!ast || diags->errors || ast->nkids != 1 || ast->kids[0]->kind != EG_AST_PARAM) {
        if (!diags->errors)
            eg_diag_error(diags, eg_loc_file(NULL), "-D %s: expected NAME=VALUE", def);
        eg_ast_free(ast);
        return EG_EXIT_USAGE;
    }
    eg_scope scope = {NULL, 0, NULL}; /* the value outlives the tree: on the heap */
    eg_value *v = eg_eval(ast->kids[0]->kids[0], &scope, diags);
    char *pname = strdup(ast->kids[0]->text);
    char *copy = strdup(def);
    eg_ast_free(ast);
    eg_override *ov = realloc(d->items, (d->n + 1) * sizeof *ov);
    if (ov)
        d->items = ov;
    eg_value **vals = realloc(d->values, (d->n + 1) * sizeof *vals);
    if (vals)
        d->values = vals;
    char **texts = realloc(d->texts, (d->n + 1) * sizeof *texts);
    if (texts)
        d->texts = texts;
    if (!v || !pname || !copy || !ov || !vals || !texts) {
        eg_value_free(v);
        free(pname);
        free(copy);
        return v ? EG_EXIT_INTERNAL : EG_EXIT_USAGE;
    }
    d->items[d->n] = (eg_override){pname, v};
    d->values[d->n] = v;
    d->texts[d->n++] = copy;
    return EG_EXIT_OK;
}

/* Whether d is an error about a -D option rather than the model file: the
 * check reports such errors without a place in the file, as "-D NAME: ...". */
static int is_define_error(const eg_diag *d)
{
    return d->severity == EG_DIAG_ERROR && !d->loc.file && strncmp(d->message, "-D ", 3) == 0;
}

int eg_cli_load_exit_code(const eg_source_set *sources, const char *path, const eg_diag_list *diags)
{
    if (!eg_source_set_find(sources, path))
        return EG_EXIT_IO; /* the model file could not be read */
    size_t define_errors = 0;
    for (size_t i = 0; i < diags->count; i++)
        define_errors += (size_t)is_define_error(&diags->items[i]);
    /* Only -D options are wrong (a param the model lacks): the command line is. */
    return define_errors > 0 && define_errors == diags->errors ? EG_EXIT_USAGE : EG_EXIT_MODEL;
}
