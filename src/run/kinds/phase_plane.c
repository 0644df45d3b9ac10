/* kind_phase_plane.c: `analyze phase_plane` blocks: the vector field and the
 * nullclines of a two-unit network on a grid, as matrices for plotting. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "engram/numerics.h"
#include "engram/phase.h"
#include "run/figure.h"
#include "run/inputs.h"
#include "run/kinds.h"

static const eg_type network_type = {.kind = EG_TY_REF, .ref_kind = "network", .ref_item = EG_REF_WHOLE};
static const eg_type grid_type = EG_TYPE_INTEGER_RANGE(2, 2000, "a whole number from 2 to 2000");

static const eg_key phase_plane_keys[] = {
    {"network", &network_type, 1, 0, NULL, "a network of two units"},
    {"x", &eg_type_range, 1, 0, NULL, "the interval of unit 0"},
    {"y", &eg_type_range, 1, 0, NULL, "the interval of unit 1"},
    {"grid", &grid_type, 0, 21, NULL, "samples per axis"},
    {"input", &eg_type_dyn_input, 0, 0, NULL, "a constant input (its value at 'at')"},
    {"at", &eg_type_number, 0, 0, NULL, "the time at which the field is evaluated"},
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
} phase_plane_spec;

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
    return &s->head;
}

/* ---- Running ------------------------------------------------------------- */

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
    if (spec->inputs) {
        if (!(in = eg_input_set_alloc(2)))
            return eg_run_fail(run, EG_ENOMEM, block->loc, "out of memory");
        if ((st = eg_inputs_build(run, spec->inputs, in, 2)) != EG_OK) {
            eg_input_set_free(in);
            return st;
        }
        net->rate->input = in;
    }
    eg_dyn_system sys;
    eg_matrix *field = NULL, *nc0 = NULL, *nc1 = NULL;
    eg_error err;
    if ((st = eg_dyn_network_system(run, spec->net, net, &sys)) == EG_OK) {
        if ((st = eg_phase_field(&sys, &box, &field, &err)) != EG_OK ||
            (st = eg_phase_nullclines(&sys, &box, &nc0, &nc1, &err)) != EG_OK)
            st = eg_run_fail(run, st, block->loc, "%s", err.msg);
    }
    net->rate->input = NULL;
    eg_input_set_free(in);
    if (st != EG_OK) {
        eg_matrix_free(field);
        eg_matrix_free(nc0);
        eg_matrix_free(nc1);
        return st;
    }
    char text[512];
    snprintf(text, sizeof text, "phase_plane %s: %zu × %zu vector field; %zu points on the x-nullcline, %zu on the y-nullcline",
             block->name, box.nx, box.ny, nc0->rows, nc1->rows);
    eg_report_add_integer(result, "grid", (long long)box.nx);
    eg_report_add_integer(result, "nullcline_x_points", (long long)nc0->rows);
    eg_report_add_integer(result, "nullcline_y_points", (long long)nc1->rows);
    eg_report_add_matrix(result, "field", field);
    eg_report_add_matrix(result, "nullcline_x", nc0);
    eg_report_add_matrix(result, "nullcline_y", nc1);
    char title[300];
    snprintf(title, sizeof title, "phase_plane %s", block->name);
    eg_figure *fig = eg_figure_add(result, "phase", title, "x_0", "x_1");
    /* Arrows of a common length (a thirtieth of the box): the field's direction, not its speed. */
    const eg_report *fm = eg_report_get(result, "field");
    double lo = HUGE_VAL, hi = -HUGE_VAL;
    for (size_t i = 0; fm && i < fm->matrix->rows; i++) {
        double x = fm->matrix->data[i * fm->matrix->cols];
        lo = x < lo ? x : lo;
        hi = x > hi ? x : hi;
    }
    double len = hi > lo ? (hi - lo) / 30 : 0.03;
    eg_figure_series *arrows = eg_figure_xy(fig, "field", 0, 1, EG_FIGURE_VECTORS, "dx/dt");
    if (arrows) {
        arrows->dx_column = 2;
        arrows->dy_column = 3;
        arrows->arrow_length = len;
    }
    const char *nullclines[2][2] = {{"nullcline_x", "dx_0/dt = 0"}, {"nullcline_y", "dx_1/dt = 0"}};
    for (int k = 0; k < 2; k++) {
        eg_figure_series *s = eg_figure_xy(fig, nullclines[k][0], 0, 1, EG_FIGURE_POINTS, nullclines[k][1]);
        if (s)
            s->point_size = 0.4;
    }
    if (fig)
        fig->equal_aspect = 1;
    eg_report_add_string(result, "text", text);
    return EG_OK;
}

const eg_kind eg_kind_phase_plane = {.schema = &phase_plane_schema, .compile = compile_phase_plane,
                                     .run = run_phase_plane};
