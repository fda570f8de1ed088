/*
 * tests/unit/test_backend_opts.c — every row of a backend's option table
 * set, read back through the backend and checked against the kernel's own
 * getsockopt(2); socket addresses of every family (IPv4, IPv6 with scope,
 * local paths, abstract and unnamed); sockets opened in a network
 * namespace the test creates, bound to a device, or adopted.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "test_backend.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define BEGIN(l)                                                        \
    tb_loop l;                                                          \
    do {                                                                \
        int rc_ = tb_loop_start(&l);                                    \
        CU_ASSERT_EQUAL_FATAL(rc_, 0);                                  \
    } while (0)

static int kernel_int(tb_sock *s, int level, int name, int *v)
{
    socklen_t n = sizeof *v;
    *v = 0;
    return getsockopt((int)s->loop->bk->native_handle(s->state), level, name, v, &n);
}

static ginet_bk_support row_support(const ginet_backend *bk, ginet_bk_opt opt)
{
    for (const ginet_bk_option_row *r = bk->options; r->opt != 0; r++)
        if (r->opt == opt)
            return r->support;
    return GINET_BK_UNSUPPORTED;
}

/* ------------------------------------------------- integer and boolean rows */

struct intcase {
    ginet_bk_opt opt;
    ginet_family fam;
    ginet_bk_socktype type;
    int level, name;
    int64_t val;                  /* set this (booleans: then back to 0) */
    int boolean;
    int kernel_may_differ;        /* buffers: the kernel doubles */
};

static const struct intcase intcases[] = {
    { GINET_BKOPT_REUSEADDR, GINET_AF_INET, GINET_BK_STREAM, SOL_SOCKET, SO_REUSEADDR, 1, 1, 0 },
    { GINET_BKOPT_REUSEPORT, GINET_AF_INET, GINET_BK_STREAM, SOL_SOCKET, SO_REUSEPORT, 1, 1, 0 },
    { GINET_BKOPT_REUSEPORT_LB, GINET_AF_INET, GINET_BK_STREAM, SOL_SOCKET, SO_REUSEPORT, 1, 1, 0 },
    { GINET_BKOPT_IPV6_V6ONLY, GINET_AF_INET6, GINET_BK_STREAM, IPPROTO_IPV6, IPV6_V6ONLY, 1, 1, 0 },
    { GINET_BKOPT_NODELAY, GINET_AF_INET, GINET_BK_STREAM, IPPROTO_TCP, TCP_NODELAY, 1, 1, 0 },
    { GINET_BKOPT_NOPUSH, GINET_AF_INET, GINET_BK_STREAM, IPPROTO_TCP, TCP_CORK, 1, 1, 0 },
    { GINET_BKOPT_KEEPALIVE, GINET_AF_INET, GINET_BK_STREAM, SOL_SOCKET, SO_KEEPALIVE, 1, 1, 0 },
    { GINET_BKOPT_KEEPCNT, GINET_AF_INET, GINET_BK_STREAM, IPPROTO_TCP, TCP_KEEPCNT, 5, 0, 0 },
    { GINET_BKOPT_KEEPIDLE, GINET_AF_INET, GINET_BK_STREAM, IPPROTO_TCP, TCP_KEEPIDLE, 30, 0, 0 },
    { GINET_BKOPT_KEEPINTVL, GINET_AF_INET, GINET_BK_STREAM, IPPROTO_TCP, TCP_KEEPINTVL, 7, 0, 0 },
    { GINET_BKOPT_RECBUF, GINET_AF_INET, GINET_BK_STREAM, SOL_SOCKET, SO_RCVBUF, 65536, 0, 1 },
    { GINET_BKOPT_SNDBUF, GINET_AF_INET, GINET_BK_STREAM, SOL_SOCKET, SO_SNDBUF, 65536, 0, 1 },
    { GINET_BKOPT_TOS, GINET_AF_INET, GINET_BK_STREAM, IPPROTO_IP, IP_TOS, 0x10, 0, 0 },
    { GINET_BKOPT_TOS, GINET_AF_INET6, GINET_BK_STREAM, IPPROTO_IP, IP_TOS, 0x20, 0, 0 },
    { GINET_BKOPT_TCLASS, GINET_AF_INET6, GINET_BK_STREAM, IPPROTO_IPV6, IPV6_TCLASS, 0x20, 0, 0 },
    { GINET_BKOPT_PRIORITY, GINET_AF_INET, GINET_BK_STREAM, SOL_SOCKET, SO_PRIORITY, 3, 0, 0 },
    { GINET_BKOPT_DONTROUTE, GINET_AF_INET, GINET_BK_STREAM, SOL_SOCKET, SO_DONTROUTE, 1, 1, 0 },
    { GINET_BKOPT_USER_TIMEOUT, GINET_AF_INET, GINET_BK_STREAM, IPPROTO_TCP, TCP_USER_TIMEOUT, 10000, 0, 0 },
    { GINET_BKOPT_BROADCAST, GINET_AF_INET, GINET_BK_DGRAM, SOL_SOCKET, SO_BROADCAST, 1, 1, 0 },
    { GINET_BKOPT_MULTICAST_TTL, GINET_AF_INET, GINET_BK_DGRAM, IPPROTO_IP, IP_MULTICAST_TTL, 7, 0, 0 },
    { GINET_BKOPT_MULTICAST_TTL, GINET_AF_INET6, GINET_BK_DGRAM, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, 7, 0, 0 },
    { GINET_BKOPT_MULTICAST_LOOP, GINET_AF_INET, GINET_BK_DGRAM, IPPROTO_IP, IP_MULTICAST_LOOP, 0, 1, 0 },
    { GINET_BKOPT_MULTICAST_LOOP, GINET_AF_INET6, GINET_BK_DGRAM, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 0, 1, 0 },
    { GINET_BKOPT_RECVTOS, GINET_AF_INET, GINET_BK_DGRAM, IPPROTO_IP, IP_RECVTOS, 1, 1, 0 },
    { GINET_BKOPT_RECVTTL, GINET_AF_INET, GINET_BK_DGRAM, IPPROTO_IP, IP_RECVTTL, 1, 1, 0 },
    { GINET_BKOPT_RECVTCLASS, GINET_AF_INET6, GINET_BK_DGRAM, IPPROTO_IPV6, IPV6_RECVTCLASS, 1, 1, 0 },
};

