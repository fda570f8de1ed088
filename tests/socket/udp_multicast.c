/*
 * tests/socket/udp_multicast.c — suite "udp_multicast[B]": multicast on
 * the loopback interface of a network namespace the test makes (root
 * only: "ip netns add ginet-udp-<pid>", lo up with multicast on and a
 * route for the groups; deleted again whatever happens).  Sockets enter
 * it with {netns, Path}.  IPv4: add_membership, multicast_if,
 * multicast_loop, multicast_ttl, drop_membership; IPv6: the same with an
 * interface index.  Skipped, with the reason printed, where namespaces
 * cannot be made.
 */
#include "tests/socket/udp_test.h"
#include "tests/socket/netns_fixture.h"

#ifndef _GNU_SOURCE
#define _GNU_SOURCE   /* popen, usleep */
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The namespace (netns_fixture.c) with multicast on its loopback and a
 * route for the groups; NULL, or why it cannot be made. */
static const char *ns_create(void)
{
    static const char *const setup[] = {
        "link set lo multicast on",
        "route add 224.0.0.0/4 dev lo",
        NULL
    };
    return tt_netns_create("udp", setup, "could not set up multicast on the namespace's loopback");
}

static void test_multicast_v4(void)
{
    const char *why = ns_create();
    if (why != NULL)
        GINET_SKIP("%s", why);
    char extra[512];
    ginet_socket *r = NULL, *s = NULL;
    int pr, ps;
    snprintf(extra, sizeof extra, "binary,{active,false},{netns,\"%s\"},{reuseaddr,true},"
             "{add_membership,{{239,1,2,3},{127,0,0,1}}}", tt_ns_path);
    if (ut_open(extra, NULL, &r, &pr) != 0) {
        CU_FAIL("receiver in the namespace");
        tt_netns_delete();
        return;
    }
    snprintf(extra, sizeof extra, "binary,{active,false},{netns,\"%s\"},"
             "{multicast_if,{127,0,0,1}},{multicast_loop,true},{multicast_ttl,2}", tt_ns_path);
    CU_ASSERT_FATAL(ut_open(extra, NULL, &s, &ps) == 0);
    char *got = NULL;
    CU_ASSERT(ginet_getopts_text(s, "[multicast_if,multicast_loop,multicast_ttl]", &got) == 0);
    if (got)
        CU_ASSERT_STRING_EQUAL(got, "[{multicast_if,{127,0,0,1}},{multicast_loop,true},"
                                    "{multicast_ttl,2}]");
    free(got);
    TT_EXPECT_RC(ginet_udp_sendto(s, "239.1.2.3", pr, "group", 5), 0);
    ginet_msg *m = NULL;
    if (TT_EXPECT_RC(ginet_udp_recv(r, 0, TT_WAIT, &m), 0)) {
        CU_ASSERT(m->len == 5 && memcmp(m->data, "group", 5) == 0);
        CU_ASSERT_EQUAL(m->from.port, ps);
    }
    ginet_msg_free(m);
    /* Left the group: nothing more arrives. */
    CU_ASSERT(ginet_setopts(r, "[{drop_membership,{{239,1,2,3},{127,0,0,1}}}]") == 0);
    TT_EXPECT_RC(ginet_udp_sendto(s, "239.1.2.3", pr, "gone", 4), 0);
    m = NULL;
    TT_EXPECT_RC(ginet_udp_recv(r, 0, 200, &m), GINET_ETIMEOUT);
    /* Joined again with setopts: arrives again. */
    CU_ASSERT(ginet_setopts(r, "[{add_membership,{{239,1,2,3},{127,0,0,1}}}]") == 0);
    TT_EXPECT_RC(ginet_udp_sendto(s, "239.1.2.3", pr, "back", 4), 0);
    m = NULL;
    if (TT_EXPECT_RC(ginet_udp_recv(r, 0, TT_WAIT, &m), 0))
        CU_ASSERT(m->len == 4 && memcmp(m->data, "back", 4) == 0);
    ginet_msg_free(m);
    /* (multicast_loop false is not observable here: a datagram sent out
     * of lo comes back in as a received one, whatever the option.) */
    tt_drop(r);
    tt_drop(s);
    tt_netns_delete();
}

