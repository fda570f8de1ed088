/*
 * tests/shim/shim_tests.c — the shim's own topic, "shim_faults[shim]":
 * faults only the shim makes on demand — ECONNRESET on a socket's next
 * recv or send (passive and active, show_econnreset both ways, as OTP
 * reports a reset), EMFILE on an accept (reported, the listener keeps
 * listening, the next accept works) — and a byte-exactness stress:
 * random-sized raw, {packet,4} and {packet,line} messages between two
 * shim sockets through short reads, short writes, EAGAIN storms and
 * delayed completions, received passively and in {active,true}, checked
 * byte for byte on the far side.
 */
#include "tests/shim/shim_ctl.h"
#include "tests/socket/tcp_active.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int recv_rc(ginet_socket *s, int timeout)
{
    ginet_msg *m = NULL;
    int rc = ginet_recv(s, 0, timeout, &m);
    ginet_msg_free(m);
    return rc;
}

/* ------------------------------------------------------------ resets */

/* OTP 25, passive, a reset met by recv (the kernel reports it to the
 * first call that looks):
 *   show_econnreset false: recv -> closed, send -> closed, recv -> enotconn
 *   show_econnreset true:  recv -> econnreset, send -> enotconn,
 *                          recv -> enotconn
 * (tcp_close.c's peer_reset, with the reset made by the shim). */
static void reset_recv_passive(int show)
{
    ginet_socket *s;
    int peer;
    if (tt_peer_pair(show ? "{active,false},{show_econnreset,true}" : "{active,false}",
                     &s, &peer) != 0)
        return;
    TT_EXPECT_RC(tt_shim_inject(s, GINET_SHIM_RESET_RECV), 0);
    TT_EXPECT_RC(recv_rc(s, TT_WAIT), show ? GINET_ECONNRESET : GINET_ECLOSED);
    TT_EXPECT_RC(ginet_send(s, "x", 1), show ? GINET_ENOTCONN : GINET_ECLOSED);
    TT_EXPECT_RC(recv_rc(s, 100), GINET_ENOTCONN);
    TT_EXPECT_RC(ginet_close(s), 0);
    ginet_socket_release(s);
    close(peer);
}

static void test_reset_recv_passive(void)
{
    reset_recv_passive(0);
    reset_recv_passive(1);
}

/* OTP 25, passive, a reset met by send first:
 *   show_econnreset false: send -> closed, recv -> closed
 *   show_econnreset true:  send -> econnreset, recv -> econnreset
 * (tcp_close.c's reset_then_send). */
static void reset_send_passive(int show)
{
    ginet_socket *s;
    int peer;
    if (tt_peer_pair(show ? "{active,false},{show_econnreset,true}" : "{active,false}",
                     &s, &peer) != 0)
        return;
    TT_EXPECT_RC(tt_shim_inject(s, GINET_SHIM_RESET_SEND), 0);
    int want = show ? GINET_ECONNRESET : GINET_ECLOSED;
    TT_EXPECT_RC(ginet_send(s, "x", 1), want);
    TT_EXPECT_RC(recv_rc(s, TT_WAIT), want);
    TT_EXPECT_RC(ginet_close(s), 0);
    ginet_socket_release(s);
    close(peer);
}

static void test_reset_send_passive(void)
{
    reset_send_passive(0);
    reset_send_passive(1);
}

/* OTP 25, {active,true}: "data" arrives, then a reset:
 *   show_econnreset false: [{tcp,S,<<"data">>},{tcp_closed,S}]
 *   show_econnreset true:  [{tcp,S,<<"data">>},{tcp_error,S,econnreset},
 *                           {tcp_closed,S}]
 * (tcp_active_close.c's reset_case).  The receive in flight when the
 * reset is armed ends with it (the byte the peer sends to end it is lost,
 * as a reset drops what the kernel held). */
static void reset_active(int show)
{
    char opts[128];
    snprintf(opts, sizeof opts, "binary,{active,true},{show_econnreset,%s}",
             show ? "true" : "false");
    ginet_mailbox *mb = ginet_mailbox_new();
    ginet_socket *s;
    int peer;
    if (mb == NULL || ta_peer_pair(opts, mb, 0, &s, &peer) != 0) {
        ginet_mailbox_free(mb);
        return;
    }
    tt_write_full(peer, "data", 4);
    TA_EXPECT_STR(mb, s, "data");
    TT_EXPECT_RC(tt_shim_inject(s, GINET_SHIM_RESET_RECV), 0);
    tt_write_full(peer, "!", 1);
    if (show)
        TA_EXPECT_ERROR(mb, s, GINET_ECONNRESET);
    TA_EXPECT_CLOSED(mb, s);
    TA_EXPECT_NONE(mb, 50);
    close(peer);
    tt_drop(s);
    ginet_mailbox_free(mb);
}

static void test_reset_active(void)
{
    reset_active(0);
    reset_active(1);
}

/* ------------------------------------------------------------ emfile */

/* OTP 25: accept when the process is out of descriptors returns
 * {error,emfile} and the listener keeps listening: the connection waits
 * in the backlog, and the next accept takes it. */
