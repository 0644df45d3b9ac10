/* inputs.c: the input terms of continuous-time networks as a table of rows
 * {schema (name, keys, doc), compile}: the schema's calls come from the rows,
 * and each row's compile turns its arguments into an eg_input (input.h). */
#include "run/inputs.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "run/build.h"

/* Amplitudes are one number or one per unit. */
static const eg_key step_keys[] = {
    {"at", &eg_type_number, 0, 0, NULL, "onset: the time the input starts"},
    {"amplitude", &eg_type_vector, 0, 1, NULL, "height: one number or one per unit"},
    EG_KEYS_END,
};
static const eg_key pulse_keys[] = {
    {"at", &eg_type_number, 0, 0, NULL, "onset: the time the input starts"},
    {"width", &eg_type_positive, 1, 0, NULL, "how long the pulse lasts"},
    {"amplitude", &eg_type_vector, 0, 1, NULL, "height: one number or one per unit"},
    EG_KEYS_END,
};
static const eg_key ramp_keys[] = {
    {"at", &eg_type_number, 0, 0, NULL, "onset: the time the input starts"},
    {"slope", &eg_type_vector, 0, 1, NULL, "rise per time unit: one number or one per unit"},
    {"duration", &eg_type_positive, 0, HUGE_VAL, NULL, "after this the value is held (default: never)"},
    EG_KEYS_END,
};
static const eg_key sine_keys[] = {
    {"at", &eg_type_number, 0, 0, NULL, "onset: the time the input starts"},
    {"amplitude", &eg_type_vector, 0, 1, NULL, "one number or one per unit"},
    {"freq", &eg_type_nonnegative, 1, 0, NULL, "cycles per time unit"},
    {"phase", &eg_type_number, 0, 0, NULL, "phase in radians"},
    EG_KEYS_END,
};
static const eg_type numbers_type = {.kind = EG_TY_LIST, .elem = &eg_type_number, .what = "a list of numbers"};
static const eg_key table_keys[] = {
    {"times", &numbers_type, 0, 0, NULL, "knot times, increasing"},
    {"values", &numbers_type, 0, 0, NULL, "values at the knots (linear in between)"},
    {"file", &eg_type_string, 0, 0, NULL, "a .csv with columns time, value (instead of times and values)"},
    {"amplitude", &eg_type_vector, 0, 1, NULL, "factor: one number or one per unit"},
    EG_KEYS_END,
};

/* One compiled term. */
typedef struct term {
    eg_input in;            /* amp_units (namp entries), times and values live in the program */
    size_t namp;            /* per-unit amplitudes given (0: scalar) */
    const eg_value *amp;    /* the amplitude's value, for messages */
    const eg_value *table;  /* a table read from a file: the call (its loader reads 'file'), or NULL */
    const char *file;
    eg_loc loc;
} term;

struct eg_inputs_spec {
    size_t count;
    term *terms;
};

typedef struct input_row {
    eg_schema fn;
    eg_input_kind kind;
    const char *amp_key; /* the argument holding the per-unit factor */
} input_row;

static const input_row input_rows[] = {
    {EG_SCHEMA("step", "amplitude from 'at' on", step_keys), EG_INPUT_STEP, "amplitude"},
    {EG_SCHEMA("pulse", "amplitude during [at, at + width)", pulse_keys), EG_INPUT_PULSE, "amplitude"},
    {EG_SCHEMA("ramp", "slope · (t − at) from 'at', held after 'duration'", ramp_keys), EG_INPUT_RAMP, "slope"},
    {EG_SCHEMA("sine", "amplitude · sin(2π freq (t − at) + phase) from 'at'", sine_keys), EG_INPUT_SINE, "amplitude"},
    {EG_SCHEMA("table", "piecewise linear through given knots", table_keys), EG_INPUT_TABLE, "amplitude"},
};
#define N_INPUTS (sizeof input_rows / sizeof input_rows[0])
static const eg_schema *const input_fns[] = {&input_rows[0].fn, &input_rows[1].fn, &input_rows[2].fn,
                                             &input_rows[3].fn, &input_rows[4].fn, NULL};
