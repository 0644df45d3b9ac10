/* kind_fixed_points.c: `analyze fixed_points` blocks: Newton from many starts,
 * distinct roots, each classified by the eigenvalues of its Jacobian (docs/science.md, "Continuous-time rate networks"). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engram/fixed_points.h"
#include "engram/numerics.h"
#include "run/build.h"
#include "run/inputs.h"
#include "run/kinds.h"
#include "run/kinds/cell_net.h"

static const eg_type memories_type = {.kind = EG_TY_REF, .ref_kind = "memories", .ref_item = EG_REF_WHOLE};
static const eg_type grid_count_type = EG_TYPE_INTEGER_RANGE(1, 1e6, "a whole number >= 1");

static const eg_key grid_keys[] = {
    {"box", &eg_type_range, 1, 0, NULL, "the interval lo .. hi of every unit"},
    {"points", &grid_count_type, 1, 0, NULL, "points per axis"},
    EG_KEYS_END,
};
static const eg_key random_keys[] = {
    {"count", &grid_count_type, 1, 0, NULL, "number of starts"},
    {"seed", &eg_type_index, 0, 0, NULL, "seed of the starts"},
    {"box", &eg_type_range, 0, 0, NULL, "the interval lo .. hi of every unit (default -1 .. 1)"},
    EG_KEYS_END,
};
static const eg_key episodes_keys[] = {
    {"memories", &memories_type, 1, 0, NULL, "start from every stored episode"},
    EG_KEYS_END,
};
static const eg_type steps_type = EG_TYPE_INTEGER_RANGE(1, 1e8, "a whole number in [1, 10^8]");
static const eg_key trajectory_keys[] = {
    {"count", &grid_count_type, 0, 256, NULL, "number of searches"},
    {"steps", &steps_type, 0, 1000, NULL, "length of the trajectory the starts are drawn from"},
    {"seed", &eg_type_index, 0, 1, NULL, "seed of the pulses, the draws and the jitter"},
    {"jitter", &eg_type_nonnegative, 0, 0, NULL, "standard deviation of the noise added to each start"},
    EG_KEYS_END,
};
static const eg_schema grid_fn = EG_SCHEMA("grid", "a regular grid over a box", grid_keys);
static const eg_schema random_fn = EG_SCHEMA("random", "uniform random starts in a box", random_keys);
static const eg_schema episodes_fn = EG_SCHEMA("episodes", "the stored episodes", episodes_keys);
static const eg_schema trajectory_fn =
    EG_SCHEMA("trajectory", "a trained cell: states of its trajectory driven by random pulses", trajectory_keys);
static const eg_schema *const start_fns[] = {&grid_fn, &random_fn, &episodes_fn, &trajectory_fn, &eg_fn_load, NULL};
static const eg_type start_call_type = {.kind = EG_TY_CALL, .calls = start_fns};
static const eg_type *const starts_alts[] = {&start_call_type, &eg_type_matrix, NULL};
static const eg_type starts_type = {.kind = EG_TY_ONEOF, .alts = starts_alts,
                                    .what = "grid(lo .. hi, n), random(count, seed), episodes(M), trajectory(count, steps), a list "
                                            "of states or load(\"S.npy\") (one state a row)"};
static const eg_type network_type = {.kind = EG_TY_REF, .ref_item = EG_REF_WHOLE,
                                     .what = "a network or train block"};
static const eg_type iter_type = EG_TYPE_INTEGER_RANGE(1, 1e6, "a whole number >= 1");

static const eg_key fixed_points_keys[] = {
    {"network", &network_type, 1, 0, NULL,
     "the continuous-time network, or a trained cell (a network with file and layout, or a train block of a cell)"},
    {"starts", &starts_type, 1, 0, NULL, "where Newton's method starts"},
    {"input", &eg_type_cell_or_dyn_input, 0, 0, NULL,
     "a constant input during the search (its value at 'at'); a trained cell's u*, one number per input"},
    {"at", &eg_type_number, 0, 0, NULL, "the time at which the input is taken"},
    {"tol", &eg_type_positive, 0, 1e-10, NULL, "a root has every |dx/dt| below this"},
    {"max_iter", &iter_type, 0, 200, NULL, "Newton iterations per start"},
    {"dedup", &eg_type_positive, 0, 1e-6, NULL, "roots closer than this are one"},
    {"q_tol", &eg_type_positive, 0, 1e-12, NULL, "a trained cell: the largest q = |F(h, u*) − h|²/2 of a fixed point"},
    {"basis", &eg_type_weights, 0, 0, NULL,
     "a trained cell: memories (state × K, one per column) to read the points and their Jacobians in"},
    EG_KEYS_END,
};
static const eg_schema fixed_points_schema = {.name = "fixed_points",
                                              .doc = "fixed points of a continuous-time network or a trained cell and their stability",
                                              .keys = fixed_points_keys,
                                              .family = "analyze"};

/* ---- Compiling ----------------------------------------------------------- */

