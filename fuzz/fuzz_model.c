/* fuzz_model.c: libFuzzer harness for the model language: scanner, parser,
 * evaluation and schema check against every block kind, and the diagnostics
 * printer on whatever they reported. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "lang/diag.h"
#include "lang/model.h"
#include "lang/parse.h"
#include "run/run.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *sink;
    if (!sink && !(sink = fopen("/dev/null", "w")))
        abort();
    eg_source_set sources;
    eg_diag_list diags;
    eg_source_set_init(&sources);
    /* Inputs may name any path in an include: never let them read the disk. */
    sources.no_files = 1;
    eg_diag_list_init(&diags);
    eg_ast *ast = eg_parse_text(&sources, "fuzz.engram", (const char *)data, size, &diags);
    if (ast) {
        size_t syntax_errors = diags.errors;
        eg_model *model = eg_model_check(ast, eg_kind_schemas(), NULL, 0, &diags);
        /* The checker promises never to return a model it found errors in. */
        if (model && diags.errors > syntax_errors)
            abort();
        eg_model_free(model);
    }
    /* Whatever went wrong must have been said, unless the text was simply
     * empty of statements: a NULL tree always comes with an error. */
    if (!ast && diags.errors == 0 && !diags.oom)
        abort();
    eg_diag_print(&diags, &sources, sink);
    eg_ast_free(ast);
    eg_diag_list_free(&diags);
    eg_source_set_free(&sources);
    return 0;
}
