/* run.c: running a loaded model for a library caller: the actions it names
 * (or all), arrays in memory standing in for files, progress reports that can
 * cancel, and the sweep points of a model that sweeps; the result tree is the
 * one `engram run --json` prints. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "engram/cancel.h"
#include "out/out.h"
#include "run/run.h"
#include "run/sweep/sweep.h"

/* The caller's progress callback and heartbeat, and whether either asked to stop. */
typedef struct progress_ctx {
    eg_api_progress_fn fn;
    eg_api_heartbeat_fn heartbeat;
    void *ctx;
    int cancelled;
} progress_ctx;

static int on_progress(void *ctx, size_t done, size_t total, const char *what)
{
    progress_ctx *p = ctx;
    if (p->fn(p->ctx, done, total, what))
        p->cancelled = 1;
    return p->cancelled;
}

/* Inside an action: a true return asks the engine to stop where it next checks. */
static int on_heartbeat(void *ctx)
{
    progress_ctx *p = ctx;
    if (p->heartbeat(p->ctx))
        p->cancelled = 1;
    return p->cancelled;
}

/* The params the model ran with, as `engram run` reports them. */
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

/* Every name in opt->blocks is an action of the model; else reported. */
static int check_blocks(const eg_api_model *m, const eg_api_run_options *opt, eg_diag_list *diags)
{
    size_t n = eg_api_model_actions(m);
    for (size_t k = 0; k < opt->nblocks; k++) {
        int found = 0;
        for (size_t i = 0; i < n && !found; i++)
            found = opt->blocks[k] && strcmp(opt->blocks[k], eg_api_model_action(m, i)) == 0;
        if (!found) {
            eg_diag_error(diags, eg_loc_file(NULL), "the model has no action block named '%s'",
                          opt->blocks[k] ? opt->blocks[k] : "(null)");
            return 0;
        }
    }
    return 1;
}

