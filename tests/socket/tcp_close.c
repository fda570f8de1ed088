/*
 * tests/socket/tcp_close.c — suite "tcp_close[B]": how connections end.
 * Peer close and reset (show_econnreset both ways, exit_on_close both
 * ways), what each call answers afterwards (OTP's sequence), close
 * releasing a blocked recv, every call after close, shutdown (returning
 * as soon as the queue is out), linger {true,0}, close flushing what is
 * queued, and a send meeting a reset with exit_on_close false.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "tests/socket/tcp_test.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int recv_rc(ginet_socket *s, int timeout)
{
    ginet_msg *m = NULL;
    int rc = ginet_recv(s, 0, timeout, &m);
    ginet_msg_free(m);
    return rc;
}

/* OTP 25: the peer sends "hello" and closes.
 *   recv -> {ok,<<"hello">>}, recv -> {error,closed}, recv -> {error,enotconn},
 *   send -> {error,closed}, send -> {error,enotconn}
 * (exit_on_close: the socket closes itself once the input has ended; the
 * first send after that reports closed, later calls enotconn). */
static void test_peer_close_after_data(void)
{
    ginet_socket *s;
    int peer;
    if (tt_peer_pair(NULL, &s, &peer) != 0)
        return;
    tt_write_full(peer, "hello", 5);
    close(peer);
    char buf[5];
    if (TT_EXPECT_RC(tt_recv_raw(s, buf, 5), 0))
        CU_ASSERT(memcmp(buf, "hello", 5) == 0);
    TT_EXPECT_RC(recv_rc(s, TT_WAIT), GINET_ECLOSED);
    TT_EXPECT_RC(recv_rc(s, 100), GINET_ENOTCONN);
    TT_EXPECT_RC(ginet_send(s, "x", 1), GINET_ECLOSED);
    TT_EXPECT_RC(ginet_send(s, "x", 1), GINET_ENOTCONN);
    TT_EXPECT_RC(recv_rc(s, 100), GINET_ENOTCONN);
    TT_EXPECT_RC(ginet_shutdown(s, GINET_SHUT_WRITE), GINET_ENOTCONN);
    TT_EXPECT_RC(ginet_close(s), 0);           /* OTP: ok */
    ginet_socket_release(s);
}

/* OTP 25, {packet,raw}: the peer sends "abc" and closes;
 *   recv(S, 5) -> {error,closed} (the 3 bytes are lost), recv(S, 0) ->
 *   {error,enotconn}. */
static void test_recv_length_then_close(void)
{
    ginet_socket *s;
    int peer;
    if (tt_peer_pair(NULL, &s, &peer) != 0)
        return;
    tt_write_full(peer, "abc", 3);
    close(peer);
    tt_sleep_ms(30);
    ginet_msg *m = NULL;
    TT_EXPECT_RC(ginet_recv(s, 5, TT_WAIT, &m), GINET_ECLOSED);
    TT_EXPECT_RC(ginet_recv(s, 0, 100, &m), GINET_ENOTCONN);
    CU_ASSERT_PTR_NULL(m);
    tt_drop(s);
}

/* OTP 25, the peer resets after sending "data":
 *   show_econnreset false: recv -> data, recv -> closed, send -> closed,
 *                          recv -> enotconn
 *   show_econnreset true:  recv -> data, recv -> econnreset,
 *                          send -> enotconn, recv -> enotconn */
static void peer_reset(int show)
{
    ginet_socket *s;
    int peer;
    if (tt_peer_pair(show ? "{show_econnreset,true}" : NULL, &s, &peer) != 0)
        return;
    tt_write_full(peer, "data", 4);
    tt_sleep_ms(20);
    tt_reset_close(peer);
    tt_sleep_ms(50);
    char buf[4];
    if (TT_EXPECT_RC(tt_recv_raw(s, buf, 4), 0))
        CU_ASSERT(memcmp(buf, "data", 4) == 0);
    TT_EXPECT_RC(recv_rc(s, TT_WAIT), show ? GINET_ECONNRESET : GINET_ECLOSED);
    TT_EXPECT_RC(ginet_send(s, "x", 1), show ? GINET_ENOTCONN : GINET_ECLOSED);
    TT_EXPECT_RC(recv_rc(s, 100), GINET_ENOTCONN);
    TT_EXPECT_RC(ginet_close(s), 0);
    ginet_socket_release(s);
}

