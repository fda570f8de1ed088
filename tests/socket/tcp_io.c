/*
 * tests/socket/tcp_io.c — suite "tcp_io[B]": send and recv in passive
 * mode: raw recv with and without Length, the einval/ealready rules,
 * timeouts that keep what arrived, gather sends, large transfers, the
 * length headers of {packet,1|2|4} and their limits, and {buffer,N}.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "tests/socket/tcp_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void test_send_recv_raw(void)
{
    ginet_socket *c, *a;
    if (tt_pair(NULL, NULL, &c, &a) != 0)
        return;
    TT_EXPECT_RC(ginet_send(c, "hello", 5), 0);
    char buf[5];
    if (TT_EXPECT_RC(tt_recv_raw(a, buf, 5), 0))
        CU_ASSERT(memcmp(buf, "hello", 5) == 0);
    TT_EXPECT_RC(ginet_send(a, "world", 5), 0);
    if (TT_EXPECT_RC(tt_recv_raw(c, buf, 5), 0))
        CU_ASSERT(memcmp(buf, "world", 5) == 0);
    /* A raw send of nothing sends nothing (OTP: ok). */
    TT_EXPECT_RC(ginet_send(c, "", 0), 0);
    ginet_msg *m = NULL;
    TT_EXPECT_RC(ginet_recv(a, 0, 100, &m), GINET_ETIMEOUT);
    ginet_msg_free(m);
    tt_drop(c);
    tt_drop(a);
}

/* OTP 25, {packet,raw}: the peer sends "abc";
 *   recv(S, 5, 200) -> {error,timeout}          (the 3 bytes are kept)
 * the peer sends "defgh";
 *   recv(S, 5, 200) -> {ok,<<"abcde">>}
 *   recv(S, 0, 200) -> {ok,<<"fgh">>} */
static void test_recv_length_raw(void)
{
    ginet_socket *s;
    int peer;
    if (tt_peer_pair(NULL, &s, &peer) != 0)
        return;
    ginet_msg *m = NULL;
    tt_write_full(peer, "abc", 3);
    tt_sleep_ms(50);
    TT_EXPECT_RC(ginet_recv(s, 5, 200, &m), GINET_ETIMEOUT);
    CU_ASSERT_PTR_NULL(m);
    tt_write_full(peer, "defgh", 5);
    if (TT_EXPECT_RC(ginet_recv(s, 5, TT_WAIT, &m), 0))
        TT_EXPECT_DATA(m, "abcde", 5);
    ginet_msg_free(m);
    m = NULL;
    if (TT_EXPECT_RC(ginet_recv(s, 0, TT_WAIT, &m), 0))
        TT_EXPECT_DATA(m, "fgh", 3);
    ginet_msg_free(m);
    /* A Length larger than the buffer size works too. */
    static uint8_t big[100000];
    tt_rng r;
    tt_rng_seed(&r, 7);
    tt_fill_random(&r, big, sizeof big);
    tt_writer w = { 0 };
    if (tt_writer_start(&w, peer, big, sizeof big, 4000, 8) == 0) {
        m = NULL;
        if (TT_EXPECT_RC(ginet_recv(s, 60000, TT_WAIT, &m), 0))
            CU_ASSERT(m->len == 60000 && memcmp(m->data, big, 60000) == 0);
        ginet_msg_free(m);
        m = NULL;
        if (TT_EXPECT_RC(ginet_recv(s, 40000, TT_WAIT, &m), 0))
            CU_ASSERT(m->len == 40000 && memcmp(m->data, big + 60000, 40000) == 0);
        ginet_msg_free(m);
        CU_ASSERT_EQUAL(tt_writer_join(&w), 0);
    }
    close(peer);
    tt_drop(s);
}

/* OTP 25: recv(S, 5, T) on a {packet,4} socket -> {error,einval}. */
static void test_recv_length_nonraw(void)
{
    ginet_socket *c, *a;
    if (tt_pair("{packet,4}", NULL, &c, &a) != 0)
        return;
    ginet_msg *m = NULL;
    TT_EXPECT_RC(ginet_recv(c, 5, 100, &m), GINET_EINVAL);
    CU_ASSERT_PTR_NULL(m);
    /* The socket is fine afterwards. */
    TT_EXPECT_RC(ginet_send(a, "\0\0\0\2hi", 6), 0);
    if (TT_EXPECT_RC(ginet_recv(c, 0, TT_WAIT, &m), 0))
        TT_EXPECT_DATA(m, "hi", 2);
    ginet_msg_free(m);
    tt_drop(c);
    tt_drop(a);
}

