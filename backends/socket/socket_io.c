/*
 * backends/socket/socket_io.c — the system calls of the socket backend's
 * requests: accept, connect, recvmsg and sendmsg, each run once per
 * attempt on a non-blocking descriptor with the socket's mutex held, and
 * which parked request a poll(2) result lets run.  POSIX calls, with the
 * Linux/BSD conveniences (accept4, MSG_NOSIGNAL, control messages) used
 * where the headers say the OS has them.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "backends/socket/socket.h"
#include "platform/posix/fdutil.h"
#include "platform/posix/sockaddr.h"
#include "platform/posix/sockio.h"

#include <ginet/error.h>

#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#ifndef IOV_MAX
#define IOV_MAX 16                          /* POSIX's _XOPEN_IOV_MAX */
#endif
#ifdef MSG_NOSIGNAL
#define SK_SEND_FLAGS MSG_NOSIGNAL           /* no SIGPIPE, ever */
#else
#define SK_SEND_FLAGS 0                      /* SO_NOSIGPIPE set at open */
#endif

/* A request's ginet_bk_iovec list goes to the kernel as a struct iovec. */
_Static_assert(sizeof(ginet_bk_iovec) == sizeof(struct iovec)
               && offsetof(ginet_bk_iovec, base) == offsetof(struct iovec, iov_base)
               && offsetof(ginet_bk_iovec, len) == offsetof(struct iovec, iov_len),
               "ginet_bk_iovec must match struct iovec");

static int again(int e)
{
    return e == EAGAIN || e == EWOULDBLOCK;
}

static int done(ginet_bk_req *req, long result)
{
    req->result = result;
    return 1;
}

static void msg_iov(struct msghdr *m, ginet_bk_req *req)
{
    m->msg_iov = (struct iovec *)(void *)req->iov;
    /* Beyond IOV_MAX pieces: move the first IOV_MAX (a partial result). */
    m->msg_iovlen = req->iovcnt > IOV_MAX ? IOV_MAX : req->iovcnt;
}

static int accept_fd(int lfd, struct sockaddr_storage *ss, socklen_t *len)
{
#if defined(SOCK_NONBLOCK) && defined(SOCK_CLOEXEC)
    return accept4(lfd, (struct sockaddr *)ss, len, SOCK_NONBLOCK | SOCK_CLOEXEC);
#else
    int fd = accept(lfd, (struct sockaddr *)ss, len);
    if (fd >= 0 && (ginet__fd_set_nonblock(fd, 1) != 0
                    || ginet__fd_set_cloexec(fd, 1) != 0)) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
#ifdef SO_NOSIGPIPE
    if (fd >= 0) {
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
    }
#endif
    return fd;
#endif
}

static int do_accept(sk_sock *s, ginet_bk_req *req)
{
    struct sockaddr_storage ss;
    for (;;) {
        socklen_t len = sizeof ss;
        int fd = accept_fd(s->fd, &ss, &len);
        if (fd < 0) {
            int e = errno;
            if (again(e))
                return 0;
            if (ginet__accept_retry(e))
                continue;
            return done(req, ginet_error_from_errno(e));
        }
        int rc = ginet__sk_sock_register(s->loop, req->accepted, fd, s->af, s->type);
        if (rc != 0) {
            close(fd);
            return done(req, rc);
        }
        if (req->addr != NULL)
            ginet__sockaddr_from_os((struct sockaddr *)&ss, len, req->addr);
        return done(req, 0);
    }
}

int ginet__sk_connect_start(sk_sock *s, ginet_bk_req *req)
{
    int rc = ginet__fd_connect_start(s->fd, req->addr);
    return rc == 1 ? 0 : done(req, rc);
}

/* A connect in progress, after poll(2) reported REVENTS for it (1 from
 * ginet__fd_connect_result: not yet, a spurious wakeup). */
static int connect_done(sk_sock *s, ginet_bk_req *req, short revents)
{
    int rc = ginet__fd_connect_result(s->fd, (revents & POLLOUT) != 0,
                                      (revents & (POLLHUP | POLLERR)) != 0);
    return rc == 1 ? 0 : done(req, rc);
}

/* The control messages of a received datagram, where the OS has them. */
static void read_anc(struct msghdr *m, ginet_bk_ancillary *anc)
{
    anc->present = 0;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(m); c != NULL; c = CMSG_NXTHDR(m, c)) {
        const unsigned char *d = CMSG_DATA(c);
        size_t dlen = c->cmsg_len - (size_t)(d - (const unsigned char *)c);
        if (dlen == 0)
            continue;
        int v = d[0];
        if (dlen >= sizeof(int))
            memcpy(&v, d, sizeof v);
        (void)v;
#ifdef IP_TOS
        if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TOS) {
            anc->tos = d[0];                 /* one byte on Linux */
            anc->present |= GINET_BK_ANC_TOS;
        }
#endif
#ifdef IP_TTL
        if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL) {
            anc->ttl = (uint8_t)v;
            anc->present |= GINET_BK_ANC_TTL;
        }
#endif
#ifdef IPV6_TCLASS
        if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_TCLASS) {
            anc->tclass = (uint8_t)v;
            anc->present |= GINET_BK_ANC_TCLASS;
        }
#endif
    }
}

static size_t iov_total(const ginet_bk_req *req)
{
    size_t t = 0;
    for (int i = 0; i < req->iovcnt; i++)
        t += req->iov[i].len;
    return t;
}

