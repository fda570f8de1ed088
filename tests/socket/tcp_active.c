/*
 * tests/socket/tcp_active.c — suite "tcp_active[B]": active delivery to a
 * mailbox.  Every transition between false, true, once and N with data
 * buffered while passive, OTP's {active,N} counting (additive, clamped at
 * 0, {tcp_passive,S} — also for {active,0} on a passive socket — einval
 * past 32767), {active,N} re-armed on every {tcp_passive,S} under a peer
 * blasting {packet,4} frames (every byte and every count checked), and
 * toggling active/passive while a stream flows (nothing lost or
 * reordered).
 *
 * The message sequences in the comments were read from OTP 25 with
 * gen_tcp on both ends (escripts: {C,A} = connected pair, msgs(T) = every
 * message that arrives within T ms).
 */
#include "tests/socket/tcp_active.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Frame "PREFIX<I>" for I in [FROM, TO] to the peer. */
static void peer_frames(int peer, const char *prefix, int from, int to)
{
    for (int i = from; i <= to; i++) {
        char b[32];
        int n = snprintf(b, sizeof b, "%s%d", prefix, i);
        if (ta_write_frame(peer, b, (size_t)n) != 0)
            CU_FAIL("peer write");
    }
}

/* OTP 25, {packet,4}, five frames m1..m5 sent while the socket is passive:
 *   msgs(50)                          -> []
 *   setopts([{active,once}])          -> [{tcp,S,<<"m1">>}], active false
 *   setopts([{active,2}])             -> [{tcp,S,<<"m2">>},{tcp,S,<<"m3">>},
 *                                         {tcp_passive,S}], active false
 *   setopts([{active,true}])          -> [{tcp,S,<<"m4">>},{tcp,S,<<"m5">>}]
 *   setopts([{active,false}]), send x1 -> [], recv -> {ok,<<"x1">>} */
static void test_buffered_transitions(void)
{
    ginet_mailbox *mb = ginet_mailbox_new();
    ginet_socket *s;
    int peer;
    if (ta_peer_pair("binary,{packet,4},{active,false}", mb, 0, &s, &peer) != 0) {
        ginet_mailbox_free(mb);
        return;
    }
    peer_frames(peer, "m", 1, 5);
    tt_sleep_ms(100);
    TA_EXPECT_NONE(mb, 50);
    TT_EXPECT_RC(ginet_setopts(s, "[{active,once}]"), 0);
    TA_EXPECT_STR(mb, s, "m1");
    TA_EXPECT_NONE(mb, 50);
    TA_EXPECT_ACTIVE(s, "[{active,false}]");
    TT_EXPECT_RC(ginet_setopts(s, "[{active,2}]"), 0);
    TA_EXPECT_STR(mb, s, "m2");
    TA_EXPECT_STR(mb, s, "m3");
    TA_EXPECT_PASSIVE(mb, s);
    TA_EXPECT_ACTIVE(s, "[{active,false}]");
    TT_EXPECT_RC(ginet_setopts(s, "[{active,true}]"), 0);
    TA_EXPECT_STR(mb, s, "m4");
    TA_EXPECT_STR(mb, s, "m5");
    TA_EXPECT_NONE(mb, 50);
    TT_EXPECT_RC(ginet_setopts(s, "[{active,false}]"), 0);
    peer_frames(peer, "x", 1, 1);
    TA_EXPECT_NONE(mb, 50);
    ginet_msg *m = NULL;
    if (TT_EXPECT_RC(ginet_recv(s, 0, TT_WAIT, &m), 0))
        TT_EXPECT_DATA(m, "x1", 2);
    ginet_msg_free(m);
    close(peer);
    tt_drop(s);
    ginet_mailbox_free(mb);
}

/* OTP 25, {active,N} counting on one socket (getopts after each):
 *   {active,3} then {active,2}        -> {active,5}
 *   {active,-2}                       -> {active,3}, no message
 *   {active,-10}                      -> ok, {active,false}, [{tcp_passive,S}]
 *   {active,0} on a passive socket    -> ok, [{tcp_passive,S}], {active,false}
 *   {active,-5} on a passive socket   -> ok, [{tcp_passive,S}], {active,false}
 *   {active,32767} then {active,1}    -> {error,einval}, {active,32767}
 *   then {active,-32768}              -> ok, {active,false}, [{tcp_passive,S}]
 *   {active,-32768} on passive        -> ok, [{tcp_passive,S}]
 *   {active,true} then {active,5}     -> {active,5}
 *   {active,true} then {active,0}     -> {active,false}, [{tcp_passive,S}]
 *   {active,once} then {active,3}     -> {active,3}
 *   {active,once} then {active,-1}    -> {active,false}, [{tcp_passive,S}]
 *   {active,2} then {active,-2}       -> {active,false}, [{tcp_passive,S}]
 *   setopts([{active,1},{active,-1}]) -> ok, {active,1}, [{tcp_passive,S}]
 *     (applied last first: -1 on a passive socket, then +1) */
