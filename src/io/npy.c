/* npy.c: reading and writing numpy's .npy format (NEP 1, "A simple file format
 * for NumPy arrays", format versions 1.0, 2.0 and 3.0).
 *
 * Layout: the magic "\x93NUMPY", a major and a minor version byte, the header
 * length (little-endian u16 in 1.0, u32 in 2.0 and 3.0), then the header: the
 * repr of a Python dict with exactly the keys 'descr', 'fortran_order' and
 * 'shape', padded with spaces and ended by '\n'; the raw data follow. We parse
 * that dict with a small recursive-descent reader that takes only what numpy
 * writes (string, boolean and integer-tuple values) and refuse everything else,
 * and we check every size against the bytes actually present before allocating. */
#include "engram/npy.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "engram/outfile.h"

static const unsigned char npy_magic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};

/* What the header says about the data that follow it. */
typedef struct npy_header {
    char descr[24];   /* the dtype string as written, for messages */
    char kind;        /* 'f' float, 'i' signed, 'u' unsigned, 'b' bool */
    int big_endian;   /* items are stored most significant byte first */
    size_t itemsize;  /* bytes per item: 1, 2, 4 or 8 */
    int fortran;      /* column-major: the first index varies fastest */
    size_t ndim;
    size_t shape[EG_NPY_MAX_DIMS];
    size_t count;     /* product of the extents */
    size_t data_offset;
} npy_header;

/* ---------------------------------------------------------------- header dict */

typedef struct dict_reader {
    const char *s;
    size_t len, pos;
    const char *name;
    eg_error *err;
} dict_reader;

static eg_status header_error(dict_reader *r, const char *what)
{
    return eg_error_set(r->err, EG_EPARSE, "%s: malformed .npy header: %s (at byte %zu of the header)", r->name,
                        what, r->pos);
}

static void skip_space(dict_reader *r)
{
    while (r->pos < r->len && (r->s[r->pos] == ' ' || r->s[r->pos] == '\t' || r->s[r->pos] == '\n' ||
                               r->s[r->pos] == '\r'))
        r->pos++;
}

/* string := "'" chars "'" | '"' chars '"'   (no escapes: numpy's keys and dtypes need none) */
static eg_status read_string(dict_reader *r, char *out, size_t out_size, const char *what)
{
    if (r->pos >= r->len || (r->s[r->pos] != '\'' && r->s[r->pos] != '"')) {
        char msg[96];
        snprintf(msg, sizeof msg, "expected a quoted string for %s", what);
        return header_error(r, msg);
    }
    char quote = r->s[r->pos++];
    size_t start = r->pos;
    while (r->pos < r->len && r->s[r->pos] != quote) {
        if (r->s[r->pos] == '\\' || r->s[r->pos] == '\n')
            return header_error(r, "unsupported character in a string");
        r->pos++;
    }
    if (r->pos >= r->len) {
        r->pos = start - 1;
        return header_error(r, "unterminated string");
    }
    size_t n = r->pos - start;
    r->pos++;
    if (n + 1 > out_size) {
        char msg[96];
        snprintf(msg, sizeof msg, "string too long for %s", what);
        return header_error(r, msg);
    }
    memcpy(out, r->s + start, n);
    out[n] = '\0';
    return EG_OK;
}

static eg_status expect_char(dict_reader *r, char c, const char *what)
{
    skip_space(r);
    if (r->pos >= r->len || r->s[r->pos] != c)
        return header_error(r, what);
    r->pos++;
    return EG_OK;
}

/* boolean := 'True' | 'False' */
static eg_status read_bool(dict_reader *r, int *out)
{
    if (r->len - r->pos >= 4 && memcmp(r->s + r->pos, "True", 4) == 0) {
        r->pos += 4;
        *out = 1;
        return EG_OK;
    }
    if (r->len - r->pos >= 5 && memcmp(r->s + r->pos, "False", 5) == 0) {
        r->pos += 5;
        *out = 0;
        return EG_OK;
    }
    return header_error(r, "'fortran_order' must be True or False");
}

