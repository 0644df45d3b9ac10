/* engram/numerics.h: process-wide numeric set-up. */
#ifndef ENGRAM_NUMERICS_H
#define ENGRAM_NUMERICS_H

/* Switches GSL's aborting error handler off so that every GSL status comes back
 * to the caller. Idempotent; the CLI calls it first, library users should too. */
void eg_numerics_init(void);

#endif
