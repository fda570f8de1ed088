/*
 * backends/uring/uring_sock.c — the io_uring backend's socket operations:
 * open (through platform/posix/sockopen.c), close with the synchronous
 * cancel and the deferred completion described in uring.h, bind, listen,
 * submit (inline first, then handed to the loop's ring), cancel,
 * shutdown and addresses.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "backends/uring/uring.h"
#include "platform/posix/sockio.h"
#include "platform/posix/sockopen.h"

#include <ginet/error.h>

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int ginet__ur_sock_register(ur_loop *l, ur_sock *s, int fd, int af, int type)
{
    memset(s, 0, sizeof *s);
    if (pthread_mutex_init(&s->lock, NULL) != 0)
        return GINET_ENOMEM;
    s->loop = l;
    s->fd = fd;
    s->af = af;
    s->type = type;
    return 0;
}

int ginet__ur_sock_open(void *loop, void *sock, const ginet_bk_open *how)
{
    if (loop == NULL || sock == NULL || how == NULL)
        return GINET_EINVAL;
    int fd, af, type;
    int rc = ginet__fd_open(how, &fd, &af, &type);
    if (rc != 0)
        return rc;
    rc = ginet__ur_sock_register(loop, sock, fd, af, type);
    if (rc != 0 && how->adopt_fd < 0)
        close(fd);
    return rc;
}

/* Withdraw D's request if it has not reached the kernel (S locked):
 * returns it, marked cancelled, or NULL. */
static ginet_bk_req *withdraw(ur_dir *d)
{
    if (d->st != UR_PEND)
        return NULL;
    ginet_bk_req *req = d->req;
    d->req = NULL;
    d->st = UR_IDLE;
    d->cancel = d->asked = 0;
    req->flags |= GINET_BK_F_CANCELLED;
    req->result = 0;                         /* nothing was sent or received */
    return req;
}

int ginet__ur_sock_close(void *sock, ginet_bk_req *req)
{
    ur_sock *s = sock;
    if (s == NULL || req == NULL)
        return GINET_EINVAL;
    pthread_mutex_lock(&s->lock);
    int fd = s->fd;
    if (fd < 0) {
        pthread_mutex_unlock(&s->lock);
        return GINET_ECLOSED;
    }
    s->fd = -1;
    s->closing = 1;
    s->withdrawn_in = withdraw(&s->in);
    s->withdrawn_out = withdraw(&s->out);
    int in_ring = 0;
    for (ur_dir *d = &s->in; d != NULL; d = d == &s->in ? &s->out : NULL) {
        if (d->st != UR_KERNEL)
            continue;
        ginet_bk_req *r = d->req;
        if (ginet__ur_cancel_now(s, d) == 0) {
            d->req = NULL;
            d->asked = 0;
            r->flags |= GINET_BK_F_CANCELLED;
            r->result = 0;
            if (d == &s->in)
                s->withdrawn_in = r;
            else
                s->withdrawn_out = r;
        } else {
            /* Finished meanwhile, or prepared by the loop and perhaps not
             * yet submitted: the descriptor must stay open until the
             * kernel has looked it up, so the loop closes it once every
             * SQE naming S is back (an ASYNC_CANCEL, queued after the
             * operation, ends it). */
            d->asked = 1;
            d->cancel = 1;
            in_ring = 1;
        }
    }
    s->close_fd = in_ring ? fd : -1;
    req->op = GINET_BK_CLOSE;
    req->flags = 0;
    req->result = 0;
    s->close_req = req;
    if (in_ring)
        ginet__ur_queue(s->loop, s);
    pthread_mutex_unlock(&s->lock);
    /* Outside the mutex: with SO_LINGER on, close(2) may wait. */
    if (!in_ring)
        close(fd);
    ginet__ur_loop_closing(s->loop, s);      /* S belongs to the loop now */
    return GINET_EINPROGRESS;
}

int ginet__ur_bind(void *sock, const ginet_sockaddr *addr)
{
    return ginet__fd_bind(((ur_sock *)sock)->fd, addr);
}

int ginet__ur_listen(void *sock, int backlog)
{
    return ginet__fd_listen(((ur_sock *)sock)->fd, backlog);
}

