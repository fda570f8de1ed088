/*
 * tests/socket/tcp_connect.c — suite "tcp[B]": listen, accept and connect
 * (timeouts, refusal, localhost, IPv6, local address, descriptor
 * adoption) and the addresses of sockets.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "tests/socket/tcp_test.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int is_v4(const ginet_sockaddr *a, int b0, int b1, int b2, int b3)
{
    return a->family == GINET_AF_INET && a->u.ip.u.v4[0] == b0 && a->u.ip.u.v4[1] == b1
           && a->u.ip.u.v4[2] == b2 && a->u.ip.u.v4[3] == b3;
}

static int is_v6_loopback(const ginet_sockaddr *a)
{
    static const uint16_t one[8] = { 0, 0, 0, 0, 0, 0, 0, 1 };
    return a->family == GINET_AF_INET6 && memcmp(a->u.ip.u.v6, one, sizeof one) == 0;
}

static int same(const ginet_sockaddr *a, const ginet_sockaddr *b)
{
    if (a->family != b->family || a->port != b->port)
        return 0;
    return a->family == GINET_AF_INET ? memcmp(a->u.ip.u.v4, b->u.ip.u.v4, 4) == 0
                                      : memcmp(a->u.ip.u.v6, b->u.ip.u.v6, 16) == 0;
}

/* Exchange one message both ways over a connected pair. */
static void ping(ginet_socket *a, ginet_socket *b)
{
    TT_EXPECT_RC(ginet_send(a, "ping", 4), 0);
    char buf[4];
    if (TT_EXPECT_RC(tt_recv_raw(b, buf, 4), 0))
        CU_ASSERT(memcmp(buf, "ping", 4) == 0);
    TT_EXPECT_RC(ginet_send(b, "pong", 4), 0);
    if (TT_EXPECT_RC(tt_recv_raw(a, buf, 4), 0))
        CU_ASSERT(memcmp(buf, "pong", 4) == 0);
}

static void test_listen_accept_connect(void)
{
    ginet_socket *ls, *c, *a;
    int port = 0;
    char opts[256];
    if (!TT_EXPECT_RC(tt_listen(NULL, 0, &ls, &port), 0))
        return;
    CU_ASSERT(port > 0);
    CU_ASSERT_STRING_EQUAL(ginet_socket_backend(ls), tt_backend());
    if (!TT_EXPECT_RC(ginet_tcp_connect("127.0.0.1", port, tt_opts(opts, sizeof opts, NULL),
                                        TT_WAIT, NULL, &c), 0)) {
        tt_drop(ls);
        return;
    }
    if (TT_EXPECT_RC(ginet_tcp_accept(ls, TT_WAIT, &a), 0)) {
        CU_ASSERT_STRING_EQUAL(ginet_socket_backend(c), tt_backend());
        CU_ASSERT_STRING_EQUAL(ginet_socket_backend(a), tt_backend());
        ginet_sockaddr cs, cp, as, ap, ls_name;
        TT_EXPECT_RC(ginet_sockname(c, &cs), 0);
        TT_EXPECT_RC(ginet_peername(c, &cp), 0);
        TT_EXPECT_RC(ginet_sockname(a, &as), 0);
        TT_EXPECT_RC(ginet_peername(a, &ap), 0);
        TT_EXPECT_RC(ginet_sockname(ls, &ls_name), 0);
        CU_ASSERT(same(&cs, &ap));
        CU_ASSERT(same(&cp, &as));
        CU_ASSERT(is_v4(&cp, 127, 0, 0, 1) && cp.port == port);
        CU_ASSERT(is_v4(&ls_name, 127, 0, 0, 1) && ls_name.port == port);
        int p = 0;
        TT_EXPECT_RC(ginet_port(c, &p), 0);
        CU_ASSERT_EQUAL(p, cs.port);
        TT_EXPECT_RC(ginet_port(a, &p), 0);
        CU_ASSERT_EQUAL(p, port);
        /* socknames/peernames: one address per end for TCP. */
        ginet_sockaddr list[2];
        CU_ASSERT_EQUAL(ginet_socknames(c, list, 2), 1);
        CU_ASSERT(same(&list[0], &cs));
        CU_ASSERT_EQUAL(ginet_peernames(c, list, 2), 1);
        CU_ASSERT(same(&list[0], &cp));
        CU_ASSERT_EQUAL(ginet_peernames(c, NULL, 0), 1);
        /* OTP: inet:peername(ListenSocket) -> {error,enotconn}. */
        TT_EXPECT_RC(ginet_peername(ls, &ap), GINET_ENOTCONN);
        char text[64];
        snprintf(opts, sizeof opts, "127.0.0.1:%d", port);
        CU_ASSERT(ginet_sockaddr_format(&cp, text, sizeof text) == (long)strlen(opts));
        CU_ASSERT_STRING_EQUAL(text, opts);
        ping(c, a);
        tt_drop(a);
    }
    tt_drop(c);
    tt_drop(ls);
}

