/*
 * tests/unit/test_backend_close.c — closing with requests in flight: the
 * cancellations come first, the close completion last, nothing after it;
 * closing from another thread and from inside a callback; and a stress
 * run that frees the state inside the close callback while the loop is
 * busy with the socket, so that any later use is caught by ASan.
 */
#include "test_backend.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define BEGIN(l)                                                        \
    tb_loop l;                                                          \
    do {                                                                \
        int rc_ = tb_loop_start(&l);                                    \
        CU_ASSERT_EQUAL_FATAL(rc_, 0);                                  \
    } while (0)

/* The order completions arrive in, across requests (set by a hook). */
static atomic_int seq;

static void record_order(tb_req *t)
{
    t->hook_arg = (void *)(intptr_t)atomic_fetch_add(&seq, 1);
}

static void set_iov(tb_req *t, void *buf, size_t len)
{
    t->iov[0].base = buf;
    t->iov[0].len = len;
    t->req.iov = t->iov;
    t->req.iovcnt = 1;
}

struct closer {
    tb_sock *s;
    tb_req *t;
    int rc;
};

static void *close_thread(void *arg)
{
    struct closer *c = arg;
    pthread_mutex_lock(&c->s->mu);
    c->rc = c->s->loop->bk->sock_close(c->s->state, &c->t->req);
    pthread_mutex_unlock(&c->s->mu);
    return NULL;
}

/* A socket with a receive and a send in flight is closed from another
 * thread: both end (cancelled), then the close completion, in that order;
 * the peer sees the connection end. */
static void close_with_requests_in_flight(void)
{
    BEGIN(l);
    tb_sock s;
    int peer;
    CU_ASSERT_EQUAL_FATAL(tb_pair_os(&l, &s, &peer), 0);
    char in[64];
    tb_req r;
    tb_req_init(&r, &s, GINET_BK_RECV, GINET_BK_F_INLINE);
    set_iov(&r, in, sizeof in);
    r.hook = record_order;
    CU_ASSERT_EQUAL(tb_submit(&s, &r), GINET_EINPROGRESS);
    /* Fill the send buffer until a send parks. */
    static char out[65536];
    tb_req w;
    int rc = 0;
    for (int i = 0; i < 10000; i++) {
        tb_req_init(&w, &s, GINET_BK_SEND, GINET_BK_F_INLINE);
        set_iov(&w, out, sizeof out);
        w.hook = record_order;
        rc = tb_submit(&s, &w);
        if (rc != 0)
            break;
    }
    CU_ASSERT_EQUAL(rc, GINET_EINPROGRESS);
    tb_req cl;
    tb_req_init(&cl, &s, 0, 0);
    cl.hook = record_order;
    struct closer c = { &s, &cl, 1 };
    pthread_t t;
    pthread_create(&t, NULL, close_thread, &c);
    pthread_join(t, NULL);
    s.open = 0;
    CU_ASSERT(c.rc == 0 || c.rc == GINET_EINPROGRESS);
    if (c.rc == GINET_EINPROGRESS) {
        CU_ASSERT(tb_wait(&cl, TB_WAIT));
        CU_ASSERT_EQUAL(cl.req.op, GINET_BK_CLOSE);
        CU_ASSERT_EQUAL(tb_count(&r), 1);
        CU_ASSERT_EQUAL(tb_count(&w), 1);
        CU_ASSERT(r.req.flags & GINET_BK_F_CANCELLED);
        CU_ASSERT((w.req.flags & GINET_BK_F_CANCELLED) || w.req.result > 0);
        /* The close completion is the last word. */
        CU_ASSERT((intptr_t)cl.hook_arg > (intptr_t)r.hook_arg);
        CU_ASSERT((intptr_t)cl.hook_arg > (intptr_t)w.hook_arg);
    } else {
        CU_ASSERT_EQUAL(tb_count(&r), 0);    /* nothing was in flight after all? */
    }
    /* The peer sees the end once it has read what was sent. */
    int ended = 0;
    long long until = tb_now_ms() + TB_WAIT;
    while (!ended && tb_now_ms() < until) {
        struct pollfd p = { peer, POLLIN, 0 };
        if (poll(&p, 1, 100) <= 0)
            continue;
        ssize_t n = recv(peer, out, sizeof out, 0);
        ended = n <= 0;
    }
    CU_ASSERT(ended);
    close(peer);
    free(s.state);
    pthread_mutex_destroy(&s.mu);
    tb_loop_stop(&l);
}

/* A listener closed with an accept in flight: the accept is cancelled and
 * its socket memory left untouched. */
