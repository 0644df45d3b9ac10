/* cmd_run.c: `engram run FILE [-D name=value]... [-o DIR] [--json] [--plot] [-j N]`. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli/args.h"
#include "cli/cli.h"
#include "engram/status.h"
#include "out/out.h"
#include "run/run.h"
#include "run/sweep/sweep.h"

typedef struct run_args {
    const char *file;
    const char *outdir;
    int json;
    int plot;
    int threads; /* -j N: worker threads for experiments (0: all cores) */
    eg_cli_defines defines;
} run_args;

static const eg_cli_option run_options[] = {
    EG_CLI_OPTION_DEFINE(run_args, defines),
    EG_CLI_OPTION_OUTDIR(run_args, outdir, "write results (summary.json, .npy files) under DIR"),
    EG_CLI_OPTION_JSON(run_args, json),
    {"--plot", NULL, EG_CLI_FLAG, NULL, NULL, "also render the figures (needs -o and gnuplot)",
     offsetof(run_args, plot)},
    EG_CLI_OPTION_THREADS(run_args, threads),
    EG_CLI_OPTION_MEMORY_LIMIT,
    {NULL, NULL, EG_CLI_FLAG, NULL, NULL, NULL, 0},
};

const eg_cli_command eg_cli_cmd_run = {"run", "FILE", 1, 1, "model file", "a model file",
                                       "run everything a model file asks for", run_options, eg_cli_run};

static int parse_args(int argc, char **argv, run_args *a, eg_source_set *sources, eg_diag_list *diags)
{
    size_t n = 0;
    int rc = eg_cli_parse(&eg_cli_cmd_run, argc, argv, a, &a->file, &n, sources, diags);
    if (rc != EG_EXIT_OK)
        return rc;
    if (a->plot && !a->outdir)
        return eg_cli_usage_error("--plot needs -o DIR: the figures are drawn from the files written there");
    return EG_EXIT_OK;
}

static void add_params(eg_report *report, const eg_model *model)
{
    eg_report *params = eg_report_add(report, "params", EG_REPORT_OBJECT);
    for (size_t i = 0; i < model->nparams; i++) {
        const eg_value *v = model->params[i].value;
        if (v->kind == EG_VAL_NUMBER)
            eg_report_add_number(params, model->params[i].name, v->num);
        else if (v->kind == EG_VAL_STRING || v->kind == EG_VAL_SYMBOL)
            eg_report_add_string(params, model->params[i].name, v->str);
    }
}

/* Runs every point of the plan in order (sweep.h does the grid and the seeds;
 * `engram sweep` runs the same points on many cores). */
static eg_status run_sweep(const eg_sweep_job *job, eg_report *report, eg_diag_list *diags)
{
    eg_report *points = eg_report_add(report, "points", EG_REPORT_ARRAY);
    eg_status st = points ? EG_OK : EG_ENOMEM;
    for (size_t p = 0; st == EG_OK && p < job->plan->points; p++) {
        eg_program *prog = NULL;
        eg_report *point = NULL;
        st = eg_sweep_point_report(job, p, &prog, &point, diags);
        if (st == EG_OK) {
            add_params(point, eg_program_model(prog));
            st = eg_out_add_point(points, point);
        }
        eg_program_free(prog);
    }
    return st;
}

