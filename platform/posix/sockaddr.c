/*
 * platform/posix/sockaddr.c — owns the conversion between ginet_sockaddr
 * and struct sockaddr_in / sockaddr_in6 / sockaddr_un, for every POSIX
 * backend.
 */
#include "platform/posix/sockaddr.h"

#include <ginet/error.h>

#include <netinet/in.h>
#include <stddef.h>
#include <string.h>
#include <sys/un.h>

int ginet__family_to_os(ginet_family f)
{
    switch (f) {
    case GINET_AF_INET:  return AF_INET;
    case GINET_AF_INET6: return AF_INET6;
    case GINET_AF_LOCAL: return AF_UNIX;
    default:             return -1;
    }
}

ginet_family ginet__family_from_os(int af)
{
    switch (af) {
    case AF_INET:  return GINET_AF_INET;
    case AF_INET6: return GINET_AF_INET6;
    case AF_UNIX:  return GINET_AF_LOCAL;
    default:       return GINET_AF_UNSPEC;
    }
}

static int local_to_os(const ginet_local_address *l,
                       struct sockaddr_storage *ss, socklen_t *len)
{
    struct sockaddr_un *un = (struct sockaddr_un *)ss;
    size_t off = offsetof(struct sockaddr_un, sun_path);
    if (l->len > sizeof un->sun_path)
        return GINET_EINVAL;
    /* A path name needs room for its NUL, as OTP's inet_drv requires
     * (a 108-byte path is einval on Linux); an abstract name may fill
     * sun_path. */
    if (l->len > 0 && l->path[0] != 0 && l->len >= sizeof un->sun_path)
        return GINET_EINVAL;
    un->sun_family = AF_UNIX;
    memcpy(un->sun_path, l->path, l->len);
    size_t n = off + l->len;
    /* A path name ends with its NUL (checked above that it fits); an
     * abstract name (first byte NUL) is exactly its bytes, and an empty
     * one asks for autobind. */
    if (l->len > 0 && l->path[0] != 0 && l->len < sizeof un->sun_path) {
        un->sun_path[l->len] = '\0';
        n++;
    }
    *len = (socklen_t)n;
    return 0;
}

int ginet__sockaddr_to_os(const ginet_sockaddr *a,
                          struct sockaddr_storage *ss, socklen_t *len)
{
    if (a == NULL || ss == NULL || len == NULL)
        return GINET_EINVAL;
    memset(ss, 0, sizeof *ss);
    switch (a->family) {
    case GINET_AF_INET: {
        struct sockaddr_in *in = (struct sockaddr_in *)ss;
        if (a->u.ip.family != GINET_AF_INET)
            return GINET_EINVAL;
        in->sin_family = AF_INET;
        in->sin_port = htons(a->port);
        memcpy(&in->sin_addr, a->u.ip.u.v4, 4);
        *len = sizeof *in;
        return 0;
    }
    case GINET_AF_INET6: {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
        if (a->u.ip.family != GINET_AF_INET6)
            return GINET_EINVAL;
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(a->port);
        in6->sin6_flowinfo = htonl(a->flowinfo);
        in6->sin6_scope_id = a->scope_id;
        for (int i = 0; i < 8; i++) {
            in6->sin6_addr.s6_addr[2 * i] = (uint8_t)(a->u.ip.u.v6[i] >> 8);
            in6->sin6_addr.s6_addr[2 * i + 1] = (uint8_t)(a->u.ip.u.v6[i] & 0xff);
        }
        *len = sizeof *in6;
        return 0;
    }
    case GINET_AF_LOCAL:
        return local_to_os(&a->u.local, ss, len);
    default:
        return GINET_EAFNOSUPPORT;
    }
}

int ginet__sockaddr_from_os(const struct sockaddr *sa, socklen_t len,
                            ginet_sockaddr *out)
{
    memset(out, 0, sizeof *out);
    out->family = GINET_AF_UNSPEC;
    if (sa == NULL || len < (socklen_t)sizeof(sa_family_t))
        return GINET_EAFNOSUPPORT;
    switch (sa->sa_family) {
    case AF_INET: {
        struct sockaddr_in in;
        if (len < (socklen_t)sizeof in)
            return GINET_EAFNOSUPPORT;
        memcpy(&in, sa, sizeof in);
        out->family = GINET_AF_INET;
        out->port = ntohs(in.sin_port);
        out->u.ip.family = GINET_AF_INET;
        memcpy(out->u.ip.u.v4, &in.sin_addr, 4);
        return 0;
    }
    case AF_INET6: {
        struct sockaddr_in6 in6;
        if (len < (socklen_t)sizeof in6)
            return GINET_EAFNOSUPPORT;
        memcpy(&in6, sa, sizeof in6);
        out->family = GINET_AF_INET6;
        out->port = ntohs(in6.sin6_port);
        out->scope_id = in6.sin6_scope_id;
        out->flowinfo = ntohl(in6.sin6_flowinfo);
        out->u.ip.family = GINET_AF_INET6;
        for (int i = 0; i < 8; i++)
            out->u.ip.u.v6[i] = (uint16_t)(in6.sin6_addr.s6_addr[2 * i] << 8
                                           | in6.sin6_addr.s6_addr[2 * i + 1]);
        return 0;
    }
    case AF_UNIX: {
        size_t off = offsetof(struct sockaddr_un, sun_path);
        const char *path = (const char *)sa + off;
        size_t n = (size_t)len > off ? (size_t)len - off : 0;
        if (n > sizeof ((struct sockaddr_un *)0)->sun_path)
            n = sizeof ((struct sockaddr_un *)0)->sun_path;
        if (n > GINET_LOCAL_PATH_MAX)
            n = GINET_LOCAL_PATH_MAX;
        /* A path name is cut at its NUL; an abstract name (leading NUL)
         * is exactly the bytes the kernel reported. */
        if (n > 0 && path[0] != '\0') {
            const char *nul = memchr(path, '\0', n);
            if (nul != NULL)
                n = (size_t)(nul - path);
        }
        out->family = GINET_AF_LOCAL;
        out->u.local.len = (uint16_t)n;
        memcpy(out->u.local.path, path, n);
        return 0;
    }
    default:
        return GINET_EAFNOSUPPORT;
    }
}