/* OTP 25: recv on a socket in active mode -> {error,einval}. */
static void test_recv_active(void)
{
    ginet_socket *c, *a;
    if (tt_pair(NULL, NULL, &c, &a) != 0)
        return;
    /* Without an owner there is nobody to deliver to: einval. */
    TT_EXPECT_RC(ginet_setopts(c, "[{active,true}]"), GINET_EINVAL);
    ginet_mailbox *mb = ginet_mailbox_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(mb);
    TT_EXPECT_RC(ginet_controlling_process(c, mb), 0);
    TT_EXPECT_RC(ginet_setopts(c, "[{active,true}]"), 0);
    ginet_msg *m = NULL;
    TT_EXPECT_RC(ginet_recv(c, 0, 100, &m), GINET_EINVAL);
    TT_EXPECT_RC(ginet_setopts(c, "[{active,false}]"), 0);
    TT_EXPECT_RC(ginet_controlling_process(c, NULL), 0);
    ginet_mailbox_free(mb);
    tt_drop(c);
    tt_drop(a);
}

struct recv_arg {
    ginet_socket *s;
    int timeout;
    int rc;
    long long ms;
    ginet_msg *m;
};

static void *recv_main(void *p)
{
    struct recv_arg *x = p;
    long long t0 = tt_now_ms();
    x->rc = ginet_recv(x->s, 0, x->timeout, &x->m);
    x->ms = tt_now_ms() - t0;
    return NULL;
}

/* OTP 25: a second recv while one is blocked -> {error,ealready}; the
 * first one ends with {error,timeout} when nothing arrives. */
static void test_concurrent_recv(void)
{
    ginet_socket *c, *a;
    if (tt_pair(NULL, NULL, &c, &a) != 0)
        return;
    struct recv_arg x = { c, 600, 1, 0, NULL };
    tt_thread t;
    if (tt_thread_start(&t, recv_main, &x) == 0) {
        tt_sleep_ms(150);
        ginet_msg *m = NULL;
        TT_EXPECT_RC(ginet_recv(c, 0, 100, &m), GINET_EALREADY);
        CU_ASSERT_PTR_NULL(m);
        if (tt_thread_join(&t, TT_WAIT) == 0) {
            TT_EXPECT_RC(x.rc, GINET_ETIMEOUT);
            CU_ASSERT(x.ms >= 590);
        }
        ginet_msg_free(x.m);
    }
    /* And once it has ended, recv works again. */
    TT_EXPECT_RC(ginet_send(a, "x", 1), 0);
    ginet_msg *m = NULL;
    if (TT_EXPECT_RC(ginet_recv(c, 0, TT_WAIT, &m), 0))
        TT_EXPECT_DATA(m, "x", 1);
    ginet_msg_free(m);
    tt_drop(c);
    tt_drop(a);
}

/* A timeout loses nothing: half a {packet,4} packet, timeout, the rest,
 * the whole packet.  recv(S, 0, 0) with nothing there is a timeout at
 * once (OTP: {error,timeout}). */
static void test_recv_timeout_keeps_data(void)
{
    ginet_socket *s;
    int peer;
    if (tt_peer_pair("{packet,4}", &s, &peer) != 0)
        return;
    ginet_msg *m = NULL;
    long long t0 = tt_now_ms();
    TT_EXPECT_RC(ginet_recv(s, 0, 0, &m), GINET_ETIMEOUT);
    CU_ASSERT(tt_now_ms() - t0 < 500);
    tt_write_full(peer, "\0\0\0\x0a" "01234", 9);
    t0 = tt_now_ms();
    TT_EXPECT_RC(ginet_recv(s, 0, 200, &m), GINET_ETIMEOUT);
    long long dt = tt_now_ms() - t0;
    CU_ASSERT(dt >= 190 && dt < 2000);
    tt_write_full(peer, "56789", 5);
    if (TT_EXPECT_RC(ginet_recv(s, 0, TT_WAIT, &m), 0))
        TT_EXPECT_DATA(m, "0123456789", 10);
    ginet_msg_free(m);
    close(peer);
    tt_drop(s);
}

