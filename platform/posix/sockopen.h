/*
 * platform/posix/sockopen.h — internal to the backends: opening a socket
 * the way backend.h's sock_open() describes it (created non-blocking and
 * close-on-exec, in a network namespace, bound to a device, or adopted),
 * and the plain per-socket calls every POSIX backend makes alike
 * (shutdown, socket and peer names).
 */
#ifndef GINET_PLATFORM_POSIX_SOCKOPEN_H
#define GINET_PLATFORM_POSIX_SOCKOPEN_H

#include <ginet/backend.h>

/* The OS type (SOCK_STREAM, ...) for T, or -1. */
int ginet__os_socktype(ginet_bk_socktype t);

/*
 * The descriptor HOW asks for: a new socket, or HOW->adopt_fd checked
 * against HOW's family and type and made non-blocking; bound to
 * HOW->bind_to_device when given.  Stores the descriptor, its OS family
 * and type.  Returns 0, or an error code: then nothing is left open and an
 * adopted descriptor is still the caller's.  Without netns support on this
 * OS, HOW->netns gives GINET_ENOTSUP.
 */
int ginet__fd_open(const ginet_bk_open *how, int *fd, int *af, int *type);

/* shutdown(2) of FD: HOW is 0 read, 1 write, 2 read_write. */
int ginet__fd_shutdown(int fd, int how);

/* getsockname(2) (PEER 0) or getpeername(2) of FD into *OUT. */
int ginet__fd_name(int fd, ginet_sockaddr *out, int peer);

#endif
