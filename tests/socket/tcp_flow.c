/*
 * tests/socket/tcp_flow.c — suite "tcp_flow[B]": flow control on the
 * sending side.  A peer that stops reading makes send block above
 * high_watermark; send_timeout 0 and > 0 answer timeout; send_timeout_close
 * closes; close releases a blocked send; delay_send still delivers every
 * byte in order.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "tests/socket/tcp_test.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define CHUNK 65536

/* A peer socket that takes little: a small receive buffer. */
static int small_peer(const char *copts, ginet_socket **s, int *peer)
{
    return tt_peer_pair_buf(copts, 4096, s, peer);
}

/* Send CHUNK-byte pieces of the pattern until a send fails or MAX sends;
 * *SENT gets the bytes of the sends that succeeded, *MS the time of the
 * last call.  Returns the last result. */
static int fill(ginet_socket *s, int max, size_t *sent, long long *ms)
{
    static uint8_t buf[CHUNK];
    int rc = 0;
    *sent = 0;
    for (int i = 0; i < max && rc == 0; i++) {
        for (size_t k = 0; k < CHUNK; k++)
            buf[k] = (uint8_t)((*sent + k) * 7 + 3);
        long long t0 = tt_now_ms();
        rc = ginet_send(s, buf, CHUNK);
        *ms = tt_now_ms() - t0;
        if (rc == 0)
            *sent += CHUNK;
    }
    return rc;
}

struct fill_arg {
    ginet_socket *s;
    size_t sent;
    long long ms;
    int rc;
};

static void *fill_main(void *p)
{
    struct fill_arg *f = p;
    f->rc = fill(f->s, 2000, &f->sent, &f->ms);
    return NULL;
}

/* fill() in a thread, so that a send_timeout not kept fails the test
 * instead of hanging it. */
static int fill_bounded(ginet_socket *s, size_t *sent, long long *ms)
{
    struct fill_arg f = { s, 0, 0, GINET_EINVAL };
    tt_thread t;
    if (tt_thread_start(&t, fill_main, &f) != 0)
        return GINET_EINVAL;
    tt_thread_join_close(&t, 3 * TT_WAIT, s);
    *sent = f.sent;
    *ms = f.ms;
    return f.rc;
}

/* Read until EOF or an error, checking the pattern; the bytes read (also
 * in *PROGRESS as they come, when not NULL). */
static long drain_progress(int fd, int *ok, _Atomic long *progress)
{
    uint8_t buf[65536];
    long total = 0;
    *ok = 1;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        for (ssize_t k = 0; k < n; k++)
            if (buf[k] != (uint8_t)(((size_t)total + (size_t)k) * 7 + 3))
                *ok = 0;
        total += n;
        if (progress != NULL)
            atomic_store(progress, total);
    }
    return total;
}

static long drain(int fd, int *ok)
{
    return drain_progress(fd, ok, NULL);
}

struct drain_arg {
    int fd;
    long got;
    int ok;
    _Atomic long progress;
};

static void *drain_main(void *p)
{
    struct drain_arg *d = p;
    d->got = drain_progress(d->fd, &d->ok, &d->progress);
    return NULL;
}

/* OTP 25, {send_timeout,200},{sndbuf,4096},{high_watermark,8192},
 * {low_watermark,4096}, a peer that does not read: a send answers
 * {error,timeout} after ~200 ms, and the next one too.  A send that timed
 * out queued nothing here (OTP: "undefined how much was sent"), so the
 * peer gets exactly the sends that succeeded, and sending works again
 * once the peer reads. */
static void test_send_timeout(void)
{
    ginet_socket *s;
    int peer;
    if (small_peer("{send_timeout,200},{sndbuf,4096},{high_watermark,8192},{low_watermark,4096}",
                   &s, &peer) != 0)
        return;
    size_t sent = 0;
    long long ms = 0;
    int rc = fill_bounded(s, &sent, &ms);
    TT_EXPECT_RC(rc, GINET_ETIMEOUT);
    CU_ASSERT(ms >= 190 && ms < 3000);
    long long t0 = tt_now_ms();
    TT_EXPECT_RC(ginet_send(s, "y", 1), GINET_ETIMEOUT);
    CU_ASSERT(tt_now_ms() - t0 >= 190);
    struct drain_arg d = { peer, 0, 0, 0 };
    tt_thread t;
    if (tt_thread_start(&t, drain_main, &d) == 0) {
        /* The peer reads now: once it has everything, sending works again. */
        long long until = tt_now_ms() + TT_WAIT;
        while (atomic_load(&d.progress) < (long)sent && tt_now_ms() < until)
            tt_sleep_ms(5);
        CU_ASSERT_EQUAL(atomic_load(&d.progress), (long)sent);
        static uint8_t more[CHUNK];
        for (size_t k = 0; k < CHUNK; k++)
            more[k] = (uint8_t)((sent + k) * 7 + 3);
        TT_EXPECT_RC(ginet_send(s, more, CHUNK), 0);
        TT_EXPECT_RC(ginet_close(s), 0);
        if (tt_thread_join(&t, 10000) == 0) {
            CU_ASSERT_EQUAL(d.got, (long)(sent + CHUNK));
            CU_ASSERT(d.ok);
        }
    }
    close(peer);
    ginet_socket_release(s);
}

/* OTP 25, {send_timeout,0}: a send on a busy socket -> {error,timeout}
 * at once. */
static void test_send_timeout_zero(void)
{
    ginet_socket *s;
    int peer;
    if (small_peer("{send_timeout,0},{sndbuf,4096}", &s, &peer) != 0)
        return;
    size_t sent = 0;
    long long ms = 0;
    TT_EXPECT_RC(fill_bounded(s, &sent, &ms), GINET_ETIMEOUT);
    CU_ASSERT(ms < 1000);                     /* no wait (200 ms would be the others') */
    close(peer);
    tt_drop(s);
}

