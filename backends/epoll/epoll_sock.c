/*
 * backends/epoll/epoll_sock.c — the epoll backend's socket operations:
 * open (in a namespace, bound to a device, or adopted), close with the
 * deferred completion described in epoll.h, bind, listen, submit with the
 * inline fast path, cancel, shutdown, options and addresses.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "backends/epoll/epoll.h"
#include "platform/linux/netns.h"
#include "platform/linux/sockopt.h"
#include "platform/posix/fdutil.h"
#include "platform/posix/sockaddr.h"
#include "platform/posix/sockio.h"

#include <ginet/error.h>

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int ginet__ep_sock_register(ep_loop *l, ep_sock *s, int fd, int af, int type)
{
    memset(s, 0, sizeof *s);
    if (pthread_mutex_init(&s->lock, NULL) != 0)
        return GINET_ENOMEM;
    s->loop = l;
    s->fd = fd;
    s->af = af;
    s->type = type;
    /* Registered once for both directions, edge-triggered: an event only
     * runs the requests parked in the slots, so an edge nobody waits for
     * costs nothing.  EPOLLRDHUP tells a FIN apart from data. */
    struct epoll_event ev = { .events = EP_EVENTS, .data.ptr = s };
    if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev) != 0) {
        int rc = ginet__os_error();
        pthread_mutex_destroy(&s->lock);
        return rc;
    }
    return 0;
}

static int os_socktype(ginet_bk_socktype t)
{
    switch (t) {
    case GINET_BK_STREAM:    return SOCK_STREAM;
    case GINET_BK_DGRAM:     return SOCK_DGRAM;
    case GINET_BK_SEQPACKET: return SOCK_SEQPACKET;
    default:                 return -1;
    }
}

/* Take over descriptor FD ({fd, F}): learn its family and type from it. */
static int adopt(int fd, const ginet_bk_open *how, int *af, int *type)
{
    int v;
    socklen_t n = sizeof v;
    if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &v, &n) != 0)
        return ginet__os_error();
    *af = v;
    n = sizeof v;
    if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &n) != 0)
        return ginet__os_error();
    *type = v;
    if (ginet__family_from_os(*af) == GINET_AF_UNSPEC)
        return GINET_EAFNOSUPPORT;
    if (how->family != GINET_AF_UNSPEC && ginet__family_to_os(how->family) != *af)
        return GINET_EINVAL;
    if (how->type != 0 && os_socktype(how->type) != *type)
        return GINET_EINVAL;
    return ginet__fd_set_nonblock(fd, 1);
}

static int bind_device(int fd, const char *ifname)
{
    size_t n = strlen(ifname);
    if (n >= GINET_BK_IFNAME_MAX)
        return GINET_EINVAL;
    if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname, (socklen_t)n) != 0)
        return ginet__os_error();
    return 0;
}

int ginet__ep_sock_open(void *loop, void *sock, const ginet_bk_open *how)
{
    if (loop == NULL || sock == NULL || how == NULL)
        return GINET_EINVAL;
    int fd, af = 0, type = 0, rc, adopted = how->adopt_fd >= 0;
    if (adopted) {
        if (how->adopt_fd > INT32_MAX || how->netns != NULL)
            return GINET_EINVAL;             /* an open socket has its namespace */
        fd = (int)how->adopt_fd;
        if ((rc = adopt(fd, how, &af, &type)) != 0)
            return rc;
    } else {
        af = ginet__family_to_os(how->family);
        type = os_socktype(how->type);
        if (af < 0)
            return GINET_EAFNOSUPPORT;
        if (type < 0)
            return GINET_EINVAL;
        int flags = type | SOCK_NONBLOCK | SOCK_CLOEXEC;
        if (how->netns != NULL) {
            rc = ginet__netns_socket(how->netns, af, flags, how->protocol, &fd);
            if (rc != 0)
                return rc;
        } else if ((fd = socket(af, flags, how->protocol)) < 0) {
            return ginet__os_error();
        }
    }
    rc = how->bind_to_device != NULL ? bind_device(fd, how->bind_to_device) : 0;
    if (rc == 0)
        rc = ginet__ep_sock_register(loop, sock, fd, af, type);
    if (rc != 0 && !adopted)
        close(fd);
    return rc;
}

int ginet__ep_sock_close(void *sock, ginet_bk_req *req)
{
    ep_sock *s = sock;
    if (s == NULL || req == NULL)
        return GINET_EINVAL;
    pthread_mutex_lock(&s->lock);
    int fd = s->fd;
    if (fd < 0) {
        pthread_mutex_unlock(&s->lock);
        return GINET_ECLOSED;
    }
    s->fd = -1;
    /* Unregister before closing: the registration belongs to the open
     * file, which a dup() elsewhere would keep alive. */
    epoll_ctl(s->loop->epfd, EPOLL_CTL_DEL, fd, NULL);
    s->cancelled_in = s->in;
    s->cancelled_out = s->out;
    s->in = s->out = NULL;
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
    /* Outside the lock: with SO_LINGER on, close(2) may wait. */
    close(fd);
    ginet__ep_loop_closing(s->loop, s);      /* S belongs to the loop now */
    return GINET_EINPROGRESS;
}

int ginet__ep_bind(void *sock, const ginet_sockaddr *addr)
{
    return ginet__fd_bind(((ep_sock *)sock)->fd, addr);
}

int ginet__ep_listen(void *sock, int backlog)
{
    return ginet__fd_listen(((ep_sock *)sock)->fd, backlog);
}

