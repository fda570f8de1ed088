/*
 * core/udp_io.c — moving datagrams: one RECVFROM in flight into the
 * socket's `buffer`-sized receive buffer (a longer datagram is cut there,
 * as OTP does), gen_udp:recv/3, gen_udp:send/2,4,5 written straight from
 * the caller's buffer when the kernel takes it at once and queued (each
 * datagram with its destination and ancillary data) when it does not,
 * and the formatting of ancillary data.
 */
#include "core/udp_internal.h"

#include "core/last_error.h"
#include "core/msg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A sender on another thread than the loop's waits while more than this
 * is queued (the kernel's buffer was full). */
#define UDP_QUEUE_MAX (256u * 1024u)

/* ------------------------------------------------------------- receive */

void ginet__udp_recv_completed(ginet_socket *s, ginet_bk_req *req)
{
    struct ginet__udp *u = s->udp;
    s->in_busy = 0;
    if (req->flags & GINET_BK_F_CANCELLED) {
        /* nothing arrived */
    } else if (req->result >= 0) {
        u->have = 1;
        u->len = (size_t)req->result;        /* cut at the buffer when longer */
    } else if (u->error == 0) {
        u->error = (int)req->result;
    }
    ginet__broadcast(&s->cond);
}

int ginet__udp_recv_start(ginet_socket *s, int inline_ok)
{
    struct ginet__udp *u = s->udp;
    if (u == NULL || s->in_busy || u->have || u->error != 0)
        return 0;
    if (!(s->flags & GINET__F_BK_OPEN) || (s->flags & GINET__F_BK_CLOSING))
        return GINET_ECLOSED;
    size_t want = s->o.buffer > 0 ? (size_t)s->o.buffer : 1;
    if (u->cap != want) {                    /* `buffer` changed: no receive uses it now */
        uint8_t *nb = realloc(u->buf, want);
        if (nb == NULL)
            return GINET_ENOMEM;
        u->buf = nb;
        u->cap = want;
    }
    s->in_iov.base = u->buf;
    s->in_iov.len = u->cap;
    memset(&s->in_req, 0, sizeof s->in_req);
    s->in_req.op = GINET_BK_RECVFROM;
    s->in_req.flags = inline_ok ? GINET_BK_F_INLINE : 0;
    s->in_req.iov = &s->in_iov;
    s->in_req.iovcnt = 1;
    s->in_req.addr = &u->from;
    s->in_req.anc = &u->anc;
    s->in_req.user = s;
    memset(&u->anc, 0, sizeof u->anc);
    s->in_busy = 1;
    ginet__socket_ref(s);                    /* the request's */
    int rc = s->bk->submit(s->bks, &s->in_req);
    if (rc == GINET_EINPROGRESS)
        return 0;
    atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel);
    if (rc == 0) {
        ginet__udp_recv_completed(s, &s->in_req);
        return 0;
    }
    s->in_busy = 0;
    return rc;
}

/* Fill the UDP fields of M from the waiting datagram and release it. */
static void udp_fields(ginet_socket *s, ginet_msg *m)
{
    struct ginet__udp *u = s->udp;
    m->kind = GINET_MSG_UDP;
    m->from = u->from;
    m->anc = u->anc;
    ginet__count_input(&s->st, u->len);
    u->have = 0;
}

ginet_msg *ginet__udp_take(ginet_socket *s)
{
    struct ginet__udp *u = s->udp;
    ginet_packet pkt;
    memset(&pkt, 0, sizeof pkt);
    pkt.type = GINET_PACKET_RAW;
    pkt.size = u->len;
    pkt.data.ptr = u->buf;
    pkt.data.len = u->len;
    ginet_msg *m = ginet__msg_from_packet(s, &pkt, 0);
    if (m != NULL)
        udp_fields(s, m);
    return m;
}

void ginet__udp_lend(ginet_socket *s, ginet_msg *m)
{
    struct ginet__udp *u = s->udp;
    m->socket = s;
    m->data = u->buf;
    m->len = u->len;
    udp_fields(s, m);
}

