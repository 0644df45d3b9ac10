/* parse.h: model text to syntax tree, with includes spliced in. */
#ifndef ENGRAM_LANG_PARSE_H
#define ENGRAM_LANG_PARSE_H

#include "lang/ast.h"
#include "lang/diag.h"
#include "lang/source.h"

/* Parses the model file at path and every file it includes (paths relative to
 * the including file; cycles and missing files are errors at the include).
 * Returns the EG_AST_FILE node (caller frees it), or NULL when nothing could
 * be parsed; problems go into diags, sources keep every file read. A tree may
 * come back together with errors: callers check diags->errors. */
eg_ast *eg_parse_file(eg_source_set *sources, const char *path, eg_diag_list *diags);

/* The same for text held in memory under a display name (tests, fuzzing);
 * includes are resolved relative to the working directory. */
eg_ast *eg_parse_text(eg_source_set *sources, const char *name, const char *text, size_t len,
                      eg_diag_list *diags);

#endif
