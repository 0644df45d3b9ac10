/* idx.c: reading IDX files, the format of LeCun, Cortes and Burges' MNIST
 * distribution: magic 0x00 0x00 TYPE NDIM, NDIM big-endian u32 extents, then
 * the elements big-endian in row-major order. Sizes are checked against the
 * bytes present before allocating, and a row range can be read alone. */
#include "engram/idx.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

typedef struct idx_header {
    eg_idx_type type;
    size_t itemsize;
    size_t ndim;
    size_t shape[255];
    size_t count;     /* product of the extents */
    size_t row_count; /* product of the extents after the first (items per row) */
    size_t data_offset;
} idx_header;

static size_t item_size(unsigned type)
{
    switch (type) {
    case EG_IDX_UBYTE: case EG_IDX_BYTE: return 1;
    case EG_IDX_SHORT: return 2;
    case EG_IDX_INT: case EG_IDX_FLOAT: return 4;
    case EG_IDX_DOUBLE: return 8;
    }
    return 0;
}

/* The 4-byte magic; on success *ndim says how many extent bytes follow. */
static eg_status parse_magic(const unsigned char *p, size_t len, const char *name, idx_header *h, eg_error *err)
{
    if (len < 4)
        return eg_error_set(err, EG_EPARSE, "%s: truncated IDX file (%zu bytes, the magic needs 4)", name, len);
    if (p[0] == 0x1f && p[1] == 0x8b)
        return eg_error_set(err, EG_EPARSE, "%s: gzip-compressed, not an IDX file (decompress it first)", name);
    if (p[0] != 0 || p[1] != 0)
        return eg_error_set(err, EG_EPARSE,
                            "%s: not an IDX file (magic starts 0x%02x 0x%02x, expected 0x00 0x00)", name, p[0], p[1]);
    h->itemsize = item_size(p[2]);
    if (!h->itemsize)
        return eg_error_set(err, EG_EPARSE,
                            "%s: unknown IDX element type 0x%02x (known: 0x08 0x09 0x0b 0x0c 0x0d 0x0e)", name, p[2]);
    h->type = (eg_idx_type)p[2];
    h->ndim = p[3];
    h->data_offset = 4 + 4 * h->ndim;
    return EG_OK;
}

/* The extents, given data_offset bytes from the start of the file. */
static eg_status parse_dims(const unsigned char *p, const char *name, idx_header *h, eg_error *err)
{
    for (size_t d = 0; d < h->ndim; d++) {
        const unsigned char *q = p + 4 + 4 * d;
        h->shape[d] = (size_t)q[0] << 24 | (size_t)q[1] << 16 | (size_t)q[2] << 8 | q[3];
    }
    /* Items per row (extents after the first), then rows times that; each
     * product is bounded so that the doubles it becomes fit in a size_t. */
    size_t row = 1;
    for (size_t d = 1; d < h->ndim; d++)
        if (h->shape[d] == 0)
            row = 0;
    for (size_t d = 1; d < h->ndim && row; d++) {
        if (row > SIZE_MAX / sizeof(double) / h->shape[d])
            return eg_error_set(err, EG_EPARSE, "%s: IDX shape has too many elements to hold in memory", name);
        row *= h->shape[d];
    }
    size_t count = 1;
    if (h->ndim) {
        count = h->shape[0] == 0 || row == 0 ? 0 : h->shape[0];
        if (count && count > SIZE_MAX / sizeof(double) / row)
            return eg_error_set(err, EG_EPARSE, "%s: IDX shape has too many elements to hold in memory", name);
        count *= row;
    }
    h->count = count;
    h->row_count = row;
    return EG_OK;
}

static void format_shape(const idx_header *h, char *buf, size_t size)
{
    size_t n = (size_t)snprintf(buf, size, "(");
    for (size_t k = 0; k < h->ndim && n < size; k++)
        n += (size_t)snprintf(buf + n, size - n, "%s%zu", k ? ", " : "", h->shape[k]);
    if (n < size)
        snprintf(buf + n, size - n, ")");
}

static eg_status check_data_size(const idx_header *h, size_t data_bytes, const char *name, eg_error *err)
{
    size_t need = h->count * h->itemsize;
    if (data_bytes == need)
        return EG_OK;
    char shape[256];
    format_shape(h, shape, sizeof shape);
    if (data_bytes < need)
        return eg_error_set(err, EG_EPARSE, "%s: truncated IDX file: data holds %zu bytes, shape %s needs %zu", name,
                            data_bytes, shape, need);
    return eg_error_set(err, EG_EPARSE, "%s: IDX file has %zu bytes after the data of shape %s", name,
                        data_bytes - need, shape);
}

static eg_status check_rows(const idx_header *h, size_t first, size_t count, const char *name, eg_error *err)
{
    if (h->ndim == 0)
        return eg_error_set(err, EG_EINVAL, "%s: cannot select rows of a 0-dimensional IDX array", name);
    if (first > h->shape[0] || count > h->shape[0] - first)
        return eg_error_set(err, EG_EINVAL, "%s: rows %zu..%zu requested, the file has %zu", name, first,
                            first + count, h->shape[0]);
    return EG_OK;
}

