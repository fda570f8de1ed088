/*
 * tests/socket/tcp_monitor.c — suite "tcp_monitor[B]": monitors on
 * sockets (inet:monitor/1) and the node-wide default options
 * (GINET_DEFAULT_*_OPTIONS).  DOWN on close by the API, by the peer
 * with exit_on_close in active mode (after {tcp_closed, S}; emsgsize and
 * econnreset as OTP gives them), not in passive mode until close, by the
 * owner being freed; several monitors, cancel, nosock, callback owners.
 * Defaults: applied before the caller's options, active dropped, a
 * malformed variable failing every creating call with where and why.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "tests/socket/tcp_active.h"

#include <ginet/defaults.h>
#include <ginet/inspect.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Assert that the next message of MB is {'DOWN', REF, port, S, REASON}. */
#define EXPECT_DOWN(mb, ref, s, reason) expect_down_(mb, ref, s, reason, __LINE__)
static int expect_down_(ginet_mailbox *mb, uint64_t ref, ginet_socket *s, int reason, int line)
{
    ginet_msg *m = ta_next(mb, TT_WAIT);
    int ok = m != NULL && m->kind == GINET_MSG_DOWN && m->monitor == ref && m->socket == s
             && m->down_reason == reason;
    if (!ok) {
        char got[256];
        printf("tcp_monitor.c:%d: got %s", line, ta_describe(m, got, sizeof got));
        if (m != NULL && m->kind == GINET_MSG_DOWN)
            printf(" ref %llu reason %d (%s)", (unsigned long long)m->monitor, m->down_reason,
                   m->down_reason < 0 ? ginet_error_atom(m->down_reason) : "");
        printf(", expected DOWN ref %llu reason %d\n", (unsigned long long)ref, reason);
    }
    CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, (unsigned)line, "DOWN", __FILE__, "",
                            CU_FALSE);
    ginet_msg_free(m);
    return ok;
}

