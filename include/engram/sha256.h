/* engram/sha256.h: SHA-256 (FIPS 180-4), to name the exact model file a
 * sweep's results came from. */
#ifndef ENGRAM_SHA256_H
#define ENGRAM_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include "engram/status.h"

typedef struct eg_sha256 {
    uint32_t h[8];
    uint64_t bytes;      /* message length so far */
    unsigned char block[64];
    size_t fill;         /* bytes waiting in block */
} eg_sha256;

void eg_sha256_init(eg_sha256 *s);
void eg_sha256_update(eg_sha256 *s, const void *data, size_t len);
/* The digest as 32 bytes; s must be initialised again before reuse. */
void eg_sha256_final(eg_sha256 *s, unsigned char digest[32]);
/* The digest of data as 64 lowercase hex digits and a NUL. */
void eg_sha256_hex(const void *data, size_t len, char hex[65]);
/* The digest of a file's bytes as hex; EG_EIO names the path. */
eg_status eg_sha256_file(const char *path, char hex[65], eg_error *err);

#endif