GINET_API int ginet_udp_recv(ginet_socket *s, size_t length, int timeout_ms,
                             ginet_msg **out)
{
    (void)length;                            /* OTP 25 ignores it for UDP */
    if (s == NULL || out == NULL)
        return GINET_EINVAL;
    *out = NULL;
    int64_t deadline = ginet__deadline(timeout_ms);
    ginet__lock(&s->lock);
    int rc;
    if (s->state == GINET__ST_CLOSED) {
        ginet__unlock(&s->lock);
        return GINET_ECLOSED;
    }
    if (s->kind != GINET__KIND_UDP || s->udp == NULL
        || s->o.active != GINET_ACTIVE_FALSE) {
        ginet__unlock(&s->lock);
        return GINET_EINVAL;                 /* OTP: recv on an active socket */
    }
    if (s->flags & GINET__F_RECV_ACTIVE) {
        ginet__unlock(&s->lock);
        return GINET_EALREADY;
    }
    s->flags |= GINET__F_RECV_ACTIVE;
    while (s->flags & GINET__F_DELIVERING)  /* active delivery finishing */
        ginet__wait(&s->cond, &s->lock, -1);
    struct ginet__udp *u = s->udp;
    for (;;) {
        if (s->state == GINET__ST_CLOSED) {
            rc = GINET_ECLOSED;
            break;
        }
        if (u->have) {
            *out = ginet__udp_take(s);
            rc = *out != NULL ? 0 : GINET_ENOMEM;
            break;
        }
        if (u->error != 0) {
            rc = u->error;                   /* reported once; the socket stays open */
            u->error = 0;
            break;
        }
        if (!s->in_busy) {
            rc = ginet__udp_recv_start(s, 1);
            if (rc != 0)
                break;
            continue;
        }
        /* On timeout the receive stays in flight: a datagram it gets
         * waits for the next call (or active delivery). */
        if (ginet__wait(&s->cond, &s->lock, deadline)) {
            rc = GINET_ETIMEOUT;
            break;
        }
    }
    s->flags &= ~GINET__F_RECV_ACTIVE;
    ginet__unlock(&s->lock);
    return rc;
}

/* ---------------------------------------------------------------- send */

/* Set up out_req for one datagram of LEN bytes at DATA to TO. */
static void send_req(ginet_socket *s, const ginet_sockaddr *to,
                     const ginet_bk_ancillary *anc, const void *data, size_t len,
                     uint32_t flags)
{
    struct ginet__udp *u = s->udp;
    u->out_addr = *to;
    if (anc != NULL)
        u->out_anc = *anc;
    s->out_iov[0].base = (void *)(uintptr_t)data;
    s->out_iov[0].len = len;
    memset(&s->out_req, 0, sizeof s->out_req);
    s->out_req.op = GINET_BK_SENDTO;
    s->out_req.flags = flags;
    s->out_req.iov = s->out_iov;
    s->out_req.iovcnt = 1;
    s->out_req.addr = &u->out_addr;
    s->out_req.anc = anc != NULL ? &u->out_anc : NULL;
    s->out_req.user = s;
}

/* The head of the queue is done (sent or failed): drop it. */
static void queue_pop(ginet_socket *s, long result)
{
    ginet__outchunk *c = s->outq_head;
    ginet__udp_dgram h;
    memcpy(&h, c->data, sizeof h);
    if (result >= 0)
        ginet__count_output(&s->st, h.len);
    s->outq_head = c->next;
    if (s->outq_head == NULL)
        s->outq_tail = NULL;
    s->outq_bytes -= h.len;
    ginet__outchunk_free(c);
}

/* Submit queued datagrams until one is in flight or the queue is empty.
 * An error for a queued datagram is dropped with it (UDP promises
 * nothing; OTP's port does not report it either). */
static void udp_pump(ginet_socket *s)
{
    while (!s->out_busy && s->outq_head != NULL && s->state != GINET__ST_CLOSED
           && (s->flags & GINET__F_BK_OPEN) && !(s->flags & GINET__F_BK_CLOSING)) {
        ginet__outchunk *c = s->outq_head;
        ginet__udp_dgram h;
        memcpy(&h, c->data, sizeof h);
        send_req(s, &h.to, h.has_anc ? &h.anc : NULL, c->data + sizeof h, h.len,
                 GINET_BK_F_INLINE);
        s->out_busy = 1;
        ginet__socket_ref(s);
        int rc = s->bk->submit(s->bks, &s->out_req);
        if (rc == GINET_EINPROGRESS)
            return;
        atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel);
        s->out_busy = 0;
        queue_pop(s, rc == 0 ? s->out_req.result : rc);
    }
    ginet__broadcast(&s->cond);
}

void ginet__udp_send_completed(ginet_socket *s, ginet_bk_req *req)
{
    s->out_busy = 0;
    if (!(req->flags & GINET_BK_F_CANCELLED) && s->outq_head != NULL)
        queue_pop(s, req->result);
    udp_pump(s);
    ginet__broadcast(&s->cond);
}

/* Queue a copy of the datagram (lock held). */
static int enqueue(ginet_socket *s, const ginet_sockaddr *to, const ginet_bk_ancillary *anc,
                   const void *data, size_t len)
{
    ginet__udp_dgram h;
    memset(&h, 0, sizeof h);
    h.to = *to;
    if (anc != NULL) {
        h.anc = *anc;
        h.has_anc = 1;
    }
    h.len = len;
    ginet__outchunk *c = ginet__outchunk_alloc(sizeof h + len);
    if (c == NULL)
        return GINET_ENOMEM;
    c->len = sizeof h + len;
    memcpy(c->data, &h, sizeof h);
    if (len > 0)
        memcpy(c->data + sizeof h, data, len);
    if (s->outq_tail != NULL)
        s->outq_tail->next = c;
    else
        s->outq_head = c;
    s->outq_tail = c;
    s->outq_bytes += len;
    return 0;
}

