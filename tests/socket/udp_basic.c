/*
 * tests/socket/udp_basic.c — suite "udp[B]": gen_udp's passive side.
 * Loopback datagrams over IPv4 and IPv6 with their payloads checked,
 * recv with a timeout, ancillary data (recvtos/recvttl/recvtclass and
 * per-send tos/ttl/tclass), truncation at `buffer`, connect, the options
 * a UDP socket takes, getstat, and bad addresses.
 *
 * Expected answers were read from OTP 25 (gen_udp in an escript).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE   /* setenv, unsetenv */
#endif
#include "tests/socket/udp_test.h"

#include <ginet/defaults.h>

#include <arpa/inet.h>
#include <pthread.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

int ut_open(const char *extra, ginet_mailbox *owner, ginet_socket **s, int *port)
{
    char opts[512];
    int rc = ginet_udp_open(0, tt_opts(opts, sizeof opts, extra), owner, s);
    if (rc != 0) {
        printf("udp open %s: %s: %s\n", opts, ginet_error_atom(rc), ginet_last_error());
        return rc;
    }
    rc = ginet_port(*s, port);
    if (rc != 0) {
        tt_drop(*s);
        *s = NULL;
    }
    return rc;
}

ginet_sockaddr ut_loopback(int v6, int port)
{
    ginet_sockaddr a;
    memset(&a, 0, sizeof a);
    a.family = v6 ? GINET_AF_INET6 : GINET_AF_INET;
    a.u.ip.family = a.family;
    if (v6)
        a.u.ip.u.v6[7] = 1;
    else
        a.u.ip.u.v4[0] = 127, a.u.ip.u.v4[3] = 1;
    a.port = (uint16_t)port;
    return a;
}

uint64_t ut_stat(ginet_socket *s, ginet_stat_option which)
{
    ginet_stats st;
    if (ginet_getstat(s, &st) != 0)
        return UINT64_MAX;
    return st.v[which];
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Send payloads of several sizes from B to A and check each arrives
 * whole, from B's address. */
static void loopback_round(int v6)
{
    const char *fam = v6 ? "binary,{active,false},inet6" : "binary,{active,false}";
    ginet_socket *a = NULL, *b = NULL;
    int pa, pb;
    if (ut_open(fam, NULL, &a, &pa) != 0) {
        if (v6)
            GINET_SKIP("no IPv6 here: %s", ginet_last_error());
        CU_FAIL("open a");
        return;
    }
    CU_ASSERT_FATAL(ut_open(fam, NULL, &b, &pb) == 0);
    ginet_sockaddr to = ut_loopback(v6, pa);
    static const size_t sizes[] = { 0, 1, 7, 512, 1400, 1460, 4000, 8192 };
    tt_rng r;
    tt_rng_seed(&r, 42 + (uint64_t)v6);
    /* inet6's buffer is 1460 (OTP): make room for the largest. */
    CU_ASSERT(ginet_setopts(a, "[{buffer,9000}]") == 0);
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        uint8_t buf[8192];
        tt_fill_random(&r, buf, sizes[i]);
        TT_EXPECT_RC(ginet_udp_send(b, &to, NULL, buf, sizes[i]), 0);
        ginet_msg *m = NULL;
        if (TT_EXPECT_RC(ginet_udp_recv(a, 0, TT_WAIT, &m), 0)) {
            CU_ASSERT(m->kind == GINET_MSG_UDP);
            CU_ASSERT(m->socket == a);
            CU_ASSERT_EQUAL(m->len, sizes[i]);
            CU_ASSERT(m->len == sizes[i] && (sizes[i] == 0 || memcmp(m->data, buf, sizes[i]) == 0));
            CU_ASSERT(m->from.family == to.family);
            CU_ASSERT_EQUAL(m->from.port, pb);
            CU_ASSERT(memcmp(&m->from.u.ip, &to.u.ip, sizeof to.u.ip) == 0);
            CU_ASSERT_EQUAL(m->anc.present, 0u);    /* no recv* option: no AncData */
        }
        ginet_msg_free(m);
    }
    CU_ASSERT_EQUAL(ut_stat(a, GINET_STAT_RECV_CNT), sizeof sizes / sizeof sizes[0]);
    CU_ASSERT_EQUAL(ut_stat(b, GINET_STAT_SEND_CNT), sizeof sizes / sizeof sizes[0]);
    CU_ASSERT_EQUAL(ut_stat(a, GINET_STAT_RECV_MAX), 8192);
    tt_drop(a);
    tt_drop(b);
}

