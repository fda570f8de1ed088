/*
 * tests/socket/udp_active.c — suite "udp_active[B]": gen_udp's active
 * modes.  {active,true}, {active,once}, {active,N} ending in
 * {udp_passive,S} with the rest left for a passive recv, AncData in
 * active messages, {udp_error,S,econnrefused} on a connected socket, a
 * callback owner echoing datagrams, and changing the owner.
 *
 * Expected answers were read from OTP 25.
 */
#include "tests/socket/udp_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The next message of MB within TT_WAIT (NULL on timeout). */
static ginet_msg *next_msg(ginet_mailbox *mb, int timeout)
{
    ginet_msg *m = NULL;
    if (ginet_receive(mb, timeout, &m) != 0)
        return NULL;
    return m;
}

/* Expect a datagram with TEXT from PORT. */
static void expect_udp(ginet_mailbox *mb, ginet_socket *s, int port, const char *text)
{
    ginet_msg *m = next_msg(mb, TT_WAIT);
    CU_ASSERT_FATAL(m != NULL);
    CU_ASSERT_EQUAL(m->kind, GINET_MSG_UDP);
    CU_ASSERT(m->socket == s);
    CU_ASSERT_EQUAL(m->from.port, port);
    CU_ASSERT(m->len == strlen(text) && memcmp(m->data, text, m->len) == 0);
    ginet_msg_free(m);
}

static void expect_kind(ginet_mailbox *mb, ginet_socket *s, ginet_msg_kind kind)
{
    ginet_msg *m = next_msg(mb, TT_WAIT);
    CU_ASSERT_FATAL(m != NULL);
    CU_ASSERT_EQUAL(m->kind, kind);
    CU_ASSERT(m->socket == s);
    ginet_msg_free(m);
}

static void expect_nothing(ginet_mailbox *mb)
{
    ginet_msg *m = next_msg(mb, 100);
    CU_ASSERT(m == NULL);
    if (m != NULL)
        printf("unexpected message kind %d\n", (int)m->kind);
    ginet_msg_free(m);
}

static void test_active_true(void)
{
    ginet_mailbox *mb = ginet_mailbox_new();
    ginet_socket *a, *b;
    int pa, pb;
    CU_ASSERT_FATAL(ut_open("binary,{active,true}", mb, &a, &pa) == 0);
    CU_ASSERT_FATAL(ut_open("binary,{active,false}", NULL, &b, &pb) == 0);
    ginet_sockaddr to = ut_loopback(0, pa);
    const char *texts[] = { "one", "two", "three", "" };
    for (int i = 0; i < 4; i++)
        TT_EXPECT_RC(ginet_udp_send(b, &to, NULL, texts[i], strlen(texts[i])), 0);
    for (int i = 0; i < 4; i++)
        expect_udp(mb, a, pb, texts[i]);
    expect_nothing(mb);
    CU_ASSERT_EQUAL(ut_stat(a, GINET_STAT_RECV_CNT), 4);
    CU_ASSERT_EQUAL(ut_stat(a, GINET_STAT_RECV_OCT), 11);
    tt_drop(a);
    tt_drop(b);
    ginet_mailbox_free(mb);
}

static void test_active_once(void)
{
    ginet_mailbox *mb = ginet_mailbox_new();
    ginet_socket *a, *b;
    int pa, pb;
    CU_ASSERT_FATAL(ut_open("binary,{active,once}", mb, &a, &pa) == 0);
    CU_ASSERT_FATAL(ut_open("binary,{active,false}", NULL, &b, &pb) == 0);
    ginet_sockaddr to = ut_loopback(0, pa);
    TT_EXPECT_RC(ginet_udp_send(b, &to, NULL, "1", 1), 0);
    TT_EXPECT_RC(ginet_udp_send(b, &to, NULL, "2", 1), 0);
    expect_udp(mb, a, pb, "1");
    expect_nothing(mb);
    char *got = NULL;
    CU_ASSERT(ginet_getopts_text(a, "[active]", &got) == 0);
    if (got)
        CU_ASSERT_STRING_EQUAL(got, "[{active,false}]");
    free(got);
    CU_ASSERT(ginet_setopts(a, "[{active,once}]") == 0);
    expect_udp(mb, a, pb, "2");
    expect_nothing(mb);
    tt_drop(a);
    tt_drop(b);
    ginet_mailbox_free(mb);
}

/* OTP: {active,2} and three datagrams -> two udp messages, udp_passive;
 * the third stays for recv. */