/* OTP 25, {send_timeout,200},{send_timeout_close,true}: after the
 * timeout, send -> {error,enotconn}, recv -> {error,enotconn}, close ->
 * ok; the peer sees the connection end. */
static void test_send_timeout_close(void)
{
    ginet_socket *s;
    int peer;
    if (small_peer("{send_timeout,200},{send_timeout_close,true},{sndbuf,4096}", &s, &peer) != 0)
        return;
    size_t sent = 0;
    long long ms = 0;
    TT_EXPECT_RC(fill_bounded(s, &sent, &ms), GINET_ETIMEOUT);
    TT_EXPECT_RC(ginet_send(s, "y", 1), GINET_ENOTCONN);
    ginet_msg *m = NULL;
    TT_EXPECT_RC(ginet_recv(s, 0, 10, &m), GINET_ENOTCONN);
    int ok;
    long got = drain(peer, &ok);              /* ends: EOF or reset */
    CU_ASSERT(got >= 0 && ok);
    TT_EXPECT_RC(ginet_close(s), 0);
    close(peer);
    ginet_socket_release(s);
}

struct sender {
    ginet_socket *s;
    size_t total;
    _Atomic size_t sent;
    int rc;
};

static void *sender_main(void *p)
{
    struct sender *x = p;
    static _Thread_local uint8_t buf[CHUNK];
    size_t at = 0;
    x->rc = 0;
    while (at < x->total) {
        for (size_t k = 0; k < CHUNK; k++)
            buf[k] = (uint8_t)((at + k) * 7 + 3);
        x->rc = ginet_send(x->s, buf, CHUNK);
        if (x->rc != 0)
            break;
        at += CHUNK;
        atomic_store(&x->sent, at);
    }
    return NULL;
}

/* Above high_watermark a send blocks until the peer reads (no
 * send_timeout); then every byte arrives. */
static void test_high_watermark_blocks(void)
{
    ginet_socket *s;
    int peer;
    if (small_peer("{sndbuf,4096},{high_watermark,16384},{low_watermark,8192}", &s, &peer) != 0)
        return;
    struct sender x = { s, 8u << 20, 0, 1 };
    tt_thread ts, tp;
    if (tt_thread_start(&ts, sender_main, &x) != 0) {
        close(peer);
        tt_drop(s);
        return;
    }
    tt_sleep_ms(300);
    size_t a = atomic_load(&x.sent);
    tt_sleep_ms(300);
    size_t b = atomic_load(&x.sent);
    CU_ASSERT(a == b);                        /* blocked: the peer does not read */
    CU_ASSERT(b < x.total);
    struct drain_arg d = { peer, 0, 0, 0 };
    if (tt_thread_start(&tp, drain_main, &d) == 0) {
        if (tt_thread_join_close(&ts, 30000, s) == 0)
            TT_EXPECT_RC(x.rc, 0);
        TT_EXPECT_RC(ginet_close(s), 0);
        if (tt_thread_join(&tp, 30000) == 0) {
            CU_ASSERT_EQUAL(d.got, (long)x.total);
            CU_ASSERT(d.ok);
        }
    } else {
        tt_thread_join_close(&ts, 0, s);
    }
    close(peer);
    ginet_socket_release(s);
}

/* A send blocked on a busy socket is released by close from another
 * thread with closed, promptly. */
static void test_close_releases_send(void)
{
    ginet_socket *s;
    int peer;
    if (small_peer("{sndbuf,4096}", &s, &peer) != 0)
        return;
    struct sender x = { s, 1u << 30, 0, 1 };
    tt_thread ts;
    if (tt_thread_start(&ts, sender_main, &x) == 0) {
        tt_sleep_ms(300);
        long long t0 = tt_now_ms();
        TT_EXPECT_RC(ginet_close(s), 0);
        if (tt_thread_join(&ts, TT_WAIT) == 0) {
            TT_EXPECT_RC(x.rc, GINET_ECLOSED);
            CU_ASSERT(tt_now_ms() - t0 < 1000);
        }
    }
    close(peer);
    ginet_socket_release(s);
}

/* delay_send: many small sends are written later, together; every byte
 * still arrives in order. */
static void test_delay_send(void)
{
    ginet_socket *s;
    int peer;
    if (tt_peer_pair("{delay_send,true},{packet,2}", &s, &peer) != 0)
        return;
    for (int i = 0; i < 200; i++) {
        char msg[16];
        int n = snprintf(msg, sizeof msg, "m%03d", i);
        TT_EXPECT_RC(ginet_send(s, msg, (size_t)n), 0);
    }
    for (int i = 0; i < 200; i++) {
        uint8_t buf[6];
        char want[16];
        snprintf(want, sizeof want, "m%03d", i);
        if (tt_read_full(peer, buf, 6) != 0) {
            CU_FAIL("peer read");
            break;
        }
        CU_ASSERT(buf[0] == 0 && buf[1] == 4 && memcmp(buf + 2, want, 4) == 0);
    }
    close(peer);
    tt_drop(s);
}

const ginet_test_case tt_flow_cases[] = {
    { "send_timeout", test_send_timeout },
    { "send_timeout_zero", test_send_timeout_zero },
    { "send_timeout_close", test_send_timeout_close },
    { "high_watermark_blocks", test_high_watermark_blocks },
    { "close_releases_send", test_close_releases_send },
    { "delay_send", test_delay_send },
    { NULL, NULL }
};