/* shape := '(' [ int { ',' int } [ ','  ] ] ')'   int := digits ['L'] */
static eg_status read_shape(dict_reader *r, npy_header *h)
{
    if (r->pos >= r->len || r->s[r->pos] != '(')
        return header_error(r, "'shape' must be a tuple of integers");
    r->pos++;
    h->ndim = 0;
    for (;;) {
        skip_space(r);
        if (r->pos < r->len && r->s[r->pos] == ')') {
            r->pos++;
            return EG_OK;
        }
        if (r->pos < r->len && r->s[r->pos] == '-')
            return header_error(r, "negative extent in 'shape'");
        if (r->pos >= r->len || r->s[r->pos] < '0' || r->s[r->pos] > '9')
            return header_error(r, "'shape' must be a tuple of non-negative integers");
        size_t v = 0;
        while (r->pos < r->len && r->s[r->pos] >= '0' && r->s[r->pos] <= '9') {
            size_t d = (size_t)(r->s[r->pos] - '0');
            if (v > (SIZE_MAX - d) / 10)
                return header_error(r, "extent in 'shape' too large");
            v = v * 10 + d;
            r->pos++;
        }
        if (r->pos < r->len && r->s[r->pos] == 'L') /* Python 2 long literals */
            r->pos++;
        if (h->ndim == EG_NPY_MAX_DIMS) {
            char msg[96];
            snprintf(msg, sizeof msg, "'shape' has more than %d dimensions", EG_NPY_MAX_DIMS);
            return header_error(r, msg);
        }
        h->shape[h->ndim++] = v;
        skip_space(r);
        if (r->pos < r->len && r->s[r->pos] == ',') {
            r->pos++;
            continue;
        }
        if (r->pos < r->len && r->s[r->pos] == ')') {
            /* Python writes a 1-tuple as "(n,)"; "(n)" is an int, not a tuple. */
            if (h->ndim == 1 && r->s[r->pos - 1] != ',')
                return header_error(r, "'shape' (n) is not a tuple; numpy writes (n,)");
            continue;
        }
        return header_error(r, "expected ',' or ')' in 'shape'");
    }
}

/* Classifies the descr string: byte order, kind, item size. */
static eg_status parse_descr(dict_reader *r, npy_header *h)
{
    const char *d = h->descr;
    const char *why = NULL;
    char order = d[0];
    if (order != '<' && order != '>' && order != '|' && order != '=') {
        order = '=';
    } else {
        d++;
    }
    char kind = d[0];
    char *end = NULL;
    long size = kind ? strtol(d + 1, &end, 10) : 0;
    int size_ok = kind && end && end != d + 1 && *end == '\0';
    switch (kind) {
    case 'c': why = "complex numbers are not supported"; break;
    case 'O': why = "Python objects are not supported"; break;
    case 'S': case 'a': case 'U': why = "strings are not supported"; break;
    case 'V': why = "raw or structured records are not supported"; break;
    case 'M': case 'm': why = "dates and times are not supported"; break;
    case 'f':
        if (size_ok && size == 2)
            why = "half-precision floats are not supported";
        else if (!size_ok || (size != 4 && size != 8))
            why = "only 4- and 8-byte floats are supported";
        break;
    case 'i': case 'u':
        if (!size_ok || (size != 1 && size != 2 && size != 4 && size != 8))
            why = "integers must be 1, 2, 4 or 8 bytes";
        break;
    case 'b':
        if (!size_ok || size != 1)
            why = "booleans must be 1 byte";
        break;
    default: why = "not a numpy dtype this reader knows"; break;
    }
    if (why)
        return eg_error_set(r->err, EG_EPARSE, "%s: unsupported dtype '%s': %s", r->name, h->descr, why);
    if (order == '|' && size > 1)
        return eg_error_set(r->err, EG_EPARSE, "%s: dtype '%s' of %ld bytes needs a byte order '<' or '>'",
                            r->name, h->descr, size);
    if (order == '=') {
        const uint16_t probe = 1;
        unsigned char first;
        memcpy(&first, &probe, 1);
        h->big_endian = first == 0;
    } else {
        h->big_endian = order == '>';
    }
    h->kind = kind;
    h->itemsize = (size_t)size;
    return EG_OK;
}