/* Make epoll report S again if it is ready now: a request parked without
 * a system call tried first would otherwise wait for the next edge. */
static int rearm(ep_sock *s)
{
    struct epoll_event ev = { .events = EP_EVENTS, .data.ptr = s };
    return epoll_ctl(s->loop->epfd, EPOLL_CTL_MOD, s->fd, &ev) == 0
               ? 0 : ginet__os_error();
}

int ginet__ep_submit(void *sock, ginet_bk_req *req)
{
    ep_sock *s = sock;
    if (s == NULL || req == NULL || !ginet__bk_req_valid(req))
        return GINET_EINVAL;
    uint32_t in_flags = req->flags & (GINET_BK_F_INLINE | GINET_BK_F_TRY);
    if ((in_flags & GINET_BK_F_TRY) && !(in_flags & GINET_BK_F_INLINE))
        return GINET_EINVAL;
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
        if (ginet__ep_connect_start(s, req) == 0) {
            *slot = req;                     /* EPOLLOUT or an error ends it */
            rc = GINET_EINPROGRESS;
        } else if (in_flags & GINET_BK_F_INLINE) {
            rc = 0;
        } else {
            req->priv[0] = EP_READY;         /* delivered by the next event */
            *slot = req;
            rc = rearm(s);
            if (rc == 0)
                rc = GINET_EINPROGRESS;
            else
                *slot = NULL;
        }
    } else if ((in_flags & GINET_BK_F_INLINE) && req->op == GINET_BK_RECV
               && s->rd_drained && !s->rd_hangup && !(in_flags & GINET_BK_F_TRY)) {
        /* Drained by the last read: park without a system call; the edge
         * of the next data delivers it. */
        *slot = req;
        rc = GINET_EINPROGRESS;
    } else if (in_flags & GINET_BK_F_INLINE) {
        if (ginet__ep_try(s, req, 0)) {
            rc = 0;
        } else if (in_flags & GINET_BK_F_TRY) {
            rc = GINET_EAGAIN;
        } else {
            /* It just said EAGAIN, so the next edge is still to come. */
            *slot = req;
            rc = GINET_EINPROGRESS;
        }
    } else {
        *slot = req;
        rc = rearm(s);
        if (rc == 0)
            rc = GINET_EINPROGRESS;
        else
            *slot = NULL;
    }
    pthread_mutex_unlock(&s->lock);
    return rc;
}

int ginet__ep_cancel(void *sock, ginet_bk_req *req)
{
    ep_sock *s = sock;
    if (s == NULL || req == NULL)
        return GINET_EINVAL;
    int rc = GINET_EINPROGRESS;              /* the loop is delivering it */
    pthread_mutex_lock(&s->lock);
    ginet_bk_req **slot = s->in == req ? &s->in : s->out == req ? &s->out : NULL;
    if (slot != NULL) {
        *slot = NULL;
        req->flags |= GINET_BK_F_CANCELLED;
        req->result = 0;                     /* a parked send has sent nothing */
        rc = 0;
    }
    pthread_mutex_unlock(&s->lock);
    return rc;
}

int ginet__ep_shutdown(void *sock, int how)
{
    ep_sock *s = sock;
    int h = how == 0 ? SHUT_RD : how == 1 ? SHUT_WR : how == 2 ? SHUT_RDWR : -1;
    if (h < 0)
        return GINET_EINVAL;
    return shutdown(s->fd, h) == 0 ? 0 : ginet__os_error();
}

static ginet_bk_support support(ginet_bk_opt opt)
{
    for (const ginet_bk_option_row *r = ginet__ep_options; r->opt != 0; r++)
        if (r->opt == opt)
            return r->support;
    return GINET_BK_UNSUPPORTED;
}

int ginet__ep_setopt(void *sock, ginet_bk_opt opt, const ginet_bk_optval *val)
{
    ep_sock *s = sock;
    switch (support(opt)) {
    case GINET_BK_NATIVE:  return ginet__linux_setopt(s->fd, s->af, opt, val);
    case GINET_BK_IGNORED: return 0;
    default:               return GINET_ENOTSUP;
    }
}

int ginet__ep_getopt(void *sock, ginet_bk_opt opt, ginet_bk_optval *val)
{
    ep_sock *s = sock;
    if (val == NULL)
        return GINET_EINVAL;
    switch (support(opt)) {
    case GINET_BK_NATIVE:
        return ginet__linux_getopt(s->fd, s->af, opt, val);
    case GINET_BK_IGNORED:
        val->i = 0;
        return 0;
    default:
        return GINET_ENOTSUP;
    }
}

static int name_of(ep_sock *s, ginet_sockaddr *out, int peer)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (out == NULL)
        return GINET_EINVAL;
    memset(&ss, 0, sizeof ss);
    int r = peer ? getpeername(s->fd, (struct sockaddr *)&ss, &len)
                 : getsockname(s->fd, (struct sockaddr *)&ss, &len);
    if (r != 0)
        return ginet__os_error();
    return ginet__sockaddr_from_os((struct sockaddr *)&ss, len, out);
}

int ginet__ep_sockname(void *sock, ginet_sockaddr *out)
{
    return name_of(sock, out, 0);
}

int ginet__ep_peername(void *sock, ginet_sockaddr *out)
{
    return name_of(sock, out, 1);
}

intptr_t ginet__ep_native_handle(void *sock)
{
    ep_sock *s = sock;
    return s->fd;
}
