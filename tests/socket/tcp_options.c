/*
 * tests/socket/tcp_options.c — suite "tcp_options[B]": every TCP option's
 * setopts/getopts round trip, the kernel's view of it (getsockopt on the
 * socket's descriptor), the effects that can be seen from outside
 * (reuseaddr, reuseport, ipv6_v6only, bind_to_device), {raw,...}, the
 * typed API, and OTP's rules for bad or misplaced options.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "tests/socket/tcp_test.h"

#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* One option: what setopts gets, what getopts must answer, and what the
 * kernel must hold (LEVEL 0: the frontend's option, no kernel view). */
typedef struct optcase {
    const char *set;
    const char *names;
    const char *want;
    int level, name, kernel;
} optcase;

static const optcase conn_cases[] = {
    /* Backend options: the kernel's value is what getopts reads. */
    { "{nodelay,true}", "[nodelay]", "[{nodelay,true}]", IPPROTO_TCP, TCP_NODELAY, 1 },
    { "{nodelay,false}", "[nodelay]", "[{nodelay,false}]", IPPROTO_TCP, TCP_NODELAY, 0 },
    { "{keepalive,true}", "[keepalive]", "[{keepalive,true}]", SOL_SOCKET, SO_KEEPALIVE, 1 },
    { "{keepcnt,7}", "[keepcnt]", "[{keepcnt,7}]", IPPROTO_TCP, TCP_KEEPCNT, 7 },
    { "{keepidle,33}", "[keepidle]", "[{keepidle,33}]", IPPROTO_TCP, TCP_KEEPIDLE, 33 },
    { "{keepintvl,11}", "[keepintvl]", "[{keepintvl,11}]", IPPROTO_TCP, TCP_KEEPINTVL, 11 },
    { "{tos,16}", "[tos]", "[{tos,16}]", IPPROTO_IP, IP_TOS, 16 },
    { "{priority,3}", "[priority]", "[{priority,3}]", SOL_SOCKET, SO_PRIORITY, 3 },
    { "{dontroute,true}", "[dontroute]", "[{dontroute,true}]", SOL_SOCKET, SO_DONTROUTE, 1 },
    { "{user_timeout,5000}", "[user_timeout]", "[{user_timeout,5000}]", IPPROTO_TCP,
      TCP_USER_TIMEOUT, 5000 },
    { "{nopush,true}", "[nopush]", "[{nopush,true}]", IPPROTO_TCP, TCP_CORK, 1 },
    { "{nopush,false}", "[nopush]", "[{nopush,false}]", IPPROTO_TCP, TCP_CORK, 0 },
    { "{reuseaddr,true}", "[reuseaddr]", "[{reuseaddr,true}]", SOL_SOCKET, SO_REUSEADDR, 1 },
    { "{reuseport,true}", "[reuseport]", "[{reuseport,true}]", SOL_SOCKET, SO_REUSEPORT, 1 },
    /* Linux: reuseport_lb is SO_REUSEPORT too, so reuseport reads it.
     * (In one setopts list the first occurrence wins, and these two are
     * one OS option: [{reuseport,false},{reuseport_lb,true}] leaves it off.) */
    { "{reuseport,false}", "[reuseport,reuseport_lb]",
      "[{reuseport,false},{reuseport_lb,false}]", SOL_SOCKET, SO_REUSEPORT, 0 },
    { "{reuseport_lb,true}", "[reuseport_lb,reuseport]",
      "[{reuseport_lb,true},{reuseport,true}]", SOL_SOCKET, SO_REUSEPORT, 1 },
    { "{reuseport,false},{reuseport_lb,true}", "[reuseport_lb,reuseport]",
      "[{reuseport_lb,false},{reuseport,false}]", SOL_SOCKET, SO_REUSEPORT, 0 },
    /* Windows only: accepted and ignored, read as false (spec). */
    { "{exclusiveaddruse,true}", "[exclusiveaddruse]", "[{exclusiveaddruse,false}]", 0, 0, 0 },
    /* OTP 25 on Linux: {recbuf,16384} -> getopts {recbuf,32768},{buffer,16384}. */
    { "{recbuf,16384}", "[recbuf,buffer]", "[{recbuf,32768},{buffer,16384}]", SOL_SOCKET,
      SO_RCVBUF, 32768 },
    { "{sndbuf,16384}", "[sndbuf]", "[{sndbuf,32768}]", SOL_SOCKET, SO_SNDBUF, 32768 },
    /* The frontend's options. */
    { "{packet,2}", "[packet]", "[{packet,2}]", 0, 0, 0 },
    { "{packet,raw}", "[packet]", "[{packet,0}]", 0, 0, 0 },
    { "{packet,httph_bin}", "[packet]", "[{packet,httph_bin}]", 0, 0, 0 },
    { "{packet_size,100}", "[packet_size]", "[{packet_size,100}]", 0, 0, 0 },
    { "binary", "[mode]", "[{mode,binary}]", 0, 0, 0 },
    { "{mode,list}", "[mode]", "[{mode,list}]", 0, 0, 0 },
    { "{header,3}", "[header]", "[{header,3}]", 0, 0, 0 },
    { "{deliver,port}", "[deliver]", "[{deliver,port}]", 0, 0, 0 },
    { "{buffer,3000}", "[buffer]", "[{buffer,3000}]", 0, 0, 0 },
    { "{read_ahead,false}", "[read_ahead]", "[{read_ahead,false}]", 0, 0, 0 },
    { "{high_watermark,10000},{low_watermark,2000}", "[high_watermark,low_watermark]",
      "[{high_watermark,10000},{low_watermark,2000}]", 0, 0, 0 },
    { "{high_msgq_watermark,100},{low_msgq_watermark,50}",
      "[high_msgq_watermark,low_msgq_watermark]",
      "[{high_msgq_watermark,100},{low_msgq_watermark,50}]", 0, 0, 0 },
    { "{send_timeout,1000}", "[send_timeout]", "[{send_timeout,1000}]", 0, 0, 0 },
    { "{send_timeout,infinity}", "[send_timeout]", "[{send_timeout,infinity}]", 0, 0, 0 },
    { "{send_timeout_close,true}", "[send_timeout_close]", "[{send_timeout_close,true}]", 0, 0,
      0 },
    { "{delay_send,true}", "[delay_send]", "[{delay_send,true}]", 0, 0, 0 },
    { "{exit_on_close,false}", "[exit_on_close]", "[{exit_on_close,false}]", 0, 0, 0 },
    { "{show_econnreset,true}", "[show_econnreset]", "[{show_econnreset,true}]", 0, 0, 0 },
    { "{active,false}", "[active]", "[{active,false}]", 0, 0, 0 },
};