typedef enum start_kind { START_GRID, START_RANDOM, START_EPISODES, START_LIST } start_kind;

typedef struct fixed_points_spec {
    eg_spec head;
    const eg_network_spec *net;
    const eg_inputs_spec *inputs;
    eg_fp_opts opts;          /* without the starts matrix */
    start_kind starts;
    const eg_value *given;    /* START_LIST: the matrix; START_EPISODES: the memories */
    const eg_fp_cell_spec *cell; /* a trained cell's search instead (fixed_points_cell.c), or NULL */
} fixed_points_spec;

/* The network: one with continuous-time dynamics. */
static const eg_network_spec *compile_net(eg_compile *c, const eg_block *block)
{
    return eg_compile_continuous_network(c, eg_block_value(block, "network"), "fixed points are those of a continuous-time network");
}

/* Where Newton starts: a grid or random starts in a box, the episodes, or
 * given states of the network's dimension. */
static void compile_starts(eg_compile *c, const eg_block *block, fixed_points_spec *s, size_t units, size_t dim)
{
    const eg_value *starts = eg_block_value(block, "starts");
    eg_fp_opts *o = &s->opts;
    if (eg_value_is_matrix(starts)) {
        s->starts = START_LIST;
        s->given = starts;
        size_t cols = starts->kind != EG_VAL_CALL && starts->n ? starts->items[0]->n : dim; /* a file's: at run */
        if (dim > 0 && cols != dim)
            eg_compile_error(c, starts->loc, "each start needs %zu entries (the state), got %zu", dim, cols);
        return;
    }
    if (strcmp(starts->str, "trajectory") == 0) {
        eg_compile_error(c, starts->loc, "trajectory(...) draws the starts of a trained cell; a continuous-time "
                                         "network starts from grid(...), random(...), episodes(M) or given states");
        return;
    }
    if (strcmp(starts->str, "episodes") == 0) {
        s->starts = START_EPISODES;
        s->given = eg_value_arg(starts, "memories");
        const eg_memories_spec *m = eg_compile_memories(c, s->given);
        if (m && m->units > 0 && units > 0 && m->units != units)
            eg_compile_error(c, s->given->loc, "memories '%s' hold episodes of %zu units but the network has %zu",
                             s->given->str, m->units, units);
        return;
    }
    const eg_value *box = eg_value_arg(starts, "box");
    if (box) {
        o->lo = box->items[0]->num;
        o->hi = box->items[1]->num;
        if (!(o->hi > o->lo))
            eg_compile_error(c, box->loc, "the box must have lo < hi, got %g .. %g", o->lo, o->hi);
    }
    if (strcmp(starts->str, "grid") == 0) {
        s->starts = START_GRID;
        o->grid = (size_t)eg_call_number(starts, "points");
        if (dim > 0 && pow((double)o->grid, (double)dim) > 1e6)
            eg_compile_error(c, starts->loc,
                             "a grid of %zu points per axis over %zu dimensions has more than 10^6 starts; "
                             "use random(count, seed) or episodes(M)",
                             o->grid, dim);
    } else {
        s->starts = START_RANDOM;
        o->random_starts = (size_t)eg_call_number(starts, "count");
        o->seed = (uint64_t)eg_call_number(starts, "seed");
    }
}