static void test_connect_localhost(void)
{
    ginet_socket *ls, *c, *a;
    int port;
    char opts[256];
    if (!TT_EXPECT_RC(tt_listen(NULL, 0, &ls, &port), 0))
        return;
    if (TT_EXPECT_RC(ginet_tcp_connect("localhost", port, tt_opts(opts, sizeof opts, NULL),
                                       TT_WAIT, NULL, &c), 0)) {
        ginet_sockaddr p;
        TT_EXPECT_RC(ginet_peername(c, &p), 0);
        CU_ASSERT(is_v4(&p, 127, 0, 0, 1) && p.port == port);
        if (TT_EXPECT_RC(ginet_tcp_accept(ls, TT_WAIT, &a), 0)) {
            ping(c, a);
            tt_drop(a);
        }
        tt_drop(c);
    }
    tt_drop(ls);
}

static void test_ipv6(void)
{
    ginet_socket *ls, *c, *a;
    int port;
    char opts[256];
    int rc = tt_listen(NULL, 1, &ls, &port);
    if (rc == GINET_EADDRNOTAVAIL || rc == GINET_EAFNOSUPPORT)
        GINET_SKIP("no IPv6 loopback here (%s)", ginet_error_atom(rc));
    if (!TT_EXPECT_RC(rc, 0))
        return;
    ginet_sockaddr ln;
    TT_EXPECT_RC(ginet_sockname(ls, &ln), 0);
    CU_ASSERT(is_v6_loopback(&ln) && ln.port == port);
    if (TT_EXPECT_RC(ginet_tcp_connect("::1", port, tt_opts(opts, sizeof opts, "inet6"), TT_WAIT,
                                       NULL, &c), 0)) {
        if (TT_EXPECT_RC(ginet_tcp_accept(ls, TT_WAIT, &a), 0)) {
            ginet_sockaddr cs, cp, as, ap;
            TT_EXPECT_RC(ginet_sockname(c, &cs), 0);
            TT_EXPECT_RC(ginet_peername(c, &cp), 0);
            TT_EXPECT_RC(ginet_sockname(a, &as), 0);
            TT_EXPECT_RC(ginet_peername(a, &ap), 0);
            CU_ASSERT(is_v6_loopback(&cs) && is_v6_loopback(&cp));
            CU_ASSERT(same(&cs, &ap) && same(&cp, &as));
            CU_ASSERT_EQUAL(cp.port, port);
            int p = 0;
            TT_EXPECT_RC(ginet_port(c, &p), 0);
            CU_ASSERT_EQUAL(p, cs.port);
            char text[64], want[64];
            snprintf(want, sizeof want, "::1:%d", port);
            ginet_sockaddr_format(&cp, text, sizeof text);
            CU_ASSERT_STRING_EQUAL(text, want);
            ping(c, a);
            tt_drop(a);
        }
        tt_drop(c);
    }
    /* The address family must agree with the options: inet6 options and
     * an IPv4 address is einval. */
    c = NULL;
    CU_ASSERT(ginet_tcp_connect("127.0.0.1", port, tt_opts(opts, sizeof opts, "inet6"), TT_WAIT,
                                NULL, &c) != 0);
    tt_drop(c);
    tt_drop(ls);
}

