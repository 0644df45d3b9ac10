/* clock.h: the monotonic clock in seconds, for the time splits results
 * report (a wall-clock interval, never a date). */
#ifndef ENGRAM_CORE_CLOCK_H
#define ENGRAM_CORE_CLOCK_H

/* Seconds of CLOCK_MONOTONIC since an arbitrary origin. */
double eg_clock_seconds(void);

#endif
