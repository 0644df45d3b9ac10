/* kind_phase_plane.c: `analyze phase_plane` blocks: the vector field and the
 * nullclines of a two-unit network on a grid, as matrices for plotting. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engram/fixed_points.h"
#include "engram/integrate.h"
#include "engram/numerics.h"
#include "engram/phase.h"
#include "run/figure.h"
#include "run/inputs.h"
#include "run/kinds.h"
#include "run/plane_points.h"

static const eg_type network_type = {.kind = EG_TY_REF, .ref_kind = "network", .ref_item = EG_REF_WHOLE};
static const eg_type grid_type = EG_TYPE_INTEGER_RANGE(2, 2000, "a whole number from 2 to 2000");

static const eg_key phase_plane_keys[] = {
    {"network", &network_type, 1, 0, NULL, "a network of two units"},
    {"x", &eg_type_range, 1, 0, NULL, "the interval of unit 0"},
    {"y", &eg_type_range, 1, 0, NULL, "the interval of unit 1"},
    {"grid", &grid_type, 0, 21, NULL, "samples per axis"},
    {"input", &eg_type_dyn_input, 0, 0, NULL, "a constant input (its value at 'at')"},
    {"at", &eg_type_number, 0, 0, NULL, "the time at which the field is evaluated"},
    {"trajectories", &eg_type_matrix, 0, 0, NULL,
     "start points [x, y] of trajectories drawn on the plane (default: the box's corners and edge midpoints)"},
    {"duration", &eg_type_positive, 0, 0, NULL, "how long each trajectory runs (default 20 times the largest tau)"},
    EG_KEYS_END,
};
static const eg_schema phase_plane_schema = {.name = "phase_plane",
                                             .doc = "vector field and nullclines of a two-unit network",
                                             .keys = phase_plane_keys,
                                             .family = "analyze"};

/* ---- Compiling ----------------------------------------------------------- */

typedef struct phase_plane_spec {
    eg_spec head;
    const eg_network_spec *net;
    eg_loc net_loc;
    const eg_inputs_spec *inputs;
    eg_phase_box box;
    double *starts; /* trajectory starts, 2 per start */
    size_t nstarts;
    double duration; /* 0: 20 times the largest tau */
} phase_plane_spec;

/* The starts of the trajectories: the given ones, or the box's four corners
 * and four edge midpoints (flows in from every side). */
static void compile_starts(eg_compile *c, const eg_block *block, phase_plane_spec *s)
{
    const eg_value *v = eg_block_value(block, "trajectories");
    s->nstarts = v ? v->n : 8;
    s->starts = eg_compile_alloc(c, 2 * s->nstarts * sizeof *s->starts);
    if (!s->starts)
        return;
    if (!v) {
        const eg_phase_box *b = &s->box;
        double xm = 0.5 * (b->xlo + b->xhi), ym = 0.5 * (b->ylo + b->yhi);
        const double at[16] = {b->xlo, b->ylo, xm, b->ylo, b->xhi, b->ylo, b->xhi, ym,
                               b->xhi, b->yhi, xm, b->yhi, b->xlo, b->yhi, b->xlo, ym};
        memcpy(s->starts, at, sizeof at);
        return;
    }
    for (size_t i = 0; i < v->n; i++) {
        if (v->items[i]->n != 2) {
            eg_compile_error(c, v->items[i]->loc, "a trajectory starts at a point [x, y] of the plane, got %zu entries",
                             v->items[i]->n);
            return;
        }
        s->starts[2 * i] = v->items[i]->items[0]->num;
        s->starts[2 * i + 1] = v->items[i]->items[1]->num;
    }
}

/* An interval of the box, from low to high. */
static void compile_interval(eg_compile *c, const eg_block *block, const char *key, double *lo, double *hi)
{
    const eg_value *r = eg_block_value(block, key);
    *lo = r->items[0]->num;
    *hi = r->items[1]->num;
    if (!(*hi > *lo))
        eg_compile_error(c, r->loc, "'%s' must run from low to high, got %g .. %g", key, *lo, *hi);
}

