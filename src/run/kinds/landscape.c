/* kind_landscape.c: `analyze energy_landscape` blocks: the Lyapunov energy of
 * a one- or two-unit rate network with symmetric weights over its state
 * space (a curve E(x), the "ball on a hill"; a map E(x, y)), with the fixed
 * points on it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engram/energy.h"
#include "engram/fixed_points.h"
#include "engram/numerics.h"
#include "engram/phase.h"
#include "run/figure.h"
#include "run/inputs.h"
#include "run/kinds.h"
#include "run/plane_points.h"

static const eg_type network_type = {.kind = EG_TY_REF, .ref_kind = "network", .ref_item = EG_REF_WHOLE};
static const eg_type grid_type = EG_TYPE_INTEGER_RANGE(3, 2000, "a whole number from 3 to 2000");

static const eg_key landscape_keys[] = {
    {"network", &network_type, 1, 0, NULL, "a rate network of one or two units with symmetric weights"},
    {"x", &eg_type_range, 1, 0, NULL, "the interval of unit 0"},
    {"y", &eg_type_range, 0, 0, NULL, "the interval of unit 1 (two units only)"},
    {"grid", &grid_type, 0, 0, NULL, "samples per axis (default 401 for one unit, 121 for two)"},
    {"input", &eg_type_dyn_input, 0, 0, NULL, "a constant input (its value at 'at')"},
    {"at", &eg_type_number, 0, 0, NULL, "the time at which the energy is evaluated"},
    EG_KEYS_END,
};
static const eg_schema landscape_schema = {
    .name = "energy_landscape",
    .doc = "the energy (Lyapunov function) of a one- or two-unit rate network over its states, with its fixed points",
    .keys = landscape_keys,
    .family = "analyze"};

/* Contour levels drawn on a two-unit map. */
enum { LEVELS = 14 };

/* ---- Compiling ----------------------------------------------------------- */

typedef struct landscape_spec {
    eg_spec head;
    const eg_network_spec *net;
    eg_loc net_loc;
    const eg_inputs_spec *inputs;
    eg_phase_box box;
    int two;        /* a y interval was given: the network must have two units */
    size_t grid;    /* 0: the default for the network's size */
} landscape_spec;

static void compile_interval(eg_compile *c, const eg_value *r, const char *key, double *lo, double *hi)
{
    *lo = r->items[0]->num;
    *hi = r->items[1]->num;
    if (!(*hi > *lo))
        eg_compile_error(c, r->loc, "'%s' must run from low to high, got %g .. %g", key, *lo, *hi);
}

static eg_spec *compile_landscape(eg_compile *c, const eg_block *block)
{
    landscape_spec *s = eg_compile_alloc(c, sizeof *s);
    if (!s)
        return NULL;
    const eg_value *v = eg_block_value(block, "network");
    s->net = eg_compile_network(c, v);
    s->net_loc = eg_block_loc(block, "network");
    const eg_value *y = eg_block_value(block, "y");
    s->two = y != NULL;
    if (s->net) {
        char desc[160];
        eg_block_describe(v->ref, desc, sizeof desc);
        if (s->net->flavour != EG_FLAVOUR_RATE)
            eg_compile_error(c, v->loc, "an energy landscape needs a rate network (state = rate); %s is not one", desc);
        else if (s->net->units > 2)
            eg_compile_error(c, v->loc, "an energy landscape is drawn for one or two units; %s has %zu", desc,
                             s->net->units);
        else if (s->net->units == 2 && !y)
            eg_compile_error(c, block->loc, "%s has two units: give the interval of unit 1 as y = lo .. hi", desc);
        else if (s->net->units == 1 && y)
            eg_compile_error(c, y->loc, "%s has one unit: 'y' is for two-unit networks", desc);
    }
    compile_interval(c, eg_block_value(block, "x"), "x", &s->box.xlo, &s->box.xhi);
    if (y)
        compile_interval(c, y, "y", &s->box.ylo, &s->box.yhi);
    s->grid = eg_block_value(block, "grid") ? (size_t)eg_block_number(block, "grid") : 0;
    s->box.t = eg_block_number(block, "at");
    s->inputs = eg_inputs_compile(c, eg_block_value(block, "input"), y ? 2 : 1);
    return &s->head;
}

