/* journal.h: an append-only file of records that survives being killed at any
 * moment. Each record is framed as
 *     "EGJ1" | length (4 bytes, little-endian) | CRC-32 of the payload (4 bytes) | payload
 * and written with one write() followed by fsync(), so after a crash a record
 * is there whole or not at all, except for a torn tail (a partial last frame),
 * which reading recognises by its length or checksum and drops. */
#ifndef ENGRAM_RUN_JOURNAL_H
#define ENGRAM_RUN_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "engram/status.h"

#define EG_JOURNAL_FRAME 12 /* bytes before the payload */
#define EG_JOURNAL_MAX_RECORD ((size_t)1 << 30)

/* CRC-32 (the IEEE 802.3 polynomial, reflected, as zlib computes it). */
uint32_t eg_journal_crc32(const void *data, size_t len);

/* Frames payload into a fresh buffer of EG_JOURNAL_FRAME + len bytes. */
eg_status eg_journal_frame(const void *payload, size_t len, unsigned char **out, size_t *out_len, eg_error *err);

/* The records of a journal image, in order. */
typedef struct eg_journal_records {
    char **data;  /* each payload, NUL-terminated for convenience */
    size_t *len;
    size_t n;
    size_t good; /* bytes of the image up to the end of the last whole record */
} eg_journal_records;

/* Reads the whole records of buf[0..len); stops at the first frame that is
 * incomplete or fails its checksum (the torn tail). */
eg_status eg_journal_parse(const void *buf, size_t len, eg_journal_records *out, eg_error *err);
/* The same for a file; a missing file has no records. */
eg_status eg_journal_read(const char *path, eg_journal_records *out, eg_error *err);
void eg_journal_records_free(eg_journal_records *r);

typedef struct eg_journal eg_journal;

/* Opens path for appending after its first `good` bytes (a torn tail beyond
 * them is cut off); creates the file when missing. */
eg_status eg_journal_open(const char *path, size_t good, eg_journal **out, eg_error *err);
/* Appends one record with a single write() and fsync(). Threads may append
 * at the same time: the file is opened with O_APPEND, so each record lands
 * whole at the end (the kernel serialises appends to a regular file). */
eg_status eg_journal_append(eg_journal *j, const void *payload, size_t len, eg_error *err);
void eg_journal_close(eg_journal *j);

#endif
