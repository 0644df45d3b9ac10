/* cmd_run.c: `engram run FILE [-D name=value]... [-o DIR] [--json] [-j N]`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli/cli.h"
#include "engram/npy.h"
#include "engram/outfile.h"
#include "engram/status.h"
#include "lang/eval.h"
#include "lang/parse.h"
#include "run/run.h"

typedef struct run_args {
    const char *file;
    const char *outdir;
    int json;
    int plot;
    int threads; /* -j N: worker threads for experiments (0: all cores) */
    eg_override *overrides;
    size_t noverrides;
    eg_value **override_values;
} run_args;

static void run_args_free(run_args *a)
{
    for (size_t i = 0; i < a->noverrides; i++) {
        free((char *)a->overrides[i].name);
        eg_value_free(a->override_values[i]);
    }
    free(a->overrides);
    free(a->override_values);
}

/* -D NAME=VALUE: VALUE is an expression of its own (numbers, lists, words,
 * arithmetic), parsed as the statement `param NAME = VALUE`. */
static int add_override(run_args *a, const char *def, eg_source_set *sources, eg_diag_list *diags)
{
    const char *eq = strchr(def, '=');
    if (!eq || eq == def)
        return eg_cli_usage_error("-D takes NAME=VALUE, got '%s'", def);
    size_t len = strlen(def) + 16;
    char *text = malloc(len);
    if (!text)
        return EG_EXIT_INTERNAL;
    snprintf(text, len, "param %.*s = %s\n", (int)(eq - def), def, eq + 1);
    char name[128];
    snprintf(name, sizeof name, "-D %.100s", def);
    eg_ast *ast = eg_parse_text(sources, name, text, strlen(text), diags);
    free(text);
    if (!ast || diags->errors || ast->nkids != 1 || ast->kids[0]->kind != EG_AST_PARAM) {
        if (!diags->errors)
            eg_diag_error(diags, eg_loc_file(NULL), "-D %s: expected NAME=VALUE", def);
        eg_ast_free(ast);
        return EG_EXIT_USAGE;
    }
    eg_scope scope = {NULL, 0};
    eg_value *v = eg_eval(ast->kids[0]->kids[0], &scope, diags);
    char *pname = strdup(ast->kids[0]->text);
    eg_ast_free(ast);
    eg_override *ov = realloc(a->overrides, (a->noverrides + 1) * sizeof *ov);
    if (ov)
        a->overrides = ov;
    eg_value **vals = realloc(a->override_values, (a->noverrides + 1) * sizeof *vals);
    if (vals)
        a->override_values = vals;
    if (!v || !pname || !ov || !vals) {
        eg_value_free(v);
        free(pname);
        return v ? EG_EXIT_INTERNAL : EG_EXIT_USAGE;
    }
    a->overrides[a->noverrides] = (eg_override){pname, v};
    a->override_values[a->noverrides++] = v;
    return EG_EXIT_OK;
}

static int parse_args(int argc, char **argv, run_args *a, eg_source_set *sources, eg_diag_list *diags)
{
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--json") == 0) {
            a->json = 1;
        } else if (strcmp(arg, "--plot") == 0) {
            a->plot = 1;
        } else if (strncmp(arg, "-j", 2) == 0) {
            const char *n = arg[2] ? arg + 2 : (++i < argc ? argv[i] : NULL);
            char *end = NULL;
            long v = n ? strtol(n, &end, 10) : -1;
            if (!n || !*n || *end || v < 0 || v > 4096)
                return eg_cli_usage_error("-j takes a number of threads from 0 (all cores) to 4096, got '%s'",
                                          n ? n : "");
            a->threads = (int)v;
        } else if (strcmp(arg, "-o") == 0) {
            if (++i == argc)
                return eg_cli_usage_error("-o needs a directory");
            a->outdir = argv[i];
        } else if (strncmp(arg, "-D", 2) == 0) {
            const char *def = arg[2] ? arg + 2 : (++i < argc ? argv[i] : NULL);
            if (!def)
                return eg_cli_usage_error("-D needs NAME=VALUE");
            int rc = add_override(a, def, sources, diags);
            if (rc != EG_EXIT_OK)
                return rc;
        } else if (arg[0] == '-' && arg[1]) {
            return eg_cli_usage_error("unknown option '%s' for run", arg);
        } else if (a->file) {
            return eg_cli_usage_error("run takes one model file, got '%s' and '%s'", a->file, arg);
        } else {
            a->file = arg;
        }
    }
    if (!a->file)
        return eg_cli_usage_error("run needs a model file");
    if (a->plot && !a->outdir)
        return eg_cli_usage_error("--plot needs -o DIR: the figures are drawn from the files written there");
    return EG_EXIT_OK;
}

