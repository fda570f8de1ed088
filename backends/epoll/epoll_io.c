/*
 * backends/epoll/epoll_io.c — the system calls of the epoll backend's
 * requests: accept4, connect, recvmsg and sendmsg, each run once per
 * attempt on a non-blocking descriptor with the socket's lock held, and
 * the decision which parked request an event lets run.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "backends/epoll/epoll.h"
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

/* ginet_bk_iovec is laid out as struct iovec, so a request's list is
 * handed to the kernel as it is. */
_Static_assert(sizeof(ginet_bk_iovec) == sizeof(struct iovec)
               && offsetof(ginet_bk_iovec, base) == offsetof(struct iovec, iov_base)
               && offsetof(ginet_bk_iovec, len) == offsetof(struct iovec, iov_len),
               "ginet_bk_iovec must match struct iovec");

static int would_block(int e)
{
    return e == EAGAIN || e == EWOULDBLOCK;
}

static size_t iov_total(const ginet_bk_req *req)
{
    size_t t = 0;
    for (int i = 0; i < req->iovcnt; i++)
        t += req->iov[i].len;
    return t;
}

static void set_msg_iov(struct msghdr *m, ginet_bk_req *req)
{
    m->msg_iov = (struct iovec *)(void *)req->iov;
    /* More pieces than the kernel takes at once: move the first IOV_MAX,
     * the caller sends or reads the rest (a partial result). */
    m->msg_iovlen = (size_t)(req->iovcnt > IOV_MAX ? IOV_MAX : req->iovcnt);
}

static int finish(ginet_bk_req *req, long result)
{
    req->result = result;
    return 1;
}

static int do_accept(ep_sock *s, ginet_bk_req *req)
{
    struct sockaddr_storage ss;
    for (;;) {
        socklen_t len = sizeof ss;
        int fd = accept4(s->fd, (struct sockaddr *)&ss, &len,
                         SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            int e = errno;
            if (would_block(e))
                return 0;
            if (ginet__accept_retry(e))      /* died in the queue: the next */
                continue;
            return finish(req, ginet_error_from_errno(e));
        }
        int rc = ginet__ep_sock_register(s->loop, req->accepted, fd, s->af,
                                         s->type);
        if (rc != 0) {
            close(fd);
            return finish(req, rc);
        }
        if (req->addr != NULL)
            ginet__sockaddr_from_os((struct sockaddr *)&ss, len, req->addr);
        return finish(req, 0);
    }
}

int ginet__ep_connect_start(ep_sock *s, ginet_bk_req *req)
{
    int rc = ginet__fd_connect_start(s->fd, req->addr);
    return rc == 1 ? 0 : finish(req, rc);
}

/* A connect in progress: the descriptor became writable or failed. */
static int connect_done(ep_sock *s, ginet_bk_req *req, uint32_t events)
{
    int rc = ginet__fd_connect_result(s->fd, (events & EPOLLOUT) != 0,
                                      (events & (EPOLLHUP | EPOLLERR)) != 0);
    return rc == 1 ? 0 : finish(req, rc);
}

static void read_ancillary(struct msghdr *m, ginet_bk_ancillary *anc)
{
    anc->present = 0;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(m); c != NULL; c = CMSG_NXTHDR(m, c)) {
        const unsigned char *d = CMSG_DATA(c);
        size_t dlen = c->cmsg_len - (size_t)(d - (const unsigned char *)c);
        int v = 0;
        if (dlen >= sizeof(int))
            memcpy(&v, d, sizeof v);
        else if (dlen >= 1)
            v = d[0];
        else
            continue;
        if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TOS) {
            anc->tos = (uint8_t)d[0];        /* IP_TOS arrives as one byte */
            anc->present |= GINET_BK_ANC_TOS;
        } else if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL) {
            anc->ttl = (uint8_t)v;
            anc->present |= GINET_BK_ANC_TTL;
        } else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_TCLASS) {
            anc->tclass = (uint8_t)v;
            anc->present |= GINET_BK_ANC_TCLASS;
        }
    }
}

static int do_recv(ep_sock *s, ginet_bk_req *req)
{
    struct sockaddr_storage ss;
    union { char buf[CMSG_SPACE(sizeof(int)) * 4]; struct cmsghdr align; } ctl;
    struct msghdr m;
    memset(&m, 0, sizeof m);
    set_msg_iov(&m, req);
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
        n = recvmsg(s->fd, &m, MSG_DONTWAIT);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return would_block(errno) ? 0 : finish(req, ginet_error_from_errno(errno));
    if (m.msg_flags & MSG_TRUNC)
        req->flags |= GINET_BK_F_TRUNCATED;
    if (from) {
        if (req->addr != NULL)
            ginet__sockaddr_from_os((struct sockaddr *)&ss, m.msg_namelen, req->addr);
        if (req->anc != NULL)
            read_ancillary(&m, req->anc);
    } else if (n > 0 && s->type == SOCK_STREAM && (size_t)n < iov_total(req)) {
        /* A short read emptied the kernel's queue: the next inline attempt
         * would only say EAGAIN, so it waits for the next edge instead
         * (edge-triggered epoll reports every arrival of new data). */
        s->rd_drained = 1;
        /* The FIN has arrived, so every byte before it is queued; reading
         * fewer than asked means the queue is now empty. */
        if (s->rdhup)
            req->flags |= GINET_BK_F_PEER_CLOSED;
    }
    return finish(req, (long)n);
}