static void close_listener_with_accept(void)
{
    BEGIN(l);
    tb_sock ls;
    ginet_sockaddr addr;
    CU_ASSERT_EQUAL_FATAL(tb_listen(&l, &ls, GINET_AF_INET, &addr), 0);
    tb_req acc;
    tb_req_init(&acc, &ls, GINET_BK_ACCEPT, GINET_BK_F_INLINE);
    unsigned char *mem = calloc(1, l.bk->sock_size);
    acc.req.accepted = mem;
    CU_ASSERT_EQUAL(tb_submit(&ls, &acc), GINET_EINPROGRESS);
    CU_ASSERT(tb_close(&ls));
    CU_ASSERT_EQUAL(tb_count(&acc), 1);
    CU_ASSERT(acc.req.flags & GINET_BK_F_CANCELLED);
    int zero = 1;
    for (size_t i = 0; i < l.bk->sock_size; i++)
        zero &= mem[i] == 0;
    CU_ASSERT(zero);
    free(mem);
    tb_loop_stop(&l);
}

/* ------------------------------------------- close from inside a callback */

static void close_in_hook(tb_req *t)
{
    tb_sock *s = t->owner;
    tb_req *cl = t->hook_arg;
    pthread_mutex_lock(&s->mu);
    int rc = s->loop->bk->sock_close(s->state, &cl->req);
    pthread_mutex_unlock(&s->mu);
    cl->hook_arg = (void *)(intptr_t)rc;
}

static void close_from_callback(void)
{
    BEGIN(l);
    tb_sock s;
    int peer;
    CU_ASSERT_EQUAL_FATAL(tb_pair_os(&l, &s, &peer), 0);
    char in[8];
    tb_req r, cl;
    tb_req_init(&cl, &s, 0, 0);
    cl.hook_arg = (void *)(intptr_t)1;
    tb_req_init(&r, &s, GINET_BK_RECV, GINET_BK_F_INLINE);
    set_iov(&r, in, sizeof in);
    r.hook = close_in_hook;
    r.hook_arg = &cl;
    CU_ASSERT_EQUAL(tb_submit(&s, &r), GINET_EINPROGRESS);
    send(peer, "q", 1, MSG_NOSIGNAL);
    CU_ASSERT(tb_wait(&r, TB_WAIT));
    int rc = (int)(intptr_t)cl.hook_arg;
    CU_ASSERT(rc == 0 || rc == GINET_EINPROGRESS);
    if (rc == GINET_EINPROGRESS)
        CU_ASSERT(tb_wait(&cl, TB_WAIT));
    s.open = 0;
    free(s.state);
    pthread_mutex_destroy(&s.mu);
    close(peer);
    tb_loop_stop(&l);
}

/* --------------------------------------------- close racing the loop */

#define RING 64

struct race {
    tb_sock s;
    tb_req reqs[RING];            /* reused in turn */
    unsigned long next;           /* guarded by s.mu */
    int closing;                  /* guarded by s.mu */
    char buf[RING][256];
    tb_req close_req;
    atomic_int freed;
};

static void resubmit(tb_req *t);

/* Keep one receive in flight (S's lock held): a few inline, then one
 * through the loop, so the loop keeps seeing events for S. */
static void submit_next(struct race *rc)
{
    for (int inl = 0; !rc->closing; inl++) {
        unsigned long k = rc->next++ % RING;
        tb_req *t = &rc->reqs[k];
        tb_req_init(t, &rc->s, GINET_BK_RECV, inl < 8 ? GINET_BK_F_INLINE : 0);
        t->iov[0] = (ginet_bk_iovec){ rc->buf[k], sizeof rc->buf[0] };
        t->req.iov = t->iov;
        t->req.iovcnt = 1;
        t->hook = resubmit;
        t->hook_arg = rc;
        if (rc->s.loop->bk->submit(rc->s.state, &t->req) != 0)
            return;                  /* in flight (or refused): done here */
    }
}

/* On the loop thread: a receive finished, start the next one, as the
 * frontend does from its completion handler. */
static void resubmit(tb_req *t)
{
    struct race *rc = t->hook_arg;
    pthread_mutex_lock(&rc->s.mu);
    if (!(t->req.flags & GINET_BK_F_CANCELLED) && t->req.result > 0)
        submit_next(rc);
    pthread_mutex_unlock(&rc->s.mu);
}

/* On the loop thread: the close completion frees the state at once, as
 * the frontend may; ASan reports any later use of it. */
static void free_state(tb_req *t)
{
    struct race *rc = t->hook_arg;
    free(rc->s.state);
    atomic_store(&rc->freed, 1);
}

