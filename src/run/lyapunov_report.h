/* lyapunov_report.h: Lyapunov exponents as a report: the exponents, their
 * running estimates, and a figure of the estimates settling. */
#ifndef ENGRAM_RUN_LYAPUNOV_REPORT_H
#define ENGRAM_RUN_LYAPUNOV_REPORT_H

#include "engram/cell.h"
#include "engram/lyapunov.h"
#include "run/report.h"

/* The most exponents the convergence figure draws (the largest). */
#define EG_LYAPUNOV_FIGURE_CURVES 8

/* Adds to out: "exponents" (1 × k, decreasing), their "sum", "history" (the
 * running estimates, one row per record: the step, then the k estimates in
 * the exponents' order; the last row is the exponents) and the figure
 * "convergence" of the first EG_LYAPUNOV_FIGURE_CURVES estimates against the
 * step. name: what the title calls the network. Failures to allocate are
 * recorded in out (eg_report_failed). */
void eg_lyapunov_report(const eg_lyap_result *r, const char *name, eg_report *out);
/* The same for a flow's exponents (per unit time; the history's column 0 the
 * time averaged). */
void eg_lyapunov_flow_report(const eg_lyap_result *r, const char *name, eg_report *out);

/* Adds "exponents_per_tau" (eg_cell_lyap_per_tau) for a leaky cell; nothing
 * for the others. */
void eg_lyapunov_report_per_tau(const eg_cell *c, const eg_lyap_result *r, eg_report *out);

#endif
