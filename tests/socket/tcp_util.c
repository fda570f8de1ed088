/*
 * tests/socket/tcp_util.c — the helpers every file of the TCP socket suite
 * uses (declared in tcp_test.h): sockets on the backend under test, the
 * POSIX peer, finding the native descriptor, the random-split writer,
 * bounded threads and the assertion helpers.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "tests/socket/tcp_test.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------ backend */

const char *tt_backend(void)
{
    static _Thread_local char name[64];
    CU_pSuite s = CU_get_current_suite();
    const char *n = s != NULL ? s->pName : NULL;
    const char *lb = n != NULL ? strchr(n, '[') : NULL;
    const char *rb = lb != NULL ? strchr(lb, ']') : NULL;
    if (rb == NULL || (size_t)(rb - lb - 1) >= sizeof name)
        return "epoll";
    memcpy(name, lb + 1, (size_t)(rb - lb - 1));
    name[rb - lb - 1] = '\0';
    return name;
}

const char *tt_opts(char *buf, size_t cap, const char *extra)
{
    snprintf(buf, cap, "[{inet_backend,%s}%s%s]", tt_backend(),
             extra != NULL && *extra ? "," : "", extra != NULL ? extra : "");
    return buf;
}

/* ------------------------------------------------------------ checks */

int tt_expect_rc_(int rc, int want, const char *what, const char *file, int line)
{
    int ok = rc == want;
    if (!ok) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s = %s (%d), expected %s (%d); last error: %s", what,
                 rc == 0 ? "ok" : ginet_error_atom(rc), rc,
                 want == 0 ? "ok" : ginet_error_atom(want), want, ginet_last_error());
        printf("%s:%d: %s\n", file, line, msg);
    }
    CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, (unsigned)line, what, file, "", CU_FALSE);
    return ok;
}

int tt_expect_data_(const ginet_msg *m, const void *p, size_t len, const char *file, int line)
{
    int ok = m != NULL && (m->kind == GINET_MSG_TCP || m->kind == GINET_MSG_HTTP)
             && m->len == len && (len == 0 || memcmp(m->data, p, len) == 0);
    if (!ok) {
        if (m == NULL)
            printf("%s:%d: no message, expected %zu bytes\n", file, line, len);
        else
            printf("%s:%d: message kind %d with %zu bytes, expected %zu bytes%s\n", file, line,
                   (int)m->kind, m->len, len,
                   m->len == len ? " (contents differ)" : "");
    }
    CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, (unsigned)line, "message data", file, "",
                            CU_FALSE);
    return ok;
}

/* ------------------------------------------------------------ sockets */

int tt_listen(const char *extra, int v6, ginet_socket **ls, int *port)
{
    char more[512], opts[640];
    snprintf(more, sizeof more, "%s%s%s", v6 ? "inet6,{ip,{0,0,0,0,0,0,0,1}}" : "{ip,{127,0,0,1}}",
             extra != NULL && *extra ? "," : "", extra != NULL ? extra : "");
    int rc = ginet_tcp_listen(0, tt_opts(opts, sizeof opts, more), NULL, ls);
    if (rc != 0) {
        printf("listen %s: %s: %s\n", opts, ginet_error_atom(rc), ginet_last_error());
        return rc;
    }
    rc = ginet_port(*ls, port);
    if (rc != 0) {
        tt_drop(*ls);
        *ls = NULL;
    }
    return rc;
}

int tt_pair(const char *copts, const char *lopts, ginet_socket **c, ginet_socket **a)
{
    ginet_socket *ls;
    int port;
    char opts[640];
    *c = *a = NULL;
    int rc = tt_listen(lopts, 0, &ls, &port);
    if (!TT_EXPECT_RC(rc, 0))
        return rc;
    rc = ginet_tcp_connect("127.0.0.1", port, tt_opts(opts, sizeof opts, copts), TT_WAIT, NULL, c);
    if (TT_EXPECT_RC(rc, 0)) {
        rc = ginet_tcp_accept(ls, TT_WAIT, a);
        if (!TT_EXPECT_RC(rc, 0)) {
            tt_drop(*c);
            *c = NULL;
        }
    }
    tt_drop(ls);
    return rc;
}

