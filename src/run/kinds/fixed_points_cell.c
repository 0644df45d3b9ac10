/* fixed_points_cell.c: `analyze fixed_points` on a trained cell: the
 * analysis `engram fixed-points` runs (task/cell_points.c), its starts drawn
 * from the cell's own trajectory or given, reported with the same fields,
 * files and figures as `engram fixed-points -o`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engram/cell_points.h"
#include "engram/numerics.h"
#include "run/build.h"
#include "run/cell_report.h"
#include "run/kinds.h"
#include "run/kinds/cell_net.h"

struct eg_fp_cell_spec {
    eg_cell_source cell;
    const eg_value *input;  /* the constant input u* (NULL: zeros) */
    const eg_value *starts; /* a list of states, or trajectory(...) */
    const eg_value *basis;  /* memories to read the points in, or NULL */
    eg_cell_fp_opts opts;   /* without the matrices */
};

/* ---- Compiling ----------------------------------------------------------- */

/* The keys of a continuous-time search, each refused where it is written. */
static void refuse_flow_keys(eg_compile *c, const eg_block *block)
{
    static const char *const keys[] = {"at", "tol", "max_iter", "dedup", NULL};
    for (size_t i = 0; keys[i]; i++)
        if (eg_block_value(block, keys[i]))
            eg_compile_error(c, eg_block_loc(block, keys[i]),
                             "'%s' is for continuous-time networks; a trained cell's points are kept by q_tol", keys[i]);
}

/* The starts: trajectory(...), or states inline or loaded; the box calls are
 * for continuous-time networks. */
static void compile_starts(eg_compile *c, const eg_value *starts, eg_fp_cell_spec *s)
{
    s->starts = starts;
    if (eg_value_is_matrix(starts))
        return; /* states, checked against the cell's state once it is loaded */
    if (strcmp(starts->str, "trajectory") != 0) {
        eg_compile_error(c, starts->loc,
                         "a trained cell's searches start from trajectory(count, steps, seed, jitter), given states or "
                         "load(\"S.npy\"); "
                         "%s(...) is for continuous-time networks",
                         starts->str);
        return;
    }
    s->opts.starts = (size_t)eg_call_number(starts, "count");
    s->opts.steps = (size_t)eg_call_number(starts, "steps");
    s->opts.seed = (uint64_t)eg_call_number(starts, "seed");
    s->opts.jitter = eg_call_number(starts, "jitter");
}

const eg_fp_cell_spec *eg_fixed_points_cell_compile(eg_compile *c, const eg_block *block, const eg_cell_source *src)
{
    eg_fp_cell_spec *s = eg_compile_alloc(c, sizeof *s);
    if (!s)
        return NULL;
    s->cell = *src;
    s->opts = eg_cell_fp_opts_default();
    s->opts.q_tol = eg_block_number(block, "q_tol");
    refuse_flow_keys(c, block);
    s->input = eg_block_value(block, "input");
    if (s->input && !eg_cell_input_is_constant(s->input))
        eg_compile_error(c, s->input->loc, "a trained cell takes a constant input, one number per input, such as [0, 1]");
    s->basis = eg_block_value(block, "basis");
    compile_starts(c, eg_block_value(block, "starts"), s);
    return s;
}

/* ---- Running ------------------------------------------------------------- */

/* The given states and the basis, read (their widths are checked by the search). */
static eg_status read_matrices(eg_run *run, const eg_fp_cell_spec *s, eg_matrix **from, eg_matrix **basis)
{
    eg_status st = EG_OK;
    if (eg_value_is_matrix(s->starts))
        st = eg_build_matrix(run, s->starts, from);
    if (st == EG_OK && s->basis)
        st = eg_build_matrix(run, s->basis, basis);
    return st;
}

/* The search failed: data that does not fit the cell (the starts' or the
 * basis's width) is reported at its key, as data; the rest at the block. */