static void test_accept_emfile(void)
{
    ginet_socket *ls = NULL, *a = NULL, *c = NULL;
    int port;
    if (!TT_EXPECT_RC(tt_listen("{active,false}", 0, &ls, &port), 0))
        return;
    char opts[160];
    TT_EXPECT_RC(tt_shim_inject(ls, GINET_SHIM_EMFILE), 0);
    TT_EXPECT_RC(ginet_tcp_connect("127.0.0.1", port, tt_opts(opts, sizeof opts,
                                   "{active,false}"), TT_WAIT, NULL, &c), 0);
    TT_EXPECT_RC(ginet_tcp_accept(ls, TT_WAIT, &a), GINET_EMFILE);
    CU_ASSERT_PTR_NULL(a);
    TT_EXPECT_RC(ginet_tcp_accept(ls, TT_WAIT, &a), 0);
    if (a != NULL && c != NULL) {
        char buf[3];
        TT_EXPECT_RC(ginet_send(c, "abc", 3), 0);
        if (TT_EXPECT_RC(tt_recv_raw(a, buf, 3), 0))
            CU_ASSERT(memcmp(buf, "abc", 3) == 0);
    }
    /* Again, with an accept already waiting when it fails. */
    tt_drop(a);
    a = NULL;
    TT_EXPECT_RC(tt_shim_inject(ls, GINET_SHIM_EMFILE), 0);
    ginet_socket *c2 = NULL;
    TT_EXPECT_RC(ginet_tcp_connect("127.0.0.1", port, tt_opts(opts, sizeof opts,
                                   "{active,false}"), TT_WAIT, NULL, &c2), 0);
    TT_EXPECT_RC(ginet_tcp_accept(ls, TT_WAIT, &a), GINET_EMFILE);
    TT_EXPECT_RC(ginet_tcp_accept(ls, TT_WAIT, &a), 0);
    ginet_shim_counters k;
    if (tt_shim_counters(&k, 0) == 0)
        CU_ASSERT(k.emfiles >= 2);
    tt_drop(a);
    tt_drop(c2);
    tt_drop(c);
    tt_drop(ls);
}

/* ------------------------------------------------------- byte exactness */

#define STRESS_FAULTS "short_read=70,short_write=70,eagain=30,eagain_polls=4," \
                      "delay=40,delay_polls=6"

typedef struct stress {
    ginet_socket *c;
    const char *mode;             /* "raw", "4", "line" */
    uint64_t seed;
    int count;
    size_t total;
    int rc;
} stress;

/* Message I of a run: its length and bytes (the same on both sides). */
static size_t message(const stress *st, int i, uint8_t *buf)
{
    tt_rng r;
    tt_rng_seed(&r, st->seed * 1000003u + (uint64_t)i);
    int line = strcmp(st->mode, "line") == 0;
    size_t n = tt_rand_range(&r, 0, 3) == 0 ? tt_rand_range(&r, 1, 8)
                                             : tt_rand_range(&r, 1, line ? 900 : 24000);
    tt_fill_random(&r, buf, n);
    if (line) {
        for (size_t k = 0; k < n; k++)
            if (buf[k] == '\n')
                buf[k] = 'n';
        buf[n - 1] = '\n';
    }
    return n;
}

static void *stress_writer(void *arg)
{
    stress *st = arg;
    uint8_t *buf = malloc(24000);
    st->rc = buf != NULL ? 0 : GINET_ENOMEM;
    for (int i = 0; i < st->count && st->rc == 0; i++) {
        size_t n = message(st, i, buf);
        st->rc = ginet_send(st->c, buf, n);
        st->total += n;
    }
    free(buf);
    return NULL;
}

/* The next packet of A: passive recv, or (MB) the next {tcp,A,Data}. */
static int next_packet(ginet_socket *a, ginet_mailbox *mb, ginet_msg **m)
{
    if (mb == NULL)
        return ginet_recv(a, 0, TT_WAIT, m);
    int rc = ginet_receive(mb, TT_WAIT, m);
    if (rc == 0 && (*m)->kind != GINET_MSG_TCP) {
        char d[128];
        printf("active: %s instead of data\n", ta_describe(*m, d, sizeof d));
        ginet_msg_free(*m);
        *m = NULL;
        rc = GINET_EPROTO;
    }
    return rc;
}

/* COUNT messages of MODE from a client to the accepted socket, which
 * reads them passively or, with ACTIVE, gets them as {tcp,S,Data}. */
