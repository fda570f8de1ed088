/*
 * platform/posix/msgio.c — requests as struct msghdr, and the one
 * non-blocking attempt of a RECV/RECVFROM/SEND/SENDTO every backend makes
 * (recv(2)/send(2) for one stream buffer, else recvmsg(2)/sendmsg(2); see
 * msgio.h).  Control messages (IP_TOS, IP_TTL/IPV6_HOPLIMIT, IPV6_TCLASS)
 * where the OS defines them.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "platform/posix/msgio.h"
#include "platform/posix/sockaddr.h"

#include <ginet/error.h>

#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <stddef.h>
#include <string.h>
#include <sys/uio.h>

#ifndef IOV_MAX
#define IOV_MAX 16                           /* POSIX's _XOPEN_IOV_MAX */
#endif
#ifdef MSG_DONTWAIT
#define MSGIO_RECV_FLAGS MSG_DONTWAIT
#else
#define MSGIO_RECV_FLAGS 0                   /* the descriptor is non-blocking */
#endif
#ifdef MSG_NOSIGNAL
#define MSGIO_SEND_FLAGS (MSG_NOSIGNAL | MSGIO_RECV_FLAGS)
#else
#define MSGIO_SEND_FLAGS MSGIO_RECV_FLAGS    /* SO_NOSIGPIPE set at open */
#endif

/* A request's ginet_bk_iovec list goes to the kernel as a struct iovec. */
_Static_assert(sizeof(ginet_bk_iovec) == sizeof(struct iovec)
               && offsetof(ginet_bk_iovec, base) == offsetof(struct iovec, iov_base)
               && offsetof(ginet_bk_iovec, len) == offsetof(struct iovec, iov_len),
               "ginet_bk_iovec must match struct iovec");

size_t ginet__req_capacity(const ginet_bk_req *req)
{
    size_t t = 0;
    for (int i = 0; i < req->iovcnt && i < IOV_MAX; i++)
        t += req->iov[i].len;
    return t;
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
static void send_anc(ginet__msg *g, int af, const ginet_bk_ancillary *a)
{
    size_t used = 0;
    memset(&g->ctl, 0, sizeof g->ctl);
    g->m.msg_control = g->ctl.buf;
    (void)af;
#ifdef IP_TOS
    if (a->present & GINET_BK_ANC_TOS)
        put_cmsg(&g->m, &used, IPPROTO_IP, IP_TOS, a->tos);
#endif
#if defined(IP_TTL) && defined(IPV6_HOPLIMIT)
    if (a->present & GINET_BK_ANC_TTL)
        put_cmsg(&g->m, &used, af == AF_INET6 ? IPPROTO_IPV6 : IPPROTO_IP,
                 af == AF_INET6 ? IPV6_HOPLIMIT : IP_TTL, a->ttl);
#endif
#ifdef IPV6_TCLASS
    if (a->present & GINET_BK_ANC_TCLASS)
        put_cmsg(&g->m, &used, IPPROTO_IPV6, IPV6_TCLASS, a->tclass);
#endif
    g->m.msg_controllen = used;
    if (used == 0)
        g->m.msg_control = NULL;
}

int ginet__msg_prepare(ginet__msg *g, ginet_bk_req *req, int af)
{
    memset(&g->m, 0, sizeof g->m);
    g->m.msg_iov = (struct iovec *)(void *)req->iov;
    /* Beyond IOV_MAX pieces: move the first IOV_MAX (a partial result). */
    g->m.msg_iovlen = req->iovcnt > IOV_MAX ? IOV_MAX : req->iovcnt;
    if (req->op == GINET_BK_RECVFROM) {
        g->m.msg_name = &g->ss;
        g->m.msg_namelen = sizeof g->ss;
        if (req->anc != NULL) {
            g->m.msg_control = g->ctl.buf;
            g->m.msg_controllen = sizeof g->ctl.buf;
        }
    } else if (req->op == GINET_BK_SENDTO) {
        socklen_t len;
        int rc = ginet__sockaddr_to_os(req->addr, &g->ss, &len);
        if (rc != 0)
            return rc;
        g->m.msg_name = &g->ss;
        g->m.msg_namelen = len;
        if (req->anc != NULL)
            send_anc(g, af, req->anc);
    }
    return 0;
}

/* The control messages of a received datagram, where the OS has them. */
static void read_anc(struct msghdr *m, ginet_bk_ancillary *anc)
{
    anc->present = 0;
    if (m->msg_control == NULL)
        return;
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

long ginet__msg_received(ginet__msg *g, ginet_bk_req *req, long n, int flags)
{
    size_t cap = ginet__req_capacity(req);
    if ((flags & MSG_TRUNC) || (size_t)n > cap) {
        req->flags |= GINET_BK_F_TRUNCATED;
        if ((size_t)n > cap)
            n = (long)cap;
    }
    if (req->op == GINET_BK_RECVFROM) {
        if (req->addr != NULL)
            ginet__sockaddr_from_os((struct sockaddr *)&g->ss, g->m.msg_namelen, req->addr);
        if (req->anc != NULL)
            read_anc(&g->m, req->anc);
    }
    return n;
}

/* What a system call's return N (errno when negative, EINTR already
 * retried) means for REQ: 1 finished, req->result set; 0 would block. */
static int finished(ginet_bk_req *req, ssize_t n)
{
    if (n >= 0) {
        req->result = (long)n;
        return 1;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK)
        return 0;
    req->result = ginet_error_from_errno(errno);
    return 1;
}

/* One buffer, no address, no flags to read back: recv(2)/send(2), so the
 * kernel copies no msghdr and no iovec array in. */
static int try_single(int fd, ginet_bk_req *req)
{
    void *base = req->iov[0].base;
    size_t len = req->iov[0].len;
    ssize_t n;
    do
        n = req->op == GINET_BK_RECV ? recv(fd, base, len, MSGIO_RECV_FLAGS)
                                     : send(fd, base, len, MSGIO_SEND_FLAGS);
    while (n < 0 && errno == EINTR);
    return finished(req, n);
}

int ginet__msg_try(int fd, int af, int type, ginet_bk_req *req)
{
    if (req->iovcnt == 1 && (req->op == GINET_BK_SEND
                             || (req->op == GINET_BK_RECV && type == SOCK_STREAM)))
        return try_single(fd, req);
    ginet__msg g;
    int rc = ginet__msg_prepare(&g, req, af);
    if (rc != 0) {
        req->result = rc;
        return 1;
    }
    int in = req->op == GINET_BK_RECV || req->op == GINET_BK_RECVFROM;
    ssize_t n;
    do
        n = in ? recvmsg(fd, &g.m, MSGIO_RECV_FLAGS) : sendmsg(fd, &g.m, MSGIO_SEND_FLAGS);
    while (n < 0 && errno == EINTR);
    if (!finished(req, n))
        return 0;
    if (in && n >= 0)
        req->result = ginet__msg_received(&g, req, (long)n, g.m.msg_flags);
    return 1;
}

int ginet__msg_short_read(const ginet_bk_req *req, int type, long n)
{
    return type == SOCK_STREAM && n > 0 && (size_t)n < ginet__req_capacity(req);
}