/* ---- Running ------------------------------------------------------------- */

/* Why the energy is not a Lyapunov function of this network, or NULL. */
static const char *no_energy(const eg_rate_net *net)
{
    if (!eg_activation_invertible(&net->act))
        return "its activation has no inverse";
    for (size_t i = 0; i < net->n; i++)
        for (size_t j = i + 1; j < net->n; j++) {
            double a = net->W->data[i * net->n + j], b = net->W->data[j * net->n + i];
            if (fabs(a - b) > 1e-12 * fmax(1.0, fmax(fabs(a), fabs(b))))
                return "its weights are not symmetric";
        }
    return NULL;
}

/* E at state x (voltages or rates, as the network's form has it); NaN where
 * the state is outside the activation's range (a rate no φ reaches). */
static double energy_at(eg_rate_net *net, double t, const double *x)
{
    double E = NAN;
    eg_error err;
    eg_status st = net->form == EG_RATE_VOLTAGE ? eg_energy_hopfield(net, t, x, &E, &err)
                                                : eg_energy_rates(net, t, x, &E, &err);
    return st == EG_OK && isfinite(E) ? E : NAN;
}

/* The energy on the grid: rows (x, E) for one unit, (x, y, E) for two, x fastest. */
static eg_matrix *energy_grid(eg_rate_net *net, const eg_phase_box *box, size_t dim)
{
    size_t nx = box->nx, ny = dim == 2 ? box->ny : 1, cols = dim + 1;
    eg_matrix *m = eg_matrix_alloc(nx * ny, cols);
    for (size_t j = 0; m && j < ny; j++)
        for (size_t i = 0; i < nx; i++) {
            double x[2] = {box->xlo + (box->xhi - box->xlo) * (double)i / (double)(nx - 1),
                           dim == 2 ? box->ylo + (box->yhi - box->ylo) * (double)j / (double)(ny - 1) : 0};
            double *row = m->data + (j * nx + i) * cols;
            row[0] = x[0];
            if (dim == 2)
                row[1] = x[1];
            row[dim] = energy_at(net, box->t, x);
        }
    return m;
}

