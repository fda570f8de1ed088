/*
 * platform/posix/msgio.c — requests as struct msghdr, and the one
 * non-blocking attempt of recvmsg(2)/sendmsg(2) (see msgio.h).  Control
 * messages (IP_TOS, IP_TTL/IPV6_HOPLIMIT, IPV6_TCLASS) where the OS
 * defines them.
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
#ifdef MSG_NOSIGNAL
#define MSGIO_SEND_FLAGS (MSG_NOSIGNAL | MSG_DONTWAIT)
#else
#define MSGIO_SEND_FLAGS MSG_DONTWAIT        /* SO_NOSIGPIPE set at open */
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

int ginet__msg_try(int fd, int af, ginet_bk_req *req)
{
    ginet__msg g;
    int rc = ginet__msg_prepare(&g, req, af);
    if (rc != 0) {
        req->result = rc;
        return 1;
    }
    int recv = req->op == GINET_BK_RECV || req->op == GINET_BK_RECVFROM;
    ssize_t n;
    do
        n = recv ? recvmsg(fd, &g.m, MSG_DONTWAIT) : sendmsg(fd, &g.m, MSGIO_SEND_FLAGS);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return 0;
        req->result = ginet_error_from_errno(errno);
        return 1;
    }
    req->result = recv ? ginet__msg_received(&g, req, (long)n, g.m.msg_flags) : (long)n;
    return 1;
}
