/* io/number.h: locale-independent parsing and round-trip formatting of doubles,
 * shared by the text readers and writers (csv, json). Internal to src/io. */
#ifndef ENGRAM_IO_NUMBER_H
#define ENGRAM_IO_NUMBER_H

#include <stddef.h>

/* Room for any string eg_number_format writes, with its terminating NUL. */
#define EG_NUMBER_BUFSIZE 32

/* Parses s[0..len) as a whole: an optional sign, then decimal digits with an
 * optional '.' fraction and an optional exponent ("1", "-2.5", ".5", "3.",
 * "1e-3"), or "inf", "infinity", "nan" in any case. Hexadecimal floats, spaces,
 * and anything else are refused. The decimal point is '.' whatever the process
 * locale is. Returns 0 and sets *out, or -1 when the text is not a number.
 * Out-of-range magnitudes give ±inf or a (sub)normal/zero as strtod does. */
int eg_number_parse(const char *s, size_t len, double *out);

/* Writes the shortest of %.15g, %.16g, %.17g that reads back as exactly x
 * (always '.' as decimal point); non-finite values as "nan", "inf", "-inf".
 * Returns the length written into buf (at most EG_NUMBER_BUFSIZE - 1). */
size_t eg_number_format(char buf[EG_NUMBER_BUFSIZE], double x);

#endif