/* The network: a rate network of two units (its size may be known only once
 * its weights are read). */
static const eg_network_spec *compile_net(eg_compile *c, const eg_block *block)
{
    const eg_value *v = eg_block_value(block, "network");
    const eg_network_spec *net = eg_compile_network(c, v);
    if (!net)
        return NULL;
    char desc[160];
    eg_block_describe(v->ref, desc, sizeof desc);
    if (net->flavour != EG_FLAVOUR_RATE) {
        eg_compile_error(c, v->loc, "a phase plane needs a rate network of two units (state = rate); %s is %s", desc,
                         net->flavour == EG_FLAVOUR_SEQUENCE ? "a sequence memory" : "not a continuous-time network");
        return NULL;
    }
    if (net->units > 0 && net->units != 2) {
        eg_compile_error(c, v->loc, "a phase plane needs a rate network of two units; %s has %zu", desc, net->units);
        return NULL;
    }
    return net;
}

static eg_spec *compile_phase_plane(eg_compile *c, const eg_block *block)
{
    phase_plane_spec *s = eg_compile_alloc(c, sizeof *s);
    if (!s)
        return NULL;
    s->net = compile_net(c, block);
    s->net_loc = eg_block_loc(block, "network");
    s->box.nx = s->box.ny = (size_t)eg_block_number(block, "grid");
    s->box.t = eg_block_number(block, "at");
    compile_interval(c, block, "x", &s->box.xlo, &s->box.xhi);
    compile_interval(c, block, "y", &s->box.ylo, &s->box.yhi);
    s->inputs = eg_inputs_compile(c, eg_block_value(block, "input"), 2);
    s->duration = eg_block_value(block, "duration") ? eg_block_number(block, "duration") : 0;
    compile_starts(c, block, s);
    return &s->head;
}

/* ---- Running ------------------------------------------------------------- */

/* Trajectories from each start, one after the other in an (rows × 2) matrix
 * with a row of NaN between them (a plotted line breaks there). */
static eg_status run_trajectories(const phase_plane_spec *spec, const eg_dyn_system *sys, double tau_max,
                                  eg_matrix **out, eg_error *err)
{
    eg_integrate_opts o = eg_integrate_opts_default();
    o.t0 = spec->box.t;
    o.t1 = o.t0 + (spec->duration > 0 ? spec->duration : 20 * tau_max);
    o.dt_record = (o.t1 - o.t0) / 500;
    o.converge_tol = 1e-9;
    size_t rows = 0, cap = 0;
    double *xy = NULL;
    eg_status st = EG_OK;
    for (size_t i = 0; i < spec->nstarts && st == EG_OK; i++) {
        eg_trajectory *tr = NULL;
        eg_status ist = eg_integrate(sys, spec->starts + 2 * i, &o, &tr, err);
        if (ist == EG_ENOMEM)
            st = ist;
        size_t n = tr ? tr->count : 0; /* a run that left the plane keeps what it recorded */
        if (st == EG_OK && rows + n + 1 > cap) {
            cap = 2 * (rows + n + 1);
            double *grown = realloc(xy, 2 * cap * sizeof *xy);
            if (grown)
                xy = grown;
            else
                st = eg_error_set(err, EG_ENOMEM, "out of memory for trajectories");
        }
        for (size_t k = 0; st == EG_OK && k < n; k++, rows++)
            xy[2 * rows] = tr->states->data[2 * k], xy[2 * rows + 1] = tr->states->data[2 * k + 1];
        if (st == EG_OK)
            xy[2 * rows] = xy[2 * rows + 1] = NAN, rows++;
        eg_trajectory_free(tr);
    }
    eg_matrix *m = st == EG_OK ? eg_matrix_alloc(rows, 2) : NULL;
    if (st == EG_OK && !m)
        st = eg_error_set(err, EG_ENOMEM, "out of memory for trajectories");
    if (m && rows)
        memcpy(m->data, xy, 2 * rows * sizeof *xy);
    free(xy);
    *out = m;
    return st;
}

