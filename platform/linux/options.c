/*
 * platform/linux/options.c — owns the Linux option table the Linux
 * backends offer (which rows are NATIVE, and why where that needs saying)
 * and the table-checked option calls; the names and value layouts behind
 * the rows are in sockopt.c.
 */
#include "platform/linux/options.h"
#include "platform/linux/sockopt.h"

#include <ginet/error.h>

#include <stddef.h>

#define NATIVE(o, why) { GINET_BKOPT_##o, GINET_BK_NATIVE, why }

const ginet_bk_option_row ginet__linux_options[] = {
    NATIVE(REUSEADDR, NULL),
    NATIVE(REUSEPORT, "SO_REUSEPORT (load-balancing on Linux)"),
    NATIVE(REUSEPORT_LB, "SO_REUSEPORT: on Linux the same option as reuseport, as in OTP"),
    { GINET_BKOPT_EXCLUSIVEADDRUSE, GINET_BK_IGNORED,
      "Windows-only option; OTP silently ignores it elsewhere and reads it as false" },
    NATIVE(IPV6_V6ONLY, NULL),
    NATIVE(NODELAY, NULL),
    NATIVE(NOPUSH, "TCP_CORK, Linux's TCP_NOPUSH"),
    NATIVE(KEEPALIVE, NULL),
    NATIVE(KEEPCNT, NULL),
    NATIVE(KEEPIDLE, NULL),
    NATIVE(KEEPINTVL, NULL),
    NATIVE(LINGER, NULL),
    NATIVE(RECBUF, "the kernel doubles the value set, and reads back the doubled size"),
    NATIVE(SNDBUF, "the kernel doubles the value set, and reads back the doubled size"),
    NATIVE(TOS, "IP_TOS, also on inet6 sockets (for IPv4-mapped traffic), as OTP"),
    NATIVE(TCLASS, NULL),
    NATIVE(PRIORITY, NULL),
    NATIVE(DONTROUTE, NULL),
    NATIVE(USER_TIMEOUT, NULL),
    NATIVE(BROADCAST, NULL),
    NATIVE(MULTICAST_IF, NULL),
    NATIVE(MULTICAST_TTL, "IPV6_MULTICAST_HOPS on inet6 sockets"),
    NATIVE(MULTICAST_LOOP, NULL),
    NATIVE(ADD_MEMBERSHIP, NULL),
    NATIVE(DROP_MEMBERSHIP, NULL),
    NATIVE(RECVTOS, NULL),
    NATIVE(RECVTTL, NULL),
    NATIVE(RECVTCLASS, NULL),
    NATIVE(RAW, NULL),
    NATIVE(BIND_TO_DEVICE, "SO_BINDTODEVICE; needs CAP_NET_RAW"),
    { 0, GINET_BK_UNSUPPORTED, NULL }
};

ginet_bk_support ginet__bk_support(const ginet_bk_option_row *rows, ginet_bk_opt opt)
{
    for (const ginet_bk_option_row *r = rows; r->opt != 0; r++)
        if (r->opt == opt)
            return r->support;
    return GINET_BK_UNSUPPORTED;
}

int ginet__linux_rows_setopt(const ginet_bk_option_row *rows, int fd, int af,
                             ginet_bk_opt opt, const ginet_bk_optval *val)
{
    if (val == NULL)
        return GINET_EINVAL;
    switch (ginet__bk_support(rows, opt)) {
    case GINET_BK_NATIVE:  return ginet__linux_setopt(fd, af, opt, val);
    case GINET_BK_IGNORED: return 0;
    default:               return GINET_ENOTSUP;
    }
}

int ginet__linux_rows_getopt(const ginet_bk_option_row *rows, int fd, int af,
                             ginet_bk_opt opt, ginet_bk_optval *val)
{
    if (val == NULL)
        return GINET_EINVAL;
    switch (ginet__bk_support(rows, opt)) {
    case GINET_BK_NATIVE:
        return ginet__linux_getopt(fd, af, opt, val);
    case GINET_BK_IGNORED:
        val->i = 0;
        return 0;
    default:
        return GINET_ENOTSUP;
    }
}
