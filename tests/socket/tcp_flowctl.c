/*
 * tests/socket/tcp_flowctl.c — suite "tcp_flowctl[B]": flow control end
 * to end.  A ginet receiver in {active,once} whose owner stops re-arming
 * makes a ginet sender block above high_watermark, then resume; every
 * frame arrives.  send_timeout 0 and > 0 with and without
 * send_timeout_close, step by step against OTP 25.  delay_send writes many
 * small sends together.  Close with queued data: the default and
 * {linger,{true,T}} deliver everything to a slow or late reader,
 * {linger,{true,0}} resets, a lingering close never stops the loop
 * thread.  high/low_msgq_watermark: accepted and read
 * back, no effect (docs/sockets.md says why), concurrent senders intact.
 *
 * OTP 25 sequences from escripts with gen_tcp on both ends, the peer's
 * {recbuf,4096} and the sender's {sndbuf,4096}.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "tests/socket/tcp_active.h"

#include <errno.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define CHUNK 65536

/* ------------------------------------------- a receiver that stops */

struct frame_sender {
    ginet_socket *s;
    int frames;
    atomic_int sent;            /* frames send() accepted */
    int rc;
};

static size_t fs_len(int i)
{
    return 100 + (size_t)(i * 7919 % 3000);
}

static void *frame_sender_main(void *p)
{
    struct frame_sender *f = p;
    static _Thread_local uint8_t buf[4096];
    f->rc = 0;
    for (int i = 0; i < f->frames; i++) {
        size_t len = fs_len(i);
        ta_fill_pattern(buf, len, (uint64_t)i, 0);
        f->rc = ginet_send(f->s, buf, len);
        if (f->rc != 0)
            break;
        atomic_store(&f->sent, i + 1);
    }
    return NULL;
}

/* Sender: {packet,4},{high_watermark,32768},{low_watermark,8192} and
 * small kernel buffers.  Receiver: ginet, {active,once}, owned by a
 * mailbox.  The owner takes 50 frames, then stops re-arming for 600 ms:
 * the sender blocks (no progress for 300 ms) with send() never returning
 * an error; then the owner goes on and every frame arrives, in order,
 * intact, and the sender finishes. */
static void test_watermark_suspends_sender(void)
{
    enum { FRAMES = 6000 };
    ginet_mailbox *mb = ginet_mailbox_new();
    ginet_socket *c, *a;
    if (ta_pair("binary,{packet,4},{sndbuf,4096},{high_watermark,32768},{low_watermark,8192},"
                "{active,false}",
                NULL, "binary,{packet,4},{recbuf,4096},{active,once}", mb, &c, &a) != 0) {
        ginet_mailbox_free(mb);
        return;
    }
    struct frame_sender f = { c, FRAMES, 0, 1 };
    tt_thread t;
    if (tt_thread_start(&t, frame_sender_main, &f) != 0)
        goto out;
    int got = 0, bad = 0;
    while (got < FRAMES && !bad) {
        ginet_msg *m = ta_next(mb, TT_WAIT);
        if (m == NULL || m->kind != GINET_MSG_TCP) {
            char d[128];
            printf("frame %d: %s\n", got, ta_describe(m, d, sizeof d));
            bad = 1;
        } else if (m->len != fs_len(got) || !ta_check_pattern(m->data, m->len, (uint64_t)got, 0)) {
            printf("frame %d: %zu bytes, wrong\n", got, m->len);
            bad = 1;
        }
        ginet_msg_free(m);
        got++;
        if (got == 50) {
            tt_sleep_ms(300);
            int s1 = atomic_load(&f.sent);
            tt_sleep_ms(300);
            int s2 = atomic_load(&f.sent);
            printf("[blocked after %d frames] ", s2);
            CU_ASSERT_EQUAL(s1, s2);           /* suspended: the receiver reads nothing */
            CU_ASSERT(s2 < FRAMES);
        }
        if (!bad && !TT_EXPECT_RC(ginet_setopts(a, "[{active,once}]"), 0))
            bad = 1;
    }
    CU_ASSERT(!bad);
    CU_ASSERT_EQUAL(got, FRAMES);
    if (tt_thread_join_close(&t, TT_WAIT, c) == 0) {
        TT_EXPECT_RC(f.rc, 0);
        CU_ASSERT_EQUAL(atomic_load(&f.sent), FRAMES);
    }
    TA_EXPECT_NONE(mb, 50);
out:
    tt_drop(c);
    tt_drop(a);
    ginet_mailbox_free(mb);
}

