/* spectrum_compare.c: the task named by `engram spectrum --compare`, read from its text and turned
 * into the theory's Φ (docs/spectra-and-emt.md, "From the command line"). */
#include "run/spectrum_compare.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engram/task.h"
#include "run/build.h"
#include "run/spectrum_report.h"

static const char *const kinds[] = {"repeat_copy", "compose_copy", "variable_binding", NULL};
enum { REPEAT_COPY, COMPOSE_COPY, VARIABLE_BINDING };

/* A cursor over the text, with the first problem found. */
typedef struct cursor {
    const char *p;
    char *msg;
    size_t len;
    int failed;
} cursor;

static int fail(cursor *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(cursor *c, const char *fmt, ...)
{
    if (!c->failed) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(c->msg, c->len, fmt, ap);
        va_end(ap);
    }
    c->failed = 1;
    return -1;
}

static void skip_blanks(cursor *c)
{
    while (isspace((unsigned char)*c->p))
        c->p++;
}

/* Consumes ch (after blanks) when it is next. */
static int accept(cursor *c, char ch)
{
    skip_blanks(c);
    if (*c->p != ch)
        return 0;
    c->p++;
    return 1;
}

/* A word of letters, digits and '_' into buf; its length (0: none). */
static size_t word(cursor *c, char *buf, size_t cap)
{
    skip_blanks(c);
    size_t n = 0;
    while (isalnum((unsigned char)c->p[n]) || c->p[n] == '_')
        n++;
    if (n == 0 || n >= cap)
        return 0;
    memcpy(buf, c->p, n);
    buf[n] = '\0';
    c->p += n;
    return n;
}

/* A number. */
static int number(cursor *c, const char *what, double *x)
{
    skip_blanks(c);
    char *end;
    *x = strtod(c->p, &end);
    if (end == c->p || !isfinite(*x))
        return fail(c, "%s needs a number at '%.20s'", what, c->p);
    c->p = end;
    return 0;
}

/* A whole number in [lo, hi]. */
static int whole(cursor *c, const char *what, double lo, double hi, long *out)
{
    double x;
    if (number(c, what, &x) != 0)
        return -1;
    if (x != floor(x) || x < lo || x > hi)
        return fail(c, "%s must be a whole number from %g to %g, not %g", what, lo, hi, x);
    *out = (long)x;
    return 0;
}

/* [a, b, ...] of whole numbers in [lo, hi], into a new array of *n longs. */
static int whole_list(cursor *c, const char *what, double lo, double hi, long **out, size_t *n)
{
    if (!accept(c, '['))
        return fail(c, "%s needs a list [...] at '%.20s'", what, c->p);
    size_t cap = 8;
    long *x = malloc(cap * sizeof *x);
    *n = 0;
    if (!x)
        return fail(c, "out of memory");
    do {
        if (*n == cap) {
            long *grown = realloc(x, 2 * cap * sizeof *x);
            if (!grown) {
                free(x);
                return fail(c, "out of memory");
            }
            x = grown;
            cap *= 2;
        }
        if (whole(c, what, lo, hi, &x[*n]) != 0) {
            free(x);
            return -1;
        }
        (*n)++;
    } while (accept(c, ','));
    if (!accept(c, ']')) {
        free(x);
        return fail(c, "%s: expected ',' or ']' at '%.20s'", what, c->p);
    }
    *out = x;
    return 0;
}

/* A file name: quoted, or up to the next ',' or ')'. */
static int file_name(cursor *c, char **out)
{
    skip_blanks(c);
    const char *start = c->p, *end;
    if (*start == '"' || *start == '\'') {
        end = strchr(start + 1, *start);
        if (!end)
            return fail(c, "composition: the quote is not closed");
        start++;
    } else {
        end = start + strcspn(start, ",)");
        while (end > start && isspace((unsigned char)end[-1]))
            end--;
    }
    if (end == start)
        return fail(c, "composition needs a file (.npy, .csv, .txt)");
    if (!(*out = malloc((size_t)(end - start) + 1)))
        return fail(c, "out of memory");
    memcpy(*out, start, (size_t)(end - start));
    (*out)[end - start] = '\0';
    c->p = end + (*end == '"' || *end == '\'');
    return 0;
}

