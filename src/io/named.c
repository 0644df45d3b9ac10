/* named.c: one interface over the files of named arrays (npz.c, safetensors.c),
 * chosen by the file's extension, and over named arrays held in memory. */
#include "engram/named.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engram/npz.h"
#include "engram/safetensors.h"

struct eg_named {
    eg_npz *npz;
    eg_safetensors *st;
    const eg_named_entry *mem; /* arrays in memory (neither file) */
    size_t nmem;
    char *path;
};

static int has_suffix(const char *path, const char *suffix)
{
    size_t n = strlen(path), k = strlen(suffix);
    return n >= k && strcasecmp(path + n - k, suffix) == 0;
}

int eg_named_is(const char *path)
{
    return has_suffix(path, ".npz") || has_suffix(path, ".safetensors");
}

eg_status eg_named_open(const char *path, eg_named **out, eg_error *err)
{
    *out = NULL;
    if (!eg_named_is(path))
        return eg_error_set(err, EG_EPARSE, "%s: not a file of named arrays (.npz or .safetensors)", path);
    eg_named *f = calloc(1, sizeof *f);
    if (!f || !(f->path = strdup(path))) {
        free(f);
        return eg_error_set(err, EG_ENOMEM, "%s: out of memory", path);
    }
    eg_status st = has_suffix(path, ".npz") ? eg_npz_open(path, &f->npz, err) : eg_safetensors_open(path, &f->st, err);
    if (st != EG_OK) {
        eg_named_close(f);
        return st;
    }
    *out = f;
    return EG_OK;
}

eg_status eg_named_memory(const char *label, const eg_named_entry *entries, size_t n, eg_named **out, eg_error *err)
{
    *out = NULL;
    for (size_t i = 0; i < n; i++) {
        const eg_named_entry *e = &entries[i];
        size_t count = e->ndim == 0 ? 1 : e->shape[0] * (e->ndim == 2 ? e->shape[1] : 1);
        if (!e->key || e->ndim > 2 || (!e->data && count > 0))
            return eg_error_set(err, EG_EINVAL, "%s: array %zu ('%s') needs a key, 0 to 2 dimensions and its data", label,
                                i, e->key ? e->key : "(null)");
    }
    eg_named *f = calloc(1, sizeof *f);
    if (!f || !(f->path = strdup(label))) {
        free(f);
        return eg_error_set(err, EG_ENOMEM, "%s: out of memory", label);
    }
    f->mem = entries;
    f->nmem = n;
    *out = f;
    return EG_OK;
}

/* Entry e's values into a new array of its shape (any strides; float32 widened). */
static eg_status read_memory(const eg_named *f, const eg_named_entry *e, eg_array **out, eg_error *err)
{
    eg_array *a = eg_array_alloc(e->ndim, e->shape);
    if (!a)
        return eg_error_set(err, EG_ENOMEM, "%s: out of memory for '%s'", f->path, e->key);
    size_t rows = e->ndim == 2 ? e->shape[0] : 1, cols = e->ndim == 0 ? 1 : e->shape[e->ndim - 1];
    ptrdiff_t rs = e->ndim == 2 ? e->strides[0] : 0, cs = e->ndim == 0 ? 0 : e->strides[e->ndim - 1];
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++) {
            const char *p = (const char *)e->data + (ptrdiff_t)i * rs + (ptrdiff_t)j * cs;
            double x;
            if (e->float32) {
                float v;
                memcpy(&v, p, sizeof v);
                x = v;
            } else {
                memcpy(&x, p, sizeof x);
            }
            a->data[i * cols + j] = x;
        }
    *out = a;
    return EG_OK;
}

void eg_named_close(eg_named *f)
{
    if (!f)
        return;
    eg_npz_close(f->npz);
    eg_safetensors_close(f->st);
    free(f->path);
    free(f);
}

size_t eg_named_count(const eg_named *f)
{
    if (!f->npz && !f->st)
        return f->nmem;
    return f->npz ? eg_npz_count(f->npz) : eg_safetensors_count(f->st);
}

const char *eg_named_key(const eg_named *f, size_t i)
{
    if (!f->npz && !f->st)
        return i < f->nmem ? f->mem[i].key : NULL;
    return f->npz ? eg_npz_key(f->npz, i) : eg_safetensors_key(f->st, i);
}

int eg_named_has(const eg_named *f, const char *key)
{
    for (size_t i = 0; i < eg_named_count(f); i++)
        if (strcmp(eg_named_key(f, i), key) == 0)
            return 1;
    return 0;
}

const char *eg_named_path(const eg_named *f)
{
    return f->path;
}

eg_status eg_named_read(const eg_named *f, const char *key, eg_array **out, eg_error *err)
{
    if (!f->npz && !f->st) {
        for (size_t i = 0; i < f->nmem; i++)
            if (strcmp(f->mem[i].key, key) == 0)
                return read_memory(f, &f->mem[i], out, err);
        return eg_error_set(err, EG_EPARSE, "%s: no array '%s'", f->path, key);
    }
    return f->npz ? eg_npz_read(f->npz, key, out, err) : eg_safetensors_read(f->st, key, out, err);
}
