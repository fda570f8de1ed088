/*
 * tests/socket/tcp_concurrency.c — suite "tcp_concurrency[B]": threads.
 * Several threads accepting on one listener, one thread blocked in recv
 * while another sends, calls racing a close, and 1000 connections at once
 * exchanging framed data from several threads with every byte checked.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "tests/socket/tcp_test.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

/* ------------------------------------------------- concurrent accepts */

#define ACC_THREADS 4
#define ACC_CONNS 40

struct acc_shared {
    ginet_socket *ls;
    atomic_int accepted;
    atomic_int seen[ACC_CONNS];
    atomic_int errors;
};

static void *acceptor_main(void *p)
{
    struct acc_shared *sh = p;
    for (;;) {
        ginet_socket *a = NULL;
        int rc = ginet_tcp_accept(sh->ls, TT_WAIT, &a);
        if (rc == GINET_ECLOSED)
            break;                            /* the test is over */
        if (rc != 0) {
            atomic_fetch_add(&sh->errors, 1);
            break;
        }
        atomic_fetch_add(&sh->accepted, 1);
        ginet_msg *m = NULL;
        if (ginet_recv(a, 0, TT_WAIT, &m) == 0 && m->len == 1 && m->data[0] < ACC_CONNS) {
            atomic_fetch_add(&sh->seen[m->data[0]], 1);
            if (ginet_send(a, m->data, 1) != 0)
                atomic_fetch_add(&sh->errors, 1);
        } else {
            atomic_fetch_add(&sh->errors, 1);
        }
        ginet_msg_free(m);
        tt_drop(a);
    }
    return NULL;
}

/* Several threads wait in accept on one listener: each connection is
 * accepted exactly once, with the right peer behind it. */
static void test_concurrent_accepts(void)
{
    static struct acc_shared sh;
    memset(&sh, 0, sizeof sh);
    int port;
    if (!TT_EXPECT_RC(tt_listen("{packet,1},{backlog,64}", 0, &sh.ls, &port), 0))
        return;
    tt_thread t[ACC_THREADS];
    int started = 0;
    for (int i = 0; i < ACC_THREADS; i++)
        if (tt_thread_start(&t[i], acceptor_main, &sh) == 0)
            started++;
    char opts[128];
    for (int i = 0; i < ACC_CONNS; i++) {
        ginet_socket *c = NULL;
        if (!TT_EXPECT_RC(ginet_tcp_connect("127.0.0.1", port, tt_opts(opts, sizeof opts,
                                                                       "{packet,1}"),
                                            TT_WAIT, NULL, &c), 0))
            break;
        uint8_t id = (uint8_t)i;
        TT_EXPECT_RC(ginet_send(c, &id, 1), 0);
        ginet_msg *m = NULL;
        if (TT_EXPECT_RC(ginet_recv(c, 0, TT_WAIT, &m), 0))
            TT_EXPECT_DATA(m, &id, 1);
        ginet_msg_free(m);
        tt_drop(c);
    }
    TT_EXPECT_RC(ginet_close(sh.ls), 0);      /* releases the threads still waiting */
    for (int i = 0; i < started; i++)
        tt_thread_join(&t[i], TT_WAIT);
    CU_ASSERT_EQUAL(atomic_load(&sh.accepted), ACC_CONNS);
    CU_ASSERT_EQUAL(atomic_load(&sh.errors), 0);
    for (int i = 0; i < ACC_CONNS; i++)
        CU_ASSERT_EQUAL(atomic_load(&sh.seen[i]), 1);
    ginet_socket_release(sh.ls);
}

/* ------------------------------------------------ recv while sending */

#define ECHO_N 2000

struct duplex {
    ginet_socket *c, *a;
    int rc_recv, rc_send, rc_echo, bad;
};

static void *duplex_recv(void *p)
{
    struct duplex *d = p;
    for (int i = 0; i < ECHO_N; i++) {
        ginet_msg *m = NULL;
        d->rc_recv = ginet_recv(d->c, 0, TT_WAIT, &m);
        if (d->rc_recv != 0)
            break;
        uint32_t v;
        if (m->len != sizeof v || (memcpy(&v, m->data, sizeof v), v != (uint32_t)i))
            d->bad++;
        ginet_msg_free(m);
    }
    return NULL;
}