/* Writes every matrix of the tree into the staged directory. */
static eg_status write_matrices(const eg_report *r, eg_outdir *dir, eg_error *err)
{
    if (r->kind == EG_REPORT_MATRIX) {
        const char *path = eg_outdir_path(dir, r->string);
        if (!path)
            return eg_error_set(err, EG_EIO, "cannot name the output file '%s'", r->string);
        return eg_npy_write_matrix(path, r->matrix, err);
    }
    for (size_t i = 0; i < r->n; i++) {
        eg_status st = write_matrices(r->kids[i], dir, err);
        if (st != EG_OK)
            return st;
    }
    return EG_OK;
}

/* Writes summary.json and the .npy files; all of them or none. */
static eg_status write_outputs(const eg_report *report, const char *outdir, eg_error *err)
{
    eg_outdir *dir = NULL;
    eg_status st = eg_outdir_begin(outdir, &dir, err);
    if (st != EG_OK)
        return st;
    st = write_matrices(report, dir, err);
    if (st == EG_OK)
        st = eg_cli_write_plot_scripts(report, dir, err);
    const char *summary = st == EG_OK ? eg_outdir_path(dir, "summary.json") : NULL;
    FILE *f = summary ? fopen(summary, "w") : NULL;
    if (st == EG_OK && !f)
        st = eg_error_set(err, EG_EIO, "cannot write %s/summary.json", outdir);
    if (f) {
        int rc = eg_cli_print_json(report, 1, f);
        if (fclose(f) != 0 || rc != 0)
            st = eg_error_set(err, EG_EIO, "cannot write %s/summary.json", outdir);
    }
    if (st != EG_OK) {
        eg_outdir_abort(dir);
        return st;
    }
    return eg_outdir_commit(dir, err);
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

/* Prefixes every matrix file name of a sweep point's results with "pNNN.". */
static void prefix_files(eg_report *r, size_t point)
{
    if (r->kind == EG_REPORT_MATRIX) {
        size_t len = strlen(r->string) + 16;
        char *name = malloc(len);
        if (name) {
            snprintf(name, len, "p%03zu.%s", point, r->string);
            free(r->string);
            r->string = name;
        }
        return;
    }
    for (size_t i = 0; i < r->n; i++)
        prefix_files(r->kids[i], point);
}

typedef struct sweep_plan {
    const eg_sweep **sweeps; /* the sweeps not pinned by -D */
    size_t n;
    size_t points;
} sweep_plan;

static int pinned(const run_args *a, const char *param)
{
    for (size_t i = 0; i < a->noverrides; i++)
        if (strcmp(a->overrides[i].name, param) == 0)
            return 1;
    return 0;
}

/* Runs one point: the model checked with the given overrides, then run. */
static eg_status run_point(const eg_ast *ast, const eg_override *ov, size_t nov, const eg_run_options *opt,
                           eg_report **out, eg_diag_list *diags)
{
    eg_model *model = eg_model_check(ast, eg_kind_schemas(), ov, nov, diags);
    if (!model)
        return EG_EMODEL;
    eg_report *results = NULL;
    eg_status st = eg_run_model(model, opt, &results, diags);
    if (st == EG_OK)
        add_params(results, model);
    eg_model_free(model);
    *out = results;
    return st;
}

static eg_status run_sweep(const eg_ast *ast, const run_args *a, const sweep_plan *plan, eg_report *report,
                           eg_diag_list *diags)
{
    eg_report *points = eg_report_add(report, "points", EG_REPORT_ARRAY);
    size_t nov = a->noverrides + plan->n;
    eg_override *ov = calloc(nov, sizeof *ov);
    eg_value **vals = calloc(plan->n + 1, sizeof *vals);
    eg_status st = ov && vals && points ? EG_OK : EG_ENOMEM;
    for (size_t i = 0; st == EG_OK && i < plan->n; i++)
        if (!(vals[i] = eg_value_number(plan->sweeps[i]->loc, 0)))
            st = EG_ENOMEM;
    for (size_t p = 0; st == EG_OK && p < plan->points; p++) {
        memcpy(ov, a->overrides, a->noverrides * sizeof *ov);
        size_t rest = p;
        /* The last sweep varies fastest, as nested loops in file order would. */
        for (size_t k = plan->n; k-- > 0;) {
            vals[k]->num = plan->sweeps[k]->values[rest % plan->sweeps[k]->n];
            rest /= plan->sweeps[k]->n;
            ov[a->noverrides + k] = (eg_override){plan->sweeps[k]->param, vals[k]};
        }
        eg_report *point = NULL;
        eg_run_options opt = {a->threads};
        st = run_point(ast, ov, nov, &opt, &point, diags);
        if (st == EG_OK) {
            prefix_files(point, p);
            point->key = NULL;
            eg_report **kids = realloc(points->kids, (points->n + 1) * sizeof *kids);
            if (!kids) {
                eg_report_free(point);
                st = EG_ENOMEM;
            } else {
                points->kids = kids;
                points->kids[points->n++] = point;
                points->cap = points->n;
            }
        }
    }
    for (size_t i = 0; vals && i < plan->n; i++)
        eg_value_free(vals[i]);
    free(vals);
    free(ov);
    return st;
}

static eg_status execute(const eg_ast *ast, const eg_model *model, const run_args *a, eg_report **out,
                         eg_diag_list *diags)
{
    sweep_plan plan = {calloc(model->nsweeps + 1, sizeof(eg_sweep *)), 0, 1};
    if (!plan.sweeps)
        return EG_ENOMEM;
    for (size_t i = 0; i < model->nsweeps; i++) {
        if (!pinned(a, model->sweeps[i].param)) {
            plan.sweeps[plan.n++] = &model->sweeps[i];
            plan.points *= model->sweeps[i].n;
        }
    }
    eg_report *report = NULL;
    eg_status st;
    if (plan.n == 0) {
        eg_run_options opt = {a->threads};
        st = run_point(ast, a->overrides, a->noverrides, &opt, &report, diags);
    } else {
        report = eg_report_new(EG_REPORT_OBJECT);
        st = report ? run_sweep(ast, a, &plan, report, diags) : EG_ENOMEM;
    }
    free(plan.sweeps);
    if (st == EG_OK && report) {
        /* Put the provenance first by building a new root around the results. */
        eg_report *root = eg_report_new(EG_REPORT_OBJECT);
        eg_report_add_string(root, "engram", ENGRAM_VERSION);
        eg_report_add_string(root, "model", a->file);
        eg_report **kids = root ? realloc(root->kids, (root->n + report->n) * sizeof *kids) : NULL;
        if (kids) {
            root->kids = kids;
            memcpy(root->kids + root->n, report->kids, report->n * sizeof *kids);
            root->n += report->n;
            root->cap = root->n;
            report->n = 0;
        }
        eg_report_free(report);
        report = root;
        if (!kids || eg_report_failed(root))
            st = EG_ENOMEM;
    }
    if (st != EG_OK) {
        eg_report_free(report);
        return st;
    }
    *out = report;
    return EG_OK;
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
    eg_model *model = NULL;
    eg_report *report = NULL;
    if (rc != EG_EXIT_OK) {
        eg_diag_print(&diags, &sources, stderr);
        goto done;
    }
    model = eg_cli_load(a.file, &sources, a.overrides, a.noverrides, &ast, &diags);
    if (!model) {
        rc = eg_source_set_find(&sources, a.file) ? EG_EXIT_MODEL : EG_EXIT_IO;
        goto done;
    }
    eg_diag_list_free(&diags);
    eg_diag_list_init(&diags);
    eg_status st = execute(ast, model, &a, &report, &diags);
    if (st == EG_OK && a.outdir) {
        eg_error err;
        if ((st = write_outputs(report, a.outdir, &err)) != EG_OK)
            eg_diag_error(&diags, eg_loc_file(NULL), "%s", err.msg);
    }
    if (st != EG_OK) {
        if (st == EG_ENOMEM && diags.count == 0)
            eg_diag_error(&diags, eg_loc_file(NULL), "out of memory");
        eg_diag_print(&diags, &sources, stderr);
        rc = eg_status_exit_code(st);
        goto done;
    }
    if (a.json)
        eg_cli_print_json(report, a.outdir != NULL, stdout);
    else
        eg_cli_print_human(report, stdout);
    if (a.plot)
        rc = eg_cli_render_plots(a.outdir, a.json ? NULL : stdout);
done:
    eg_report_free(report);
    eg_model_free(model);
    eg_ast_free(ast);
    run_args_free(&a);
    eg_diag_list_free(&diags);
    eg_source_set_free(&sources);
    return rc;
}