static void test_active_n_counting(void)
{
    ginet_mailbox *mb = ginet_mailbox_new();
    ginet_socket *s;
    int peer;
    if (ta_peer_pair("binary,{active,false}", mb, 0, &s, &peer) != 0) {
        ginet_mailbox_free(mb);
        return;
    }
    TT_EXPECT_RC(ginet_setopts(s, "[{active,3}]"), 0);
    TT_EXPECT_RC(ginet_setopts(s, "[{active,2}]"), 0);
    TA_EXPECT_ACTIVE(s, "[{active,5}]");
    TT_EXPECT_RC(ginet_setopts(s, "[{active,-2}]"), 0);
    TA_EXPECT_ACTIVE(s, "[{active,3}]");
    TA_EXPECT_NONE(mb, 50);
    TT_EXPECT_RC(ginet_setopts(s, "[{active,-10}]"), 0);
    TA_EXPECT_ACTIVE(s, "[{active,false}]");
    TA_EXPECT_PASSIVE(mb, s);
    TA_EXPECT_NONE(mb, 30);

    TT_EXPECT_RC(ginet_setopts(s, "[{active,0}]"), 0);
    TA_EXPECT_PASSIVE(mb, s);
    TA_EXPECT_ACTIVE(s, "[{active,false}]");
    TT_EXPECT_RC(ginet_setopts(s, "[{active,-5}]"), 0);
    TA_EXPECT_PASSIVE(mb, s);
    TA_EXPECT_ACTIVE(s, "[{active,false}]");

    TT_EXPECT_RC(ginet_setopts(s, "[{active,32767}]"), 0);
    TT_EXPECT_RC(ginet_setopts(s, "[{active,1}]"), GINET_EINVAL);
    TA_EXPECT_ACTIVE(s, "[{active,32767}]");
    TT_EXPECT_RC(ginet_setopts(s, "[{active,-32768}]"), 0);
    TA_EXPECT_ACTIVE(s, "[{active,false}]");
    TA_EXPECT_PASSIVE(mb, s);
    TT_EXPECT_RC(ginet_setopts(s, "[{active,-32768}]"), 0);
    TA_EXPECT_PASSIVE(mb, s);
    TA_EXPECT_NONE(mb, 30);

    TT_EXPECT_RC(ginet_setopts(s, "[{active,true}]"), 0);
    TT_EXPECT_RC(ginet_setopts(s, "[{active,5}]"), 0);
    TA_EXPECT_ACTIVE(s, "[{active,5}]");
    TT_EXPECT_RC(ginet_setopts(s, "[{active,true}]"), 0);
    TT_EXPECT_RC(ginet_setopts(s, "[{active,0}]"), 0);
    TA_EXPECT_ACTIVE(s, "[{active,false}]");
    TA_EXPECT_PASSIVE(mb, s);
    TT_EXPECT_RC(ginet_setopts(s, "[{active,once}]"), 0);
    TT_EXPECT_RC(ginet_setopts(s, "[{active,3}]"), 0);
    TA_EXPECT_ACTIVE(s, "[{active,3}]");
    TT_EXPECT_RC(ginet_setopts(s, "[{active,once}]"), 0);
    TT_EXPECT_RC(ginet_setopts(s, "[{active,-1}]"), 0);
    TA_EXPECT_ACTIVE(s, "[{active,false}]");
    TA_EXPECT_PASSIVE(mb, s);
    TT_EXPECT_RC(ginet_setopts(s, "[{active,2}]"), 0);
    TT_EXPECT_RC(ginet_setopts(s, "[{active,-2}]"), 0);
    TA_EXPECT_ACTIVE(s, "[{active,false}]");
    TA_EXPECT_PASSIVE(mb, s);
    TT_EXPECT_RC(ginet_setopts(s, "[{active,1},{active,-1}]"), 0);
    TA_EXPECT_ACTIVE(s, "[{active,1}]");
    TA_EXPECT_PASSIVE(mb, s);
    TA_EXPECT_NONE(mb, 30);
    close(peer);
    tt_drop(s);
    ginet_mailbox_free(mb);
}

