/*
 * backends/socket/socket_options.c — which portable options the socket
 * backend offers, and how it reaches them.  On Linux every option goes
 * through platform/linux/sockopt.c, exactly as the epoll backend does, so
 * the two answer alike.  Elsewhere only the options POSIX itself names
 * are offered (SOL_SOCKET, IPPROTO_TCP/TCP_NODELAY, IPV6_V6ONLY, raw);
 * a dedicated backend (kqueue) maps the rest through its platform/ table.
 */
#include "backends/socket/socket.h"
#include "platform/posix/fdutil.h"

#include <ginet/error.h>

#if defined(__linux__) && !defined(GINET_SOCKET_POSIX_OPTIONS)
#define SK_LINUX_OPTIONS 1
#include "platform/linux/sockopt.h"
#endif

#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>

#define NATIVE(o, why) { GINET_BKOPT_##o, GINET_BK_NATIVE, why }

const ginet_bk_option_row ginet__sk_options[] = {
    NATIVE(REUSEADDR, NULL),
    { GINET_BKOPT_EXCLUSIVEADDRUSE, GINET_BK_IGNORED,
      "Windows-only option; OTP silently ignores it elsewhere and reads it as false" },
    NATIVE(IPV6_V6ONLY, NULL),
    NATIVE(NODELAY, NULL),
    NATIVE(KEEPALIVE, NULL),
    NATIVE(LINGER, NULL),
    NATIVE(RECBUF, "Linux doubles the value set, and reads back the doubled size"),
    NATIVE(SNDBUF, "Linux doubles the value set, and reads back the doubled size"),
    NATIVE(DONTROUTE, NULL),
    NATIVE(BROADCAST, NULL),
    NATIVE(RAW, NULL),
#ifdef SK_LINUX_OPTIONS
    /* Not POSIX: Linux's names, from platform/linux/sockopt.c. */
    NATIVE(REUSEPORT, "SO_REUSEPORT (load-balancing on Linux)"),
    NATIVE(REUSEPORT_LB, "SO_REUSEPORT: on Linux the same option as reuseport, as in OTP"),
    NATIVE(NOPUSH, "TCP_CORK, Linux's TCP_NOPUSH"),
    NATIVE(KEEPCNT, NULL),
    NATIVE(KEEPIDLE, NULL),
    NATIVE(KEEPINTVL, NULL),
    NATIVE(TOS, "IP_TOS, also on inet6 sockets (for IPv4-mapped traffic), as OTP"),
    NATIVE(TCLASS, NULL),
    NATIVE(PRIORITY, NULL),
    NATIVE(USER_TIMEOUT, NULL),
    NATIVE(MULTICAST_IF, NULL),
    NATIVE(MULTICAST_TTL, "IPV6_MULTICAST_HOPS on inet6 sockets"),
    NATIVE(MULTICAST_LOOP, NULL),
    NATIVE(ADD_MEMBERSHIP, NULL),
    NATIVE(DROP_MEMBERSHIP, NULL),
    NATIVE(RECVTOS, NULL),
    NATIVE(RECVTTL, NULL),
    NATIVE(RECVTCLASS, NULL),
    NATIVE(BIND_TO_DEVICE, "SO_BINDTODEVICE; needs CAP_NET_RAW"),
#endif
    { 0, GINET_BK_UNSUPPORTED, NULL }
};

static ginet_bk_support support(ginet_bk_opt opt)
{
    for (const ginet_bk_option_row *r = ginet__sk_options; r->opt != 0; r++)
        if (r->opt == opt)
            return r->support;
    return GINET_BK_UNSUPPORTED;
}

#ifdef SK_LINUX_OPTIONS

static int os_setopt(int fd, int af, ginet_bk_opt opt, const ginet_bk_optval *val)
{
    return ginet__linux_setopt(fd, af, opt, val);
}

static int os_getopt(int fd, int af, ginet_bk_opt opt, ginet_bk_optval *val)
{
    return ginet__linux_getopt(fd, af, opt, val);
}

#else /* the options POSIX names */