/* dict := '{' [ key ':' value { ',' key ':' value } [','] ] '}' */
static eg_status parse_dict(const char *s, size_t len, const char *name, npy_header *h, eg_error *err)
{
    dict_reader r = {s, len, 0, name, err};
    int have_descr = 0, have_order = 0, have_shape = 0;
    eg_status st = expect_char(&r, '{', "expected '{' at the start of the header dict");
    if (st)
        return st;
    for (;;) {
        skip_space(&r);
        if (r.pos < r.len && r.s[r.pos] == '}') {
            r.pos++;
            break;
        }
        char key[32];
        if ((st = read_string(&r, key, sizeof key, "a key")))
            return st;
        if ((st = expect_char(&r, ':', "expected ':' after a key")))
            return st;
        skip_space(&r);
        if (strcmp(key, "descr") == 0 && !have_descr) {
            if (r.pos < r.len && r.s[r.pos] == '[')
                return eg_error_set(err, EG_EPARSE, "%s: unsupported dtype: structured arrays are not supported",
                                    name);
            if ((st = read_string(&r, h->descr, sizeof h->descr, "'descr'")))
                return st;
            have_descr = 1;
        } else if (strcmp(key, "fortran_order") == 0 && !have_order) {
            if ((st = read_bool(&r, &h->fortran)))
                return st;
            have_order = 1;
        } else if (strcmp(key, "shape") == 0 && !have_shape) {
            if ((st = read_shape(&r, h)))
                return st;
            have_shape = 1;
        } else if (!strcmp(key, "descr") || !strcmp(key, "fortran_order") || !strcmp(key, "shape")) {
            char msg[64];
            snprintf(msg, sizeof msg, "key '%s' given twice", key);
            return header_error(&r, msg);
        } else {
            char msg[96];
            snprintf(msg, sizeof msg, "unexpected key '%s'", key);
            return header_error(&r, msg);
        }
        skip_space(&r);
        if (r.pos < r.len && r.s[r.pos] == ',') {
            r.pos++;
            continue;
        }
        if (r.pos < r.len && r.s[r.pos] == '}') {
            r.pos++;
            break;
        }
        return header_error(&r, "expected ',' or '}' after a value");
    }
    skip_space(&r);
    if (r.pos != r.len)
        return header_error(&r, "unexpected text after the closing '}'");
    if (!have_descr || !have_order || !have_shape)
        return eg_error_set(err, EG_EPARSE, "%s: malformed .npy header: missing key '%s'", name,
                            !have_descr ? "descr" : !have_order ? "fortran_order" : "shape");
    if ((st = parse_descr(&r, h)))
        return st;
    /* The element count must fit, and so must the bytes of the data and of the
     * doubles we convert them to (8 bytes is the largest item size). */
    size_t count = 1;
    for (size_t k = 0; k < h->ndim; k++)
        if (h->shape[k] == 0)
            count = 0;
    if (count) {
        for (size_t k = 0; k < h->ndim; k++) {
            if (count > SIZE_MAX / sizeof(double) / h->shape[k])
                return eg_error_set(err, EG_EPARSE, "%s: shape has too many elements to hold in memory", name);
            count *= h->shape[k];
        }
    }
    h->count = count;
    return EG_OK;
}

/* Formats "(10, 10)" or "(5,)" or "()" into buf for messages. */
static void format_shape(const npy_header *h, char *buf, size_t size)
{
    size_t n = (size_t)snprintf(buf, size, "(");
    for (size_t k = 0; k < h->ndim && n < size; k++)
        n += (size_t)snprintf(buf + n, size - n, "%s%zu", k ? ", " : "", h->shape[k]);
    if (n < size)
        snprintf(buf + n, size - n, h->ndim == 1 ? ",)" : ")");
}

/* Preamble: magic, version and header length; sets where the header starts
 * (10 or 12) and its length. */
