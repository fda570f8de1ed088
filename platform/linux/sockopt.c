/*
 * platform/linux/sockopt.c — owns Linux's option table: for each portable
 * ginet_bk_opt the level and name it is on Linux, and how its value is
 * laid out.  Every Linux backend (epoll, socket, io_uring) uses it; a
 * backend's own table (NATIVE / IGNORED / UNSUPPORTED) says which rows it
 * offers.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "platform/linux/sockopt.h"
#include "platform/posix/fdutil.h"

#include <ginet/error.h>

#include <limits.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>

/* How a value is laid out for setsockopt(2). */
enum kind {
    K_BOOL,        /* int 0/1 */
    K_INT,         /* int */
    K_LINGER,      /* struct linger */
    K_MCAST_IF,    /* inet: struct in_addr; inet6: int ifindex */
    K_MEMBERSHIP,  /* inet: struct ip_mreqn; inet6: struct ipv6_mreq */
    K_IFNAME,      /* char[], SO_BINDTODEVICE */
    K_RAW,         /* the caller's level, name and bytes */
    K_IGNORED      /* no such option on Linux; OTP ignores it */
};

/* One row: the IPv4 (or family-independent) level/name, and the IPv6 one
 * where the option has distinct names per family (0, 0: the same). */
struct row {
    ginet_bk_opt opt;
    enum kind kind;
    int level, name;
    int level6, name6;
};

static const struct row rows[] = {
    { GINET_BKOPT_REUSEADDR,     K_BOOL,   SOL_SOCKET, SO_REUSEADDR, 0, 0 },
    { GINET_BKOPT_REUSEPORT,     K_BOOL,   SOL_SOCKET, SO_REUSEPORT, 0, 0 },
    /* SO_REUSEPORT load-balances connections and datagrams on Linux (3.9
     * and later); FreeBSD's SO_REUSEPORT_LB does not exist here.  OTP maps
     * reuseport_lb to SO_REUSEPORT on Linux, so the two are one option. */
    { GINET_BKOPT_REUSEPORT_LB,  K_BOOL,   SOL_SOCKET, SO_REUSEPORT, 0, 0 },
    /* Windows only (SO_EXCLUSIVEADDRUSE); "silently ignored" elsewhere. */
    { GINET_BKOPT_EXCLUSIVEADDRUSE, K_IGNORED, 0, 0, 0, 0 },
    { GINET_BKOPT_IPV6_V6ONLY,   K_BOOL,   IPPROTO_IPV6, IPV6_V6ONLY, 0, 0 },
    { GINET_BKOPT_NODELAY,       K_BOOL,   IPPROTO_TCP, TCP_NODELAY, 0, 0 },
    /* The BSDs' TCP_NOPUSH is TCP_CORK on Linux. */
    { GINET_BKOPT_NOPUSH,        K_BOOL,   IPPROTO_TCP, TCP_CORK, 0, 0 },
    { GINET_BKOPT_KEEPALIVE,     K_BOOL,   SOL_SOCKET, SO_KEEPALIVE, 0, 0 },
    { GINET_BKOPT_KEEPCNT,       K_INT,    IPPROTO_TCP, TCP_KEEPCNT, 0, 0 },
    { GINET_BKOPT_KEEPIDLE,      K_INT,    IPPROTO_TCP, TCP_KEEPIDLE, 0, 0 },
    { GINET_BKOPT_KEEPINTVL,     K_INT,    IPPROTO_TCP, TCP_KEEPINTVL, 0, 0 },
    { GINET_BKOPT_LINGER,        K_LINGER, SOL_SOCKET, SO_LINGER, 0, 0 },
    { GINET_BKOPT_RECBUF,        K_INT,    SOL_SOCKET, SO_RCVBUF, 0, 0 },
    { GINET_BKOPT_SNDBUF,        K_INT,    SOL_SOCKET, SO_SNDBUF, 0, 0 },
    /* OTP sets IP_TOS on inet6 sockets too (it then applies to IPv4-mapped
     * traffic); IPv6's own field is tclass. */
    { GINET_BKOPT_TOS,           K_INT,    IPPROTO_IP, IP_TOS, 0, 0 },
    { GINET_BKOPT_TCLASS,        K_INT,    IPPROTO_IPV6, IPV6_TCLASS, 0, 0 },
    { GINET_BKOPT_PRIORITY,      K_INT,    SOL_SOCKET, SO_PRIORITY, 0, 0 },
    { GINET_BKOPT_DONTROUTE,     K_BOOL,   SOL_SOCKET, SO_DONTROUTE, 0, 0 },
    { GINET_BKOPT_USER_TIMEOUT,  K_INT,    IPPROTO_TCP, TCP_USER_TIMEOUT, 0, 0 },
    { GINET_BKOPT_BROADCAST,     K_BOOL,   SOL_SOCKET, SO_BROADCAST, 0, 0 },
    { GINET_BKOPT_MULTICAST_IF,  K_MCAST_IF, IPPROTO_IP, IP_MULTICAST_IF,
      IPPROTO_IPV6, IPV6_MULTICAST_IF },
    { GINET_BKOPT_MULTICAST_TTL, K_INT,    IPPROTO_IP, IP_MULTICAST_TTL,
      IPPROTO_IPV6, IPV6_MULTICAST_HOPS },
    { GINET_BKOPT_MULTICAST_LOOP, K_BOOL,  IPPROTO_IP, IP_MULTICAST_LOOP,
      IPPROTO_IPV6, IPV6_MULTICAST_LOOP },
    { GINET_BKOPT_ADD_MEMBERSHIP, K_MEMBERSHIP, IPPROTO_IP, IP_ADD_MEMBERSHIP,
      IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP },
    { GINET_BKOPT_DROP_MEMBERSHIP, K_MEMBERSHIP, IPPROTO_IP, IP_DROP_MEMBERSHIP,
      IPPROTO_IPV6, IPV6_DROP_MEMBERSHIP },
    { GINET_BKOPT_RECVTOS,       K_BOOL,   IPPROTO_IP, IP_RECVTOS, 0, 0 },
    { GINET_BKOPT_RECVTTL,       K_BOOL,   IPPROTO_IP, IP_RECVTTL, 0, 0 },
    { GINET_BKOPT_RECVTCLASS,    K_BOOL,   IPPROTO_IPV6, IPV6_RECVTCLASS, 0, 0 },
    { GINET_BKOPT_RAW,           K_RAW,    0, 0, 0, 0 },
    { GINET_BKOPT_BIND_TO_DEVICE, K_IFNAME, SOL_SOCKET, SO_BINDTODEVICE, 0, 0 },
};

