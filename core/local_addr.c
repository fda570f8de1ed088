/*
 * core/local_addr.c — local (unix) socket addresses in the frontend:
 * building one (ginet_sockaddr_local), OTP's term for any socket address
 * (ginet_sockaddr_term: what inet:sockname/1 returns), and the checks
 * creation calls make before an address reaches a backend.
 */
#include "core/local_addr.h"

#include "core/last_error.h"

#include <ginet/error.h>
#include <ginet/socket.h>

#include <string.h>

GINET_API int ginet_sockaddr_local(ginet_sockaddr *out, const void *path, size_t len)
{
    if (out == NULL || (path == NULL && len > 0))
        return GINET_EINVAL;
    if (len > GINET_LOCAL_PATH_MAX)
        return GINET_ENAMETOOLONG;
    memset(out, 0, sizeof *out);
    out->family = GINET_AF_LOCAL;
    return ginet_local_address_set(&out->u.local, path, len);
}

/* {A,B,C,D} or {A,...,H}. */
static ginet_term *ip_tuple(ginet_term_arena *ar, const ginet_ip_address *ip)
{
    int64_t e[8];
    int n = ginet_ip_address_to_tuple(ip, e);
    if (n < 0)
        return NULL;
    ginet_term *t = ginet_term_tuple_new(ar, (size_t)n);
    if (t == NULL)
        return NULL;
    for (int i = 0; i < n; i++) {
        t->u.seq.items[i] = ginet_term_int(ar, e[i]);
        if (t->u.seq.items[i] == NULL)
            return NULL;
    }
    return t;
}

GINET_API ginet_term *ginet_sockaddr_term(ginet_term_arena *ar, const ginet_sockaddr *a)
{
    if (ar == NULL || a == NULL)
        return NULL;
    switch (a->family) {
    case GINET_AF_INET:
    case GINET_AF_INET6:
        if (a->u.ip.family != a->family)
            return NULL;
        return ginet_term_tuple(ar, 2, ip_tuple(ar, &a->u.ip), ginet_term_int(ar, a->port));
    case GINET_AF_LOCAL:
        if (a->u.local.len > GINET_LOCAL_PATH_MAX)
            return NULL;
        return ginet_term_tuple(ar, 2, ginet_term_atomz(ar, "local"),
                                ginet_term_binary(ar, a->u.local.path, a->u.local.len));
    case GINET_AF_UNSPEC:
        return ginet_term_tuple(ar, 2, ginet_term_atomz(ar, "unspec"),
                                ginet_term_binary(ar, "", 0));
    default:
        return NULL;
    }
}

int ginet__local_check(const ginet_sockaddr *a, int purpose, const char *what)
{
    if (a == NULL || a->family != GINET_AF_LOCAL)
        return ginet__fail(GINET_EINVAL, "%s: not a local address", what);
    if (a->port != 0)
        return ginet__fail(GINET_EINVAL, "%s: port %u with a local address: it must be 0",
                           what, (unsigned)a->port);
    size_t len = a->u.local.len;
    if (len == 0) {
        if (purpose == GINET__LOCAL_PEER)
            return ginet__fail(GINET_EINVAL, "%s: an empty local path", what);
        return 0;                            /* autobind (Linux: an abstract name) */
    }
    if (a->u.local.path[0] == 0) {
        if (len > GINET_LOCAL_PATH_MAX)
            return ginet__fail(GINET_EINVAL, "%s: an abstract name of %zu bytes: at most %d",
                               what, len, GINET_LOCAL_PATH_MAX);
        return 0;
    }
    if (len > GINET_LOCAL_PATH_MAX - 1)
        return ginet__fail(GINET_EINVAL, "%s: a local path of %zu bytes: at most %d "
                           "(sun_path holds %d with the NUL)", what, len,
                           GINET_LOCAL_PATH_MAX - 1, GINET_LOCAL_PATH_MAX);
    return 0;
}