static eg_status parse_preamble(const unsigned char *p, size_t len, const char *name, size_t *header_start,
                                size_t *header_len, eg_error *err)
{
    if (len >= 4 && memcmp(p, "PK\x03\x04", 4) == 0)
        return eg_error_set(err, EG_EPARSE, "%s: a zip archive (.npz?), not a .npy file", name);
    if (len < 8 || memcmp(p, npy_magic, 6) != 0) {
        if (len >= 6 && memcmp(p, npy_magic, 6) != 0)
            return eg_error_set(err, EG_EPARSE, "%s: not a .npy file (bad magic bytes)", name);
        if (len > 0 && len < 6 && memcmp(p, npy_magic, len) != 0)
            return eg_error_set(err, EG_EPARSE, "%s: not a .npy file (bad magic bytes)", name);
        return eg_error_set(err, EG_EPARSE, "%s: truncated .npy file (%zu bytes, no complete preamble)", name, len);
    }
    unsigned major = p[6], minor = p[7];
    if ((major != 1 && major != 2 && major != 3) || minor != 0)
        return eg_error_set(err, EG_EPARSE, "%s: unsupported .npy format version %u.%u (known: 1.0, 2.0, 3.0)",
                            name, major, minor);
    size_t start = major == 1 ? 10 : 12;
    if (len < start)
        return eg_error_set(err, EG_EPARSE, "%s: truncated .npy file (%zu bytes, no complete preamble)", name, len);
    size_t hl = (size_t)p[8] | (size_t)p[9] << 8;
    if (major != 1)
        hl |= (size_t)p[10] << 16 | (size_t)p[11] << 24;
    *header_start = start;
    *header_len = hl;
    return EG_OK;
}

/* Decodes the header that starts at header_start, given all of it. */
static eg_status parse_header(const unsigned char *p, size_t start, size_t hl, const char *name, npy_header *h,
                              eg_error *err)
{
    memset(h, 0, sizeof *h);
    /* Version 3.0 allows UTF-8 in the header, 1.0 and 2.0 latin-1; the keys and
     * values we accept are ASCII either way, so anything else fails below. */
    eg_status st = parse_dict((const char *)p + start, hl, name, h, err);
    if (st)
        return st;
    h->data_offset = start + hl;
    return EG_OK;
}

/* ---------------------------------------------------------------- data */

static double load_item(const unsigned char *p, const npy_header *h)
{
    uint64_t u = 0;
    if (h->big_endian)
        for (size_t k = 0; k < h->itemsize; k++)
            u = u << 8 | p[k];
    else
        for (size_t k = h->itemsize; k-- > 0;)
            u = u << 8 | p[k];
    switch (h->kind) {
    case 'f':
        if (h->itemsize == 8) {
            double d;
            memcpy(&d, &u, sizeof d);
            return d;
        } else {
            uint32_t u32 = (uint32_t)u;
            float f;
            memcpy(&f, &u32, sizeof f);
            return (double)f;
        }
    case 'b': return u != 0 ? 1.0 : 0.0;
    case 'u': return (double)u;
    default: {
        /* Sign-extend from itemsize bytes. */
        unsigned bits = (unsigned)(8 * h->itemsize);
        if (bits < 64 && (u >> (bits - 1)) & 1)
            u |= ~(uint64_t)0 << bits;
        int64_t i;
        memcpy(&i, &u, sizeof i);
        return (double)i;
    }
    }
}

/* Whether the items are already the doubles engram holds: float64 in this
 * machine's byte order, so reading them is a copy and no conversion. */
static int native_doubles(const npy_header *h)
{
    const uint16_t probe = 1;
    unsigned char first;
    memcpy(&first, &probe, 1);
    return h->kind == 'f' && h->itemsize == sizeof(double) && h->big_endian == (first == 0);
}

/* u with its eight bytes in reverse order (compilers emit one bswap). */
static inline uint64_t swap64(uint64_t u)
{
    u = (u & 0x00000000FFFFFFFFULL) << 32 | (u & 0xFFFFFFFF00000000ULL) >> 32;
    u = (u & 0x0000FFFF0000FFFFULL) << 16 | (u & 0xFFFF0000FFFF0000ULL) >> 16;
    return (u & 0x00FF00FF00FF00FFULL) << 8 | (u & 0xFF00FF00FF00FF00ULL) >> 8;
}

/* Converts count items at src into dst. Walks backwards so that src may be the
 * start of dst itself (in-place widening: item k is read before any double at
 * or beyond it is written). */
static void convert_items(const unsigned char *src, const npy_header *h, size_t count, double *dst)
{
    const uint16_t probe = 1;
    unsigned char first;
    memcpy(&first, &probe, 1);
    int swapped = h->big_endian != (first == 0);
    /* The common conversions as plain loops the compiler unrolls and
     * vectorises (about ten times the rate of the general one below); the
     * values are the same bits either way. */
    if (h->kind == 'f' && h->itemsize == 8 && swapped) {
        for (size_t k = count; k-- > 0;) {
            uint64_t u;
            memcpy(&u, src + 8 * k, 8);
            u = swap64(u);
            memcpy(dst + k, &u, 8);
        }
        return;
    }
    if (h->kind == 'f' && h->itemsize == 4 && !swapped) {
        for (size_t k = count; k-- > 0;) {
            float f;
            memcpy(&f, src + 4 * k, 4);
            dst[k] = (double)f;
        }
        return;
    }
    for (size_t k = count; k-- > 0;)
        dst[k] = load_item(src + k * h->itemsize, h);
}