/* sendv: the header of {packet,2} covers the whole gather list; more
 * pieces than one system call takes are all sent, in order. */
static void test_sendv(void)
{
    ginet_socket *s;
    int peer;
    if (tt_peer_pair("{packet,2}", &s, &peer) != 0)
        return;
    ginet_iovec v[3] = { { "ab", 2 }, { "", 0 }, { "cdef", 4 } };
    TT_EXPECT_RC(ginet_sendv(s, v, 3), 0);
    uint8_t buf[8];
    CU_ASSERT(tt_read_full(peer, buf, 8) == 0 && memcmp(buf, "\0\6abcdef", 8) == 0);
    TT_EXPECT_RC(ginet_setopts(s, "[{packet,raw}]"), 0);
    enum { N = 40 };
    ginet_iovec many[N];
    char pieces[N][3];
    for (int i = 0; i < N; i++) {
        pieces[i][0] = (char)('0' + i / 10);
        pieces[i][1] = (char)('0' + i % 10);
        pieces[i][2] = '\0';
        many[i].base = pieces[i];
        many[i].len = 2;
    }
    TT_EXPECT_RC(ginet_sendv(s, many, N), 0);
    char got[2 * N + 1];
    if (tt_read_full(peer, got, 2 * N) == 0) {
        for (int i = 0; i < N; i++)
            CU_ASSERT(memcmp(got + 2 * i, pieces[i], 2) == 0);
    } else {
        CU_FAIL("peer read");
    }
    /* Bad arguments: einval, nothing sent. */
    TT_EXPECT_RC(ginet_sendv(s, NULL, 1), GINET_EINVAL);
    ginet_iovec bad = { NULL, 3 };
    TT_EXPECT_RC(ginet_sendv(s, &bad, 1), GINET_EINVAL);
    TT_EXPECT_RC(ginet_sendv(s, v, -1), GINET_EINVAL);
    close(peer);
    tt_drop(s);
}

struct sink_arg {
    int fd;
    const uint8_t *want;
    size_t len;
    int ok;
};

static void *sink_main(void *p)
{
    struct sink_arg *x = p;
    uint8_t buf[65536];
    size_t at = 0;
    x->ok = 1;
    while (at < x->len) {
        size_t k = x->len - at < sizeof buf ? x->len - at : sizeof buf;
        ssize_t n = read(x->fd, buf, k);
        if (n <= 0) {
            x->ok = 0;
            break;
        }
        if (memcmp(buf, x->want + at, (size_t)n) != 0)
            x->ok = 0;
        at += (size_t)n;
    }
    return NULL;
}

/* 8 MB in sends of random sizes, every byte checked by the peer. */
static void test_large_transfer(void)
{
    ginet_socket *s;
    int peer;
    if (tt_peer_pair("{send_timeout,20000}", &s, &peer) != 0)
        return;
    size_t len = 8u << 20;
    uint8_t *data = malloc(len);
    if (data == NULL) {
        CU_FAIL("malloc");
        close(peer);
        tt_drop(s);
        return;
    }
    tt_rng r;
    tt_rng_seed(&r, 11);
    tt_fill_random(&r, data, len);
    struct sink_arg x = { peer, data, len, 0 };
    tt_thread t;
    if (tt_thread_start(&t, sink_main, &x) == 0) {
        size_t at = 0;
        while (at < len) {
            size_t k = tt_rand_range(&r, 1, 300000);
            if (k > len - at)
                k = len - at;
            if (!TT_EXPECT_RC(ginet_send(s, data + at, k), 0))
                break;
            at += k;
        }
        if (tt_thread_join(&t, 20000) == 0)
            CU_ASSERT(x.ok);
    }
    free(data);
    close(peer);
    tt_drop(s);
}

/* {packet,1} and {packet,2}: a packet too big for the header is refused
 * with emsgsize and nothing is sent.  OTP 25 sends it with the length cut
 * to the header's size ({packet,1}, 300 bytes: the peer sees the header
 * 44 and a corrupt stream); ginet refuses on purpose (core/sock_send.c).
 * An empty packet is a header of 0 (OTP: recv gives <<>>). */