static eg_status execute(const eg_ast *ast, const eg_program *prog, const run_args *a, eg_report **out,
                         eg_diag_list *diags)
{
    const eg_model *model = eg_program_model(prog);
    const char **pinned = calloc(a->defines.n + 1, sizeof *pinned);
    for (size_t i = 0; pinned && i < a->defines.n; i++)
        pinned[i] = a->defines.items[i].name;
    eg_sweep_plan *plan = NULL;
    eg_error err;
    eg_status st = pinned ? eg_sweep_plan_build(model, pinned, a->defines.n, &plan, &err) : EG_ENOMEM;
    free(pinned);
    if (st != EG_OK) {
        eg_diag_error(diags, eg_loc_file(NULL), "%s", st == EG_ENOMEM && !plan ? "out of memory" : err.msg);
        return st;
    }
    eg_report *report = NULL;
    if (plan->nsweeps == 0) {
        /* A simulation that diverged hands back its report too, marked incomplete. */
        eg_run_options opt = {.threads = a->threads, .keep_partial = 1, .stream = eg_sweep_plan_stream(plan, 0)};
        st = eg_run_model(prog, &opt, &report, diags);
        if (report)
            add_params(report, model);
    } else {
        eg_sweep_job job = {ast, a->defines.items, a->defines.n, plan};
        report = eg_report_new(EG_REPORT_OBJECT);
        st = report ? run_sweep(&job, report, diags) : EG_ENOMEM;
    }
    int nsweeps = (int)plan->nsweeps;
    eg_sweep_plan_free(plan);
    /* A diverged simulation's report (marked incomplete) is kept too, outside sweeps. */
    int partial = st == EG_ENUMERIC && report && nsweeps == 0;
    if ((st == EG_OK || partial) && report) {
        report = eg_out_with_provenance(report, ENGRAM_VERSION, a->file);
        if (!report)
            st = EG_ENOMEM;
    }
    if (st != EG_OK && !(partial && st == EG_ENUMERIC)) {
        eg_report_free(report);
        return st;
    }
    *out = report;
    return st;
}

int eg_cli_run(int argc, char **argv)
{
#ifdef __GLIBC__
    /* Experiments allocate and free a network per trial: keeping freed
     * memory instead of returning it to the system at every trial saves the
     * page faults and TLB flushes that otherwise cost a fifth of the run. */
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    mallopt(M_TOP_PAD, 16 << 20);
#endif
    run_args a = {0};
    eg_source_set sources;
    eg_diag_list diags;
    eg_source_set_init(&sources);
    eg_diag_list_init(&diags);
    int rc = parse_args(argc, argv, &a, &sources, &diags);
    eg_ast *ast = NULL;
    eg_program *prog = NULL;
    eg_report *report = NULL;
    if (rc == EG_CLI_HELP) {
        rc = EG_EXIT_OK;
        goto done;
    }
    if (rc != EG_EXIT_OK) {
        eg_diag_print(&diags, &sources, stderr);
        goto done;
    }
    prog = eg_cli_load(a.file, &sources, a.defines.items, a.defines.n, &ast, &diags);
    if (!prog) {
        rc = eg_cli_load_exit_code(&sources, a.file, &diags);
        goto done;
    }
    eg_diag_list_free(&diags);
    eg_diag_list_init(&diags);
    eg_status st = execute(ast, prog, &a, &report, &diags);
    if ((st == EG_OK || (st == EG_ENUMERIC && report)) && a.outdir) {
        /* An incomplete simulation's trajectory is written too (docs/output.md);
         * the exit status still says the run failed. */
        eg_error err;
        eg_status wst = eg_out_write_dir(report, a.outdir, &err);
        if (wst != EG_OK) {
            eg_diag_error(&diags, eg_loc_file(NULL), "%s", err.msg);
            st = st == EG_OK ? wst : st;
        }
    }
    if (st == EG_ENUMERIC && report) {
        if (a.json)
            eg_out_print_json(report, a.outdir != NULL, stdout);
        else
            eg_out_print_text(report, stdout);
        eg_diag_print(&diags, &sources, stderr);
        rc = eg_status_exit_code(st);
        goto done;
    }
    if (st != EG_OK) {
        if (st == EG_ENOMEM && diags.count == 0)
            eg_diag_error(&diags, eg_loc_file(NULL), "out of memory");
        eg_diag_print(&diags, &sources, stderr);
        rc = eg_status_exit_code(st);
        goto done;
    }
    const eg_report *results = eg_report_get(report, "results");
    if (results && results->n == 0)
        fprintf(stderr, "engram: note: %s has no blocks that run (such as recall); nothing was done\n", a.file);
    if (a.json)
        eg_out_print_json(report, a.outdir != NULL, stdout);
    else
        eg_out_print_text(report, stdout);
    if (a.plot)
        rc = eg_cli_render_plots(a.outdir, a.json ? NULL : stdout);
done:
    eg_report_free(report);
    eg_program_free(prog);
    eg_ast_free(ast);
    eg_cli_defines_free(&a.defines);
    eg_diag_list_free(&diags);
    eg_source_set_free(&sources);
    return rc;
}