/* Side of the square tiles the transpose moves: 32 × 32 doubles are 8 KB
 * read and 8 KB written, both in the first-level cache, and every tile row
 * is four whole cache lines. */
enum { TILE = 32 };

/* out[c * out_stride + r] = in[r * in_stride + c] for r < rows, c < cols: a
 * transpose, tile by tile, so that both sides are walked a cache line at a
 * time rather than one of them a whole row's stride per value. */
static void transpose_tiled(const double *restrict in, size_t in_stride, double *restrict out, size_t out_stride,
                            size_t rows, size_t cols)
{
    for (size_t r0 = 0; r0 < rows; r0 += TILE) {
        size_t r1 = r0 + TILE < rows ? r0 + TILE : rows;
        for (size_t c0 = 0; c0 < cols; c0 += TILE) {
            size_t c1 = c0 + TILE < cols ? c0 + TILE : cols;
            for (size_t c = c0; c < c1; c++)
                for (size_t r = r0; r < r1; r++)
                    out[c * out_stride + r] = in[r * in_stride + c];
        }
    }
}

/* Reorders the column-major array in (shape[0..ndim-1]) into row-major out;
 * in is clobbered. Column-major data are the row-major array of the reversed
 * shape: viewed as a (count / shape[0]) × shape[0] matrix, one transpose puts
 * the first index outermost, and each row left is a column-major array of
 * the remaining dimensions (none left for a matrix, the usual case). */
static void fortran_to_c(double *in, double *out, const size_t *shape, size_t ndim, size_t count)
{
    if (ndim < 2 || count == 0) {
        memcpy(out, in, count * sizeof *out);
        return;
    }
    size_t rest = count / shape[0];
    transpose_tiled(in, shape[0], out, rest, rest, shape[0]);
    if (ndim == 2)
        return;
    for (size_t i = 0; i < shape[0]; i++)
        fortran_to_c(out + i * rest, in + i * rest, shape + 1, ndim - 1, rest);
    memcpy(out, in, count * sizeof *out);
}

/* Where a column-major matrix's bytes come from: an open file, or memory. */
typedef struct {
    FILE *f;
    const unsigned char *p;
} npy_source;

/* The next bytes of src into dst; 0 when the file ends early or fails. */
static int source_read(npy_source *src, void *dst, size_t bytes)
{
    if (src->f)
        return fread(dst, 1, bytes, src->f) == bytes;
    memcpy(dst, src->p, bytes);
    src->p += bytes;
    return 1;
}

/* Reads the column-major rows × cols matrix h describes from src into
 * row-major out: TILE columns at a time (contiguous in the file) into a
 * reused staging buffer, converted there when the dtype requires it, then
 * transposed into their place. Only out and TILE columns are ever touched,
 * never a second whole-size copy. */
static eg_status read_fortran_matrix(npy_source *src, const npy_header *h, double *out, const char *name,
                                     eg_error *err)
{
    size_t rows = h->shape[0], cols = h->shape[1];
    size_t width = cols < TILE ? cols : TILE;
    double *stage = malloc(width * rows * sizeof *stage);
    if (!stage)
        return eg_error_set(err, EG_ENOMEM, "%s: out of memory for %zu values", name, width * rows);
    eg_status st = EG_OK;
    for (size_t c0 = 0; c0 < cols; c0 += width) {
        size_t k = cols - c0 < width ? cols - c0 : width;
        if (!source_read(src, stage, k * rows * h->itemsize)) {
            st = eg_error_set(err, EG_EIO, "%s: read error or file shrank while reading %zu values", name, h->count);
            break;
        }
        if (!native_doubles(h))
            convert_items((const unsigned char *)stage, h, k * rows, stage);
        transpose_tiled(stage, rows, out + c0, cols, k, rows);
    }
    free(stage);
    return st;
}

/* Whether h is a column-major matrix, read by read_fortran_matrix. */
static int fortran_matrix(const npy_header *h)
{
    return h->fortran && h->ndim == 2 && h->count > 0;
}

