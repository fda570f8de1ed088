/*
 * core/udp_open.c — gen_udp:open/2 (a bound datagram socket on the chosen
 * backend, OTP's default recbuf, the owner), gen_udp:connect/3, and the
 * life of a UDP socket's datagram state.
 */
#include "core/udp_internal.h"

#include "core/inspect_internal.h"
#include "core/last_error.h"
#include "core/mailbox_internal.h"

#include <stdlib.h>
#include <string.h>

void ginet__udp_free(struct ginet__udp *u)
{
    if (u == NULL)
        return;
    free(u->buf);
    free(u);
}

/* Bind the new socket: {ip,_}/{ifaddr,_} or the wildcard address, on
 * {port,_} or PORT.  A local datagram socket is bound only to a given
 * {ifaddr,{local,Path}} (an unnamed one can still send). */
static int udp_bind(ginet_socket *s, const ginet__create_opts *co, int port)
{
    if (co->fd >= 0)
        return 0;                            /* adopted: bound already */
    ginet_sockaddr a;
    if (co->have_ip) {
        a = co->ip;
    } else {
        if (s->family == GINET_AF_LOCAL)
            return 0;
        memset(&a, 0, sizeof a);
        a.family = s->family;
        a.u.ip.family = s->family;
    }
    if (a.family != GINET_AF_LOCAL)
        a.port = (uint16_t)(co->port >= 0 ? co->port : port);
    return s->bk->bind(s->bks, &a);
}

/* OTP's inet_udp asks for {recbuf, 8192} before the user's options
 * (inet sockets only); applying it after them is the same, because an
 * explicit buffer stops recbuf from raising it and an explicit recbuf
 * replaces it. */
static int default_recbuf(ginet_socket *s, const ginet_optlist *opts)
{
    if (s->o.open_recbuf <= 0 || (opts != NULL && ginet_optlist_find(opts, GINET_OPT_RECBUF)))
        return 0;
    ginet_optlist *l = ginet_optlist_new();
    if (l == NULL)
        return GINET_ENOMEM;
    int rc = ginet_optlist_add_int(l, GINET_OPT_RECBUF, s->o.open_recbuf);
    if (rc == 0) {
        ginet__lock(&s->lock);
        rc = ginet__apply_options(s, l, 1);
        ginet__unlock(&s->lock);
    }
    ginet_optlist_free(l);
    return rc;
}

/* gen_udp:open with OPTS already holding the node-wide defaults. */
static int open_with(int port, const ginet_optlist *opts, ginet_mailbox *owner,
                     ginet_socket **out)
{
    ginet__create_opts co;
    int rc = ginet__create_opts_read(opts, &co);
    if (rc != 0)
        return rc;
    ginet_family family = co.family;
    if (family == GINET_AF_UNSPEC)
        family = co.have_ip ? co.ip.family : GINET_AF_INET;
    if (co.have_ip && co.ip.family != family)
        return ginet__fail(GINET_EINVAL, "open: {ip,_} is not of the family asked for");
    if (family == GINET_AF_LOCAL && (port != 0 || co.port > 0))
        return ginet__fail(GINET_EINVAL, "open: a local socket takes port 0");
    ginet_socket *s;
    rc = ginet__socket_create(GINET__KIND_UDP, GINET_BK_DGRAM, family, opts, &co, &s);
    if (rc != 0)
        return rc;
    struct ginet__udp *u = calloc(1, sizeof *u);
    if (u == NULL) {
        ginet_close(s);
        ginet__socket_unref(s);
        return ginet__fail(GINET_ENOMEM, "out of memory opening a UDP socket");
    }
    ginet__lock(&s->lock);
    s->udp = u;
    ginet__unlock(&s->lock);
    rc = default_recbuf(s, opts);
    if (rc == 0) {
        rc = udp_bind(s, &co, port);
        if (rc != 0)
            rc = ginet__fail(rc, "open: %s", ginet_format_error(rc));
    }
    if (rc != 0) {
        ginet_close(s);
        ginet__socket_unref(s);
        return rc;
    }
    ginet__lock(&s->lock);
    if (owner != NULL) {
        s->owner = owner;
        ginet__unlock(&s->lock);
        ginet__mailbox_attach(owner, s);
        ginet__lock(&s->lock);
    } else {
        s->o.active = GINET_ACTIVE_FALSE;    /* nobody to deliver to */
    }
    ginet__active_post(s);                   /* active: start receiving */
    ginet__unlock(&s->lock);
    *out = s;
    return 0;
}