static void test_loopback_v4(void) { loopback_round(0); }
static void test_loopback_v6(void) { loopback_round(1); }

/* gen_udp:recv/3 with a timeout: {error,timeout}, and a datagram sent
 * afterwards is still received. */
static void test_recv_timeout(void)
{
    ginet_socket *a, *b;
    int pa, pb;
    CU_ASSERT_FATAL(ut_open("binary,{active,false}", NULL, &a, &pa) == 0);
    CU_ASSERT_FATAL(ut_open("binary,{active,false}", NULL, &b, &pb) == 0);
    ginet_msg *m = NULL;
    int64_t t0 = now_ms();
    TT_EXPECT_RC(ginet_udp_recv(a, 0, 150, &m), GINET_ETIMEOUT);
    int64_t took = now_ms() - t0;
    CU_ASSERT(took >= 140 && took < 2000);
    CU_ASSERT(m == NULL);
    TT_EXPECT_RC(ginet_udp_recv(a, 0, 0, &m), GINET_ETIMEOUT);
    ginet_sockaddr to = ut_loopback(0, pa);
    TT_EXPECT_RC(ginet_udp_send(b, &to, NULL, "late", 4), 0);
    if (TT_EXPECT_RC(ginet_udp_recv(a, 0, TT_WAIT, &m), 0))
        CU_ASSERT(m->len == 4 && memcmp(m->data, "late", 4) == 0);
    ginet_msg_free(m);
    /* Length is ignored for UDP (OTP 25). */
    TT_EXPECT_RC(ginet_udp_send(b, &to, NULL, "0123456789", 10), 0);
    m = NULL;
    if (TT_EXPECT_RC(ginet_udp_recv(a, 3, TT_WAIT, &m), 0))
        CU_ASSERT_EQUAL(m->len, 10);
    ginet_msg_free(m);
    tt_drop(a);
    tt_drop(b);
}

