/* engram/safetensors.h: safetensors files (an 8-byte little-endian header
 * length, a JSON header naming each tensor's dtype, shape and byte range, then
 * the raw little-endian data), as Hugging Face's library and PyTorch users
 * save weights. */
#ifndef ENGRAM_SAFETENSORS_H
#define ENGRAM_SAFETENSORS_H

#include <stddef.h>

#include "engram/array.h"
#include "engram/status.h"

typedef struct eg_safetensors eg_safetensors;

/* Opens path and parses its header; every tensor's byte range is checked
 * against its dtype, shape and the file's size. EG_EIO when the file cannot
 * be read, EG_EPARSE when it is malformed, both naming path. */
eg_status eg_safetensors_open(const char *path, eg_safetensors **out, eg_error *err);
/* Accepts NULL. */
void eg_safetensors_close(eg_safetensors *st);

/* The number of tensors, and the name of tensor i, in header order. */
size_t eg_safetensors_count(const eg_safetensors *st);
const char *eg_safetensors_key(const eg_safetensors *st, size_t i);

/* Reads tensor key as doubles: F64, F32, F16, BF16, I64, I32, I16, I8, U64,
 * U32, U16, U8 and BOOL. A missing key is EG_EPARSE listing the names held. */
eg_status eg_safetensors_read(const eg_safetensors *st, const char *key, eg_array **out, eg_error *err);

#endif