static void *duplex_send(void *p)
{
    struct duplex *d = p;
    for (uint32_t i = 0; i < ECHO_N; i++) {
        d->rc_send = ginet_send(d->c, &i, sizeof i);
        if (d->rc_send != 0)
            break;
    }
    return NULL;
}

static void *duplex_echo(void *p)
{
    struct duplex *d = p;
    for (int i = 0; i < ECHO_N; i++) {
        ginet_msg *m = NULL;
        d->rc_echo = ginet_recv(d->a, 0, TT_WAIT, &m);
        if (d->rc_echo == 0)
            d->rc_echo = ginet_send(d->a, m->data, m->len);
        ginet_msg_free(m);
        if (d->rc_echo != 0)
            break;
    }
    return NULL;
}

/* One thread blocked in recv while another sends on the same socket, a
 * third echoing at the other end. */
static void test_recv_while_sending(void)
{
    struct duplex d;
    memset(&d, 0, sizeof d);
    if (tt_pair("{packet,2}", "{packet,2}", &d.c, &d.a) != 0)
        return;
    tt_thread tr, ts, te;
    int ok_r = tt_thread_start(&tr, duplex_recv, &d) == 0;
    int ok_e = tt_thread_start(&te, duplex_echo, &d) == 0;
    tt_sleep_ms(20);                           /* the receiver is blocked now */
    int ok_s = tt_thread_start(&ts, duplex_send, &d) == 0;
    if (ok_s)
        tt_thread_join_close(&ts, 20000, d.c);
    if (ok_e)
        tt_thread_join_close(&te, 20000, d.a);
    if (ok_r)
        tt_thread_join_close(&tr, 20000, d.c);
    TT_EXPECT_RC(d.rc_send, 0);
    TT_EXPECT_RC(d.rc_echo, 0);
    TT_EXPECT_RC(d.rc_recv, 0);
    CU_ASSERT_EQUAL(d.bad, 0);
    tt_drop(d.c);
    tt_drop(d.a);
}

/* ------------------------------------------------ concurrent senders */

#define SENDERS 4
#define PER_SENDER 500

struct csend {
    ginet_socket *s;
    int id;
    int rc;
};

static void *csend_main(void *p)
{
    struct csend *x = p;
    uint8_t buf[2000];
    for (int i = 0; i < PER_SENDER && x->rc == 0; i++) {
        size_t n = (size_t)(i * 13 + x->id * 7) % 1500 + 3;
        buf[0] = (uint8_t)x->id;
        buf[1] = (uint8_t)(i >> 8);
        buf[2] = (uint8_t)i;
        for (size_t k = 3; k < n; k++)
            buf[k] = (uint8_t)(k + (size_t)i + (size_t)x->id);
        x->rc = ginet_send(x->s, buf, n);
    }
    return NULL;
}

/* Several threads sending on one socket: every packet arrives whole, and
 * each thread's packets in its order. */
static void test_concurrent_senders(void)
{
    ginet_socket *c, *a;
    if (tt_pair("{packet,2}", "{packet,2}", &c, &a) != 0)
        return;
    struct csend x[SENDERS];
    tt_thread t[SENDERS];
    int started = 0;
    for (int i = 0; i < SENDERS; i++) {
        x[i] = (struct csend){ c, i, 0 };
        if (tt_thread_start(&t[i], csend_main, &x[i]) == 0)
            started++;
    }
    int next[SENDERS] = { 0 }, bad = 0;
    for (int k = 0; k < started * PER_SENDER && bad == 0; k++) {
        ginet_msg *m = NULL;
        if (!TT_EXPECT_RC(ginet_recv(a, 0, TT_WAIT, &m), 0))
            break;
        int id = m->len >= 3 ? m->data[0] : -1;
        int i = m->len >= 3 ? m->data[1] << 8 | m->data[2] : -1;
        if (id < 0 || id >= SENDERS || i != next[id]
            || m->len != (size_t)(i * 13 + id * 7) % 1500 + 3) {
            bad++;
        } else {
            for (size_t j = 3; j < m->len; j++)
                if (m->data[j] != (uint8_t)(j + (size_t)i + (size_t)id))
                    bad++;
            next[id]++;
        }
        ginet_msg_free(m);
    }
    for (int i = 0; i < started; i++) {
        tt_thread_join_close(&t[i], TT_WAIT, c);
        TT_EXPECT_RC(x[i].rc, 0);
        CU_ASSERT_EQUAL(next[i], PER_SENDER);
    }
    CU_ASSERT_EQUAL(bad, 0);
    tt_drop(c);
    tt_drop(a);
}