static const struct row *find(ginet_bk_opt opt)
{
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (rows[i].opt == opt)
            return &rows[i];
    return NULL;
}

static void level_name(const struct row *r, int af, int *level, int *name)
{
    if (af == AF_INET6 && r->level6 != 0) {
        *level = r->level6;
        *name = r->name6;
    } else {
        *level = r->level;
        *name = r->name;
    }
}

static int set_raw(int fd, int level, int name, const void *p, socklen_t n)
{
    return setsockopt(fd, level, name, p, n) == 0 ? 0 : ginet__os_error();
}

static int ip4_from(const ginet_ip_address *ip, struct in_addr *out)
{
    if (ip->family == GINET_AF_UNSPEC) {      /* not given: any */
        out->s_addr = htonl(INADDR_ANY);
        return 0;
    }
    if (ip->family != GINET_AF_INET)
        return GINET_EINVAL;
    memcpy(&out->s_addr, ip->u.v4, 4);
    return 0;
}

static int ip6_from(const ginet_ip_address *ip, struct in6_addr *out)
{
    if (ip->family != GINET_AF_INET6)
        return GINET_EINVAL;
    for (int i = 0; i < 8; i++) {
        out->s6_addr[2 * i] = (uint8_t)(ip->u.v6[i] >> 8);
        out->s6_addr[2 * i + 1] = (uint8_t)(ip->u.v6[i] & 0xff);
    }
    return 0;
}

static int set_membership(int fd, int af, int level, int name,
                          const ginet_bk_optval *val)
{
    if (af == AF_INET6) {
        struct ipv6_mreq m;
        memset(&m, 0, sizeof m);
        if (ip6_from(&val->membership.group, &m.ipv6mr_multiaddr) != 0)
            return GINET_EINVAL;
        m.ipv6mr_interface = val->membership.ifindex;
        return set_raw(fd, level, name, &m, sizeof m);
    }
    struct ip_mreqn m;
    memset(&m, 0, sizeof m);
    if (val->membership.group.family != GINET_AF_INET
        || ip4_from(&val->membership.group, &m.imr_multiaddr) != 0
        || ip4_from(&val->membership.iface, &m.imr_address) != 0)
        return GINET_EINVAL;
    m.imr_ifindex = (int)val->membership.ifindex;
    return set_raw(fd, level, name, &m, sizeof m);
}

