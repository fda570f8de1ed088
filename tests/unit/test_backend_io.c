/*
 * tests/unit/test_backend_io.c — the data path of the backend contract:
 * connect and accept (inline and through the loop), send and receive
 * (inline, pending, partial), GINET_BK_F_TRY, cancel from another thread
 * while the loop runs, wakeup, end of stream, resets, refused
 * connections, address in use, and datagrams with ancillary data.
 */
#include "test_backend.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
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

static void set_iov(tb_req *t, void *buf, size_t len)
{
    t->iov[0].base = buf;
    t->iov[0].len = len;
    t->req.iov = t->iov;
    t->req.iovcnt = 1;
}

/* Send all of BUF from S (through the contract), 1 if it all went. */
static int send_all(tb_sock *s, const void *buf, size_t len)
{
    size_t off = 0;
    while (off < len) {
        tb_req t;
        tb_req_init(&t, s, GINET_BK_SEND, GINET_BK_F_INLINE);
        set_iov(&t, (char *)buf + off, len - off);
        if (!tb_run(s, &t) || t.req.result <= 0)
            return 0;
        off += (size_t)t.req.result;
    }
    return 1;
}

/* Receive exactly LEN bytes into BUF on S.  1 if it got them. */
static int recv_exact(tb_sock *s, void *buf, size_t len)
{
    size_t off = 0;
    while (off < len) {
        tb_req t;
        tb_req_init(&t, s, GINET_BK_RECV, GINET_BK_F_INLINE);
        set_iov(&t, (char *)buf + off, len - off);
        if (!tb_run(s, &t) || t.req.result <= 0)
            return 0;
        off += (size_t)t.req.result;
    }
    return 1;
}

/* ------------------------------------------------------ connect, accept */

static void pair_of(ginet_family f)
{
    BEGIN(l);
    tb_sock c, a;
    int rc = tb_pair(&l, f, &c, &a);
    CU_ASSERT_EQUAL(rc, 0);
    if (rc == 0) {
        ginet_sockaddr cs, cp, as, ap;
        CU_ASSERT_EQUAL(l.bk->sockname(c.state, &cs), 0);
        CU_ASSERT_EQUAL(l.bk->peername(c.state, &cp), 0);
        CU_ASSERT_EQUAL(l.bk->sockname(a.state, &as), 0);
        CU_ASSERT_EQUAL(l.bk->peername(a.state, &ap), 0);
        CU_ASSERT(tb_sockaddr_eq(&cs, &ap));
        CU_ASSERT(tb_sockaddr_eq(&cp, &as));
        CU_ASSERT_EQUAL(cs.family, f);
        CU_ASSERT(send_all(&c, "ping", 4));
        char buf[4];
        CU_ASSERT(recv_exact(&a, buf, 4) && memcmp(buf, "ping", 4) == 0);
        CU_ASSERT(send_all(&a, "pong", 4));
        CU_ASSERT(recv_exact(&c, buf, 4) && memcmp(buf, "pong", 4) == 0);
        tb_close(&c);
        tb_close(&a);
    }
    tb_loop_stop(&l);
}

static void connect_accept_inet(void) { pair_of(GINET_AF_INET); }
static void connect_accept_inet6(void) { pair_of(GINET_AF_INET6); }
static void connect_accept_local(void) { pair_of(GINET_AF_LOCAL); }

/* The accepted socket's peer address is reported with the ACCEPT. */
static void accept_reports_peer(void)
{
    BEGIN(l);
    tb_sock ls, c;
    ginet_sockaddr addr;
    CU_ASSERT_EQUAL_FATAL(tb_listen(&l, &ls, GINET_AF_INET, &addr), 0);
    tb_req acc;
    tb_req_init(&acc, &ls, GINET_BK_ACCEPT, GINET_BK_F_INLINE);
    acc.req.accepted = calloc(1, l.bk->sock_size);
    acc.req.addr = &acc.addr;
    int rc = tb_submit(&ls, &acc);
    CU_ASSERT(rc == GINET_EINPROGRESS);      /* nobody is connecting yet */
    tb_sleep_ms(30);
    CU_ASSERT_EQUAL(tb_count(&acc), 0);
    CU_ASSERT_EQUAL(tb_open_simple(&l, &c, GINET_AF_INET, GINET_BK_STREAM), 0);
    tb_req con;
    tb_req_init(&con, &c, GINET_BK_CONNECT, GINET_BK_F_INLINE);
    con.req.addr = &addr;
    CU_ASSERT(tb_run(&c, &con) && con.req.result == 0);
    CU_ASSERT(tb_wait(&acc, TB_WAIT));
    CU_ASSERT_EQUAL(acc.req.result, 0);
    ginet_sockaddr cs;
    CU_ASSERT_EQUAL(l.bk->sockname(c.state, &cs), 0);
    CU_ASSERT(tb_sockaddr_eq(&cs, &acc.addr));
    tb_sock a;
    tb_adopt_accepted(&l, &a, acc.req.accepted);
    tb_close(&a);
    tb_close(&c);
    tb_close(&ls);
    tb_loop_stop(&l);
}