static void run_cases(ginet_socket *s, const optcase *cases, size_t n)
{
    int fd = tt_native_fd(s);
    CU_ASSERT(fd >= 0);
    for (size_t i = 0; i < n; i++) {
        const optcase *c = &cases[i];
        char set[256];
        snprintf(set, sizeof set, "[%s]", c->set);
        int rc = ginet_setopts(s, set);
        if (rc != 0)
            printf("setopts %s: %s (%s)\n", set, ginet_error_atom(rc), ginet_last_error());
        CU_ASSERT_EQUAL(rc, 0);
        char *text = NULL;
        rc = ginet_getopts_text(s, c->names, &text);
        if (rc != 0 || strcmp(text, c->want) != 0)
            printf("getopts %s after %s: %s, expected %s\n", c->names, set,
                   rc == 0 ? text : ginet_error_atom(rc), c->want);
        CU_ASSERT(rc == 0 && strcmp(text, c->want) == 0);
        free(text);
        if (c->level != 0 && fd >= 0) {
            int k = tt_getsockopt_int(fd, c->level, c->name);
            if (c->level == SOL_SOCKET && (c->name == SO_KEEPALIVE || c->name == SO_DONTROUTE
                                           || c->name == SO_REUSEADDR || c->name == SO_REUSEPORT))
                k = k != 0;
            if (k != c->kernel)
                printf("%s: the kernel holds %d, expected %d\n", set, k, c->kernel);
            CU_ASSERT_EQUAL(k, c->kernel);
        }
    }
}