static void test_peer_reset(void)
{
    peer_reset(0);
    peer_reset(1);
}

/* OTP 25, the peer resets before anything is read:
 *   show_econnreset false: send -> closed, recv -> closed
 *   show_econnreset true:  send -> econnreset, recv -> econnreset */
static void reset_then_send(int show)
{
    ginet_socket *s;
    int peer;
    if (tt_peer_pair(show ? "{show_econnreset,true}" : NULL, &s, &peer) != 0)
        return;
    tt_reset_close(peer);
    tt_sleep_ms(50);
    int want = show ? GINET_ECONNRESET : GINET_ECLOSED;
    TT_EXPECT_RC(ginet_send(s, "x", 1), want);
    TT_EXPECT_RC(recv_rc(s, TT_WAIT), want);
    TT_EXPECT_RC(ginet_close(s), 0);
    ginet_socket_release(s);
}

static void test_reset_then_send(void)
{
    reset_then_send(0);
    reset_then_send(1);
}

/* OTP 25, the peer closes and we only send:
 *   send -> ok (the kernel took it; the peer answers with a reset),
 *   send -> {error,closed}, send -> {error,enotconn},
 *   recv -> {error,closed}, recv -> {error,enotconn} */
static void test_send_after_peer_close(void)
{
    ginet_socket *s;
    int peer;
    if (tt_peer_pair(NULL, &s, &peer) != 0)
        return;
    close(peer);
    tt_sleep_ms(50);
    TT_EXPECT_RC(ginet_send(s, "x", 1), 0);
    tt_sleep_ms(50);
    TT_EXPECT_RC(ginet_send(s, "x", 1), GINET_ECLOSED);
    TT_EXPECT_RC(ginet_send(s, "x", 1), GINET_ENOTCONN);
    TT_EXPECT_RC(recv_rc(s, TT_WAIT), GINET_ECLOSED);
    TT_EXPECT_RC(recv_rc(s, 100), GINET_ENOTCONN);
    TT_EXPECT_RC(ginet_close(s), 0);
    ginet_socket_release(s);
}

/* OTP 25 with {exit_on_close,false}, the peer shuts its writing down:
 *   recv -> closed, recv -> closed, send -> ok (the peer gets it)
 * and after a reset with show_econnreset: recv -> econnreset, recv ->
 * closed, send -> econnreset. */
static void test_exit_on_close_false(void)
{
    ginet_socket *s;
    int peer;
    if (tt_peer_pair("{exit_on_close,false}", &s, &peer) != 0)
        return;
    shutdown(peer, SHUT_WR);
    TT_EXPECT_RC(recv_rc(s, TT_WAIT), GINET_ECLOSED);
    TT_EXPECT_RC(recv_rc(s, TT_WAIT), GINET_ECLOSED);
    TT_EXPECT_RC(ginet_send(s, "back", 4), 0);
    char buf[4];
    CU_ASSERT(tt_read_full(peer, buf, 4) == 0 && memcmp(buf, "back", 4) == 0);
    close(peer);
    tt_drop(s);

    if (tt_peer_pair("{exit_on_close,false},{show_econnreset,true}", &s, &peer) != 0)
        return;
    tt_reset_close(peer);
    tt_sleep_ms(50);
    TT_EXPECT_RC(recv_rc(s, TT_WAIT), GINET_ECONNRESET);
    TT_EXPECT_RC(recv_rc(s, TT_WAIT), GINET_ECLOSED);
    TT_EXPECT_RC(ginet_send(s, "x", 1), GINET_ECONNRESET);
    tt_drop(s);
}

/* OTP 25, default options, the peer shuts its writing down:
 *   recv -> closed, send -> closed, and the peer sees the close. */
static void test_peer_half_close(void)
{
    ginet_socket *s;
    int peer;
    if (tt_peer_pair(NULL, &s, &peer) != 0)
        return;
    shutdown(peer, SHUT_WR);
    TT_EXPECT_RC(recv_rc(s, TT_WAIT), GINET_ECLOSED);
    TT_EXPECT_RC(ginet_send(s, "back", 4), GINET_ECLOSED);
    char c;
    CU_ASSERT_EQUAL(read(peer, &c, 1), 0);
    close(peer);
    tt_drop(s);
}

struct recv_arg {
    ginet_socket *s;
    int rc;
    long long ms;
};

