/* model.c: looking things up in a checked model. */
#include "lang/model.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const eg_block *eg_model_block(const eg_model *model, const char *name)
{
    for (size_t i = 0; i < model->nblocks; i++)
        if (strcmp(model->blocks[i]->name, name) == 0)
            return model->blocks[i];
    return NULL;
}

const eg_param *eg_model_param(const eg_model *model, const char *name)
{
    for (size_t i = 0; i < model->nparams; i++)
        if (strcmp(model->params[i].name, name) == 0)
            return &model->params[i];
    return NULL;
}

static const eg_field *field_of(const eg_block *block, const char *key)
{
    for (size_t k = 0; k < block->nfields; k++)
        if (strcmp(block->fields[k].key->name, key) == 0)
            return &block->fields[k];
    return NULL;
}

const eg_value *eg_block_value(const eg_block *block, const char *key)
{
    const eg_field *f = field_of(block, key);
    return f ? f->value : NULL;
}

eg_loc eg_block_loc(const eg_block *block, const char *key)
{
    const eg_field *f = field_of(block, key);
    return f && f->value ? f->loc : block->loc;
}

double eg_block_number(const eg_block *block, const char *key)
{
    const eg_field *f = field_of(block, key);
    if (!f)
        return NAN;
    if (f->value && f->value->kind == EG_VAL_NUMBER)
        return f->value->num;
    return f->key->def_num;
}

const char *eg_block_word(const eg_block *block, const char *key)
{
    const eg_field *f = field_of(block, key);
    if (!f)
        return NULL;
    const eg_value *v = f->value;
    if (v && (v->kind == EG_VAL_SYMBOL || v->kind == EG_VAL_STRING || v->kind == EG_VAL_CALL || v->kind == EG_VAL_REF))
        return v->str;
    return f->key->def_word;
}

const char *eg_block_describe(const eg_block *block, char *buf, size_t len)
{
    if (block->named)
        snprintf(buf, len, "%s '%s'", block->schema->name, block->name);
    else
        snprintf(buf, len, "%s block", block->schema->name);
    return buf;
}
