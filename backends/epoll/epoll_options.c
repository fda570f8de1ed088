/*
 * backends/epoll/epoll_options.c — which portable options the epoll
 * backend offers, and why where that needs saying.  The Linux names and
 * value layouts behind them are in platform/linux/sockopt.c.
 */
#include "backends/epoll/epoll.h"

#define NATIVE(o, why) { GINET_BKOPT_##o, GINET_BK_NATIVE, why }

const ginet_bk_option_row ginet__ep_options[] = {
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