/* recvtos/recvttl (IPv4) and recvtclass (IPv6), with per-send values. */
static void test_ancillary(void)
{
    ginet_socket *a, *b;
    int pa, pb;
    CU_ASSERT_FATAL(ut_open("binary,{active,false},{recvtos,true},{recvttl,true}", NULL,
                            &a, &pa) == 0);
    CU_ASSERT_FATAL(ut_open("binary,{active,false}", NULL, &b, &pb) == 0);
    ginet_sockaddr to = ut_loopback(0, pa);
    char text[64];
    ginet_msg *m = NULL;
    /* OTP: [{ttl,64},{tos,0}] for a plain send. */
    TT_EXPECT_RC(ginet_udp_send(b, &to, NULL, "plain", 5), 0);
    if (TT_EXPECT_RC(ginet_udp_recv(a, 0, TT_WAIT, &m), 0)) {
        CU_ASSERT_EQUAL(m->anc.present, GINET_BK_ANC_TOS | GINET_BK_ANC_TTL);
        CU_ASSERT_EQUAL(m->anc.tos, 0);
        CU_ASSERT_EQUAL(m->anc.ttl, 64);
        ginet_udp_ancillary_format(&m->anc, text, sizeof text);
        CU_ASSERT_STRING_EQUAL(text, "[{ttl,64},{tos,0}]");
    }
    ginet_msg_free(m);
    /* gen_udp:send/5 with [{tos,16}] and then [{ttl,7}]: this datagram only. */
    ginet_udp_ancillary anc = { .present = GINET_BK_ANC_TOS, .tos = 16 };
    TT_EXPECT_RC(ginet_udp_send(b, &to, &anc, "tos16", 5), 0);
    anc = (ginet_udp_ancillary){ .present = GINET_BK_ANC_TTL, .ttl = 7 };
    TT_EXPECT_RC(ginet_udp_send(b, &to, &anc, "ttl7", 4), 0);
    TT_EXPECT_RC(ginet_udp_send(b, &to, NULL, "again", 5), 0);
    m = NULL;
    if (TT_EXPECT_RC(ginet_udp_recv(a, 0, TT_WAIT, &m), 0)) {
        CU_ASSERT_EQUAL(m->anc.tos, 16);
        CU_ASSERT_EQUAL(m->anc.ttl, 64);
        ginet_udp_ancillary_format(&m->anc, text, sizeof text);
        CU_ASSERT_STRING_EQUAL(text, "[{ttl,64},{tos,16}]");
    }
    ginet_msg_free(m);
    m = NULL;
    if (TT_EXPECT_RC(ginet_udp_recv(a, 0, TT_WAIT, &m), 0)) {
        CU_ASSERT_EQUAL(m->anc.ttl, 7);
        CU_ASSERT_EQUAL(m->anc.tos, 0);
    }
    ginet_msg_free(m);
    m = NULL;
    if (TT_EXPECT_RC(ginet_udp_recv(a, 0, TT_WAIT, &m), 0)) {
        CU_ASSERT_EQUAL(m->anc.ttl, 64);
        CU_ASSERT_EQUAL(m->anc.tos, 0);
    }
    ginet_msg_free(m);
    /* The socket option tos applies to every datagram; turning recvtos
     * off leaves only ttl. */
    CU_ASSERT(ginet_setopts(b, "[{tos,8}]") == 0);
    CU_ASSERT(ginet_setopts(a, "[{recvtos,false}]") == 0);
    TT_EXPECT_RC(ginet_udp_send(b, &to, NULL, "x", 1), 0);
    m = NULL;
    if (TT_EXPECT_RC(ginet_udp_recv(a, 0, TT_WAIT, &m), 0))
        CU_ASSERT_EQUAL(m->anc.present, GINET_BK_ANC_TTL);
    ginet_msg_free(m);
    char *got = NULL;
    CU_ASSERT(ginet_getopts_text(a, "[recvtos,recvttl]", &got) == 0);
    if (got)
        CU_ASSERT_STRING_EQUAL(got, "[{recvtos,false},{recvttl,true}]");
    free(got);
    tt_drop(a);
    tt_drop(b);

    /* IPv6: recvtclass; OTP gives [{tclass,32}] for send/5 with [{tclass,32}]. */
    if (ut_open("binary,inet6,{active,false},{recvtclass,true}", NULL, &a, &pa) != 0)
        GINET_SKIP("no IPv6 here: %s", ginet_last_error());
    to = ut_loopback(1, pa);
    anc = (ginet_udp_ancillary){ .present = GINET_BK_ANC_TCLASS, .tclass = 32 };
    TT_EXPECT_RC(ginet_udp_send(a, &to, &anc, "six", 3), 0);
    m = NULL;
    if (TT_EXPECT_RC(ginet_udp_recv(a, 0, TT_WAIT, &m), 0)) {
        CU_ASSERT_EQUAL(m->anc.present, GINET_BK_ANC_TCLASS);
        CU_ASSERT_EQUAL(m->anc.tclass, 32);
        ginet_udp_ancillary_format(&m->anc, text, sizeof text);
        CU_ASSERT_STRING_EQUAL(text, "[{tclass,32}]");
        CU_ASSERT(m->len == 3 && memcmp(m->data, "six", 3) == 0);
    }
    ginet_msg_free(m);
    tt_drop(a);
}

/* A datagram longer than `buffer` is cut there without an error, and
 * getstat counts what was delivered (OTP: {buffer,10}, 20 bytes sent ->
 * 10 received, recv_max 10). */
static void test_truncation(void)
{
    ginet_socket *a, *b;
    int pa, pb;
    CU_ASSERT_FATAL(ut_open("binary,{active,false},{buffer,10}", NULL, &a, &pa) == 0);
    CU_ASSERT_FATAL(ut_open("binary,{active,false}", NULL, &b, &pb) == 0);
    ginet_sockaddr to = ut_loopback(0, pa);
    const char *msg = "0123456789abcdefghij";
    for (int i = 0; i < 2; i++)
        TT_EXPECT_RC(ginet_udp_send(b, &to, NULL, msg, 20), 0);
    for (int i = 0; i < 2; i++) {
        ginet_msg *m = NULL;
        if (TT_EXPECT_RC(ginet_udp_recv(a, 0, TT_WAIT, &m), 0))
            CU_ASSERT(m->len == 10 && memcmp(m->data, msg, 10) == 0);
        ginet_msg_free(m);
    }
    CU_ASSERT_EQUAL(ut_stat(a, GINET_STAT_RECV_OCT), 20);
    CU_ASSERT_EQUAL(ut_stat(a, GINET_STAT_RECV_CNT), 2);
    CU_ASSERT_EQUAL(ut_stat(a, GINET_STAT_RECV_MAX), 10);
    CU_ASSERT_EQUAL(ut_stat(b, GINET_STAT_SEND_OCT), 40);
    CU_ASSERT_EQUAL(ut_stat(b, GINET_STAT_SEND_MAX), 20);
    /* A bigger buffer from now on delivers the whole datagram. */
    CU_ASSERT(ginet_setopts(a, "[{buffer,100}]") == 0);
    TT_EXPECT_RC(ginet_udp_send(b, &to, NULL, msg, 20), 0);
    ginet_msg *m = NULL;
    if (TT_EXPECT_RC(ginet_udp_recv(a, 0, TT_WAIT, &m), 0))
        CU_ASSERT(m->len == 20 && memcmp(m->data, msg, 20) == 0);
    ginet_msg_free(m);
    tt_drop(a);
    tt_drop(b);
}