/* Set V, read it back through the backend and from the kernel. */
static void int_roundtrip(tb_loop *l, const struct intcase *c, int64_t v)
{
    tb_sock s;
    CU_ASSERT_EQUAL_FATAL(tb_open_simple(l, &s, c->fam, c->type), 0);
    ginet_bk_optval val;
    memset(&val, 0, sizeof val);
    val.i = v;
    int rc = l->bk->setopt(s.state, c->opt, &val);
    if (rc != 0)
        printf("  option %d = %lld: %s\n", (int)c->opt, (long long)v, ginet_error_atom(rc));
    CU_ASSERT_EQUAL(rc, 0);
    memset(&val, 0x5a, sizeof val);
    CU_ASSERT_EQUAL(l->bk->getopt(s.state, c->opt, &val), 0);
    int k;
    CU_ASSERT_EQUAL(kernel_int(&s, c->level, c->name, &k), 0);
    if (c->boolean)
        k = k != 0;
    CU_ASSERT_EQUAL(val.i, k);               /* the backend reports the kernel's view */
    if (c->kernel_may_differ) {
        CU_ASSERT(k >= v);
    } else {
        CU_ASSERT_EQUAL(k, v);
    }
    tb_close(&s);
}

static int covered(ginet_bk_opt opt);

static void int_options(void)
{
    BEGIN(l);
    for (size_t i = 0; i < sizeof intcases / sizeof intcases[0]; i++) {
        const struct intcase *c = &intcases[i];
        if (row_support(l.bk, c->opt) != GINET_BK_NATIVE) {
            /* Not offered: refused, never silently ignored. */
            tb_sock s;
            if (tb_open_simple(&l, &s, c->fam, c->type) == 0) {
                ginet_bk_optval val = { .i = c->val };
                if (row_support(l.bk, c->opt) == GINET_BK_UNSUPPORTED) {
                    CU_ASSERT_EQUAL(l.bk->setopt(s.state, c->opt, &val), GINET_ENOTSUP);
                }
                tb_close(&s);
            }
            continue;
        }
        int_roundtrip(&l, c, c->val);
        if (c->boolean)
            int_roundtrip(&l, c, !c->val);
    }
    /* Every NATIVE row of the table has a round trip here. */
    for (const ginet_bk_option_row *r = l.bk->options; r->opt != 0; r++) {
        if (r->support == GINET_BK_NATIVE && !covered(r->opt)) {
            printf("  option %d has a NATIVE row but no round-trip test\n", (int)r->opt);
            CU_FAIL("option row without a test");
        }
    }
    tb_loop_stop(&l);
}

/* ------------------------------------------------------ the other rows */