static eg_spec *compile_fixed_points(eg_compile *c, const eg_block *block)
{
    fixed_points_spec *s = eg_compile_alloc(c, sizeof *s);
    if (!s)
        return NULL;
    eg_cell_source cell;
    size_t before = eg_compile_errors(c);
    if (eg_compile_cell_source(c, eg_block_value(block, "network"), &cell)) {
        s->cell = eg_fixed_points_cell_compile(c, block, &cell);
        return &s->head;
    }
    if (eg_compile_errors(c) > before || !eg_compile_analysed_network(c, eg_block_value(block, "network"),
                                                                      "analyze fixed_points"))
        return &s->head; /* the block it names has errors of its own, or is no network */
    static const char *const cell_keys[] = {"q_tol", "basis", NULL};
    for (size_t i = 0; cell_keys[i]; i++)
        if (eg_block_value(block, cell_keys[i]))
            eg_compile_error(c, eg_block_loc(block, cell_keys[i]), "'%s' is for trained cells; a continuous-time "
                             "network's roots are kept by 'tol'", cell_keys[i]);
    s->net = compile_net(c, block);
    size_t units = s->net ? s->net->units : 0, dim = s->net ? eg_network_rate_dim(s->net) : 0;
    const eg_value *input = eg_block_value(block, "input");
    if (input && input->kind != EG_VAL_CALL && (input->kind != EG_VAL_LIST || input->n == 0 ||
                                                input->items[0]->kind != EG_VAL_CALL))
        eg_compile_error(c, input->loc, "a continuous-time network takes input terms such as step(amplitude = "
                                        "[...]); a list of numbers is a trained cell's constant input");
    else if (input && s->net && eg_network_rate_is_sequence(s->net))
        eg_compile_error(c, input->loc, "external inputs act on rate networks, not sequence memories");
    else
        s->inputs = eg_inputs_compile(c, input, units);
    s->opts = eg_fp_opts_default();
    s->opts.t = eg_block_number(block, "at");
    s->opts.tol = eg_block_number(block, "tol");
    s->opts.max_iter = (size_t)eg_block_number(block, "max_iter");
    s->opts.dedup_tol = eg_block_number(block, "dedup");
    compile_starts(c, block, s, units, dim);
    return &s->head;
}

/* ---- Running ------------------------------------------------------------- */

/* The starts given by episodes(M) or a matrix, one per row, dim columns. */
static eg_status given_starts(eg_run *run, const fixed_points_spec *spec, const eg_dyn_network *net, size_t dim,
                              eg_matrix **out)
{
    size_t units = eg_dyn_network_units(net);
    eg_matrix *S = NULL;
    eg_status st;
    const eg_value *starts = spec->given;
    if (spec->starts == START_LIST) {
        if ((st = eg_build_matrix(run, starts, &S)) != EG_OK)
            return st;
        /* The dimension of a network with loaded weights is known only now. */
        if (S->cols != dim) {
            st = eg_run_fail(run, EG_EIO, starts->loc, "each start needs %zu entries (the state), got %zu", dim,
                             S->cols);
            eg_matrix_free(S);
            return st;
        }
        *out = S;
        return EG_OK;
    }
    const eg_value *mem = spec->given;
    const eg_episodes *ep = NULL;
    if ((st = eg_build_episodes(run, mem->ref, &ep)) != EG_OK)
        return st;
    if (ep->units != units)
        return eg_run_fail(run, EG_EIO, mem->loc, "memories '%s' hold episodes of %zu units but the network has %zu",
                           mem->str, ep->units, units);
    if (!(S = eg_matrix_alloc(ep->count, dim)))
        return eg_run_fail(run, EG_ENOMEM, mem->loc, "out of memory");
    for (size_t mu = 0; mu < ep->count; mu++)
        for (size_t i = 0; i < units; i++)
            *eg_matrix_at(S, mu, i) = eg_episodes_get(ep, mu, i) * net->pattern_scale;
    *out = S;
    return EG_OK;
}

