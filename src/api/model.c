/* model.c: loading a model for a library caller: parse (a file or text),
 * apply the param overrides, check the schemas and compile, keeping every
 * diagnostic for the caller instead of printing it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "lang/eval.h"
#include "lang/parse.h"
#include "run/run.h"

const char *eg_api_status_name(eg_api_status st)
{
    switch (st) {
    case EG_API_OK: return "ok";
    case EG_API_EMODEL: return "model error";
    case EG_API_ENUMERIC: return "numeric failure";
    case EG_API_EIO: return "I/O error";
    case EG_API_ENOMEM: return "out of memory";
    case EG_API_EINVAL: return "invalid argument";
    case EG_API_ECANCELLED: return "cancelled";
    }
    return "unknown status";
}

eg_api_status eg_api_status_of(eg_status st)
{
    switch (st) {
    case EG_OK: return EG_API_OK;
    case EG_ENOMEM: return EG_API_ENOMEM;
    case EG_EINVAL: return EG_API_EINVAL;
    case EG_EIO: return EG_API_EIO;
    case EG_EPARSE: return EG_API_EMODEL;
    case EG_ENUMERIC: return EG_API_ENUMERIC;
    case EG_EMODEL: return EG_API_EMODEL;
    }
    return EG_API_EINVAL;
}

/* One override, parsed as the statement `param NAME = VALUE` (as -D does), its
 * value evaluated on its own. 0 after reporting into diags. */
static int add_override(eg_api_model *m, const eg_api_param *p, eg_diag_list *diags)
{
    if (!p->name || !p->value || !*p->name) {
        eg_diag_error(diags, eg_loc_file(NULL), "a param override needs a name and a value");
        return 0;
    }
    size_t len = strlen(p->name) + strlen(p->value) + 16;
    char *text = malloc(len), label[160];
    if (!text) {
        eg_diag_error(diags, eg_loc_file(NULL), "out of memory");
        return 0;
    }
    snprintf(text, len, "param %s = %s\n", p->name, p->value);
    snprintf(label, sizeof label, "param %.140s", p->name);
    eg_ast *ast = eg_parse_text(&m->sources, label, text, strlen(text), diags);
    free(text);
    if (!ast || diags->errors || ast->nkids != 1 || ast->kids[0]->kind != EG_AST_PARAM) {
        if (!diags->errors)
            eg_diag_error(diags, eg_loc_file(NULL), "param %s = %s: expected a name and an expression", p->name,
                          p->value);
        eg_ast_free(ast);
        return 0;
    }
    eg_scope scope = {NULL, 0, NULL}; /* the value outlives the tree: on the heap */
    eg_value *v = eg_eval(ast->kids[0]->kids[0], &scope, diags);
    char *name = strdup(ast->kids[0]->text);
    eg_ast_free(ast);
    if (!v || !name) {
        if (v && !name)
            eg_diag_error(diags, eg_loc_file(NULL), "out of memory");
        eg_value_free(v);
        free(name);
        return 0;
    }
    m->overrides[m->noverrides] = (eg_override){name, v};
    m->values[m->noverrides++] = v;
    return 1;
}

/* Parses (the file at path, or text), checks and compiles, as `engram check` does. */
static eg_api_status load(eg_api_model *m, const char *path, const char *text, size_t len,
                          const eg_api_param *params, size_t nparams, eg_diag_list *diags)
{
    m->overrides = calloc(nparams + 1, sizeof *m->overrides);
    m->values = calloc(nparams + 1, sizeof *m->values);
    m->path = strdup(path);
    if (!m->overrides || !m->values || !m->path)
        return EG_API_ENOMEM;
    for (size_t i = 0; i < nparams; i++)
        if (!add_override(m, &params[i], diags))
            return EG_API_EMODEL;
    m->ast = text ? eg_parse_text(&m->sources, path, text, len, diags) : eg_parse_file(&m->sources, path, diags);
    if (!m->ast && !text && !eg_source_set_find(&m->sources, path))
        return EG_API_EIO;
    /* A file with syntax errors is still checked, so one pass shows every problem. */
    eg_model *model = m->ast ? eg_model_check(m->ast, eg_kind_schemas(), m->overrides, m->noverrides, diags) : NULL;
    if (diags->errors > 0 && model) {
        eg_model_free(model);
        model = NULL;
    }
    m->prog = model ? eg_program_compile(model, diags) : NULL;
    if (!m->prog)
        return diags->oom ? EG_API_ENOMEM : EG_API_EMODEL;
    return EG_API_OK;
}

static eg_api_status load_any(const char *path, const char *text, size_t len, const eg_api_param *params,
                              size_t nparams, eg_api_model **out)
{
    *out = NULL;
    if (!path || (nparams && !params))
        return EG_API_EINVAL;
    eg_api_model *m = calloc(1, sizeof *m);
    if (!m)
        return EG_API_ENOMEM;
    eg_source_set_init(&m->sources);
    eg_diag_list_init(&m->diags.list);
    eg_diag_list diags;
    eg_diag_list_init(&diags);
    m->status = load(m, path, text, len, params, nparams, &diags);
    if (eg_api_diags_fill(&m->diags, &diags, &m->sources) != EG_API_OK) {
        eg_diag_list_free(&diags);
        eg_api_model_free(m);
        return EG_API_ENOMEM;
    }
    *out = m;
    return m->status;
}

eg_api_status eg_api_load_file(const char *path, const eg_api_param *params, size_t nparams, eg_api_model **out)
{
    return load_any(path, NULL, 0, params, nparams, out);
}

eg_api_status eg_api_load_text(const char *name, const char *text, size_t len, const eg_api_param *params,
                               size_t nparams, eg_api_model **out)
{
    if (!text) {
        *out = NULL;
        return EG_API_EINVAL;
    }
    return load_any(name ? name : "<text>", text, len, params, nparams, out);
}

void eg_api_model_free(eg_api_model *m)
{
    if (!m)
        return;
    eg_program_free(m->prog);
    eg_ast_free(m->ast);
    for (size_t i = 0; i < m->noverrides; i++) {
        free((char *)m->overrides[i].name);
        eg_value_free(m->values[i]);
    }
    free(m->overrides);
    free(m->values);
    free(m->path);
    eg_api_diags_free(&m->diags);
    eg_source_set_free(&m->sources);
    free(m);
}

eg_api_status eg_api_check(const eg_api_model *m)
{
    return m->status;
}

const eg_api_diag *eg_api_model_diags(const eg_api_model *m, size_t *n)
{
    *n = m->diags.n;
    return m->diags.items;
}

const char *eg_api_model_diag_text(const eg_api_model *m)
{
    return m->diags.text;
}

/* Whether block b is an action (its kind runs). */
static int is_action(const eg_api_model *m, const eg_block *b)
{
    const eg_kind *kind = eg_kind_of(b);
    return kind && kind->run && eg_program_spec(m->prog, b);
}

size_t eg_api_model_actions(const eg_api_model *m)
{
    if (!m->prog)
        return 0;
    const eg_model *model = eg_program_model(m->prog);
    size_t n = 0;
    for (size_t i = 0; i < model->nblocks; i++)
        n += is_action(m, model->blocks[i]);
    return n;
}

const char *eg_api_model_action(const eg_api_model *m, size_t k)
{
    if (!m->prog)
        return NULL;
    const eg_model *model = eg_program_model(m->prog);
    for (size_t i = 0; i < model->nblocks; i++)
        if (is_action(m, model->blocks[i]) && k-- == 0)
            return model->blocks[i]->name;
    return NULL;
}