static void test_accept_timeout(void)
{
    ginet_socket *ls, *a = NULL;
    int port;
    if (!TT_EXPECT_RC(tt_listen(NULL, 0, &ls, &port), 0))
        return;
    long long t0 = tt_now_ms();
    /* OTP: gen_tcp:accept(L, 100) -> {error,timeout}. */
    TT_EXPECT_RC(ginet_tcp_accept(ls, 200, &a), GINET_ETIMEOUT);
    long long dt = tt_now_ms() - t0;
    CU_ASSERT(dt >= 190 && dt < 2000);
    CU_ASSERT_PTR_NULL(a);
    /* OTP: gen_tcp:accept(L, 0) -> {error,timeout}, at once. */
    t0 = tt_now_ms();
    TT_EXPECT_RC(ginet_tcp_accept(ls, 0, &a), GINET_ETIMEOUT);
    CU_ASSERT(tt_now_ms() - t0 < 1000);
    /* A connection that arrives later is still accepted. */
    ginet_socket *c;
    char opts[256];
    if (TT_EXPECT_RC(ginet_tcp_connect("127.0.0.1", port, tt_opts(opts, sizeof opts, NULL),
                                       TT_WAIT, NULL, &c), 0)) {
        if (TT_EXPECT_RC(ginet_tcp_accept(ls, TT_WAIT, &a), 0)) {
            ping(c, a);
            tt_drop(a);
        }
        tt_drop(c);
    }
    tt_drop(ls);
}

static void test_accept_closed_listener(void)
{
    ginet_socket *ls, *a = NULL;
    int port;
    if (!TT_EXPECT_RC(tt_listen(NULL, 0, &ls, &port), 0))
        return;
    TT_EXPECT_RC(ginet_close(ls), 0);
    /* OTP: accept on a closed listener -> {error,closed}. */
    TT_EXPECT_RC(ginet_tcp_accept(ls, 100, &a), GINET_ECLOSED);
    CU_ASSERT_PTR_NULL(a);
    ginet_socket_release(ls);
}

struct accept_arg {
    ginet_socket *ls;
    int rc;
    long long ms;
};

static void *accept_main(void *p)
{
    struct accept_arg *x = p;
    ginet_socket *a = NULL;
    long long t0 = tt_now_ms();
    x->rc = ginet_tcp_accept(x->ls, TT_WAIT, &a);
    x->ms = tt_now_ms() - t0;
    tt_drop(a);
    return NULL;
}

static void test_accept_released_by_close(void)
{
    ginet_socket *ls;
    int port;
    if (!TT_EXPECT_RC(tt_listen(NULL, 0, &ls, &port), 0))
        return;
    struct accept_arg x = { ls, 1, 0 };
    tt_thread t;
    if (tt_thread_start(&t, accept_main, &x) != 0) {
        tt_drop(ls);
        return;
    }
    tt_sleep_ms(100);
    TT_EXPECT_RC(ginet_close(ls), 0);
    if (tt_thread_join(&t, TT_WAIT) == 0) {
        /* OTP: a blocked accept whose listener is closed -> {error,closed}. */
        TT_EXPECT_RC(x.rc, GINET_ECLOSED);
        CU_ASSERT(x.ms < 2000);
    }
    ginet_socket_release(ls);
}

/* A free port: bound once by the OS, then released. */
static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof sin;
    int port = -1;
    if (fd >= 0 && bind(fd, (struct sockaddr *)&sin, sizeof sin) == 0
        && getsockname(fd, (struct sockaddr *)&sin, &len) == 0)
        port = ntohs(sin.sin_port);
    if (fd >= 0)
        close(fd);
    return port;
}