/* OTP's defaults: inet buffer 8192 (from {recbuf,8192}), inet6 1460;
 * read_packets 5; the options a UDP socket takes, set and read back. */
static void test_options(void)
{
    ginet_socket *a;
    int pa;
    char *got = NULL;
    CU_ASSERT_FATAL(ut_open("binary,{active,false}", NULL, &a, &pa) == 0);
    CU_ASSERT(ginet_getopts_text(a, "[buffer,recbuf,read_packets,active,mode,broadcast,"
                                    "multicast_ttl,multicast_loop,tos]", &got) == 0);
    if (got)
        CU_ASSERT_STRING_EQUAL(got, "[{buffer,8192},{recbuf,16384},{read_packets,5},"
                                    "{active,false},{mode,binary},{broadcast,false},"
                                    "{multicast_ttl,1},{multicast_loop,true},{tos,0}]");
    free(got);
    got = NULL;
    CU_ASSERT(ginet_setopts(a, "[{broadcast,true},{reuseaddr,true},{dontroute,true},"
                               "{multicast_ttl,5},{multicast_loop,false},{tos,16},"
                               "{priority,3},{sndbuf,65536},{read_packets,9}]") == 0);
    CU_ASSERT(ginet_getopts_text(a, "[broadcast,reuseaddr,dontroute,multicast_ttl,"
                                    "multicast_loop,tos,priority,read_packets]", &got) == 0);
    if (got && strcmp(got, "[{broadcast,true},{reuseaddr,true},{dontroute,true},"
                          "{multicast_ttl,5},{multicast_loop,false},{tos,16},"
                          "{priority,3},{read_packets,9}]") != 0)
        printf("got %s\n", got);
    if (got)
        CU_ASSERT_STRING_EQUAL(got, "[{broadcast,true},{reuseaddr,true},{dontroute,true},"
                                    "{multicast_ttl,5},{multicast_loop,false},{tos,16},"
                                    "{priority,3},{read_packets,9}]");
    free(got);
    tt_drop(a);

    /* {read_packets,0} is einval on a UDP socket (OTP). */
    ginet_socket *x = NULL;
    char opts[256];
    CU_ASSERT(ginet_udp_open(0, tt_opts(opts, sizeof opts, "{read_packets,0}"), NULL, &x)
              == GINET_EINVAL);
    CU_ASSERT(x == NULL);

    /* reuseport: two sockets on one port. */
    ginet_socket *b = NULL, *c = NULL;
    int pb;
    CU_ASSERT_FATAL(ut_open("{reuseport,true},{active,false}", NULL, &b, &pb) == 0);
    snprintf(opts, sizeof opts, "[{inet_backend,%s},{reuseport,true},{active,false}]",
             tt_backend());
    TT_EXPECT_RC(ginet_udp_open(pb, opts, NULL, &c), 0);
    tt_drop(c);
    tt_drop(b);

    if (ut_open("inet6,{active,false}", NULL, &a, &pa) == 0) {
        got = NULL;
        CU_ASSERT(ginet_getopts_text(a, "[buffer,ipv6_v6only,tclass]", &got) == 0);
        if (got)
            CU_ASSERT_STRING_EQUAL(got, "[{buffer,1460},{ipv6_v6only,false},{tclass,0}]");
        free(got);
        tt_drop(a);
    }
}

/* gen_udp:connect/3: send/2 goes to the peer; peername; an ICMP refusal
 * is reported by the next recv, once, and the socket stays usable. */
