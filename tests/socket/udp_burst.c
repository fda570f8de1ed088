/*
 * tests/socket/udp_burst.c — suite "udp_burst[B]": 100,000 datagrams of
 * varying sizes sent over loopback to an active socket with a callback
 * owner.  The sender paces itself (at most WINDOW datagrams not yet seen
 * by the receiver) and the receiver has a large recbuf, so the kernel
 * has no reason to drop any; every datagram received must be intact, in
 * order, and counted by getstat (recv_cnt, recv_oct), and the sender's
 * send_cnt must be 100,000.
 */
#include "tests/socket/udp_test.h"

#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define BURST 100000u
#define WINDOW 128u

typedef struct burst {
    _Atomic uint32_t received;
    _Atomic uint32_t bad;
    _Atomic uint64_t octets;
    uint32_t next_seq;            /* loop thread only */
    uint32_t out_of_order;
} burst;

static size_t dgram_len(uint32_t seq)
{
    return 8 + seq % 700;
}

static void dgram_fill(uint32_t seq, uint8_t *p)
{
    size_t n = dgram_len(seq);
    memcpy(p, &seq, 4);
    uint32_t inv = ~seq;
    memcpy(p + 4, &inv, 4);
    for (size_t i = 8; i < n; i++)
        p[i] = (uint8_t)(seq * 31u + i);
}

static int dgram_ok(const uint8_t *p, size_t len, uint32_t *seq)
{
    if (len < 8)
        return 0;
    uint32_t s, inv;
    memcpy(&s, p, 4);
    memcpy(&inv, p + 4, 4);
    if (inv != ~s || len != dgram_len(s))
        return 0;
    for (size_t i = 8; i < len; i++)
        if (p[i] != (uint8_t)(s * 31u + i))
            return 0;
    *seq = s;
    return 1;
}

static void on_msg(ginet_msg *m, void *arg)
{
    burst *b = arg;
    if (m->kind != GINET_MSG_UDP)
        return;
    uint32_t seq;
    if (!dgram_ok(m->data, m->len, &seq)) {
        atomic_fetch_add(&b->bad, 1);
    } else {
        if (seq < b->next_seq)
            b->out_of_order++;
        b->next_seq = seq + 1;
    }
    atomic_fetch_add(&b->octets, m->len);
    atomic_fetch_add(&b->received, 1);
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait until the receiver has seen at least WANT datagrams, or nothing
 * arrived for IDLE_MS.  Returns what it has seen. */
static uint32_t wait_seen(burst *b, uint32_t want, int idle_ms)
{
    uint32_t seen = atomic_load(&b->received);
    int64_t last = now_ms();
    while (seen < want) {
        sched_yield();
        uint32_t now = atomic_load(&b->received);
        if (now != seen) {
            seen = now;
            last = now_ms();
        } else if (now_ms() - last > idle_ms) {
            break;
        }
    }
    return seen;
}

static void test_burst(void)
{
    burst b;
    memset(&b, 0, sizeof b);
    ginet_mailbox *cb = ginet_mailbox_new_callback(on_msg, &b);
    CU_ASSERT_FATAL(cb != NULL);
    ginet_socket *r, *s;
    int pr, ps;
    CU_ASSERT_FATAL(ut_open("binary,{active,true},{recbuf,4194304},{read_packets,64}", cb,
                            &r, &pr) == 0);
    CU_ASSERT_FATAL(ut_open("binary,{active,false},{sndbuf,1048576}", NULL, &s, &ps) == 0);
    ginet_sockaddr to = ut_loopback(0, pr);
    uint8_t buf[1024];
    uint32_t lost_waits = 0;
    int64_t t0 = now_ms();
    for (uint32_t seq = 0; seq < BURST; seq++) {
        dgram_fill(seq, buf);
        int rc = ginet_udp_send(s, &to, NULL, buf, dgram_len(seq));
        if (rc != 0) {
            TT_EXPECT_RC(rc, 0);
            break;
        }
        if (seq + 1 >= WINDOW && wait_seen(&b, seq + 1 - WINDOW, 200) < seq + 1 - WINDOW)
            lost_waits++;                    /* something was dropped: go on */
    }
    uint32_t got = wait_seen(&b, BURST, 1000);
    int64_t took = now_ms() - t0;
    uint32_t bad = atomic_load(&b.bad);
    printf("udp burst: %u of %u datagrams received in %lld ms (%u bad, %u stalls)\n",
           got, BURST, (long long)took, bad, lost_waits);
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT_EQUAL(b.out_of_order, 0);
    CU_ASSERT(got > 0);
    CU_ASSERT_EQUAL(got, BURST);             /* paced: the kernel has room for all */
    CU_ASSERT_EQUAL(ut_stat(r, GINET_STAT_RECV_CNT), got);
    CU_ASSERT_EQUAL(ut_stat(r, GINET_STAT_RECV_OCT), atomic_load(&b.octets));
    CU_ASSERT_EQUAL(ut_stat(s, GINET_STAT_SEND_CNT), BURST);
    tt_drop(r);
    tt_drop(s);
    ginet_mailbox_free(cb);
}

const ginet_test_case ut_burst_cases[] = {
    { "burst_100000", test_burst },
    { NULL, NULL }
};