/* ------------------------------------------------ calls racing close */

struct racer {
    ginet_socket *s;
    atomic_int *stop;
    int bad;
    unsigned seed;
};

/* What a call may answer while the socket or its peer is being closed
 * (sockname after exit_on_close closed the connection: ebadf, as OTP). */
static int allowed(int rc)
{
    return rc == 0 || rc == GINET_ECLOSED || rc == GINET_ETIMEOUT || rc == GINET_EALREADY
           || rc == GINET_ENOTCONN || rc == GINET_ECONNRESET || rc == GINET_EINVAL
           || rc == GINET_EBADF;
}

static void *racer_main(void *p)
{
    struct racer *r = p;
    tt_rng g;
    tt_rng_seed(&g, r->seed);
    while (!atomic_load(r->stop)) {
        int rc = 0;
        ginet_msg *m = NULL;
        char *text = NULL;
        ginet_sockaddr sa;
        switch (tt_rand(&g) % 6) {
        case 0: rc = ginet_send(r->s, "abcd", 4); break;
        case 1: rc = ginet_recv(r->s, 0, (int)(tt_rand(&g) % 3), &m); break;
        case 2: rc = ginet_setopts(r->s, tt_rand(&g) % 2 ? "[{packet,4}]" : "[{nodelay,true}]");
            break;
        case 3: rc = ginet_getopts_text(r->s, "[packet,nodelay]", &text); break;
        case 4: rc = ginet_sockname(r->s, &sa); break;
        default: rc = ginet_peername(r->s, &sa); break;
        }
        ginet_msg_free(m);
        free(text);
        if (!allowed(rc) && r->bad++ < 3)
            printf("racing call answered %s\n", ginet_error_atom(rc));
        if (rc == GINET_ECLOSED)
            break;
    }
    return NULL;
}

/* Threads calling everything on a socket while another closes it: every
 * call answers a proper result, nothing crashes (run it under the
 * sanitizers: tests/socket/README in docs/sockets.md). */
static void test_calls_racing_close(void)
{
    for (int round = 0; round < 50; round++) {
        ginet_socket *c, *a;
        if (tt_pair(NULL, NULL, &c, &a) != 0)
            return;
        atomic_int stop = 0;
        struct racer r[4];
        tt_thread t[4];
        int started = 0;
        for (int i = 0; i < 4; i++) {
            r[i] = (struct racer){ c, &stop, 0, (unsigned)(round * 4 + i) };
            if (tt_thread_start(&t[i], racer_main, &r[i]) == 0)
                started++;
        }
        tt_sleep_ms(round % 5);
        TT_EXPECT_RC(ginet_close(round % 2 ? c : a), 0);
        tt_sleep_ms(2);
        if (round % 2 == 0)
            TT_EXPECT_RC(ginet_close(c), 0);
        atomic_store(&stop, 1);
        for (int i = 0; i < started; i++) {
            tt_thread_join(&t[i], TT_WAIT);
            CU_ASSERT_EQUAL(r[i].bad, 0);
        }
        ginet_socket_release(c);
        ginet_socket_release(a);
    }
}

/* ------------------------------------------------ 1000 connections */

#define CONNS 1000
#define WORKERS 8
#define ROUNDS 3

typedef struct conn_pair {
    ginet_socket *c, *a;
} conn_pair;

struct many {
    conn_pair *pairs;
    int worker;
    int errors;
    long long bytes;
};

/* The message of connection I, round R, direction D (0 to the server). */
static size_t msg_len(int i, int r, int d)
{
    return (size_t)((i * 37 + r * 101 + d * 13) % 3000) + 1;
}

static void msg_fill(uint8_t *p, size_t n, int i, int r, int d)
{
    for (size_t k = 0; k < n; k++)
        p[k] = (uint8_t)(k * 31 + (size_t)i * 7 + (size_t)r * 3 + (size_t)d);
}