static eg_status size_error(const npy_header *h, size_t data_bytes, const char *name, eg_error *err)
{
    char shape[256];
    format_shape(h, shape, sizeof shape);
    if (data_bytes % h->itemsize == 0)
        return eg_error_set(err, EG_EPARSE, "%s: data holds %zu values, shape %s needs %zu", name,
                            data_bytes / h->itemsize, shape, h->count);
    return eg_error_set(err, EG_EPARSE, "%s: data holds %zu bytes, not a whole number of '%s' values; shape %s needs %zu",
                        name, data_bytes, h->descr, shape, h->count);
}

/* Allocates the result array for h; data converted by the caller. */
static eg_status alloc_result(const npy_header *h, const char *name, eg_array **out, eg_error *err)
{
    *out = eg_array_alloc(h->ndim, h->shape);
    if (!*out)
        return eg_error_set(err, EG_ENOMEM, "%s: out of memory for %zu values", name, h->count);
    return EG_OK;
}

/* Puts the converted values of a column-major array of three or more
 * dimensions in row-major order, through a scratch buffer (matrices are
 * reordered as they are read). */
static eg_status finish_order(const npy_header *h, const char *name, eg_array *a, eg_error *err)
{
    if (!h->fortran || h->ndim < 3 || h->count == 0)
        return EG_OK;
    double *c = malloc(h->count * sizeof *c);
    if (!c)
        return eg_error_set(err, EG_ENOMEM, "%s: out of memory for %zu values", name, h->count);
    fortran_to_c(a->data, c, h->shape, h->ndim, h->count);
    free(a->data);
    a->data = c;
    return EG_OK;
}

eg_status eg_npy_parse(const void *buf, size_t len, const char *name, eg_array **out, eg_error *err)
{
    const unsigned char *p = buf;
    size_t start = 0, hl = 0;
    eg_status st = parse_preamble(p, len, name, &start, &hl, err);
    if (st)
        return st;
    if (hl > len - start)
        return eg_error_set(err, EG_EPARSE, "%s: truncated .npy file: header of %zu bytes, only %zu present", name,
                            hl, len - start);
    npy_header h;
    if ((st = parse_header(p, start, hl, name, &h, err)))
        return st;
    size_t data_bytes = len - h.data_offset;
    if (data_bytes != h.count * h.itemsize)
        return size_error(&h, data_bytes, name, err);
    eg_array *a = NULL;
    if ((st = alloc_result(&h, name, &a, err)))
        return st;
    if (fortran_matrix(&h)) {
        npy_source src = {.f = NULL, .p = p + h.data_offset};
        if ((st = read_fortran_matrix(&src, &h, a->data, name, err))) {
            eg_array_free(a);
            return st;
        }
    } else if (h.count && native_doubles(&h))
        memcpy(a->data, p + h.data_offset, h.count * sizeof *a->data);
    else if (h.count)
        convert_items(p + h.data_offset, &h, h.count, a->data);
    if ((st = finish_order(&h, name, a, err))) {
        eg_array_free(a);
        return st;
    }
    *out = a;
    return EG_OK;
}

/* Reads and decodes the header of the open file f (of file_size bytes),
 * leaving f at the first data byte. */
static eg_status read_file_header(FILE *f, const char *path, size_t file_size, npy_header *h, eg_error *err)
{
    unsigned char pre[12];
    size_t got = fread(pre, 1, sizeof pre, f);
    size_t start = 0, hl = 0;
    eg_status st = parse_preamble(pre, got, path, &start, &hl, err);
    if (st)
        return st;
    if (hl > file_size - start)
        return eg_error_set(err, EG_EPARSE, "%s: truncated .npy file: header of %zu bytes, only %zu present", path,
                            hl, file_size - start);
    /* Re-read from the start so the header buffer is laid out as parse_header expects. */
    unsigned char *header = malloc(start + hl);
    if (!header)
        return eg_error_set(err, EG_ENOMEM, "%s: out of memory for a header of %zu bytes", path, hl);
    if (fseek(f, 0, SEEK_SET) != 0 || fread(header, 1, start + hl, f) != start + hl)
        st = eg_error_set(err, EG_EIO, "%s: read error in the header", path);
    else
        st = parse_header(header, start, hl, path, h, err);
    free(header);
    return st;
}

