/* safetensors.c: reading safetensors files. Layout: a little-endian u64 N, an
 * N-byte UTF-8 JSON object mapping each tensor name to {"dtype", "shape",
 * "data_offsets": [begin, end]} (offsets into the data that follow the
 * header) plus an optional "__metadata__" object of strings, then the data,
 * little-endian, row-major. The header is read with a small recursive-descent
 * JSON reader that keeps what it needs and skips the rest; every range is
 * checked against the file before anything is allocated. */
#include "engram/safetensors.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum {
    MAX_DIMS = 64,
    MAX_DEPTH = 32,
    /* The format caps its header at 100 MB; so do we, before allocating it. */
    MAX_HEADER = 100000000
};

typedef enum dtype { DT_NONE, DT_F64, DT_F32, DT_F16, DT_BF16, DT_I64, DT_I32, DT_I16, DT_I8,
                     DT_U64, DT_U32, DT_U16, DT_U8, DT_BOOL } dtype;

static const struct {
    const char *name;
    dtype type;
    size_t size;
} dtypes[] = {
    {"F64", DT_F64, 8}, {"F32", DT_F32, 4}, {"F16", DT_F16, 2}, {"BF16", DT_BF16, 2},
    {"I64", DT_I64, 8}, {"I32", DT_I32, 4}, {"I16", DT_I16, 2}, {"I8", DT_I8, 1},
    {"U64", DT_U64, 8}, {"U32", DT_U32, 4}, {"U16", DT_U16, 2}, {"U8", DT_U8, 1},
    {"BOOL", DT_BOOL, 1},
};

typedef struct tensor {
    char *name;
    dtype type;
    size_t itemsize;
    size_t ndim, shape[MAX_DIMS];
    uint64_t begin, end; /* within the data */
} tensor;

struct eg_safetensors {
    char *path;
    FILE *f;
    uint64_t data_start, data_size;
    tensor *t;
    size_t n, cap;
};

/* ---------------------------------------------------------------- JSON header */

typedef struct reader {
    const char *s;
    size_t len, pos;
    const char *path;
    eg_error *err;
} reader;

static eg_status bad(reader *r, const char *what)
{
    return eg_error_set(r->err, EG_EPARSE, "%s: malformed safetensors header: %s (at byte %zu of the header)",
                        r->path, what, r->pos);
}

static void skip_ws(reader *r)
{
    while (r->pos < r->len && strchr(" \t\r\n", r->s[r->pos]) && r->s[r->pos])
        r->pos++;
}

static int eat(reader *r, char c)
{
    skip_ws(r);
    if (r->pos < r->len && r->s[r->pos] == c) {
        r->pos++;
        return 1;
    }
    return 0;
}

/* A JSON string into a fresh buffer (out NULL: skipped). Escapes are decoded
 * for the ASCII range; others (\uXXXX beyond it) are kept as '?', enough for
 * names, which engram compares byte for byte with what the model file says. */
static eg_status read_string(reader *r, char **out)
{
    skip_ws(r);
    if (r->pos >= r->len || r->s[r->pos] != '"')
        return bad(r, "expected a string");
    size_t start = ++r->pos;
    char *buf = out ? malloc(r->len - start + 1) : NULL;
    if (out && !buf)
        return eg_error_set(r->err, EG_ENOMEM, "%s: out of memory", r->path);
    size_t n = 0;
    while (r->pos < r->len && r->s[r->pos] != '"') {
        char c = r->s[r->pos++];
        if (c == '\\') {
            if (r->pos >= r->len)
                break;
            char e = r->s[r->pos++];
            c = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e == 'b' ? '\b' : e == 'f' ? '\f' : e;
            if (e == 'u') {
                if (r->len - r->pos < 4) {
                    free(buf);
                    return bad(r, "a \\u escape needs four hex digits");
                }
                char hex[5] = {0};
                memcpy(hex, r->s + r->pos, 4);
                long cp = strtol(hex, NULL, 16);
                c = cp > 0 && cp < 128 ? (char)cp : '?';
                r->pos += 4;
            }
        }
        if (buf)
            buf[n++] = c;
    }
    if (r->pos >= r->len) {
        free(buf);
        return bad(r, "unterminated string");
    }
    r->pos++;
    if (buf) {
        buf[n] = '\0';
        *out = buf;
    }
    return EG_OK;
}