static eg_status search_failed(eg_run *run, const eg_fp_cell_spec *s, const eg_block *block, eg_status st,
                               const eg_error *err)
{
    if (st != EG_EPARSE)
        return eg_run_fail(run, st, block->loc, "%s", err->msg);
    const eg_value *at = s->basis && strstr(err->msg, "basis") ? s->basis : s->starts;
    return eg_run_fail(run, EG_EIO, at->loc, "%s", err->msg);
}

/* The text summary: the counts per class, then the first points. */
static void add_text(const eg_block *block, const eg_cell *c, const eg_cell_fp *r, eg_report *result)
{
    const eg_map_fp_set *s = r->set;
    size_t per_class[4] = {0};
    for (size_t k = 0; k < s->count; k++)
        per_class[s->cls[k]]++;
    char text[2048];
    int len = snprintf(text, sizeof text,
                       "fixed_points %s: %zu fixed point%s of a %s of %zu units from %zu starts: %zu stable, %zu "
                       "saddle%s, %zu unstable, %zu marginal",
                       block->name, s->count, s->count == 1 ? "" : "s", eg_cell_kind_name(c->kind), c->hidden,
                       s->starts, per_class[EG_MAP_STABLE], per_class[EG_MAP_SADDLE],
                       per_class[EG_MAP_SADDLE] == 1 ? "" : "s", per_class[EG_MAP_UNSTABLE], per_class[EG_MAP_MARGINAL]);
    for (size_t k = 0; k < s->count && k < 8 && len > 0 && (size_t)len < sizeof text; k++) {
        len += snprintf(text + len, sizeof text - (size_t)len, "\n  %s", eg_map_class_name(s->cls[k]));
        if (s->cls[k] == EG_MAP_SADDLE && (size_t)len < sizeof text)
            len += snprintf(text + len, sizeof text - (size_t)len, " of index %zu", s->unstable[k]);
        if ((size_t)len < sizeof text)
            len += snprintf(text + len, sizeof text - (size_t)len, ", q %.3g", s->q[k]);
    }
    if (s->count > 8 && len > 0 && (size_t)len < sizeof text)
        snprintf(text + len, sizeof text - (size_t)len, "\n  ... and %zu more (all in the JSON summary)",
                 s->count - 8);
    eg_report_add_string(result, "text", text);
}

eg_status eg_fixed_points_cell_run(eg_run *run, const eg_fp_cell_spec *s, const eg_block *block, eg_report *result)
{
    eg_numerics_init();
    const eg_cell *c = NULL;
    eg_cell_origin origin;
    eg_status st = eg_build_cell(run, &s->cell, &c, &origin);
    if (st != EG_OK)
        return st;
    double *u = NULL;
    eg_matrix *from = NULL, *basis = NULL;
    eg_cell_fp *r = NULL;
    if ((st = eg_build_cell_input(run, s->input, c, block->loc, &u)) != EG_OK || (st = read_matrices(run, s, &from, &basis)) != EG_OK)
        goto done;
    eg_cell_fp_opts o = s->opts;
    o.seed = eg_run_seed(run, o.seed);
    o.from = from, o.from_name = "the starts";
    o.basis = basis, o.basis_name = "the basis";
    o.keep_samples = 1; /* the figure draws the points among them */
    eg_error err;
    if ((st = eg_cell_fixed_points(c, u, &o, &r, &err)) != EG_OK) {
        st = search_failed(run, s, block, st, &err);
        goto done;
    }
    eg_cell_report_origin(result, &origin, c, u, 0, (long long)o.seed);
    if ((st = eg_cell_fp_report(r, o.q_tol, from == NULL, s->cell.block->name, result, &err)) != EG_OK) {
        st = eg_run_fail(run, st, block->loc, "%s", err.msg);
        goto done;
    }
    add_text(block, c, r, result);
done:
    eg_cell_fp_free(r);
    eg_matrix_free(from);
    eg_matrix_free(basis);
    free(u);
    return st;
}
