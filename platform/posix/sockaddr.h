/*
 * platform/posix/sockaddr.h — internal to the backends: ginet_sockaddr
 * to and from the OS's struct sockaddr, and address families.
 */
#ifndef GINET_PLATFORM_POSIX_SOCKADDR_H
#define GINET_PLATFORM_POSIX_SOCKADDR_H

#include <ginet/backend.h>

#include <sys/socket.h>

/* The OS family (AF_INET, AF_INET6, AF_UNIX) for F, or -1. */
int ginet__family_to_os(ginet_family f);

/* The ginet family for an OS family, or GINET_AF_UNSPEC. */
ginet_family ginet__family_from_os(int af);

/*
 * Write A as an OS address into *SS and its length into *LEN.  A local
 * address with an empty path is "unnamed" (autobind on Linux), one whose
 * path starts with a NUL byte is abstract and keeps exactly its bytes,
 * any other path gets a terminating NUL, which must fit in sun_path.
 * Returns 0, or GINET_EAFNOSUPPORT for a family the OS lacks, GINET_EINVAL
 * for an address that does not fit or whose IP family disagrees.
 */
int ginet__sockaddr_to_os(const ginet_sockaddr *a,
                          struct sockaddr_storage *ss, socklen_t *len);

/*
 * Read the LEN bytes at SA (as accept(2), getsockname(2) or recvfrom(2)
 * give them) into *OUT.  A local address keeps an abstract name's bytes
 * exactly and cuts a path at its first NUL.  Returns 0, or
 * GINET_EAFNOSUPPORT for another family (OUT is then {unspec}).
 */
int ginet__sockaddr_from_os(const struct sockaddr *sa, socklen_t len,
                            ginet_sockaddr *out);

#endif
