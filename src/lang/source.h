/* source.h: model source files held in memory, so diagnostics can quote them. */
#ifndef ENGRAM_LANG_SOURCE_H
#define ENGRAM_LANG_SOURCE_H

#include <stddef.h>

#include "engram/status.h"
#include "lang/arena.h"

/* One loaded file. path is as the user (or the including file) named it; text
 * may contain NULs (len is authoritative) and ends with two NULs after len
 * bytes, so that the scanner can read it in place instead of copying it (it
 * puts every byte back before the parse returns). */
typedef struct eg_source {
    char *path;
    char *text;
    size_t len;
} eg_source;

/* Every file a parse has opened. Sources live until the set is freed, and
 * locations point into it (a location's file is a source's path). */
typedef struct eg_source_set {
    eg_source **items;
    size_t count, cap;
    eg_arena texts; /* where the sources' texts live */
    int no_files; /* set by callers that parse untrusted text: loading any file fails */
} eg_source_set;

void eg_source_set_init(eg_source_set *set);
void eg_source_set_free(eg_source_set *set);

/* Reads path into the set; *out is owned by the set. EG_EIO with errno's text in
 * err, or when the set forbids files. */
eg_status eg_source_set_load(eg_source_set *set, const char *path, eg_source **out, eg_error *err);
/* Adds text (copied) under a name, for strings parsed without a file (tests, -D). */
eg_status eg_source_set_add_text(eg_source_set *set, const char *name, const char *text, size_t len,
                                 eg_source **out);
/* The path of `target` as named from the file `from` (NULL: the working
 * directory): an absolute target as is, otherwise relative to from's folder.
 * Includes and every file a model loads resolve the same way. Caller frees;
 * NULL when out of memory. */
char *eg_source_resolve(const char *from, const char *target);

/* The source with this exact path, or NULL. */
const eg_source *eg_source_set_find(const eg_source_set *set, const char *path);

#endif