static int covered(ginet_bk_opt opt)
{
    for (size_t i = 0; i < sizeof intcases / sizeof intcases[0]; i++)
        if (intcases[i].opt == opt)
            return 1;
    switch (opt) {
    case GINET_BKOPT_LINGER:
    case GINET_BKOPT_MULTICAST_IF:
    case GINET_BKOPT_ADD_MEMBERSHIP:
    case GINET_BKOPT_DROP_MEMBERSHIP:
    case GINET_BKOPT_RAW:
    case GINET_BKOPT_BIND_TO_DEVICE:
    case GINET_BKOPT_EXCLUSIVEADDRUSE:
        return 1;                            /* struct_options() below */
    default:
        return 0;
    }
}

/* Whether /proc/net/igmp lists GROUP (an IPv4 address in network order)
 * as joined on some interface. */
static int igmp_has(uint32_t group)
{
    FILE *f = fopen("/proc/net/igmp", "r");
    if (f == NULL)
        return -1;
    char line[256], want[16];
    snprintf(want, sizeof want, "%08X", group);     /* as the kernel prints it */
    int found = 0;
    while (fgets(line, sizeof line, f) != NULL)
        if (strstr(line, want) != NULL)
            found = 1;
    fclose(f);
    return found;
}

static void struct_options(void)
{
    BEGIN(l);
    const ginet_backend *bk = l.bk;
    tb_sock s;
    ginet_bk_optval v;
    int k;

    if (row_support(bk, GINET_BKOPT_LINGER) == GINET_BK_NATIVE) {
        CU_ASSERT_EQUAL_FATAL(tb_open_simple(&l, &s, GINET_AF_INET, GINET_BK_STREAM), 0);
        memset(&v, 0, sizeof v);
        v.linger.on = 1;
        v.linger.seconds = 5;
        CU_ASSERT_EQUAL(bk->setopt(s.state, GINET_BKOPT_LINGER, &v), 0);
        memset(&v, 0, sizeof v);
        CU_ASSERT_EQUAL(bk->getopt(s.state, GINET_BKOPT_LINGER, &v), 0);
        CU_ASSERT(v.linger.on == 1 && v.linger.seconds == 5);
        struct linger lg;
        socklen_t n = sizeof lg;
        getsockopt((int)bk->native_handle(s.state), SOL_SOCKET, SO_LINGER, &lg, &n);
        CU_ASSERT(lg.l_onoff != 0 && lg.l_linger == 5);
        tb_close(&s);
    }

    if (row_support(bk, GINET_BKOPT_EXCLUSIVEADDRUSE) == GINET_BK_IGNORED) {
        CU_ASSERT_EQUAL_FATAL(tb_open_simple(&l, &s, GINET_AF_INET, GINET_BK_STREAM), 0);
        memset(&v, 0, sizeof v);
        v.i = 1;
        CU_ASSERT_EQUAL(bk->setopt(s.state, GINET_BKOPT_EXCLUSIVEADDRUSE, &v), 0);
        v.i = 7;
        CU_ASSERT_EQUAL(bk->getopt(s.state, GINET_BKOPT_EXCLUSIVEADDRUSE, &v), 0);
        CU_ASSERT_EQUAL(v.i, 0);             /* OTP reads it as false */
        tb_close(&s);
    }

    if (row_support(bk, GINET_BKOPT_MULTICAST_IF) == GINET_BK_NATIVE) {
        CU_ASSERT_EQUAL_FATAL(tb_open_simple(&l, &s, GINET_AF_INET, GINET_BK_DGRAM), 0);
        memset(&v, 0, sizeof v);
        v.addr = tb_ip4(127, 0, 0, 1, 0);
        CU_ASSERT_EQUAL(bk->setopt(s.state, GINET_BKOPT_MULTICAST_IF, &v), 0);
        memset(&v, 0, sizeof v);
        CU_ASSERT_EQUAL(bk->getopt(s.state, GINET_BKOPT_MULTICAST_IF, &v), 0);
        CU_ASSERT(v.addr.family == GINET_AF_INET && v.addr.u.ip.u.v4[0] == 127
                  && v.addr.u.ip.u.v4[3] == 1);
        struct in_addr a;
        socklen_t n = sizeof a;
        getsockopt((int)bk->native_handle(s.state), IPPROTO_IP, IP_MULTICAST_IF, &a, &n);
        CU_ASSERT_EQUAL(a.s_addr, htonl(INADDR_LOOPBACK));
        tb_close(&s);

        CU_ASSERT_EQUAL_FATAL(tb_open_simple(&l, &s, GINET_AF_INET6, GINET_BK_DGRAM), 0);
        memset(&v, 0, sizeof v);
        v.addr = tb_ip6_loopback(0);
        v.addr.scope_id = if_nametoindex("lo");
        CU_ASSERT_EQUAL(bk->setopt(s.state, GINET_BKOPT_MULTICAST_IF, &v), 0);
        memset(&v, 0, sizeof v);
        CU_ASSERT_EQUAL(bk->getopt(s.state, GINET_BKOPT_MULTICAST_IF, &v), 0);
        CU_ASSERT_EQUAL(v.addr.scope_id, if_nametoindex("lo"));
        CU_ASSERT_EQUAL(kernel_int(&s, IPPROTO_IPV6, IPV6_MULTICAST_IF, &k), 0);
        CU_ASSERT_EQUAL((unsigned)k, if_nametoindex("lo"));
        tb_close(&s);
    }

    if (row_support(bk, GINET_BKOPT_ADD_MEMBERSHIP) == GINET_BK_NATIVE
        && row_support(bk, GINET_BKOPT_DROP_MEMBERSHIP) == GINET_BK_NATIVE) {
        CU_ASSERT_EQUAL_FATAL(tb_open_simple(&l, &s, GINET_AF_INET, GINET_BK_DGRAM), 0);
        uint8_t last = (uint8_t)(getpid() & 0xff);
        memset(&v, 0, sizeof v);
        v.membership.group = tb_ip4(239, 255, 77, last, 0).u.ip;
        v.membership.iface = tb_ip4(127, 0, 0, 1, 0).u.ip;
        uint32_t group;
        memcpy(&group, v.membership.group.u.v4, 4);
        int rc = bk->setopt(s.state, GINET_BKOPT_ADD_MEMBERSHIP, &v);
        CU_ASSERT_EQUAL(rc, 0);
        if (rc == 0) {
            CU_ASSERT(igmp_has(group) != 0);  /* the kernel joined (or cannot say) */
            CU_ASSERT_EQUAL(bk->setopt(s.state, GINET_BKOPT_DROP_MEMBERSHIP, &v), 0);
            CU_ASSERT(igmp_has(group) <= 0);
            /* Dropping again: the kernel's own error, passed on. */
            CU_ASSERT_EQUAL(bk->setopt(s.state, GINET_BKOPT_DROP_MEMBERSHIP, &v),
                            GINET_EADDRNOTAVAIL);
        }
        tb_close(&s);
    }

    if (row_support(bk, GINET_BKOPT_RAW) == GINET_BK_NATIVE) {
        /* The spec's own example: {raw, IPPROTO_TCP, TCP_LINGER2, <<7:32/native>>}. */
        CU_ASSERT_EQUAL_FATAL(tb_open_simple(&l, &s, GINET_AF_INET, GINET_BK_STREAM), 0);
        int seven = 7, out = 0;
        memset(&v, 0, sizeof v);
        v.raw.level = IPPROTO_TCP;
        v.raw.name = TCP_LINGER2;
        v.raw.data = &seven;
        v.raw.len = sizeof seven;
        CU_ASSERT_EQUAL(bk->setopt(s.state, GINET_BKOPT_RAW, &v), 0);
        CU_ASSERT_EQUAL(kernel_int(&s, IPPROTO_TCP, TCP_LINGER2, &k), 0);
        CU_ASSERT_EQUAL(k, 7);
        v.raw.data = &out;
        v.raw.len = sizeof out;
        CU_ASSERT_EQUAL(bk->getopt(s.state, GINET_BKOPT_RAW, &v), 0);
        CU_ASSERT_EQUAL(v.raw.len, sizeof out);
        CU_ASSERT_EQUAL(out, 7);
        /* TCP_INFO, read only, larger than an int. */
        unsigned char info[512];
        v.raw.level = IPPROTO_TCP;
        v.raw.name = TCP_INFO;
        v.raw.data = info;
        v.raw.len = sizeof info;
        CU_ASSERT_EQUAL(bk->getopt(s.state, GINET_BKOPT_RAW, &v), 0);
        CU_ASSERT(v.raw.len > sizeof(int) && v.raw.len <= sizeof info);
        tb_close(&s);
    }

    if (row_support(bk, GINET_BKOPT_BIND_TO_DEVICE) == GINET_BK_NATIVE) {
        CU_ASSERT_EQUAL_FATAL(tb_open_simple(&l, &s, GINET_AF_INET, GINET_BK_STREAM), 0);
        memset(&v, 0, sizeof v);
        strcpy(v.ifname, "lo");
        int rc = bk->setopt(s.state, GINET_BKOPT_BIND_TO_DEVICE, &v);
        if (rc == GINET_EPERM) {
            printf("  bind_to_device not checked: needs CAP_NET_RAW\n");
        } else {
            CU_ASSERT_EQUAL(rc, 0);
            memset(&v, 0, sizeof v);
            CU_ASSERT_EQUAL(bk->getopt(s.state, GINET_BKOPT_BIND_TO_DEVICE, &v), 0);
            CU_ASSERT_STRING_EQUAL(v.ifname, "lo");
            char name[IFNAMSIZ] = "";
            socklen_t n = sizeof name;
            getsockopt((int)bk->native_handle(s.state), SOL_SOCKET, SO_BINDTODEVICE, name, &n);
            CU_ASSERT_STRING_EQUAL(name, "lo");
            /* Unbinding needs CAP_NET_RAW even where binding does not
             * (Linux 5.7 and later let anyone bind once). */
            v.ifname[0] = '\0';
            rc = bk->setopt(s.state, GINET_BKOPT_BIND_TO_DEVICE, &v);
            if (rc == GINET_EPERM) {
                printf("  unbinding a device not checked: needs CAP_NET_RAW\n");
            } else {
                CU_ASSERT_EQUAL(rc, 0);
                CU_ASSERT_EQUAL(bk->getopt(s.state, GINET_BKOPT_BIND_TO_DEVICE, &v), 0);
                CU_ASSERT_STRING_EQUAL(v.ifname, "");
            }
        }
        tb_close(&s);
    }
    tb_loop_stop(&l);
}