static void *recv_main(void *p)
{
    struct recv_arg *x = p;
    long long t0 = tt_now_ms();
    x->rc = recv_rc(x->s, TT_WAIT);
    x->ms = tt_now_ms() - t0;
    return NULL;
}

/* A recv blocked in one thread is released by close in another, with
 * closed, promptly (OTP: {error,closed}). */
static void test_close_releases_recv(void)
{
    for (int packet = 0; packet < 2; packet++) {
        ginet_socket *c, *a;
        if (tt_pair(packet ? "{packet,4}" : NULL, NULL, &c, &a) != 0)
            return;
        struct recv_arg x = { c, 1, 0 };
        tt_thread t;
        if (tt_thread_start(&t, recv_main, &x) == 0) {
            tt_sleep_ms(100);
            long long t0 = tt_now_ms();
            TT_EXPECT_RC(ginet_close(c), 0);
            if (tt_thread_join(&t, TT_WAIT) == 0) {
                TT_EXPECT_RC(x.rc, GINET_ECLOSED);
                CU_ASSERT(tt_now_ms() - t0 < 1000);
            }
        }
        /* The peer sees the close. */
        TT_EXPECT_RC(recv_rc(a, TT_WAIT), GINET_ECLOSED);
        ginet_socket_release(c);
        tt_drop(a);
    }
}

/* After close every call answers closed and nothing crashes; the handle
 * stays valid until released. */
static void test_calls_after_close(void)
{
    ginet_socket *c, *a, *ls;
    int port;
    if (tt_pair(NULL, NULL, &c, &a) != 0)
        return;
    TT_EXPECT_RC(ginet_close(c), 0);
    ginet_msg *m = NULL;
    ginet_sockaddr sa;
    ginet_iovec v = { "x", 1 };
    char *text = NULL;
    int p;
    ginet_option id = GINET_OPT_PACKET;
    ginet_optlist *l = ginet_optlist_new();
    /* OTP 25 after gen_tcp:close: send -> closed, recv -> closed,
     * shutdown -> closed, setopts/getopts/sockname/peername/port ->
     * einval (ginet: closed, on purpose: one answer for a closed socket);
     * a second close is ok in both. */
    TT_EXPECT_RC(ginet_send(c, "x", 1), GINET_ECLOSED);
    TT_EXPECT_RC(ginet_sendv(c, &v, 1), GINET_ECLOSED);
    TT_EXPECT_RC(ginet_recv(c, 0, 10, &m), GINET_ECLOSED);
    TT_EXPECT_RC(ginet_recv(c, 5, 10, &m), GINET_ECLOSED);
    TT_EXPECT_RC(ginet_shutdown(c, GINET_SHUT_WRITE), GINET_ECLOSED);
    TT_EXPECT_RC(ginet_setopts(c, "[{packet,2}]"), GINET_ECLOSED);
    TT_EXPECT_RC(ginet_setopts_list(c, l), GINET_ECLOSED);
    TT_EXPECT_RC(ginet_getopts(c, &id, 1, l), GINET_ECLOSED);
    TT_EXPECT_RC(ginet_getopts_text(c, "[packet]", &text), GINET_ECLOSED);
    TT_EXPECT_RC(ginet_sockname(c, &sa), GINET_ECLOSED);
    TT_EXPECT_RC(ginet_peername(c, &sa), GINET_ECLOSED);
    TT_EXPECT_RC(ginet_socknames(c, &sa, 1), GINET_ECLOSED);
    TT_EXPECT_RC(ginet_peernames(c, &sa, 1), GINET_ECLOSED);
    TT_EXPECT_RC(ginet_port(c, &p), GINET_ECLOSED);
    TT_EXPECT_RC(ginet_close(c), 0);        /* OTP: closing twice is ok */
    CU_ASSERT_STRING_EQUAL(ginet_socket_backend(c), tt_backend());
    CU_ASSERT_PTR_NULL(m);
    free(text);
    ginet_optlist_free(l);
    ginet_socket_release(c);
    tt_drop(a);
    if (!TT_EXPECT_RC(tt_listen(NULL, 0, &ls, &port), 0))
        return;
    TT_EXPECT_RC(ginet_close(ls), 0);
    ginet_socket *x = NULL;
    TT_EXPECT_RC(ginet_tcp_accept(ls, 10, &x), GINET_ECLOSED);
    TT_EXPECT_RC(ginet_port(ls, &p), GINET_ECLOSED);
    ginet_socket_release(ls);
    /* NULL handles are einval, not a crash. */
    TT_EXPECT_RC(ginet_send(NULL, "x", 1), GINET_EINVAL);
    TT_EXPECT_RC(ginet_recv(NULL, 0, 0, &m), GINET_EINVAL);
    TT_EXPECT_RC(ginet_close(NULL), GINET_EINVAL);
    TT_EXPECT_RC(ginet_tcp_accept(NULL, 0, &x), GINET_EINVAL);
    ginet_socket_release(NULL);
}