static void test_multicast_v6(void)
{
    const char *why = ns_create();
    if (why != NULL)
        GINET_SKIP("%s", why);
    /* Linux does not deliver IPv6 multicast over lo: a veth pair in the
     * namespace carries it, and multicast_loop brings the copy back. */
    char cmd[256];
    snprintf(cmd, sizeof cmd, "ip -n %s link add gv0 type veth peer name gv1", tt_ns_name);
    if (tt_run_quiet(cmd) != 0) {
        tt_netns_delete();
        GINET_SKIP("cannot make a veth pair in the namespace");
    }
    static const char *const setup[] = {
        "link set gv0 up", "link set gv1 up",
        "-6 addr add fd00::1/64 dev gv0 nodad",
        "-6 route add ff00::/8 dev gv0 table local",
    };
    for (size_t i = 0; i < sizeof setup / sizeof setup[0]; i++) {
        snprintf(cmd, sizeof cmd, "ip -n %s %s", tt_ns_name, setup[i]);
        if (tt_run_quiet(cmd) != 0) {
            tt_netns_delete();
            GINET_SKIP("could not set up IPv6 on the namespace's veth pair");
        }
    }
    /* gv0's interface index, from "N: gv0@gv1: ..." */
    int idx = 0;
    snprintf(cmd, sizeof cmd, "ip -n %s -o link show gv0", tt_ns_name);
    FILE *p = popen(cmd, "r");
    if (p != NULL) {
        if (fscanf(p, "%d:", &idx) != 1)
            idx = 0;
        pclose(p);
    }
    if (idx <= 0) {
        tt_netns_delete();
        GINET_SKIP("cannot read the veth interface's index");
    }
    char extra[512];
    ginet_socket *r = NULL, *s = NULL;
    int pr, ps;
    /* ff15::4242 = {65301,0,0,0,0,0,0,16962} */
    snprintf(extra, sizeof extra, "binary,inet6,{active,false},{netns,\"%s\"},"
             "{add_membership,{{65301,0,0,0,0,0,0,16962},%d}}", tt_ns_path, idx);
    if (ut_open(extra, NULL, &r, &pr) != 0) {
        CU_FAIL("IPv6 receiver in the namespace");
        tt_netns_delete();
        return;
    }
    snprintf(extra, sizeof extra, "binary,inet6,{active,false},{netns,\"%s\"},"
             "{multicast_if,%d},{multicast_loop,true}", tt_ns_path, idx);
    CU_ASSERT_FATAL(ut_open(extra, NULL, &s, &ps) == 0);
    char *got = NULL;
    CU_ASSERT(ginet_getopts_text(s, "[multicast_loop]", &got) == 0);
    if (got)
        CU_ASSERT_STRING_EQUAL(got, "[{multicast_loop,true}]");
    free(got);
    int rc = ginet_udp_sendto(s, "ff15::4242", pr, "six", 3);
    if (rc == GINET_ENETUNREACH) {
        tt_drop(r);
        tt_drop(s);
        tt_netns_delete();
        GINET_SKIP("no IPv6 multicast route on the namespace's lo");
    }
    TT_EXPECT_RC(rc, 0);
    ginet_msg *m = NULL;
    if (TT_EXPECT_RC(ginet_udp_recv(r, 0, TT_WAIT, &m), 0)) {
        CU_ASSERT(m->len == 3 && memcmp(m->data, "six", 3) == 0);
        CU_ASSERT_EQUAL(m->from.family, GINET_AF_INET6);
    }
    ginet_msg_free(m);
    char drop[128];
    snprintf(drop, sizeof drop, "[{drop_membership,{{65301,0,0,0,0,0,0,16962},%d}}]", idx);
    CU_ASSERT(ginet_setopts(r, drop) == 0);
    TT_EXPECT_RC(ginet_udp_sendto(s, "ff15::4242", pr, "gone", 4), 0);
    m = NULL;
    TT_EXPECT_RC(ginet_udp_recv(r, 0, 200, &m), GINET_ETIMEOUT);
    tt_drop(r);
    tt_drop(s);
    tt_netns_delete();
}

/* A full send buffer: datagrams go to the socket's queue and out in
 * order as the kernel takes them.  The namespace's veth gets a slow tbf
 * qdisc, so the sender's small sndbuf fills (EAGAIN); multicast_loop
 * hands every datagram to a local receiver as it is really sent. */