static void test_packet_header_limits(void)
{
    ginet_socket *c, *a;
    if (tt_pair("{packet,1}", "{packet,1}", &c, &a) != 0)
        return;
    static uint8_t big[70000];
    memset(big, 'a', sizeof big);
    TT_EXPECT_RC(ginet_send(c, big, 256), GINET_EMSGSIZE);
    TT_EXPECT_RC(ginet_send(c, big, 255), 0);
    ginet_msg *m = NULL;
    if (TT_EXPECT_RC(ginet_recv(a, 0, TT_WAIT, &m), 0))
        TT_EXPECT_DATA(m, big, 255);
    ginet_msg_free(m);
    m = NULL;
    TT_EXPECT_RC(ginet_send(c, "", 0), 0);
    if (TT_EXPECT_RC(ginet_recv(a, 0, TT_WAIT, &m), 0))
        TT_EXPECT_DATA(m, "", 0);
    ginet_msg_free(m);
    m = NULL;
    TT_EXPECT_RC(ginet_setopts(c, "[{packet,2}]"), 0);
    TT_EXPECT_RC(ginet_setopts(a, "[{packet,2}]"), 0);
    TT_EXPECT_RC(ginet_send(c, big, 65536), GINET_EMSGSIZE);
    TT_EXPECT_RC(ginet_send(c, big, 65535), 0);
    if (TT_EXPECT_RC(ginet_recv(a, 0, TT_WAIT, &m), 0))
        TT_EXPECT_DATA(m, big, 65535);
    ginet_msg_free(m);
    m = NULL;
    /* Nothing of the refused sends reached the peer. */
    TT_EXPECT_RC(ginet_recv(a, 0, 100, &m), GINET_ETIMEOUT);
    ginet_msg_free(m);
    tt_drop(c);
    tt_drop(a);
}

/* packet_size limits what is received, not what is sent (OTP 25: send of
 * 6 bytes with {packet,2},{packet_size,4} -> ok, the peer gets them). */
static void test_packet_size_not_on_send(void)
{
    ginet_socket *s;
    int peer;
    if (tt_peer_pair("{packet,2},{packet_size,4}", &s, &peer) != 0)
        return;
    TT_EXPECT_RC(ginet_send(s, "123456", 6), 0);
    uint8_t buf[8];
    CU_ASSERT(tt_read_full(peer, buf, 8) == 0 && memcmp(buf, "\0\6" "123456", 8) == 0);
    close(peer);
    tt_drop(s);
}

/* {buffer,N}: a raw recv(S, 0) returns at most N bytes (OTP 25: 1000 bytes
 * waiting, {buffer,100} -> 100 bytes). */
static void test_buffer_limits_raw_recv(void)
{
    ginet_socket *s;
    int peer;
    if (tt_peer_pair("{buffer,100}", &s, &peer) != 0)
        return;
    uint8_t data[1000];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)i;
    tt_write_full(peer, data, sizeof data);
    tt_sleep_ms(50);
    ginet_msg *m = NULL;
    if (TT_EXPECT_RC(ginet_recv(s, 0, TT_WAIT, &m), 0)) {
        if (m->len != 100)
            printf("{buffer,100}: recv(S,0) gave %zu bytes (OTP: 100)\n", m->len);
        CU_ASSERT(m->len == 100);
        CU_ASSERT(m->len <= sizeof data && memcmp(m->data, data, m->len) == 0);
    }
    ginet_msg_free(m);
    close(peer);
    tt_drop(s);
}

const ginet_test_case tt_io_cases[] = {
    { "send_recv_raw", test_send_recv_raw },
    { "recv_length_raw", test_recv_length_raw },
    { "recv_length_nonraw", test_recv_length_nonraw },
    { "recv_active", test_recv_active },
    { "concurrent_recv", test_concurrent_recv },
    { "recv_timeout_keeps_data", test_recv_timeout_keeps_data },
    { "sendv", test_sendv },
    { "large_transfer", test_large_transfer },
    { "packet_header_limits", test_packet_header_limits },
    { "packet_size_not_on_send", test_packet_size_not_on_send },
    { "buffer_limits_raw_recv", test_buffer_limits_raw_recv },
    { NULL, NULL }
};