/* Without GINET_BK_F_INLINE nothing completes inside submit(), even a
 * connect the OS finishes at once (local sockets, UDP). */
static void connect_through_loop(ginet_family f, ginet_bk_socktype type)
{
    BEGIN(l);
    tb_sock ls, c;
    ginet_sockaddr addr;
    if (type == GINET_BK_STREAM) {
        CU_ASSERT_EQUAL_FATAL(tb_listen(&l, &ls, f, &addr), 0);
    } else {
        CU_ASSERT_EQUAL_FATAL(tb_open_simple(&l, &ls, f, type), 0);
        ginet_sockaddr any = tb_ip4(127, 0, 0, 1, 0);
        CU_ASSERT_EQUAL(l.bk->bind(ls.state, &any), 0);
        CU_ASSERT_EQUAL(l.bk->sockname(ls.state, &addr), 0);
    }
    CU_ASSERT_EQUAL(tb_open_simple(&l, &c, f, type), 0);
    tb_req con;
    tb_req_init(&con, &c, GINET_BK_CONNECT, 0);
    con.req.addr = &addr;
    CU_ASSERT_EQUAL(tb_submit(&c, &con), GINET_EINPROGRESS);
    CU_ASSERT(tb_wait(&con, TB_WAIT));
    CU_ASSERT_EQUAL(con.req.result, 0);
    tb_close(&c);
    tb_close(&ls);
    if (f == GINET_AF_LOCAL) {
        char p[GINET_LOCAL_PATH_MAX + 1];
        memcpy(p, addr.u.local.path, addr.u.local.len);
        p[addr.u.local.len] = '\0';
        unlink(p);
    }
    tb_loop_stop(&l);
}

static void connect_pending_inet(void) { connect_through_loop(GINET_AF_INET, GINET_BK_STREAM); }
static void connect_pending_local(void) { connect_through_loop(GINET_AF_LOCAL, GINET_BK_STREAM); }
static void connect_pending_udp(void) { connect_through_loop(GINET_AF_INET, GINET_BK_DGRAM); }

/* A port nobody listens on: bound once, then released. */
static uint16_t free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sin = { .sin_family = AF_INET };
    socklen_t len = sizeof sin;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, (struct sockaddr *)&sin, sizeof sin);
    getsockname(fd, (struct sockaddr *)&sin, &len);
    close(fd);
    return ntohs(sin.sin_port);
}

static void connect_refused(void)
{
    BEGIN(l);
    for (int inl = 0; inl < 2; inl++) {
        tb_sock c;
        CU_ASSERT_EQUAL_FATAL(tb_open_simple(&l, &c, GINET_AF_INET, GINET_BK_STREAM), 0);
        ginet_sockaddr to = tb_ip4(127, 0, 0, 1, free_port());
        tb_req con;
        tb_req_init(&con, &c, GINET_BK_CONNECT, inl ? GINET_BK_F_INLINE : 0);
        con.req.addr = &to;
        CU_ASSERT(tb_run(&c, &con));
        CU_ASSERT_EQUAL(con.req.result, GINET_ECONNREFUSED);
        tb_close(&c);
    }
    tb_loop_stop(&l);
}

static void bind_in_use(void)
{
    BEGIN(l);
    tb_sock ls, b;
    ginet_sockaddr addr;
    CU_ASSERT_EQUAL_FATAL(tb_listen(&l, &ls, GINET_AF_INET, &addr), 0);
    CU_ASSERT_EQUAL(tb_open_simple(&l, &b, GINET_AF_INET, GINET_BK_STREAM), 0);
    CU_ASSERT_EQUAL(l.bk->bind(b.state, &addr), GINET_EADDRINUSE);
    tb_close(&b);
    /* Closing releases the address at once: it can be bound again. */
    tb_close(&ls);
    CU_ASSERT_EQUAL(tb_open_simple(&l, &b, GINET_AF_INET, GINET_BK_STREAM), 0);
    CU_ASSERT_EQUAL(l.bk->bind(b.state, &addr), 0);
    CU_ASSERT_EQUAL(l.bk->listen(b.state, 4), 0);
    tb_close(&b);
    tb_loop_stop(&l);
}

/* ----------------------------------------------------------- send, recv */