/* Whether the registry still lists S. */
static int listed(ginet_socket *s)
{
    ginet_socket **l;
    size_t n;
    int found = 0;
    if (ginet_sockets(&l, &n) != 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        found |= l[i] == s;
    ginet_sockets_free(l, n);
    return found;
}

/* Closed by the API: every monitor gets DOWN normal, oldest first, in
 * the monitoring mailbox — queued when ginet_close returns; cancelling
 * afterwards answers false. */
static void test_down_on_close(void)
{
    ginet_mailbox *me = ginet_mailbox_new(), *other = ginet_mailbox_new();
    ginet_socket *s;
    int peer;
    if (ta_peer_pair("binary,{active,false}", NULL, 0, &s, &peer) != 0)
        goto out;
    uint64_t r1, r2, r3;
    TT_EXPECT_RC(ginet_monitor(s, me, &r1), 0);
    TT_EXPECT_RC(ginet_monitor(s, me, &r2), 0);
    TT_EXPECT_RC(ginet_monitor(s, other, &r3), 0);
    CU_ASSERT(r1 != 0 && r2 > r1 && r3 > r2);
    TA_EXPECT_NONE(me, 50);
    TT_EXPECT_RC(ginet_close(s), 0);
    CU_ASSERT_EQUAL(ginet_mailbox_count(me), 2);
    EXPECT_DOWN(me, r1, s, 0);
    EXPECT_DOWN(me, r2, s, 0);
    EXPECT_DOWN(other, r3, s, 0);
    CU_ASSERT_EQUAL(ginet_cancel_monitor(r1), 0);
    CU_ASSERT_EQUAL(ginet_cancel_monitor(r3), 0);
    TT_EXPECT_RC(ginet_close(s), 0);         /* twice: nothing more */
    TA_EXPECT_NONE(me, 50);
    close(peer);
    ginet_socket_release(s);
out:
    ginet_mailbox_free(me);
    ginet_mailbox_free(other);
}

/* A socket already gone: DOWN at once with nosock (OTP 25's inet ports
 * say noproc, the spec and the socket backend nosock); a NULL socket or
 * owner is einval. */
static void test_nosock(void)
{
    ginet_mailbox *me = ginet_mailbox_new();
    ginet_socket *s;
    int peer;
    if (ta_peer_pair("binary,{active,false}", NULL, 0, &s, &peer) == 0) {
        TT_EXPECT_RC(ginet_close(s), 0);     /* closed, still referenced */
        uint64_t r = 0;
        TT_EXPECT_RC(ginet_monitor(s, me, &r), 0);
        CU_ASSERT(r != 0);
        EXPECT_DOWN(me, r, s, GINET_DOWN_NOSOCK);
        CU_ASSERT_EQUAL(ginet_cancel_monitor(r), 0);
        ginet_socket_release(s);
        close(peer);
    }
    uint64_t r = 1;
    TT_EXPECT_RC(ginet_monitor(NULL, me, &r), GINET_EINVAL);
    CU_ASSERT_EQUAL(r, 0);
    CU_ASSERT_EQUAL(ginet_cancel_monitor(0), 0);
    CU_ASSERT_EQUAL(ginet_cancel_monitor(UINT64_MAX), 0);
    ginet_mailbox_free(me);
}

/* cancel_monitor: true once, then false; no DOWN comes for it; the
 * others still fire. */
static void test_cancel(void)
{
    ginet_mailbox *me = ginet_mailbox_new();
    ginet_socket *s;
    int peer;
    if (ta_peer_pair("binary,{active,false}", NULL, 0, &s, &peer) == 0) {
        uint64_t refs[40];
        for (int i = 0; i < 40; i++)
            TT_EXPECT_RC(ginet_monitor(s, me, &refs[i]), 0);
        uint64_t none = 1;
        TT_EXPECT_RC(ginet_monitor(s, NULL, &none), GINET_EINVAL);
        CU_ASSERT_EQUAL(none, 0);
        for (int i = 0; i < 40; i += 2) {
            CU_ASSERT_EQUAL(ginet_cancel_monitor(refs[i]), 1);
            CU_ASSERT_EQUAL(ginet_cancel_monitor(refs[i]), 0);
        }
        tt_drop(s);
        for (int i = 1; i < 40; i += 2)
            EXPECT_DOWN(me, refs[i], s, 0);
        TA_EXPECT_NONE(me, 100);
        close(peer);
    }
    ginet_mailbox_free(me);
}

/* Active mode with exit_on_close: the peer's close ends the socket as
 * OTP's port: {tcp_closed, S} then DOWN normal, the socket leaves the
 * registry, getstat answers closed and info #{states => [closed]}, while
 * the handle stays valid; ginet_close afterwards sends nothing more. */
static void test_down_on_peer_close(void)
{
    ginet_mailbox *mb = ginet_mailbox_new();
    ginet_socket *s;
    int peer;
    if (ta_peer_pair("binary,{active,true}", mb, 0, &s, &peer) != 0) {
        ginet_mailbox_free(mb);
        return;
    }
    uint64_t r;
    TT_EXPECT_RC(ginet_monitor(s, mb, &r), 0);
    CU_ASSERT_EQUAL(listed(s), 1);
    tt_write_full(peer, "bye", 3);
    close(peer);
    TA_EXPECT_STR(mb, s, "bye");
    TA_EXPECT_CLOSED(mb, s);
    EXPECT_DOWN(mb, r, s, 0);
    CU_ASSERT_EQUAL(listed(s), 0);
    ginet_stats st;
    TT_EXPECT_RC(ginet_getstat(s, &st), GINET_ECLOSED);
    char *t = NULL;
    TT_EXPECT_RC(ginet_info_text(s, &t), 0);
    CU_ASSERT(t != NULL && strstr(t, "states => [closed]}") != NULL);
    free(t);
    uint64_t r2 = 0;
    TT_EXPECT_RC(ginet_monitor(s, mb, &r2), 0);
    EXPECT_DOWN(mb, r2, s, GINET_DOWN_NOSOCK);
    TT_EXPECT_RC(ginet_close(s), 0);
    TA_EXPECT_NONE(mb, 50);
    ginet_socket_release(s);
    ginet_mailbox_free(mb);
}

/* OTP's Info for the other endings in active mode: emsgsize when
 * packet_size is exceeded; econnreset for a reset with show_econnreset,
 * normal without. */
static void test_down_reasons(void)
{
    static const struct {
        const char *opts;
        int reset;
        int reason;
    } cases[] = {
        { "binary,{active,true},{packet,4},{packet_size,10}", 0, GINET_EMSGSIZE },
        { "binary,{active,true},{show_econnreset,true}", 1, GINET_ECONNRESET },
        { "binary,{active,true},{show_econnreset,false}", 1, 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ginet_mailbox *mb = ginet_mailbox_new();
        ginet_socket *s;
        int peer;
        if (ta_peer_pair(cases[i].opts, mb, 0, &s, &peer) != 0) {
            ginet_mailbox_free(mb);
            continue;
        }
        uint64_t r;
        TT_EXPECT_RC(ginet_monitor(s, mb, &r), 0);
        if (cases[i].reset) {
            tt_reset_close(peer);
            peer = -1;
        } else {
            tt_write_full(peer, "\0\0\1\0", 4);   /* a 256-byte packet: too big */
        }
        /* tcp_error (when reported), tcp_closed, then DOWN. */
        ginet_msg *m;
        int downs = 0;
        while (!downs && (m = ta_next(mb, TT_WAIT)) != NULL) {
            if (m->kind == GINET_MSG_DOWN) {
                downs++;
                CU_ASSERT_EQUAL(m->monitor, r);
                if (m->down_reason != cases[i].reason)
                    printf("case %zu: DOWN reason %d (%s), expected %d\n", i, m->down_reason,
                           ginet_error_atom(m->down_reason), cases[i].reason);
                CU_ASSERT_EQUAL(m->down_reason, cases[i].reason);
            }
            ginet_msg_free(m);
        }
        CU_ASSERT_EQUAL(downs, 1);
        CU_ASSERT_EQUAL(listed(s), 0);
        if (peer >= 0)
            close(peer);
        tt_drop(s);
        ginet_mailbox_free(mb);
    }
}

/* Passive mode: exit_on_close closes the connection but the socket stays
 * (OTP's port lives on, CLOSED): no DOWN until ginet_close, then normal. */
static void test_passive_exit_no_down(void)
{
    ginet_mailbox *mb = ginet_mailbox_new();
    ginet_socket *s;
    int peer;
    if (ta_peer_pair("binary,{active,false}", NULL, 0, &s, &peer) != 0) {
        ginet_mailbox_free(mb);
        return;
    }
    uint64_t r;
    TT_EXPECT_RC(ginet_monitor(s, mb, &r), 0);
    close(peer);
    ginet_msg *m = NULL;
    TT_EXPECT_RC(ginet_recv(s, 0, TT_WAIT, &m), GINET_ECLOSED);
    TA_EXPECT_NONE(mb, 100);
    CU_ASSERT_EQUAL(listed(s), 1);
    ginet_stats st;
    TT_EXPECT_RC(ginet_getstat(s, &st), 0);
    tt_drop(s);
    EXPECT_DOWN(mb, r, s, 0);
    ginet_mailbox_free(mb);
}

/* The owner freed: its sockets close and their monitors fire (normal, as
 * for a process that exits normally). */
static void test_down_on_owner_free(void)
{
    ginet_mailbox *owner = ginet_mailbox_new(), *watcher = ginet_mailbox_new();
    ginet_socket *s;
    int peer;
    if (ta_peer_pair("binary,{active,true}", owner, 0, &s, &peer) == 0) {
        uint64_t r;
        TT_EXPECT_RC(ginet_monitor(s, watcher, &r), 0);
        ginet_socket_retain(s);
        ginet_mailbox_free(owner);
        owner = NULL;
        EXPECT_DOWN(watcher, r, s, 0);
        CU_ASSERT_EQUAL(listed(s), 0);
        ginet_socket_release(s);
        ginet_socket_release(s);
        close(peer);
    }
    ginet_mailbox_free(owner);
    ginet_mailbox_free(watcher);
}

/* A callback owner gets DOWN through its callback, on the loop thread. */
struct cb_state {
    atomic_int downs;
    atomic_int on_caller_thread;
    uint64_t ref;
    int reason;
    ginet_socket *s;
    pthread_t caller;
};

static void cb_fn(ginet_msg *m, void *arg)
{
    struct cb_state *st = arg;
    if (m->kind != GINET_MSG_DOWN)
        return;
    st->ref = m->monitor;
    st->reason = m->down_reason;
    st->s = m->socket;
    if (pthread_equal(pthread_self(), st->caller))
        atomic_fetch_add(&st->on_caller_thread, 1);
    atomic_fetch_add(&st->downs, 1);
}

static void test_down_callback(void)
{
    struct cb_state st;
    memset(&st, 0, sizeof st);
    st.caller = pthread_self();
    ginet_mailbox *cb = ginet_mailbox_new_callback(cb_fn, &st);
    ginet_socket *s;
    int peer;
    if (ta_peer_pair("binary,{active,false}", NULL, 0, &s, &peer) == 0) {
        uint64_t r;
        TT_EXPECT_RC(ginet_monitor(s, cb, &r), 0);
        TT_EXPECT_RC(ginet_close(s), 0);
        for (int i = 0; i < 500 && atomic_load(&st.downs) == 0; i++)
            tt_sleep_ms(10);
        CU_ASSERT_EQUAL(atomic_load(&st.downs), 1);
        CU_ASSERT_EQUAL(atomic_load(&st.on_caller_thread), 0);
        CU_ASSERT_EQUAL(st.ref, r);
        CU_ASSERT_EQUAL(st.reason, 0);
        CU_ASSERT_PTR_EQUAL(st.s, s);
        /* nosock through the callback too. */
        TT_EXPECT_RC(ginet_monitor(s, cb, &r), 0);
        for (int i = 0; i < 500 && atomic_load(&st.downs) == 1; i++)
            tt_sleep_ms(10);
        CU_ASSERT_EQUAL(atomic_load(&st.downs), 2);
        CU_ASSERT_EQUAL(st.reason, GINET_DOWN_NOSOCK);
        ginet_socket_release(s);
        close(peer);
    }
    ginet_mailbox_free(cb);
}

/* Monitors from several threads at once on sockets being closed: every
 * monitor gets exactly one DOWN or is cancelled, never both. */
struct race {
    ginet_socket *s;
    ginet_mailbox *mb;
    int made, cancelled;
};

static void *race_main(void *p)
{
    struct race *x = p;
    for (int i = 0; i < 200; i++) {
        uint64_t r;
        if (ginet_monitor(x->s, x->mb, &r) != 0)
            continue;
        x->made++;
        if ((i & 3) == 0)
            x->cancelled += ginet_cancel_monitor(r);
    }
    return NULL;
}

static void test_monitor_race(void)
{
    ginet_mailbox *mb = ginet_mailbox_new();
    ginet_socket *s;
    int peer;
    if (ta_peer_pair("binary,{active,false}", NULL, 0, &s, &peer) != 0) {
        ginet_mailbox_free(mb);
        return;
    }
    struct race x[4];
    tt_thread th[4];
    for (int i = 0; i < 4; i++) {
        x[i] = (struct race){ s, mb, 0, 0 };
        tt_thread_start(&th[i], race_main, &x[i]);
    }
    tt_sleep_ms(2);
    TT_EXPECT_RC(ginet_close(s), 0);
    int made = 0, cancelled = 0;
    for (int i = 0; i < 4; i++) {
        tt_thread_join(&th[i], TT_WAIT);
        made += x[i].made;
        cancelled += x[i].cancelled;
    }
    int downs = 0;
    ginet_msg *m;
    while ((m = ta_next(mb, 200)) != NULL) {
        downs += m->kind == GINET_MSG_DOWN;
        ginet_msg_free(m);
    }
    CU_ASSERT_EQUAL(downs + cancelled, made);
    ginet_socket_release(s);
    close(peer);
    ginet_mailbox_free(mb);
}

/* --------------------------------------------------------- defaults */

/* Set (VALUE NULL: unset) the three variables and reload; the result. */
static int set_defaults(const char *connect, const char *listen, const char *udp)
{
    const char *v[3] = { connect, listen, udp };
    static const char *const names[3] = {
        "GINET_DEFAULT_CONNECT_OPTIONS", "GINET_DEFAULT_LISTEN_OPTIONS",
        "GINET_DEFAULT_UDP_OPTIONS",
    };
    for (int i = 0; i < 3; i++) {
        if (v[i] != NULL)
            setenv(names[i], v[i], 1);
        else
            unsetenv(names[i]);
    }
    return ginet_default_options_reload();
}

#define EXPECT_DEFAULTS(kind, want) expect_defaults_(kind, want, __LINE__)
static void expect_defaults_(ginet_defaults_kind kind, const char *want, int line)
{
    char *t = NULL;
    int rc = ginet_default_options_text(kind, &t);
    int ok = rc == 0 && t != NULL && strcmp(t, want) == 0;
    if (!ok)
        printf("tcp_monitor.c:%d: defaults %d = %s, expected %s\n", line, (int)kind,
               rc == 0 ? t : ginet_error_atom(rc), want);
    CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, (unsigned)line, "defaults", __FILE__, "",
                            CU_FALSE);
    free(t);
}

/* Defaults come before the caller's options (which win), {active,_} in a
 * variable is dropped ({active,true} stays the default), a single option
 * without brackets is taken, accepted sockets inherit the listener's. */
static void test_defaults_applied(void)
{
    ginet_mailbox *mb = ginet_mailbox_new();
    TT_EXPECT_RC(set_defaults("[{delay_send,true},{active,false},{packet,2}]",
                              "{nodelay,true}", "[{recbuf,65536}]"), 0);
    EXPECT_DEFAULTS(GINET_DEFAULTS_CONNECT, "[{delay_send,true},{packet,2}]");
    EXPECT_DEFAULTS(GINET_DEFAULTS_LISTEN, "[{nodelay,true}]");
    EXPECT_DEFAULTS(GINET_DEFAULTS_UDP, "[{recbuf,65536}]");
    ginet_socket *c, *a;
    if (ta_pair("binary", mb, "binary,{active,false}", mb, &c, &a) == 0) {
        TA_EXPECT_OPTS(c, "[delay_send,packet,active]",
                       "[{delay_send,true},{packet,2},{active,true}]");
        TA_EXPECT_OPTS(a, "[nodelay,delay_send,packet]",
                       "[{nodelay,true},{delay_send,false},{packet,0}]");
        tt_drop(c);
        tt_drop(a);
    }
    if (ta_pair("binary,{packet,4},{delay_send,false}", mb, "binary,{nodelay,false}", mb, &c,
                &a) == 0) {
        TA_EXPECT_OPTS(c, "[delay_send,packet]", "[{delay_send,false},{packet,4}]");
        TA_EXPECT_OPTS(a, "[nodelay]", "[{nodelay,false}]");
        tt_drop(c);
        tt_drop(a);
    }
    TT_EXPECT_RC(set_defaults(NULL, NULL, NULL), 0);
    EXPECT_DEFAULTS(GINET_DEFAULTS_CONNECT, "[]");
    if (ta_pair("binary", mb, "binary", mb, &c, &a) == 0) {
        TA_EXPECT_OPTS(c, "[delay_send,packet]", "[{delay_send,false},{packet,0}]");
        tt_drop(c);
        tt_drop(a);
    }
    ginet_mailbox_free(mb);
}

/* A malformed variable is never ignored: the reload says where, every
 * creating call of its kind fails with einval naming the variable, the
 * other kinds still work; fixing it and reloading heals. */
static void test_defaults_malformed(void)
{
    char opts[256];
    ginet_socket *s = NULL;
    static const struct {
        const char *text;
        const char *where;
    } bad[] = {
        { "[{delay_send,true}", "GINET_DEFAULT_CONNECT_OPTIONS, line 1, column " },
        { "[{packet,3}]", "GINET_DEFAULT_CONNECT_OPTIONS, line 1, column 2: " },
        { "[nodelay]", "GINET_DEFAULT_CONNECT_OPTIONS, line 1, column 2: " },
        { "[{bogus,1}]", "GINET_DEFAULT_CONNECT_OPTIONS, line 1, column 2: " },
        { "[{nodelay,true},\n {inet_backend,epoll}]",
          "GINET_DEFAULT_CONNECT_OPTIONS, line 2, column 2: inet_backend" },
    };
    ginet_socket *l;
    int port;
    if (tt_listen(NULL, 0, &l, &port) != 0)
        return;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        TT_EXPECT_RC(set_defaults(bad[i].text, NULL, NULL), GINET_EINVAL);
        CU_ASSERT(strstr(ginet_last_error(), bad[i].where) != NULL);
        int rc = ginet_tcp_connect("127.0.0.1", port, tt_opts(opts, sizeof opts, NULL), TT_WAIT,
                                   NULL, &s);
        TT_EXPECT_RC(rc, GINET_EINVAL);
        if (strstr(ginet_last_error(), bad[i].where) == NULL)
            printf("case %zu: last error: %s\n", i, ginet_last_error());
        CU_ASSERT(strstr(ginet_last_error(), bad[i].where) != NULL);
        CU_ASSERT_PTR_NULL(s);
        char *t = NULL;
        TT_EXPECT_RC(ginet_default_options_text(GINET_DEFAULTS_CONNECT, &t), GINET_EINVAL);
        /* Listening is not affected by the connect variable. */
        ginet_socket *l2 = NULL;
        int p2;
        TT_EXPECT_RC(tt_listen(NULL, 0, &l2, &p2), 0);
        tt_drop(l2);
    }
    /* A malformed listen variable stops listen, not connect. */
    TT_EXPECT_RC(set_defaults(NULL, "[{backlog,-}]", NULL), GINET_EINVAL);
    CU_ASSERT(strstr(ginet_last_error(), "GINET_DEFAULT_LISTEN_OPTIONS, line 1") != NULL);
    ginet_socket *l3 = NULL;
    int p3;
    TT_EXPECT_RC(ginet_tcp_listen(0, tt_opts(opts, sizeof opts, NULL), NULL, &l3), GINET_EINVAL);
    TT_EXPECT_RC(ginet_tcp_connect("127.0.0.1", port, tt_opts(opts, sizeof opts, NULL), TT_WAIT,
                                   NULL, &s), 0);
    tt_drop(s);
    s = NULL;
    /* A bad UDP variable is reported now, though no UDP socket exists. */
    TT_EXPECT_RC(set_defaults(NULL, NULL, "[{recbuf,x}]"), GINET_EINVAL);
    CU_ASSERT(strstr(ginet_last_error(), "GINET_DEFAULT_UDP_OPTIONS") != NULL);
    /* Healed. */
    TT_EXPECT_RC(set_defaults(NULL, NULL, NULL), 0);
    TT_EXPECT_RC(tt_listen(NULL, 0, &l3, &p3), 0);
    tt_drop(l3);
    TT_EXPECT_RC(ginet_default_options_text((ginet_defaults_kind)7, NULL), GINET_EINVAL);
    tt_drop(l);
}

const ginet_test_case tt_monitor_cases[] = {
    { "down_on_close", test_down_on_close },
    { "nosock", test_nosock },
    { "cancel", test_cancel },
    { "down_on_peer_close", test_down_on_peer_close },
    { "down_reasons", test_down_reasons },
    { "passive_exit_no_down", test_passive_exit_no_down },
    { "down_on_owner_free", test_down_on_owner_free },
    { "down_callback", test_down_callback },
    { "monitor_race", test_monitor_race },
    { "defaults_applied", test_defaults_applied },
    { "defaults_malformed", test_defaults_malformed },
    { NULL, NULL }
};
