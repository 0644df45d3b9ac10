/* engram/npz.h: numpy .npz archives (numpy.savez, numpy.savez_compressed, and
 * torch state dicts converted with them): a zip file of .npy members, stored
 * or deflated. */
#ifndef ENGRAM_NPZ_H
#define ENGRAM_NPZ_H

#include <stddef.h>

#include "engram/array.h"
#include "engram/status.h"

typedef struct eg_npz eg_npz;

/* Opens the archive at path and reads its central directory (zip64 records
 * included). The member names are the keys numpy gives them: "W" for a member
 * "W.npy". EG_EIO when the file cannot be read, EG_EPARSE when it is not a
 * zip archive of .npy members, both with a message naming path. */
eg_status eg_npz_open(const char *path, eg_npz **out, eg_error *err);
/* Accepts NULL. */
void eg_npz_close(eg_npz *npz);

/* The number of members, and the key of member i (i < eg_npz_count). */
size_t eg_npz_count(const eg_npz *npz);
const char *eg_npz_key(const eg_npz *npz, size_t i);
/* Whether the archive holds key. */
int eg_npz_has(const eg_npz *npz, const char *key);

/* Decodes member key as eg_npy_parse does (every numeric dtype as doubles).
 * A member that numpy pickled (an object array, written with allow_pickle)
 * is refused with EG_EPARSE saying so: engram never runs pickled code. A key
 * the archive lacks is EG_EPARSE listing the keys it holds. Sizes are checked
 * against the archive before anything is allocated. */
eg_status eg_npz_read(const eg_npz *npz, const char *key, eg_array **out, eg_error *err);

/* A member to write: a float64 array of ndim <= 2 dimensions under key. */
typedef struct eg_npz_member {
    const char *key;
    size_t ndim;
    size_t shape[2];
    const double *data;
} eg_npz_member;

/* Writes the members as numpy.savez does (a zip archive of stored, not
 * deflated, "KEY.npy" members) to path through eg_outfile_write. */
eg_status eg_npz_write(const char *path, const eg_npz_member *members, size_t n, eg_error *err);

#endif