/* reuseport and reuseport_lb are one option on Linux (the spec's warning):
 * enabling one and disabling the other leaves both off. */
static void reuseport_interaction(void)
{
    BEGIN(l);
    const ginet_backend *bk = l.bk;
    if (row_support(bk, GINET_BKOPT_REUSEPORT) != GINET_BK_NATIVE
        || row_support(bk, GINET_BKOPT_REUSEPORT_LB) != GINET_BK_NATIVE) {
        tb_loop_stop(&l);
        GINET_SKIP("reuseport or reuseport_lb is not native here");
    }
    tb_sock s;
    CU_ASSERT_EQUAL_FATAL(tb_open_simple(&l, &s, GINET_AF_INET, GINET_BK_STREAM), 0);
    ginet_bk_optval v;
    memset(&v, 0, sizeof v);
    v.i = 1;
    CU_ASSERT_EQUAL(bk->setopt(s.state, GINET_BKOPT_REUSEPORT_LB, &v), 0);
    CU_ASSERT_EQUAL(bk->getopt(s.state, GINET_BKOPT_REUSEPORT, &v), 0);
#ifdef __linux__
    CU_ASSERT_EQUAL(v.i, 1);
    v.i = 0;
    CU_ASSERT_EQUAL(bk->setopt(s.state, GINET_BKOPT_REUSEPORT, &v), 0);
    CU_ASSERT_EQUAL(bk->getopt(s.state, GINET_BKOPT_REUSEPORT_LB, &v), 0);
    CU_ASSERT_EQUAL(v.i, 0);
#endif
    tb_close(&s);
    /* And it does what it says: two listeners on one port. */
    tb_sock a, b;
    ginet_sockaddr addr = tb_ip4(127, 0, 0, 1, 0);
    CU_ASSERT_EQUAL_FATAL(tb_open_simple(&l, &a, GINET_AF_INET, GINET_BK_STREAM), 0);
    CU_ASSERT_EQUAL_FATAL(tb_open_simple(&l, &b, GINET_AF_INET, GINET_BK_STREAM), 0);
    v.i = 1;
    CU_ASSERT_EQUAL(bk->setopt(a.state, GINET_BKOPT_REUSEPORT_LB, &v), 0);
    CU_ASSERT_EQUAL(bk->setopt(b.state, GINET_BKOPT_REUSEPORT_LB, &v), 0);
    CU_ASSERT_EQUAL(bk->bind(a.state, &addr), 0);
    CU_ASSERT_EQUAL(bk->sockname(a.state, &addr), 0);
    CU_ASSERT_EQUAL(bk->listen(a.state, 4), 0);
    CU_ASSERT_EQUAL(bk->bind(b.state, &addr), 0);
    CU_ASSERT_EQUAL(bk->listen(b.state, 4), 0);
    tb_close(&a);
    tb_close(&b);
    tb_loop_stop(&l);
}

