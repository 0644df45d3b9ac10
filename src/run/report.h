/* report.h: what a run found, as a tree of named values and matrices; the CLI
 * renders it as a human summary, as JSON, and as .npy files. */
#ifndef ENGRAM_RUN_REPORT_H
#define ENGRAM_RUN_REPORT_H

#include <stddef.h>

#include "engram/matrix.h"

typedef enum eg_report_kind {
    EG_REPORT_OBJECT,
    EG_REPORT_ARRAY,
    EG_REPORT_NUMBER,
    EG_REPORT_INTEGER,
    EG_REPORT_STRING,
    EG_REPORT_BOOL,
    EG_REPORT_MATRIX /* a matrix: a .npy file in the output directory, named by string (a plain file name) */
} eg_report_kind;

/* A node owns its key, string, matrix and children. */
typedef struct eg_report {
    eg_report_kind kind;
    char *key;      /* the member name inside an object, NULL inside an array */
    double number;
    long long integer;
    char *string;   /* STRING: the text; MATRIX: the file path relative to the output directory */
    eg_matrix *matrix;
    struct eg_report **kids;
    size_t n, cap;
    int failed;     /* on a container: an addition ran out of memory */
} eg_report;

eg_report *eg_report_new(eg_report_kind kind);
void eg_report_free(eg_report *r);

/* Adders append to an object (key required) or an array (key NULL). They
 * return the new node, or NULL and mark parent->failed when out of memory;
 * a NULL parent is accepted and yields NULL, so chains need no checks. */
eg_report *eg_report_add(eg_report *parent, const char *key, eg_report_kind kind);
eg_report *eg_report_add_number(eg_report *parent, const char *key, double x);
eg_report *eg_report_add_integer(eg_report *parent, const char *key, long long x);
eg_report *eg_report_add_string(eg_report *parent, const char *key, const char *s);
eg_report *eg_report_add_bool(eg_report *parent, const char *key, int b);
/* Takes ownership of m (freed on failure too); file is relative to the output dir. */
eg_report *eg_report_add_matrix(eg_report *parent, const char *key, eg_matrix *m, const char *file);
/* An array of numbers copied from x. */
eg_report *eg_report_add_numbers(eg_report *parent, const char *key, const double *x, size_t n);

/* A member of an object, or NULL. */
const eg_report *eg_report_get(const eg_report *obj, const char *key);
/* Whether any container in the tree ran out of memory. */
int eg_report_failed(const eg_report *r);

#endif