static void test_connect(void)
{
    ginet_socket *a, *b;
    int pa, pb;
    CU_ASSERT_FATAL(ut_open("binary,{active,false}", NULL, &a, &pa) == 0);
    CU_ASSERT_FATAL(ut_open("binary,{active,false}", NULL, &b, &pb) == 0);
    ginet_sockaddr to = ut_loopback(0, pa);
    TT_EXPECT_RC(ginet_udp_send(b, NULL, NULL, "x", 1), GINET_EINVAL);  /* OTP: einval */
    TT_EXPECT_RC(ginet_udp_connect(b, &to), 0);
    ginet_sockaddr peer;
    CU_ASSERT(ginet_peername(b, &peer) == 0 && peer.port == pa);
    TT_EXPECT_RC(ginet_udp_send(b, NULL, NULL, "conn", 4), 0);
    ginet_msg *m = NULL;
    if (TT_EXPECT_RC(ginet_udp_recv(a, 0, TT_WAIT, &m), 0)) {
        CU_ASSERT(m->len == 4 && memcmp(m->data, "conn", 4) == 0);
        CU_ASSERT_EQUAL(m->from.port, pb);
    }
    ginet_msg_free(m);
    /* Refused: connect to a port nobody holds (a's, once a is closed). */
    tt_drop(a);
    TT_EXPECT_RC(ginet_udp_send(b, NULL, NULL, "x", 1), 0);
    m = NULL;
    int rc = ginet_udp_recv(b, 0, TT_WAIT, &m);
    if (rc == GINET_ECONNREFUSED) {
        m = NULL;
        TT_EXPECT_RC(ginet_udp_recv(b, 0, 50, &m), GINET_ETIMEOUT);  /* once */
    } else {
        TT_EXPECT_RC(rc, GINET_ECONNREFUSED);
        ginet_msg_free(m);
    }
    tt_drop(b);
}

/* Bad addresses, ports and states, answered as OTP answers them. */
static void test_bad_addresses(void)
{
    ginet_socket *a, *b = NULL;
    int pa;
    char opts[256];
    CU_ASSERT_FATAL(ut_open("binary,{active,false}", NULL, &a, &pa) == 0);
    ginet_sockaddr to = ut_loopback(0, 0);
    TT_EXPECT_RC(ginet_udp_send(a, &to, NULL, "x", 1), GINET_EINVAL);          /* port 0 */
    to = ut_loopback(1, 5000);
    TT_EXPECT_RC(ginet_udp_send(a, &to, NULL, "x", 1), GINET_EAFNOSUPPORT);    /* v6 on v4 */
    TT_EXPECT_RC(ginet_udp_sendto(a, "nosuch.invalid", 5000, "x", 1), GINET_ENXDOMAIN);
    TT_EXPECT_RC(ginet_udp_sendto(a, "127.0.0.1", 0, "x", 1), GINET_EINVAL);
    TT_EXPECT_RC(ginet_udp_sendto(a, "127.0.0.1", 70000, "x", 1), GINET_EINVAL);
    TT_EXPECT_RC(ginet_udp_sendto(a, "::1", 5000, "x", 1), GINET_EAFNOSUPPORT);
    ginet_udp_ancillary bad = { .present = 0x80 };
    to = ut_loopback(0, pa);
    TT_EXPECT_RC(ginet_udp_send(a, &to, &bad, "x", 1), GINET_EINVAL);
    static uint8_t big[70000];
    TT_EXPECT_RC(ginet_udp_send(a, &to, NULL, big, sizeof big), GINET_EMSGSIZE);
    TT_EXPECT_RC(ginet_udp_sendto(a, "127.0.0.1", pa, "self", 4), 0);
    ginet_msg *m = NULL;
    if (TT_EXPECT_RC(ginet_udp_recv(a, 0, TT_WAIT, &m), 0))
        CU_ASSERT(m->len == 4 && memcmp(m->data, "self", 4) == 0);
    ginet_msg_free(m);
    TT_EXPECT_RC(ginet_udp_send(NULL, &to, NULL, "x", 1), GINET_EINVAL);
    TT_EXPECT_RC(ginet_udp_send(a, &to, NULL, NULL, 1), GINET_EINVAL);
    TT_EXPECT_RC(ginet_udp_connect(a, NULL), GINET_EINVAL);
    /* open: port out of range, {ip,_} of the other family, address in use */
    TT_EXPECT_RC(ginet_udp_open(70000, NULL, NULL, &b), GINET_EINVAL);
    TT_EXPECT_RC(ginet_udp_open(-1, NULL, NULL, &b), GINET_EINVAL);
    TT_EXPECT_RC(ginet_udp_open(0, tt_opts(opts, sizeof opts, "inet6,{ip,{127,0,0,1}}"), NULL, &b),
                 GINET_EINVAL);
    TT_EXPECT_RC(ginet_udp_open(pa, tt_opts(opts, sizeof opts, NULL), NULL, &b), GINET_EADDRINUSE);
    TT_EXPECT_RC(ginet_udp_open(0, tt_opts(opts, sizeof opts, "{ip,{10,255,255,1}}"), NULL, &b),
                 GINET_EADDRNOTAVAIL);
    CU_ASSERT(b == NULL);
    TT_EXPECT_RC(ginet_udp_open(0, "[{bogus,1}]", NULL, &b), GINET_EINVAL);
    /* active without an owner is passive; recv on an active socket: einval */
    ginet_mailbox *mb = ginet_mailbox_new();
    CU_ASSERT_FATAL(mb != NULL);
    ginet_socket *act;
    int pact;
    CU_ASSERT_FATAL(ut_open("{active,true}", mb, &act, &pact) == 0);
    TT_EXPECT_RC(ginet_udp_recv(act, 0, 10, &m), GINET_EINVAL);
    tt_drop(act);
    ginet_mailbox_free(mb);
    /* gen_tcp calls on a UDP socket, UDP calls on a TCP socket */
    ginet_socket *ls;
    int lport;
    CU_ASSERT_FATAL(tt_listen(NULL, 0, &ls, &lport) == 0);
    TT_EXPECT_RC(ginet_udp_send(ls, &to, NULL, "x", 1), GINET_EINVAL);
    TT_EXPECT_RC(ginet_udp_recv(ls, 0, 10, &m), GINET_EINVAL);
    tt_drop(ls);
    /* closed */
    ginet_close(a);
    TT_EXPECT_RC(ginet_udp_send(a, &to, NULL, "x", 1), GINET_ECLOSED);
    TT_EXPECT_RC(ginet_udp_recv(a, 0, 10, &m), GINET_ECLOSED);
    TT_EXPECT_RC(ginet_udp_connect(a, &to), GINET_ECLOSED);
    tt_drop(a);
}

