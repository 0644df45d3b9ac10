/* journal.c: length- and checksum-framed records appended with one write each. */
#include "run/sweep/journal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const unsigned char magic[4] = {'E', 'G', 'J', '1'};

struct eg_journal {
    int fd;
    char *path;
};

uint32_t eg_journal_crc32(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint32_t crc = 0xffffffffu;
    for (size_t i = 0; i < len; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    return crc ^ 0xffffffffu;
}

static void put_u32(unsigned char *p, uint32_t x)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(x >> (8 * i));
}

static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

eg_status eg_journal_frame(const void *payload, size_t len, unsigned char **out, size_t *out_len, eg_error *err)
{
    if (len > EG_JOURNAL_MAX_RECORD)
        return eg_error_set(err, EG_EINVAL, "a journal record of %zu bytes is too long", len);
    unsigned char *buf = malloc(EG_JOURNAL_FRAME + len);
    if (!buf)
        return eg_error_set(err, EG_ENOMEM, "out of memory");
    memcpy(buf, magic, 4);
    put_u32(buf + 4, (uint32_t)len);
    put_u32(buf + 8, eg_journal_crc32(payload, len));
    if (len)
        memcpy(buf + EG_JOURNAL_FRAME, payload, len);
    *out = buf;
    *out_len = EG_JOURNAL_FRAME + len;
    return EG_OK;
}

void eg_journal_records_free(eg_journal_records *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        free(r->data[i]);
    free(r->data);
    free(r->len);
    memset(r, 0, sizeof *r);
}

static eg_status push_record(eg_journal_records *r, const unsigned char *p, size_t len, eg_error *err)
{
    char **data = realloc(r->data, (r->n + 1) * sizeof *data);
    if (data)
        r->data = data;
    size_t *lens = realloc(r->len, (r->n + 1) * sizeof *lens);
    if (lens)
        r->len = lens;
    char *copy = data && lens ? malloc(len + 1) : NULL;
    if (!copy)
        return eg_error_set(err, EG_ENOMEM, "out of memory while reading the journal");
    memcpy(copy, p, len);
    copy[len] = '\0';
    r->data[r->n] = copy;
    r->len[r->n++] = len;
    return EG_OK;
}

eg_status eg_journal_parse(const void *buf, size_t len, eg_journal_records *out, eg_error *err)
{
    const unsigned char *p = buf;
    memset(out, 0, sizeof *out);
    size_t at = 0;
    while (len - at >= EG_JOURNAL_FRAME) {
        if (memcmp(p + at, magic, 4) != 0)
            break;
        size_t n = get_u32(p + at + 4);
        if (n > EG_JOURNAL_MAX_RECORD || n > len - at - EG_JOURNAL_FRAME)
            break;
        const unsigned char *payload = p + at + EG_JOURNAL_FRAME;
        if (eg_journal_crc32(payload, n) != get_u32(p + at + 8))
            break;
        eg_status st = push_record(out, payload, n, err);
        if (st != EG_OK) {
            eg_journal_records_free(out);
            return st;
        }
        at += EG_JOURNAL_FRAME + n;
    }
    out->good = at;
    return EG_OK;
}

eg_status eg_journal_read(const char *path, eg_journal_records *out, eg_error *err)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno == ENOENT)
            return EG_OK;
        return eg_error_set(err, EG_EIO, "cannot open '%s': %s", path, strerror(errno));
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    eg_status st = EG_OK;
    for (;;) {
        if (len == cap) {
            size_t ncap = cap ? 2 * cap : 1 << 16;
            char *nbuf = realloc(buf, ncap);
            if (!nbuf) {
                st = eg_error_set(err, EG_ENOMEM, "out of memory while reading '%s'", path);
                break;
            }
            buf = nbuf, cap = ncap;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0) {
            if (ferror(f))
                st = eg_error_set(err, EG_EIO, "cannot read '%s'", path);
            break;
        }
    }
    fclose(f);
    if (st == EG_OK)
        st = eg_journal_parse(buf, len, out, err);
    free(buf);
    return st;
}

/* Makes a new file's name durable: fsync of the directory that holds it. */
static int sync_parent(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
    if (!dir)
        return -1;
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    free(dir);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

eg_status eg_journal_open(const char *path, size_t good, eg_journal **out, eg_error *err)
{
    eg_journal *j = calloc(1, sizeof *j);
    if (!j || !(j->path = strdup(path))) {
        free(j);
        return eg_error_set(err, EG_ENOMEM, "out of memory");
    }
    int existed = access(path, F_OK) == 0;
    j->fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0666);
    if (j->fd < 0) {
        eg_status st = eg_error_set(err, EG_EIO, "cannot open '%s': %s", path, strerror(errno));
        free(j->path);
        free(j);
        return st;
    }
    /* Cut a torn tail so that new records follow whole ones. */
    struct stat sb;
    if (fstat(j->fd, &sb) != 0 || ((size_t)sb.st_size != good && ftruncate(j->fd, (off_t)good) != 0) ||
        fsync(j->fd) != 0 || (!existed && sync_parent(path) != 0)) {
        eg_status st = eg_error_set(err, EG_EIO, "cannot prepare '%s': %s", path, strerror(errno));
        eg_journal_close(j);
        return st;
    }
    *out = j;
    return EG_OK;
}

eg_status eg_journal_append(eg_journal *j, const void *payload, size_t len, eg_error *err)
{
    unsigned char *buf = NULL;
    size_t n = 0;
    eg_status st = eg_journal_frame(payload, len, &buf, &n, err);
    if (st != EG_OK)
        return st;
    /* A short write is retried: the next write reports why the file cannot
     * grow (EFBIG under a file-size limit, ENOSPC on a full disk, EDQUOT). */
    ssize_t wrote = 0;
    int e = 0;
    while ((size_t)wrote < n) {
        ssize_t w = write(j->fd, buf + wrote, n - (size_t)wrote);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            e = w < 0 ? errno : ENOSPC; /* 0 bytes without an error: no room */
            break;
        }
        wrote += w;
    }
    free(buf);
    if ((size_t)wrote != n) {
        /* A short write left a torn tail: cut it, so the file stays a list of whole records. */
        off_t end = lseek(j->fd, 0, SEEK_END);
        if (wrote > 0 && end >= wrote && ftruncate(j->fd, end - wrote) != 0)
            e = errno;
        return eg_error_set(err, EG_EIO, "cannot append to '%s': %s", j->path, strerror(e));
    }
    if (fsync(j->fd) != 0)
        return eg_error_set(err, EG_EIO, "cannot sync '%s': %s", j->path, strerror(errno));
    return EG_OK;
}

void eg_journal_close(eg_journal *j)
{
    if (!j)
        return;
    if (j->fd >= 0)
        close(j->fd);
    free(j->path);
    free(j);
}