static void stress_run(const char *mode, uint64_t seed, int count, int active)
{
    char copts[64], lopts[64];
    snprintf(copts, sizeof copts, "binary,{active,false},{packet,%s}", mode);
    snprintf(lopts, sizeof lopts, "binary,{active,%s},{packet,%s}", active ? "true" : "false",
             mode);
    ginet_socket *c, *a;
    ginet_mailbox *mb = active ? ginet_mailbox_new() : NULL;
    if (active && mb == NULL)
        return;
    if (ta_pair(copts, NULL, lopts, mb, &c, &a) != 0) {
        ginet_mailbox_free(mb);
        return;
    }
    printf("[%s%s] ", mode, active ? " active" : "");
    stress st = { c, mode, seed, count, 0, 0 };
    tt_thread th;
    uint8_t *want = malloc(24000), *got = malloc(24000 * (size_t)count + 1);
    if (want == NULL || got == NULL || tt_thread_start(&th, stress_writer, &st) != 0) {
        CU_FAIL("out of memory or threads");
        free(want);
        free(got);
        tt_drop(c);
        tt_drop(a);
        ginet_mailbox_free(mb);
        return;
    }
    size_t expected = 0, have = 0;
    int bad = 0;
    for (int i = 0; i < count; i++)
        expected += message(&st, i, want);
    if (strcmp(mode, "raw") == 0) {
        /* The stream: everything, in order, then nothing more. */
        while (have < expected && !bad) {
            ginet_msg *m = NULL;
            int rc = next_packet(a, mb, &m);
            if (!TT_EXPECT_RC(rc, 0)) {
                bad = 1;
            } else if (m->len > expected - have) {
                printf("raw: %zu bytes more than were sent\n", m->len - (expected - have));
                bad = 1;
            } else {
                memcpy(got + have, m->data, m->len);
                have += m->len;
            }
            ginet_msg_free(m);
        }
        size_t at = 0;
        for (int i = 0; i < count && !bad; i++) {
            size_t n = message(&st, i, want);
            if (memcmp(got + at, want, n) != 0) {
                printf("raw: message %d (at byte %zu) differs\n", i, at);
                bad = 1;
            }
            at += n;
        }
    } else {
        /* One message per packet, each exactly as sent. */
        for (int i = 0; i < count && !bad; i++) {
            size_t n = message(&st, i, want);
            ginet_msg *m = NULL;
            int rc = next_packet(a, mb, &m);
            if (!TT_EXPECT_RC(rc, 0)) {
                printf("%s: message %d of %d lost\n", mode, i, count);
                bad = 1;
            } else if (m->len != n || memcmp(m->data, want, n) != 0) {
                printf("%s: message %d: %zu bytes, %zu sent%s\n", mode, i, m->len, n,
                       m->len == n ? ", contents differ" : "");
                bad = 1;
            } else {
                have += n;
            }
            ginet_msg_free(m);
        }
    }
    /* Nothing duplicated after the last one. */
    if (!bad && mb == NULL)
        TT_EXPECT_RC(recv_rc(a, 100), GINET_ETIMEOUT);
    if (!bad && mb != NULL)
        TA_EXPECT_NONE(mb, 100);
    CU_ASSERT_FALSE(bad);
    CU_ASSERT_EQUAL(have, expected);
    if (tt_thread_join_close(&th, TT_WAIT * 4, c) == 0) {
        TT_EXPECT_RC(st.rc, 0);
        CU_ASSERT_EQUAL(st.total, expected);
    }
    free(want);
    free(got);
    tt_drop(c);
    tt_drop(a);
    ginet_mailbox_free(mb);
}

static void test_byte_exact(void)
{
    const char *env = getenv("GINET_SHIM_SEED");
    uint64_t seed = env != NULL && *env ? strtoull(env, NULL, 10) : 7;
    char spec[256];
    snprintf(spec, sizeof spec, "%s,seed=%llu", STRESS_FAULTS, (unsigned long long)seed);
    if (!TT_EXPECT_RC(tt_shim_set_faults(spec), 0))
        return;
    ginet_shim_counters k;
    tt_shim_counters(&k, 1);
    unsigned before = CU_get_number_of_failures();
    long long t0 = tt_now_ms();
    stress_run("raw", seed, 120, 0);
    stress_run("4", seed + 1, 120, 0);
    stress_run("line", seed + 2, 400, 0);
    stress_run("raw", seed + 3, 120, 1);
    stress_run("4", seed + 4, 120, 1);
    stress_run("line", seed + 5, 400, 1);
    if (tt_shim_counters(&k, 0) == 0) {
        /* Every fault happened, many times. */
        CU_ASSERT(k.short_reads > 50);
        CU_ASSERT(k.short_writes > 50);
        CU_ASSERT(k.parked > 10);
        CU_ASSERT(k.delayed > 10);
        printf("%sfaults %s: %llu short reads, %llu short writes, %llu eagains "
               "(%llu parked), %llu delayed, %lld ms\n",
               CU_get_number_of_failures() != before ? "FAILED with " : "",
               spec, (unsigned long long)k.short_reads, (unsigned long long)k.short_writes,
               (unsigned long long)k.eagains, (unsigned long long)k.parked,
               (unsigned long long)k.delayed, tt_now_ms() - t0);
    }
}

const ginet_test_case tt_shim_fault_cases[] = {
    { "reset_recv_passive", test_reset_recv_passive },
    { "reset_send_passive", test_reset_send_passive },
    { "reset_active", test_reset_active },
    { "accept_emfile", test_accept_emfile },
    { "byte_exact", test_byte_exact },
    { NULL, NULL }
};