GINET_API int ginet_udp_open_list(int port, const ginet_optlist *opts,
                                  ginet_mailbox *owner, ginet_socket **out)
{
    if (out == NULL)
        return GINET_EINVAL;
    *out = NULL;
    ginet__clear_error();
    if (port < 0 || port > 65535)
        return ginet__fail(GINET_EINVAL, "port %d out of range 0..65535", port);
    ginet_optlist *merged;                   /* GINET_DEFAULT_UDP_OPTIONS first */
    int rc = ginet__defaults_merge(GINET_DEFAULTS_UDP, opts, &merged);
    if (rc == 0)
        rc = open_with(port, merged != NULL ? merged : opts, owner, out);
    ginet_optlist_free(merged);
    return rc;
}

GINET_API int ginet_udp_open(int port, const char *opts_text, ginet_mailbox *owner,
                             ginet_socket **out)
{
    if (out == NULL)
        return GINET_EINVAL;
    *out = NULL;
    ginet__clear_error();
    ginet_optlist *opts;
    int rc = ginet__optlist_from_text(opts_text, &opts);
    if (rc != 0)
        return rc;
    rc = ginet_udp_open_list(port, opts, owner, out);
    ginet_optlist_free(opts);
    return rc;
}

/* Check a destination against the socket (lock held): 0 or the error
 * OTP gives (einval for port 0, eafnosupport for another family). */
int ginet__udp_check_dest(const ginet_socket *s, const ginet_sockaddr *to)
{
    if (to->family != s->family)
        return ginet__fail(GINET_EAFNOSUPPORT, "the address is not of the socket's family");
    if (to->family != GINET_AF_LOCAL && to->port == 0)
        return ginet__fail(GINET_EINVAL, "port 0");
    if (to->family != GINET_AF_LOCAL && to->u.ip.family != to->family)
        return ginet__fail(GINET_EINVAL, "malformed address");
    return 0;
}

GINET_API int ginet_udp_connect(ginet_socket *s, const ginet_sockaddr *to)
{
    if (s == NULL || to == NULL)
        return GINET_EINVAL;
    ginet__clear_error();
    ginet__lock(&s->lock);
    int rc;
    if (s->state == GINET__ST_CLOSED) {
        rc = GINET_ECLOSED;
        goto out;
    }
    if (s->kind != GINET__KIND_UDP || s->udp == NULL) {
        rc = ginet__fail(GINET_EINVAL, "connect: not a UDP socket");
        goto out;
    }
    rc = ginet__udp_check_dest(s, to);
    if (rc != 0)
        goto out;
    /* Datagrams queued before go to where they were sent first. */
    while ((s->out_busy || s->outq_head != NULL) && s->state != GINET__ST_CLOSED)
        ginet__wait(&s->cond, &s->lock, -1);
    if (s->state == GINET__ST_CLOSED) {
        rc = GINET_ECLOSED;
        goto out;
    }
    struct ginet__udp *u = s->udp;
    u->out_addr = *to;
    memset(&s->out_req, 0, sizeof s->out_req);
    s->out_req.op = GINET_BK_CONNECT;
    s->out_req.flags = GINET_BK_F_INLINE;
    s->out_req.addr = &u->out_addr;
    s->out_req.user = s;
    s->out_busy = 1;
    ginet__socket_ref(s);
    rc = s->bk->submit(s->bks, &s->out_req);
    if (rc == GINET_EINPROGRESS) {
        while (s->out_busy)                  /* a datagram connect is immediate */
            ginet__wait(&s->cond, &s->lock, -1);
        rc = s->state == GINET__ST_CLOSED ? GINET_ECLOSED : (int)s->out_req.result;
    } else {
        atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel);
        s->out_busy = 0;
        if (rc == 0)
            rc = (int)s->out_req.result;
    }
    if (rc == 0) {
        u->connected = 1;
        u->peer = *to;
        s->state = GINET__ST_CONNECTED;
    } else {
        rc = ginet__fail(rc, "connect: %s", ginet_format_error(rc));
    }
    ginet__broadcast(&s->cond);
out:
    ginet__unlock(&s->lock);
    return rc;
}