#define RACE_SOCKS 16

struct flooder {
    int fds[RACE_SOCKS];
    atomic_int stop;
};

/* Keep data pouring into every socket, so that the loop's event batches
 * are full of them while they are being closed. */
static void *flood(void *arg)
{
    struct flooder *f = arg;
    char data[256];
    memset(data, 'f', sizeof data);
    while (!atomic_load(&f->stop)) {
        int sent = 0;
        for (int i = 0; i < RACE_SOCKS; i++) {
            ssize_t n = send(f->fds[i], data, sizeof data, MSG_NOSIGNAL | MSG_DONTWAIT);
            sent += n > 0;
        }
        if (!sent)
            tb_sleep_ms(0);
    }
    return NULL;
}

static void close_races_loop(void)
{
    BEGIN(l);
    const int rounds = 20;
    int ok = 0, total = 0;
    unsigned long received = 0;
    for (int round = 0; round < rounds; round++) {
        struct race *rc[RACE_SOCKS];
        struct flooder f;
        memset(&f, 0, sizeof f);
        int n = 0;
        for (; n < RACE_SOCKS; n++) {
            rc[n] = calloc(1, sizeof *rc[n]);
            if (tb_pair_os(&l, &rc[n]->s, &f.fds[n]) != 0) {
                free(rc[n]);
                CU_FAIL("no pair");
                break;
            }
            pthread_mutex_lock(&rc[n]->s.mu);
            submit_next(rc[n]);
            pthread_mutex_unlock(&rc[n]->s.mu);
        }
        pthread_t t;
        for (int i = n; i < RACE_SOCKS; i++)
            f.fds[i] = -1;
        pthread_create(&t, NULL, flood, &f);
        tb_sleep_ms(round % 3);
        /* Close them all while data pours in and the loop is reading. */
        for (int i = 0; i < n; i++) {
            struct race *r = rc[i];
            tb_req_init(&r->close_req, &r->s, 0, 0);
            r->close_req.hook = free_state;
            r->close_req.hook_arg = r;
            pthread_mutex_lock(&r->s.mu);
            r->closing = 1;
            int cr = l.bk->sock_close(r->s.state, &r->close_req.req);
            pthread_mutex_unlock(&r->s.mu);
            if (cr == 0)
                free_state(&r->close_req);   /* the backend says: free it now */
            else
                CU_ASSERT_EQUAL(cr, GINET_EINPROGRESS);
        }
        for (int i = 0; i < n; i++) {
            struct race *r = rc[i];
            if (!atomic_load(&r->freed))
                CU_ASSERT(tb_wait(&r->close_req, TB_WAIT));
        }
        atomic_store(&f.stop, 1);
        pthread_join(t, NULL);
        tb_sleep_ms(2);                      /* late callbacks would show now */
        for (int i = 0; i < n; i++) {
            struct race *r = rc[i];
            /* A second completion of a request, or one after the close
             * completion, is counted as a violation by the callback. */
            ok += atomic_load(&r->freed);
            received += r->next;
            total++;
            close(f.fds[i]);
            pthread_mutex_destroy(&r->s.mu);
            free(r);
        }
    }
    CU_ASSERT_EQUAL(ok, total);
    CU_ASSERT_EQUAL(total, rounds * RACE_SOCKS);
    printf("  %d sockets closed under load, %lu receives\n", total, received);
    tb_loop_stop(&l);
}

/* ------------------------------------------ close during an event batch */

/* A gate a hook waits at, on the loop thread, until the test opens it. */
struct gate {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int entered, open;
};

static void gate_hook(tb_req *t)
{
    struct gate *g = t->hook_arg;
    pthread_mutex_lock(&g->mu);
    g->entered = 1;
    pthread_cond_broadcast(&g->cv);
    long long until = tb_now_ms() + TB_WAIT;
    while (!g->open && tb_now_ms() < until) {
        pthread_mutex_unlock(&g->mu);
        tb_sleep_ms(1);
        pthread_mutex_lock(&g->mu);
    }
    pthread_mutex_unlock(&g->mu);
}

static int gate_entered(struct gate *g)
{
    long long until = tb_now_ms() + TB_WAIT;
    pthread_mutex_lock(&g->mu);
    while (!g->entered && tb_now_ms() < until) {
        pthread_mutex_unlock(&g->mu);
        tb_sleep_ms(1);
        pthread_mutex_lock(&g->mu);
    }
    int e = g->entered;
    pthread_mutex_unlock(&g->mu);
    return e;
}