static void test_connect_refused(void)
{
    int port = free_port();
    if (port <= 0)
        GINET_SKIP("could not find a free port");
    ginet_socket *c = NULL;
    char opts[256];
    long long t0 = tt_now_ms();
    /* OTP: connect to a port nobody listens on -> {error,econnrefused}. */
    TT_EXPECT_RC(ginet_tcp_connect("127.0.0.1", port, tt_opts(opts, sizeof opts, NULL), TT_WAIT,
                                   NULL, &c), GINET_ECONNREFUSED);
    CU_ASSERT_PTR_NULL(c);
    CU_ASSERT(tt_now_ms() - t0 < 2000);
    /* Port 0 is no destination. */
    TT_EXPECT_RC(ginet_tcp_connect("127.0.0.1", 0, tt_opts(opts, sizeof opts, NULL), TT_WAIT,
                                   NULL, &c), GINET_EINVAL);
    /* Host names need the resolver (a later issue): nxdomain-class now. */
    CU_ASSERT(ginet_tcp_connect("no-such-host.invalid", port, tt_opts(opts, sizeof opts, NULL),
                                100, NULL, &c) != 0);
    tt_drop(c);
}

/*
 * A connect that cannot finish: a POSIX listener with backlog 0 whose
 * accept queue is full makes Linux drop further SYNs, so a connect waits
 * in SYN-SENT until our timeout.  OTP: gen_tcp:connect(..., 300) ->
 * {error,timeout}.
 */
static void test_connect_timeout(void)
{
    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof sin;
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&sin, sizeof sin) != 0 || listen(lfd, 0) != 0
        || getsockname(lfd, (struct sockaddr *)&sin, &len) != 0) {
        if (lfd >= 0)
            close(lfd);
        GINET_SKIP("no POSIX listener");
    }
    /* Full: a connection is queued and the next one does not complete. */
    int fill[8], nfill = 0, full = 0, queued = 0;
    while (nfill < 8 && !full) {
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0)
            break;
        fill[nfill++] = fd;
        if (connect(fd, (struct sockaddr *)&sin, sizeof sin) != 0 && errno != EINPROGRESS)
            break;
        struct pollfd p = { fd, POLLOUT, 0 };
        if (poll(&p, 1, 300) == 1)
            queued++;
        else
            full = queued > 0;               /* not connected: SYNs are dropped */
    }
    if (!full) {
        for (int i = 0; i < nfill; i++)
            close(fill[i]);
        close(lfd);
        GINET_SKIP("the kernel did not drop SYNs to a full accept queue");
    }
    ginet_socket *c = NULL;
    char opts[256];
    long long t0 = tt_now_ms();
    int crc = ginet_tcp_connect("127.0.0.1", ntohs(sin.sin_port),
                                tt_opts(opts, sizeof opts, NULL), 300, NULL, &c);
    if (crc == 0) {
        /* The kernel made room in the accept queue after all (a busy
         * machine retries the filler SYNs late): nothing to time out. */
        tt_drop(c);
        for (int i = 0; i < nfill; i++)
            close(fill[i]);
        close(lfd);
        GINET_SKIP("the accept queue had room again when connecting");
    }
    TT_EXPECT_RC(crc, GINET_ETIMEOUT);
    long long dt = tt_now_ms() - t0;
    CU_ASSERT(dt >= 290 && dt < 2500);
    CU_ASSERT_PTR_NULL(c);
    tt_drop(c);
    for (int i = 0; i < nfill; i++)
        close(fill[i]);
    close(lfd);
}

/* {ip,_} on connect binds the local end first: 127.0.0.2 is loopback too. */
static void test_connect_local_address(void)
{
    ginet_socket *ls, *c, *a;
    int port;
    char opts[256];
    if (!TT_EXPECT_RC(tt_listen(NULL, 0, &ls, &port), 0))
        return;
    int rc = ginet_tcp_connect("127.0.0.1", port,
                               tt_opts(opts, sizeof opts, "{ip,{127,0,0,2}}"), TT_WAIT, NULL, &c);
    if (rc == GINET_EADDRNOTAVAIL) {
        tt_drop(ls);
        GINET_SKIP("127.0.0.2 is not usable here");
    }
    if (TT_EXPECT_RC(rc, 0)) {
        ginet_sockaddr cs;
        TT_EXPECT_RC(ginet_sockname(c, &cs), 0);
        CU_ASSERT(is_v4(&cs, 127, 0, 0, 2));
        if (TT_EXPECT_RC(ginet_tcp_accept(ls, TT_WAIT, &a), 0)) {
            ginet_sockaddr ap;
            TT_EXPECT_RC(ginet_peername(a, &ap), 0);
            CU_ASSERT(is_v4(&ap, 127, 0, 0, 2));
            tt_drop(a);
        }
        tt_drop(c);
    }
    tt_drop(ls);
}

