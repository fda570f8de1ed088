/*
 * backends/uring/uring_io.c — the io_uring backend's requests: the inline
 * attempt on the submitting thread (accept4, or recv/send through
 * platform/posix/msgio.c), each direction's request as an SQE (the
 * operation, a POLL_ADD first, or a NOP for a result already known), the
 * ASYNC_CANCELs cancel() asks for, and what each CQE means for the
 * request.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "backends/uring/uring.h"
#include "platform/posix/sockaddr.h"
#include "platform/posix/sockio.h"

#include <ginet/error.h>

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* The accepted descriptor FD (ADDR, LEN: the peer) becomes REQ's socket. */
static long accepted(ur_sock *s, ginet_bk_req *req, int fd,
                     const struct sockaddr_storage *ss, socklen_t len)
{
    int rc = ginet__ur_sock_register(s->loop, req->accepted, fd, s->af, s->type);
    if (rc != 0) {
        close(fd);
        return rc;
    }
    if (req->addr != NULL)
        ginet__sockaddr_from_os((const struct sockaddr *)ss, len, req->addr);
    return 0;
}

static int try_accept(ur_sock *s, ginet_bk_req *req)
{
    struct sockaddr_storage ss;
    for (;;) {
        socklen_t len = sizeof ss;
        int fd = accept4(s->fd, (struct sockaddr *)&ss, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd >= 0) {
            req->result = accepted(s, req, fd, &ss, len);
            return 1;
        }
        int e = errno;
        if (e == EAGAIN || e == EWOULDBLOCK)
            return 0;
        if (!ginet__accept_retry(e)) {       /* else: died in the queue, the next */
            req->result = ginet_error_from_errno(e);
            return 1;
        }
    }
}

int ginet__ur_try(ur_sock *s, ginet_bk_req *req)
{
    if (req->op == GINET_BK_ACCEPT)
        return try_accept(s, req);
    return ginet__msg_try(s->fd, s->af, s->type, req);
}

/* ------------------------------------------------------------ SQEs */

static uint64_t tag_of(ur_sock *s, int out)
{
    const ur_dir *d = out ? &s->out : &s->in;
    return (uint64_t)(uintptr_t)s | ((uint64_t)d->seq << UR_SEQ_SHIFT)
           | (out ? UR_T_OUT : UR_T_IN);
}

int ginet__ur_cancel_now(ur_sock *s, ur_dir *d)
{
    struct io_uring_sync_cancel_reg reg;
    memset(&reg, 0, sizeof reg);
    reg.addr = tag_of(s, d == &s->out);
    /* No waiting: a request the kernel is running (EALREADY) goes on. */
    reg.timeout.tv_sec = 0;
    reg.timeout.tv_nsec = 0;
    int rc = io_uring_register_sync_cancel(&s->loop->ring, &reg);
    if (rc != 0)
        return rc;
    d->st = UR_IDLE;                         /* its CQE no longer matches */
    d->cancel = 0;
    return 0;
}

/* The operation of D's request as SQE. */
static void prep_op(struct io_uring_sqe *sqe, ur_sock *s, ur_dir *d)
{
    ginet_bk_req *req = d->req;
    switch (req->op) {
    case GINET_BK_ACCEPT:
        d->alen = sizeof d->msg.ss;
        io_uring_prep_accept(sqe, s->fd, (struct sockaddr *)&d->msg.ss, &d->alen,
                             SOCK_NONBLOCK | SOCK_CLOEXEC);
        break;
    case GINET_BK_RECV:
        if (req->iovcnt == 1)
            io_uring_prep_recv(sqe, s->fd, req->iov[0].base, req->iov[0].len, 0);
        else
            io_uring_prep_recvmsg(sqe, s->fd, &d->msg.m, 0);
        break;
    case GINET_BK_RECVFROM:
        /* MSG_TRUNC: the datagram's real length, so truncation shows in
         * the result whether or not the kernel writes msg_flags back. */
        io_uring_prep_recvmsg(sqe, s->fd, &d->msg.m, s->type != SOCK_STREAM ? MSG_TRUNC : 0);
        break;
    case GINET_BK_SEND:
        if (req->iovcnt == 1)
            io_uring_prep_send(sqe, s->fd, req->iov[0].base, req->iov[0].len, MSG_NOSIGNAL);
        else
            io_uring_prep_sendmsg(sqe, s->fd, &d->msg.m, MSG_NOSIGNAL);
        break;
    case GINET_BK_SENDTO:
        io_uring_prep_sendmsg(sqe, s->fd, &d->msg.m, MSG_NOSIGNAL);
        break;
    default:                                 /* CONNECT: always UR_M_POLL */
        io_uring_prep_nop(sqe);
        break;
    }
}

static int prep_dir(ur_sock *s, ur_dir *d, int out)
{
    if (d->st != UR_PEND)
        return 0;
    struct io_uring_sqe *sqe = ginet__ur_sqe(s->loop);
    if (sqe == NULL)
        return -1;
    if (d->mode == UR_M_NOP)
        io_uring_prep_nop(sqe);
    else if (d->mode == UR_M_POLL)
        io_uring_prep_poll_add(sqe, s->fd, out ? POLLOUT : POLLIN);
    else
        prep_op(sqe, s, d);
    d->seq++;
    io_uring_sqe_set_data64(sqe, tag_of(s, out));
    d->st = UR_KERNEL;
    s->refs++;
    return 0;
}

