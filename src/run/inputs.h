/* inputs.h: the external input terms I(t) of continuous-time networks (step,
 * pulse, ramp, sine, table), one row each, compiled at check and added to an
 * input set at run time. */
#ifndef ENGRAM_RUN_INPUTS_H
#define ENGRAM_RUN_INPUTS_H

#include "engram/input.h"
#include "engram/rate.h"
#include "lang/schema.h"
#include "run/compile.h"
#include "run/run.h"

/* A term or a list of terms, summed: the type of the `input` keys. */
extern const eg_type eg_type_dyn_input;

/* The terms of an `input` value, compiled. */
typedef struct eg_inputs_spec eg_inputs_spec;

/* Compiles an input value (NULL: none, giving NULL) for a network of `units`
 * units (0: known only once built): per-unit amplitudes are checked against
 * it, tables against themselves. Problems are reported; NULL then. */
const eg_inputs_spec *eg_inputs_compile(eg_compile *c, const eg_value *input, size_t units);
/* Adds the compiled terms to set, whose network has `units` units. A table
 * read from a file, and per-unit amplitudes when the units were unknown at
 * check, are checked here, as data. spec NULL adds nothing. */
eg_status eg_inputs_build(eg_run *run, const eg_inputs_spec *spec, eg_input_set *set, size_t units);
/* The terms built into a new set of `units` units that net reads its input
 * from (spec NULL: none, *out NULL); the caller frees *out once net is done
 * with it. An allocation failure is reported at block. */
eg_status eg_inputs_attach(eg_run *run, const eg_block *block, const eg_inputs_spec *spec, eg_rate_net *net,
                           size_t units, eg_input_set **out);

#endif
