/* engram/named.h: files that hold named arrays, whichever their format: .npz
 * archives (numpy.savez) and .safetensors files, opened alike by extension;
 * and named arrays already in memory, read the same way. */
#ifndef ENGRAM_NAMED_H
#define ENGRAM_NAMED_H

#include <stddef.h>

#include "engram/array.h"
#include "engram/status.h"

typedef struct eg_named eg_named;

/* Whether path names a file of named arrays (by its extension, any case). */
int eg_named_is(const char *path);

/* Opens path (.npz or .safetensors). EG_EIO when it cannot be read,
 * EG_EPARSE when it is malformed or of another format. */
eg_status eg_named_open(const char *path, eg_named **out, eg_error *err);
/* An array held in memory, served as a file's key would be: float64 (or
 * float32) values, 0-, 1- or 2-d, strides in bytes (any order). Borrowed. */
typedef struct eg_named_entry {
    const char *key;
    const void *data;
    int float32;
    size_t ndim;
    size_t shape[2];
    ptrdiff_t strides[2];
} eg_named_entry;

/* Named arrays held in memory (a state dict handed over without a file),
 * shown as `label` in messages. The entries, their keys and data are borrowed
 * until the set is closed; eg_named_read copies the values out. */
eg_status eg_named_memory(const char *label, const eg_named_entry *entries, size_t n, eg_named **out, eg_error *err);

/* Accepts NULL. */
void eg_named_close(eg_named *f);

size_t eg_named_count(const eg_named *f);
const char *eg_named_key(const eg_named *f, size_t i);
int eg_named_has(const eg_named *f, const char *key);
const char *eg_named_path(const eg_named *f);

/* Reads array key as doubles. A missing key is EG_EPARSE listing the keys held. */
eg_status eg_named_read(const eg_named *f, const char *key, eg_array **out, eg_error *err);

#endif
