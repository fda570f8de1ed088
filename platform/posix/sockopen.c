/*
 * platform/posix/sockopen.c — opening, adopting and naming sockets for the
 * backends (see sockopen.h).  POSIX calls; Linux's namespaces and
 * SO_BINDTODEVICE where the OS has them.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "platform/posix/sockopen.h"
#include "platform/posix/fdutil.h"
#include "platform/posix/sockaddr.h"
#ifdef __linux__
#include "platform/linux/netns.h"
#endif

#include <ginet/error.h>

#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int ginet__os_socktype(ginet_bk_socktype t)
{
    switch (t) {
    case GINET_BK_STREAM:    return SOCK_STREAM;
    case GINET_BK_DGRAM:     return SOCK_DGRAM;
    case GINET_BK_SEQPACKET: return SOCK_SEQPACKET;
    default:                 return -1;
    }
}

/* {fd, F}: the family (from the bound name where SO_DOMAIN is missing)
 * and the type, from the descriptor itself. */
static int adopt(int fd, const ginet_bk_open *how, int *af, int *type)
{
    int v;
    socklen_t n = sizeof v;
#ifdef SO_DOMAIN
    if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &v, &n) != 0)
        return ginet__os_error();
    *af = v;
#else
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    memset(&ss, 0, sizeof ss);
    if (getsockname(fd, (struct sockaddr *)&ss, &sl) != 0)
        return ginet__os_error();
    *af = ss.ss_family;
#endif
    n = sizeof v;
    if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &n) != 0)
        return ginet__os_error();
    *type = v;
    if (ginet__family_from_os(*af) == GINET_AF_UNSPEC)
        return GINET_EAFNOSUPPORT;
    if (how->family != GINET_AF_UNSPEC && ginet__family_to_os(how->family) != *af)
        return GINET_EINVAL;
    if (how->type != 0 && ginet__os_socktype(how->type) != *type)
        return GINET_EINVAL;
    return ginet__fd_set_nonblock(fd, 1);
}

/* A new descriptor, non-blocking and close-on-exec (and, where the OS
 * has no MSG_NOSIGNAL, SO_NOSIGPIPE). */
static int create(const ginet_bk_open *how, int af, int type, int *fd)
{
#if defined(SOCK_NONBLOCK) && defined(SOCK_CLOEXEC)
    int flags = type | SOCK_NONBLOCK | SOCK_CLOEXEC;
#else
    int flags = type;
#endif
    if (how->netns != NULL) {
#ifdef __linux__
        int rc = ginet__netns_socket(how->netns, af, flags, how->protocol, fd);
        if (rc != 0)
            return rc;
#else
        return GINET_ENOTSUP;
#endif
    } else if ((*fd = socket(af, flags, how->protocol)) < 0) {
        return ginet__os_error();
    }
#if !(defined(SOCK_NONBLOCK) && defined(SOCK_CLOEXEC))
    int rc = ginet__fd_set_nonblock(*fd, 1);
    if (rc == 0)
        rc = ginet__fd_set_cloexec(*fd, 1);
    if (rc != 0) {
        close(*fd);
        return rc;
    }
#endif
#if defined(SO_NOSIGPIPE) && !defined(MSG_NOSIGNAL)
    int one = 1;
    setsockopt(*fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
#endif
    return 0;
}

static int bind_device(int fd, const char *ifname)
{
#ifdef SO_BINDTODEVICE
    size_t n = strlen(ifname);
    if (n >= GINET_BK_IFNAME_MAX)
        return GINET_EINVAL;
    if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname, (socklen_t)n) != 0)
        return ginet__os_error();
    return 0;
#else
    (void)fd;
    (void)ifname;
    return GINET_ENOTSUP;
#endif
}

int ginet__fd_open(const ginet_bk_open *how, int *fd, int *af, int *type)
{
    int rc, adopted = how->adopt_fd >= 0;
    if (adopted) {
        if (how->adopt_fd > INT32_MAX || how->netns != NULL)
            return GINET_EINVAL;             /* an open socket has its namespace */
        *fd = (int)how->adopt_fd;
        if ((rc = adopt(*fd, how, af, type)) != 0)
            return rc;
    } else {
        *af = ginet__family_to_os(how->family);
        *type = ginet__os_socktype(how->type);
        if (*af < 0)
            return GINET_EAFNOSUPPORT;
        if (*type < 0)
            return GINET_EINVAL;
        if ((rc = create(how, *af, *type, fd)) != 0)
            return rc;
    }
    rc = how->bind_to_device != NULL ? bind_device(*fd, how->bind_to_device) : 0;
    if (rc != 0 && !adopted)
        close(*fd);
    return rc;
}

int ginet__fd_shutdown(int fd, int how)
{
    int h = how == 0 ? SHUT_RD : how == 1 ? SHUT_WR : how == 2 ? SHUT_RDWR : -1;
    if (h < 0)
        return GINET_EINVAL;
    return shutdown(fd, h) == 0 ? 0 : ginet__os_error();
}

int ginet__fd_name(int fd, ginet_sockaddr *out, int peer)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (out == NULL)
        return GINET_EINVAL;
    memset(&ss, 0, sizeof ss);
    int r = peer ? getpeername(fd, (struct sockaddr *)&ss, &len)
                 : getsockname(fd, (struct sockaddr *)&ss, &len);
    if (r != 0)
        return ginet__os_error();
    return ginet__sockaddr_from_os((struct sockaddr *)&ss, len, out);
}