static void peer_setup(int fd)
{
    struct timeval tv = { TT_WAIT / 1000, 0 };
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

int tt_peer_pair(const char *copts, ginet_socket **s, int *peer)
{
    return tt_peer_pair_buf(copts, 0, s, peer);
}

int tt_peer_pair_buf(const char *copts, int rcvbuf, ginet_socket **s, int *peer)
{
    return tt_peer_pair_owned(copts, NULL, rcvbuf, s, peer);
}

int tt_peer_pair_owned(const char *copts, ginet_mailbox *owner, int rcvbuf, ginet_socket **s,
                       int *peer)
{
    char opts[768];
    *s = NULL;
    *peer = -1;
    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (lfd >= 0 && rcvbuf > 0)           /* before listen: the window starts small */
        setsockopt(lfd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof sin;
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&sin, sizeof sin) != 0 || listen(lfd, 4) != 0
        || getsockname(lfd, (struct sockaddr *)&sin, &len) != 0) {
        CU_FAIL("POSIX listener");
        if (lfd >= 0)
            close(lfd);
        return GINET_EINVAL;
    }
    int rc = ginet_tcp_connect("127.0.0.1", ntohs(sin.sin_port), tt_opts(opts, sizeof opts, copts),
                               TT_WAIT, owner, s);
    if (!TT_EXPECT_RC(rc, 0)) {
        close(lfd);
        return rc;
    }
    struct pollfd p = { lfd, POLLIN, 0 };
    if (poll(&p, 1, TT_WAIT) == 1)
        *peer = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
    close(lfd);
    if (*peer < 0) {
        CU_FAIL("POSIX accept");
        tt_drop(*s);
        *s = NULL;
        return GINET_ETIMEOUT;
    }
    peer_setup(*peer);
    return 0;
}

void tt_drop(ginet_socket *s)
{
    if (s != NULL)
        ginet_socket_release(s);
}

/* ----------------------------------------------------- native handle */

static int same_addr(const struct sockaddr_storage *ss, const ginet_sockaddr *g)
{
    if (ss->ss_family == AF_INET && g->family == GINET_AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)ss;
        return ntohs(in->sin_port) == g->port && memcmp(&in->sin_addr, g->u.ip.u.v4, 4) == 0;
    }
    if (ss->ss_family == AF_INET6 && g->family == GINET_AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)ss;
        if (ntohs(in6->sin6_port) != g->port)
            return 0;
        for (int i = 0; i < 8; i++) {
            uint16_t w = (uint16_t)(in6->sin6_addr.s6_addr[2 * i] << 8
                                    | in6->sin6_addr.s6_addr[2 * i + 1]);
            if (w != g->u.ip.u.v6[i])
                return 0;
        }
        return 1;
    }
    return 0;
}

int tt_native_fd(ginet_socket *s)
{
    ginet_sockaddr me, peer;
    if (ginet_sockname(s, &me) != 0)
        return -1;
    int connected = ginet_peername(s, &peer) == 0;
    struct rlimit rl;
    int max = 65536;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)max)
        max = (int)rl.rlim_cur;
    for (int fd = 0; fd < max; fd++) {
        struct sockaddr_storage ss;
        socklen_t len = sizeof ss;
        if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0 || !same_addr(&ss, &me))
            continue;
        len = sizeof ss;
        int has_peer = getpeername(fd, (struct sockaddr *)&ss, &len) == 0;
        if (connected ? has_peer && same_addr(&ss, &peer)
                      : !has_peer && tt_getsockopt_int(fd, SOL_SOCKET, SO_ACCEPTCONN) == 1)
            return fd;
    }
    return -1;
}

long tt_unread(int fd)
{
    int n = 0;
    return ioctl(fd, FIONREAD, &n) == 0 ? n : -1;
}

int tt_getsockopt_int(int fd, int level, int name)
{
    int v = 0;
    socklen_t len = sizeof v;
    return getsockopt(fd, level, name, &v, &len) == 0 ? v : -1000000;
}

/* ------------------------------------------------------ POSIX peer I/O */

