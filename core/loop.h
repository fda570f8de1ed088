/*
 * core/loop.h — I/O loops: one backend instance with the thread that runs
 * it.  Each loaded backend gets one loop, created on first use; its thread
 * calls the backend's poll() for ever and runs tasks posted from other
 * threads.  Completions arrive on that thread and are handed to the socket
 * layer (ginet__socket_complete in core/socket_internal.h).
 */
#ifndef GINET_CORE_LOOP_H
#define GINET_CORE_LOOP_H

#include <ginet/backend.h>

#include "core/sync.h"

typedef struct ginet__loop ginet__loop;

/* A function to run on a loop's thread.  The task's memory belongs to the
 * poster until FN is called; FN may free it. */
typedef struct ginet__task ginet__task;
struct ginet__task {
    void (*fn)(ginet__task *task);
    ginet__task *next;
};

/* The loop of backend BK, created and started on first use.  Returns 0 and
 * stores it, or an error code (with ginet__fail() text). */
int ginet__loop_get(const ginet_backend *bk, ginet__loop **out);

/* The backend's loop state, for sock_open(). */
void *ginet__loop_backend_state(ginet__loop *loop);
const ginet_backend *ginet__loop_backend(ginet__loop *loop);

/* LOOP's timers (core/timer.h): only LOOP's thread may use them. */
struct ginet__timers;
struct ginet__timers *ginet__loop_timers(ginet__loop *loop);

/* Run TASK on LOOP's thread soon.  Any thread. */
void ginet__loop_post(ginet__loop *loop, ginet__task *task);

/* The loop whose thread the calling thread is, or NULL (set once by the
 * loop thread when it starts). */
extern GINET__TLS const ginet__loop *ginet__current_loop;

/* 1 if the calling thread is LOOP's thread.  Asked on every send (corking
 * and the busy-socket rule), so it is one compare with a thread-local. */
static inline int ginet__loop_is_current(const ginet__loop *loop)
{
    return ginet__current_loop == loop;
}

#endif
