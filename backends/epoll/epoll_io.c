/*
 * backends/epoll/epoll_io.c — the system calls of the epoll backend's
 * requests: accept4 and connect here, recv/send through
 * platform/posix/msgio.c, each run once per attempt on a non-blocking
 * descriptor with the socket's lock held; the drained-read hint; and the
 * decision which parked request an event lets run.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "backends/epoll/epoll.h"
#include "platform/posix/fdutil.h"
#include "platform/posix/msgio.h"
#include "platform/posix/sockaddr.h"
#include "platform/posix/sockio.h"

#include <ginet/error.h>

#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

static int would_block(int e)
{
    return e == EAGAIN || e == EWOULDBLOCK;
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

/* RECV/RECVFROM/SEND/SENDTO through platform/posix/msgio.c, and the
 * drained-read hint of a stream read that came back short. */
static int do_io(ep_sock *s, ginet_bk_req *req)
{
    if (!ginet__msg_try(s->fd, s->af, s->type, req))
        return 0;
    if (req->op == GINET_BK_RECV && ginet__msg_short_read(req, s->type, req->result)) {
        /* A short read emptied the kernel's queue: the next inline attempt
         * would only say EAGAIN, so it waits for the next edge instead
         * (edge-triggered epoll reports every arrival of new data). */
        s->rd_drained = 1;
        /* The FIN has arrived, so every byte before it is queued; reading
         * fewer than asked means the queue is now empty. */
        if (s->rdhup)
            req->flags |= GINET_BK_F_PEER_CLOSED;
    }
    return 1;
}

int ginet__ep_try(ep_sock *s, ginet_bk_req *req, uint32_t events)
{
    if (req->priv[0] & EP_READY)
        return 1;
    switch (req->op) {
    case GINET_BK_ACCEPT:   return do_accept(s, req);
    case GINET_BK_RECV:
    case GINET_BK_RECVFROM:
    case GINET_BK_SEND:
    case GINET_BK_SENDTO:   return do_io(s, req);
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