/* --------------------------------------------------------- send_timeout */

static long drain_count(int fd)
{
    static uint8_t buf[65536];
    long total = 0;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return total;
        total += n;
    }
}

struct drainer {
    int fd;
    long got;
};

static void *drainer_main(void *p)
{
    struct drainer *d = p;
    d->got = drain_count(d->fd);
    return NULL;
}

/* OTP 25, {send_timeout,T} (T = 0, then 200), {sndbuf,4096}, the peer
 * with {recbuf,4096} not reading, 64 KB sends:
 *   send #1 -> ok; send #2 -> {error,timeout} after T ms (0 / 201);
 *   send("y") -> {error,timeout} after T ms; recv(S,0,10) -> timeout;
 *   the peer reads; 300 ms later send("z") -> ok; close -> ok.
 * OTP queued the data of the sends that timed out (the peer got 131074
 * bytes: both chunks, "y" and "z"); ginet queues nothing of them, so the
 * peer gets 65537 bytes — the documented difference (docs/sockets.md). */
static void send_timeout_case(int ms)
{
    char opts[96];
    snprintf(opts, sizeof opts, "binary,{send_timeout,%d},{sndbuf,4096}", ms);
    ginet_socket *s;
    int peer;
    if (ta_peer_pair(opts, NULL, 4096, &s, &peer) != 0)
        return;
    static uint8_t chunk[CHUNK];
    memset(chunk, 'x', sizeof chunk);
    TT_EXPECT_RC(ginet_send(s, chunk, CHUNK), 0);
    long long t0 = tt_now_ms();
    TT_EXPECT_RC(ginet_send(s, chunk, CHUNK), GINET_ETIMEOUT);
    long long t1 = tt_now_ms();
    TT_EXPECT_RC(ginet_send(s, "y", 1), GINET_ETIMEOUT);
    long long t2 = tt_now_ms();
    CU_ASSERT(t1 - t0 >= ms - 5 && t1 - t0 < ms + 500);
    CU_ASSERT(t2 - t1 >= ms - 5 && t2 - t1 < ms + 500);
    ginet_msg *m = NULL;
    TT_EXPECT_RC(ginet_recv(s, 0, 10, &m), GINET_ETIMEOUT);
    struct drainer d = { peer, -1 };
    tt_thread t;
    if (tt_thread_start(&t, drainer_main, &d) == 0) {
        tt_sleep_ms(300);
        TT_EXPECT_RC(ginet_send(s, "z", 1), 0);
        TT_EXPECT_RC(ginet_close(s), 0);
        if (tt_thread_join(&t, TT_WAIT) == 0)
            CU_ASSERT_EQUAL(d.got, CHUNK + 1);
    }
    close(peer);
    ginet_socket_release(s);
}

static void test_send_timeout_zero(void) { send_timeout_case(0); }
static void test_send_timeout_200(void) { send_timeout_case(200); }

/* OTP 25, {send_timeout,200},{send_timeout_close,true}, as above:
 *   send #1 -> ok; send #2 -> {error,timeout} after 201 ms;
 *   send("y") -> {error,enotconn} at once; recv -> {error,enotconn};
 *   after the peer reads, send -> {error,enotconn}; close -> ok; the peer
 *   reads what the kernel had (12288 bytes) and then closed. */
static void test_send_timeout_close_200(void)
{
    ginet_socket *s;
    int peer;
    if (ta_peer_pair("binary,{send_timeout,200},{send_timeout_close,true},{sndbuf,4096}", NULL,
                     4096, &s, &peer) != 0)
        return;
    static uint8_t chunk[CHUNK];
    memset(chunk, 'x', sizeof chunk);
    TT_EXPECT_RC(ginet_send(s, chunk, CHUNK), 0);
    long long t0 = tt_now_ms();
    TT_EXPECT_RC(ginet_send(s, chunk, CHUNK), GINET_ETIMEOUT);
    CU_ASSERT(tt_now_ms() - t0 >= 195);
    t0 = tt_now_ms();
    TT_EXPECT_RC(ginet_send(s, "y", 1), GINET_ENOTCONN);
    CU_ASSERT(tt_now_ms() - t0 < 100);
    ginet_msg *m = NULL;
    TT_EXPECT_RC(ginet_recv(s, 0, 10, &m), GINET_ENOTCONN);
    long got = drain_count(peer);
    CU_ASSERT(got >= 0 && got < 2 * CHUNK);
    TT_EXPECT_RC(ginet_send(s, "z", 1), GINET_ENOTCONN);
    TT_EXPECT_RC(ginet_close(s), 0);
    close(peer);
    ginet_socket_release(s);
}