/* Opens path as a regular file and reports its size. */
static FILE *open_regular(const char *path, size_t *file_size, eg_status *st, eg_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        *st = eg_error_set(err, EG_EIO, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    struct stat sb;
    if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
        fclose(f);
        *st = eg_error_set(err, EG_EIO, "%s: not a regular file", path);
        return NULL;
    }
    *file_size = (size_t)sb.st_size;
    return f;
}

eg_status eg_npy_read_header(const char *path, eg_npy_info *info, eg_error *err)
{
    size_t file_size = 0;
    eg_status st = EG_OK;
    FILE *f = open_regular(path, &file_size, &st, err);
    if (!f)
        return st;
    npy_header h;
    st = read_file_header(f, path, file_size, &h, err);
    fclose(f);
    if (st)
        return st;
    memset(info, 0, sizeof *info);
    info->data_offset = h.data_offset;
    memcpy(info->descr, h.descr, sizeof info->descr);
    info->fortran = h.fortran;
    info->ndim = h.ndim;
    memcpy(info->shape, h.shape, h.ndim * sizeof *h.shape);
    return EG_OK;
}

eg_status eg_npy_read(const char *path, eg_array **out, eg_error *err)
{
    size_t file_size = 0;
    eg_status st = EG_OK;
    FILE *f = open_regular(path, &file_size, &st, err);
    if (!f)
        return st;
    eg_array *a = NULL;
    npy_header h;
    if ((st = read_file_header(f, path, file_size, &h, err)))
        goto done;
    size_t data_bytes = file_size - h.data_offset;
    if (data_bytes != h.count * h.itemsize) {
        st = size_error(&h, data_bytes, path, err);
        goto done;
    }
    if ((st = alloc_result(&h, path, &a, err)))
        goto done;
    if (fortran_matrix(&h)) {
        npy_source src = {.f = f, .p = NULL};
        if ((st = read_fortran_matrix(&src, &h, a->data, path, err)))
            goto done;
    } else if (h.count) {
        /* Read the raw items into the double buffer and widen them in place. */
        if (fread(a->data, h.itemsize, h.count, f) != h.count) {
            st = eg_error_set(err, EG_EIO, "%s: read error or file shrank while reading %zu values", path, h.count);
            goto done;
        }
        /* Native doubles are read already: the copy is the whole load. */
        if (!native_doubles(&h))
            convert_items((const unsigned char *)a->data, &h, h.count, a->data);
    }
    if ((st = finish_order(&h, path, a, err)))
        goto done;
done:
    fclose(f);
    if (st) {
        eg_array_free(a);
        return st;
    }
    *out = a;
    return EG_OK;
}

eg_status eg_npy_read_matrix(const char *path, eg_matrix **out, eg_error *err)
{
    eg_array *a = NULL;
    eg_status st = eg_npy_read(path, &a, err);
    if (st)
        return st;
    if (a->ndim != 1 && a->ndim != 2) {
        npy_header h = {.ndim = a->ndim};
        for (size_t k = 0; k < a->ndim; k++)
            h.shape[k] = a->shape[k];
        char shape[256];
        format_shape(&h, shape, sizeof shape);
        eg_array_free(a);
        return eg_error_set(err, EG_EPARSE, "%s: expected a 1-d or 2-d array, found shape %s", path, shape);
    }
    eg_matrix *m = malloc(sizeof *m);
    if (!m) {
        eg_array_free(a);
        return eg_error_set(err, EG_ENOMEM, "%s: out of memory", path);
    }
    m->rows = a->ndim == 1 ? 1 : a->shape[0];
    m->cols = a->ndim == 1 ? a->shape[0] : a->shape[1];
    m->data = a->data; /* hand the buffer over rather than copy it */
    a->data = NULL;
    eg_array_free(a);
    *out = m;
    return EG_OK;
}

/* ---------------------------------------------------------------- writing */

/* The element count of shape, when its bytes fit in a size_t. */
static int shape_count(size_t ndim, const size_t *shape, size_t *count)
{
    size_t n = 1;
    for (size_t k = 0; k < ndim; k++) {
        if (shape[k] && n > SIZE_MAX / sizeof(double) / shape[k])
            return 0;
        n *= shape[k];
    }
    *count = n;
    return 1;
}

