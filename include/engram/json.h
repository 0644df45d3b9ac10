/* engram/json.h: a small streaming JSON writer, into a growable buffer or a FILE*. */
#ifndef ENGRAM_JSON_H
#define ENGRAM_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "engram/status.h"

/* Usage:
 *     eg_json *j = eg_json_alloc(1);          // pretty: 2-space indentation
 *     eg_json_begin_object(j);
 *     eg_json_key(j, "overlap"); eg_json_number(j, 0.5);
 *     eg_json_end_object(j);
 *     if (eg_json_finish(j, err)) ...         // first error of any call, if any
 *     text = eg_json_text(j, &len);
 *
 * Every call returns a status, but errors also stick: after the first failure
 * (a value where a key is needed, a key outside an object, an unbalanced end,
 * a second top-level value, out of memory, a write error) the writer ignores
 * further calls and eg_json_finish reports that first error. A value inside an
 * object must follow eg_json_key. Strings are escaped fully: '"', '\\', and
 * control characters (\n \t ... or \u00XX); valid UTF-8 passes through and
 * each invalid sequence (its maximal valid prefix, per Unicode §3.9) becomes
 * U+FFFD. Numbers use the shortest of %.15g..%.17g that reads back exactly;
 * NaN and ±Inf, which JSON lacks, are written as null. */
typedef struct eg_json eg_json;

/* A writer into its own growing buffer; pretty selects indentation. NULL when
 * out of memory. */
eg_json *eg_json_alloc(int pretty);
/* A writer onto fp (not closed by the writer). NULL when out of memory. */
eg_json *eg_json_alloc_file(FILE *fp, int pretty);
/* Frees j (not its FILE); accepts NULL. */
void eg_json_free(eg_json *j);

eg_status eg_json_begin_object(eg_json *j);
eg_status eg_json_end_object(eg_json *j);
eg_status eg_json_begin_array(eg_json *j);
eg_status eg_json_end_array(eg_json *j);
/* The key of the next member of the enclosing object (NUL-terminated). */
eg_status eg_json_key(eg_json *j, const char *key);
/* A string value, NUL-terminated or of n bytes (which may include NULs). */
eg_status eg_json_string(eg_json *j, const char *s);
eg_status eg_json_string_n(eg_json *j, const char *s, size_t n);
/* A number value; NaN and ±Inf become null. */
eg_status eg_json_number(eg_json *j, double x);
/* An array of n numbers, on one line even when pretty (vectors stay readable). */
eg_status eg_json_number_array(eg_json *j, const double *x, size_t n);
eg_status eg_json_int(eg_json *j, int64_t v);
eg_status eg_json_uint(eg_json *j, uint64_t v);
eg_status eg_json_bool(eg_json *j, int b);
eg_status eg_json_null(eg_json *j);

/* Checks that exactly one complete value was written, ends pretty output with
 * '\n', flushes a FILE; returns the first error of the whole writing with its
 * message in err. */
eg_status eg_json_finish(eg_json *j, eg_error *err);

/* The text written so far into the buffer (NUL-terminated; NULL for a FILE
 * writer); *len (may be NULL) receives its length. */
const char *eg_json_text(const eg_json *j, size_t *len);

#endif
