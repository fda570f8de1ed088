/*
 * core/last_error.h — the per-thread "why" behind the last error code a
 * ginet call returned (ginet_last_error() in socket.h).
 */
#ifndef GINET_CORE_LAST_ERROR_H
#define GINET_CORE_LAST_ERROR_H

/* Record a one-line explanation (printf format) for the calling thread and
 * return CODE, so error paths read: return ginet__fail(GINET_EINVAL, ...). */
int ginet__fail(int code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Forget the calling thread's explanation. */
void ginet__clear_error(void);

#endif