eg_status eg_npy_encode_header(size_t ndim, const size_t *shape, void **buf, size_t *len, eg_error *err)
{
    if (ndim > EG_NPY_MAX_DIMS)
        return eg_error_set(err, EG_EINVAL, "npy: %zu dimensions, at most %d are supported", ndim, EG_NPY_MAX_DIMS);
    size_t count = 0;
    if (!shape_count(ndim, shape, &count))
        return eg_error_set(err, EG_EINVAL, "npy: shape has too many elements");
    /* The dict as numpy 1.x writes it; the longest has 64 extents of 20 digits. */
    char dict[64 + EG_NPY_MAX_DIMS * 24];
    size_t n = (size_t)snprintf(dict, sizeof dict, "{'descr': '<f8', 'fortran_order': False, 'shape': (");
    for (size_t k = 0; k < ndim; k++)
        n += (size_t)snprintf(dict + n, sizeof dict - n, "%s%zu", k ? ", " : "", shape[k]);
    n += (size_t)snprintf(dict + n, sizeof dict - n, "%s), }", ndim == 1 ? "," : "");
    /* Pad with spaces and a final '\n' so the data start at a multiple of 64
     * bytes, as numpy does for aligned memory mapping. */
    /* Version 1.0 stores the header length in 16 bits. With at most
     * EG_NPY_MAX_DIMS extents the header stays under 2 KB, so 2.0 is only
     * chosen should that limit ever be raised past what 1.0 can describe. */
    int major = n + 1 + 10 <= 65535 ? 1 : 2;
    size_t start = major == 1 ? 10 : 12;
    size_t hl = (start + n + 1 + 63) / 64 * 64 - start;
    if (count > (SIZE_MAX - start - hl) / sizeof(double))
        return eg_error_set(err, EG_EINVAL, "npy: shape has too many elements");
    unsigned char *p = malloc(start + hl);
    if (!p)
        return eg_error_set(err, EG_ENOMEM, "npy: out of memory for %zu bytes", start + hl);
    memcpy(p, npy_magic, 6);
    p[6] = (unsigned char)major;
    p[7] = 0;
    for (size_t k = 0; k < start - 8; k++)
        p[8 + k] = (unsigned char)(hl >> (8 * k));
    memcpy(p + start, dict, n);
    memset(p + start + n, ' ', hl - n - 1);
    p[start + hl - 1] = '\n';
    *buf = p;
    *len = start + hl;
    return EG_OK;
}

void eg_npy_encode_values(const double *data, size_t count, unsigned char *out)
{
    for (size_t i = 0; i < count; i++) {
        uint64_t u;
        memcpy(&u, &data[i], sizeof u);
        for (int b = 0; b < 8; b++)
            *out++ = (unsigned char)(u >> (8 * b));
    }
}

eg_status eg_npy_encode(size_t ndim, const size_t *shape, const double *data, void **buf, size_t *len,
                        eg_error *err)
{
    void *head = NULL;
    size_t hlen = 0, count = 0;
    eg_status st = eg_npy_encode_header(ndim, shape, &head, &hlen, err);
    if (st != EG_OK)
        return st;
    shape_count(ndim, shape, &count); /* fits: the header checked it */
    size_t total = hlen + count * sizeof(double);
    unsigned char *p = realloc(head, total);
    if (!p) {
        free(head);
        return eg_error_set(err, EG_ENOMEM, "npy: out of memory for %zu bytes", total);
    }
    eg_npy_encode_values(data, count, p + hlen);
    *buf = p;
    *len = total;
    return EG_OK;
}

eg_status eg_npy_write(const char *path, size_t ndim, const size_t *shape, const double *data, eg_error *err)
{
    void *buf = NULL;
    size_t len = 0;
    eg_status st = eg_npy_encode(ndim, shape, data, &buf, &len, err);
    if (st) {
        char inner[sizeof err->msg];
        if (err) {
            memcpy(inner, err->msg, sizeof inner);
            eg_error_set(err, st, "%s: %s", path, inner);
        }
        return st;
    }
    st = eg_outfile_write(path, buf, len, err);
    free(buf);
    return st;
}

eg_status eg_npy_write_matrix(const char *path, const eg_matrix *m, eg_error *err)
{
    size_t shape[2] = {m->rows, m->cols};
    return eg_npy_write(path, 2, shape, m->data, err);
}