static void option_errors(void)
{
    BEGIN(l);
    tb_sock s;
    CU_ASSERT_EQUAL_FATAL(tb_open_simple(&l, &s, GINET_AF_INET, GINET_BK_STREAM), 0);
    ginet_bk_optval v;
    memset(&v, 0, sizeof v);
    v.i = 1;
    /* Ids outside the enumeration: refused, never ignored. */
    CU_ASSERT_EQUAL(l.bk->setopt(s.state, (ginet_bk_opt)0, &v), GINET_ENOTSUP);
    CU_ASSERT_EQUAL(l.bk->setopt(s.state, GINET_BKOPT_COUNT_, &v), GINET_ENOTSUP);
    CU_ASSERT_EQUAL(l.bk->getopt(s.state, GINET_BKOPT_COUNT_, &v), GINET_ENOTSUP);
    /* An IPv6 option on an inet socket: the OS's error comes back (the
     * frontend decides what OTP does with it). */
    if (row_support(l.bk, GINET_BKOPT_TCLASS) == GINET_BK_NATIVE) {
        CU_ASSERT_NOT_EQUAL(l.bk->setopt(s.state, GINET_BKOPT_TCLASS, &v), 0);
        CU_ASSERT_NOT_EQUAL(l.bk->getopt(s.state, GINET_BKOPT_TCLASS, &v), 0);
    }
    tb_close(&s);
    /* nodelay on a local socket: the OS refuses it. */
    if (tb_open_simple(&l, &s, GINET_AF_LOCAL, GINET_BK_STREAM) == 0) {
        CU_ASSERT_NOT_EQUAL(l.bk->setopt(s.state, GINET_BKOPT_NODELAY, &v), 0);
        tb_close(&s);
    }
    tb_loop_stop(&l);
}