/* The figure: the flow's direction as arrows of one length (the grid's
 * spacing), the nullclines as curves, trajectories, and the fixed points
 * marked by stability (filled stable, open unstable, crossed ring a saddle). */
static void add_figure(eg_report *result, const eg_block *block, const eg_phase_box *box, const size_t count[EG_PLANE_GROUPS],
                       int trajectories)
{
    char title[300];
    snprintf(title, sizeof title, "phase_plane %s", block->name);
    eg_figure *fig = eg_figure_add(result, "phase", title, "x_0", "x_1");
    double spacing = fmin((box->xhi - box->xlo) / (double)(box->nx - 1), (box->yhi - box->ylo) / (double)(box->ny - 1));
    eg_figure_series *arrows = eg_figure_xy(fig, "field", 0, 1, EG_FIGURE_VECTORS, "flow");
    if (arrows) {
        arrows->dx_column = 2;
        arrows->dy_column = 3;
        arrows->arrow_length = 0.8 * spacing;
    }
    if (trajectories) {
        eg_figure_series *t = eg_figure_xy(fig, "trajectories", 0, 1, EG_FIGURE_LINES, "trajectories");
        if (t) {
            t->color = "#555555";
            t->line_width = 1.2;
        }
    }
    const char *nullclines[2][3] = {{"nullcline_x_curve", "dx_0/dt = 0", "#1f77b4"},
                                    {"nullcline_y_curve", "dx_1/dt = 0", "#d62728"}};
    for (int k = 0; k < 2; k++) {
        eg_figure_series *s = eg_figure_xy(fig, nullclines[k][0], 0, 1, EG_FIGURE_SEGMENTS, nullclines[k][1]);
        if (s) {
            s->dx_column = 2;
            s->dy_column = 3;
            s->color = nullclines[k][2];
            s->line_width = 2.5;
        }
    }
    static const char *const names[4] = {"stable", "saddle", "unstable", "non-hyperbolic"};
    static const eg_figure_marker markers[4] = {EG_MARKER_DISC, EG_MARKER_RING, EG_MARKER_RING, EG_MARKER_DIAMOND};
    for (int g = 0; g < 4; g++) {
        if (!count[g])
            continue;
        eg_figure_series *s = eg_figure_xy(fig, eg_plane_group_keys[g], 0, 1, EG_FIGURE_POINTS, names[g]);
        if (s) {
            s->marker = markers[g];
            s->point_size = 2.2;
            s->line_width = 2;
            s->color = "#000000";
        }
        if (g == 1 && (s = eg_figure_xy(fig, eg_plane_group_keys[g], 0, 1, EG_FIGURE_POINTS, "saddle")) != NULL) {
            /* A cross inside the ring: a saddle, told apart from open (unstable) rings. */
            s->marker = EG_MARKER_CROSS;
            s->point_size = 1.6;
            s->line_width = 2;
            s->color = "#000000";
            s->no_title = 1;
        }
    }
    if (fig) {
        fig->equal_aspect = 1;
        fig->xrange = (eg_figure_range){1, box->xlo, box->xhi};
        fig->yrange = (eg_figure_range){1, box->ylo, box->yhi};
    }
}