/* OTP 25: send "bye", shutdown(write): the peer reads "bye" then EOF, and
 * can still send: we recv "still"; our send -> {error,closed}. */
static void test_shutdown_write(void)
{
    ginet_socket *s;
    int peer;
    if (tt_peer_pair(NULL, &s, &peer) != 0)
        return;
    TT_EXPECT_RC(ginet_send(s, "bye", 3), 0);
    TT_EXPECT_RC(ginet_shutdown(s, GINET_SHUT_WRITE), 0);
    char buf[8];
    CU_ASSERT_EQUAL(tt_read_until_eof(peer, buf, sizeof buf), 3);
    CU_ASSERT(memcmp(buf, "bye", 3) == 0);
    tt_write_full(peer, "still", 5);
    if (TT_EXPECT_RC(tt_recv_raw(s, buf, 5), 0))
        CU_ASSERT(memcmp(buf, "still", 5) == 0);
    TT_EXPECT_RC(ginet_send(s, "x", 1), GINET_ECLOSED);
    close(peer);
    tt_drop(s);
}

struct reader {
    int fd;
    uint8_t *buf;
    size_t cap;
    long got;
};

static void *reader_main(void *p)
{
    struct reader *r = p;
    r->got = tt_read_until_eof(r->fd, r->buf, r->cap);
    return NULL;
}

static void *reader_delayed_main(void *p)
{
    tt_sleep_ms(200);
    return reader_main(p);
}

struct shut_arg {
    ginet_socket *s;
    int rc;
};

static void *shut_main(void *p)
{
    struct shut_arg *x = p;
    x->rc = ginet_shutdown(x->s, GINET_SHUT_WRITE);
    return NULL;
}

/* A write shutdown waits for what is queued (OTP does the same): 2 MB
 * queued, shutdown, the peer gets all of it and then EOF. */
static void test_shutdown_write_flushes(void)
{
    ginet_socket *s;
    int peer;
    if (tt_peer_pair(NULL, &s, &peer) != 0)
        return;
    size_t len = 2u << 20;
    uint8_t *data = malloc(len), *got = malloc(len + 1);
    if (data != NULL && got != NULL) {
        tt_rng r;
        tt_rng_seed(&r, 5);
        tt_fill_random(&r, data, len);
        TT_EXPECT_RC(ginet_send(s, data, len), 0);
        /* The peer reads in a thread while shutdown waits for the queue
         * (in another thread: a shutdown that never returns fails the
         * test instead of hanging it). */
        struct reader rd = { peer, got, len + 1, -2 };
        struct shut_arg sh = { s, 1 };
        tt_thread t, ts;
        if (tt_thread_start(&t, reader_main, &rd) == 0) {
            if (tt_thread_start(&ts, shut_main, &sh) == 0) {
                tt_thread_join_close(&ts, 10000, s);
                TT_EXPECT_RC(sh.rc, 0);
            }
            if (tt_thread_join(&t, 10000) == 0) {
                CU_ASSERT_EQUAL(rd.got, (long)len);
                CU_ASSERT(rd.got == (long)len && memcmp(got, data, len) == 0);
            }
        }
    } else {
        CU_FAIL("malloc");
    }
    free(data);
    free(got);
    close(peer);
    tt_drop(s);
}

/* OTP 25: shutdown(read), then recv -> {error,closed}. */
static void test_shutdown_read(void)
{
    ginet_socket *s;
    int peer;
    if (tt_peer_pair(NULL, &s, &peer) != 0)
        return;
    TT_EXPECT_RC(ginet_shutdown(s, GINET_SHUT_READ), 0);
    TT_EXPECT_RC(recv_rc(s, 500), GINET_ECLOSED);
    TT_EXPECT_RC(ginet_shutdown(s, 7), GINET_EINVAL);
    close(peer);
    tt_drop(s);
}

