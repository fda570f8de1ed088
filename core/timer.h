/*
 * core/timer.h — timers run by a loop's thread: a binary min-heap of
 * deadlines per loop.  The loop (core/loop.c) sleeps in the backend's
 * poll() no longer than until the earliest deadline and runs the timers
 * that are due after every poll().
 *
 * Threads: every function here is for the loop's own thread only (a
 * task, a completion, a watch callback or a timer callback), so the heap
 * needs no lock.  Another thread that wants a timer posts a task.
 */
#ifndef GINET_CORE_TIMER_H
#define GINET_CORE_TIMER_H

#include <stddef.h>
#include <stdint.h>

typedef struct ginet__timer ginet__timer;

/* One timer.  Zero it before first use; the caller owns the memory and
 * must stop the timer before freeing it. */
struct ginet__timer {
    void (*fn)(ginet__timer *timer);  /* called once when due, on the loop thread */
    int64_t deadline;                 /* ms on ginet__now_ms()'s clock */
    size_t slot;                      /* position in the heap + 1; 0: not armed */
};

/* A loop's timers. */
typedef struct ginet__timers {
    ginet__timer **heap;
    size_t count, cap;
} ginet__timers;

/*
 * Arm TIMER to call FN at DEADLINE (re-arming moves it if it was armed).
 * A deadline in the past fires on the next round.  Returns 0, or
 * GINET_ENOMEM (the timer is then not armed).
 */
int ginet__timer_start(ginet__timers *ts, ginet__timer *timer, int64_t deadline,
                       void (*fn)(ginet__timer *timer));

/* Disarm TIMER; nothing if it is not armed.  FN will not be called. */
void ginet__timer_stop(ginet__timers *ts, ginet__timer *timer);

/* 1 if TIMER is armed. */
static inline int ginet__timer_armed(const ginet__timer *timer)
{
    return timer->slot != 0;
}

/* For the loop: how long poll() may sleep, in ms: -1 when no timer is
 * armed, 0 when one is due, else the time to the earliest deadline
 * (rounded up, so the loop never wakes just before it). */
int ginet__timers_timeout(const ginet__timers *ts);

/* For the loop: call every timer whose deadline has passed, earliest
 * first.  A callback may start and stop timers (itself included). */
void ginet__timers_run(ginet__timers *ts);

#endif
