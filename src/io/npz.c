/* npz.c: reading numpy's .npz archives. An .npz file is a zip archive (PKWARE
 * APPNOTE 6.3) whose members are .npy images, stored (method 0) or deflated
 * (method 8, numpy.savez_compressed). numpy writes every member with zip64
 * local headers, so sizes are taken from the central directory (and its zip64
 * extra fields where the 32-bit fields are saturated). Every size and offset
 * is checked against the file before anything is allocated or read. */
#include "engram/npz.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "engram/npy.h"

enum {
    EOCD_SIZE = 22,          /* end of central directory record, without its comment */
    EOCD64_LOCATOR_SIZE = 20,
    EOCD64_SIZE = 56,
    CDIR_ENTRY_SIZE = 46,    /* central directory file header, without name, extra, comment */
    LOCAL_HEADER_SIZE = 30,
    MAX_COMMENT = 65535,
    /* Deflate cannot expand data by more than about 1032:1; a member that
     * claims more is corrupt or hostile, and is refused before allocating. */
    MAX_DEFLATE_RATIO = 1032
};

typedef struct member {
    char *key;       /* the name without ".npy" */
    unsigned method; /* 0 stored, 8 deflated */
    int encrypted;
    uint32_t crc;
    uint64_t csize, usize, offset; /* offset: of the local header */
} member;

struct eg_npz {
    char *path;
    FILE *f;
    uint64_t size;
    member *members;
    size_t n;
};