/* permutation = [...] or signs = [...]: d entries, checked once d is known. */
static int read_list_key(cursor *c, const char *key, eg_spectrum_compare *t, long **list, size_t *n)
{
    if (t->kind != COMPOSE_COPY)
        return fail(c, "'%s' is a key of compose_copy, not of %s", key, kinds[t->kind]);
    if (*list)
        return fail(c, "'%s' is given twice", key);
    return whole_list(c, key, strcmp(key, "signs") == 0 ? -1 : 0, 1e6, list, n);
}

/* One argument: a positional length or width, or key = value. */
static int read_arg(cursor *c, eg_spectrum_compare *t, size_t *positional, long **perm, size_t *nperm, long **sign,
                    size_t *nsign)
{
    char key[32];
    const char *save = c->p;
    long v;
    if (!word(c, key, sizeof key) || !accept(c, '=')) {
        c->p = save;
        if (*positional >= 2)
            return fail(c, "only length and width are positional; name the others (key = value)");
        if (whole(c, *positional == 0 ? "length" : "width", 1, 1e6, &v) != 0)
            return -1;
        *(*positional == 0 ? &t->s : &t->d) = (size_t)v;
        (*positional)++;
        return 0;
    }
    if (strcmp(key, "length") == 0 || strcmp(key, "width") == 0) {
        if (whole(c, key, 1, 1e6, &v) != 0)
            return -1;
        *(key[0] == 'l' ? &t->s : &t->d) = (size_t)v;
        return 0;
    }
    if (strcmp(key, "permutation") == 0)
        return read_list_key(c, key, t, perm, nperm);
    if (strcmp(key, "signs") == 0)
        return read_list_key(c, key, t, sign, nsign);
    if (strcmp(key, "composition") == 0) {
        if (t->kind != VARIABLE_BINDING)
            return fail(c, "'composition' is a key of variable_binding, not of %s", kinds[t->kind]);
        free(t->composition);
        t->composition = NULL;
        return file_name(c, &t->composition);
    }
    if (strcmp(key, "convention") == 0) {
        char conv[16];
        if (!word(c, conv, sizeof conv) || (strcmp(conv, "emt") != 0 && strcmp(conv, "gsemm") != 0))
            return fail(c, "convention is emt or gsemm");
        t->gsemm = strcmp(conv, "gsemm") == 0;
        return 0;
    }
    return fail(c, "unknown key '%s': a task takes length, width, permutation, signs, composition and convention",
                key);
}

/* Checks the compose_copy lists against d and keeps them in the task. */
static int adopt_lists(cursor *c, eg_spectrum_compare *t, long *perm, size_t nperm, long *sign, size_t nsign)
{
    if (perm && nperm != t->d)
        return fail(c, "permutation has %zu entries; the width is %zu", nperm, t->d);
    if (sign && nsign != t->d)
        return fail(c, "signs has %zu entries; the width is %zu", nsign, t->d);
    for (size_t k = 0; sign && k < nsign; k++)
        if (sign[k] == 0)
            return fail(c, "signs[%zu] is 0; every sign is +1 or -1", k);
    for (size_t k = 0; perm && k < nperm; k++) {
        if ((size_t)perm[k] >= t->d)
            return fail(c, "permutation[%zu] = %ld is not a component index in 0 … %zu", k, perm[k], t->d - 1);
        for (size_t j = 0; j < k; j++)
            if (perm[j] == perm[k])
                return fail(c, "permutation[%zu] = %ld repeats a component: each of 0 … %zu must appear once", k,
                            perm[k], t->d - 1);
    }
    if (perm && !(t->perm = malloc(t->d * sizeof *t->perm)))
        return fail(c, "out of memory");
    if (sign && !(t->sign = malloc(t->d * sizeof *t->sign)))
        return fail(c, "out of memory");
    for (size_t k = 0; k < t->d; k++) {
        if (perm)
            t->perm[k] = (size_t)perm[k];
        if (sign)
            t->sign[k] = (int)sign[k];
    }
    return 0;
}

/* The arguments in parentheses. */
static int read_call(cursor *c, eg_spectrum_compare *t)
{
    size_t positional = 0, nperm = 0, nsign = 0;
    long *perm = NULL, *sign = NULL;
    if (!accept(c, ')')) {
        do
            read_arg(c, t, &positional, &perm, &nperm, &sign, &nsign);
        while (!c->failed && accept(c, ','));
        if (!c->failed && !accept(c, ')'))
            fail(c, "expected ',' or ')' at '%.20s'", c->p);
    }
    if (!c->failed && (t->s == 0 || t->d == 0))
        fail(c, "the task needs its length and width: %s(LENGTH, WIDTH)", kinds[t->kind]);
    if (!c->failed && t->kind == VARIABLE_BINDING && !t->composition)
        fail(c, "variable_binding needs composition = FILE (f, s·d × d)");
    if (!c->failed)
        adopt_lists(c, t, perm, nperm, sign, nsign);
    free(perm);
    free(sign);
    return c->failed ? -1 : 0;
}

