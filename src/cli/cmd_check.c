/* cmd_check.c: `engram check FILE...`: parse and check only. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "engram/status.h"
#include "lang/parse.h"
#include "run/run.h"

eg_program *eg_cli_load(const char *path, eg_source_set *sources, const eg_override *ov, size_t nov, eg_ast **ast,
                        eg_diag_list *diags)
{
    *ast = eg_parse_file(sources, path, diags);
    eg_model *model = NULL;
    /* A file with syntax errors is still checked, so one pass shows every problem;
     * the tree the parser recovered holds only the statements it understood. */
    if (*ast)
        model = eg_model_check(*ast, eg_kind_schemas(), ov, nov, diags);
    if (diags->errors > 0 && model) {
        eg_model_free(model);
        model = NULL;
    }
    /* Blocks are compiled only once their keys check clean: compiling reads them. */
    eg_program *prog = model ? eg_program_compile(model, diags) : NULL;
    eg_diag_print(diags, sources, stderr);
    return prog;
}

int eg_cli_check(int argc, char **argv)
{
    if (argc == 0)
        return eg_cli_usage_error("check needs at least one model file");
    int status = EG_EXIT_OK;
    for (int i = 0; i < argc; i++) {
        if (argv[i][0] == '-' && argv[i][1] != '\0')
            return eg_cli_usage_error("check takes no options, got '%s'", argv[i]);
    }
    for (int i = 0; i < argc; i++) {
        eg_source_set sources;
        eg_diag_list diags;
        eg_source_set_init(&sources);
        eg_diag_list_init(&diags);
        eg_ast *ast = NULL;
        eg_program *prog = eg_cli_load(argv[i], &sources, NULL, 0, &ast, &diags);
        if (!prog) {
            /* A file that cannot be read is an I/O failure, anything else a model error. */
            int io = eg_source_set_find(&sources, argv[i]) == NULL;
            if (status == EG_EXIT_OK || status == EG_EXIT_MODEL)
                status = io ? EG_EXIT_IO : EG_EXIT_MODEL;
        }
        eg_program_free(prog);
        eg_ast_free(ast);
        eg_diag_list_free(&diags);
        eg_source_set_free(&sources);
    }
    return status;
}
