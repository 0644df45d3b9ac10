/* json.c: a streaming JSON writer (RFC 8259) with exact numbers and strict
 * string escaping, so that result files parse everywhere and read back the
 * very doubles engram computed. */
#include "engram/json.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engram/strbuf.h"
#include "io/number.h"

typedef struct level {
    char kind;    /* '{' or '[' */
    size_t items; /* members or elements written so far */
} level;

struct eg_json {
    FILE *fp;
    eg_strbuf buf; /* the text, when not writing to fp */
    int pretty;
    int inline_depth; /* > 0 inside eg_json_number_array: no line breaks */
    level *stack;
    size_t depth, stack_cap;
    int key_pending;  /* a key was written; its value comes next */
    int top_done;     /* the top-level value is complete */
    int finished;     /* eg_json_finish ran: its newline is written once */
    eg_status status; /* first error, sticky */
    eg_error err;
};

static eg_json *make(FILE *fp, int pretty)
{
    eg_json *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    j->fp = fp;
    j->pretty = pretty != 0;
    if (!fp) {
        eg_strbuf_put(&j->buf, "", 0); /* an empty text, NUL-terminated, from the start */
        if (j->buf.failed) {
            free(j);
            return NULL;
        }
    }
    return j;
}

eg_json *eg_json_alloc(int pretty)
{
    return make(NULL, pretty);
}

eg_json *eg_json_alloc_file(FILE *fp, int pretty)
{
    return fp ? make(fp, pretty) : NULL;
}

void eg_json_free(eg_json *j)
{
    if (!j)
        return;
    eg_strbuf_free(&j->buf);
    free(j->stack);
    free(j);
}

static eg_status fail(eg_json *j, eg_status st, const char *msg)
{
    if (!j->status) {
        j->status = st;
        eg_error_set(&j->err, st, "json: %s", msg);
    }
    return j->status;
}

static void emit(eg_json *j, const char *s, size_t n)
{
    if (j->status || n == 0)
        return;
    if (j->fp) {
        if (fwrite(s, 1, n, j->fp) != n)
            fail(j, EG_EIO, "write error");
        return;
    }
    eg_strbuf_put(&j->buf, s, n);
    if (j->buf.failed)
        fail(j, EG_ENOMEM, "out of memory");
}

static void emit_str(eg_json *j, const char *s)
{
    emit(j, s, strlen(s));
}

static void newline_indent(eg_json *j, size_t depth)
{
    if (!j->pretty || j->inline_depth)
        return;
    emit(j, "\n", 1);
    for (size_t k = 0; k < depth; k++)
        emit(j, "  ", 2);
}

/* What comes before any value: checks the position, writes the separator. */
static eg_status before_value(eg_json *j)
{
    if (j->status)
        return j->status;
    if (j->depth == 0) {
        if (j->top_done)
            return fail(j, EG_EINVAL, "a second top-level value");
        return EG_OK;
    }
    level *l = &j->stack[j->depth - 1];
    if (l->kind == '{') {
        if (!j->key_pending)
            return fail(j, EG_EINVAL, "a value in an object without a key");
        j->key_pending = 0;
        return EG_OK;
    }
    if (l->items++)
        emit(j, j->inline_depth && j->pretty ? ", " : ",", j->inline_depth && j->pretty ? 2 : 1);
    newline_indent(j, j->depth);
    return j->status;
}

static void after_value(eg_json *j)
{
    if (j->depth == 0)
        j->top_done = 1;
}

static eg_status begin(eg_json *j, char kind)
{
    if (before_value(j))
        return j->status;
    if (j->depth == j->stack_cap) {
        size_t cap = j->stack_cap ? 2 * j->stack_cap : 8;
        level *grown = realloc(j->stack, cap * sizeof *grown);
        if (!grown)
            return fail(j, EG_ENOMEM, "out of memory");
        j->stack = grown;
        j->stack_cap = cap;
    }
    j->stack[j->depth++] = (level){kind, 0};
    emit(j, kind == '{' ? "{" : "[", 1);
    return j->status;
}

static eg_status end(eg_json *j, char kind)
{
    if (j->status)
        return j->status;
    if (j->depth == 0 || j->stack[j->depth - 1].kind != kind)
        return fail(j, EG_EINVAL, kind == '{' ? "end of an object that is not open" : "end of an array that is not open");
    if (j->key_pending)
        return fail(j, EG_EINVAL, "an object ends after a key without its value");
    level *l = &j->stack[--j->depth];
    if (l->items)
        newline_indent(j, j->depth);
    emit(j, kind == '{' ? "}" : "]", 1);
    after_value(j);
    return j->status;
}

eg_status eg_json_begin_object(eg_json *j) { return begin(j, '{'); }
eg_status eg_json_end_object(eg_json *j) { return end(j, '{'); }
eg_status eg_json_begin_array(eg_json *j) { return begin(j, '['); }
eg_status eg_json_end_array(eg_json *j) { return end(j, '['); }

/* The length of the well-formed UTF-8 sequence at s[0..n), or, when it is
 * ill-formed, minus the length of its maximal subpart (at least 1): the bytes
 * one U+FFFD replaces (Unicode §3.9, table 3-7 gives the ranges). */
