/* npz_write.c: .npz archives as numpy.savez writes them: a zip archive whose
 * members "KEY.npy" are stored uncompressed (method 0), each with a local
 * header, then the central directory and its end record (PKWARE APPNOTE 4.3). */
#include "engram/npz.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "engram/npy.h"
#include "engram/outfile.h"

/* Little-endian stores. */
static unsigned char *put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v & 0xff);
    p[1] = (unsigned char)((v >> 8) & 0xff);
    return p + 2;
}

static unsigned char *put32(unsigned char *p, uint32_t v)
{
    for (int k = 0; k < 4; k++)
        p[k] = (unsigned char)((v >> (8 * k)) & 0xff);
    return p + 4;
}

/* A local (central = 0) or central (central = 1) header of a stored member. */
static unsigned char *put_header(unsigned char *p, int central, const char *name, size_t name_len, uint32_t crc,
                                 uint32_t size, uint32_t offset)
{
    p = put32(p, central ? 0x02014b50u : 0x04034b50u);
    if (central)
        p = put16(p, 20); /* made by */
    p = put16(p, 20);     /* needed to extract */
    p = put16(p, 0);      /* flags */
    p = put16(p, 0);      /* stored */
    p = put16(p, 0);      /* time */
    p = put16(p, 0x21);   /* date: 1980-01-01 */
    p = put32(p, crc);
    p = put32(p, size);
    p = put32(p, size);
    p = put16(p, (unsigned)name_len);
    p = put16(p, 0); /* extra */
    if (central) {
        p = put16(p, 0); /* comment */
        p = put16(p, 0); /* disk */
        p = put16(p, 0); /* internal attributes */
        p = put32(p, 0); /* external attributes */
        p = put32(p, offset);
    }
    memcpy(p, name, name_len);
    return p + name_len;
}

eg_status eg_npz_write(const char *path, const eg_npz_member *members, size_t n, eg_error *err)
{
    void **bufs = calloc(n ? n : 1, sizeof *bufs);
    size_t *lens = calloc(n ? n : 1, sizeof *lens);
    char **names = calloc(n ? n : 1, sizeof *names);
    unsigned char *zip = NULL;
    eg_status st = EG_OK;
    if (!bufs || !lens || !names) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory for %s", path);
        goto done;
    }
    size_t total = 22;
    for (size_t i = 0; i < n && st == EG_OK; i++) {
        size_t kl = strlen(members[i].key);
        if (kl > 1000) {
            st = eg_error_set(err, EG_EINVAL, "%s: a key of %zu characters is too long", path, kl);
            break;
        }
        if (!(names[i] = malloc(kl + 5))) {
            st = eg_error_set(err, EG_ENOMEM, "out of memory for %s", path);
            break;
        }
        memcpy(names[i], members[i].key, kl);
        memcpy(names[i] + kl, ".npy", 5);
        st = eg_npy_encode(members[i].ndim, members[i].shape, members[i].data, &bufs[i], &lens[i], err);
        total += 30 + 46 + 2 * (kl + 4) + lens[i];
    }
    if (st != EG_OK)
        goto done;
    if (total > UINT32_MAX || n > 0xffff) {
        st = eg_error_set(err, EG_EINVAL, "%s: %zu bytes or more than 65535 members need zip64, which engram does not write", path, total);
        goto done;
    }
    if (!(zip = malloc(total))) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory for %zu bytes of %s", total, path);
        goto done;
    }
    unsigned char *p = zip;
    /* Each member's CRC-32 and the offset of its local header, for the central directory. */
    uint32_t *crcs = malloc((n ? n : 1) * 2 * sizeof *crcs);
    if (!crcs) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory for %s", path);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        crcs[2 * i] = (uint32_t)crc32(crc32(0L, Z_NULL, 0), bufs[i], (uInt)lens[i]);
        crcs[2 * i + 1] = (uint32_t)(p - zip);
        p = put_header(p, 0, names[i], strlen(names[i]), crcs[2 * i], (uint32_t)lens[i], 0);
        memcpy(p, bufs[i], lens[i]);
        p += lens[i];
    }
    uint32_t dir_start = (uint32_t)(p - zip);
    for (size_t i = 0; i < n; i++)
        p = put_header(p, 1, names[i], strlen(names[i]), crcs[2 * i], (uint32_t)lens[i], crcs[2 * i + 1]);
    uint32_t dir_size = (uint32_t)(p - zip) - dir_start;
    p = put32(p, 0x06054b50u);
    p = put16(p, 0);
    p = put16(p, 0);
    p = put16(p, (unsigned)n);
    p = put16(p, (unsigned)n);
    p = put32(p, dir_size);
    p = put32(p, dir_start);
    p = put16(p, 0);
    free(crcs);
    st = eg_outfile_write(path, zip, (size_t)(p - zip), err);
done:
    for (size_t i = 0; bufs && names && i < n; i++) {
        free(bufs[i]);
        free(names[i]);
    }
    free(bufs);
    free(lens);
    free(names);
    free(zip);
    return st;
}
