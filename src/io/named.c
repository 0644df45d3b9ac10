/* named.c: one interface over the files of named arrays (npz.c, safetensors.c),
 * chosen by the file's extension. */
#include "engram/named.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engram/npz.h"
#include "engram/safetensors.h"

struct eg_named {
    eg_npz *npz;
    eg_safetensors *st;
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
    return f->npz ? eg_npz_count(f->npz) : eg_safetensors_count(f->st);
}

const char *eg_named_key(const eg_named *f, size_t i)
{
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
    return f->npz ? eg_npz_read(f->npz, key, out, err) : eg_safetensors_read(f->st, key, out, err);
}
