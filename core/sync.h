/*
 * core/sync.h — the few synchronisation and time primitives the frontend
 * uses: a mutex, a condition variable waited on with a deadline, and a
 * monotonic millisecond clock.
 *
 * Why not APR's: an apr_thread_mutex_t needs a pool per object, and an APR
 * pool costs 8 KB at least, which would break the idle-connection memory
 * budget (docs/performance.md); apr_time_now() is wall-clock time, which
 * jumps.  These are thin inline wrappers over pthreads and CLOCK_MONOTONIC;
 * a Windows port gives them SRWLOCK/CONDITION_VARIABLE and QPC bodies.
 */
#ifndef GINET_CORE_SYNC_H
#define GINET_CORE_SYNC_H

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <time.h>

/*
 * Thread-local storage for the per-thread state read on every message
 * (the cork list, the output-chunk cache, the receive backlog mark).
 * Plain _Thread_local in a shared library goes through __tls_get_addr()
 * on each access (0.8 % of the 64-connection echo benchmark); the
 * initial-exec model reads it at a fixed offset from the thread pointer.
 * It takes a few bytes of the static TLS block that glibc keeps spare for
 * libraries loaded later (also with dlopen()), so it is only for small
 * variables: last_error's 512-byte buffer stays with the default model.
 */
#if defined(__GNUC__) && defined(__ELF__)
#define GINET__TLS _Thread_local __attribute__((tls_model("initial-exec")))
#else
#define GINET__TLS _Thread_local
#endif

typedef pthread_mutex_t ginet__mutex;
typedef pthread_cond_t ginet__cond;

static inline int ginet__mutex_init(ginet__mutex *m)
{
    return pthread_mutex_init(m, NULL) == 0 ? 0 : -1;
}
static inline void ginet__mutex_destroy(ginet__mutex *m) { pthread_mutex_destroy(m); }
static inline void ginet__lock(ginet__mutex *m) { pthread_mutex_lock(m); }
static inline void ginet__unlock(ginet__mutex *m) { pthread_mutex_unlock(m); }

/* Condition variables measure their deadlines on the monotonic clock. */
static inline int ginet__cond_init(ginet__cond *c)
{
    pthread_condattr_t a;
    if (pthread_condattr_init(&a) != 0)
        return -1;
    pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
    int rc = pthread_cond_init(c, &a);
    pthread_condattr_destroy(&a);
    return rc == 0 ? 0 : -1;
}
static inline void ginet__cond_destroy(ginet__cond *c) { pthread_cond_destroy(c); }
static inline void ginet__signal(ginet__cond *c) { pthread_cond_signal(c); }
static inline void ginet__broadcast(ginet__cond *c) { pthread_cond_broadcast(c); }

/* Milliseconds on a clock that never jumps. */
static inline int64_t ginet__now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The deadline for a timeout in milliseconds: -1 (never) for
 * GINET_INFINITY or any negative timeout. */
static inline int64_t ginet__deadline(int timeout_ms)
{
    return timeout_ms < 0 ? -1 : ginet__now_ms() + timeout_ms;
}

/*
 * Wait on C (with M held) until signalled or DEADLINE (ms on the monotonic
 * clock, -1 = never).  Returns 0 when woken (perhaps spuriously: callers
 * re-check their condition) and 1 when the deadline has passed.
 */
static inline int ginet__wait(ginet__cond *c, ginet__mutex *m, int64_t deadline)
{
    if (deadline < 0) {
        pthread_cond_wait(c, m);
        return 0;
    }
    if (ginet__now_ms() >= deadline)
        return 1;
    struct timespec ts;
    ts.tv_sec = (time_t)(deadline / 1000);
    ts.tv_nsec = (long)(deadline % 1000) * 1000000L;
    return pthread_cond_timedwait(c, m, &ts) == ETIMEDOUT ? 1 : 0;
}

#endif