static void test_connected_round_trips(void)
{
    ginet_socket *c, *a;
    if (tt_pair(NULL, NULL, &c, &a) != 0)
        return;
    run_cases(c, conn_cases, sizeof conn_cases / sizeof conn_cases[0]);
    /* The same options given when the socket is made. */
    tt_drop(c);
    tt_drop(a);
    if (tt_pair("{nodelay,true},{keepalive,true},{tos,8},{priority,2},{packet,4},{recbuf,20000}",
                NULL, &c, &a) != 0)
        return;
    char *text = NULL;
    if (TT_EXPECT_RC(ginet_getopts_text(c, "[nodelay,keepalive,tos,priority,packet,recbuf]", &text),
                     0))
        CU_ASSERT_STRING_EQUAL(text, "[{nodelay,true},{keepalive,true},{tos,8},{priority,2},"
                                     "{packet,4},{recbuf,40000}]");
    free(text);
    int fd = tt_native_fd(c);
    if (fd >= 0) {
        CU_ASSERT_EQUAL(tt_getsockopt_int(fd, IPPROTO_TCP, TCP_NODELAY), 1);
        CU_ASSERT_EQUAL(tt_getsockopt_int(fd, IPPROTO_IP, IP_TOS), 8);
        CU_ASSERT_EQUAL(tt_getsockopt_int(fd, SOL_SOCKET, SO_RCVBUF), 40000);
    }
    tt_drop(c);
    tt_drop(a);
}

/* linger: {true,5} in the kernel as struct linger. */
static void test_linger(void)
{
    ginet_socket *c, *a;
    if (tt_pair("{linger,{true,5}}", NULL, &c, &a) != 0)
        return;
    char *text = NULL;
    if (TT_EXPECT_RC(ginet_getopts_text(c, "[linger]", &text), 0))
        CU_ASSERT_STRING_EQUAL(text, "[{linger,{true,5}}]");
    free(text);
    int fd = tt_native_fd(c);
    struct linger l = { 0, 0 };
    socklen_t len = sizeof l;
    CU_ASSERT(fd >= 0 && getsockopt(fd, SOL_SOCKET, SO_LINGER, &l, &len) == 0);
    CU_ASSERT(l.l_onoff != 0 && l.l_linger == 5);
    /* OTP 25: {linger,{true,5}} then {linger,{false,0}} -> getopts
     * {linger,{false,5}}: Linux keeps the time when lingering is off. */
    TT_EXPECT_RC(ginet_setopts(c, "[{linger,{false,0}}]"), 0);
    len = sizeof l;
    CU_ASSERT(fd >= 0 && getsockopt(fd, SOL_SOCKET, SO_LINGER, &l, &len) == 0 && l.l_onoff == 0);
    text = NULL;
    if (TT_EXPECT_RC(ginet_getopts_text(c, "[linger]", &text), 0))
        CU_ASSERT_STRING_EQUAL(text, "[{linger,{false,5}}]");
    free(text);
    tt_drop(c);
    tt_drop(a);
}