static double load_item(const unsigned char *p, eg_idx_type type)
{
    uint64_t u = 0;
    for (size_t k = 0; k < item_size(type); k++)
        u = u << 8 | p[k];
    switch (type) {
    case EG_IDX_UBYTE: return (double)u;
    case EG_IDX_BYTE: return (double)(int8_t)(uint8_t)u;
    case EG_IDX_SHORT: return (double)(int16_t)(uint16_t)u;
    case EG_IDX_INT: return (double)(int32_t)(uint32_t)u;
    case EG_IDX_FLOAT: {
        uint32_t u32 = (uint32_t)u;
        float f;
        memcpy(&f, &u32, sizeof f);
        return (double)f;
    }
    case EG_IDX_DOUBLE: {
        double d;
        memcpy(&d, &u, sizeof d);
        return d;
    }
    }
    return 0.0;
}

/* Widens n items at src into dst, backwards so that src may alias dst's start. */
static void convert_items(const unsigned char *src, size_t n, const idx_header *h, double *dst)
{
    for (size_t k = n; k-- > 0;)
        dst[k] = load_item(src + k * h->itemsize, h->type);
}

/* The result for rows [first, first+count) (all rows when ndim is 0). */
static eg_status alloc_result(const idx_header *h, size_t count, const char *name, eg_array **out, eg_error *err)
{
    size_t shape[255];
    memcpy(shape, h->shape, h->ndim * sizeof *shape);
    if (h->ndim)
        shape[0] = count;
    *out = eg_array_alloc(h->ndim, shape);
    if (!*out)
        return eg_error_set(err, EG_ENOMEM, "%s: out of memory", name);
    return EG_OK;
}

static eg_status parse_range(const void *buf, size_t len, const char *name, int all, size_t first, size_t count,
                             eg_array **out, eg_idx_type *type, eg_error *err)
{
    const unsigned char *p = buf;
    idx_header h = {0};
    eg_status st = parse_magic(p, len, name, &h, err);
    if (st)
        return st;
    if (len < h.data_offset)
        return eg_error_set(err, EG_EPARSE, "%s: truncated IDX file (%zu bytes, the header of %zu dimensions needs %zu)",
                            name, len, h.ndim, h.data_offset);
    if ((st = parse_dims(p, name, &h, err)) || (st = check_data_size(&h, len - h.data_offset, name, err)))
        return st;
    if (all) {
        first = 0;
        count = h.ndim ? h.shape[0] : 1;
    } else if ((st = check_rows(&h, first, count, name, err))) {
        return st;
    }
    eg_array *a = NULL;
    if ((st = alloc_result(&h, count, name, &a, err)))
        return st;
    size_t row_items = h.ndim ? h.row_count : 1;
    convert_items(p + h.data_offset + first * row_items * h.itemsize, a->size, &h, a->data);
    if (type)
        *type = h.type;
    *out = a;
    return EG_OK;
}

eg_status eg_idx_parse(const void *buf, size_t len, const char *name, eg_array **out, eg_idx_type *type,
                       eg_error *err)
{
    return parse_range(buf, len, name, 1, 0, 0, out, type, err);
}

eg_status eg_idx_parse_rows(const void *buf, size_t len, const char *name, size_t first, size_t count,
                            eg_array **out, eg_idx_type *type, eg_error *err)
{
    return parse_range(buf, len, name, 0, first, count, out, type, err);
}

static eg_status read_range(const char *path, int all, size_t first, size_t count, eg_array **out,
                            eg_idx_type *type, eg_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return eg_error_set(err, EG_EIO, "%s: cannot open: %s", path, strerror(errno));
    eg_status st = EG_OK;
    eg_array *a = NULL;
    idx_header h = {0};
    unsigned char head[4 + 4 * 255];
    struct stat sb;
    if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
        st = eg_error_set(err, EG_EIO, "%s: not a regular file", path);
        goto done;
    }
    size_t file_size = (size_t)sb.st_size;
    size_t got = fread(head, 1, 4, f);
    if ((st = parse_magic(head, got, path, &h, err)))
        goto done;
    if (file_size < h.data_offset || fread(head + 4, 1, h.data_offset - 4, f) != h.data_offset - 4) {
        st = eg_error_set(err, EG_EPARSE, "%s: truncated IDX file (%zu bytes, the header of %zu dimensions needs %zu)",
                          path, file_size, h.ndim, h.data_offset);
        goto done;
    }
    if ((st = parse_dims(head, path, &h, err)) || (st = check_data_size(&h, file_size - h.data_offset, path, err)))
        goto done;
    if (all) {
        first = 0;
        count = h.ndim ? h.shape[0] : 1;
    } else if ((st = check_rows(&h, first, count, path, err))) {
        goto done;
    }
    if ((st = alloc_result(&h, count, path, &a, err)))
        goto done;
    size_t row_items = h.ndim ? h.row_count : 1;
    off_t offset = (off_t)(h.data_offset + first * row_items * h.itemsize);
    if (a->size && (fseeko(f, offset, SEEK_SET) != 0 || fread(a->data, h.itemsize, a->size, f) != a->size)) {
        st = eg_error_set(err, EG_EIO, "%s: read error or file shrank while reading %zu values", path, a->size);
        goto done;
    }
    convert_items((const unsigned char *)a->data, a->size, &h, a->data);
    if (type)
        *type = h.type;
done:
    fclose(f);
    if (st) {
        eg_array_free(a);
        return st;
    }
    *out = a;
    return EG_OK;
}

eg_status eg_idx_read(const char *path, eg_array **out, eg_idx_type *type, eg_error *err)
{
    return read_range(path, 1, 0, 0, out, type, err);
}

eg_status eg_idx_read_rows(const char *path, size_t first, size_t count, eg_array **out, eg_idx_type *type,
                           eg_error *err)
{
    return read_range(path, 0, first, count, out, type, err);
}
