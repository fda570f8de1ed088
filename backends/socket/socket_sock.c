/*
 * backends/socket/socket_sock.c — the socket backend's socket operations:
 * open (platform/posix/sockopen.c: adopted, and on Linux in a namespace or
 * bound to a device), close with the deferred completion described in
 * socket.h, bind, listen, submit (the system call tried first, parked only
 * when it would block), cancel, shutdown and addresses.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "backends/socket/socket.h"
#include "platform/posix/fdutil.h"
#include "platform/posix/sockaddr.h"
#include "platform/posix/sockio.h"
#include "platform/posix/sockopen.h"

#include <ginet/error.h>

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int ginet__sk_sock_register(sk_loop *l, sk_sock *s, int fd, int af, int type)
{
    memset(s, 0, sizeof *s);
    if (pthread_mutex_init(&s->lock, NULL) != 0)
        return GINET_ENOMEM;
    s->loop = l;
    s->fd = fd;
    s->af = af;
    s->type = type;
    s->idx = -1;                             /* polled only while a request is parked */
    return 0;
}

int ginet__sk_sock_open(void *loop, void *sock, const ginet_bk_open *how)
{
    if (loop == NULL || sock == NULL || how == NULL)
        return GINET_EINVAL;
    int fd, af, type;
    int rc = ginet__fd_open(how, &fd, &af, &type);  /* platform/posix/sockopen.c */
    if (rc != 0)
        return rc;
    rc = ginet__sk_sock_register(loop, sock, fd, af, type);
    if (rc != 0 && how->adopt_fd < 0)
        close(fd);
    return rc;
}

int ginet__sk_sock_close(void *sock, ginet_bk_req *req)
{
    sk_sock *s = sock;
    if (s == NULL || req == NULL)
        return GINET_EINVAL;
    pthread_mutex_lock(&s->lock);
    int fd = s->fd;
    if (fd < 0) {
        pthread_mutex_unlock(&s->lock);
        return GINET_ECLOSED;
    }
    s->fd = -1;
    s->cancelled_in = s->in;
    s->cancelled_out = s->out;
    s->in = s->out = NULL;
    (void)ginet__sk_update(s);               /* out of the poll set */
    if (s->cancelled_in != NULL) {
        s->cancelled_in->flags |= GINET_BK_F_CANCELLED;
        s->cancelled_in->result = 0;
    }
    if (s->cancelled_out != NULL) {
        s->cancelled_out->flags |= GINET_BK_F_CANCELLED;
        s->cancelled_out->result = 0;        /* a parked send has sent nothing */
    }
    req->op = GINET_BK_CLOSE;
    req->flags = 0;
    req->result = 0;
    s->close_req = req;
    pthread_mutex_unlock(&s->lock);
    /* Outside the mutex: with SO_LINGER on, close(2) may wait. */
    close(fd);
    ginet__sk_loop_closing(s->loop, s);      /* S belongs to the loop now */
    return GINET_EINPROGRESS;
}

int ginet__sk_bind(void *sock, const ginet_sockaddr *addr)
{
    return ginet__fd_bind(((sk_sock *)sock)->fd, addr);
}

int ginet__sk_listen(void *sock, int backlog)
{
    return ginet__fd_listen(((sk_sock *)sock)->fd, backlog);
}

/* Put REQ in SLOT and S in the poll set; 0 or the set's error (then REQ
 * is not parked). */
static int park(sk_sock *s, ginet_bk_req **slot, ginet_bk_req *req)
{
    *slot = req;
    int rc = ginet__sk_update(s);
    if (rc != 0) {
        *slot = NULL;
        return rc;
    }
    if (req->priv[0] & SK_READY)
        ginet__sk_loop_ready(s->loop, s);
    return GINET_EINPROGRESS;
}

int ginet__sk_submit(void *sock, ginet_bk_req *req)
{
    sk_sock *s = sock;
    if (s == NULL || req == NULL || !ginet__bk_req_valid(req))
        return GINET_EINVAL;
    uint32_t in_flags = req->flags & (GINET_BK_F_INLINE | GINET_BK_F_TRY);
    if ((in_flags & GINET_BK_F_TRY) && !(in_flags & GINET_BK_F_INLINE))
        return GINET_EINVAL;
    int inl = (in_flags & GINET_BK_F_INLINE) != 0, try_only = (in_flags & GINET_BK_F_TRY) != 0;
    req->flags = in_flags;
    req->result = 0;
    req->priv[0] = 0;

    pthread_mutex_lock(&s->lock);
    ginet_bk_req **slot = ginet__bk_op_is_input(req->op) ? &s->in : &s->out;
    int rc;
    if (s->fd < 0) {
        rc = GINET_ECLOSED;
    } else if (*slot != NULL) {
        rc = GINET_EALREADY;
    } else if (req->op == GINET_BK_CONNECT) {
        if (ginet__sk_connect_start(s, req) == 0) {
            rc = park(s, slot, req);         /* POLLOUT or an error ends it */
        } else if (inl) {
            rc = 0;
        } else {
            req->priv[0] = SK_READY;         /* the loop delivers it */
            rc = park(s, slot, req);
        }
    } else if (inl && !try_only && req->op == GINET_BK_RECV && s->drained
               && s->drained_round == atomic_load_explicit(&s->loop->round,
                                                           memory_order_relaxed)) {
        rc = park(s, slot, req);             /* drained this round: see do_io() */
    } else if (inl) {
        s->drained = 0;
        if (ginet__sk_try(s, req))
            rc = 0;
        else if (try_only)
            rc = GINET_EAGAIN;
        else
            rc = park(s, slot, req);
    } else {
        rc = park(s, slot, req);             /* level-triggered: reported if ready now */
    }
    pthread_mutex_unlock(&s->lock);
    return rc;
}

int ginet__sk_cancel(void *sock, ginet_bk_req *req)
{
    sk_sock *s = sock;
    if (s == NULL || req == NULL)
        return GINET_EINVAL;
    int rc = GINET_EINPROGRESS;              /* the loop is delivering it */
    pthread_mutex_lock(&s->lock);
    ginet_bk_req **slot = s->in == req ? &s->in : s->out == req ? &s->out : NULL;
    if (slot != NULL) {
        *slot = NULL;
        (void)ginet__sk_update(s);           /* shrinking the set cannot fail */
        req->flags |= GINET_BK_F_CANCELLED;
        req->result = 0;                     /* a parked send has sent nothing */
        rc = 0;
    }
    pthread_mutex_unlock(&s->lock);
    return rc;
}

int ginet__sk_shutdown(void *sock, int how)
{
    return ginet__fd_shutdown(((sk_sock *)sock)->fd, how);
}

int ginet__sk_sockname(void *sock, ginet_sockaddr *out)
{
    return ginet__fd_name(((sk_sock *)sock)->fd, out, 0);
}

int ginet__sk_peername(void *sock, ginet_sockaddr *out)
{
    return ginet__fd_name(((sk_sock *)sock)->fd, out, 1);
}

intptr_t ginet__sk_native_handle(void *sock)
{
    sk_sock *s = sock;
    return s->fd;
}