/* The typed API: ginet_getopts() gives typed values. */
static void test_typed_api(void)
{
    ginet_socket *c, *a;
    if (tt_pair("{packet,4},{nodelay,true},{linger,{true,3}},{send_timeout,250}", NULL, &c,
                &a) != 0)
        return;
    ginet_option ids[] = { GINET_OPT_PACKET, GINET_OPT_NODELAY, GINET_OPT_LINGER,
                           GINET_OPT_SEND_TIMEOUT, GINET_OPT_ACTIVE };
    ginet_optlist *out = ginet_optlist_new();
    if (TT_EXPECT_RC(ginet_getopts(c, ids, 5, out), 0) && ginet_optlist_count(out) == 5) {
        CU_ASSERT_EQUAL(ginet_optlist_get(out, 0)->val.i, GINET_PACKET_4);
        CU_ASSERT_EQUAL(ginet_optlist_get(out, 1)->val.i, 1);
        CU_ASSERT(ginet_optlist_get(out, 2)->val.linger.on == 1
                  && ginet_optlist_get(out, 2)->val.linger.seconds == 3);
        CU_ASSERT_EQUAL(ginet_optlist_get(out, 3)->val.i, 250);
        CU_ASSERT_EQUAL(ginet_optlist_get(out, 4)->val.active.kind, GINET_ACTIVE_FALSE);
    } else {
        CU_FAIL("typed getopts");
    }
    /* Set typed: {packet,line},{keepalive,true}. */
    ginet_optlist *in = ginet_optlist_new();
    ginet_optlist_add_int(in, GINET_OPT_PACKET, GINET_PACKET_LINE);
    ginet_optlist_add_int(in, GINET_OPT_KEEPALIVE, 1);
    TT_EXPECT_RC(ginet_setopts_list(c, in), 0);
    char *text = NULL;
    if (TT_EXPECT_RC(ginet_getopts_text(c, "[packet,keepalive]", &text), 0))
        CU_ASSERT_STRING_EQUAL(text, "[{packet,line},{keepalive,true}]");
    free(text);
    ginet_optlist_free(in);
    ginet_optlist_free(out);
    tt_drop(c);
    tt_drop(a);
}

/* IPv6: tclass, tos and ipv6_v6only. */
static void test_ipv6_options(void)
{
    ginet_socket *ls;
    int port;
    int rc = tt_listen("{ipv6_v6only,true}", 1, &ls, &port);
    if (rc == GINET_EADDRNOTAVAIL || rc == GINET_EAFNOSUPPORT)
        GINET_SKIP("no IPv6 loopback here");
    if (!TT_EXPECT_RC(rc, 0))
        return;
    int fd = tt_native_fd(ls);
    CU_ASSERT(fd >= 0 && tt_getsockopt_int(fd, IPPROTO_IPV6, IPV6_V6ONLY) == 1);
    char *text = NULL;
    if (TT_EXPECT_RC(ginet_getopts_text(ls, "[ipv6_v6only]", &text), 0))
        CU_ASSERT_STRING_EQUAL(text, "[{ipv6_v6only,true}]");
    free(text);
    static const optcase v6[] = {
        { "{tclass,32}", "[tclass]", "[{tclass,32}]", IPPROTO_IPV6, IPV6_TCLASS, 32 },
        { "{tos,16}", "[tos]", "[{tos,16}]", IPPROTO_IP, IP_TOS, 16 },
    };
    run_cases(ls, v6, sizeof v6 / sizeof v6[0]);
    tt_drop(ls);
    /* OTP 25: gen_tcp:listen(0, [inet6,{ip,{0,0,0,0,0,0,0,1}}]) ->
     * getopts {ipv6_v6only,true}: bound to an IPv6 address (not any, not
     * IPv4-mapped) the socket is made IPv6-only. */
    if (TT_EXPECT_RC(tt_listen(NULL, 1, &ls, &port), 0)) {
        fd = tt_native_fd(ls);
        CU_ASSERT(fd >= 0 && tt_getsockopt_int(fd, IPPROTO_IPV6, IPV6_V6ONLY) == 1);
        text = NULL;
        if (TT_EXPECT_RC(ginet_getopts_text(ls, "[ipv6_v6only]", &text), 0))
            CU_ASSERT_STRING_EQUAL(text, "[{ipv6_v6only,true}]");
        free(text);
        tt_drop(ls);
    }
}

/* ipv6_v6only has an effect: an IPv4-mapped address can be bound only
 * when it is false, and then IPv4 clients reach the inet6 listener. */
