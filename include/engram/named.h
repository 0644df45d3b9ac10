/* engram/named.h: files that hold named arrays, whichever their format: .npz
 * archives (numpy.savez) and .safetensors files, opened alike by extension. */
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
/* Accepts NULL. */
void eg_named_close(eg_named *f);

size_t eg_named_count(const eg_named *f);
const char *eg_named_key(const eg_named *f, size_t i);
int eg_named_has(const eg_named *f, const char *key);
const char *eg_named_path(const eg_named *f);

/* Reads array key as doubles. A missing key is EG_EPARSE listing the keys held. */
eg_status eg_named_read(const eg_named *f, const char *key, eg_array **out, eg_error *err);

#endif