static void test_eaddrinuse(void)
{
    ginet_socket *ls, *ls2 = NULL;
    int port;
    char opts[256];
    if (!TT_EXPECT_RC(tt_listen(NULL, 0, &ls, &port), 0))
        return;
    /* OTP: listen on a port in use -> {error,eaddrinuse}. */
    TT_EXPECT_RC(ginet_tcp_listen(port, tt_opts(opts, sizeof opts, "{ip,{127,0,0,1}}"), NULL,
                                  &ls2), GINET_EADDRINUSE);
    tt_drop(ls2);
    tt_drop(ls);
    /* Closed: the port can be listened on again at once. */
    ls = NULL;
    TT_EXPECT_RC(ginet_tcp_listen(port, tt_opts(opts, sizeof opts, "{ip,{127,0,0,1}},{reuseaddr,true}"),
                                  NULL, &ls), 0);
    tt_drop(ls);
}

/* The accepted socket starts with its listener's options (OTP copies them
 * in the driver; Linux passes nodelay and keepalive to accepted sockets). */
static void test_accept_inherits(void)
{
    ginet_socket *c, *a;
    if (tt_pair("{packet,2}", "{packet,2},{send_timeout,300},{nodelay,true},{keepalive,true},"
                "{show_econnreset,true}", &c, &a) != 0)
        return;
    char *text = NULL;
    if (TT_EXPECT_RC(ginet_getopts_text(a, "[packet,send_timeout,nodelay,keepalive,show_econnreset,active]",
                                        &text), 0))
        CU_ASSERT_STRING_EQUAL(text, "[{packet,2},{send_timeout,300},{nodelay,true},"
                                     "{keepalive,true},{show_econnreset,true},{active,false}]");
    free(text);
    int fd = tt_native_fd(a);
    CU_ASSERT(fd >= 0);
    if (fd >= 0) {
        CU_ASSERT_EQUAL(tt_getsockopt_int(fd, IPPROTO_TCP, 1 /* TCP_NODELAY */), 1);
        CU_ASSERT_EQUAL(tt_getsockopt_int(fd, SOL_SOCKET, SO_KEEPALIVE), 1);
    }
    /* And frames with it. */
    TT_EXPECT_RC(ginet_send(c, "hello", 5), 0);
    ginet_msg *m = NULL;
    if (TT_EXPECT_RC(ginet_recv(a, 0, TT_WAIT, &m), 0))
        TT_EXPECT_DATA(m, "hello", 5);
    ginet_msg_free(m);
    tt_drop(c);
    tt_drop(a);
}

/* {fd, F}: adopt a connected descriptor without binding or connecting it
 * again; closing the ginet socket closes the descriptor. */
static void test_fd_adopt_connected(void)
{
    ginet_socket *ls, *a, *s = NULL;
    int port;
    if (!TT_EXPECT_RC(tt_listen(NULL, 0, &ls, &port), 0))
        return;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sin.sin_port = htons((uint16_t)port);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sin, sizeof sin) != 0) {
        CU_FAIL("POSIX connect");
        if (fd >= 0)
            close(fd);
        tt_drop(ls);
        return;
    }
    struct sockaddr_in me;
    socklen_t len = sizeof me;
    getsockname(fd, (struct sockaddr *)&me, &len);
    char extra[64], opts[256];
    snprintf(extra, sizeof extra, "{fd,%d},{packet,4}", fd);
    if (TT_EXPECT_RC(ginet_tcp_connect("127.0.0.1", port, tt_opts(opts, sizeof opts, extra),
                                       TT_WAIT, NULL, &s), 0)) {
        ginet_sockaddr sn;
        TT_EXPECT_RC(ginet_sockname(s, &sn), 0);
        CU_ASSERT_EQUAL(sn.port, ntohs(me.sin_port));
        CU_ASSERT_EQUAL(tt_native_fd(s), fd);
        if (TT_EXPECT_RC(ginet_tcp_accept(ls, TT_WAIT, &a), 0)) {
            TT_EXPECT_RC(ginet_setopts(a, "[{packet,4}]"), 0);
            ping(s, a);
            TT_EXPECT_RC(ginet_close(s), 0);
            ginet_msg *m = NULL;
            /* The peer sees the close: the descriptor was the socket's. */
            TT_EXPECT_RC(ginet_recv(a, 0, TT_WAIT, &m), GINET_ECLOSED);
            ginet_msg_free(m);
            tt_drop(a);
        }
        tt_drop(s);
    } else {
        close(fd);
    }
    tt_drop(ls);
}