/* Each point's energy (0 outside the box, where it is not reported). */
static double *point_energies(eg_rate_net *net, const eg_fp_set *fp, const eg_phase_box *box, size_t dim)
{
    double *energy = calloc(fp->count + 1, sizeof *energy);
    for (size_t k = 0; energy && k < fp->count; k++)
        if (eg_plane_inside(box, fp->points->data + dim * k, dim))
            energy[k] = energy_at(net, box->t, fp->points->data + dim * k);
    return energy;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Contour levels at quantiles of the finite energies: lines
 * close together where the landscape is steep, and denser towards the low
 * end (quantile ((l + 1)/(LEVELS + 1))^1.5), where the basins are. */
static eg_status energy_contours(const eg_matrix *grid, const eg_phase_box *box, eg_matrix **out, eg_error *err)
{
    size_t n = grid->rows, finite = 0;
    double *f = malloc(n * sizeof *f), *sorted = malloc(n * sizeof *sorted);
    if (!f || !sorted) {
        free(f);
        free(sorted);
        return eg_error_set(err, EG_ENOMEM, "out of memory for contours");
    }
    for (size_t k = 0; k < n; k++) {
        f[k] = grid->data[3 * k + 2];
        if (isfinite(f[k]))
            sorted[finite++] = f[k];
    }
    double levels[LEVELS];
    size_t nlevels = 0;
    qsort(sorted, finite, sizeof *sorted, cmp_double);
    for (size_t l = 0; finite > 1 && l < LEVELS; l++) {
        double q = sorted[(size_t)((double)(finite - 1) * pow((double)(l + 1) / (LEVELS + 1), 1.5))];
        if (nlevels == 0 || q > levels[nlevels - 1])
            levels[nlevels++] = q;
    }
    eg_status st = eg_phase_contour(f, box, levels, nlevels, out, err);
    free(f);
    free(sorted);
    return st;
}

/* The figure: a curve E(x) with the fixed points on it, or a map of E with
 * its contour lines and the fixed points (filled stable, open unstable,
 * crossed ring a saddle). */
static void add_figure(eg_report *result, const eg_block *block, const eg_phase_box *box, size_t dim,
                       const size_t count[EG_PLANE_GROUPS], int rate_form)
{
    char title[300];
    snprintf(title, sizeof title, "energy landscape %s: %s", block->name,
             dim == 1 ? "E along the state, fixed points on it" : "E over the states, with its fixed points");
    const char *xl = rate_form ? "r_0" : "x_0", *yl = rate_form ? "r_1" : "x_1";
    eg_figure *fig = eg_figure_add(result, "landscape", title, xl, dim == 1 ? "energy E" : yl);
    eg_figure_series *s;
    if (dim == 1) {
        if ((s = eg_figure_xy(fig, "energy", 0, 1, EG_FIGURE_LINES, "E")) != NULL) {
            s->line_width = 2.5;
            s->color = "#1f77b4";
        }
    } else {
        if ((s = eg_figure_xy(fig, "energy", 0, 1, EG_FIGURE_MAP, "")) != NULL) {
            s->value_column = 2;
            s->no_title = 1;
        }
        if ((s = eg_figure_xy(fig, "contours", 0, 1, EG_FIGURE_SEGMENTS, "level curves")) != NULL) {
            s->dx_column = 2;
            s->dy_column = 3;
            s->color = "#ffffff";
            s->line_width = 0.8;
            s->no_title = 1; /* white lines: invisible in the key */
        }
    }
    static const char *const names[4] = {"stable", "saddle", "unstable", "non-hyperbolic"};
    static const eg_figure_marker markers[4] = {EG_MARKER_DISC, EG_MARKER_RING, EG_MARKER_RING, EG_MARKER_DIAMOND};
    for (int g = 0; g < 4; g++) {
        if (!count[g])
            continue;
        if ((s = eg_figure_xy(fig, eg_plane_group_keys[g], 0, 1, EG_FIGURE_POINTS, names[g])) != NULL) {
            s->marker = markers[g];
            s->point_size = 2.2;
            s->line_width = 2;
            s->color = dim == 1 ? "#000000" : "#ff4040";
        }
        if (g == 1 && (s = eg_figure_xy(fig, eg_plane_group_keys[g], 0, 1, EG_FIGURE_POINTS, "saddle")) != NULL) {
            s->marker = EG_MARKER_CROSS;
            s->point_size = 1.6;
            s->line_width = 2;
            s->color = dim == 1 ? "#000000" : "#ff4040";
            s->no_title = 1;
        }
    }
    if (!fig)
        return;
    fig->xrange = (eg_figure_range){1, box->xlo, box->xhi};
    if (dim == 2) {
        fig->yrange = (eg_figure_range){1, box->ylo, box->yhi};
        fig->equal_aspect = 1;
        fig->sequential = 1;
        fig->color_label = strdup("E");
        if (!fig->color_label)
            fig->failed = 1;
    } else {
        fig->pad = 1;
    }
}

/* The lowest and highest energy on the grid. */
static void add_range(eg_report *result, const eg_matrix *grid, size_t dim)
{
    double lo = HUGE_VAL, hi = -HUGE_VAL;
    for (size_t k = 0; k < grid->rows; k++) {
        double E = grid->data[k * (dim + 1) + dim];
        if (isfinite(E))
            lo = fmin(lo, E), hi = fmax(hi, E);
    }
    if (lo <= hi) {
        eg_report_add_number(result, "energy_min", lo);
        eg_report_add_number(result, "energy_max", hi);
    }
}

/* The landscape's line: its range and its fixed points. */
static void add_text(eg_report *result, const eg_block *block, const size_t count[EG_PLANE_GROUPS])
{
    const eg_report *lo = eg_report_get(result, "energy_min"), *hi = eg_report_get(result, "energy_max");
    char text[512];
    snprintf(text, sizeof text,
             "energy_landscape %s: E from %.6g to %.6g over the box; fixed points: %zu stable (minima), %zu saddle%s, "
             "%zu unstable",
             block->name, lo ? lo->number : NAN, hi ? hi->number : NAN, count[0], count[1], count[1] == 1 ? "" : "s",
             count[2]);
    eg_report_add_string(result, "text", text);
}

static eg_status run_landscape(eg_run *run, const eg_spec *head, eg_report *result)
{
    const landscape_spec *spec = EG_SPEC_OF(landscape_spec, head);
    const eg_block *block = head->block;
    eg_numerics_init();
    eg_dyn_network *net = NULL;
    eg_status st = eg_build_dyn_network(run, spec->net, &net);
    if (st != EG_OK)
        return st;
    size_t dim = net->rate->n;
    char desc[160];
    eg_block_describe(spec->net->head.block, desc, sizeof desc);
    if (dim != (spec->two ? 2u : 1u))
        return eg_run_fail(run, EG_EIO, spec->net_loc, "%s has %zu units; this landscape is drawn for %s", desc, dim,
                           spec->two ? "two (x and y are given)" : "one (only x is given)");
    const char *why = no_energy(net->rate);
    if (why)
        return eg_run_fail(run, EG_EINVAL, spec->net_loc, "%s has no energy that its dynamics descend: %s", desc, why);
    eg_phase_box box = spec->box;
    box.nx = box.ny = spec->grid ? spec->grid : dim == 1 ? 401 : 121;
    eg_input_set *in = NULL;
    if ((st = eg_inputs_attach(run, block, spec->inputs, net->rate, dim, &in)) != EG_OK)
        return st;
    eg_dyn_system sys;
    eg_matrix *grid = NULL, *contours = NULL;
    eg_fp_set *fp = NULL;
    eg_error err;
    size_t count[EG_PLANE_GROUPS] = {0};
    if ((st = eg_dyn_network_system(run, spec->net, net, &sys)) == EG_OK) {
        if (!(grid = energy_grid(net->rate, &box, dim)))
            st = eg_error_set(&err, EG_ENOMEM, "out of memory for the landscape");
        else if (dim == 2)
            st = energy_contours(grid, &box, &contours, &err);
        if (st == EG_OK)
            st = eg_plane_fixed_points(&sys, &box, dim, &fp, &err);
        double *energy = st == EG_OK ? point_energies(net->rate, fp, &box, dim) : NULL;
        if (st == EG_OK && !energy)
            st = eg_error_set(&err, EG_ENOMEM, "out of memory for the fixed points' energies");
        if (st == EG_OK)
            eg_plane_report_points(result, fp, &box, dim, energy, "energy", count);
        else
            st = eg_run_fail(run, st, block->loc, "%s", err.msg);
        free(energy);
    }
    net->rate->input = NULL;
    eg_input_set_free(in);
    eg_fp_set_free(fp);
    if (st != EG_OK) {
        eg_matrix_free(grid);
        eg_matrix_free(contours);
        return st;
    }
    eg_report_add_string(result, "form", net->rate->form == EG_RATE_VOLTAGE ? "voltage" : "rate");
    eg_report_add_integer(result, "grid", (long long)box.nx);
    add_range(result, grid, dim);
    eg_report_add_matrix(result, "energy", grid);
    if (contours)
        eg_report_add_matrix(result, "contours", contours);
    add_figure(result, block, &box, dim, count, net->rate->form == EG_RATE_RATE);
    add_text(result, block, count);
    return EG_OK;
}

const eg_kind eg_kind_energy_landscape = {.schema = &landscape_schema, .compile = compile_landscape,
                                          .run = run_landscape};
