/* engram/cancel.h: stopping a run from outside, inside a long action.
 *
 * A request (eg_cancel_request: a signal handler, another thread, a progress
 * callback) sets one process-wide flag; the engine polls it at coarse points
 * (each trial of an experiment, each epoch of training, every few hundred
 * integration steps, each continuation point, each action and sweep point)
 * through eg_cancel_check, which then fails with EG_CANCELLED and the message
 * "cancelled", so that the run unwinds through its ordinary error paths and
 * frees what it built. The flag is cleared when a run begins while no other
 * is in progress: a request stops every run in progress at that moment.
 *
 * A thread that runs a model may also install a heartbeat: eg_cancel_check,
 * when called on that thread, calls it at most every EG_CANCEL_HEARTBEAT_MS
 * milliseconds, and a nonzero return is a request. That is how a caller's
 * progress callback gets to stop a long action. */
#ifndef ENGRAM_CANCEL_H
#define ENGRAM_CANCEL_H

#include "engram/status.h"

/* The status a cancelled poll returns: the engine's error paths treat it as
 * any failure; the caller that asked tells it apart with eg_cancel_requested. */
#define EG_CANCELLED EG_EINVAL

/* The least interval between two heartbeats on one thread. */
#define EG_CANCEL_HEARTBEAT_MS 200

/* Asks the runs in progress to stop. Async-signal-safe (one atomic store). */
void eg_cancel_request(void);

/* Whether a stop has been asked for since the runs in progress began. */
int eg_cancel_requested(void);

/* The poll: EG_OK to go on, or EG_CANCELLED with "cancelled" in err (which may
 * be NULL). On a thread with a heartbeat, calls it when it is due. */
eg_status eg_cancel_check(eg_error *err);

/* A run begins (the first of those in progress clears the flag) and ends. */
void eg_cancel_begin(void);
void eg_cancel_end(void);

/* The calling thread's heartbeat (NULL: none), until replaced. */
typedef int (*eg_cancel_heartbeat_fn)(void *ctx);
void eg_cancel_set_heartbeat(eg_cancel_heartbeat_fn fn, void *ctx);

#endif