static eg_status run_phase_plane(eg_run *run, const eg_spec *head, eg_report *result)
{
    const phase_plane_spec *spec = EG_SPEC_OF(phase_plane_spec, head);
    const eg_block *block = head->block;
    eg_numerics_init();
    eg_dyn_network *net = NULL;
    eg_status st = eg_build_dyn_network(run, spec->net, &net);
    if (st != EG_OK)
        return st;
    if (net->rate->n != 2) {
        /* Weights read from a file: their size is data. */
        char desc[160];
        return eg_run_fail(run, EG_EIO, spec->net_loc, "a phase plane needs a rate network of two units; %s has %zu",
                           eg_block_describe(spec->net->head.block, desc, sizeof desc), net->rate->n);
    }
    eg_phase_box box = spec->box;
    eg_input_set *in = NULL;
    if ((st = eg_inputs_attach(run, block, spec->inputs, net->rate, 2, &in)) != EG_OK)
        return st;
    double tau_max = fmax(net->rate->tau[0], net->rate->tau[1]);
    eg_dyn_system sys;
    eg_matrix *field = NULL, *nc0 = NULL, *nc1 = NULL, *curve[2] = {NULL, NULL}, *traj = NULL;
    eg_fp_set *fp = NULL;
    eg_error err;
    if ((st = eg_dyn_network_system(run, spec->net, net, &sys)) == EG_OK) {
        /* The curves on a grid four times finer than the arrows': smooth at the size of a figure. */
        eg_phase_box fine = box;
        fine.nx = fine.ny = 4 * (box.nx - 1) + 1;
        if ((st = eg_phase_field(&sys, &box, &field, &err)) != EG_OK ||
            (st = eg_phase_nullclines(&sys, &box, &nc0, &nc1, &err)) != EG_OK ||
            (st = eg_phase_nullcline_segments(&sys, &fine, 0, &curve[0], &err)) != EG_OK ||
            (st = eg_phase_nullcline_segments(&sys, &fine, 1, &curve[1], &err)) != EG_OK ||
            (st = eg_plane_fixed_points(&sys, &box, 2, &fp, &err)) != EG_OK ||
            (st = run_trajectories(spec, &sys, tau_max, &traj, &err)) != EG_OK)
            st = eg_run_fail(run, st, block->loc, "%s", err.msg);
    }
    net->rate->input = NULL;
    eg_input_set_free(in);
    if (st != EG_OK) {
        eg_matrix_free(field);
        eg_matrix_free(nc0);
        eg_matrix_free(nc1);
        eg_matrix_free(curve[0]);
        eg_matrix_free(curve[1]);
        eg_matrix_free(traj);
        eg_fp_set_free(fp);
        return st;
    }
    char text[512];
    size_t count[EG_PLANE_GROUPS];
    eg_report_add_integer(result, "grid", (long long)box.nx);
    eg_report_add_integer(result, "nullcline_x_points", (long long)nc0->rows);
    eg_report_add_integer(result, "nullcline_y_points", (long long)nc1->rows);
    eg_plane_report_points(result, fp, &box, 2, NULL, NULL, count);
    eg_fp_set_free(fp);
    eg_report_add_matrix(result, "field", field);
    eg_report_add_matrix(result, "nullcline_x", nc0);
    eg_report_add_matrix(result, "nullcline_y", nc1);
    eg_report_add_matrix(result, "nullcline_x_curve", curve[0]);
    eg_report_add_matrix(result, "nullcline_y_curve", curve[1]);
    int has_traj = traj && traj->rows > 0;
    if (has_traj)
        eg_report_add_matrix(result, "trajectories", traj);
    else
        eg_matrix_free(traj);
    add_figure(result, block, &box, count, has_traj);
    snprintf(text, sizeof text,
             "phase_plane %s: %zu × %zu vector field; fixed points in the box: %zu stable, %zu saddle%s, %zu unstable%s",
             block->name, box.nx, box.ny, count[0], count[1], count[1] == 1 ? "" : "s", count[2],
             count[3] ? " and some non-hyperbolic" : "");
    eg_report_add_string(result, "text", text);
    return EG_OK;
}

const eg_kind eg_kind_phase_plane = {.schema = &phase_plane_schema, .compile = compile_phase_plane,
                                     .run = run_phase_plane};