GINET_API int ginet_udp_send(ginet_socket *s, const ginet_sockaddr *to,
                             const ginet_udp_ancillary *anc, const void *data, size_t len)
{
    if (s == NULL || (data == NULL && len > 0))
        return GINET_EINVAL;
    ginet__clear_error();
    ginet__lock(&s->lock);
    int rc;
    struct ginet__udp *u = s->udp;
    if (s->state == GINET__ST_CLOSED) {
        rc = GINET_ECLOSED;
        goto out;
    }
    if (s->kind != GINET__KIND_UDP || u == NULL) {
        rc = ginet__fail(GINET_EINVAL, "send: not a UDP socket");
        goto out;
    }
    if (to == NULL) {
        if (!u->connected) {
            rc = ginet__fail(GINET_EINVAL, "send: no address and not connected");
            goto out;
        }
        to = &u->peer;
    }
    rc = ginet__udp_check_dest(s, to);
    if (rc != 0)
        goto out;
    if (anc != NULL && (anc->present & ~(uint32_t)(GINET_BK_ANC_TOS | GINET_BK_ANC_TTL
                                                     | GINET_BK_ANC_TCLASS))) {
        rc = ginet__fail(GINET_EINVAL, "send: unknown ancillary data");
        goto out;
    }
    if (anc != NULL && anc->present == 0)
        anc = NULL;
    if (!s->out_busy && s->outq_head == NULL && (s->bk->caps & GINET_BKCAP_INLINE)) {
        /* Straight from the caller's buffer when the kernel takes it now. */
        send_req(s, to, anc, data, len, GINET_BK_F_INLINE | GINET_BK_F_TRY);
        rc = s->bk->submit(s->bks, &s->out_req);
        if (rc == 0) {
            long r = s->out_req.result;
            if (r >= 0)
                ginet__count_output(&s->st, len);
            rc = r < 0 ? (int)r : 0;
            goto out;
        }
        if (rc != GINET_EAGAIN)
            goto out;
    }
    rc = enqueue(s, to, anc, data, len);
    if (rc != 0)
        goto out;
    udp_pump(s);
    if (!ginet__loop_is_current(s->loop)) {
        while (s->outq_bytes > UDP_QUEUE_MAX && s->state != GINET__ST_CLOSED)
            ginet__wait(&s->cond, &s->lock, -1);
    }
out:
    ginet__unlock(&s->lock);
    return rc;
}

GINET_API int ginet_udp_sendto(ginet_socket *s, const char *host, int port,
                               const void *data, size_t len)
{
    if (s == NULL || host == NULL)
        return GINET_EINVAL;
    ginet__clear_error();
    if (port <= 0 || port > 65535)
        return ginet__fail(GINET_EINVAL, "port %d out of range 1..65535", port);
    ginet__lock(&s->lock);
    ginet_family fam = s->family;
    ginet__unlock(&s->lock);
    ginet_sockaddr a;
    memset(&a, 0, sizeof a);
    /* Parse in either family: an address of the other one is eafnosupport. */
    int rc = ginet__host_address(host, fam == GINET_AF_INET6 && strcmp(host, "localhost") == 0
                                            ? GINET_AF_INET6 : GINET_AF_UNSPEC, &a.u.ip);
    if (rc != 0)
        return rc;
    a.family = a.u.ip.family;
    a.port = (uint16_t)port;
    return ginet_udp_send(s, &a, NULL, data, len);
}

/* ------------------------------------------------------------ ancillary */

GINET_API long ginet_udp_ancillary_format(const ginet_udp_ancillary *anc, char *buf,
                                          size_t cap)
{
    if (anc == NULL || (buf == NULL && cap > 0))
        return GINET_EINVAL;
    char tmp[64];
    size_t n = 0;
    tmp[n++] = '[';
    static const struct { uint32_t bit; const char *name; } order[] = {
        { GINET_BK_ANC_TTL, "ttl" }, { GINET_BK_ANC_TOS, "tos" },
        { GINET_BK_ANC_TCLASS, "tclass" },
    };
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        if (!(anc->present & order[i].bit))
            continue;
        unsigned v = order[i].bit == GINET_BK_ANC_TTL ? anc->ttl
                   : order[i].bit == GINET_BK_ANC_TOS ? anc->tos : anc->tclass;
        int w = snprintf(tmp + n, sizeof tmp - n, "%s{%s,%u}", n > 1 ? "," : "",
                         order[i].name, v);
        if (w > 0)
            n += (size_t)w;
    }
    tmp[n++] = ']';
    tmp[n] = '\0';
    if (cap > 0) {
        size_t k = n < cap - 1 ? n : cap - 1;
        memcpy(buf, tmp, k);
        buf[k] = '\0';
    }
    return (long)n;
}
