/* files.c: matrices read from files, kept for the rest of a run. A
 * continuation re-binds its model at every value of its param, and each
 * re-bound network would read its weights again (and check every value):
 * for a 1000-unit network that is 8 MB a build, several builds a point. */
#include "run/files.h"

#include <stdlib.h>
#include <string.h>

typedef struct entry {
    char *path, *key;
    eg_matrix *m;
} entry;

struct eg_files {
    entry *items;
    size_t count;
};

eg_files *eg_files_new(void)
{
    return calloc(1, sizeof(eg_files));
}

void eg_files_free(eg_files *files)
{
    if (!files)
        return;
    for (size_t i = 0; i < files->count; i++) {
        free(files->items[i].path);
        free(files->items[i].key);
        eg_matrix_free(files->items[i].m);
    }
    free(files->items);
    free(files);
}

static int same_key(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

const eg_matrix *eg_files_find(const eg_files *files, const char *path, const char *key)
{
    for (size_t i = 0; files && i < files->count; i++)
        if (strcmp(files->items[i].path, path) == 0 && same_key(files->items[i].key, key))
            return files->items[i].m;
    return NULL;
}

eg_status eg_files_keep(eg_files *files, const char *path, const char *key, eg_matrix *m)
{
    entry *grown = realloc(files->items, (files->count + 1) * sizeof *grown);
    char *p = strdup(path), *k = key ? strdup(key) : NULL;
    if (grown)
        files->items = grown;
    if (!grown || !p || (key && !k)) {
        free(p);
        free(k);
        eg_matrix_free(m);
        return EG_ENOMEM;
    }
    files->items[files->count++] = (entry){p, k, m};
    return EG_OK;
}
