/* engram/idx.h: IDX array files (the MNIST distribution format), read as doubles. */
#ifndef ENGRAM_IDX_H
#define ENGRAM_IDX_H

#include <stddef.h>

#include "engram/array.h"
#include "engram/status.h"

/* The element type named by the third magic byte. */
typedef enum eg_idx_type {
    EG_IDX_UBYTE = 0x08,  /* unsigned 8-bit (MNIST pixels 0..255, labels) */
    EG_IDX_BYTE = 0x09,   /* signed 8-bit */
    EG_IDX_SHORT = 0x0B,  /* signed 16-bit */
    EG_IDX_INT = 0x0C,    /* signed 32-bit */
    EG_IDX_FLOAT = 0x0D,  /* IEEE binary32 */
    EG_IDX_DOUBLE = 0x0E  /* IEEE binary64 */
} eg_idx_type;

/* Decodes a whole IDX image buf[0..len): two zero bytes, the type byte, the
 * number of dimensions, one big-endian u32 extent per dimension, then the
 * big-endian elements, which become doubles (values unchanged: pixels stay
 * 0..255). *type (may be NULL) receives the element type. A wrong magic, an
 * unknown type, a truncated file, trailing bytes or a shape whose size
 * overflows give EG_EPARSE with a message starting with name. */
eg_status eg_idx_parse(const void *buf, size_t len, const char *name, eg_array **out, eg_idx_type *type,
                       eg_error *err);

/* As eg_idx_parse, keeping only rows [first, first + count) of the first
 * dimension (the result's shape[0] is count). The range must lie inside the
 * first extent (EG_EINVAL otherwise); the array must have a dimension. */
eg_status eg_idx_parse_rows(const void *buf, size_t len, const char *name, size_t first, size_t count,
                            eg_array **out, eg_idx_type *type, eg_error *err);

/* Reads the IDX file at path; the header and the file size are checked before
 * anything is allocated. EG_EIO when it cannot be opened or read. */
eg_status eg_idx_read(const char *path, eg_array **out, eg_idx_type *type, eg_error *err);

/* Reads only rows [first, first + count) of the file at path, seeking past the
 * others, so that a slice of a large file costs the slice alone. */
eg_status eg_idx_read_rows(const char *path, size_t first, size_t count, eg_array **out, eg_idx_type *type,
                           eg_error *err);

#endif
