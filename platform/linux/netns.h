/*
 * platform/linux/netns.h — internal to the backends: sockets created in
 * another network namespace ({netns, Path}).
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

#endif
