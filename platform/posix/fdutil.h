/*
 * platform/posix/fdutil.h — internal to the backends: descriptor flags.
 */
#ifndef GINET_PLATFORM_POSIX_FDUTIL_H
#define GINET_PLATFORM_POSIX_FDUTIL_H

/* Turn O_NONBLOCK on FD on (ON != 0) or off.  0 or a GINET_E* code. */
int ginet__fd_set_nonblock(int fd, int on);

/* Turn FD_CLOEXEC on FD on (ON != 0) or off.  0 or a GINET_E* code. */
int ginet__fd_set_cloexec(int fd, int on);

/* The errno of the last failed call as a ginet code, for the backends
 * (EINTR-free: callers retry it themselves). */
int ginet__os_error(void);

#endif