static uint16_t le16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const unsigned char *p)
{
    return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* Reads len bytes at offset, which the caller has checked lie in the file. */
static int read_at(FILE *f, uint64_t offset, void *buf, size_t len)
{
    return fseeko(f, (off_t)offset, SEEK_SET) == 0 && fread(buf, 1, len, f) == len;
}

/* Where the central directory starts and how many entries it has: from the end
 * record, or from the zip64 end record when a field of the former is saturated. */
static eg_status find_directory(eg_npz *z, uint64_t *cd_offset, uint64_t *cd_size, uint64_t *entries, eg_error *err)
{
    size_t tail = z->size < EOCD_SIZE + MAX_COMMENT ? (size_t)z->size : EOCD_SIZE + MAX_COMMENT;
    unsigned char *buf = malloc(tail ? tail : 1);
    if (!buf)
        return eg_error_set(err, EG_ENOMEM, "%s: out of memory", z->path);
    if (!read_at(z->f, z->size - tail, buf, tail)) {
        free(buf);
        return eg_error_set(err, EG_EIO, "%s: cannot read: %s", z->path, strerror(errno));
    }
    size_t at = tail;
    for (size_t i = tail >= EOCD_SIZE ? tail - EOCD_SIZE + 1 : 0; i-- > 0;)
        if (le32(buf + i) == 0x06054b50u) {
            at = i;
            break;
        }
    if (at == tail) {
        free(buf);
        return eg_error_set(err, EG_EPARSE, "%s: not an .npz archive (no zip end-of-directory record)", z->path);
    }
    const unsigned char *e = buf + at;
    *entries = le16(e + 10);
    *cd_size = le32(e + 12);
    *cd_offset = le32(e + 16);
    uint64_t eocd_pos = z->size - tail + at;
    free(buf);
    if (*entries != 0xFFFF && *cd_size != 0xFFFFFFFFu && *cd_offset != 0xFFFFFFFFu)
        return EG_OK;
    unsigned char loc[EOCD64_LOCATOR_SIZE], rec[EOCD64_SIZE];
    if (eocd_pos < EOCD64_LOCATOR_SIZE || !read_at(z->f, eocd_pos - EOCD64_LOCATOR_SIZE, loc, sizeof loc) ||
        le32(loc) != 0x07064b50u)
        return eg_error_set(err, EG_EPARSE, "%s: malformed zip archive: zip64 locator missing", z->path);
    uint64_t rec_pos = le64(loc + 8);
    if (rec_pos > z->size - EOCD64_SIZE || !read_at(z->f, rec_pos, rec, sizeof rec) || le32(rec) != 0x06064b50u)
        return eg_error_set(err, EG_EPARSE, "%s: malformed zip archive: bad zip64 end record", z->path);
    *entries = le64(rec + 32);
    *cd_size = le64(rec + 40);
    *cd_offset = le64(rec + 48);
    return EG_OK;
}

/* The zip64 extra field (id 1) holds, in this order, the sizes and the offset
 * whose 32-bit fields are saturated. */
static int apply_zip64(member *m, const unsigned char *extra, size_t len, int need_u, int need_c, int need_o)
{
    for (size_t p = 0; p + 4 <= len;) {
        unsigned id = le16(extra + p), n = le16(extra + p + 2);
        if (p + 4 + n > len)
            return 0;
        if (id == 1) {
            const unsigned char *v = extra + p + 4;
            size_t k = 0, want = 8u * (size_t)(need_u + need_c + need_o);
            if (n < want)
                return 0;
            if (need_u)
                m->usize = le64(v + 8 * k++);
            if (need_c)
                m->csize = le64(v + 8 * k++);
            if (need_o)
                m->offset = le64(v + 8 * k++);
            return 1;
        }
        p += 4 + n;
    }
    return !(need_u || need_c || need_o);
}

/* One central directory entry at p (at most avail bytes); *used: its length. */
static eg_status parse_entry(eg_npz *z, const unsigned char *p, size_t avail, member *m, size_t *used, eg_error *err)
{
    if (avail < CDIR_ENTRY_SIZE || le32(p) != 0x02014b50u)
        return eg_error_set(err, EG_EPARSE, "%s: malformed zip archive: bad central directory entry", z->path);
    size_t nlen = le16(p + 28), elen = le16(p + 30), clen = le16(p + 32);
    if (CDIR_ENTRY_SIZE + nlen + elen + clen > avail)
        return eg_error_set(err, EG_EPARSE, "%s: malformed zip archive: truncated central directory", z->path);
    m->encrypted = le16(p + 8) & 1;
    m->method = le16(p + 10);
    m->crc = le32(p + 16);
    m->csize = le32(p + 20);
    m->usize = le32(p + 24);
    m->offset = le32(p + 42);
    if (!apply_zip64(m, p + CDIR_ENTRY_SIZE + nlen, elen, m->usize == 0xFFFFFFFFu, m->csize == 0xFFFFFFFFu,
                     m->offset == 0xFFFFFFFFu))
        return eg_error_set(err, EG_EPARSE, "%s: malformed zip archive: bad zip64 extra field", z->path);
    const char *name = (const char *)p + CDIR_ENTRY_SIZE;
    size_t keylen = nlen >= 4 && memcmp(name + nlen - 4, ".npy", 4) == 0 ? nlen - 4 : nlen;
    if (!(m->key = malloc(keylen + 1)))
        return eg_error_set(err, EG_ENOMEM, "%s: out of memory", z->path);
    memcpy(m->key, name, keylen);
    m->key[keylen] = '\0';
    *used = CDIR_ENTRY_SIZE + nlen + elen + clen;
    return EG_OK;
}

static eg_status read_directory(eg_npz *z, eg_error *err)
{
    uint64_t cd_offset = 0, cd_size = 0, entries = 0;
    eg_status st = find_directory(z, &cd_offset, &cd_size, &entries, err);
    if (st != EG_OK)
        return st;
    if (cd_offset > z->size || cd_size > z->size - cd_offset || entries > cd_size / CDIR_ENTRY_SIZE)
        return eg_error_set(err, EG_EPARSE, "%s: malformed zip archive: central directory outside the file", z->path);
    unsigned char *cd = malloc(cd_size ? (size_t)cd_size : 1);
    z->members = calloc(entries ? (size_t)entries : 1, sizeof *z->members);
    if (!cd || !z->members) {
        free(cd);
        return eg_error_set(err, EG_ENOMEM, "%s: out of memory", z->path);
    }
    if (!read_at(z->f, cd_offset, cd, (size_t)cd_size)) {
        free(cd);
        return eg_error_set(err, EG_EIO, "%s: cannot read: %s", z->path, strerror(errno));
    }
    size_t pos = 0;
    for (uint64_t i = 0; st == EG_OK && i < entries; i++) {
        size_t used = 0;
        st = parse_entry(z, cd + pos, (size_t)cd_size - pos, &z->members[z->n], &used, err);
        if (st == EG_OK)
            z->n++;
        pos += used;
    }
    free(cd);
    return st;
}

eg_status eg_npz_open(const char *path, eg_npz **out, eg_error *err)
{
    *out = NULL;
    eg_npz *z = calloc(1, sizeof *z);
    if (!z || !(z->path = strdup(path))) {
        free(z);
        return eg_error_set(err, EG_ENOMEM, "%s: out of memory", path);
    }
    struct stat sb;
    eg_status st = EG_OK;
    if (!(z->f = fopen(path, "rb")))
        st = eg_error_set(err, EG_EIO, "%s: cannot open: %s", path, strerror(errno));
    else if (fstat(fileno(z->f), &sb) != 0 || !S_ISREG(sb.st_mode))
        st = eg_error_set(err, EG_EIO, "%s: not a regular file", path);
    else if ((z->size = (uint64_t)sb.st_size) < EOCD_SIZE)
        st = eg_error_set(err, EG_EPARSE, "%s: not an .npz archive (%llu bytes, too short for a zip file)", path,
                          (unsigned long long)z->size);
    else
        st = read_directory(z, err);
    if (st != EG_OK) {
        eg_npz_close(z);
        return st;
    }
    *out = z;
    return EG_OK;
}

void eg_npz_close(eg_npz *z)
{
    if (!z)
        return;
    for (size_t i = 0; i < z->n; i++)
        free(z->members[i].key);
    free(z->members);
    if (z->f)
        fclose(z->f);
    free(z->path);
    free(z);
}

size_t eg_npz_count(const eg_npz *z)
{
    return z->n;
}

const char *eg_npz_key(const eg_npz *z, size_t i)
{
    return i < z->n ? z->members[i].key : NULL;
}

static const member *find(const eg_npz *z, const char *key)
{
    for (size_t i = 0; i < z->n; i++)
        if (strcmp(z->members[i].key, key) == 0)
            return &z->members[i];
    return NULL;
}

int eg_npz_has(const eg_npz *z, const char *key)
{
    return find(z, key) != NULL;
}

/* "'W', 'b'" (at most len bytes), for the message about a missing key. */
static void list_keys(const eg_npz *z, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < z->n && used + 1 < len; i++) {
        int w = snprintf(buf + used, len - used, "%s'%s'", i ? ", " : "", z->members[i].key);
        if (w < 0 || (size_t)w >= len - used) {
            snprintf(buf + (len > 5 ? len - 5 : 0), len > 5 ? 5 : len, "...");
            return;
        }
        used += (size_t)w;
    }
}