/* The creation options: {ip,_}, {port,_}, {fd,_}, inet6 with
 * ipv6_v6only, bind_to_device, raw, reuseport_lb, and
 * GINET_DEFAULT_UDP_OPTIONS applied before the caller's options. */
static void test_creation_options(void)
{
    char opts[256], *got = NULL;
    ginet_socket *s = NULL;
    ginet_sockaddr a;
    /* {ip,_} and {port,_} (the option wins over the argument 0) */
    ginet_socket *probe;
    int free_port;
    CU_ASSERT_FATAL(ut_open(NULL, NULL, &probe, &free_port) == 0);
    tt_drop(probe);
    char extra[128];
    snprintf(extra, sizeof extra, "{ip,{127,0,0,1}},{port,%d},{active,false}", free_port);
    if (TT_EXPECT_RC(ginet_udp_open(0, tt_opts(opts, sizeof opts, extra), NULL, &s), 0)) {
        CU_ASSERT(ginet_sockname(s, &a) == 0);
        CU_ASSERT_EQUAL(a.port, free_port);
        CU_ASSERT(a.u.ip.u.v4[0] == 127 && a.u.ip.u.v4[3] == 1);
        tt_drop(s);
    }
    /* {fd,F}: a bound descriptor is adopted as it is */
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    CU_ASSERT_FATAL(fd >= 0 && bind(fd, (struct sockaddr *)&sin, sizeof sin) == 0);
    socklen_t sl = sizeof sin;
    getsockname(fd, (struct sockaddr *)&sin, &sl);
    snprintf(extra, sizeof extra, "{fd,%d},{active,false}", fd);
    s = NULL;
    if (TT_EXPECT_RC(ginet_udp_open(0, tt_opts(opts, sizeof opts, extra), NULL, &s), 0)) {
        int p = 0;
        CU_ASSERT(ginet_port(s, &p) == 0 && p == ntohs(sin.sin_port));
        ginet_sockaddr to = ut_loopback(0, p);
        TT_EXPECT_RC(ginet_udp_send(s, &to, NULL, "fd", 2), 0);
        ginet_msg *m = NULL;
        if (TT_EXPECT_RC(ginet_udp_recv(s, 0, TT_WAIT, &m), 0))
            CU_ASSERT(m->len == 2 && memcmp(m->data, "fd", 2) == 0);
        ginet_msg_free(m);
        tt_drop(s);                          /* closes fd */
    } else {
        close(fd);
    }
    /* inet6 + ipv6_v6only; raw SO_PRIORITY; reuseport_lb; bind_to_device */
    s = NULL;
    if (ginet_udp_open(0, tt_opts(opts, sizeof opts, "inet6,{ipv6_v6only,true},{active,false}"),
                       NULL, &s) == 0) {
        CU_ASSERT(ginet_getopts_text(s, "[ipv6_v6only]", &got) == 0);
        if (got)
            CU_ASSERT_STRING_EQUAL(got, "[{ipv6_v6only,true}]");
        free(got);
        got = NULL;
        tt_drop(s);
    }
    s = NULL;
    if (TT_EXPECT_RC(ginet_udp_open(0, tt_opts(opts, sizeof opts,
                                               "{raw,1,12,<<5,0,0,0>>},{reuseport_lb,true}"),
                                    NULL, &s), 0)) {
        CU_ASSERT(ginet_getopts_text(s, "[priority,reuseport_lb]", &got) == 0);
        if (got)
            CU_ASSERT_STRING_EQUAL(got, "[{priority,5},{reuseport_lb,true}]");
        free(got);
        got = NULL;
        tt_drop(s);
    }
    s = NULL;
    int rc = ginet_udp_open(0, tt_opts(opts, sizeof opts, "{bind_to_device,<<\"lo\">>}"), NULL, &s);
    if (rc == GINET_EPERM || rc == GINET_EACCES) {
        printf("bind_to_device not permitted here: %s\n", ginet_error_atom(rc));
    } else {
        TT_EXPECT_RC(rc, 0);
    }
    tt_drop(s);
    /* GINET_DEFAULT_UDP_OPTIONS: before the caller's, so the caller wins */
    setenv("GINET_DEFAULT_UDP_OPTIONS", "[{read_packets,7},{recvttl,true}]", 1);
    CU_ASSERT(ginet_default_options_reload() == 0);
    s = NULL;
    if (TT_EXPECT_RC(ginet_udp_open(0, tt_opts(opts, sizeof opts, "{recvttl,false}"), NULL, &s),
                     0)) {
        CU_ASSERT(ginet_getopts_text(s, "[read_packets,recvttl]", &got) == 0);
        if (got)
            CU_ASSERT_STRING_EQUAL(got, "[{read_packets,7},{recvttl,false}]");
        free(got);
        got = NULL;
        tt_drop(s);
    }
    unsetenv("GINET_DEFAULT_UDP_OPTIONS");
    CU_ASSERT(ginet_default_options_reload() == 0);
}