/* Hand REQ in D to the loop's ring (S locked). */
static int park(ur_sock *s, ur_dir *d, ginet_bk_req *req, int mode)
{
    d->req = req;
    d->mode = (uint8_t)mode;
    d->st = UR_PEND;
    d->cancel = d->asked = 0;
    ginet__ur_queue(s->loop, s);
    return GINET_EINPROGRESS;
}

int ginet__ur_submit(void *sock, ginet_bk_req *req)
{
    ur_sock *s = sock;
    if (s == NULL || req == NULL || !ginet__bk_req_valid(req))
        return GINET_EINVAL;
    uint32_t in_flags = req->flags & (GINET_BK_F_INLINE | GINET_BK_F_TRY);
    if ((in_flags & GINET_BK_F_TRY) && !(in_flags & GINET_BK_F_INLINE))
        return GINET_EINVAL;
    int inl = (in_flags & GINET_BK_F_INLINE) != 0, try_only = (in_flags & GINET_BK_F_TRY) != 0;
    req->flags = in_flags;
    req->result = 0;

    pthread_mutex_lock(&s->lock);
    ur_dir *d = ginet__bk_op_is_input(req->op) ? &s->in : &s->out;
    int rc;
    if (s->fd < 0) {
        rc = GINET_ECLOSED;
    } else if (d->req != NULL) {
        rc = GINET_EALREADY;
    } else if (req->op == GINET_BK_CONNECT) {
        int r = ginet__fd_connect_start(s->fd, req->addr);
        if (r == 1) {
            rc = park(s, d, req, UR_M_POLL);  /* POLLOUT or an error ends it */
        } else {
            req->result = r;
            rc = inl ? 0 : park(s, d, req, UR_M_NOP);
        }
    } else if (inl && !try_only && req->op == GINET_BK_RECV && s->drained
               && s->drained_round == atomic_load_explicit(&s->loop->round,
                                                           memory_order_relaxed)) {
        s->drained = 0;                      /* see op_result() */
        rc = GINET_EINPROGRESS;
    } else if (inl) {
        s->drained = 0;
        if (ginet__ur_try(s, req))
            rc = 0;
        else
            rc = try_only ? GINET_EAGAIN : GINET_EINPROGRESS;
    } else {
        rc = GINET_EINPROGRESS;
    }
    if (rc == GINET_EINPROGRESS && d->req == NULL) {
        /* To the ring.  The kernel's msghdr lives in D until the CQE. */
        int r = req->op == GINET_BK_ACCEPT ? 0 : ginet__msg_prepare(&d->msg, req, s->af);
        if (r != 0) {
            req->result = r;
            rc = park(s, d, req, UR_M_NOP);
        } else {
            rc = park(s, d, req, UR_M_OP);
        }
    }
    pthread_mutex_unlock(&s->lock);
    return rc;
}

int ginet__ur_cancel(void *sock, ginet_bk_req *req)
{
    ur_sock *s = sock;
    if (s == NULL || req == NULL)
        return GINET_EINVAL;
    int rc = GINET_EINPROGRESS;              /* the loop is delivering it */
    pthread_mutex_lock(&s->lock);
    ur_dir *d = s->in.req == req ? &s->in : s->out.req == req ? &s->out : NULL;
    if (d != NULL && withdraw(d) != NULL) {
        rc = 0;
    } else if (d != NULL && d->st == UR_KERNEL && ginet__ur_cancel_now(s, d) == 0) {
        d->req = NULL;
        d->asked = 0;
        req->flags |= GINET_BK_F_CANCELLED;
        req->result = 0;                     /* it moved no byte */
        rc = 0;
    } else if (d != NULL && d->st == UR_KERNEL && !d->asked) {
        d->asked = 1;
        d->cancel = 1;
        ginet__ur_queue(s->loop, s);
    }
    pthread_mutex_unlock(&s->lock);
    return rc;
}

int ginet__ur_shutdown(void *sock, int how)
{
    return ginet__fd_shutdown(((ur_sock *)sock)->fd, how);
}

int ginet__ur_sockname(void *sock, ginet_sockaddr *out)
{
    return ginet__fd_name(((ur_sock *)sock)->fd, out, 0);
}

int ginet__ur_peername(void *sock, ginet_sockaddr *out)
{
    return ginet__fd_name(((ur_sock *)sock)->fd, out, 1);
}

intptr_t ginet__ur_native_handle(void *sock)
{
    return ((ur_sock *)sock)->fd;
}
