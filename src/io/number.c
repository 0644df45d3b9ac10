/* number.c: doubles to and from text without depending on the process locale.
 *
 * strtod and printf read LC_NUMERIC, so a program that once called setlocale
 * with a comma locale would write "0,5" and refuse "0.5". We switch the calling
 * thread to the C locale (uselocale, POSIX.1-2008) around each conversion; the
 * locale object is made once. Should making it fail (out of memory), the
 * conversions run in the process locale, which is C unless the program changed it. */
#include "io/number.h"

#include <ctype.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;
static locale_t c_locale = (locale_t)0;

static void make_c_locale(void)
{
    c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

static locale_t enter_c_locale(void)
{
    pthread_once(&c_locale_once, make_c_locale);
    if (c_locale == (locale_t)0)
        return (locale_t)0;
    return uselocale(c_locale);
}

static void leave_c_locale(locale_t previous)
{
    if (previous != (locale_t)0)
        uselocale(previous);
}

static int word_equal(const char *s, size_t len, const char *word)
{
    if (strlen(word) != len)
        return 0;
    for (size_t k = 0; k < len; k++)
        if (tolower((unsigned char)s[k]) != word[k])
            return 0;
    return 1;
}

/* number := sign? ( digits ('.' digits?)? | '.' digits ) exponent?
 * exponent := ('e'|'E') sign? digits */
static int is_decimal(const char *s, size_t len)
{
    size_t i = 0, mantissa_digits = 0;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        i++;
    while (i < len && isdigit((unsigned char)s[i]))
        i++, mantissa_digits++;
    if (i < len && s[i] == '.') {
        i++;
        while (i < len && isdigit((unsigned char)s[i]))
            i++, mantissa_digits++;
    }
    if (mantissa_digits == 0)
        return 0;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t exp_digits = 0;
        while (i < len && isdigit((unsigned char)s[i]))
            i++, exp_digits++;
        if (exp_digits == 0)
            return 0;
    }
    return i == len;
}

int eg_number_parse(const char *s, size_t len, double *out)
{
    const char *body = s;
    size_t body_len = len;
    int negative = 0;
    if (body_len && (body[0] == '+' || body[0] == '-')) {
        negative = body[0] == '-';
        body++;
        body_len--;
    }
    if (word_equal(body, body_len, "inf") || word_equal(body, body_len, "infinity")) {
        *out = negative ? -HUGE_VAL : HUGE_VAL;
        return 0;
    }
    if (word_equal(body, body_len, "nan")) {
        *out = negative ? -NAN : NAN;
        return 0;
    }
    if (!is_decimal(s, len))
        return -1;
    /* strtod needs a terminated string; numbers longer than the stack buffer
     * (thousands of digits) are legal but rare, so they go to the heap. */
    char small[128];
    char *copy = len < sizeof small ? small : malloc(len + 1);
    if (!copy)
        return -1;
    memcpy(copy, s, len);
    copy[len] = '\0';
    locale_t previous = enter_c_locale();
    char *end = NULL;
    double x = strtod(copy, &end);
    leave_c_locale(previous);
    int ok = end == copy + len;
    if (copy != small)
        free(copy);
    if (!ok)
        return -1;
    *out = x;
    return 0;
}

size_t eg_number_format(char buf[EG_NUMBER_BUFSIZE], double x)
{
    if (isnan(x))
        return (size_t)snprintf(buf, EG_NUMBER_BUFSIZE, "nan");
    if (isinf(x))
        return (size_t)snprintf(buf, EG_NUMBER_BUFSIZE, x < 0 ? "-inf" : "inf");
    locale_t previous = enter_c_locale();
    int n = 0;
    for (int precision = 15; precision <= 17; precision++) {
        n = snprintf(buf, EG_NUMBER_BUFSIZE, "%.*g", precision, x);
        /* %.17g always round-trips a binary64 (IEEE 754 §5.12.2), so the loop ends there. */
        if (precision == 17 || strtod(buf, NULL) == x)
            break;
    }
    leave_c_locale(previous);
    return (size_t)n;
}