/* {fd, F} on listen: a bound descriptor becomes a listener. */
static void test_fd_adopt_listener(void)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof sin;
    if (fd < 0 || bind(fd, (struct sockaddr *)&sin, sizeof sin) != 0
        || getsockname(fd, (struct sockaddr *)&sin, &len) != 0) {
        CU_FAIL("POSIX bind");
        if (fd >= 0)
            close(fd);
        return;
    }
    char extra[64], opts[256];
    snprintf(extra, sizeof extra, "{fd,%d}", fd);
    ginet_socket *ls = NULL, *c, *a;
    if (!TT_EXPECT_RC(ginet_tcp_listen(0, tt_opts(opts, sizeof opts, extra), NULL, &ls), 0)) {
        close(fd);
        return;
    }
    int port = 0;
    TT_EXPECT_RC(ginet_port(ls, &port), 0);
    CU_ASSERT_EQUAL(port, ntohs(sin.sin_port));
    if (TT_EXPECT_RC(ginet_tcp_connect("127.0.0.1", port, tt_opts(opts, sizeof opts, NULL),
                                       TT_WAIT, NULL, &c), 0)) {
        if (TT_EXPECT_RC(ginet_tcp_accept(ls, TT_WAIT, &a), 0)) {
            ping(c, a);
            tt_drop(a);
        }
        tt_drop(c);
    }
    tt_drop(ls);
}

/* Calls that need a connected socket, on a listener (OTP: enotconn), and
 * accept on a connected socket (OTP: einval). */
static void test_wrong_kind(void)
{
    ginet_socket *c, *a, *ls, *x = NULL;
    int port;
    if (!TT_EXPECT_RC(tt_listen(NULL, 0, &ls, &port), 0))
        return;
    ginet_msg *m = NULL;
    TT_EXPECT_RC(ginet_recv(ls, 0, 10, &m), GINET_ENOTCONN);    /* OTP: enotconn */
    TT_EXPECT_RC(ginet_send(ls, "x", 1), GINET_ENOTCONN);       /* OTP: enotconn */
    TT_EXPECT_RC(ginet_shutdown(ls, GINET_SHUT_WRITE), GINET_ENOTCONN); /* OTP: enotconn */
    tt_drop(ls);
    if (tt_pair(NULL, NULL, &c, &a) != 0)
        return;
    TT_EXPECT_RC(ginet_tcp_accept(c, 10, &x), GINET_EINVAL);    /* OTP: einval */
    tt_drop(x);
    tt_drop(c);
    tt_drop(a);
}

const ginet_test_case tt_connect_cases[] = {
    { "listen_accept_connect", test_listen_accept_connect },
    { "connect_localhost", test_connect_localhost },
    { "ipv6", test_ipv6 },
    { "accept_timeout", test_accept_timeout },
    { "accept_closed_listener", test_accept_closed_listener },
    { "accept_released_by_close", test_accept_released_by_close },
    { "connect_refused", test_connect_refused },
    { "connect_timeout", test_connect_timeout },
    { "connect_local_address", test_connect_local_address },
    { "eaddrinuse", test_eaddrinuse },
    { "accept_inherits", test_accept_inherits },
    { "fd_adopt_connected", test_fd_adopt_connected },
    { "fd_adopt_listener", test_fd_adopt_listener },
    { "wrong_kind", test_wrong_kind },
    { NULL, NULL }
};