/* ------------------------------------------------------------ addresses */

static void bound_name(tb_loop *l, ginet_bk_socktype type, ginet_sockaddr want,
                       int check_port)
{
    tb_sock s;
    CU_ASSERT_EQUAL_FATAL(tb_open_simple(l, &s, want.family, type), 0);
    int rc = l->bk->bind(s.state, &want);
    CU_ASSERT_EQUAL(rc, 0);
    ginet_sockaddr got;
    memset(&got, 0x33, sizeof got);
    CU_ASSERT_EQUAL(l->bk->sockname(s.state, &got), 0);
    if (check_port)
        CU_ASSERT(got.port != 0);
    want.port = got.port;
    CU_ASSERT(tb_sockaddr_eq(&got, &want));
    tb_close(&s);
}

static void addresses(void)
{
    BEGIN(l);
    bound_name(&l, GINET_BK_STREAM, tb_ip4(127, 0, 0, 1, 0), 1);
    bound_name(&l, GINET_BK_DGRAM, tb_ip4(127, 0, 0, 1, 0), 1);
    bound_name(&l, GINET_BK_STREAM, tb_ip6_loopback(0), 1);

    /* A link-local IPv6 address keeps its scope id both ways. */
    struct ifaddrs *ifs = NULL, *i;
    int scoped = 0;
    if (getifaddrs(&ifs) == 0) {
        for (i = ifs; i != NULL && !scoped; i = i->ifa_next) {
            if (i->ifa_addr == NULL || i->ifa_addr->sa_family != AF_INET6)
                continue;
            struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)i->ifa_addr;
            if (!IN6_IS_ADDR_LINKLOCAL(&a6->sin6_addr) || a6->sin6_scope_id == 0)
                continue;
            ginet_sockaddr want = tb_ip6_loopback(0);
            for (int w = 0; w < 8; w++)
                want.u.ip.u.v6[w] = (uint16_t)(a6->sin6_addr.s6_addr[2 * w] << 8
                                               | a6->sin6_addr.s6_addr[2 * w + 1]);
            want.scope_id = a6->sin6_scope_id;
            bound_name(&l, GINET_BK_DGRAM, want, 1);
            scoped = 1;
        }
        freeifaddrs(ifs);
    }
    if (!scoped)
        printf("  no link-local IPv6 address here: scope ids not checked\n");

    /* A local path, given back exactly. */
    char path[96];
    int n = snprintf(path, sizeof path, "/tmp/ginet-tb-name-%d.sock", (int)getpid());
    unlink(path);
    bound_name(&l, GINET_BK_STREAM, tb_local(path, (size_t)n), 0);
    unlink(path);

    /* A Linux abstract name: a leading NUL, every byte kept. */
    char abs[64];
    abs[0] = '\0';
    n = 1 + snprintf(abs + 1, sizeof abs - 1, "ginet-tb-abstract-%d", (int)getpid());
    ginet_sockaddr aa = tb_local(abs, (size_t)n);
    bound_name(&l, GINET_BK_STREAM, aa, 0);

    /* Unnamed: a connected client that never bound; and autobind. */
    tb_sock ls, c;
    CU_ASSERT_EQUAL_FATAL(tb_open_simple(&l, &ls, GINET_AF_LOCAL, GINET_BK_STREAM), 0);
    CU_ASSERT_EQUAL(l.bk->bind(ls.state, &aa), 0);
    CU_ASSERT_EQUAL(l.bk->listen(ls.state, 4), 0);
    CU_ASSERT_EQUAL(tb_open_simple(&l, &c, GINET_AF_LOCAL, GINET_BK_STREAM), 0);
    tb_req con;
    tb_req_init(&con, &c, GINET_BK_CONNECT, GINET_BK_F_INLINE);
    con.req.addr = &aa;
    CU_ASSERT(tb_run(&c, &con) && con.req.result == 0);
    ginet_sockaddr got;
    CU_ASSERT_EQUAL(l.bk->sockname(c.state, &got), 0);
    CU_ASSERT(got.family == GINET_AF_LOCAL && got.u.local.len == 0);
    CU_ASSERT_EQUAL(l.bk->peername(c.state, &got), 0);
    CU_ASSERT(tb_sockaddr_eq(&got, &aa));
    tb_close(&c);
    tb_close(&ls);
    CU_ASSERT_EQUAL(tb_open_simple(&l, &c, GINET_AF_LOCAL, GINET_BK_DGRAM), 0);
    ginet_sockaddr empty = tb_local("", 0);
    CU_ASSERT_EQUAL(l.bk->bind(c.state, &empty), 0);
    CU_ASSERT_EQUAL(l.bk->sockname(c.state, &got), 0);
    CU_ASSERT(got.u.local.len > 1 && got.u.local.path[0] == 0);   /* autobound */
    tb_close(&c);
    tb_loop_stop(&l);
}