static int recv_check(ginet_socket *s, int i, int r, int d, uint8_t *want)
{
    ginet_msg *m = NULL;
    int rc = ginet_recv(s, 0, TT_WAIT, &m);
    if (rc != 0) {
        printf("connection %d round %d: recv %s\n", i, r, ginet_error_atom(rc));
        return 1;
    }
    size_t n = msg_len(i, r, d);
    msg_fill(want, n, i, r, d);
    int bad = m->len != n || memcmp(m->data, want, n) != 0;
    if (bad)
        printf("connection %d round %d dir %d: %zu bytes, wrong data\n", i, r, d, m->len);
    ginet_msg_free(m);
    return bad;
}

static void *many_main(void *p)
{
    struct many *w = p;
    uint8_t buf[3001];
    for (int r = 0; r < ROUNDS && w->errors == 0; r++) {
        /* Every client of this worker sends, then every server answers,
         * then every client checks: many packets in flight at once. */
        for (int i = w->worker; i < CONNS; i += WORKERS) {
            size_t n = msg_len(i, r, 0);
            msg_fill(buf, n, i, r, 0);
            if (ginet_send(w->pairs[i].c, buf, n) != 0)
                w->errors++;
            w->bytes += (long long)n;
        }
        for (int i = w->worker; i < CONNS; i += WORKERS) {
            w->errors += recv_check(w->pairs[i].a, i, r, 0, buf);
            size_t n = msg_len(i, r, 1);
            msg_fill(buf, n, i, r, 1);
            if (ginet_send(w->pairs[i].a, buf, n) != 0)
                w->errors++;
            w->bytes += (long long)n;
        }
        for (int i = w->worker; i < CONNS; i += WORKERS)
            w->errors += recv_check(w->pairs[i].c, i, r, 1, buf);
    }
    return NULL;
}

static void test_1000_connections(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        GINET_SKIP("getrlimit failed");
    rlim_t need = 2 * CONNS + 64;
    if (rl.rlim_cur < need) {
        if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < need)
            GINET_SKIP("RLIMIT_NOFILE hard limit %llu is below the %llu descriptors needed",
                       (unsigned long long)rl.rlim_max, (unsigned long long)need);
        rl.rlim_cur = rl.rlim_max == RLIM_INFINITY ? need : rl.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
            GINET_SKIP("could not raise RLIMIT_NOFILE to %llu", (unsigned long long)need);
    }
    conn_pair *pairs = calloc(CONNS, sizeof *pairs);
    ginet_socket *ls;
    int port;
    if (pairs == NULL || !TT_EXPECT_RC(tt_listen("{packet,4},{backlog,1024}", 0, &ls, &port), 0)) {
        free(pairs);
        return;
    }
    char opts[128];
    tt_opts(opts, sizeof opts, "{packet,4}");
    int made = 0;
    for (; made < CONNS; made++) {
        int rc = ginet_tcp_connect("127.0.0.1", port, opts, TT_WAIT, NULL, &pairs[made].c);
        if (rc == 0)
            rc = ginet_tcp_accept(ls, TT_WAIT, &pairs[made].a);
        if (!TT_EXPECT_RC(rc, 0)) {
            printf("connection %d: %s\n", made, ginet_last_error());
            break;
        }
    }
    tt_drop(ls);
    if (made == CONNS) {
        struct many w[WORKERS];
        tt_thread t[WORKERS];
        int started = 0;
        for (int i = 0; i < WORKERS; i++) {
            w[i] = (struct many){ pairs, i, 0, 0 };
            if (tt_thread_start(&t[i], many_main, &w[i]) == 0)
                started++;
        }
        long long bytes = 0;
        int errors = 0;
        for (int i = 0; i < started; i++) {
            if (tt_thread_join(&t[i], 60000) == 0) {
                errors += w[i].errors;
                bytes += w[i].bytes;
            }
        }
        CU_ASSERT_EQUAL(started, WORKERS);
        CU_ASSERT_EQUAL(errors, 0);
        CU_ASSERT(bytes > 0);
    }
    for (int i = 0; i < CONNS; i++) {
        tt_drop(pairs[i].c);
        tt_drop(pairs[i].a);
    }
    free(pairs);
}

const ginet_test_case tt_concurrency_cases[] = {
    { "concurrent_accepts", test_concurrent_accepts },
    { "recv_while_sending", test_recv_while_sending },
    { "concurrent_senders", test_concurrent_senders },
    { "calls_racing_close", test_calls_racing_close },
    { "1000_connections", test_1000_connections },
    { NULL, NULL }
};