static void recv_inline_and_pending(void)
{
    BEGIN(l);
    tb_sock c, a;
    CU_ASSERT_EQUAL_FATAL(tb_pair(&l, GINET_AF_INET, &c, &a), 0);
    char buf[64];
    /* Nothing there: the request is parked. */
    tb_req r;
    tb_req_init(&r, &a, GINET_BK_RECV, GINET_BK_F_INLINE);
    set_iov(&r, buf, sizeof buf);
    CU_ASSERT_EQUAL(tb_submit(&a, &r), GINET_EINPROGRESS);
    tb_sleep_ms(30);
    CU_ASSERT_EQUAL(tb_count(&r), 0);
    /* A second input request while one is in flight is refused. */
    tb_req r2;
    tb_req_init(&r2, &a, GINET_BK_RECV, GINET_BK_F_INLINE);
    set_iov(&r2, buf, sizeof buf);
    CU_ASSERT_EQUAL(tb_submit(&a, &r2), GINET_EALREADY);
    /* ...but the output direction is free. */
    CU_ASSERT(send_all(&a, "x", 1));
    /* Data arrives: the parked request completes through the loop. */
    CU_ASSERT(send_all(&c, "hello", 5));
    CU_ASSERT(tb_wait(&r, TB_WAIT));
    CU_ASSERT_EQUAL(r.req.result, 5);
    CU_ASSERT(memcmp(buf, "hello", 5) == 0);
    CU_ASSERT_FALSE(r.req.flags & GINET_BK_F_CANCELLED);
    CU_ASSERT_FALSE(r.req.flags & GINET_BK_F_PEER_CLOSED);   /* the peer is open */
    /* Data already there: an inline receive completes inside submit(). */
    CU_ASSERT(send_all(&c, "again", 5));
    tb_sleep_ms(20);
    tb_req_init(&r, &a, GINET_BK_RECV, GINET_BK_F_INLINE);
    set_iov(&r, buf, sizeof buf);
    CU_ASSERT_EQUAL(tb_submit(&a, &r), 0);
    CU_ASSERT_EQUAL(r.req.result, 5);
    CU_ASSERT(memcmp(buf, "again", 5) == 0);
    CU_ASSERT_FALSE(r.req.flags & GINET_BK_F_PEER_CLOSED);
    /* Data there but no INLINE: it must still come, through the loop. */
    CU_ASSERT(send_all(&c, "third", 5));
    tb_sleep_ms(20);
    tb_req_init(&r, &a, GINET_BK_RECV, 0);
    set_iov(&r, buf, sizeof buf);
    CU_ASSERT_EQUAL(tb_submit(&a, &r), GINET_EINPROGRESS);
    CU_ASSERT(tb_wait(&r, TB_WAIT));
    CU_ASSERT_EQUAL(r.req.result, 5);
    CU_ASSERT(memcmp(buf, "third", 5) == 0);
    CU_ASSERT(recv_exact(&c, buf, 1) && buf[0] == 'x');
    /* Scatter: one receive fills several buffers. */
    CU_ASSERT(send_all(&c, "abcdef", 6));
    tb_sleep_ms(20);
    char p1[2], p2[4];
    tb_req_init(&r, &a, GINET_BK_RECV, GINET_BK_F_INLINE);
    r.iov[0] = (ginet_bk_iovec){ p1, 2 };
    r.iov[1] = (ginet_bk_iovec){ p2, 4 };
    r.req.iov = r.iov;
    r.req.iovcnt = 2;
    CU_ASSERT(tb_run(&a, &r));
    CU_ASSERT_EQUAL(r.req.result, 6);
    CU_ASSERT(memcmp(p1, "ab", 2) == 0 && memcmp(p2, "cdef", 4) == 0);
    tb_close(&c);
    tb_close(&a);
    tb_loop_stop(&l);
}