static long utf8_sequence(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t need;
    unsigned lo = 0x80, hi = 0xBF;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        need = 1;
    else if (c == 0xE0)
        need = 2, lo = 0xA0;
    else if (c == 0xED)
        need = 2, hi = 0x9F; /* no UTF-16 surrogates */
    else if (c >= 0xE1 && c <= 0xEF)
        need = 2;
    else if (c == 0xF0)
        need = 3, lo = 0x90;
    else if (c == 0xF4)
        need = 3, hi = 0x8F; /* nothing above U+10FFFF */
    else if (c >= 0xF1 && c <= 0xF3)
        need = 3;
    else
        return -1;
    size_t k = 1;
    for (; k <= need && k < n; k++) {
        unsigned b = s[k];
        unsigned l = k == 1 ? lo : 0x80, h = k == 1 ? hi : 0xBF;
        if (b < l || b > h)
            break;
    }
    return k == need + 1 ? (long)k : -(long)k;
}

static void emit_quoted(eg_json *j, const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    emit(j, "\"", 1);
    if (n == 0) { /* str may be NULL */
        emit(j, "\"", 1);
        return;
    }
    size_t run = 0; /* bytes at s[i - run .. i) that need no escaping */
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        const char *esc = NULL;
        char hex[8];
        long seq = 1;
        if (c == '"')
            esc = "\\\"";
        else if (c == '\\')
            esc = "\\\\";
        else if (c == '\n')
            esc = "\\n";
        else if (c == '\r')
            esc = "\\r";
        else if (c == '\t')
            esc = "\\t";
        else if (c == '\b')
            esc = "\\b";
        else if (c == '\f')
            esc = "\\f";
        else if (c < 0x20) {
            snprintf(hex, sizeof hex, "\\u%04x", c);
            esc = hex;
        } else if (c >= 0x80) {
            seq = utf8_sequence(s + i, n - i);
            if (seq < 0)
                esc = "\xEF\xBF\xBD"; /* U+FFFD REPLACEMENT CHARACTER */
        }
        if (!esc) {
            run += (size_t)seq;
            i += (size_t)seq;
            continue;
        }
        emit(j, (const char *)s + i - run, run);
        run = 0;
        emit_str(j, esc);
        i += seq < 0 ? (size_t)-seq : 1;
    }
    emit(j, (const char *)s + i - run, run);
    emit(j, "\"", 1);
}

eg_status eg_json_key(eg_json *j, const char *key)
{
    if (j->status)
        return j->status;
    if (j->depth == 0 || j->stack[j->depth - 1].kind != '{')
        return fail(j, EG_EINVAL, "a key outside an object");
    if (j->key_pending)
        return fail(j, EG_EINVAL, "a key where a value is needed");
    level *l = &j->stack[j->depth - 1];
    if (l->items++)
        emit(j, ",", 1);
    newline_indent(j, j->depth);
    emit_quoted(j, key, strlen(key));
    emit(j, j->pretty ? ": " : ":", j->pretty ? 2 : 1);
    j->key_pending = 1;
    return j->status;
}

eg_status eg_json_string_n(eg_json *j, const char *s, size_t n)
{
    if (before_value(j))
        return j->status;
    emit_quoted(j, s, n);
    after_value(j);
    return j->status;
}

eg_status eg_json_string(eg_json *j, const char *s)
{
    return eg_json_string_n(j, s, strlen(s));
}

static eg_status raw_value(eg_json *j, const char *text)
{
    if (before_value(j))
        return j->status;
    emit_str(j, text);
    after_value(j);
    return j->status;
}

eg_status eg_json_number(eg_json *j, double x)
{
    if (!isfinite(x))
        return raw_value(j, "null");
    char buf[EG_NUMBER_BUFSIZE];
    eg_number_format(buf, x);
    return raw_value(j, buf);
}

eg_status eg_json_number_array(eg_json *j, const double *x, size_t n)
{
    if (eg_json_begin_array(j))
        return j->status;
    j->inline_depth++;
    for (size_t k = 0; k < n; k++)
        eg_json_number(j, x[k]);
    eg_json_end_array(j);
    j->inline_depth--;
    return j->status;
}

eg_status eg_json_int(eg_json *j, int64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%" PRId64, v);
    return raw_value(j, buf);
}

eg_status eg_json_uint(eg_json *j, uint64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%" PRIu64, v);
    return raw_value(j, buf);
}

eg_status eg_json_bool(eg_json *j, int b)
{
    return raw_value(j, b ? "true" : "false");
}

eg_status eg_json_null(eg_json *j)
{
    return raw_value(j, "null");
}

eg_status eg_json_finish(eg_json *j, eg_error *err)
{
    if (!j->status && (j->depth != 0 || !j->top_done))
        fail(j, EG_EINVAL, j->depth ? "unclosed object or array at the end" : "no value was written");
    if (!j->status && j->pretty && !j->finished)
        emit(j, "\n", 1);
    j->finished = 1;
    if (!j->status && j->fp && fflush(j->fp) != 0)
        fail(j, EG_EIO, "write error");
    if (j->status && err)
        *err = j->err;
    return j->status;
}

const char *eg_json_text(const eg_json *j, size_t *len)
{
    if (len)
        *len = j->fp ? 0 : j->buf.len;
    return j->fp ? NULL : j->buf.s;
}