static const eg_type input_call_type = {.kind = EG_TY_CALL, .calls = input_fns,
                                        .what = "an input: step, pulse, ramp, sine or table"};
static const eg_type input_list_type = {.kind = EG_TY_LIST, .elem = &input_call_type};
static const eg_type *const input_alts[] = {&input_call_type, &input_list_type, NULL};
const eg_type eg_type_dyn_input = {.kind = EG_TY_ONEOF, .alts = input_alts,
                                   .what = "an input such as pulse(at = 1, width = 1) or a list of inputs"};

static const input_row *row_of(const char *name)
{
    for (size_t i = 0; i < N_INPUTS; i++)
        if (strcmp(input_rows[i].fn.name, name) == 0)
            return &input_rows[i];
    return &input_rows[0];
}

/* A table's knots given inline: as many values as times, times increasing. */
static void compile_knots(eg_compile *c, const eg_value *call, term *t)
{
    const eg_value *times = eg_value_arg(call, "times"), *values = eg_value_arg(call, "values");
    const eg_value *file = eg_value_arg(call, "file");
    t->in.t0 = 0;
    if (file && (times || values)) {
        eg_compile_error(c, call->loc, "table takes either 'file' or 'times' and 'values'");
        return;
    }
    if (file) {
        t->table = call;
        t->file = file->str;
        return;
    }
    if (!times || !values) {
        eg_compile_error(c, call->loc, "table needs 'times' and 'values', or 'file'");
        return;
    }
    if (times->n != values->n || times->n == 0) {
        eg_compile_error(c, values->loc, "table has %zu times but %zu values", times->n, values->n);
        return;
    }
    double *knots = eg_compile_alloc(c, 2 * times->n * sizeof *knots);
    if (!knots)
        return;
    for (size_t k = 0; k < times->n; k++) {
        knots[k] = times->items[k]->num;
        knots[times->n + k] = values->items[k]->num;
        if (k > 0 && !(knots[k] > knots[k - 1])) {
            eg_compile_error(c, times->items[k]->loc, "table times must increase: %g follows %g", knots[k],
                             knots[k - 1]);
            return;
        }
    }
    t->in.npoints = times->n;
    t->in.times = knots;
    t->in.values = knots + times->n;
}

/* One term: its row's parameters and its amplitude (one number, or one per
 * unit checked against the units when they are known). */
static void compile_term(eg_compile *c, const eg_value *call, size_t units, term *t)
{
    const input_row *row = row_of(call->str);
    t->loc = call->loc;
    t->in = eg_input_default(row->kind);
    if (row->kind == EG_INPUT_PULSE)
        t->in.duration = eg_call_number(call, "width");
    else if (row->kind == EG_INPUT_RAMP)
        t->in.duration = eg_call_number(call, "duration");
    else if (row->kind == EG_INPUT_SINE) {
        t->in.freq = eg_call_number(call, "freq");
        t->in.phase = eg_call_number(call, "phase");
    }
    t->in.t0 = eg_call_number(call, "at");
    if (isnan(t->in.t0))
        t->in.t0 = 0;
    const eg_value *amp = eg_value_arg(call, row->amp_key);
    t->amp = amp;
    if (amp && amp->kind == EG_VAL_LIST) {
        if (units > 0 && amp->n != units)
            eg_compile_error(c, amp->loc, "the amplitude has %zu entries but the network has %zu unit%s", amp->n,
                             units, units == 1 ? "" : "s");
        double *a = eg_compile_alloc(c, amp->n * sizeof *a);
        if (!a)
            return;
        for (size_t i = 0; i < amp->n; i++)
            a[i] = amp->items[i]->num;
        t->in.amp_units = a;
        t->namp = amp->n;
    } else {
        t->in.amplitude = amp ? amp->num : 1.0;
    }
    if (row->kind == EG_INPUT_TABLE)
        compile_knots(c, call, t);
}

