/* cont_cycles.h: the cycle part of an `analyze continuation` block
 * (cont_cycles.c): a stable cycle (a sequence memory stepping through its
 * memories) followed towards the stalled state, its period and Floquet
 * multipliers along the way, the law and place of the period's divergence
 * beside the equilibria's fold, and the figure of the period. */
#ifndef ENGRAM_RUN_KINDS_CONT_CYCLES_H
#define ENGRAM_RUN_KINDS_CONT_CYCLES_H

#include <stddef.h>

#include "engram/cont_cycle.h"
#include "engram/continuation.h"
#include "run/report.h"

/* Follows the cycle (opts complete) and adds to result the object `cycle`
 * (its branch as a table, the multipliers, the points on the section, the
 * divergence with both fits and the fold of r nearest its end) and the
 * figure `period`; a summary goes to the end of text (of size cap). *failed
 * is set, with why (of size why_cap), when no cycle is found at its start.
 * EG_ENOMEM only. */
eg_status eg_cont_cycles_run(const eg_cont_problem *prob, const eg_cont_cycle_opts *opts, const eg_cont_result *r,
                             const char *block_name, eg_report *result, char *text, size_t cap, int *failed, char *why,
                             size_t why_cap, eg_error *err);

#endif
