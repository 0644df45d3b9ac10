/* report.h: what a run found, as a tree of named values, matrices and figure
 * intents. The tree is neutral: it names its data by key only; src/out decides
 * file names and formats (a human summary, JSON, .npy files, gnuplot scripts),
 * and a library caller reads the matrices straight from the tree. */
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
    EG_REPORT_MATRIX, /* a matrix, held in the node */
    EG_REPORT_FIGURE  /* a figure intent (run/figure.h), inside a result's "figures" array */
} eg_report_kind;

struct eg_figure;

/* A node owns its key, string, matrix and children. */
typedef struct eg_report {
    eg_report_kind kind;
    char *key;      /* the member name inside an object, NULL inside an array */
    double number;
    long long integer;
    char *string;   /* STRING: the text; MATRIX: what the data set is called where its key is
                     * generic (a "table" of recalls is named "recalls"), or NULL */
    eg_matrix *matrix;
    struct eg_figure *figure; /* FIGURE: the intent, owned */
    struct eg_report **kids;
    size_t n, cap;
    int failed;     /* on a container: an addition ran out of memory */
    int per_item;   /* ARRAY: one element per item the model lists (a critical block's sizes), so
                     * its length is the same at every sweep point and its scalars are columns of
                     * a sweep's table; arrays whose length the data decide are not */
    int archive;    /* OBJECT: out/ writes its members (matrices, arrays of numbers) as one .npz */
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
/* Takes ownership of m (freed on failure too). */
eg_report *eg_report_add_matrix(eg_report *parent, const char *key, eg_matrix *m);
/* A matrix of records under a generic key (such as "table"), with the name of
 * what its rows are ("recalls"): outputs call the data set by that name. */
eg_report *eg_report_add_table(eg_report *parent, const char *key, eg_matrix *m, const char *name);
/* An array of numbers copied from x. */
eg_report *eg_report_add_numbers(eg_report *parent, const char *key, const double *x, size_t n);

/* An object whose members, matrices (2-d) and arrays of numbers (1-d) keyed
 * by the names they take inside the archive, out/ writes to one .npz file
 * (a trained network in a framework's key layout). */
eg_report *eg_report_add_archive(eg_report *parent, const char *key);

/* A member of an object, or NULL. */
const eg_report *eg_report_get(const eg_report *obj, const char *key);
/* The node at a dotted key path below obj ("basis.phi"), or NULL. */
const eg_report *eg_report_find(const eg_report *obj, const char *path);
/* Whether any container in the tree ran out of memory. */
int eg_report_failed(const eg_report *r);

#endif