static void test_active_n(void)
{
    ginet_mailbox *mb = ginet_mailbox_new();
    ginet_socket *a, *b;
    int pa, pb;
    CU_ASSERT_FATAL(ut_open("binary,{active,false}", mb, &a, &pa) == 0);
    CU_ASSERT_FATAL(ut_open("binary,{active,false}", NULL, &b, &pb) == 0);
    ginet_sockaddr to = ut_loopback(0, pa);
    CU_ASSERT(ginet_setopts(a, "[{active,2}]") == 0);
    for (int i = 0; i < 3; i++)
        TT_EXPECT_RC(ginet_udp_send(b, &to, NULL, "x", 1), 0);
    expect_udp(mb, a, pb, "x");
    expect_udp(mb, a, pb, "x");
    expect_kind(mb, a, GINET_MSG_UDP_PASSIVE);
    expect_nothing(mb);
    ginet_msg *m = NULL;
    if (TT_EXPECT_RC(ginet_udp_recv(a, 0, TT_WAIT, &m), 0))
        CU_ASSERT(m->len == 1 && m->data[0] == 'x');
    ginet_msg_free(m);
    /* {active,N} adds up; setting it to 0 sends udp_passive at once. */
    CU_ASSERT(ginet_setopts(a, "[{active,1}]") == 0);
    CU_ASSERT(ginet_setopts(a, "[{active,1}]") == 0);
    TT_EXPECT_RC(ginet_udp_send(b, &to, NULL, "y", 1), 0);
    expect_udp(mb, a, pb, "y");
    CU_ASSERT(ginet_setopts(a, "[{active,-1}]") == 0);
    expect_kind(mb, a, GINET_MSG_UDP_PASSIVE);
    expect_nothing(mb);
    tt_drop(a);
    tt_drop(b);
    ginet_mailbox_free(mb);
}

/* {udp, S, IP, Port, AncData, Data} when recvttl is on. */
static void test_active_ancillary(void)
{
    ginet_mailbox *mb = ginet_mailbox_new();
    ginet_socket *a, *b;
    int pa, pb;
    CU_ASSERT_FATAL(ut_open("binary,{active,true},{recvttl,true},{recvtos,true}", mb,
                            &a, &pa) == 0);
    CU_ASSERT_FATAL(ut_open("binary,{active,false}", NULL, &b, &pb) == 0);
    ginet_sockaddr to = ut_loopback(0, pa);
    ginet_udp_ancillary anc = { .present = GINET_BK_ANC_TTL | GINET_BK_ANC_TOS,
                                .ttl = 9, .tos = 4 };
    TT_EXPECT_RC(ginet_udp_send(b, &to, &anc, "yy", 2), 0);
    ginet_msg *m = next_msg(mb, TT_WAIT);
    CU_ASSERT_FATAL(m != NULL);
    CU_ASSERT_EQUAL(m->kind, GINET_MSG_UDP);
    CU_ASSERT_EQUAL(m->anc.present, GINET_BK_ANC_TTL | GINET_BK_ANC_TOS);
    CU_ASSERT_EQUAL(m->anc.ttl, 9);
    CU_ASSERT_EQUAL(m->anc.tos, 4);
    CU_ASSERT(m->len == 2 && memcmp(m->data, "yy", 2) == 0);
    ginet_msg_free(m);
    tt_drop(a);
    tt_drop(b);
    ginet_mailbox_free(mb);
}

/* OTP: a connected socket whose peer port is closed gets
 * {udp_error, S, econnrefused} and stays open. */
static void test_active_error(void)
{
    ginet_mailbox *mb = ginet_mailbox_new();
    ginet_socket *a, *gone;
    int pa, pg;
    CU_ASSERT_FATAL(ut_open("{active,false}", NULL, &gone, &pg) == 0);
    tt_drop(gone);                           /* nobody holds pg now */
    CU_ASSERT_FATAL(ut_open("binary,{active,true}", mb, &a, &pa) == 0);
    ginet_sockaddr to = ut_loopback(0, pg);
    TT_EXPECT_RC(ginet_udp_connect(a, &to), 0);
    TT_EXPECT_RC(ginet_udp_send(a, NULL, NULL, "x", 1), 0);
    ginet_msg *m = next_msg(mb, TT_WAIT);
    CU_ASSERT_FATAL(m != NULL);
    CU_ASSERT_EQUAL(m->kind, GINET_MSG_UDP_ERROR);
    CU_ASSERT_EQUAL(m->error, GINET_ECONNREFUSED);
    ginet_msg_free(m);
    /* Still open: it can be reconnected and used. */
    ginet_sockaddr self = ut_loopback(0, pa);
    TT_EXPECT_RC(ginet_udp_connect(a, &self), 0);
    TT_EXPECT_RC(ginet_udp_send(a, NULL, NULL, "me", 2), 0);
    expect_udp(mb, a, pa, "me");
    tt_drop(a);
    ginet_mailbox_free(mb);
}