/* {linger,{true,0}}: close resets the connection; the peer's read fails
 * with ECONNRESET. */
static void test_linger_zero_resets(void)
{
    ginet_socket *s;
    int peer;
    if (tt_peer_pair("{linger,{true,0}}", &s, &peer) != 0)
        return;
    TT_EXPECT_RC(ginet_close(s), 0);
    char c;
    errno = 0;
    ssize_t n = read(peer, &c, 1);
    CU_ASSERT(n < 0 && errno == ECONNRESET);
    close(peer);
    ginet_socket_release(s);
}

/* Close still sends what was queued (OTP: data queued before close goes
 * out): 4 MB sent while the peer does not read, close, then the peer
 * reads all of it and EOF. */
static void test_close_flushes_queue(void)
{
    ginet_socket *s;
    int peer;
    if (tt_peer_pair(NULL, &s, &peer) != 0)
        return;
    size_t len = 4u << 20;
    uint8_t *data = malloc(len), *got = malloc(len + 1);
    if (data != NULL && got != NULL) {
        tt_rng r;
        tt_rng_seed(&r, 9);
        tt_fill_random(&r, data, len);
        TT_EXPECT_RC(ginet_send(s, data, len), 0);
        TT_EXPECT_RC(ginet_close(s), 0);
        long n = tt_read_until_eof(peer, got, len + 1);
        CU_ASSERT_EQUAL(n, (long)len);
        CU_ASSERT(n == (long)len && memcmp(got, data, len) == 0);
    } else {
        CU_FAIL("malloc");
    }
    free(data);
    free(got);
    close(peer);
    ginet_socket_release(s);
}

/* Releasing an open socket closes it (socket.h), even while another
 * reference keeps the handle: the peer sees EOF after what was sent, and
 * the other reference answers closed. */
static void test_release_closes(void)
{
    ginet_socket *s;
    int peer;
    if (tt_peer_pair(NULL, &s, &peer) != 0)
        return;
    ginet_socket *other = ginet_socket_retain(s);
    TT_EXPECT_RC(ginet_send(s, "a", 1), 0);
    ginet_socket_release(s);
    char buf[4];
    CU_ASSERT_EQUAL(tt_read_until_eof(peer, buf, sizeof buf), 1);
    TT_EXPECT_RC(ginet_send(other, "a", 1), GINET_ECLOSED);
    ginet_socket_release(other);
    close(peer);
}

/* Four more sends: their answers against WANT (GINET_E* codes). */
static void expect_sends(ginet_socket *s, const int want[4])
{
    for (int i = 0; i < 4; i++)
        TT_EXPECT_RC(ginet_send(s, "x", 1), want[i]);
}

/* OTP 25, passive, {exit_on_close,false}; the peer closes:
 *   recv -> closed; send -> ok (the peer answers with a reset); then
 *   show_econnreset false: sends -> closed, closed, enotconn, enotconn;
 *                          recv -> closed
 *   show_econnreset true:  sends -> econnreset, econnreset, enotconn,
 *                          enotconn; recv -> econnreset
 *   sockname -> ebadf, peername -> enotconn (the descriptor is gone). */
static void eoc_false_close_then_sends(int show)
{
    ginet_socket *s;
    int peer;
    if (tt_peer_pair(show ? "{exit_on_close,false},{show_econnreset,true}"
                          : "{exit_on_close,false}", &s, &peer) != 0)
        return;
    close(peer);
    TT_EXPECT_RC(recv_rc(s, TT_WAIT), GINET_ECLOSED);
    TT_EXPECT_RC(ginet_send(s, "x", 1), 0);
    tt_sleep_ms(50);
    int e = show ? GINET_ECONNRESET : GINET_ECLOSED;
    const int want[4] = { e, e, GINET_ENOTCONN, GINET_ENOTCONN };
    expect_sends(s, want);
    TT_EXPECT_RC(recv_rc(s, 100), e);
    ginet_sockaddr a;
    TT_EXPECT_RC(ginet_sockname(s, &a), GINET_EBADF);
    TT_EXPECT_RC(ginet_peername(s, &a), GINET_ENOTCONN);
    tt_drop(s);
}

static void test_eoc_false_close_then_sends(void)
{
    eoc_false_close_then_sends(0);
    eoc_false_close_then_sends(1);
}

