/* cmd_check.c: `engram check FILE...`: parse, check and compile only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
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

static const eg_cli_option check_options[] = {
    EG_CLI_OPTION_MEMORY_LIMIT,
    {NULL, NULL, EG_CLI_FLAG, NULL, NULL, NULL, 0},
};

const eg_cli_command eg_cli_cmd_check = {"check", "FILE...", 1, (size_t)-1, "model file",
                                         "at least one model file",
                                         "parse, check and compile model files: every error, nothing run",
                                         check_options, eg_cli_check};

int eg_cli_check(int argc, char **argv)
{
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    size_t nfiles = 0;
    if (!files)
        return EG_EXIT_INTERNAL;
    int status = eg_cli_parse(&eg_cli_cmd_check, argc, argv, NULL, files, &nfiles, NULL, NULL);
    if (status != EG_EXIT_OK) {
        free(files);
        return status == EG_CLI_HELP ? EG_EXIT_OK : status;
    }
    for (size_t i = 0; i < nfiles; i++) {
        eg_source_set sources;
        eg_diag_list diags;
        eg_source_set_init(&sources);
        eg_diag_list_init(&diags);
        eg_ast *ast = NULL;
        eg_program *prog = eg_cli_load(files[i], &sources, NULL, 0, &ast, &diags);
        if (!prog) {
            /* A file that cannot be read is an I/O failure, anything else a model error. */
            int io = eg_source_set_find(&sources, files[i]) == NULL;
            if (status == EG_EXIT_OK || status == EG_EXIT_MODEL)
                status = io ? EG_EXIT_IO : EG_EXIT_MODEL;
        }
        eg_program_free(prog);
        eg_ast_free(ast);
        eg_diag_list_free(&diags);
        eg_source_set_free(&sources);
    }
    free(files);
    return status;
}
