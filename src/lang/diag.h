/* diag.h: locations and the diagnostics list every stage reports into. */
#ifndef ENGRAM_LANG_DIAG_H
#define ENGRAM_LANG_DIAG_H

#include <stdarg.h>
#include <stdio.h>

#include "lang/source.h"

/* A place in a model file: file points at a source's path (owned by the source
 * set), line and col count from 1, col in bytes. file == NULL means nowhere
 * (command-line problems). */
typedef struct eg_loc {
    const char *file;
    int line, col;
} eg_loc;

typedef enum eg_severity { EG_DIAG_ERROR, EG_DIAG_WARNING, EG_DIAG_NOTE } eg_severity;

typedef struct eg_diag {
    eg_severity severity;
    eg_loc loc;
    char *message;
} eg_diag;

/* Problems collect here instead of aborting, so that one pass reports them all.
 * After max_errors errors, further ones are dropped and `truncated` is set. */
typedef struct eg_diag_list {
    eg_diag *items;
    size_t count, cap;
    size_t errors;
    size_t max_errors;
    int truncated;
    int oom; /* a message could not be stored: reported as such when printing */
} eg_diag_list;

#define EG_DIAG_DEFAULT_MAX_ERRORS 20

void eg_diag_list_init(eg_diag_list *list);
void eg_diag_list_free(eg_diag_list *list);

void eg_diag_add(eg_diag_list *list, eg_severity sev, eg_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void eg_diag_error(eg_diag_list *list, eg_loc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* eg_diag_add with a va_list, for wrappers that add context of their own. */
void eg_diag_addv(eg_diag_list *list, eg_severity sev, eg_loc loc, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));
void eg_diag_note(eg_diag_list *list, eg_loc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A location naming a whole file (no line), or nowhere when path is NULL. */
static inline eg_loc eg_loc_file(const char *path)
{
    eg_loc loc = {path, 0, 0};
    return loc;
}

/* True once the error cap is reached: stages may stop early. */
int eg_diag_full(const eg_diag_list *list);

/* Prints every diagnostic GCC-style: `file:line:col: error: message`, then the
 * source line and a caret under the column when the source is known. */
void eg_diag_print(const eg_diag_list *list, const eg_source_set *sources, FILE *out);

/* The closest candidate to word by edit distance, or NULL when none is close
 * enough to be a plausible typo. candidates is NULL-terminated. */
const char *eg_diag_suggest(const char *word, const char *const *candidates);

#endif