/* OTP 25, passive, the peer resets at once; the same with exit_on_close
 * true or false (a send that meets a reset closes the descriptor):
 *   sends -> closed (econnreset with show_econnreset), enotconn, enotconn,
 *   enotconn; recv -> closed (econnreset), enotconn; shutdown(write) ->
 *   enotconn; getopts([active,nodelay]) -> [{active,false}]. */
static void reset_then_sends(int show, int eoc)
{
    char opts[96];
    snprintf(opts, sizeof opts, "{exit_on_close,%s},{show_econnreset,%s}",
             eoc ? "true" : "false", show ? "true" : "false");
    ginet_socket *s;
    int peer;
    if (tt_peer_pair(opts, &s, &peer) != 0)
        return;
    printf("[show %d eoc %d] ", show, eoc);
    tt_reset_close(peer);
    tt_sleep_ms(50);
    int e = show ? GINET_ECONNRESET : GINET_ECLOSED;
    const int want[4] = { e, GINET_ENOTCONN, GINET_ENOTCONN, GINET_ENOTCONN };
    expect_sends(s, want);
    TT_EXPECT_RC(recv_rc(s, 100), e);
    TT_EXPECT_RC(recv_rc(s, 100), GINET_ENOTCONN);
    TT_EXPECT_RC(ginet_shutdown(s, GINET_SHUT_WRITE), GINET_ENOTCONN);
    char *text = NULL;
    if (TT_EXPECT_RC(ginet_getopts_text(s, "[active,nodelay]", &text), 0))
        CU_ASSERT_STRING_EQUAL(text, "[{active,false}]");
    free(text);
    tt_drop(s);
}

static void test_reset_then_sends(void)
{
    for (int show = 0; show < 2; show++)
        for (int eoc = 0; eoc < 2; eoc++)
            reset_then_sends(show, eoc);
}

/* A write shutdown waits for the queue and no longer: 64 KB queued (below
 * the high watermark), a peer that starts reading 200 ms later; shutdown
 * returns as soon as the queue is out (not after OTP's 10 s check), and
 * the peer gets everything, then EOF. */
static void test_shutdown_write_returns_when_flushed(void)
{
    ginet_socket *s;
    int peer;
    if (tt_peer_pair_buf("{sndbuf,4096},{high_watermark,1048576}", 4096, &s, &peer) != 0)
        return;
    enum { LEN = 65536 };
    static uint8_t data[LEN], got[LEN + 1];
    memset(data, 'q', sizeof data);
    TT_EXPECT_RC(ginet_send(s, data, LEN), 0);
    struct reader rd = { peer, got, sizeof got, -2 };
    tt_thread t;
    if (tt_thread_start(&t, reader_delayed_main, &rd) == 0) {
        long long t0 = tt_now_ms();
        TT_EXPECT_RC(ginet_shutdown(s, GINET_SHUT_WRITE), 0);
        long long ms = tt_now_ms() - t0;
        printf("[shutdown took %lld ms] ", ms);
        CU_ASSERT(ms < 3000);
        if (tt_thread_join(&t, TT_WAIT) == 0)
            CU_ASSERT_EQUAL(rd.got, LEN);
    }
    close(peer);
    tt_drop(s);
}

const ginet_test_case tt_close_cases[] = {
    { "peer_close_after_data", test_peer_close_after_data },
    { "recv_length_then_close", test_recv_length_then_close },
    { "peer_reset", test_peer_reset },
    { "reset_then_send", test_reset_then_send },
    { "send_after_peer_close", test_send_after_peer_close },
    { "exit_on_close_false", test_exit_on_close_false },
    { "peer_half_close", test_peer_half_close },
    { "close_releases_recv", test_close_releases_recv },
    { "calls_after_close", test_calls_after_close },
    { "shutdown_write", test_shutdown_write },
    { "shutdown_write_flushes", test_shutdown_write_flushes },
    { "shutdown_read", test_shutdown_read },
    { "linger_zero_resets", test_linger_zero_resets },
    { "close_flushes_queue", test_close_flushes_queue },
    { "release_closes", test_release_closes },
    { "eoc_false_close_then_sends", test_eoc_false_close_then_sends },
    { "reset_then_sends", test_reset_then_sends },
    { "shutdown_write_returns_when_flushed", test_shutdown_write_returns_when_flushed },
    { NULL, NULL }
};