/* OTP 25, three frames n1..n3 buffered while passive:
 *   setopts([{active,2}]) -> [{tcp,S,<<"n1">>},{tcp,S,<<"n2">>},{tcp_passive,S}]
 *   setopts([{active,2}]) -> [{tcp,S,<<"n3">>}], getopts -> {active,1} */
static void test_active_n_buffered(void)
{
    ginet_mailbox *mb = ginet_mailbox_new();
    ginet_socket *s;
    int peer;
    if (ta_peer_pair("binary,{packet,4},{active,false}", mb, 0, &s, &peer) != 0) {
        ginet_mailbox_free(mb);
        return;
    }
    peer_frames(peer, "n", 1, 3);
    tt_sleep_ms(50);
    TT_EXPECT_RC(ginet_setopts(s, "[{active,2}]"), 0);
    TA_EXPECT_STR(mb, s, "n1");
    TA_EXPECT_STR(mb, s, "n2");
    TA_EXPECT_PASSIVE(mb, s);
    TA_EXPECT_NONE(mb, 50);
    TT_EXPECT_RC(ginet_setopts(s, "[{active,2}]"), 0);
    TA_EXPECT_STR(mb, s, "n3");
    TA_EXPECT_NONE(mb, 50);
    TA_EXPECT_ACTIVE(s, "[{active,1}]");
    close(peer);
    tt_drop(s);
    ginet_mailbox_free(mb);
}

/* Sockets created active with an owner deliver at once: {active,true},
 * {active,once} (then false), {active,2} (then tcp_passive).  A socket
 * created with no owner is passive whatever its options say. */
