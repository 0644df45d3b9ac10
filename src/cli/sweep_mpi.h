/* sweep_mpi.h: `engram sweep` across the ranks of an MPI job: rank 0 hands out
 * points one at a time as ranks ask for work (dynamic load balancing), computes
 * points itself on a second thread, and records every row; the other ranks
 * only compute. Without ENGRAM_MPI these report that MPI is not built in. */
#ifndef ENGRAM_CLI_SWEEP_MPI_H
#define ENGRAM_CLI_SWEEP_MPI_H

#include "cli/sweep_out.h"

/* Whether the process was started by an MPI launcher (mpirun, srun) as one of
 * several ranks; if so MPI is initialised and *rank, *size are set. */
int eg_cli_mpi_begin(int *rank, int *size);
void eg_cli_mpi_end(void);
/* Stops every rank (after a failure on rank 0 that the others cannot see). */
void eg_cli_mpi_abort(int code);

/* Rank 0: runs pending over all ranks, recording rows into out. Other ranks:
 * computes the points rank 0 sends until told to stop (out and pending unused). */
eg_status eg_cli_mpi_sweep(const eg_sweep_job *job, int rank, int size, eg_sweep_out *out, const size_t *pending,
                           size_t npending, eg_error *err);

#endif