/* A non-negative integer that fits a uint64_t. */
static eg_status read_uint(reader *r, uint64_t *out)
{
    skip_ws(r);
    uint64_t v = 0;
    size_t start = r->pos;
    while (r->pos < r->len && r->s[r->pos] >= '0' && r->s[r->pos] <= '9') {
        unsigned d = (unsigned)(r->s[r->pos++] - '0');
        if (v > (UINT64_MAX - d) / 10)
            return bad(r, "an integer too large");
        v = v * 10 + d;
    }
    if (r->pos == start)
        return bad(r, "expected a non-negative integer");
    *out = v;
    return EG_OK;
}

/* Any JSON value, skipped (metadata, keys a later format version may add). */
static eg_status skip_value(reader *r, int depth)
{
    skip_ws(r);
    if (depth > MAX_DEPTH)
        return bad(r, "nested too deeply");
    if (r->pos >= r->len)
        return bad(r, "expected a value");
    char c = r->s[r->pos];
    if (c == '"')
        return read_string(r, NULL);
    if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        r->pos++;
        if (eat(r, close))
            return EG_OK;
        do {
            eg_status st;
            if (c == '{' && ((st = read_string(r, NULL)) != EG_OK || (!eat(r, ':') && (st = bad(r, "expected ':'")))))
                return st;
            if ((st = skip_value(r, depth + 1)) != EG_OK)
                return st;
        } while (eat(r, ','));
        return eat(r, close) ? EG_OK : bad(r, c == '{' ? "expected ',' or '}'" : "expected ',' or ']'");
    }
    /* A number or a literal: up to the next delimiter. */
    size_t start = r->pos;
    while (r->pos < r->len && !strchr(",}] \t\r\n", r->s[r->pos]))
        r->pos++;
    return r->pos > start ? EG_OK : bad(r, "expected a value");
}

static eg_status read_dtype(reader *r, tensor *t)
{
    char *name = NULL;
    eg_status st = read_string(r, &name);
    if (st != EG_OK)
        return st;
    for (size_t i = 0; i < sizeof dtypes / sizeof *dtypes; i++)
        if (strcmp(name, dtypes[i].name) == 0) {
            t->type = dtypes[i].type;
            t->itemsize = dtypes[i].size;
        }
    if (t->type == DT_NONE)
        st = eg_error_set(r->err, EG_EPARSE, "%s: tensor '%s' has dtype '%s', which engram does not read", r->path,
                          t->name, name);
    free(name);
    return st;
}

static eg_status read_shape(reader *r, tensor *t)
{
    if (!eat(r, '['))
        return bad(r, "expected the shape as a list");
    if (eat(r, ']'))
        return EG_OK;
    do {
        uint64_t d;
        eg_status st = read_uint(r, &d);
        if (st != EG_OK)
            return st;
        if (t->ndim == MAX_DIMS)
            return bad(r, "more than 64 dimensions");
        t->shape[t->ndim++] = (size_t)d;
    } while (eat(r, ','));
    return eat(r, ']') ? EG_OK : bad(r, "expected ',' or ']' in the shape");
}

static eg_status read_offsets(reader *r, tensor *t)
{
    eg_status st;
    if (!eat(r, '['))
        return bad(r, "expected data_offsets as [begin, end]");
    if ((st = read_uint(r, &t->begin)) != EG_OK)
        return st;
    if (!eat(r, ','))
        return bad(r, "expected data_offsets as [begin, end]");
    if ((st = read_uint(r, &t->end)) != EG_OK)
        return st;
    return eat(r, ']') ? EG_OK : bad(r, "expected data_offsets as [begin, end]");
}

/* {"dtype": ..., "shape": [...], "data_offsets": [b, e]} for tensor t. */
static eg_status read_tensor(reader *r, tensor *t)
{
    int seen_dtype = 0, seen_shape = 0, seen_offsets = 0;
    if (!eat(r, '{'))
        return bad(r, "expected an object describing the tensor");
    if (eat(r, '}'))
        return bad(r, "a tensor needs dtype, shape and data_offsets");
    do {
        char *key = NULL;
        eg_status st = read_string(r, &key);
        if (st == EG_OK && !eat(r, ':'))
            st = bad(r, "expected ':'");
        if (st == EG_OK) {
            if (strcmp(key, "dtype") == 0)
                seen_dtype = 1, st = read_dtype(r, t);
            else if (strcmp(key, "shape") == 0)
                seen_shape = 1, st = read_shape(r, t);
            else if (strcmp(key, "data_offsets") == 0)
                seen_offsets = 1, st = read_offsets(r, t);
            else
                st = skip_value(r, 1);
        }
        free(key);
        if (st != EG_OK)
            return st;
    } while (eat(r, ','));
    if (!eat(r, '}'))
        return bad(r, "expected ',' or '}'");
    if (!seen_dtype || !seen_shape || !seen_offsets)
        return eg_error_set(r->err, EG_EPARSE, "%s: tensor '%s' lacks %s", r->path, t->name,
                            !seen_dtype ? "its dtype" : !seen_shape ? "its shape" : "its data_offsets");
    return EG_OK;
}