static void test_created_active(void)
{
    static const struct {
        const char *opt;
        int msgs;              /* frames delivered before it stops */
        int passive;           /* a tcp_passive follows */
        const char *after;
    } cases[] = {
        { "{active,true}", 3, 0, "[{active,true}]" },
        { "{active,once}", 1, 0, "[{active,false}]" },
        { "{active,2}", 2, 1, "[{active,false}]" },
        { "{active,3}", 3, 1, "[{active,false}]" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ginet_mailbox *mb = ginet_mailbox_new();
        ginet_socket *s;
        int peer;
        char opts[128];
        snprintf(opts, sizeof opts, "binary,{packet,4},%s", cases[i].opt);
        if (ta_peer_pair(opts, mb, 0, &s, &peer) != 0) {
            ginet_mailbox_free(mb);
            return;
        }
        peer_frames(peer, "c", 1, 3);
        for (int k = 1; k <= cases[i].msgs; k++) {
            char want[16];
            snprintf(want, sizeof want, "c%d", k);
            TA_EXPECT_STR(mb, s, want);
        }
        if (cases[i].passive)
            TA_EXPECT_PASSIVE(mb, s);
        TA_EXPECT_NONE(mb, 50);
        TA_EXPECT_ACTIVE(s, cases[i].after);
        close(peer);
        tt_drop(s);
        ginet_mailbox_free(mb);
    }
    /* No owner: created passive ({active,true} has nobody to go to). */
    ginet_socket *s;
    int peer;
    if (ta_peer_pair("binary,{active,true}", NULL, 0, &s, &peer) == 0) {
        TA_EXPECT_ACTIVE(s, "[{active,false}]");
        close(peer);
        tt_drop(s);
    }
}

/* ------------------------------------------------ fast sender, {active,N} */

#define BLAST_FRAMES 20000
#define BLAST_MAX 1500

struct blaster {
    int fd;
    uint64_t seed;
    int frames;
    int result;
};

static size_t frame_len(tt_rng *r)
{
    uint32_t k = tt_rand(r) % 16;
    if (k == 0)
        return 0;                              /* empty frames count too */
    if (k < 12)
        return tt_rand_range(r, 1, 64);
    return tt_rand_range(r, 65, BLAST_MAX);
}

/* Writes the frames in writes of several frames at once, then shuts its
 * writing down. */
static void *blaster_main(void *p)
{
    struct blaster *b = p;
    static _Thread_local uint8_t buf[64 * 1024];
    tt_rng r, split;
    tt_rng_seed(&r, b->seed);
    tt_rng_seed(&split, b->seed + 1);
    size_t at = 0;
    uint64_t off = 0;
    b->result = 0;
    for (int i = 0; i < b->frames; i++) {
        size_t len = frame_len(&r);
        if (at + 4 + len > sizeof buf) {
            if (tt_write_full(b->fd, buf, at) != 0) {
                b->result = -1;
                return NULL;
            }
            at = 0;
        }
        buf[at] = (uint8_t)(len >> 24);
        buf[at + 1] = (uint8_t)(len >> 16);
        buf[at + 2] = (uint8_t)(len >> 8);
        buf[at + 3] = (uint8_t)len;
        ta_fill_pattern(buf + at + 4, len, b->seed, off);
        off += len;
        at += 4 + len;
        if (at > 8192 && (tt_rand(&split) & 3) == 0) {
            if (tt_write_full(b->fd, buf, at) != 0) {
                b->result = -1;
                return NULL;
            }
            at = 0;
        }
    }
    if (at > 0 && tt_write_full(b->fd, buf, at) != 0)
        b->result = -1;
    shutdown(b->fd, SHUT_WR);
    return NULL;
}

/* A peer thread writes 20000 {packet,4} frames of 0..1500 bytes as fast as
 * it can.  The owner re-arms with {active,N} (N random in 1..100) on every
 * {tcp_passive,S}: between two passive messages exactly N frames arrive;
 * every frame has the length and bytes the peer sent, in order; the end
 * is {tcp_closed,S} after the last frame. */
static void test_active_n_fast_sender(void)
{
    ginet_mailbox *mb = ginet_mailbox_new();
    ginet_socket *s;
    int peer;
    if (ta_peer_pair("binary,{packet,4},{active,false},{recbuf,65536}", mb, 0, &s, &peer) != 0) {
        ginet_mailbox_free(mb);
        return;
    }
    struct blaster b = { peer, 0x5eed, BLAST_FRAMES, -1 };
    tt_thread t;
    if (tt_thread_start(&t, blaster_main, &b) != 0) {
        close(peer);
        tt_drop(s);
        ginet_mailbox_free(mb);
        return;
    }
    tt_rng want, nr;
    tt_rng_seed(&want, b.seed);
    tt_rng_seed(&nr, 77);
    uint64_t off = 0;
    int frames = 0, passives = 0, bad = 0, closed = 0;
    int n = (int)tt_rand_range(&nr, 1, 100), left = n;
    char o[32];
    snprintf(o, sizeof o, "[{active,%d}]", n);
    TT_EXPECT_RC(ginet_setopts(s, o), 0);
    while (!closed && !bad) {
        ginet_msg *m = ta_next(mb, TT_WAIT);
        if (m == NULL) {
            printf("no message after %d frames, %d passives\n", frames, passives);
            bad = 1;
            break;
        }
        switch (m->kind) {
        case GINET_MSG_TCP: {
            size_t len = frame_len(&want);
            if (frames >= BLAST_FRAMES || left == 0 || m->len != len
                || !ta_check_pattern(m->data, len, b.seed, off)) {
                printf("frame %d: %zu bytes (expected %zu), %d left of {active,%d}\n", frames,
                       m->len, len, left, n);
                bad = 1;
            }
            off += len;
            frames++;
            left--;
            break;
        }
        case GINET_MSG_TCP_PASSIVE: {
            if (left != 0) {
                printf("tcp_passive with %d of {active,%d} left\n", left, n);
                bad = 1;
            }
            passives++;
            n = (int)tt_rand_range(&nr, 1, 100);
            left = n;
            snprintf(o, sizeof o, "[{active,%d}]", n);
            if (!TT_EXPECT_RC(ginet_setopts(s, o), 0))
                bad = 1;
            break;
        }
        case GINET_MSG_TCP_CLOSED:
            closed = 1;
            break;
        default: {
            char d[128];
            printf("unexpected %s\n", ta_describe(m, d, sizeof d));
            bad = 1;
        }
        }
        ginet_msg_free(m);
    }
    CU_ASSERT(!bad);
    CU_ASSERT(closed);
    CU_ASSERT_EQUAL(frames, BLAST_FRAMES);
    CU_ASSERT(passives >= BLAST_FRAMES / 100);
    tt_thread_join_close(&t, 3 * TT_WAIT, s);
    CU_ASSERT_EQUAL(b.result, 0);
    close(peer);
    tt_drop(s);
    ginet_mailbox_free(mb);
}

/* --------------------------------------------- toggling while data flows */

/* The peer streams 4 MB of the pattern in random splits; the owner switches
 * between {active,true}, {active,once}, {active,N} and passive recv every
 * few packets.  Whatever the mode, the bytes come in order, none lost or
 * doubled, and the end is reported once (tcp_closed or recv closed). */
static void test_toggle_while_flowing(void)
{
    enum { TOTAL = 4 << 20 };
    ginet_mailbox *mb = ginet_mailbox_new();
    ginet_socket *s;
    int peer;
    if (ta_peer_pair("binary,{active,false},{exit_on_close,false}", mb, 0, &s, &peer) != 0) {
        ginet_mailbox_free(mb);
        return;
    }
    uint8_t *data = malloc(TOTAL);
    if (data == NULL) {
        CU_FAIL("malloc");
        close(peer);
        tt_drop(s);
        ginet_mailbox_free(mb);
        return;
    }
    ta_fill_pattern(data, TOTAL, 9, 0);
    tt_writer w;
    memset(&w, 0, sizeof w);
    w.shut = 1;
    tt_writer_start(&w, peer, data, TOTAL, 20000, 99);
    tt_rng r;
    tt_rng_seed(&r, 5);
    uint64_t got = 0;
    int ended = 0, bad = 0;
    while (!ended && !bad) {
        /* Passive first: what active mode left in the mailbox is taken in
         * order, then nothing more comes. */
        TT_EXPECT_RC(ginet_setopts(s, "[{active,false}]"), 0);
        ginet_msg *m;
        while (!bad && (m = ta_next(mb, 0)) != NULL) {
            if (m->kind == GINET_MSG_TCP) {
                if (!ta_check_pattern(m->data, m->len, 9, got))
                    bad = 1;
                got += m->len;
            } else if (m->kind == GINET_MSG_TCP_CLOSED) {
                ended = 1;
            } else if (m->kind != GINET_MSG_TCP_PASSIVE) {
                bad = 1;
            }
            ginet_msg_free(m);
        }
        if (ended || bad)
            break;
        int mode = (int)(tt_rand(&r) % 4);
        if (mode == 0) {
            for (int k = 0; k < 3; k++) {
                int rc = ginet_recv(s, 0, TT_WAIT, &m);
                if (rc == GINET_ECLOSED) {
                    ended = 1;
                    break;
                }
                if (!TT_EXPECT_RC(rc, 0)) {
                    bad = 1;
                    break;
                }
                if (!ta_check_pattern(m->data, m->len, 9, got))
                    bad = 1;
                got += m->len;
                ginet_msg_free(m);
            }
            continue;
        }
        const char *o = mode == 1 ? "[{active,true}]" : mode == 2 ? "[{active,once}]"
                                                                    : "[{active,3}]";
        TT_EXPECT_RC(ginet_setopts(s, o), 0);
        int want = mode == 1 ? 5 : mode == 2 ? 1 : 3;
        for (int k = 0; k < want && !ended && !bad; k++) {
            m = ta_next(mb, TT_WAIT);
            if (m == NULL) {
                printf("no message at %llu of %d bytes\n", (unsigned long long)got, TOTAL);
                bad = 1;
                break;
            }
            if (m->kind == GINET_MSG_TCP) {
                if (!ta_check_pattern(m->data, m->len, 9, got)) {
                    printf("wrong bytes at %llu\n", (unsigned long long)got);
                    bad = 1;
                }
                got += m->len;
            } else if (m->kind == GINET_MSG_TCP_CLOSED) {
                ended = 1;
            } else {
                char d[128];
                printf("in mode %d: %s\n", mode, ta_describe(m, d, sizeof d));
                bad = 1;
            }
            ginet_msg_free(m);
        }
        if (mode == 3 && !ended && !bad) {
            /* Three packets taken: the passive message comes next. */
            m = ta_next(mb, TT_WAIT);
            if (m == NULL || m->kind != GINET_MSG_TCP_PASSIVE) {
                char d[128];
                printf("after {active,3}: %s, expected tcp_passive\n", ta_describe(m, d, sizeof d));
                bad = 1;
            }
            ginet_msg_free(m);
        }
    }
    CU_ASSERT(!bad);
    CU_ASSERT(ended);
    CU_ASSERT_EQUAL(got, (uint64_t)TOTAL);
    TT_EXPECT_RC(tt_writer_join(&w), 0);
    free(data);
    close(peer);
    tt_drop(s);
    ginet_mailbox_free(mb);
}

const ginet_test_case tt_active_cases[] = {
    { "buffered_transitions", test_buffered_transitions },
    { "active_n_counting", test_active_n_counting },
    { "active_n_buffered", test_active_n_buffered },
    { "created_active", test_created_active },
    { "active_n_fast_sender", test_active_n_fast_sender },
    { "toggle_while_flowing", test_toggle_while_flowing },
    { NULL, NULL }
};
