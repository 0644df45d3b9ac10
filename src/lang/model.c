/* model.c: looking things up in a checked model. */
#include "lang/model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* FNV-1a: short names, few collisions, no setup. */
static size_t name_hash(const char *name)
{
    size_t h = (size_t)1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        h = (h ^ *p) * (size_t)1099511628211ULL;
    return h;
}

/* A slot holds (i << 1 | is_block) + 1. */
static const char *slot_name(const eg_model *m, size_t slot)
{
    size_t i = (slot - 1) >> 1;
    return (slot - 1) & 1 ? m->blocks[i]->name : m->params[i].name;
}

/* The slot of name, or 0. */
static size_t index_find(const eg_model *m, const char *name)
{
    if (!m->index_cap)
        return 0;
    for (size_t k = name_hash(name) & (m->index_cap - 1);; k = (k + 1) & (m->index_cap - 1)) {
        if (!m->index[k] || strcmp(slot_name(m, m->index[k]), name) == 0)
            return m->index[k];
    }
}

static void index_put(size_t *slots, size_t cap, const char *name, size_t slot)
{
    size_t k = name_hash(name) & (cap - 1);
    while (slots[k])
        k = (k + 1) & (cap - 1);
    slots[k] = slot;
}

int eg_model_index_add(eg_model *m, const char *name, int is_block, size_t i)
{
    if (index_find(m, name))
        return 1;
    if (2 * (m->index_used + 1) > m->index_cap) {
        size_t cap = m->index_cap ? 2 * m->index_cap : 64;
        size_t *slots = calloc(cap, sizeof *slots);
        if (!slots)
            return 0;
        for (size_t k = 0; k < m->index_cap; k++)
            if (m->index[k])
                index_put(slots, cap, slot_name(m, m->index[k]), m->index[k]);
        free(m->index);
        m->index = slots;
        m->index_cap = cap;
    }
    index_put(m->index, m->index_cap, name, ((i << 1) | (is_block ? 1 : 0)) + 1);
    m->index_used++;
    return 1;
}

const eg_block *eg_model_block(const eg_model *model, const char *name)
{
    size_t slot = index_find(model, name);
    if (slot)
        return (slot - 1) & 1 ? model->blocks[(slot - 1) >> 1] : NULL;
    if (model->index_cap)
        return NULL;
    /* A model built without the index (by hand) is searched in order. */
    for (size_t i = 0; i < model->nblocks; i++)
        if (strcmp(model->blocks[i]->name, name) == 0)
            return model->blocks[i];
    return NULL;
}

const eg_param *eg_model_param(const eg_model *model, const char *name)
{
    size_t slot = index_find(model, name);
    if (slot)
        return (slot - 1) & 1 ? NULL : &model->params[(slot - 1) >> 1];
    if (model->index_cap)
        return NULL;
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