static void add_points(const eg_block *block, const eg_fp_set *fp, eg_report *result)
{
    char text[2048];
    size_t n = 0, dim = fp->dim;
    size_t stable = 0, saddles = 0;
    n += (size_t)snprintf(text + n, sizeof text - n, "fixed_points %s: %zu fixed point%s (%zu of %zu starts converged)",
                          block->name, fp->count, fp->count == 1 ? "" : "s", fp->starts_converged, fp->starts_tried);
    eg_report *list = eg_report_add(result, "fixed_points", EG_REPORT_ARRAY);
    for (size_t k = 0; k < fp->count; k++) {
        eg_report *p = eg_report_add(list, NULL, EG_REPORT_OBJECT);
        const double *x = fp->points->data + k * dim;
        eg_report_add_numbers(p, "state", x, dim);
        eg_report_add_string(p, "class", eg_fp_class_name(fp->cls[k]));
        eg_report_add_integer(p, "unstable_dim", (long long)fp->unstable_dim[k]);
        eg_report_add_numbers(p, "eig_re", fp->eig_re->data + k * dim, dim);
        eg_report_add_numbers(p, "eig_im", fp->eig_im->data + k * dim, dim);
        stable += fp->cls[k] == EG_FP_STABLE_NODE || fp->cls[k] == EG_FP_STABLE_FOCUS;
        saddles += fp->cls[k] == EG_FP_SADDLE;
        if (k < 8 && n < sizeof text) {
            n += (size_t)snprintf(text + n, sizeof text - n, "\n  %s", eg_fp_class_name(fp->cls[k]));
            if (fp->cls[k] == EG_FP_SADDLE && n < sizeof text)
                n += (size_t)snprintf(text + n, sizeof text - n, " (%zu unstable)", fp->unstable_dim[k]);
            size_t show = dim < 4 ? dim : 4;
            for (size_t i = 0; i < show && n < sizeof text; i++)
                n += (size_t)snprintf(text + n, sizeof text - n, "%s%.6g", i ? ", " : " at [", x[i]);
            double top = fp->eig_re->data[k * dim];
            for (size_t i = 1; i < dim; i++)
                if (fp->eig_re->data[k * dim + i] > top)
                    top = fp->eig_re->data[k * dim + i];
            if (n < sizeof text)
                n += (size_t)snprintf(text + n, sizeof text - n, "%s]; largest Re λ %.4g", dim > show ? ", ..." : "",
                                      top);
        }
    }
    if (fp->count > 8 && n < sizeof text)
        snprintf(text + n, sizeof text - n, "\n  ... and %zu more (all in the JSON summary)", fp->count - 8);
    eg_report_add_integer(result, "count", (long long)fp->count);
    eg_report_add_integer(result, "stable", (long long)stable);
    eg_report_add_integer(result, "saddles", (long long)saddles);
    eg_report_add_integer(result, "starts", (long long)fp->starts_tried);
    eg_report_add_integer(result, "converged_starts", (long long)fp->starts_converged);
    eg_report_add_matrix(result, "points", eg_matrix_copy(fp->points));
    eg_report_add_matrix(result, "eig_re", eg_matrix_copy(fp->eig_re));
    eg_report_add_matrix(result, "eig_im", eg_matrix_copy(fp->eig_im));
    eg_report_add_string(result, "text", text);
}

static eg_status run_fixed_points(eg_run *run, const eg_spec *head, eg_report *result)
{
    const fixed_points_spec *spec = EG_SPEC_OF(fixed_points_spec, head);
    const eg_block *block = head->block;
    if (spec->cell)
        return eg_fixed_points_cell_run(run, spec->cell, block, result);
    eg_numerics_init();
    eg_dyn_network *net = NULL;
    eg_status st = eg_build_dyn_network(run, spec->net, &net);
    if (st != EG_OK)
        return st;
    size_t units = eg_dyn_network_units(net);
    eg_input_set *in = NULL;
    if ((st = eg_inputs_attach(run, block, spec->inputs, net->rate, units, &in)) != EG_OK)
        return st;
    eg_dyn_system sys;
    eg_matrix *S = NULL;
    eg_fp_set *fp = NULL;
    if ((st = eg_dyn_network_system(run, spec->net, net, &sys)) != EG_OK)
        goto done;
    eg_fp_opts o = spec->opts;
    if (spec->starts == START_GRID && pow((double)o.grid, (double)sys.dim) > 1e6) {
        /* The dimension of a network with loaded weights is known only now. */
        st = eg_run_fail(run, EG_EIO, block->loc,
                         "a grid of %zu points per axis over %zu dimensions has more than 10^6 starts; "
                         "use random(count, seed) or episodes(M)",
                         o.grid, sys.dim);
        goto done;
    }
    if (spec->starts == START_LIST || spec->starts == START_EPISODES) {
        if ((st = given_starts(run, spec, net, sys.dim, &S)) != EG_OK)
            goto done;
        o.starts = S;
    }
    eg_error err;
    if ((st = eg_fixed_points_find(&sys, &o, &fp, &err)) != EG_OK) {
        st = eg_run_fail(run, st, block->loc, "%s", err.msg);
        goto done;
    }
    add_points(block, fp, result);
done:
    if (net->rate)
        net->rate->input = NULL;
    eg_fp_set_free(fp);
    eg_matrix_free(S);
    eg_input_set_free(in);
    return st;
}

const eg_kind eg_kind_fixed_points = {.schema = &fixed_points_schema, .compile = compile_fixed_points,
                                      .run = run_fixed_points};
