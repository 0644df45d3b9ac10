/* kind_phase_plane.c: `analyze phase_plane` blocks: the vector field and the
 * nullclines of a two-unit network on a grid, as matrices for plotting. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "engram/numerics.h"
#include "engram/phase.h"
#include "run/figure.h"
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

static eg_status interval(eg_run *run, const eg_block *block, const char *key, double *lo, double *hi)
{
    const eg_value *r = eg_block_value(block, key);
    *lo = r->items[0]->num;
    *hi = r->items[1]->num;
    if (!(*hi > *lo))
        return eg_run_fail(run, EG_EINVAL, r->loc, "'%s' must run from low to high, got %g .. %g", key, *lo, *hi);
    return EG_OK;
}

static eg_status run_phase_plane(eg_run *run, const eg_block *block, eg_report *result)
{
    eg_numerics_init();
    const eg_block *nb = eg_block_value(block, "network")->ref;
    eg_dyn_network *net = NULL;
    eg_status st = eg_build_dyn_network(run, nb, &net);
    if (st != EG_OK)
        return st;
    if (!net->rate || net->rate->n != 2) {
        char desc[160];
        return eg_run_fail(run, EG_EINVAL, eg_block_loc(block, "network"),
                           "a phase plane needs a rate network of two units; %s has %zu", eg_block_describe(nb, desc, sizeof desc),
                           net->rate ? net->rate->n : eg_gsemm_dim(net->gsemm));
    }
    eg_phase_box box = {.nx = (size_t)eg_block_number(block, "grid"), .t = eg_block_number(block, "at")};
    box.ny = box.nx;
    if ((st = interval(run, block, "x", &box.xlo, &box.xhi)) != EG_OK ||
        (st = interval(run, block, "y", &box.ylo, &box.yhi)) != EG_OK)
        return st;
    const eg_value *input = eg_block_value(block, "input");
    eg_input_set *in = NULL;
    if (input) {
        if (!(in = eg_input_set_alloc(2)))
            return eg_run_fail(run, EG_ENOMEM, input->loc, "out of memory");
        if ((st = eg_build_inputs(run, input, in, 2)) != EG_OK) {
            eg_input_set_free(in);
            return st;
        }
        net->rate->input = in;
    }
    eg_dyn_system sys;
    eg_matrix *field = NULL, *nc0 = NULL, *nc1 = NULL;
    eg_error err;
    if ((st = eg_dyn_network_system(run, nb, net, &sys)) == EG_OK) {
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

const eg_kind eg_kind_phase_plane = {.schema = &phase_plane_schema, .run_block = run_phase_plane};