static eg_status add_tensor(eg_safetensors *s, reader *r, char *name)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 8;
        tensor *t = realloc(s->t, cap * sizeof *t);
        if (!t) {
            free(name);
            return eg_error_set(r->err, EG_ENOMEM, "%s: out of memory", r->path);
        }
        s->t = t;
        s->cap = cap;
    }
    tensor *t = &s->t[s->n++];
    memset(t, 0, sizeof *t);
    t->name = name;
    return read_tensor(r, t);
}

/* The whole header: an object of tensors and __metadata__. */
static eg_status parse_header(eg_safetensors *s, reader *r)
{
    if (!eat(r, '{'))
        return bad(r, "expected a JSON object");
    if (eat(r, '}'))
        return EG_OK;
    do {
        char *name = NULL;
        eg_status st = read_string(r, &name);
        if (st == EG_OK && !eat(r, ':')) {
            free(name);
            st = bad(r, "expected ':'");
        }
        if (st != EG_OK)
            return st;
        if (strcmp(name, "__metadata__") == 0) {
            free(name);
            st = skip_value(r, 1);
        } else {
            st = add_tensor(s, r, name);
        }
        if (st != EG_OK)
            return st;
    } while (eat(r, ','));
    if (!eat(r, '}'))
        return bad(r, "expected ',' or '}'");
    skip_ws(r);
    return r->pos == r->len ? EG_OK : bad(r, "text after the header object");
}

/* Each tensor's range holds exactly its shape's items and lies in the data. */
static eg_status check_ranges(const eg_safetensors *s, eg_error *err)
{
    for (size_t i = 0; i < s->n; i++) {
        const tensor *t = &s->t[i];
        uint64_t count = 1;
        for (size_t k = 0; k < t->ndim; k++) {
            if (t->shape[k] && count > UINT64_MAX / t->shape[k])
                return eg_error_set(err, EG_EPARSE, "%s: tensor '%s' is too large", s->path, t->name);
            count *= t->shape[k];
        }
        if (t->end < t->begin || t->end > s->data_size)
            return eg_error_set(err, EG_EPARSE,
                                "%s: tensor '%s' lies at bytes %llu to %llu, outside the %llu bytes of data",
                                s->path, t->name, (unsigned long long)t->begin, (unsigned long long)t->end,
                                (unsigned long long)s->data_size);
        if (count > UINT64_MAX / t->itemsize || t->end - t->begin != count * t->itemsize)
            return eg_error_set(err, EG_EPARSE, "%s: tensor '%s' has %llu bytes but its shape needs %llu", s->path,
                                t->name, (unsigned long long)(t->end - t->begin),
                                (unsigned long long)(count * t->itemsize));
    }
    return EG_OK;
}

static eg_status read_file_header(eg_safetensors *s, eg_error *err)
{
    struct stat sb;
    unsigned char len8[8];
    if (fstat(fileno(s->f), &sb) != 0 || !S_ISREG(sb.st_mode))
        return eg_error_set(err, EG_EIO, "%s: not a regular file", s->path);
    uint64_t size = (uint64_t)sb.st_size;
    if (size < 8 || fread(len8, 1, 8, s->f) != 8)
        return eg_error_set(err, EG_EPARSE, "%s: not a safetensors file (%llu bytes)", s->path,
                            (unsigned long long)size);
    uint64_t n = 0;
    for (int k = 7; k >= 0; k--)
        n = n << 8 | len8[k];
    if (n > MAX_HEADER || n > size - 8)
        return eg_error_set(err, EG_EPARSE, "%s: not a safetensors file (a header of %llu bytes in a file of %llu)",
                            s->path, (unsigned long long)n, (unsigned long long)size);
    char *text = malloc(n ? (size_t)n : 1);
    if (!text)
        return eg_error_set(err, EG_ENOMEM, "%s: out of memory", s->path);
    if (fread(text, 1, (size_t)n, s->f) != n) {
        free(text);
        return eg_error_set(err, EG_EIO, "%s: cannot read: %s", s->path, strerror(errno));
    }
    s->data_start = 8 + n;
    s->data_size = size - 8 - n;
    reader r = {text, (size_t)n, 0, s->path, err};
    eg_status st = parse_header(s, &r);
    free(text);
    return st == EG_OK ? check_ranges(s, err) : st;
}