/* Inflates a raw deflate stream of csize bytes into exactly usize bytes. */
static int inflate_member(const unsigned char *in, uint64_t csize, unsigned char *out, uint64_t usize)
{
    z_stream s;
    memset(&s, 0, sizeof s);
    if (inflateInit2(&s, -MAX_WBITS) != Z_OK)
        return 0;
    int ok = 1, rc = Z_OK;
    uint64_t in_left = csize, out_left = usize;
    s.next_in = (unsigned char *)in;
    s.next_out = out;
    /* zlib counts in uInt: feed members larger than 4 GB in slices. */
    while (ok && rc != Z_STREAM_END) {
        uInt in_chunk = in_left > UINT32_MAX ? UINT32_MAX : (uInt)in_left;
        uInt out_chunk = out_left > UINT32_MAX ? UINT32_MAX : (uInt)out_left;
        s.avail_in = in_chunk;
        s.avail_out = out_chunk;
        rc = inflate(&s, Z_NO_FLUSH);
        in_left -= in_chunk - s.avail_in;
        out_left -= out_chunk - s.avail_out;
        if (rc != Z_OK && rc != Z_STREAM_END)
            ok = 0;
        else if (rc == Z_OK && s.avail_in == in_chunk && s.avail_out == out_chunk)
            ok = 0; /* no progress: input ended early or output is full */
    }
    inflateEnd(&s);
    return ok && out_left == 0;
}

/* Whether an .npy image holds Python objects (dtype 'O'): numpy pickles those. */
static int is_pickled(const unsigned char *buf, size_t len)
{
    size_t n = len < 512 ? len : 512;
    for (size_t i = 0; i + 4 <= n; i++)
        if (memcmp(buf + i, "'|O'", 4) == 0 || memcmp(buf + i, "'O'", 3) == 0)
            return 1;
    return 0;
}