static int level_name(ginet_bk_opt opt, int *level, int *name)
{
    switch (opt) {
    case GINET_BKOPT_REUSEADDR:  *level = SOL_SOCKET;   *name = SO_REUSEADDR; return 1;
    case GINET_BKOPT_KEEPALIVE:  *level = SOL_SOCKET;   *name = SO_KEEPALIVE; return 1;
    case GINET_BKOPT_RECBUF:     *level = SOL_SOCKET;   *name = SO_RCVBUF;    return 1;
    case GINET_BKOPT_SNDBUF:     *level = SOL_SOCKET;   *name = SO_SNDBUF;    return 1;
    case GINET_BKOPT_DONTROUTE:  *level = SOL_SOCKET;   *name = SO_DONTROUTE; return 1;
    case GINET_BKOPT_BROADCAST:  *level = SOL_SOCKET;   *name = SO_BROADCAST; return 1;
    case GINET_BKOPT_NODELAY:    *level = IPPROTO_TCP;  *name = TCP_NODELAY;  return 1;
    case GINET_BKOPT_IPV6_V6ONLY: *level = IPPROTO_IPV6; *name = IPV6_V6ONLY; return 1;
    default: return 0;
    }
}

static int os_setopt(int fd, int af, ginet_bk_opt opt, const ginet_bk_optval *val)
{
    int level, name;
    (void)af;
    if (opt == GINET_BKOPT_LINGER) {
        struct linger lg = { .l_onoff = val->linger.on != 0, .l_linger = val->linger.seconds };
        return setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg) == 0
                   ? 0 : ginet__os_error();
    }
    if (opt == GINET_BKOPT_RAW) {
        if (val->raw.data == NULL && val->raw.len != 0)
            return GINET_EINVAL;
        return setsockopt(fd, val->raw.level, val->raw.name, val->raw.data,
                          (socklen_t)val->raw.len) == 0 ? 0 : ginet__os_error();
    }
    if (!level_name(opt, &level, &name))
        return GINET_ENOTSUP;
    if (val->i < INT_MIN || val->i > INT_MAX)
        return GINET_EINVAL;
    int v = (int)val->i;
    return setsockopt(fd, level, name, &v, sizeof v) == 0 ? 0 : ginet__os_error();
}

static int os_getopt(int fd, int af, ginet_bk_opt opt, ginet_bk_optval *val)
{
    int level, name;
    (void)af;
    if (opt == GINET_BKOPT_LINGER) {
        struct linger lg;
        socklen_t n = sizeof lg;
        memset(&lg, 0, sizeof lg);
        if (getsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, &n) != 0)
            return ginet__os_error();
        val->linger.on = lg.l_onoff != 0;
        val->linger.seconds = lg.l_linger;
        return 0;
    }
    if (opt == GINET_BKOPT_RAW) {
        socklen_t n = (socklen_t)val->raw.len;
        if (getsockopt(fd, val->raw.level, val->raw.name, val->raw.data, &n) != 0)
            return ginet__os_error();
        val->raw.len = n;
        return 0;
    }
    if (!level_name(opt, &level, &name))
        return GINET_ENOTSUP;
    int v = 0;
    socklen_t n = sizeof v;
    if (getsockopt(fd, level, name, &v, &n) != 0)
        return ginet__os_error();
    val->i = (level == SOL_SOCKET && name != SO_RCVBUF && name != SO_SNDBUF) || name == TCP_NODELAY
                 || name == IPV6_V6ONLY ? (v != 0) : v;
    return 0;
}

#endif

int ginet__sk_setopt(void *sock, ginet_bk_opt opt, const ginet_bk_optval *val)
{
    sk_sock *s = sock;
    if (val == NULL)
        return GINET_EINVAL;
    switch (support(opt)) {
    case GINET_BK_NATIVE:  return os_setopt(s->fd, s->af, opt, val);
    case GINET_BK_IGNORED: return 0;
    default:               return GINET_ENOTSUP;
    }
}

int ginet__sk_getopt(void *sock, ginet_bk_opt opt, ginet_bk_optval *val)
{
    sk_sock *s = sock;
    if (val == NULL)
        return GINET_EINVAL;
    switch (support(opt)) {
    case GINET_BK_NATIVE:
        return os_getopt(s->fd, s->af, opt, val);
    case GINET_BK_IGNORED:
        val->i = 0;
        return 0;
    default:
        return GINET_ENOTSUP;
    }
}