/* ------------------------------------------------ creation-time options */

static int run_quiet(const char *cmd)
{
    char full[512];
    snprintf(full, sizeof full, "%s >/dev/null 2>&1", cmd);
    return system(full);
}

static void netns(void)
{
    BEGIN(l);
    if (!(l.bk->caps & GINET_BKCAP_NETNS)) {
        tb_loop_stop(&l);
        GINET_SKIP("backend has no netns capability");
    }
    tb_sock s;
    ginet_bk_open how = { .family = GINET_AF_INET, .type = GINET_BK_STREAM,
                          .adopt_fd = -1, .netns = "/nonexistent/ns" };
    CU_ASSERT_EQUAL(tb_open(&l, &s, &how), GINET_ENOENT);
    if (geteuid() != 0) {
        tb_loop_stop(&l);
        GINET_SKIP("creating a network namespace needs root");
    }
    char name[64], cmd[128], path[128];
    snprintf(name, sizeof name, "ginet-tb-%d", (int)getpid());
    snprintf(cmd, sizeof cmd, "ip netns add %s", name);
    if (run_quiet(cmd) != 0) {
        tb_loop_stop(&l);
        GINET_SKIP("'ip netns add' is not permitted here");
    }
    snprintf(path, sizeof path, "/run/netns/%s", name);
    if (access(path, F_OK) != 0)
        snprintf(path, sizeof path, "/var/run/netns/%s", name);
    how.netns = path;
    int rc = tb_open(&l, &s, &how);
    CU_ASSERT_EQUAL(rc, 0);
    if (rc == 0) {
        /* The socket lives in that namespace (SIOCGSKNS gives it). */
        int fd = (int)l.bk->native_handle(s.state);
        int nsfd = ioctl(fd, SIOCGSKNS);
        struct stat a, b, mine;
        if (nsfd >= 0) {
            CU_ASSERT_EQUAL(fstat(nsfd, &a), 0);
            CU_ASSERT_EQUAL(stat(path, &b), 0);
            CU_ASSERT_EQUAL(stat("/proc/self/ns/net", &mine), 0);
            CU_ASSERT_EQUAL(a.st_ino, b.st_ino);
            CU_ASSERT_NOT_EQUAL(a.st_ino, mine.st_ino);
            close(nsfd);
        } else {
            printf("  SIOCGSKNS: %s; namespace not checked\n", strerror(errno));
        }
        tb_close(&s);
        /* The calling thread stayed in its own namespace. */
        struct stat after;
        CU_ASSERT_EQUAL(stat("/proc/thread-self/ns/net", &after), 0);
        CU_ASSERT_EQUAL(after.st_ino, mine.st_ino);
    }
    /* Not a namespace: setns(2) refuses it. */
    how.netns = "/proc/self/status";
    CU_ASSERT_EQUAL(tb_open(&l, &s, &how), GINET_EINVAL);
    snprintf(cmd, sizeof cmd, "ip netns delete %s", name);
    run_quiet(cmd);
    tb_loop_stop(&l);
}