static void gate_open(struct gate *g)
{
    pthread_mutex_lock(&g->mu);
    g->open = 1;
    pthread_mutex_unlock(&g->mu);
}

/*
 * The race the contract's lifetime rule exists for, made to happen: the
 * loop has taken one batch of events holding sockets B and X, and is
 * inside B's callback when another thread closes X.  If the backend lets
 * the state go at once (sock_close() returning 0), the test frees it as a
 * frontend would — and the loop's handling of X's event, still to come in
 * that batch, is a use after free that ASan reports.  A correct backend
 * delivers X's cancelled receive and its close completion after the batch.
 * A completion backend's batch of CQEs is the same race; there X's receive
 * may already have moved its byte when X is closed, and then completes
 * with its real result ("finished first", backend.h).
 */
static void close_during_batch(void)
{
    BEGIN(l);
    int completion = (l.bk->caps & GINET_BKCAP_COMPLETION) != 0;
    tb_sock c, b, x;
    int pc, pb, px;
    CU_ASSERT_EQUAL_FATAL(tb_pair_os(&l, &c, &pc), 0);
    CU_ASSERT_EQUAL_FATAL(tb_pair_os(&l, &b, &pb), 0);
    CU_ASSERT_EQUAL_FATAL(tb_pair_os(&l, &x, &px), 0);
    struct gate g1 = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0 };
    struct gate g2 = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0 };
    char bc[8], bb[8], bx[8];
    tb_req rc_, rb, rx, cl;
    tb_req_init(&rc_, &c, GINET_BK_RECV, GINET_BK_F_INLINE);
    set_iov(&rc_, bc, sizeof bc);
    rc_.hook = gate_hook;
    rc_.hook_arg = &g1;
    tb_req_init(&rb, &b, GINET_BK_RECV, GINET_BK_F_INLINE);
    set_iov(&rb, bb, sizeof bb);
    rb.hook = gate_hook;
    rb.hook_arg = &g2;
    tb_req_init(&rx, &x, GINET_BK_RECV, GINET_BK_F_INLINE);
    set_iov(&rx, bx, sizeof bx);
    CU_ASSERT_EQUAL(tb_submit(&c, &rc_), GINET_EINPROGRESS);
    CU_ASSERT_EQUAL(tb_submit(&b, &rb), GINET_EINPROGRESS);
    CU_ASSERT_EQUAL(tb_submit(&x, &rx), GINET_EINPROGRESS);

    /* Hold the loop in C's callback while B, then X, become readable:
     * its next batch holds both, B first. */
    send(pc, "c", 1, MSG_NOSIGNAL);
    CU_ASSERT_FATAL(gate_entered(&g1));
    send(pb, "b", 1, MSG_NOSIGNAL);
    send(px, "x", 1, MSG_NOSIGNAL);
    tb_sleep_ms(5);
    gate_open(&g1);
    CU_ASSERT_FATAL(gate_entered(&g2));
    /* The loop is inside B's callback, X's event in its hands: close X. */
    tb_req_init(&cl, &x, 0, 0);
    pthread_mutex_lock(&x.mu);
    int r = l.bk->sock_close(x.state, &cl.req);
    pthread_mutex_unlock(&x.mu);
    x.open = 0;
    if (r == 0) {
        memset(x.state, 0xdb, l.bk->sock_size);
        free(x.state);                       /* as the contract allows */
        x.state = NULL;
    }
    gate_open(&g2);
    CU_ASSERT(r == 0 || r == GINET_EINPROGRESS);
    if (r == GINET_EINPROGRESS) {
        CU_ASSERT(tb_wait(&cl, TB_WAIT));
        CU_ASSERT_EQUAL(tb_count(&rx), 1);
        CU_ASSERT((rx.req.flags & GINET_BK_F_CANCELLED)
                  || (completion && rx.req.result == 1 && bx[0] == 'x'));
        free(x.state);
    }
    CU_ASSERT(tb_wait(&rb, TB_WAIT) && rb.req.result == 1);
    tb_sleep_ms(20);
    pthread_mutex_destroy(&x.mu);
    close(pc);
    close(pb);
    close(px);
    tb_close(&c);
    tb_close(&b);
    tb_loop_stop(&l);
}

const ginet_test_case tb_close_cases[] = {
    { "close_with_requests_in_flight", close_with_requests_in_flight },
    { "close_listener_with_accept", close_listener_with_accept },
    { "close_from_callback", close_from_callback },
    { "close_during_batch", close_during_batch },
    { "close_races_loop", close_races_loop },
    { NULL, NULL }
};