static int prep_cancel(ur_sock *s, ur_dir *d, int out)
{
    if (!d->cancel)
        return 0;
    if (d->st != UR_KERNEL) {
        d->cancel = 0;                       /* finished meanwhile */
        return 0;
    }
    struct io_uring_sqe *sqe = ginet__ur_sqe(s->loop);
    if (sqe == NULL)
        return -1;
    io_uring_prep_cancel64(sqe, tag_of(s, out), 0);
    io_uring_sqe_set_data64(sqe, (uint64_t)(uintptr_t)s | UR_T_CANCEL);
    d->cancel = 0;
    s->refs++;
    return 0;
}

int ginet__ur_prep(ur_sock *s)
{
    if (prep_dir(s, &s->in, 0) != 0 || prep_dir(s, &s->out, 1) != 0
        || prep_cancel(s, &s->in, 0) != 0 || prep_cancel(s, &s->out, 1) != 0)
        return -1;
    return 0;
}

/* ------------------------------------------------------------ CQEs */

/* D's request goes back to the ring (in MODE), unless S is closing. */
static ginet_bk_req *again(ur_sock *s, ur_dir *d, int mode)
{
    if (s->closing)
        return NULL;                         /* the caller reports it cancelled */
    d->mode = (uint8_t)mode;
    d->st = UR_PEND;
    ginet__ur_queue(s->loop, s);
    return d->req;
}

/* The result of D's operation from the CQE's RES (>= 0, or -errno).
 * Returns 1 with req->result set, 0 when it went back to the ring, -1
 * when it should count as cancelled. */
static int op_result(ur_sock *s, ur_dir *d, int res)
{
    ginet_bk_req *req = d->req;
    if (res == -EAGAIN || res == -EWOULDBLOCK)
        return again(s, d, UR_M_POLL) != NULL ? 0 : -1;
    switch (req->op) {
    case GINET_BK_ACCEPT:
        if (res >= 0) {
            req->result = accepted(s, req, res, &d->msg.ss, d->alen);
            return 1;
        }
        if (ginet__accept_retry(-res))       /* died in the queue: the next */
            return again(s, d, UR_M_OP) != NULL ? 0 : -1;
        break;
    case GINET_BK_RECV:
    case GINET_BK_RECVFROM:
        if (res >= 0) {
            int flags = req->op == GINET_BK_RECV && req->iovcnt == 1 ? 0 : d->msg.m.msg_flags;
            req->result = ginet__msg_received(&d->msg, req, res, flags);
            /* A short stream read emptied the queue: a RECV submitted in
             * this round (from the completion) would only hear EAGAIN
             * inline, so it goes to the ring at once.  The hint expires
             * with the round: later, data may have come. */
            s->drained = ginet__msg_short_read(req, s->type, res);
            s->drained_round = atomic_load_explicit(&s->loop->round, memory_order_relaxed);
            return 1;
        }
        break;
    default:                                 /* SEND, SENDTO */
        if (res >= 0) {
            req->result = res;
            return 1;
        }
        break;
    }
    req->result = ginet_error_from_errno(-res);
    return 1;
}

/* A POLL_ADD for D fired with mask RES. */
static int poll_result(ur_sock *s, ur_dir *d, int res)
{
    ginet_bk_req *req = d->req;
    if (res < 0) {
        req->result = ginet_error_from_errno(-res);
        return 1;
    }
    if (s->closing)
        return -1;
    if (req->op != GINET_BK_CONNECT)
        return again(s, d, UR_M_OP) != NULL ? 0 : -1;
    int rc = ginet__fd_connect_result(s->fd, (res & POLLOUT) != 0,
                                      (res & (POLLHUP | POLLERR)) != 0);
    if (rc == 1)                             /* not yet: a spurious wakeup */
        return again(s, d, UR_M_POLL) != NULL ? 0 : -1;
    req->result = rc;
    return 1;
}

ginet_bk_req *ginet__ur_cqe(ur_sock *s, int out, unsigned seq, int res)
{
    ur_dir *d = out ? &s->out : &s->in;
    s->refs--;
    ginet_bk_req *req = d->req;
    if (d->st != UR_KERNEL || req == NULL || seq != d->seq)
        return NULL;                         /* cancelled at once: dropped */
    d->st = UR_IDLE;
    d->cancel = 0;
    int r;
    if (res == -ECANCELED || (d->asked && res == -EINTR))
        r = -1;
    else if (d->mode == UR_M_NOP)
        r = 1;                               /* req->result set at submit */
    else if (d->mode == UR_M_POLL)
        r = poll_result(s, d, res);
    else
        r = op_result(s, d, res);
    if (r == 0)
        return NULL;                         /* back in the ring */
    if (r < 0) {
        req->flags |= GINET_BK_F_CANCELLED;
        req->result = 0;                     /* nothing was sent or received */
    }
    d->req = NULL;
    d->asked = 0;
    return req;
}