static void test_ipv6_v6only_effect(void)
{
    char opts[256];
    ginet_socket *ls = NULL, *c, *a;
    static const char mapped[] = "inet6,{ip,{0,0,0,0,0,65535,32512,1}}";   /* ::ffff:127.0.0.1 */
    char extra[128];
    snprintf(extra, sizeof extra, "%s,{ipv6_v6only,true}", mapped);
    int rc = ginet_tcp_listen(0, tt_opts(opts, sizeof opts, extra), NULL, &ls);
    if (rc == GINET_EAFNOSUPPORT)
        GINET_SKIP("no IPv6 here");
    CU_ASSERT(rc != 0);                       /* Linux: einval */
    tt_drop(ls);
    ls = NULL;
    snprintf(extra, sizeof extra, "%s,{ipv6_v6only,false}", mapped);
    if (!TT_EXPECT_RC(ginet_tcp_listen(0, tt_opts(opts, sizeof opts, extra), NULL, &ls), 0))
        return;
    int port = 0;
    ginet_port(ls, &port);
    if (TT_EXPECT_RC(ginet_tcp_connect("127.0.0.1", port, tt_opts(opts, sizeof opts, NULL),
                                       TT_WAIT, NULL, &c), 0)) {
        if (TT_EXPECT_RC(ginet_tcp_accept(ls, TT_WAIT, &a), 0)) {
            ginet_sockaddr p;
            TT_EXPECT_RC(ginet_peername(a, &p), 0);
            CU_ASSERT(p.family == GINET_AF_INET6 && p.u.ip.u.v6[5] == 0xFFFF);
            tt_drop(a);
        }
        tt_drop(c);
    }
    tt_drop(ls);
}

/* reuseaddr: a port with a connection in TIME_WAIT can be listened on
 * again only with reuseaddr (Linux asks it of the old socket too). */
static void test_reuseaddr_effect(void)
{
    ginet_socket *ls, *c, *a;
    int port;
    char opts[256];
    if (!TT_EXPECT_RC(tt_listen("{reuseaddr,true}", 0, &ls, &port), 0))
        return;
    if (TT_EXPECT_RC(ginet_tcp_connect("127.0.0.1", port, tt_opts(opts, sizeof opts, NULL),
                                       TT_WAIT, NULL, &c), 0)) {
        if (TT_EXPECT_RC(ginet_tcp_accept(ls, TT_WAIT, &a), 0)) {
            tt_drop(a);                        /* the server closes first: TIME_WAIT */
            ginet_msg *m = NULL;
            TT_EXPECT_RC(ginet_recv(c, 0, TT_WAIT, &m), GINET_ECLOSED);
        }
        tt_drop(c);
    }
    tt_drop(ls);
    tt_sleep_ms(20);
    ginet_socket *l2 = NULL;
    TT_EXPECT_RC(ginet_tcp_listen(port, tt_opts(opts, sizeof opts, "{ip,{127,0,0,1}}"), NULL, &l2),
                 GINET_EADDRINUSE);
    tt_drop(l2);
    l2 = NULL;
    TT_EXPECT_RC(ginet_tcp_listen(port, tt_opts(opts, sizeof opts,
                                                "{ip,{127,0,0,1}},{reuseaddr,true}"), NULL, &l2), 0);
    tt_drop(l2);
}

/* reuseport: two listeners on one port, both with it. */
static void test_reuseport_effect(void)
{
    ginet_socket *l1, *l2 = NULL;
    int port;
    char opts[256];
    if (!TT_EXPECT_RC(tt_listen("{reuseport,true}", 0, &l1, &port), 0))
        return;
    TT_EXPECT_RC(ginet_tcp_listen(port, tt_opts(opts, sizeof opts, "{ip,{127,0,0,1}}"), NULL, &l2),
                 GINET_EADDRINUSE);
    tt_drop(l2);
    l2 = NULL;
    TT_EXPECT_RC(ginet_tcp_listen(port, tt_opts(opts, sizeof opts,
                                                "{ip,{127,0,0,1}},{reuseport,true}"), NULL, &l2), 0);
    tt_drop(l2);
    tt_drop(l1);
}