eg_status eg_safetensors_open(const char *path, eg_safetensors **out, eg_error *err)
{
    *out = NULL;
    eg_safetensors *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path))) {
        free(s);
        return eg_error_set(err, EG_ENOMEM, "%s: out of memory", path);
    }
    eg_status st = (s->f = fopen(path, "rb")) ? read_file_header(s, err)
                                                : eg_error_set(err, EG_EIO, "%s: cannot open: %s", path, strerror(errno));
    if (st != EG_OK) {
        eg_safetensors_close(s);
        return st;
    }
    *out = s;
    return EG_OK;
}

void eg_safetensors_close(eg_safetensors *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        free(s->t[i].name);
    free(s->t);
    if (s->f)
        fclose(s->f);
    free(s->path);
    free(s);
}

size_t eg_safetensors_count(const eg_safetensors *s)
{
    return s->n;
}

const char *eg_safetensors_key(const eg_safetensors *s, size_t i)
{
    return i < s->n ? s->t[i].name : NULL;
}

/* ---------------------------------------------------------------- data */

static uint64_t le_uint(const unsigned char *p, size_t size)
{
    uint64_t v = 0;
    for (size_t k = size; k-- > 0;)
        v = v << 8 | p[k];
    return v;
}

/* IEEE half precision to double (subnormals, infinities and NaN included). */
static double half_to_double(uint16_t h)
{
    int sign = h >> 15, exp = (h >> 10) & 0x1f, frac = h & 0x3ff;
    double v = exp == 0 ? ldexp(frac, -24) : exp == 31 ? (frac ? NAN : INFINITY) : ldexp(frac | 0x400, exp - 25);
    return sign ? -v : v;
}

static double item_value(const unsigned char *p, dtype type, size_t size)
{
    uint64_t u = le_uint(p, size);
    switch (type) {
    case DT_F64: { double d; memcpy(&d, &u, 8); return d; }
    case DT_F32: { uint32_t w = (uint32_t)u; float f; memcpy(&f, &w, 4); return f; }
    case DT_F16: return half_to_double((uint16_t)u);
    case DT_BF16: { uint32_t w = (uint32_t)u << 16; float f; memcpy(&f, &w, 4); return f; }
    case DT_I64: return (double)(int64_t)u;
    case DT_I32: return (double)(int32_t)(uint32_t)u;
    case DT_I16: return (double)(int16_t)(uint16_t)u;
    case DT_I8: return (double)(int8_t)(uint8_t)u;
    case DT_BOOL: return u != 0;
    default: return (double)u;
    }
}

eg_status eg_safetensors_read(const eg_safetensors *s, const char *key, eg_array **out, eg_error *err)
{
    const tensor *t = NULL;
    for (size_t i = 0; i < s->n && !t; i++)
        if (strcmp(s->t[i].name, key) == 0)
            t = &s->t[i];
    if (!t) {
        char names[300] = "";
        size_t used = 0;
        for (size_t i = 0; i < s->n && used + 40 < sizeof names; i++)
            used += (size_t)snprintf(names + used, sizeof names - used, "%s'%.30s'", i ? ", " : "", s->t[i].name);
        return eg_error_set(err, EG_EPARSE, "%s: no tensor '%s' in the file; it holds %s", s->path, key,
                            s->n ? names : "none");
    }
    eg_array *a = eg_array_alloc(t->ndim, t->shape);
    size_t bytes = (size_t)(t->end - t->begin);
    unsigned char *raw = malloc(bytes ? bytes : 1);
    if (!a || !raw) {
        eg_array_free(a);
        free(raw);
        return eg_error_set(err, EG_ENOMEM, "%s: out of memory for tensor '%s'", s->path, key);
    }
    if (fseeko(s->f, (off_t)(s->data_start + t->begin), SEEK_SET) != 0 || fread(raw, 1, bytes, s->f) != bytes) {
        eg_array_free(a);
        free(raw);
        return eg_error_set(err, EG_EIO, "%s: cannot read tensor '%s'", s->path, key);
    }
    for (size_t i = 0; i < a->size; i++)
        a->data[i] = item_value(raw + i * t->itemsize, t->type, t->itemsize);
    free(raw);
    *out = a;
    return EG_OK;
}