const eg_inputs_spec *eg_inputs_compile(eg_compile *c, const eg_value *input, size_t units)
{
    if (!input)
        return NULL;
    size_t n = input->kind == EG_VAL_LIST ? input->n : 1;
    eg_inputs_spec *s = eg_compile_alloc(c, sizeof *s);
    term *terms = eg_compile_alloc(c, n * sizeof *terms);
    if (!s || !terms)
        return NULL;
    size_t before = eg_compile_errors(c);
    for (size_t i = 0; i < n; i++)
        compile_term(c, input->kind == EG_VAL_LIST ? input->items[i] : input, units, &terms[i]);
    s->count = n;
    s->terms = terms;
    return eg_compile_errors(c) > before ? NULL : s;
}

/* The knots of a table read from a file: two columns, at least one row. */
static eg_status load_knots(eg_run *run, const term *t, eg_input *in, double **cols)
{
    eg_matrix *table = NULL;
    int borrowed = 0; /* a caller's array read in place: the knots are copied out below */
    /* The loader reads the call's argument named file. */
    eg_status st = eg_build_matrix_in_place(run, t->table, &table, &borrowed);
    if (st != EG_OK)
        return st;
    if (table->cols != 2 || table->rows == 0) {
        st = eg_run_fail(run, EG_EIO, t->loc, "'%s' must have two columns (time, value) and at least one row; it is %zu × %zu",
                         t->file, table->rows, table->cols);
        eg_matrix_release(table, borrowed);
        return st;
    }
    if (!(*cols = malloc(2 * table->rows * sizeof **cols))) {
        eg_matrix_release(table, borrowed);
        return eg_run_fail(run, EG_ENOMEM, t->loc, "out of memory");
    }
    for (size_t k = 0; k < table->rows; k++) {
        (*cols)[k] = eg_matrix_get(table, k, 0);
        (*cols)[table->rows + k] = eg_matrix_get(table, k, 1);
    }
    in->npoints = table->rows;
    in->times = *cols;
    in->values = *cols + table->rows;
    eg_matrix_release(table, borrowed);
    return EG_OK;
}

eg_status eg_inputs_build(eg_run *run, const eg_inputs_spec *spec, eg_input_set *set, size_t units)
{
    for (size_t i = 0; spec && i < spec->count; i++) {
        const term *t = &spec->terms[i];
        eg_input in = t->in;
        /* Units known only once the weights were read. */
        if (t->namp && t->namp != units)
            return eg_run_fail(run, EG_EIO, t->amp->loc, "the amplitude has %zu entries but the network has %zu unit%s",
                               t->namp, units, units == 1 ? "" : "s");
        double *cols = NULL;
        eg_status st;
        if (t->table && (st = load_knots(run, t, &in, &cols)) != EG_OK)
            return st;
        eg_error err;
        st = eg_input_add(set, &in, &err);
        free(cols);
        if (st != EG_OK)
            return eg_run_fail(run, st, t->loc, "%s", err.msg);
    }
    return EG_OK;
}

eg_status eg_inputs_attach(eg_run *run, const eg_block *block, const eg_inputs_spec *spec, eg_rate_net *net,
                           size_t units, eg_input_set **out)
{
    *out = NULL;
    if (!spec)
        return EG_OK;
    eg_input_set *in = eg_input_set_alloc(units);
    if (!in)
        return eg_run_fail(run, EG_ENOMEM, block->loc, "out of memory");
    eg_status st = eg_inputs_build(run, spec, in, units);
    if (st != EG_OK) {
        eg_input_set_free(in);
        return st;
    }
    net->input = in;
    *out = in;
    return EG_OK;
}