/* bind_to_device (needs CAP_NET_RAW): the kernel holds the name. */
static void test_bind_to_device(void)
{
    ginet_socket *ls;
    int port;
    int rc = tt_listen("{bind_to_device,<<\"lo\">>}", 0, &ls, &port);
    if (rc == GINET_EPERM || rc == GINET_EACCES)
        GINET_SKIP("SO_BINDTODEVICE needs CAP_NET_RAW (%s)", ginet_error_atom(rc));
    if (!TT_EXPECT_RC(rc, 0))
        return;
    int fd = tt_native_fd(ls);
    char name[32] = "";
    socklen_t len = sizeof name;
    CU_ASSERT(fd >= 0 && getsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, name, &len) == 0);
    CU_ASSERT_STRING_EQUAL(name, "lo");
    tt_drop(ls);
}

/* {raw,Level,Name,Value} and {raw,Level,Name,Size} (the spec's examples):
 * TCP_LINGER2 set and read back, TCP_INFO's state byte (1, established). */
static void test_raw(void)
{
    ginet_socket *c, *a;
    if (tt_pair(NULL, NULL, &c, &a) != 0)
        return;
    int v = 30;
    uint8_t b[4];
    memcpy(b, &v, 4);                          /* native byte order, as OTP's <<30:32/native>> */
    char set[96], want[96];
    snprintf(set, sizeof set, "[{raw,%d,%d,<<%u,%u,%u,%u>>}]", IPPROTO_TCP, TCP_LINGER2, b[0],
             b[1], b[2], b[3]);
    TT_EXPECT_RC(ginet_setopts(c, set), 0);
    int fd = tt_native_fd(c);
    CU_ASSERT(fd >= 0 && tt_getsockopt_int(fd, IPPROTO_TCP, TCP_LINGER2) == 30);
    char *text = NULL;
    snprintf(set, sizeof set, "[{raw,%d,%d,4}]", IPPROTO_TCP, TCP_LINGER2);
    snprintf(want, sizeof want, "[{raw,%d,%d,<<%u,%u,%u,%u>>}]", IPPROTO_TCP, TCP_LINGER2, b[0],
             b[1], b[2], b[3]);
    if (TT_EXPECT_RC(ginet_getopts_text(c, set, &text), 0))
        CU_ASSERT_STRING_EQUAL(text, want);
    free(text);
    text = NULL;
    snprintf(set, sizeof set, "[{raw,%d,%d,8}]", IPPROTO_TCP, TCP_INFO);
    snprintf(want, sizeof want, "[{raw,%d,%d,<<1,", IPPROTO_TCP, TCP_INFO);
    if (TT_EXPECT_RC(ginet_getopts_text(c, set, &text), 0))
        CU_ASSERT(strncmp(text, want, strlen(want)) == 0);
    free(text);
    tt_drop(c);
    tt_drop(a);
}

/* OTP's rules: setopts takes the first occurrence; creation-only options
 * are einval on setopts; tclass on an IPv4 socket is einval; bad text is
 * einval with a reason; getopts after close is closed (OTP: einval). */