/* OTP 25, {send_timeout,0},{send_timeout_close,true}: the timeout does
 * NOT close the connection (only an expiring send_timeout timer does):
 *   send #1 -> ok; send #2 -> {error,timeout} at once; send("y") ->
 *   {error,timeout} at once; recv -> {error,timeout}; the peer reads;
 *   send("z") -> ok; close -> ok; the peer gets everything. */
static void test_send_timeout_zero_close(void)
{
    ginet_socket *s;
    int peer;
    if (ta_peer_pair("binary,{send_timeout,0},{send_timeout_close,true},{sndbuf,4096}", NULL,
                     4096, &s, &peer) != 0)
        return;
    static uint8_t chunk[CHUNK];
    memset(chunk, 'x', sizeof chunk);
    TT_EXPECT_RC(ginet_send(s, chunk, CHUNK), 0);
    TT_EXPECT_RC(ginet_send(s, chunk, CHUNK), GINET_ETIMEOUT);
    TT_EXPECT_RC(ginet_send(s, "y", 1), GINET_ETIMEOUT);
    ginet_msg *m = NULL;
    TT_EXPECT_RC(ginet_recv(s, 0, 10, &m), GINET_ETIMEOUT);
    struct drainer d = { peer, -1 };
    tt_thread t;
    if (tt_thread_start(&t, drainer_main, &d) == 0) {
        tt_sleep_ms(300);
        TT_EXPECT_RC(ginet_send(s, "z", 1), 0);
        TT_EXPECT_RC(ginet_close(s), 0);
        if (tt_thread_join(&t, TT_WAIT) == 0)
            CU_ASSERT_EQUAL(d.got, CHUNK + 1);
    }
    close(peer);
    ginet_socket_release(s);
}

/* ----------------------------------------------------------- delay_send */

static long data_segs_out(int fd)
{
    struct tcp_info ti;
    socklen_t len = sizeof ti;
    memset(&ti, 0, sizeof ti);
    if (fd < 0 || getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) != 0
        || len < offsetof(struct tcp_info, tcpi_data_segs_out) + sizeof ti.tcpi_data_segs_out)
        return -1;
    return (long)ti.tcpi_data_segs_out;
}

/* 2000 sends of a {packet,2} frame each, with {nodelay,true}: every frame
 * arrives intact and in order; with delay_send they go out in fewer TCP
 * segments than sends (printed; without delay_send each send is one
 * write). */
static void delay_send_case(int delay, long *segs)
{
    enum { N = 2000 };
    char opts[96];
    snprintf(opts, sizeof opts, "binary,{packet,2},{nodelay,true},{delay_send,%s}",
             delay ? "true" : "false");
    ginet_socket *s;
    int peer;
    *segs = -1;
    if (ta_peer_pair(opts, NULL, 0, &s, &peer) != 0)
        return;
    int fd = tt_native_fd(s);
    long before = data_segs_out(fd);
    for (int i = 0; i < N; i++) {
        char msg[16];
        int n = snprintf(msg, sizeof msg, "d%05d", i);
        if (!TT_EXPECT_RC(ginet_send(s, msg, (size_t)n), 0))
            break;
    }
    int ok = 1;
    for (int i = 0; i < N && ok; i++) {
        uint8_t b[8];
        char want[16];
        snprintf(want, sizeof want, "d%05d", i);
        ok = tt_read_full(peer, b, 8) == 0 && b[0] == 0 && b[1] == 6 && memcmp(b + 2, want, 6) == 0;
    }
    CU_ASSERT(ok);
    long after = data_segs_out(fd);
    if (before >= 0 && after >= 0)
        *segs = after - before;
    close(peer);
    tt_drop(s);
}

