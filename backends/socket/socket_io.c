/*
 * backends/socket/socket_io.c — the system calls of the socket backend's
 * requests: accept and connect here, recv/send through
 * platform/posix/msgio.c, each run once per attempt on a non-blocking
 * descriptor with the socket's mutex held; the drained-read hint; and
 * which parked request a poll(2) result lets run.  POSIX calls, with the
 * Linux/BSD conveniences (accept4) used where the headers say the OS has
 * them.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "backends/socket/socket.h"
#include "platform/posix/fdutil.h"
#include "platform/posix/msgio.h"
#include "platform/posix/sockaddr.h"
#include "platform/posix/sockio.h"

#include <ginet/error.h>

#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

static int again(int e)
{
    return e == EAGAIN || e == EWOULDBLOCK;
}

static int done(ginet_bk_req *req, long result)
{
    req->result = result;
    return 1;
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

/* RECV/RECVFROM/SEND/SENDTO through platform/posix/msgio.c, and the
 * drained-read hint of a stream read of the loop that came back short. */
static int do_io(sk_sock *s, ginet_bk_req *req, int on_loop)
{
    if (!ginet__msg_try(s->fd, s->af, s->type, req))
        return 0;
    if (on_loop && req->op == GINET_BK_RECV
        && ginet__msg_short_read(req, s->type, req->result)) {
        /* A short read emptied the queue.  The RECV the frontend submits
         * from this completion would only be told EAGAIN, so until the
         * next poll(2) it parks at once; poll(2) is level-triggered, so
         * data that came meanwhile is reported there.  Only for reads of
         * the loop: a submitting thread's hint could outlive the round. */
        s->drained = 1;
        s->drained_round = atomic_load_explicit(&s->loop->round, memory_order_relaxed);
    }
    return 1;
}

static int try_req(sk_sock *s, ginet_bk_req *req, short revents, int on_loop)
{
    if (req->priv[0] & SK_READY)
        return 1;
    switch (req->op) {
    case GINET_BK_ACCEPT:   return do_accept(s, req);
    case GINET_BK_RECV:
    case GINET_BK_RECVFROM:
    case GINET_BK_SEND:
    case GINET_BK_SENDTO:   return do_io(s, req, on_loop);
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