static void test_rules_and_errors(void)
{
    ginet_socket *c, *a;
    if (tt_pair(NULL, NULL, &c, &a) != 0)
        return;
    char *text = NULL;
    /* OTP 25: setopts(S, [{packet,1},{packet,2}]) -> ok, getopts -> {packet,1}. */
    TT_EXPECT_RC(ginet_setopts(c, "[{packet,1},{packet,2}]"), 0);
    if (TT_EXPECT_RC(ginet_getopts_text(c, "[packet]", &text), 0))
        CU_ASSERT_STRING_EQUAL(text, "[{packet,1}]");
    free(text);
    /* OTP 25: setopts(S, [{port,1}]) -> {error,einval}. */
    TT_EXPECT_RC(ginet_setopts(c, "[{port,1}]"), GINET_EINVAL);
    CU_ASSERT(strstr(ginet_last_error(), "port") != NULL);
    TT_EXPECT_RC(ginet_setopts(c, "[{backlog,10}]"), GINET_EINVAL);
    /* OTP 25: setopts(S, [{tclass,8}]) on an inet socket -> {error,einval}. */
    TT_EXPECT_RC(ginet_setopts(c, "[{tclass,8}]"), GINET_EINVAL);
    CU_ASSERT(strstr(ginet_last_error(), "tclass") != NULL);
    /* Malformed values, with the option named. */
    TT_EXPECT_RC(ginet_setopts(c, "[{packet,3}]"), GINET_EINVAL);
    CU_ASSERT(strstr(ginet_last_error(), "packet") != NULL);
    TT_EXPECT_RC(ginet_setopts(c, "[{nodelay,1}]"), GINET_EINVAL);
    TT_EXPECT_RC(ginet_setopts(c, "[{nodelay,true"), GINET_EINVAL);
    /* {inet_backend,_} is for creation, and must be first there. */
    TT_EXPECT_RC(ginet_setopts(c, "[{inet_backend,epoll}]"), GINET_EINVAL);
    ginet_socket *x = NULL;
    char opts[128];
    snprintf(opts, sizeof opts, "[{packet,2},{inet_backend,%s}]", tt_backend());
    TT_EXPECT_RC(ginet_tcp_listen(0, opts, NULL, &x), GINET_EINVAL);
    tt_drop(x);
    /* An unknown backend is an error naming it. */
    x = NULL;
    CU_ASSERT(ginet_tcp_listen(0, "[{inet_backend,nope}]", NULL, &x) != 0);
    CU_ASSERT(strstr(ginet_last_error(), "nope") != NULL);
    tt_drop(x);
    /* Reading what cannot be read: einval. */
    text = NULL;
    CU_ASSERT(ginet_getopts_text(c, "[port]", &text) != 0);
    free(text);
    text = NULL;
    /* After close: closed (OTP 25 answers einval to setopts/getopts on a
     * closed port; ginet answers closed to every call, on purpose). */
    TT_EXPECT_RC(ginet_close(c), 0);
    TT_EXPECT_RC(ginet_setopts(c, "[{packet,2}]"), GINET_ECLOSED);
    TT_EXPECT_RC(ginet_getopts_text(c, "[packet]", &text), GINET_ECLOSED);
    free(text);
    ginet_socket_release(c);
    tt_drop(a);
}

/* Options on a listener are inherited and read back there too. */
static void test_listener_options(void)
{
    ginet_socket *ls;
    int port;
    if (!TT_EXPECT_RC(tt_listen("{backlog,50},{reuseaddr,true},{packet,line},{nodelay,true}", 0,
                                &ls, &port), 0))
        return;
    char *text = NULL;
    if (TT_EXPECT_RC(ginet_getopts_text(ls, "[reuseaddr,packet,nodelay,active]", &text), 0))
        CU_ASSERT_STRING_EQUAL(text, "[{reuseaddr,true},{packet,line},{nodelay,true},"
                                     "{active,false}]");
    free(text);
    int fd = tt_native_fd(ls);
    CU_ASSERT(fd >= 0 && tt_getsockopt_int(fd, SOL_SOCKET, SO_REUSEADDR) == 1);
    TT_EXPECT_RC(ginet_setopts(ls, "[{packet,2},{keepalive,true}]"), 0);
    CU_ASSERT(fd >= 0 && tt_getsockopt_int(fd, SOL_SOCKET, SO_KEEPALIVE) == 1);
    tt_drop(ls);
}

const ginet_test_case tt_options_cases[] = {
    { "connected_round_trips", test_connected_round_trips },
    { "linger", test_linger },
    { "typed_api", test_typed_api },
    { "ipv6_options", test_ipv6_options },
    { "ipv6_v6only_effect", test_ipv6_v6only_effect },
    { "reuseaddr_effect", test_reuseaddr_effect },
    { "reuseport_effect", test_reuseport_effect },
    { "bind_to_device", test_bind_to_device },
    { "raw", test_raw },
    { "rules_and_errors", test_rules_and_errors },
    { "listener_options", test_listener_options },
    { NULL, NULL }
};