static void test_delay_send(void)
{
    long with, without;
    delay_send_case(1, &with);
    delay_send_case(0, &without);
    printf("[2000 sends: %ld segments with delay_send, %ld without] ", with, without);
    if (with >= 0 && without >= 0)
        CU_ASSERT(with < 1000);             /* Linux autocorks plain writes too */
}

/* --------------------------------------------------- close and linger */

struct slow_reader {
    int fd;
    int delay_ms;              /* before the first read */
    int pause_every;           /* bytes between 1 ms pauses (0: none) */
    long got;
    int err;
};

static void *slow_reader_main(void *p)
{
    struct slow_reader *r = p;
    static _Thread_local uint8_t buf[8192];
    tt_sleep_ms(r->delay_ms);
    long since = 0;
    r->got = 0;
    r->err = 0;
    for (;;) {
        ssize_t n = read(r->fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            r->err = errno;
        if (n <= 0)
            break;
        if (!ta_check_pattern(buf, (size_t)n, 3, (uint64_t)r->got))
            r->err = -1;
        r->got += n;
        since += n;
        if (r->pause_every && since >= r->pause_every) {
            since = 0;
            tt_sleep_ms(1);
        }
    }
    return NULL;
}

/* OTP 25, 2 MB sent with {high_watermark,4MB} (queued: send_pend
 * 2091008), then close:
 *   linger default:       close returns once the slow reader took it all
 *                         (1226 ms); the peer gets 2097152 bytes, EOF
 *   {linger,{true,1}}, reader starts 2 s later: close returns after
 *                         1001 ms; the peer still gets 2097152 bytes
 *   {linger,{true,5}}:    close returns when drained; all bytes
 *   {linger,{true,0}}:    close returns at once; the peer gets 4096
 *                         bytes, then the connection is reset
 * ginet_close() returns at once in every case and flushes in the
 * background (docs/sockets.md); what the peer gets is OTP's. */
static void linger_case(const char *linger, int delay_ms, int pause_every, int reset)
{
    enum { TOTAL = 2 << 20 };
    char opts[128];
    snprintf(opts, sizeof opts, "binary,{sndbuf,4096},{high_watermark,4194304},"
             "{low_watermark,1048576}%s%s", linger ? "," : "", linger ? linger : "");
    ginet_socket *s;
    int peer;
    if (ta_peer_pair(opts, NULL, 4096, &s, &peer) != 0)
        return;
    uint8_t *data = malloc(TOTAL);
    ta_fill_pattern(data, TOTAL, 3, 0);
    TT_EXPECT_RC(ginet_send(s, data, TOTAL), 0);
    struct slow_reader r = { peer, delay_ms, pause_every, 0, 0 };
    tt_thread t;
    if (tt_thread_start(&t, slow_reader_main, &r) == 0) {
        long long t0 = tt_now_ms();
        TT_EXPECT_RC(ginet_close(s), 0);
        CU_ASSERT(tt_now_ms() - t0 < 500);
        if (tt_thread_join(&t, 4 * TT_WAIT) == 0) {
            if (reset) {
                CU_ASSERT(r.got < TOTAL);
                CU_ASSERT_EQUAL(r.err, ECONNRESET);
            } else {
                CU_ASSERT_EQUAL(r.got, TOTAL);
                CU_ASSERT_EQUAL(r.err, 0);
            }
        }
    }
    free(data);
    close(peer);
    ginet_socket_release(s);
}

static void test_close_slow_reader(void) { linger_case(NULL, 200, 16384, 0); }
static void test_linger_late_reader(void) { linger_case("{linger,{true,1}}", 2000, 0, 0); }
static void test_linger_five(void) { linger_case("{linger,{true,5}}", 200, 0, 0); }
static void test_linger_zero_queued(void) { linger_case("{linger,{true,0}}", 200, 0, 1); }

/* {linger,{true,3}} and a peer that reads nothing: when the connection
 * ends by itself on the loop thread (exit_on_close after the peer shut its
 * writing down), close(2) waits up to 3 s for the unsent data on Linux.
 * That wait must not stop the loop: another socket on it still gets its
 * data delivered at once. */
static void test_linger_close_keeps_loop(void)
{
    ginet_mailbox *mb = ginet_mailbox_new(), *mb2 = ginet_mailbox_new();
    ginet_socket *s = NULL, *s2 = NULL;
    int peer = -1, peer2 = -1;
    if (mb == NULL || mb2 == NULL
        || ta_peer_pair("binary,{active,true},{sndbuf,4096},{high_watermark,1048576},"
                        "{linger,{true,3}}", mb, 4096, &s, &peer) != 0
        || ta_peer_pair("binary,{active,true}", mb2, 0, &s2, &peer2) != 0)
        goto out;
    static uint8_t chunk[CHUNK];
    memset(chunk, 'l', sizeof chunk);
    TT_EXPECT_RC(ginet_send(s, chunk, CHUNK), 0);
    tt_sleep_ms(50);
    shutdown(peer, SHUT_WR);
    TA_EXPECT_CLOSED(mb, s);                 /* the lingering close follows */
    tt_sleep_ms(20);
    long long t0 = tt_now_ms();
    tt_write_full(peer2, "ping", 4);
    TA_EXPECT_STR(mb2, s2, "ping");
    long long ms = tt_now_ms() - t0;
    printf("[delivered after %lld ms] ", ms);
    CU_ASSERT(ms < 1000);
    TT_EXPECT_RC(ginet_send(s2, "pong", 4), 0);
    char b[4];
    if (tt_read_full(peer2, b, 4) == 0)
        CU_ASSERT(memcmp(b, "pong", 4) == 0);
out:
    if (peer >= 0)
        close(peer);
    if (peer2 >= 0)
        close(peer2);
    tt_drop(s);
    tt_drop(s2);
    ginet_mailbox_free(mb);
    ginet_mailbox_free(mb2);
}

/* OTP 25, passive, {send_timeout,100},{send_timeout_close,true}, a peer
 * that does not read: send -> ok, send -> {error,timeout} (the connection
 * is closed); setopts([{active,true}]) -> ok, msgs -> [{tcp_closed,S}];
 * then send -> {error,closed}, recv -> {error,closed} (the port exited). */
static void test_send_timeout_close_then_active(void)
{
    ginet_mailbox *mb = ginet_mailbox_new();
    ginet_socket *s;
    int peer;
    if (mb == NULL || ta_peer_pair("binary,{send_timeout,100},{send_timeout_close,true},"
                                   "{sndbuf,4096}", mb, 4096, &s, &peer) != 0) {
        ginet_mailbox_free(mb);
        return;
    }
    static uint8_t chunk[CHUNK];
    memset(chunk, 'x', sizeof chunk);
    TT_EXPECT_RC(ginet_send(s, chunk, CHUNK), 0);
    TT_EXPECT_RC(ginet_send(s, chunk, CHUNK), GINET_ETIMEOUT);
    TT_EXPECT_RC(ginet_setopts(s, "[{active,true}]"), 0);
    TA_EXPECT_CLOSED(mb, s);
    TA_EXPECT_NONE(mb, 50);
    TT_EXPECT_RC(ginet_send(s, "x", 1), GINET_ECLOSED);
    ginet_msg *m = NULL;
    TT_EXPECT_RC(ginet_recv(s, 0, 10, &m), GINET_ECLOSED);
    ginet_msg_free(m);
    close(peer);
    tt_drop(s);
    ginet_mailbox_free(mb);
}

/* ------------------------------------------------------ msgq watermarks */

struct tagged_sender {
    ginet_socket *s;
    int id;
    int rc;
};

#define TAG_FRAMES 3000

static void *tagged_main(void *p)
{
    struct tagged_sender *t = p;
    uint8_t buf[256];
    t->rc = 0;
    for (int i = 0; i < TAG_FRAMES && t->rc == 0; i++) {
        size_t len = 8 + (size_t)(i % 200);
        memcpy(buf, &t->id, 4);
        memcpy(buf + 4, &i, 4);
        ta_fill_pattern(buf + 8, len - 8, (uint64_t)(t->id * 100000 + i), 0);
        t->rc = ginet_send(t->s, buf, len);
    }
    return NULL;
}

/* high_msgq_watermark / low_msgq_watermark: OTP's limits on data sent to
 * the port that the driver has not taken yet.  ginet has no such queue (a
 * send goes to the socket's own queue under its lock), so they are
 * accepted, checked and read back and change nothing (docs/sockets.md).
 * OTP 25: getopts -> {high_msgq_watermark,8192},{low_msgq_watermark,4096}
 * by default; setopts([{high_msgq_watermark,0}]) -> {error,einval};
 * [{low_msgq_watermark,500},{high_msgq_watermark,100}] -> 500/500.
 * Four threads sending {packet,4} frames at once to a slow-ish peer with
 * both set to 1: every frame arrives whole, each thread's in order. */
static void test_msgq_watermarks(void)
{
    ginet_socket *c, *a;
    if (ta_pair("binary,{packet,4},{sndbuf,8192},{high_watermark,16384},{low_watermark,4096}",
                NULL, "binary,{packet,4},{active,false}", NULL, &c, &a) != 0)
        return;
    TA_EXPECT_OPTS(c, "[high_msgq_watermark,low_msgq_watermark]",
                   "[{high_msgq_watermark,8192},{low_msgq_watermark,4096}]");
    TT_EXPECT_RC(ginet_setopts(c, "[{high_msgq_watermark,0}]"), GINET_EINVAL);
    TT_EXPECT_RC(ginet_setopts(c, "[{low_msgq_watermark,500},{high_msgq_watermark,100}]"), 0);
    TA_EXPECT_OPTS(c, "[high_msgq_watermark,low_msgq_watermark]",
                   "[{high_msgq_watermark,500},{low_msgq_watermark,500}]");
    TT_EXPECT_RC(ginet_setopts(c, "[{high_msgq_watermark,1},{low_msgq_watermark,1}]"), 0);
    enum { T = 4 };
    struct tagged_sender ts[T];
    tt_thread th[T];
    int n = 0;
    for (; n < T; n++) {
        ts[n] = (struct tagged_sender){ c, n, 1 };
        if (tt_thread_start(&th[n], tagged_main, &ts[n]) != 0)
            break;
    }
    int next[T] = { 0 };
    int bad = 0, total = 0;
    while (total < n * TAG_FRAMES && !bad) {
        ginet_msg *m = NULL;
        if (!TT_EXPECT_RC(ginet_recv(a, 0, TT_WAIT, &m), 0))
            break;
        int id = -1, i = -1;
        if (m->len >= 8) {
            memcpy(&id, m->data, 4);
            memcpy(&i, m->data + 4, 4);
        }
        if (id < 0 || id >= n || i != next[id] || m->len != 8 + (size_t)(i % 200)
            || !ta_check_pattern(m->data + 8, m->len - 8, (uint64_t)(id * 100000 + i), 0)) {
            printf("frame %d: thread %d #%d (%zu bytes), expected #%d\n", total, id, i, m->len,
                   id >= 0 && id < n ? next[id] : -1);
            bad = 1;
        } else {
            next[id]++;
        }
        total++;
        ginet_msg_free(m);
    }
    CU_ASSERT(!bad);
    CU_ASSERT_EQUAL(total, n * TAG_FRAMES);
    for (int k = 0; k < n; k++)
        if (tt_thread_join_close(&th[k], TT_WAIT, c) == 0)
            TT_EXPECT_RC(ts[k].rc, 0);
    tt_drop(c);
    tt_drop(a);
}

const ginet_test_case tt_flowctl_cases[] = {
    { "watermark_suspends_sender", test_watermark_suspends_sender },
    { "send_timeout_zero", test_send_timeout_zero },
    { "send_timeout_200", test_send_timeout_200 },
    { "send_timeout_close_200", test_send_timeout_close_200 },
    { "send_timeout_zero_close", test_send_timeout_zero_close },
    { "delay_send", test_delay_send },
    { "close_slow_reader", test_close_slow_reader },
    { "linger_late_reader", test_linger_late_reader },
    { "linger_five", test_linger_five },
    { "linger_zero_queued", test_linger_zero_queued },
    { "linger_close_keeps_loop", test_linger_close_keeps_loop },
    { "send_timeout_close_then_active", test_send_timeout_close_then_active },
    { "msgq_watermarks", test_msgq_watermarks },
    { NULL, NULL }
};