static void test_send_queue(void)
{
    const char *why = ns_create();
    if (why != NULL)
        GINET_SKIP("%s", why);
    char cmd[256];
    static const char *const setup[] = {
        "link add gq0 type veth peer name gq1",
        "link set gq0 up", "link set gq1 up",
        "addr add 10.201.0.1/24 dev gq0",
        "route add 239.2.0.0/16 dev gq0",
    };
    for (size_t i = 0; i < sizeof setup / sizeof setup[0]; i++) {
        snprintf(cmd, sizeof cmd, "ip -n %s %s", tt_ns_name, setup[i]);
        if (tt_run_quiet(cmd) != 0) {
            tt_netns_delete();
            GINET_SKIP("cannot set up a veth pair in the namespace");
        }
    }
    snprintf(cmd, sizeof cmd, "ip netns exec %s tc qdisc add dev gq0 root tbf rate 2mbit "
             "burst 1600 limit 1000000", tt_ns_name);
    if (tt_run_quiet(cmd) != 0) {
        tt_netns_delete();
        GINET_SKIP("no tc/tbf here to slow the interface down");
    }
    char extra[512];
    ginet_socket *r = NULL, *s = NULL;
    int pr, ps;
    snprintf(extra, sizeof extra, "binary,{active,false},{netns,\"%s\"},{recbuf,1000000},"
             "{add_membership,{{239,2,0,1},{10,201,0,1}}}", tt_ns_path);
    if (ut_open(extra, NULL, &r, &pr) != 0) {
        CU_FAIL("receiver in the namespace");
        tt_netns_delete();
        return;
    }
    snprintf(extra, sizeof extra, "binary,{active,false},{netns,\"%s\"},{sndbuf,4096},"
             "{multicast_if,{10,201,0,1}},{multicast_loop,true}", tt_ns_path);
    CU_ASSERT_FATAL(ut_open(extra, NULL, &s, &ps) == 0);
    enum { N = 100, LEN = 1000 };
    uint8_t buf[LEN];
    uint64_t max_pend = 0;
    for (int i = 0; i < N; i++) {
        memset(buf, i, sizeof buf);
        if (!TT_EXPECT_RC(ginet_udp_sendto(s, "239.2.0.1", pr, buf, sizeof buf), 0))
            break;
        uint64_t pend = ut_stat(s, GINET_STAT_SEND_PEND);
        if (pend != UINT64_MAX && pend > max_pend)
            max_pend = pend;
    }
    printf("udp send queue: up to %llu bytes queued\n", (unsigned long long)max_pend);
    CU_ASSERT(max_pend > 0);                 /* the kernel said EAGAIN: queued */
    for (int i = 0; i < N; i++) {
        ginet_msg *m = NULL;
        if (!TT_EXPECT_RC(ginet_udp_recv(r, 0, 2 * TT_WAIT, &m), 0))
            break;
        CU_ASSERT(m->len == LEN && m->data[0] == (uint8_t)i && m->data[LEN - 1] == (uint8_t)i);
        ginet_msg_free(m);
    }
    for (int k = 0; k < 100 && ut_stat(s, GINET_STAT_SEND_CNT) != N; k++)
        usleep(10000);
    CU_ASSERT_EQUAL(ut_stat(s, GINET_STAT_SEND_CNT), N);
    CU_ASSERT_EQUAL(ut_stat(s, GINET_STAT_SEND_PEND), 0);
    tt_drop(r);
    tt_drop(s);
    tt_netns_delete();
}

/* broadcast: refused without the option (eacces), sent with it. */
static void test_broadcast(void)
{
    ginet_socket *s;
    int ps;
    CU_ASSERT_FATAL(ut_open("binary,{active,false}", NULL, &s, &ps) == 0);
    int rc = ginet_udp_sendto(s, "255.255.255.255", 9, "b", 1);
    CU_ASSERT(rc == GINET_EACCES || rc == GINET_ENETUNREACH);
    CU_ASSERT(ginet_setopts(s, "[{broadcast,true}]") == 0);
    rc = ginet_udp_sendto(s, "255.255.255.255", 9, "b", 1);
    if (rc == GINET_ENETUNREACH) {
        tt_drop(s);
        GINET_SKIP("no route for broadcast here");
    }
    TT_EXPECT_RC(rc, 0);
    tt_drop(s);
}

const ginet_test_case ut_multicast_cases[] = {
    { "multicast_v4", test_multicast_v4 },
    { "multicast_v6", test_multicast_v6 },
    { "send_queue", test_send_queue },
    { "broadcast", test_broadcast },
    { NULL, NULL }
};
