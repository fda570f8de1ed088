/*
 * platform/posix/errno_map.h — internal: the host errno facts that
 * core/error.c needs (ginet_error_from_errno() itself is public).
 */
#ifndef GINET_PLATFORM_POSIX_ERRNO_MAP_H
#define GINET_PLATFORM_POSIX_ERRNO_MAP_H

/* The host errno value whose name is CODE's atom (EWOULDBLOCK for
 * GINET_EWOULDBLOCK, even where it equals EAGAIN), or 0 when this host
 * defines no such errno (GINET_ECLOSED, GINET_EALIGN on Linux, ...) or
 * CODE is no ginet code.  Thread-safety: safe (reads a constant table). */
int ginet__errno_for_code(int code);

#endif