/* The caller's arrays as the run takes them; NULL after reporting a malformed one. */
static eg_run_array *convert_arrays(const eg_api_run_options *opt, eg_diag_list *diags)
{
    eg_run_array *out = calloc(opt->narrays + 1, sizeof *out);
    if (!out) {
        eg_diag_error(diags, eg_loc_file(NULL), "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < opt->narrays; i++) {
        const eg_api_array *a = &opt->arrays[i];
        int bad = !a->name || (a->ndim != 1 && a->ndim != 2) || (a->dtype != EG_API_FLOAT64 && a->dtype != EG_API_FLOAT32);
        size_t rows = a->ndim == 2 ? a->shape[0] : 1, cols = a->ndim == 2 ? a->shape[1] : a->shape[0];
        if (bad || (!a->data && rows * cols > 0)) {
            eg_diag_error(diags, eg_loc_file(NULL), "array '%s': expected 1-d or 2-d float64 or float32 data",
                          a->name ? a->name : "(null)");
            free(out);
            return NULL;
        }
        ptrdiff_t col_stride = a->ndim == 2 ? a->strides[1] : a->strides[0];
        out[i] = (eg_run_array){a->name, a->data, a->dtype == EG_API_FLOAT32, rows, cols,
                                a->ndim == 2 ? a->strides[0] : 0, col_stride};
    }
    return out;
}

/* Every point of the model's sweeps in order, as `engram run` runs them. */
static eg_status run_sweep(const eg_api_model *m, const eg_sweep_plan *plan, progress_ctx *pc, eg_report *report,
                           eg_diag_list *diags)
{
    eg_sweep_job job = {m->ast, m->overrides, m->noverrides, plan};
    eg_report *points = eg_report_add(report, "points", EG_REPORT_ARRAY);
    eg_status st = points ? EG_OK : EG_ENOMEM;
    for (size_t p = 0; st == EG_OK && p < plan->points; p++) {
        char label[64];
        snprintf(label, sizeof label, "point %zu", p);
        if ((pc->fn && on_progress(pc, p, plan->points, label)) || eg_cancel_check(NULL) != EG_OK)
            return EG_CANCELLED;
        eg_program *prog = NULL;
        eg_report *point = NULL;
        st = eg_sweep_point_report(&job, p, &prog, &point, diags);
        if (st == EG_OK) {
            add_params(point, eg_program_model(prog));
            st = eg_out_add_point(points, point);
        }
        eg_program_free(prog);
    }
    if (st == EG_OK && pc->fn)
        (void)pc->fn(pc->ctx, plan->points, plan->points, NULL);
    return st;
}

/* Runs the model into *out (the tree with its provenance), as `engram run` does. */
static eg_status execute(const eg_api_model *m, const eg_api_run_options *opt, progress_ctx *pc, eg_report **out,
                         eg_diag_list *diags)
{
    const eg_model *model = eg_program_model(m->prog);
    const char **pinned = calloc(m->noverrides + 1, sizeof *pinned);
    for (size_t i = 0; pinned && i < m->noverrides; i++)
        pinned[i] = m->overrides[i].name;
    eg_sweep_plan *plan = NULL;
    eg_error err;
    eg_status st = pinned ? eg_sweep_plan_build(model, pinned, m->noverrides, &plan, &err) : EG_ENOMEM;
    free(pinned);
    if (st != EG_OK) {
        eg_diag_error(diags, eg_loc_file(NULL), "%s", st == EG_ENOMEM && !plan ? "out of memory" : err.msg);
        return st;
    }
    eg_run_array *arrays = NULL;
    eg_report *report = NULL;
    if (plan->nsweeps == 0) {
        arrays = convert_arrays(opt, diags);
        eg_run_options ro = {.threads = opt->threads, .keep_partial = 1, .only = opt->blocks,
                             .nonly = opt->blocks ? opt->nblocks : 0, .arrays = arrays, .narrays = opt->narrays};
        if (pc->fn) {
            ro.progress = on_progress;
            ro.progress_ctx = pc;
        }
        st = arrays ? eg_run_model(m->prog, &ro, &report, diags) : EG_EINVAL;
        if (report)
            add_params(report, model);
    } else {
        report = eg_report_new(EG_REPORT_OBJECT);
        st = report ? run_sweep(m, plan, pc, report, diags) : EG_ENOMEM;
    }
    free(arrays);
    /* A diverged simulation's report (marked incomplete) is kept, outside
     * sweeps; a cancelled run keeps nothing. */
    int partial = st == EG_ENUMERIC && report && plan->nsweeps == 0 && !eg_cancel_requested();
    eg_sweep_plan_free(plan);
    if ((st == EG_OK || partial) && report) {
        report = eg_out_with_provenance(report, ENGRAM_VERSION, m->path);
        if (!report)
            st = EG_ENOMEM;
    }
    if (st != EG_OK && !partial) {
        eg_report_free(report);
        report = NULL;
    }
    if (st == EG_OK && eg_report_failed(report)) {
        eg_report_free(report);
        report = NULL;
        st = EG_ENOMEM;
    }
    *out = report;
    return st;
}

eg_api_status eg_api_run(const eg_api_model *m, const eg_api_run_options *opt, eg_api_result **out)
{
    eg_api_run_options none = {0};
    if (!opt)
        opt = &none;
    eg_api_result *r = calloc(1, sizeof *r);
    *out = NULL;
    if (!r)
        return EG_API_ENOMEM;
    eg_diag_list_init(&r->diags.list);
    eg_diag_list diags;
    eg_diag_list_init(&diags);
    progress_ctx pc = {.fn = opt->progress, .heartbeat = opt->heartbeat, .ctx = opt->progress_ctx};
    eg_status st = EG_OK;
    if (!m->prog) {
        eg_diag_error(&diags, eg_loc_file(NULL), "the model has errors; it cannot run");
        r->status = m->status == EG_API_OK ? EG_API_EMODEL : m->status;
    } else if (opt->nblocks && !opt->blocks) {
        r->status = EG_API_EINVAL;
    } else if (!check_blocks(m, opt, &diags) || (opt->narrays && !opt->arrays)) {
        r->status = EG_API_EINVAL;
    } else {
        eg_cancel_begin();
        if (pc.heartbeat)
            eg_cancel_set_heartbeat(on_heartbeat, &pc);
        st = execute(m, opt, &pc, &r->root, &diags);
        /* Whatever failed after a request failed because of it. */
        int cancelled = st != EG_OK && (pc.cancelled || eg_cancel_requested());
        eg_cancel_set_heartbeat(NULL, NULL);
        eg_cancel_end();
        r->status = cancelled ? EG_API_ECANCELLED : eg_api_status_of(st);
        if (cancelled) {
            eg_report_free(r->root);
            r->root = NULL;
        }
        if (st == EG_ENOMEM && diags.count == 0)
            eg_diag_error(&diags, eg_loc_file(NULL), "out of memory");
    }
    if (eg_api_diags_fill(&r->diags, &diags, &m->sources) != EG_API_OK) {
        eg_diag_list_free(&diags);
        eg_api_result_free(r);
        return EG_API_ENOMEM;
    }
    *out = r;
    return r->status;
}

void eg_api_result_free(eg_api_result *r)
{
    if (!r)
        return;
    eg_report_free(r->root);
    eg_api_diags_free(&r->diags);
    free(r);
}

void eg_api_cancel(void)
{
    eg_cancel_request();
}

eg_api_status eg_api_result_status(const eg_api_result *r)
{
    return r->status;
}

const eg_api_diag *eg_api_result_diags(const eg_api_result *r, size_t *n)
{
    *n = r->diags.n;
    return r->diags.items;
}

const char *eg_api_result_diag_text(const eg_api_result *r)
{
    return r->diags.text;
}

eg_api_status eg_api_result_write_dir(const eg_api_result *r, const char *dir, char *msg, size_t msglen)
{
    if (!r->root) {
        snprintf(msg, msglen, "the run has no results to write");
        return EG_API_EINVAL;
    }
    eg_error err;
    eg_status st = eg_out_write_dir(r->root, dir, &err);
    if (st != EG_OK)
        snprintf(msg, msglen, "%s", err.msg);
    return eg_api_status_of(st);
}