/* The short form SxD after "KIND:". */
static int read_short(cursor *c, eg_spectrum_compare *t)
{
    long s, d;
    if (whole(c, "length", 1, 1e6, &s) != 0)
        return -1;
    if (*c->p != 'x' && *c->p != 'X')
        return fail(c, "the short form is %s:LENGTHxWIDTH, e.g. %s:8x8", kinds[t->kind], kinds[t->kind]);
    c->p++;
    if (whole(c, "width", 1, 1e6, &d) != 0)
        return -1;
    if (t->kind == VARIABLE_BINDING)
        return fail(c, "variable_binding needs its composition: variable_binding(S, D, composition = FILE)");
    t->s = (size_t)s;
    t->d = (size_t)d;
    return 0;
}

int eg_spectrum_compare_parse(const char *text, eg_spectrum_compare *out, char *msg, size_t len)
{
    memset(out, 0, sizeof *out);
    cursor c = {text, msg, len, 0};
    char kind[32];
    out->kind = -1;
    if (word(&c, kind, sizeof kind))
        for (int k = 0; kinds[k]; k++)
            if (strcmp(kind, kinds[k]) == 0)
                out->kind = k;
    if (out->kind < 0)
        fail(&c, "'%s' names no task kind: repeat_copy, compose_copy or variable_binding", text);
    else if (accept(&c, '('))
        read_call(&c, out);
    else if (accept(&c, ':'))
        read_short(&c, out);
    else
        fail(&c, "write the task as %s(LENGTH, WIDTH) or %s:LENGTHxWIDTH", kind, kind);
    skip_blanks(&c);
    if (!c.failed && *c.p)
        fail(&c, "unexpected '%.20s' after the task", c.p);
    if (!c.failed && out->s * out->d > 4096)
        fail(&c, "s·d = %zu: the theory's Φ is limited to 4096 memories", out->s * out->d);
    if (c.failed)
        eg_spectrum_compare_clear(out);
    return c.failed ? -1 : 0;
}

/* The task of a parsed --compare. */
static eg_status make_task(const eg_spectrum_compare *c, eg_task **task, eg_error *err)
{
    if (c->kind != VARIABLE_BINDING)
        return c->kind == REPEAT_COPY ? eg_task_alloc_repeat_copy(c->s, c->d, task, err)
                                      : eg_task_alloc_signed_copy(c->s, c->d, c->perm, c->sign, task, err);
    eg_matrix *f = NULL;
    eg_status st = eg_load_matrix_file(c->composition, &f, err);
    if (st == EG_OK && (f->rows != c->s * c->d || f->cols != c->d))
        st = eg_error_set(err, EG_EIO, "%s: the composition is %zu × %zu; a task of length %zu and width %zu needs %zu × %zu",
                          c->composition, f->rows, f->cols, c->s, c->d, c->s * c->d, c->d);
    if (st == EG_OK)
        st = eg_task_alloc(c->s, c->d, f, task, err);
    eg_matrix_free(f);
    return st == EG_ENOMEM || st == EG_OK ? st : EG_EIO;
}

eg_status eg_spectrum_compare_theory(const eg_spectrum_compare *c, eg_matrix **out, eg_error *err)
{
    eg_task *task = NULL;
    eg_matrix *phi = NULL;
    eg_status st = make_task(c, &task, err);
    if (st == EG_OK)
        st = eg_task_phi(task, &phi, err);
    eg_task_free(task);
    if (st == EG_OK && c->gsemm)
        st = eg_spectrum_gsemm_form(&phi, err);
    if (st != EG_OK) {
        eg_matrix_free(phi);
        return st;
    }
    *out = phi;
    return EG_OK;
}

void eg_spectrum_compare_clear(eg_spectrum_compare *c)
{
    free(c->perm);
    free(c->sign);
    free(c->composition);
    c->perm = NULL;
    c->sign = NULL;
    c->composition = NULL;
}