/* The CRC-32 of len bytes, in slices zlib can count. */
static uint32_t image_crc(const unsigned char *buf, uint64_t len)
{
    uLong crc = crc32(0L, Z_NULL, 0);
    for (uint64_t done = 0; done < len;) {
        uInt chunk = len - done > UINT32_MAX ? UINT32_MAX : (uInt)(len - done);
        crc = crc32(crc, buf + done, chunk);
        done += chunk;
    }
    return (uint32_t)crc;
}

/* The member's .npy image, checked against the archive, in a fresh buffer. */
static eg_status member_image(const eg_npz *z, const member *m, const char *name, unsigned char **out, eg_error *err)
{
    unsigned char lh[LOCAL_HEADER_SIZE];
    if (m->encrypted)
        return eg_error_set(err, EG_EPARSE, "%s: the member is encrypted", name);
    if (m->method != 0 && m->method != 8)
        return eg_error_set(err, EG_EPARSE, "%s: compression method %u (only stored and deflated members are read)",
                            name, m->method);
    if (m->offset > z->size - LOCAL_HEADER_SIZE || !read_at(z->f, m->offset, lh, sizeof lh) ||
        le32(lh) != 0x04034b50u)
        return eg_error_set(err, EG_EPARSE, "%s: malformed zip archive: bad local header", name);
    uint64_t data = m->offset + LOCAL_HEADER_SIZE + le16(lh + 26) + le16(lh + 28);
    if (data > z->size || m->csize > z->size - data)
        return eg_error_set(err, EG_EPARSE, "%s: truncated archive: the member needs %llu bytes past the end", name,
                            (unsigned long long)(data + m->csize - z->size));
    if ((m->method == 0 && m->csize != m->usize) ||
        (m->method == 8 && m->usize / MAX_DEFLATE_RATIO > m->csize + 1) || m->usize > SIZE_MAX / 2)
        return eg_error_set(err, EG_EPARSE, "%s: member sizes do not agree (%llu bytes stored for %llu)", name,
                            (unsigned long long)m->csize, (unsigned long long)m->usize);
    unsigned char *img = malloc(m->usize ? (size_t)m->usize : 1);
    unsigned char *raw = m->method == 8 ? malloc(m->csize ? (size_t)m->csize : 1) : img;
    if (!img || !raw) {
        free(img);
        if (raw != img)
            free(raw);
        return eg_error_set(err, EG_ENOMEM, "%s: out of memory for %llu bytes", name, (unsigned long long)m->usize);
    }
    eg_status st = EG_OK;
    if (!read_at(z->f, data, raw, (size_t)m->csize))
        st = eg_error_set(err, EG_EIO, "%s: cannot read: %s", name, strerror(errno));
    else if (m->method == 8 && !inflate_member(raw, m->csize, img, m->usize))
        st = eg_error_set(err, EG_EPARSE, "%s: corrupt deflate data", name);
    else if (image_crc(img, m->usize) != m->crc)
        st = eg_error_set(err, EG_EPARSE, "%s: checksum mismatch (the archive is corrupt)", name);
    if (raw != img)
        free(raw);
    if (st != EG_OK) {
        free(img);
        return st;
    }
    *out = img;
    return EG_OK;
}

eg_status eg_npz_read(const eg_npz *z, const char *key, eg_array **out, eg_error *err)
{
    char name[512];
    snprintf(name, sizeof name, "%s[%s]", z->path, key);
    const member *m = find(z, key);
    if (!m) {
        char keys[300];
        list_keys(z, keys, sizeof keys);
        return eg_error_set(err, EG_EPARSE, "%s: no array '%s' in the archive; it holds %s", z->path, key,
                            z->n ? keys : "none");
    }
    unsigned char *img = NULL;
    eg_status st = member_image(z, m, name, &img, err);
    if (st != EG_OK)
        return st;
    if (is_pickled(img, (size_t)m->usize))
        st = eg_error_set(err, EG_EPARSE,
                          "%s: an object array that numpy pickled (allow_pickle); engram does not run pickled "
                          "data: save numeric arrays (tensor.detach().numpy()) instead",
                          name);
    else
        st = eg_npy_parse(img, (size_t)m->usize, name, out, err);
    free(img);
    return st;
}