/* A callback owner answering each datagram on the loop thread. */
static void echo_cb(ginet_msg *m, void *arg)
{
    int *count = arg;
    if (m->kind != GINET_MSG_UDP)
        return;
    (*count)++;
    ginet_udp_send(m->socket, &m->from, NULL, m->data, m->len);
}

static void test_callback_echo(void)
{
    int count = 0;
    ginet_mailbox *cb = ginet_mailbox_new_callback(echo_cb, &count);
    ginet_socket *e, *c;
    int pe, pc;
    CU_ASSERT_FATAL(ut_open("binary,{active,true}", cb, &e, &pe) == 0);
    CU_ASSERT_FATAL(ut_open("binary,{active,false}", NULL, &c, &pc) == 0);
    ginet_sockaddr to = ut_loopback(0, pe);
    tt_rng r;
    tt_rng_seed(&r, 7);
    for (int i = 0; i < 200; i++) {
        uint8_t buf[1200];
        size_t n = tt_rand_range(&r, 0, sizeof buf);
        tt_fill_random(&r, buf, n);
        TT_EXPECT_RC(ginet_udp_send(c, &to, NULL, buf, n), 0);
        ginet_msg *m = NULL;
        if (!TT_EXPECT_RC(ginet_udp_recv(c, 0, TT_WAIT, &m), 0))
            break;
        CU_ASSERT(m->len == n && (n == 0 || memcmp(m->data, buf, n) == 0));
        CU_ASSERT_EQUAL(m->from.port, pe);
        ginet_msg_free(m);
    }
    tt_drop(e);
    tt_drop(c);
    ginet_mailbox_free(cb);
    CU_ASSERT_EQUAL(count, 200);
}

/* controlling_process moves delivery to the new owner. */
static void test_owner_move(void)
{
    ginet_mailbox *m1 = ginet_mailbox_new(), *m2 = ginet_mailbox_new();
    ginet_socket *a, *b;
    int pa, pb;
    CU_ASSERT_FATAL(ut_open("binary,{active,true}", m1, &a, &pa) == 0);
    CU_ASSERT_FATAL(ut_open("binary,{active,false}", NULL, &b, &pb) == 0);
    ginet_sockaddr to = ut_loopback(0, pa);
    TT_EXPECT_RC(ginet_udp_send(b, &to, NULL, "first", 5), 0);
    expect_udp(m1, a, pb, "first");
    TT_EXPECT_RC(ginet_controlling_process(a, m2), 0);
    TT_EXPECT_RC(ginet_udp_send(b, &to, NULL, "second", 6), 0);
    expect_udp(m2, a, pb, "second");
    expect_nothing(m1);
    tt_drop(a);
    tt_drop(b);
    ginet_mailbox_free(m1);
    ginet_mailbox_free(m2);
}

/* {read_packets,1}: one datagram per turn of the loop, none lost. */
static void test_read_packets(void)
{
    ginet_mailbox *mb = ginet_mailbox_new();
    ginet_socket *a, *b;
    int pa, pb;
    /* a recbuf with room for all 20 while the socket is passive */
    CU_ASSERT_FATAL(ut_open("binary,{active,false},{read_packets,1},{recbuf,262144}", mb,
                            &a, &pa) == 0);
    CU_ASSERT_FATAL(ut_open("binary,{active,false}", NULL, &b, &pb) == 0);
    ginet_sockaddr to = ut_loopback(0, pa);
    char text[16];
    for (int i = 0; i < 20; i++) {
        snprintf(text, sizeof text, "d%d", i);
        TT_EXPECT_RC(ginet_udp_send(b, &to, NULL, text, strlen(text)), 0);
    }
    CU_ASSERT(ginet_setopts(a, "[{active,true}]") == 0);
    for (int i = 0; i < 20; i++) {
        snprintf(text, sizeof text, "d%d", i);
        expect_udp(mb, a, pb, text);
    }
    expect_nothing(mb);
    tt_drop(a);
    tt_drop(b);
    ginet_mailbox_free(mb);
}

const ginet_test_case ut_active_cases[] = {
    { "read_packets", test_read_packets },
    { "active_true", test_active_true },
    { "active_once", test_active_once },
    { "active_n", test_active_n },
    { "active_ancillary", test_active_ancillary },
    { "active_error", test_active_error },
    { "callback_echo", test_callback_echo },
    { "owner_move", test_owner_move },
    { NULL, NULL }
};
