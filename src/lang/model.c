/* model.c: looking things up in a checked model. */
#include "lang/model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* FNV-1a: short names, few collisions, no setup. */
static uint32_t name_hash(const char *name)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h;
}

/* The slot of name ((i << 1 | is_block) + 1), or 0. */
static size_t index_find(const eg_model *m, const char *name, uint32_t hash)
{
    if (!m->index_cap)
        return 0;
    for (size_t k = hash & (m->index_cap - 1);; k = (k + 1) & (m->index_cap - 1)) {
        const struct eg_name_slot *s = &m->index[k];
        if (!s->at || (s->hash == hash && strcmp(s->name, name) == 0))
            return s->at;
    }
}

static void index_put(struct eg_name_slot *slots, size_t cap, struct eg_name_slot slot)
{
    size_t k = slot.hash & (cap - 1);
    while (slots[k].at)
        k = (k + 1) & (cap - 1);
    slots[k] = slot;
}

/* Makes room for names in all, keeping the table at most two thirds full:
 * probes stay short, and the table small enough to stay in cache longer. */
int eg_model_index_reserve(eg_model *m, size_t names)
{
    if (names > SIZE_MAX / 3 || 3 * names <= 2 * m->index_cap)
        return names <= SIZE_MAX / 3;
    size_t cap = m->index_cap ? m->index_cap : 64;
    while (2 * cap < 3 * names)
        cap *= 2;
    struct eg_name_slot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return 0;
    for (size_t k = 0; k < m->index_cap; k++)
        if (m->index[k].at)
            index_put(slots, cap, m->index[k]);
    free(m->index);
    m->index = slots;
    m->index_cap = cap;
    return 1;
}

void eg_model_index_prefetch(const eg_model *m, const char *name)
{
    if (m->index_cap)
        __builtin_prefetch(&m->index[name_hash(name) & (m->index_cap - 1)]);
}

int eg_model_index_add(eg_model *m, const char *name, int is_block, size_t i)
{
    uint32_t hash = name_hash(name);
    if (index_find(m, name, hash))
        return 1;
    /* Slots count up to 2^31 params or blocks, far beyond any model that fits
     * in memory; past that the model is refused as too large. */
    if (i >= UINT32_MAX / 2 || !eg_model_index_reserve(m, m->index_used + 1))
        return 0;
    index_put(m->index, m->index_cap, (struct eg_name_slot){hash, (uint32_t)((i << 1) | (is_block ? 1u : 0u)) + 1, name});
    m->index_used++;
    return 1;
}

void eg_model_find(const eg_model *model, const char *name, const eg_param **param, const eg_block **block)
{
    *param = NULL;
    *block = NULL;
    size_t slot = index_find(model, name, name_hash(name));
    if (slot) {
        size_t i = (slot - 1) >> 1;
        if ((slot - 1) & 1)
            *block = model->blocks[i];
        else
            *param = &model->params[i];
        return;
    }
    if (model->index_cap)
        return;
    /* A model built without the index (by hand) is searched in order. */
    for (size_t i = 0; i < model->nparams && !*param; i++)
        if (strcmp(model->params[i].name, name) == 0)
            *param = &model->params[i];
    for (size_t i = 0; i < model->nblocks && !*param && !*block; i++)
        if (strcmp(model->blocks[i]->name, name) == 0)
            *block = model->blocks[i];
}

const eg_block *eg_model_block(const eg_model *model, const char *name)
{
    const eg_param *p;
    const eg_block *b;
    eg_model_find(model, name, &p, &b);
    return b;
}

const eg_param *eg_model_param(const eg_model *model, const char *name)
{
    const eg_param *p;
    const eg_block *b;
    eg_model_find(model, name, &p, &b);
    return p;
}

static const eg_field *field_of(const eg_block *block, const char *key)
{
    for (size_t k = 0; k < block->nfields; k++) {
        const char *name = block->fields[k].key->name;
        if (name[0] == key[0] && strcmp(name, key) == 0)
            return &block->fields[k];
    }
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