int tt_read_full(int fd, void *buf, size_t n)
{
    uint8_t *p = buf;
    while (n > 0) {
        ssize_t k = read(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

int tt_write_full(int fd, const void *buf, size_t n)
{
    const uint8_t *p = buf;
    while (n > 0) {
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

long tt_read_until_eof(int fd, void *buf, size_t n)
{
    uint8_t *p = buf;
    size_t got = 0;
    while (got < n) {
        ssize_t k = read(fd, p + got, n - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return -1;
        if (k == 0)
            break;
        got += (size_t)k;
    }
    return (long)got;
}

void tt_reset_close(int fd)
{
    struct linger l = { 1, 0 };
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    close(fd);
}

int tt_recv_raw(ginet_socket *s, void *buf, size_t n)
{
    uint8_t *p = buf;
    size_t got = 0;
    while (got < n) {
        ginet_msg *m;
        int rc = ginet_recv(s, 0, TT_WAIT, &m);
        if (rc != 0)
            return rc;
        size_t k = m->len <= n - got ? m->len : n - got;
        memcpy(p + got, m->data, k);
        got += k;
        int extra = m->len > k;
        ginet_msg_free(m);
        if (extra)
            return GINET_EMSGSIZE;           /* more than asked for */
    }
    return 0;
}

/* ------------------------------------------------------------- random */

void tt_rng_seed(tt_rng *r, uint64_t seed)
{
    r->s = seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull;
    if (r->s == 0)
        r->s = 1;
}

uint32_t tt_rand(tt_rng *r)
{
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return (uint32_t)((r->s * 0x2545F4914F6CDD1Dull) >> 32);
}

uint32_t tt_rand_range(tt_rng *r, uint32_t lo, uint32_t hi)
{
    return lo + (uint32_t)(tt_rand(r) % ((uint64_t)hi - lo + 1));
}

void tt_fill_random(tt_rng *r, uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)tt_rand(r);
}

/* ------------------------------------------------------------- writer */

static void *writer_main(void *arg)
{
    tt_writer *w = arg;
    tt_rng r;
    tt_rng_seed(&r, w->seed);
    size_t at = 0;
    unsigned n = 0;
    w->result = 0;
    while (at < w->len) {
        size_t k = tt_rand_range(&r, 1, w->maxchunk);
        if (k > w->len - at)
            k = w->len - at;
        if (tt_write_full(w->fd, w->data + at, k) != 0) {
            w->result = -1;
            break;
        }
        at += k;
        /* Short pauses, so that the reader sees the splits. */
        if (++n % 4 == 0) {
            struct timespec ts = { 0, (long)tt_rand_range(&r, 0, 300) * 1000L };
            nanosleep(&ts, NULL);
        }
    }
    if (w->shut)
        shutdown(w->fd, SHUT_WR);
    return NULL;
}

int tt_writer_start(tt_writer *w, int fd, const void *data, size_t len, uint32_t maxchunk,
                    uint64_t seed)
{
    w->fd = fd;
    w->data = data;
    w->len = len;
    w->maxchunk = maxchunk ? maxchunk : 1;
    w->seed = seed;
    w->result = -1;
    return pthread_create(&w->thread, NULL, writer_main, w) == 0 ? 0 : -1;
}

int tt_writer_join(tt_writer *w)
{
    pthread_join(w->thread, NULL);          /* bounded by the peer's SO_SNDTIMEO */
    return w->result;
}

/* ------------------------------------------------------------ threads */

static void *thread_main(void *arg)
{
    tt_thread *t = arg;
    t->fn(t->arg);
    pthread_mutex_lock(&t->mu);
    t->done = 1;
    pthread_cond_broadcast(&t->cv);
    pthread_mutex_unlock(&t->mu);
    return NULL;
}

int tt_thread_start(tt_thread *t, void *(*fn)(void *), void *arg)
{
    t->fn = fn;
    t->arg = arg;
    t->done = 0;
    pthread_mutex_init(&t->mu, NULL);
    pthread_condattr_t a;
    pthread_condattr_init(&a);
    pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
    pthread_cond_init(&t->cv, &a);
    pthread_condattr_destroy(&a);
    if (pthread_create(&t->thread, NULL, thread_main, t) != 0) {
        CU_FAIL("pthread_create");
        return -1;
    }
    return 0;
}

static int wait_done(tt_thread *t, int ms)
{
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&t->mu);
    while (!t->done)
        if (pthread_cond_timedwait(&t->cv, &t->mu, &until) == ETIMEDOUT)
            break;
    int done = t->done;
    pthread_mutex_unlock(&t->mu);
    return done;
}

int tt_thread_join_close(tt_thread *t, int ms, ginet_socket *s)
{
    if (!wait_done(t, ms)) {
        CU_FAIL("a call did not return in time: closing its socket to release it");
        ginet_close(s);
    }
    return tt_thread_join(t, TT_WAIT);
}

int tt_thread_join(tt_thread *t, int ms)
{
    if (!wait_done(t, ms)) {
        CU_FAIL("a thread of the test did not finish in time");
        pthread_detach(t->thread);
        return -1;
    }
    pthread_join(t->thread, NULL);
    pthread_cond_destroy(&t->cv);
    pthread_mutex_destroy(&t->mu);
    return 0;
}

/* --------------------------------------------------------------- time */

long long tt_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void tt_sleep_ms(int ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}
