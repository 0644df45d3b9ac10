/* engram/npy.h: numpy .npy array files, read (any numeric dtype, as doubles) and written (float64). */
#ifndef ENGRAM_NPY_H
#define ENGRAM_NPY_H

#include <stddef.h>

#include "engram/array.h"
#include "engram/matrix.h"
#include "engram/status.h"

/* The largest ndim the reader takes (numpy's own limit is 32 before numpy 2, 64 since). */
#define EG_NPY_MAX_DIMS 64

/* Decodes a whole .npy image buf[0..len): format versions 1.0, 2.0 and 3.0;
 * dtypes '<f8' '<f4' '>f8' '>f4', the integers i1 i2 i4 i8 u1 u2 u4 u8 in
 * either byte order, and '|b1' (true is 1.0), all converted to double (64-bit
 * integers beyond 2^53 are rounded); fortran_order True is converted to
 * row-major. Any malformation (bad magic, truncation, a header that is not the
 * dict numpy writes, an unsupported dtype, data shorter or longer than the shape
 * needs) gives EG_EPARSE with a message that starts with name. *out is set only
 * on EG_OK. */
eg_status eg_npy_parse(const void *buf, size_t len, const char *name, eg_array **out, eg_error *err);

/* Reads the .npy file at path as eg_npy_parse does, checking the header and the
 * file size before allocating the data. EG_EIO when the file cannot be opened or
 * read. */
eg_status eg_npy_read(const char *path, eg_array **out, eg_error *err);

/* What a .npy file's header says: where the data start, their shape and dtype. */
typedef struct eg_npy_info {
    size_t data_offset;          /* bytes before the first item */
    char descr[24];              /* the dtype as written ("<f8") */
    int fortran;                 /* column-major order */
    size_t ndim;
    size_t shape[EG_NPY_MAX_DIMS];
} eg_npy_info;

/* Reads only the preamble and header of the .npy file at path (as eg_npy_read
 * checks them, without the data). EG_EIO when the file cannot be read,
 * EG_EPARSE when the header is malformed. */
eg_status eg_npy_read_header(const char *path, eg_npy_info *info, eg_error *err);

/* Reads a 1-d array (as a 1 × n matrix) or a 2-d array from path; any other
 * ndim is EG_EPARSE naming the shape found. */
eg_status eg_npy_read_matrix(const char *path, eg_matrix **out, eg_error *err);

/* Encodes a float64 C-order .npy image of the given shape (ndim 0 is a scalar,
 * data then holds one value) into a malloc'd buffer the caller frees. Format
 * version 1.0, or 2.0 when the header is too long for 1.0's 16-bit length. */
eg_status eg_npy_encode(size_t ndim, const size_t *shape, const double *data, void **buf, size_t *len,
                        eg_error *err);

/* The preamble and header alone of the image eg_npy_encode makes (malloc'd),
 * for a writer that streams the values after it. */
eg_status eg_npy_encode_header(size_t ndim, const size_t *shape, void **buf, size_t *len, eg_error *err);
/* count values as the data of that image lays them out (little-endian
 * float64), into out[0 .. 8·count). */
void eg_npy_encode_values(const double *data, size_t count, unsigned char *out);

/* Writes data of the given shape to path as eg_npy_encode lays it out, through
 * eg_outfile_write (a temporary name renamed into place). */
eg_status eg_npy_write(const char *path, size_t ndim, const size_t *shape, const double *data, eg_error *err);

/* Writes m as a 2-d (rows, cols) float64 array. */
eg_status eg_npy_write_matrix(const char *path, const eg_matrix *m, eg_error *err);

#endif