int ginet__linux_setopt(int fd, int af, ginet_bk_opt opt,
                        const ginet_bk_optval *val)
{
    const struct row *r = find(opt);
    if (r == NULL)
        return GINET_ENOTSUP;
    if (val == NULL)
        return GINET_EINVAL;
    int level, name;
    level_name(r, af, &level, &name);
    switch (r->kind) {
    case K_BOOL: {
        int v = val->i != 0;
        return set_raw(fd, level, name, &v, sizeof v);
    }
    case K_INT: {
        if (val->i < INT_MIN || val->i > INT_MAX)
            return GINET_EINVAL;
        int v = (int)val->i;
        if (opt == GINET_BKOPT_TOS) {
            /* Linux's IP_TOS also sets SO_PRIORITY from the TOS bits;
             * OTP's inet_drv puts the priority back, so do we. */
            int prio;
            socklen_t pn = sizeof prio;
            int have = getsockopt(fd, SOL_SOCKET, SO_PRIORITY, &prio, &pn) == 0;
            int rc = set_raw(fd, level, name, &v, sizeof v);
            if (rc == 0 && have)
                setsockopt(fd, SOL_SOCKET, SO_PRIORITY, &prio, sizeof prio);
            return rc;
        }
        return set_raw(fd, level, name, &v, sizeof v);
    }
    case K_LINGER: {
        struct linger l = { .l_onoff = val->linger.on != 0,
                            .l_linger = val->linger.seconds };
        return set_raw(fd, level, name, &l, sizeof l);
    }
    case K_MCAST_IF:
        if (af == AF_INET6) {
            int idx = (int)val->addr.scope_id;
            return set_raw(fd, level, name, &idx, sizeof idx);
        } else {
            struct in_addr a;
            if (val->addr.family != GINET_AF_INET
                || ip4_from(&val->addr.u.ip, &a) != 0)
                return GINET_EINVAL;
            return set_raw(fd, level, name, &a, sizeof a);
        }
    case K_MEMBERSHIP:
        return set_membership(fd, af, level, name, val);
    case K_IFNAME: {
        size_t n = strnlen(val->ifname, sizeof val->ifname);
        if (n == sizeof val->ifname)
            return GINET_EINVAL;
        /* The kernel takes the name without its NUL; length 0 unbinds. */
        return set_raw(fd, level, name, val->ifname, (socklen_t)n);
    }
    case K_RAW:
        if (val->raw.len > INT_MAX || (val->raw.data == NULL && val->raw.len))
            return GINET_EINVAL;
        return set_raw(fd, val->raw.level, val->raw.name, val->raw.data,
                       (socklen_t)val->raw.len);
    case K_IGNORED:
        return 0;
    }
    return GINET_ENOTSUP;
}

static int get_raw(int fd, int level, int name, void *p, socklen_t *n)
{
    return getsockopt(fd, level, name, p, n) == 0 ? 0 : ginet__os_error();
}

int ginet__linux_getopt(int fd, int af, ginet_bk_opt opt,
                        ginet_bk_optval *val)
{
    const struct row *r = find(opt);
    if (r == NULL)
        return GINET_ENOTSUP;
    if (val == NULL)
        return GINET_EINVAL;
    int level, name, rc;
    level_name(r, af, &level, &name);
    switch (r->kind) {
    case K_BOOL:
    case K_INT: {
        int v = 0;
        socklen_t n = sizeof v;
        if ((rc = get_raw(fd, level, name, &v, &n)) != 0)
            return rc;
        val->i = r->kind == K_BOOL ? (v != 0) : v;
        return 0;
    }
    case K_LINGER: {
        struct linger l;
        socklen_t n = sizeof l;
        memset(&l, 0, sizeof l);
        if ((rc = get_raw(fd, level, name, &l, &n)) != 0)
            return rc;
        val->linger.on = l.l_onoff != 0;
        val->linger.seconds = l.l_linger;
        return 0;
    }
    case K_MCAST_IF:
        memset(&val->addr, 0, sizeof val->addr);
        if (af == AF_INET6) {
            int idx = 0;
            socklen_t n = sizeof idx;
            if ((rc = get_raw(fd, level, name, &idx, &n)) != 0)
                return rc;
            val->addr.family = GINET_AF_INET6;
            val->addr.u.ip.family = GINET_AF_INET6;
            val->addr.scope_id = (uint32_t)idx;
        } else {
            struct in_addr a;
            socklen_t n = sizeof a;
            if ((rc = get_raw(fd, level, name, &a, &n)) != 0)
                return rc;
            val->addr.family = GINET_AF_INET;
            val->addr.u.ip.family = GINET_AF_INET;
            memcpy(val->addr.u.ip.u.v4, &a.s_addr, 4);
        }
        return 0;
    case K_MEMBERSHIP:
        return GINET_ENOPROTOOPT;            /* set only, as on every OS */
    case K_IFNAME: {
        char buf[GINET_BK_IFNAME_MAX];
        socklen_t n = sizeof buf - 1;
        memset(buf, 0, sizeof buf);
        if ((rc = get_raw(fd, level, name, buf, &n)) != 0)
            return rc;
        buf[n < sizeof buf ? n : sizeof buf - 1] = '\0';
        memcpy(val->ifname, buf, sizeof buf);
        return 0;
    }
    case K_RAW: {
        if (val->raw.len > INT_MAX || (val->raw.data == NULL && val->raw.len))
            return GINET_EINVAL;
        socklen_t n = (socklen_t)val->raw.len;
        if ((rc = get_raw(fd, val->raw.level, val->raw.name, val->raw.data,
                          &n)) != 0)
            return rc;
        val->raw.len = n;
        return 0;
    }
    case K_IGNORED:
        val->i = 0;
        return 0;
    }
    return GINET_ENOTSUP;
}