typedef struct recv_thread {
    ginet_socket *s;
    int rc;
    int64_t took;
} recv_thread;

static void *recv_main(void *arg)
{
    recv_thread *t = arg;
    ginet_msg *m = NULL;
    int64_t t0 = now_ms();
    t->rc = ginet_udp_recv(t->s, 0, TT_WAIT, &m);
    t->took = now_ms() - t0;
    ginet_msg_free(m);
    return NULL;
}

/* A thread blocked in recv: a second receiver is ealready, and close
 * from another thread releases it with closed at once. */
static void test_close_releases_recv(void)
{
    ginet_socket *a;
    int pa;
    CU_ASSERT_FATAL(ut_open("binary,{active,false}", NULL, &a, &pa) == 0);
    recv_thread t = { .s = a, .rc = 1 };
    pthread_t tid;
    CU_ASSERT_FATAL(pthread_create(&tid, NULL, recv_main, &t) == 0);
    usleep(100 * 1000);
    ginet_msg *m = NULL;
    TT_EXPECT_RC(ginet_udp_recv(a, 0, 10, &m), GINET_EALREADY);
    ginet_close(a);
    pthread_join(tid, NULL);
    TT_EXPECT_RC(t.rc, GINET_ECLOSED);
    CU_ASSERT(t.took < TT_WAIT / 2);
    tt_drop(a);

    /* The ancillary text is cut to the buffer and says how long it is. */
    ginet_udp_ancillary anc = {
        .present = GINET_BK_ANC_TTL | GINET_BK_ANC_TOS | GINET_BK_ANC_TCLASS,
        .ttl = 255, .tos = 184, .tclass = 3,
    };
    char small[8];
    long n = ginet_udp_ancillary_format(&anc, small, sizeof small);
    CU_ASSERT_EQUAL(n, (long)strlen("[{ttl,255},{tos,184},{tclass,3}]"));
    CU_ASSERT_STRING_EQUAL(small, "[{ttl,2");
    ginet_udp_ancillary none = { 0 };
    CU_ASSERT_EQUAL(ginet_udp_ancillary_format(&none, small, sizeof small), 2);
    CU_ASSERT_STRING_EQUAL(small, "[]");
    CU_ASSERT_EQUAL(ginet_udp_ancillary_format(NULL, small, sizeof small), GINET_EINVAL);
}