/* GINET_BK_F_TRY: complete now or not at all. */
static void try_flag(void)
{
    BEGIN(l);
    if (!(l.bk->caps & GINET_BKCAP_INLINE)) {
        tb_loop_stop(&l);
        GINET_SKIP("backend has no inline path");
    }
    tb_sock s;
    int peer;
    CU_ASSERT_EQUAL_FATAL(tb_pair_os(&l, &s, &peer), 0);
    char buf[4096];
    tb_req r;
    tb_req_init(&r, &s, GINET_BK_RECV, GINET_BK_F_INLINE | GINET_BK_F_TRY);
    set_iov(&r, buf, sizeof buf);
    CU_ASSERT_EQUAL(tb_submit(&s, &r), GINET_EAGAIN);
    /* Fill the send buffer with TRY sends until one cannot go. */
    memset(buf, 'z', sizeof buf);
    int rc = 0;
    long sent = 0;
    for (int i = 0; i < 100000; i++) {
        tb_req_init(&r, &s, GINET_BK_SEND, GINET_BK_F_INLINE | GINET_BK_F_TRY);
        set_iov(&r, buf, sizeof buf);
        rc = tb_submit(&s, &r);
        if (rc != 0)
            break;
        CU_ASSERT(r.req.result > 0);
        sent += r.req.result;
    }
    CU_ASSERT_EQUAL(rc, GINET_EAGAIN);
    tb_sleep_ms(20);
    CU_ASSERT_EQUAL(tb_count(&r), 0);
    /* A normal send now parks; cancelled, it reports what it sent. */
    tb_req_init(&r, &s, GINET_BK_SEND, GINET_BK_F_INLINE);
    set_iov(&r, buf, sizeof buf);
    rc = tb_submit(&s, &r);
    if (rc == GINET_EINPROGRESS) {
        int crc = tb_cancel(&s, &r);
        if (crc == GINET_EINPROGRESS)
            CU_ASSERT(tb_wait(&r, TB_WAIT));
        CU_ASSERT(r.req.result >= 0);
        CU_ASSERT(!(r.req.flags & GINET_BK_F_CANCELLED) || r.req.result < (long)sizeof buf);
    }
    /* Parked again, it completes once the peer reads. */
    tb_req_init(&r, &s, GINET_BK_SEND, GINET_BK_F_INLINE);
    set_iov(&r, buf, sizeof buf);
    rc = tb_submit(&s, &r);
    CU_ASSERT(rc == GINET_EINPROGRESS || rc == 0);
    long got = 0;
    char in[65536];
    long long until = tb_now_ms() + TB_WAIT;
    while (tb_count(&r) == 0 && rc == GINET_EINPROGRESS && tb_now_ms() < until) {
        ssize_t n = recv(peer, in, sizeof in, MSG_DONTWAIT);
        if (n > 0)
            got += n;
        else
            tb_sleep_ms(1);
    }
    CU_ASSERT(rc == 0 || tb_wait(&r, TB_WAIT));
    CU_ASSERT(r.req.result > 0);
    CU_ASSERT(got > 0 || rc == 0);
    (void)sent;
    close(peer);
    tb_close(&s);
    tb_loop_stop(&l);
}

/* ------------------------------------------------------- partial sends */

struct slow_reader {
    int fd;
    size_t expect;
    size_t got;
    int bad;
};

static uint8_t pattern(size_t i)
{
    return (uint8_t)((i * 7 + (i >> 9)) & 0xff);
}

static void *slow_read(void *arg)
{
    struct slow_reader *r = arg;
    uint8_t buf[8192];
    int spins = 0;
    long long until = tb_now_ms() + 30000;
    while (r->got < r->expect && tb_now_ms() < until) {
        struct pollfd p = { r->fd, POLLIN, 0 };
        if (poll(&p, 1, 100) <= 0)
            continue;
        ssize_t n = recv(r->fd, buf, sizeof buf, 0);
        if (n <= 0)
            break;
        for (ssize_t i = 0; i < n; i++)
            if (buf[i] != pattern(r->got + (size_t)i))
                r->bad++;
        r->got += (size_t)n;
        if (++spins % 8 == 0)
            tb_sleep_ms(1);                  /* slow: let the sender's buffer fill */
    }
    return NULL;
}

static void partial_sends(void)
{
    BEGIN(l);
    tb_sock s;
    int peer;
    CU_ASSERT_EQUAL_FATAL(tb_pair_os(&l, &s, &peer), 0);
    ginet_bk_optval v;
    memset(&v, 0, sizeof v);
    v.i = 8192;
    CU_ASSERT_EQUAL(l.bk->setopt(s.state, GINET_BKOPT_SNDBUF, &v), 0);
    int small = 8192;
    setsockopt(peer, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);

    const size_t total = 4u << 20;
    uint8_t *data = malloc(total);
    CU_ASSERT_PTR_NOT_NULL_FATAL(data);
    for (size_t i = 0; i < total; i++)
        data[i] = pattern(i);
    struct slow_reader rd = { peer, total, 0, 0 };
    pthread_t t;
    pthread_create(&t, NULL, slow_read, &rd);

    size_t off = 0;
    int partial = 0, pending = 0, sends = 0, ok = 1;
    long long until = tb_now_ms() + 30000;
    while (off < total && ok && tb_now_ms() < until) {
        tb_req r;
        tb_req_init(&r, &s, GINET_BK_SEND, GINET_BK_F_INLINE);
        /* Two pieces, to check the gather list too. */
        size_t left = total - off, half = left / 2;
        r.iov[0] = (ginet_bk_iovec){ data + off, half };
        r.iov[1] = (ginet_bk_iovec){ data + off + half, left - half };
        r.req.iov = r.iov;
        r.req.iovcnt = 2;
        int rc = tb_submit(&s, &r);
        if (rc == GINET_EINPROGRESS) {
            pending++;
            ok = tb_wait(&r, 10000);
        } else if (rc != 0) {
            ok = 0;
        }
        sends++;
        if (!ok || r.req.result <= 0) {
            ok = 0;
            break;
        }
        if ((size_t)r.req.result < left)
            partial++;
        off += (size_t)r.req.result;
    }
    CU_ASSERT(ok);
    CU_ASSERT_EQUAL(off, total);
    pthread_join(t, NULL);
    CU_ASSERT_EQUAL(rd.got, total);
    CU_ASSERT_EQUAL(rd.bad, 0);
    CU_ASSERT(partial > 0);                  /* 4 MB never fit in 16 KB at once */
    CU_ASSERT(pending > 0);
    printf("  %d sends, %d partial, %d through the loop\n", sends, partial, pending);
    free(data);
    close(peer);
    tb_close(&s);
    tb_loop_stop(&l);
}