static void bind_to_device(void)
{
    BEGIN(l);
    if (!(l.bk->caps & GINET_BKCAP_BINDTODEVICE)) {
        tb_loop_stop(&l);
        GINET_SKIP("backend has no bind_to_device capability");
    }
    tb_sock s;
    ginet_bk_open how = { .family = GINET_AF_INET, .type = GINET_BK_STREAM,
                          .adopt_fd = -1, .bind_to_device = "lo" };
    int rc = tb_open(&l, &s, &how);
    if (rc == GINET_EPERM) {
        tb_loop_stop(&l);
        GINET_SKIP("SO_BINDTODEVICE needs CAP_NET_RAW");
    }
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    char name[IFNAMSIZ] = "";
    socklen_t n = sizeof name;
    CU_ASSERT_EQUAL(getsockopt((int)l.bk->native_handle(s.state), SOL_SOCKET,
                               SO_BINDTODEVICE, name, &n), 0);
    CU_ASSERT_STRING_EQUAL(name, "lo");
    tb_close(&s);
    how.bind_to_device = "nosuchdev0";
    CU_ASSERT_EQUAL(tb_open(&l, &s, &how), GINET_ENODEV);
    tb_loop_stop(&l);
}

static void adopt_descriptor(void)
{
    BEGIN(l);
    if (!(l.bk->caps & GINET_BKCAP_ADOPT_FD)) {
        tb_loop_stop(&l);
        GINET_SKIP("backend cannot adopt descriptors");
    }
    int fd = socket(AF_INET6, SOCK_STREAM, 0);
    struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
    CU_ASSERT_EQUAL_FATAL(bind(fd, (struct sockaddr *)&sin6, sizeof sin6), 0);
    tb_sock s;
    /* The wrong family: refused, and the descriptor is still ours. */
    ginet_bk_open how = { .family = GINET_AF_INET, .type = GINET_BK_STREAM, .adopt_fd = fd };
    CU_ASSERT_EQUAL(tb_open(&l, &s, &how), GINET_EINVAL);
    CU_ASSERT(fcntl(fd, F_GETFD) >= 0);
    /* Family and type learnt from the descriptor. */
    how.family = GINET_AF_UNSPEC;
    how.type = 0;
    CU_ASSERT_EQUAL_FATAL(tb_open(&l, &s, &how), 0);
    CU_ASSERT_EQUAL(l.bk->native_handle(s.state), fd);
    CU_ASSERT(fcntl(fd, F_GETFL) & O_NONBLOCK);
    ginet_sockaddr got;
    CU_ASSERT_EQUAL(l.bk->sockname(s.state, &got), 0);
    CU_ASSERT_EQUAL(got.family, GINET_AF_INET6);
    CU_ASSERT(got.port != 0);
    /* The adopted socket works: listen and accept through the contract. */
    CU_ASSERT_EQUAL(l.bk->listen(s.state, 4), 0);
    int c = socket(AF_INET6, SOCK_STREAM, 0);
    sin6.sin6_port = htons(got.port);
    CU_ASSERT_EQUAL(connect(c, (struct sockaddr *)&sin6, sizeof sin6), 0);
    tb_req acc;
    tb_req_init(&acc, &s, GINET_BK_ACCEPT, GINET_BK_F_INLINE);
    acc.req.accepted = calloc(1, l.bk->sock_size);
    CU_ASSERT(tb_run(&s, &acc) && acc.req.result == 0);
    tb_sock a;
    tb_adopt_accepted(&l, &a, acc.req.accepted);
    tb_close(&a);
    close(c);
    tb_close(&s);
    CU_ASSERT(fcntl(fd, F_GETFD) < 0 && errno == EBADF);   /* closed with it */
    tb_loop_stop(&l);
}

const ginet_test_case tb_opt_cases[] = {
    { "int_options", int_options },
    { "struct_options", struct_options },
    { "reuseport_interaction", reuseport_interaction },
    { "option_errors", option_errors },
    { "addresses", addresses },
    { "netns", netns },
    { "bind_to_device", bind_to_device },
    { "adopt_descriptor", adopt_descriptor },
    { NULL, NULL }
};