static void add_cmsg(struct msghdr *m, size_t *used, int level, int type, int v)
{
    struct cmsghdr *c = (struct cmsghdr *)((char *)m->msg_control + *used);
    c->cmsg_level = level;
    c->cmsg_type = type;
    c->cmsg_len = CMSG_LEN(sizeof v);
    memcpy(CMSG_DATA(c), &v, sizeof v);
    *used += CMSG_SPACE(sizeof v);
}

static int do_send(ep_sock *s, ginet_bk_req *req)
{
    struct sockaddr_storage ss;
    union { char buf[CMSG_SPACE(sizeof(int)) * 4]; struct cmsghdr align; } ctl;
    struct msghdr m;
    memset(&m, 0, sizeof m);
    memset(&ctl, 0, sizeof ctl);
    set_msg_iov(&m, req);
    if (req->op == GINET_BK_SENDTO) {
        socklen_t len;
        int rc = ginet__sockaddr_to_os(req->addr, &ss, &len);
        if (rc != 0)
            return finish(req, rc);
        m.msg_name = &ss;
        m.msg_namelen = len;
        const ginet_bk_ancillary *a = req->anc;
        size_t used = 0;
        m.msg_control = ctl.buf;
        if (a != NULL && (a->present & GINET_BK_ANC_TOS))
            add_cmsg(&m, &used, IPPROTO_IP, IP_TOS, a->tos);
        if (a != NULL && (a->present & GINET_BK_ANC_TTL))
            add_cmsg(&m, &used, s->af == AF_INET6 ? IPPROTO_IPV6 : IPPROTO_IP,
                     s->af == AF_INET6 ? IPV6_HOPLIMIT : IP_TTL, a->ttl);
        if (a != NULL && (a->present & GINET_BK_ANC_TCLASS))
            add_cmsg(&m, &used, IPPROTO_IPV6, IPV6_TCLASS, a->tclass);
        m.msg_controllen = used;
        if (used == 0)
            m.msg_control = NULL;
    }
    ssize_t n;
    do
        n = sendmsg(s->fd, &m, MSG_NOSIGNAL | MSG_DONTWAIT);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return would_block(errno) ? 0 : finish(req, ginet_error_from_errno(errno));
    return finish(req, (long)n);
}

int ginet__ep_try(ep_sock *s, ginet_bk_req *req, uint32_t events)
{
    if (req->priv[0] & EP_READY)
        return 1;
    switch (req->op) {
    case GINET_BK_ACCEPT:   return do_accept(s, req);
    case GINET_BK_RECV:
    case GINET_BK_RECVFROM: return do_recv(s, req);
    case GINET_BK_SEND:
    case GINET_BK_SENDTO:   return do_send(s, req);
    case GINET_BK_CONNECT:  return connect_done(s, req, events);
    default:                return finish(req, GINET_EINVAL);
    }
}

int ginet__ep_attempt(ep_sock *s, uint32_t events, ginet_bk_req *done[2])
{
    int k = 0;
    if (s->fd < 0)
        return 0;                            /* closed: the loop delivers the rest */
    /* Remember a clean FIN (not a reset: then recv gives the error). */
    if ((events & EPOLLRDHUP) && !(events & EPOLLERR))
        s->rdhup = 1;
    if (events & (EPOLLIN | EPOLLRDHUP | EPOLLERR | EPOLLHUP))
        s->rd_drained = 0;
    if (events & (EPOLLRDHUP | EPOLLERR | EPOLLHUP))
        s->rd_hangup = 1;
    /* Output first: a connect's SO_ERROR must be read before a recv
     * consumes it. */
    if (s->out != NULL && ((s->out->priv[0] & EP_READY)
                           || (events & (EPOLLOUT | EPOLLERR | EPOLLHUP)))
        && ginet__ep_try(s, s->out, events)) {
        done[k++] = s->out;
        s->out = NULL;
    }
    if (s->in != NULL && ((s->in->priv[0] & EP_READY)
                          || (events & (EPOLLIN | EPOLLRDHUP | EPOLLERR | EPOLLHUP)))
        && ginet__ep_try(s, s->in, events)) {
        done[k++] = s->in;
        s->in = NULL;
    }
    return k;
}