/* ------------------------------------------------- end, reset, refused */

static void end_of_stream(void)
{
    BEGIN(l);
    tb_sock s;
    int peer;
    CU_ASSERT_EQUAL_FATAL(tb_pair_os(&l, &s, &peer), 0);
    char buf[100];
    /* A parked receive sees the FIN. */
    tb_req r;
    tb_req_init(&r, &s, GINET_BK_RECV, GINET_BK_F_INLINE);
    set_iov(&r, buf, sizeof buf);
    CU_ASSERT_EQUAL(tb_submit(&s, &r), GINET_EINPROGRESS);
    CU_ASSERT(send(peer, "abc", 3, MSG_NOSIGNAL) == 3);
    CU_ASSERT(tb_wait(&r, TB_WAIT));
    CU_ASSERT_EQUAL(r.req.result, 3);
    shutdown(peer, SHUT_WR);
    tb_sleep_ms(20);
    tb_req_init(&r, &s, GINET_BK_RECV, GINET_BK_F_INLINE);
    set_iov(&r, buf, sizeof buf);
    CU_ASSERT(tb_run(&s, &r));
    CU_ASSERT_EQUAL(r.req.result, 0);
    /* Our side can still send after the peer's FIN. */
    tb_req w;
    tb_req_init(&w, &s, GINET_BK_SEND, GINET_BK_F_INLINE);
    set_iov(&w, "late", 4);
    CU_ASSERT(tb_run(&s, &w));
    CU_ASSERT_EQUAL(w.req.result, 4);
    CU_ASSERT(recv(peer, buf, sizeof buf, 0) == 4);
    close(peer);
    tb_close(&s);

    /* Data then FIN: the data first, then 0 — and a PEER_CLOSED hint, if
     * given, must be true. */
    CU_ASSERT_EQUAL_FATAL(tb_pair_os(&l, &s, &peer), 0);
    tb_req_init(&r, &s, GINET_BK_RECV, GINET_BK_F_INLINE);
    set_iov(&r, buf, sizeof buf);
    CU_ASSERT_EQUAL(tb_submit(&s, &r), GINET_EINPROGRESS);
    send(peer, "xyz", 3, MSG_NOSIGNAL);
    close(peer);
    CU_ASSERT(tb_wait(&r, TB_WAIT));
    CU_ASSERT(r.req.result == 3);
    /* docs/backends.md, difference matrix: POSIX poll(2) cannot tell a
     * FIN from data, so the socket backend never gives the hint; nor
     * does a CQE, so the uring backend never does either. */
    if (strcmp(l.bk->name, "socket") == 0 || strcmp(l.bk->name, "uring") == 0)
        CU_ASSERT_FALSE(r.req.flags & GINET_BK_F_PEER_CLOSED);
    tb_sleep_ms(20);
    tb_req r2;
    tb_req_init(&r2, &s, GINET_BK_RECV, GINET_BK_F_INLINE);
    set_iov(&r2, buf, sizeof buf);
    CU_ASSERT(tb_run(&s, &r2));
    CU_ASSERT_EQUAL(r2.req.result, 0);
    tb_close(&s);
    tb_loop_stop(&l);
}

