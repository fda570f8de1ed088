/*
 * platform/linux/netns.h — internal: work done inside another network
 * namespace ({netns, Path}): sockets for the backends, interface listing
 * for libginet (both link their own copy of netns.c).
 */
#ifndef GINET_PLATFORM_LINUX_NETNS_H
#define GINET_PLATFORM_LINUX_NETNS_H

/*
 * socket(DOMAIN, TYPE, PROTOCOL) created inside the network namespace at
 * PATH (e.g. /var/run/netns/NAME, made by `ip netns add NAME`).  TYPE may
 * carry SOCK_NONBLOCK | SOCK_CLOEXEC.  Stores the descriptor in *FD and
 * returns 0, or an error: the open(2) error of PATH (GINET_ENOENT, ...),
 * GINET_EPERM / GINET_EINVAL from setns(2) (no CAP_SYS_ADMIN, PATH not a
 * network namespace), the socket(2) error, or GINET_ESYSTEM_LIMIT when no
 * helper thread could be started.  The calling thread's own namespace is
 * never changed.  Thread-safety: safe.
 */
int ginet__netns_socket(const char *path, int domain, int type, int protocol,
                        int *fd);

/*
 * Run FN(ARG) on a short-lived helper thread that first enters the network
 * namespace at PATH, and wait for it to finish.  FN reports its own result
 * through ARG.  Returns 0 when FN ran, or an error and FN did not run: the
 * open(2) error of PATH (GINET_ENOENT for a missing or empty path, ...),
 * the setns(2) error (GINET_EINVAL: PATH is not a network namespace;
 * GINET_EPERM: no CAP_SYS_ADMIN), GINET_EINVAL for a NULL PATH or FN, or
 * GINET_ESYSTEM_LIMIT when no thread could be started.  The calling
 * thread's own namespace is never changed.  Thread-safety: safe.
 */
int ginet__netns_run(const char *path, void (*fn)(void *arg), void *arg);

#endif