static int do_recv(sk_sock *s, ginet_bk_req *req, int on_loop)
{
    struct sockaddr_storage ss;
    union { char buf[256]; struct cmsghdr align; } ctl;
    struct msghdr m;
    memset(&m, 0, sizeof m);
    msg_iov(&m, req);
    int from = req->op == GINET_BK_RECVFROM;
    if (from) {
        m.msg_name = &ss;
        m.msg_namelen = sizeof ss;
        if (req->anc != NULL) {
            m.msg_control = ctl.buf;
            m.msg_controllen = sizeof ctl.buf;
        }
    }
    ssize_t n;
    do
        n = recvmsg(s->fd, &m, 0);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return again(errno) ? 0 : done(req, ginet_error_from_errno(errno));
    if (m.msg_flags & MSG_TRUNC)
        req->flags |= GINET_BK_F_TRUNCATED;
    if (from) {
        if (req->addr != NULL)
            ginet__sockaddr_from_os((struct sockaddr *)&ss, m.msg_namelen, req->addr);
        if (req->anc != NULL)
            read_anc(&m, req->anc);
    } else if (on_loop && n > 0 && s->type == SOCK_STREAM && (size_t)n < iov_total(req)) {
        /* A short read emptied the queue.  The RECV the frontend submits
         * from this completion would only be told EAGAIN, so until the
         * next poll(2) it parks at once; poll(2) is level-triggered, so
         * data that came meanwhile is reported there.  Only for reads of
         * the loop: a submitting thread's hint could outlive the round. */
        s->drained = 1;
        s->drained_round = atomic_load_explicit(&s->loop->round, memory_order_relaxed);
    }
    return done(req, (long)n);
}

static void put_cmsg(struct msghdr *m, size_t *used, int level, int type, int v)
{
    struct cmsghdr *c = (struct cmsghdr *)(void *)((char *)m->msg_control + *used);
    c->cmsg_level = level;
    c->cmsg_type = type;
    c->cmsg_len = CMSG_LEN(sizeof v);
    memcpy(CMSG_DATA(c), &v, sizeof v);
    *used += CMSG_SPACE(sizeof v);
}

/* Per-datagram TOS/TTL/TCLASS as control messages (SENDTO). */
static void send_anc(sk_sock *s, struct msghdr *m, char *buf,
                     const ginet_bk_ancillary *a)
{
    size_t used = 0;
    m->msg_control = buf;
    (void)s;
#if defined(IP_TOS)
    if (a->present & GINET_BK_ANC_TOS)
        put_cmsg(m, &used, IPPROTO_IP, IP_TOS, a->tos);
#endif
#if defined(IP_TTL) && defined(IPV6_HOPLIMIT)
    if (a->present & GINET_BK_ANC_TTL)
        put_cmsg(m, &used, s->af == AF_INET6 ? IPPROTO_IPV6 : IPPROTO_IP,
                 s->af == AF_INET6 ? IPV6_HOPLIMIT : IP_TTL, a->ttl);
#endif
#if defined(IPV6_TCLASS)
    if (a->present & GINET_BK_ANC_TCLASS)
        put_cmsg(m, &used, IPPROTO_IPV6, IPV6_TCLASS, a->tclass);
#endif
    m->msg_controllen = used;
    if (used == 0)
        m->msg_control = NULL;
}

static int do_send(sk_sock *s, ginet_bk_req *req)
{
    struct sockaddr_storage ss;
    union { char buf[256]; struct cmsghdr align; } ctl;
    struct msghdr m;
    memset(&m, 0, sizeof m);
    memset(&ctl, 0, sizeof ctl);
    msg_iov(&m, req);
    if (req->op == GINET_BK_SENDTO) {
        socklen_t len;
        int rc = ginet__sockaddr_to_os(req->addr, &ss, &len);
        if (rc != 0)
            return done(req, rc);
        m.msg_name = &ss;
        m.msg_namelen = len;
        if (req->anc != NULL)
            send_anc(s, &m, ctl.buf, req->anc);
    }
    ssize_t n;
    do
        n = sendmsg(s->fd, &m, SK_SEND_FLAGS);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return again(errno) ? 0 : done(req, ginet_error_from_errno(errno));
    return done(req, (long)n);
}

static int try_req(sk_sock *s, ginet_bk_req *req, short revents, int on_loop)
{
    if (req->priv[0] & SK_READY)
        return 1;
    switch (req->op) {
    case GINET_BK_ACCEPT:   return do_accept(s, req);
    case GINET_BK_RECV:
    case GINET_BK_RECVFROM: return do_recv(s, req, on_loop);
    case GINET_BK_SEND:
    case GINET_BK_SENDTO:   return do_send(s, req);
    case GINET_BK_CONNECT:  return connect_done(s, req, revents);
    default:                return done(req, GINET_EINVAL);
    }
}

int ginet__sk_try(sk_sock *s, ginet_bk_req *req)
{
    return try_req(s, req, 0, 0);
}

int ginet__sk_attempt(sk_sock *s, short revents, ginet_bk_req *out[2])
{
    int k = 0;
    if (s->fd < 0)
        return 0;                            /* closed: the loop delivers the rest */
    /* Output first: a connect's SO_ERROR must be read before a recv takes it. */
    if (s->out != NULL && ((s->out->priv[0] & SK_READY)
                           || (revents & (POLLOUT | POLLERR | POLLHUP)))
        && try_req(s, s->out, revents, 1)) {
        out[k++] = s->out;
        s->out = NULL;
    }
    if (s->in != NULL && ((s->in->priv[0] & SK_READY)
                          || (revents & (POLLIN | POLLERR | POLLHUP)))
        && try_req(s, s->in, revents, 1)) {
        out[k++] = s->in;
        s->in = NULL;
    }
    return k;
}
