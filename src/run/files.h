/* files.h: matrices read from files, kept for the rest of a run. */
#ifndef ENGRAM_RUN_FILES_H
#define ENGRAM_RUN_FILES_H

#include "engram/matrix.h"
#include "engram/status.h"

typedef struct eg_files eg_files;

eg_files *eg_files_new(void);
void eg_files_free(eg_files *files);
/* The matrix read from path (under key, or NULL for the file's only array), or NULL. */
const eg_matrix *eg_files_find(const eg_files *files, const char *path, const char *key);
/* Keeps m, read from path (under key), until eg_files_free; EG_ENOMEM (m freed) when it cannot. */
eg_status eg_files_keep(eg_files *files, const char *path, const char *key, eg_matrix *m);

#endif