/* The UDP API with {local, Path} datagram sockets: bound with
 * {ifaddr,{local,Path}}, sent to a local address, the sender's path in
 * `from`; port must be 0.  (The local family's own rules are tested with
 * it in tcp_local.c.) */
static void test_local_datagrams(void)
{
    char dir[] = "/tmp/ginet-udp-XXXXXX";
    if (mkdtemp(dir) == NULL)
        GINET_SKIP("no temporary directory");
    char pa[64], pb[64], opts[256], extra[160];
    snprintf(pa, sizeof pa, "%s/a", dir);
    snprintf(pb, sizeof pb, "%s/b", dir);
    ginet_socket *a = NULL, *b = NULL;
    snprintf(extra, sizeof extra, "binary,{active,false},{ifaddr,{local,\"%s\"}}", pa);
    int rc = ginet_udp_open(0, tt_opts(opts, sizeof opts, extra), NULL, &a);
    if (rc == GINET_EAFNOSUPPORT || rc == GINET_ENOTSUP) {
        rmdir(dir);
        GINET_SKIP("backend '%s' has no local datagram sockets", tt_backend());
    }
    TT_EXPECT_RC(rc, 0);
    snprintf(extra, sizeof extra, "binary,{active,false},{ifaddr,{local,\"%s\"}}", pb);
    TT_EXPECT_RC(ginet_udp_open(0, tt_opts(opts, sizeof opts, extra), NULL, &b), 0);
    if (a != NULL && b != NULL) {
        ginet_sockaddr to;
        memset(&to, 0, sizeof to);
        to.family = GINET_AF_LOCAL;
        CU_ASSERT(ginet_local_address_set(&to.u.local, pa, strlen(pa)) == 0);
        TT_EXPECT_RC(ginet_udp_send(b, &to, NULL, "local", 5), 0);
        ginet_msg *m = NULL;
        if (TT_EXPECT_RC(ginet_udp_recv(a, 0, TT_WAIT, &m), 0)) {
            CU_ASSERT(m->len == 5 && memcmp(m->data, "local", 5) == 0);
            CU_ASSERT_EQUAL(m->from.family, GINET_AF_LOCAL);
            CU_ASSERT(m->from.u.local.len == strlen(pb)
                      && memcmp(m->from.u.local.path, pb, strlen(pb)) == 0);
        }
        ginet_msg_free(m);
        /* connect + send/2 */
        ginet_sockaddr back = to;
        CU_ASSERT(ginet_local_address_set(&back.u.local, pb, strlen(pb)) == 0);
        TT_EXPECT_RC(ginet_udp_connect(a, &back), 0);
        TT_EXPECT_RC(ginet_udp_send(a, NULL, NULL, "back", 4), 0);
        m = NULL;
        if (TT_EXPECT_RC(ginet_udp_recv(b, 0, TT_WAIT, &m), 0))
            CU_ASSERT(m->len == 4 && memcmp(m->data, "back", 4) == 0);
        ginet_msg_free(m);
    }
    tt_drop(a);
    tt_drop(b);
    /* port must be 0 for the local family */
    ginet_socket *x = NULL;
    snprintf(extra, sizeof extra, "{ifaddr,{local,\"%s/c\"}}", dir);
    TT_EXPECT_RC(ginet_udp_open(5000, tt_opts(opts, sizeof opts, extra), NULL, &x),
                 GINET_EINVAL);
    unlink(pa);
    unlink(pb);
    rmdir(dir);
}

const ginet_test_case ut_basic_cases[] = {
    { "local_datagrams", test_local_datagrams },
    { "close_releases_recv", test_close_releases_recv },
    { "creation_options", test_creation_options },
    { "loopback_v4", test_loopback_v4 },
    { "loopback_v6", test_loopback_v6 },
    { "recv_timeout", test_recv_timeout },
    { "ancillary", test_ancillary },
    { "truncation", test_truncation },
    { "options", test_options },
    { "connect", test_connect },
    { "bad_addresses", test_bad_addresses },
    { NULL, NULL }
};