static void peer_reset(void)
{
    BEGIN(l);
    tb_sock s;
    int peer;
    CU_ASSERT_EQUAL_FATAL(tb_pair_os(&l, &s, &peer), 0);
    char buf[100];
    tb_req r;
    tb_req_init(&r, &s, GINET_BK_RECV, GINET_BK_F_INLINE);
    set_iov(&r, buf, sizeof buf);
    CU_ASSERT_EQUAL(tb_submit(&s, &r), GINET_EINPROGRESS);
    struct linger lg = { 1, 0 };
    setsockopt(peer, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    close(peer);                             /* linger 0: an RST */
    CU_ASSERT(tb_wait(&r, TB_WAIT));
    CU_ASSERT_EQUAL(r.req.result, GINET_ECONNRESET);
    /* Sending to a reset connection: an error, never SIGPIPE (which would
     * kill this program).  EPIPE stays EPIPE here; the frontend maps it. */
    for (int i = 0; i < 3; i++) {
        tb_req w;
        tb_req_init(&w, &s, GINET_BK_SEND, GINET_BK_F_INLINE);
        set_iov(&w, "data", 4);
        CU_ASSERT(tb_run(&s, &w));
        CU_ASSERT(w.req.result == GINET_EPIPE || w.req.result == GINET_ECONNRESET);
    }
    tb_close(&s);
    tb_loop_stop(&l);
}

static void send_to_closed_peer(void)
{
    BEGIN(l);
    tb_sock s;
    int peer;
    CU_ASSERT_EQUAL_FATAL(tb_pair_os(&l, &s, &peer), 0);
    close(peer);
    tb_sleep_ms(20);
    long last = 0;
    for (int i = 0; i < 50 && last >= 0; i++) {
        tb_req w;
        tb_req_init(&w, &s, GINET_BK_SEND, GINET_BK_F_INLINE);
        set_iov(&w, "data", 4);
        if (!tb_run(&s, &w))
            break;
        last = w.req.result;
        tb_sleep_ms(2);
    }
    CU_ASSERT(last == GINET_EPIPE || last == GINET_ECONNRESET);
    tb_close(&s);
    tb_loop_stop(&l);
}

/* ---------------------------------------------------------------- cancel */

struct canceller {
    tb_sock *s;
    tb_req *t;
    int rc;
};

static void *cancel_thread(void *arg)
{
    struct canceller *c = arg;
    c->rc = tb_cancel(c->s, c->t);
    return NULL;
}

static void cancel_from_other_thread(void)
{
    BEGIN(l);
    tb_sock c, a;
    CU_ASSERT_EQUAL_FATAL(tb_pair(&l, GINET_AF_INET, &c, &a), 0);
    char buf[16];
    tb_req r;
    tb_req_init(&r, &a, GINET_BK_RECV, GINET_BK_F_INLINE);
    set_iov(&r, buf, sizeof buf);
    CU_ASSERT_EQUAL(tb_submit(&a, &r), GINET_EINPROGRESS);
    tb_sleep_ms(20);
    struct canceller cn = { &a, &r, 1 };
    pthread_t t;
    pthread_create(&t, NULL, cancel_thread, &cn);
    pthread_join(t, NULL);
    CU_ASSERT(cn.rc == 0 || cn.rc == GINET_EINPROGRESS);
    if (cn.rc == GINET_EINPROGRESS)
        CU_ASSERT(tb_wait(&r, TB_WAIT));
    CU_ASSERT(r.req.flags & GINET_BK_F_CANCELLED);
    CU_ASSERT_EQUAL(r.req.result, 0);
    /* Nothing more arrives for it, even when data comes. */
    CU_ASSERT(send_all(&c, "later", 5));
    tb_sleep_ms(50);
    CU_ASSERT_EQUAL(tb_count(&r), cn.rc == 0 ? 0 : 1);
    /* The socket still works, and the data waited. */
    CU_ASSERT(recv_exact(&a, buf, 5) && memcmp(buf, "later", 5) == 0);
    tb_close(&c);
    tb_close(&a);
    tb_loop_stop(&l);
}

/* Cancel racing data arrival, many times: each request ends exactly once
 * (inline cancel, or one callback), and no byte is lost. */
static void cancel_races_completion(void)
{
    BEGIN(l);
    tb_sock s;
    int peer;
    CU_ASSERT_EQUAL_FATAL(tb_pair_os(&l, &s, &peer), 0);
    int lost = 0, cancelled = 0, completed = 0;
    for (int i = 0; i < 300; i++) {
        char b = 0;
        tb_req r;
        tb_req_init(&r, &s, GINET_BK_RECV, GINET_BK_F_INLINE);
        set_iov(&r, &b, 1);
        int rc = tb_submit(&s, &r);
        char want = (char)('A' + i % 26);
        send(peer, &want, 1, MSG_NOSIGNAL);
        if (rc == GINET_EINPROGRESS) {
            if (i % 3)
                tb_sleep_ms(0);
            int crc = tb_cancel(&s, &r);
            if (crc == GINET_EINPROGRESS)
                CU_ASSERT(tb_wait(&r, TB_WAIT));
            tb_sleep_ms(i % 7 == 0 ? 2 : 0);
            CU_ASSERT_EQUAL(tb_count(&r), crc == 0 ? 0 : 1);
            if (!(r.req.flags & GINET_BK_F_CANCELLED) && r.req.result == 1) {
                completed++;
                lost += b != want;
                continue;
            }
            cancelled++;
        } else {
            CU_ASSERT_EQUAL(rc, 0);
            if (rc == 0 && r.req.result == 1) {
                completed++;
                lost += b != want;
                continue;
            }
        }
        /* Not received by the cancelled request: it is still there. */
        tb_req_init(&r, &s, GINET_BK_RECV, GINET_BK_F_INLINE);
        set_iov(&r, &b, 1);
        CU_ASSERT(tb_run(&s, &r));
        lost += !(r.req.result == 1 && b == want);
    }
    CU_ASSERT_EQUAL(lost, 0);
    printf("  %d completed, %d cancelled\n", completed, cancelled);
    close(peer);
    tb_close(&s);
    tb_loop_stop(&l);
}

/* ---------------------------------------------------------------- wakeup */

struct waker {
    const ginet_backend *bk;
    void *st;
    int delay;
};

static void *wake_later(void *arg)
{
    struct waker *w = arg;
    tb_sleep_ms(w->delay);
    w->bk->wakeup(w->st);
    return NULL;
}

static void nop_complete(void *ctx, void *sock, ginet_bk_req *req)
{
    (void)ctx;
    (void)sock;
    (void)req;
}

static void wakeup_from_other_thread(void)
{
    const ginet_backend *bk = tb_backend();
    CU_ASSERT_PTR_NOT_NULL_FATAL(bk);
    void *st = calloc(1, bk->loop_size);
    ginet_bk_loop_params p = { nop_complete, NULL, 0 };
    CU_ASSERT_EQUAL_FATAL(bk->loop_init(st, &p), 0);
    /* A wakeup while poll() waits makes it return. */
    struct waker w = { bk, st, 50 };
    pthread_t t;
    pthread_create(&t, NULL, wake_later, &w);
    long long t0 = tb_now_ms();
    int rc = bk->poll(st, 5000);
    long long dt = tb_now_ms() - t0;
    pthread_join(t, NULL);
    CU_ASSERT(rc >= 0);
    CU_ASSERT(dt < 2000);
    /* A wakeup before poll() makes the next one return too. */
    bk->wakeup(st);
    t0 = tb_now_ms();
    bk->poll(st, 5000);
    CU_ASSERT(tb_now_ms() - t0 < 2000);
    /* And it does not stick: the one after that waits again. */
    t0 = tb_now_ms();
    bk->poll(st, 60);
    CU_ASSERT(tb_now_ms() - t0 >= 40);
    bk->loop_fini(st);
    free(st);
}

/* Counts completions, for the direct (thread-less) loops below. */
static void count_complete(void *ctx, void *sock, ginet_bk_req *req)
{
    (void)sock;
    (void)req;
    ++*(int *)ctx;
}

/* backend.h, poll(): it does not wait any more once it has delivered a
 * completion in the same call — the frontend posts work from completions
 * and does not wake its own loop thread for it (core/loop.c).  A socket
 * closed with a request parked: the cancelled request and the close
 * completion come from one poll(5000) at once, not after 5 s. */
static void poll_returns_after_delivering(void)
{
    const ginet_backend *bk = tb_backend();
    CU_ASSERT_PTR_NOT_NULL_FATAL(bk);
    void *st = calloc(1, bk->loop_size ? bk->loop_size : 1);
    void *so = calloc(1, bk->sock_size ? bk->sock_size : 1);
    int delivered = 0;
    ginet_bk_loop_params p = { count_complete, &delivered, 0 };
    CU_ASSERT_EQUAL_FATAL(bk->loop_init(st, &p), 0);
    ginet_bk_open how = { GINET_AF_INET, GINET_BK_DGRAM, 0, -1, NULL, NULL };
    if (bk->sock_open(st, so, &how) == 0) {
        ginet_sockaddr lo = tb_ip4(127, 0, 0, 1, 0);
        CU_ASSERT_EQUAL(bk->bind(so, &lo), 0);
        char buf[16];
        ginet_bk_iovec v = { buf, sizeof buf };
        ginet_bk_req r, c;
        memset(&r, 0, sizeof r);
        memset(&c, 0, sizeof c);
        r.op = GINET_BK_RECVFROM;
        r.iov = &v;
        r.iovcnt = 1;
        CU_ASSERT_EQUAL(bk->submit(so, &r), GINET_EINPROGRESS);   /* nothing to read */
        int rc = bk->sock_close(so, &c);
        CU_ASSERT(rc == 0 || rc == GINET_EINPROGRESS);
        int want = rc == 0 ? 0 : 2;              /* the cancelled RECVFROM, the close */
        long long t0 = tb_now_ms();
        while (delivered < want && tb_now_ms() - t0 < 2000)
            CU_ASSERT(bk->poll(st, 5000) >= 0);
        CU_ASSERT_EQUAL(delivered, want);
        CU_ASSERT(tb_now_ms() - t0 < 2000);
        if (rc != 0)
            CU_ASSERT(r.flags & GINET_BK_F_CANCELLED);
    } else {
        CU_FAIL("sock_open failed");
    }
    bk->loop_fini(st);
    free(so);
    free(st);
}

/* ------------------------------------------------------------- datagrams */

static void datagrams(void)
{
    BEGIN(l);
    tb_sock a, b;
    CU_ASSERT_EQUAL_FATAL(tb_open_simple(&l, &a, GINET_AF_INET, GINET_BK_DGRAM), 0);
    CU_ASSERT_EQUAL_FATAL(tb_open_simple(&l, &b, GINET_AF_INET, GINET_BK_DGRAM), 0);
    ginet_sockaddr lo = tb_ip4(127, 0, 0, 1, 0), aa, ba;
    CU_ASSERT_EQUAL(l.bk->bind(a.state, &lo), 0);
    CU_ASSERT_EQUAL(l.bk->bind(b.state, &lo), 0);
    CU_ASSERT_EQUAL(l.bk->sockname(a.state, &aa), 0);
    CU_ASSERT_EQUAL(l.bk->sockname(b.state, &ba), 0);
    ginet_bk_optval on;
    memset(&on, 0, sizeof on);
    on.i = 1;
    CU_ASSERT_EQUAL(l.bk->setopt(b.state, GINET_BKOPT_RECVTOS, &on), 0);
    CU_ASSERT_EQUAL(l.bk->setopt(b.state, GINET_BKOPT_RECVTTL, &on), 0);

    /* A parked RECVFROM, then a datagram with a TOS of its own. */
    char buf[64];
    tb_req r;
    tb_req_init(&r, &b, GINET_BK_RECVFROM, GINET_BK_F_INLINE);
    set_iov(&r, buf, sizeof buf);
    r.req.addr = &r.addr;
    r.req.anc = &r.anc;
    CU_ASSERT_EQUAL(tb_submit(&b, &r), GINET_EINPROGRESS);
    tb_req w;
    tb_req_init(&w, &a, GINET_BK_SENDTO, GINET_BK_F_INLINE);
    set_iov(&w, "ping", 4);
    w.req.addr = &ba;
    w.anc.present = GINET_BK_ANC_TOS;
    w.anc.tos = 0x20;
    w.req.anc = &w.anc;
    CU_ASSERT(tb_run(&a, &w));
    CU_ASSERT_EQUAL(w.req.result, 4);
    CU_ASSERT(tb_wait(&r, TB_WAIT));
    CU_ASSERT_EQUAL(r.req.result, 4);
    CU_ASSERT(memcmp(buf, "ping", 4) == 0);
    CU_ASSERT(tb_sockaddr_eq(&r.addr, &aa));
    CU_ASSERT(r.anc.present & GINET_BK_ANC_TOS);
    CU_ASSERT_EQUAL(r.anc.tos, 0x20);
    CU_ASSERT(r.anc.present & GINET_BK_ANC_TTL);
    CU_ASSERT(r.anc.ttl > 0);

    /* Too long for the buffer: truncated, and flagged. */
    char big[100];
    memset(big, 'q', sizeof big);
    tb_req_init(&w, &a, GINET_BK_SENDTO, GINET_BK_F_INLINE);
    set_iov(&w, big, sizeof big);
    w.req.addr = &ba;
    CU_ASSERT(tb_run(&a, &w) && w.req.result == 100);
    tb_sleep_ms(20);
    tb_req_init(&r, &b, GINET_BK_RECVFROM, 0);
    set_iov(&r, buf, 10);
    r.req.addr = &r.addr;
    CU_ASSERT(tb_run(&b, &r));
    CU_ASSERT_EQUAL(r.req.result, 10);
    CU_ASSERT(r.req.flags & GINET_BK_F_TRUNCATED);
    tb_close(&a);
    tb_close(&b);
    tb_loop_stop(&l);
}

const ginet_test_case tb_io_cases[] = {
    { "connect_accept_inet", connect_accept_inet },
    { "connect_accept_inet6", connect_accept_inet6 },
    { "connect_accept_local", connect_accept_local },
    { "accept_reports_peer", accept_reports_peer },
    { "connect_pending_inet", connect_pending_inet },
    { "connect_pending_local", connect_pending_local },
    { "connect_pending_udp", connect_pending_udp },
    { "connect_refused", connect_refused },
    { "bind_in_use", bind_in_use },
    { "recv_inline_and_pending", recv_inline_and_pending },
    { "try_flag", try_flag },
    { "partial_sends", partial_sends },
    { "end_of_stream", end_of_stream },
    { "peer_reset", peer_reset },
    { "send_to_closed_peer", send_to_closed_peer },
    { "cancel_from_other_thread", cancel_from_other_thread },
    { "cancel_races_completion", cancel_races_completion },
    { "wakeup_from_other_thread", wakeup_from_other_thread },
    { "poll_returns_after_delivering", poll_returns_after_delivering },
    { "datagrams", datagrams },
    { NULL, NULL }
};
