/*
 * core/tcp_listen.c — gen_tcp:listen/2 and gen_tcp:accept/2: listening
 * sockets, one accept in flight per listener shared by every waiting
 * thread, and accepted sockets that inherit the listener's options and
 * owner.
 */
#include "core/socket_internal.h"

#include "core/inspect_internal.h"
#include "core/last_error.h"
#include "core/local_addr.h"
#include "core/mailbox_internal.h"

#include <stdlib.h>
#include <string.h>

/* gen_tcp:listen with OPTS already holding the node-wide defaults. */
static int listen_with(int port, const ginet_optlist *opts, ginet_mailbox *owner,
                       ginet_socket **out)
{
    if (out == NULL)
        return GINET_EINVAL;
    *out = NULL;
    ginet__clear_error();
    if (port < 0 || port > 65535)
        return ginet__fail(GINET_EINVAL, "port %d out of range 0..65535", port);
    ginet__create_opts co;
    int rc = ginet__create_opts_read(opts, &co);
    if (rc != 0)
        return rc;
    ginet_family family = co.family;
    if (family == GINET_AF_UNSPEC)
        family = co.have_ip ? co.ip.family : GINET_AF_INET;
    if (co.have_ip && co.ip.family != family)
        return ginet__fail(GINET_EINVAL, "listen: {ip,_} is not of the family asked for");
    if (family == GINET_AF_LOCAL && co.fd < 0) {
        /* OTP: gen_tcp:listen(0, [local, {ifaddr, {local, Path}}]); a port
         * other than 0 is a function_clause, no address is einval. */
        if (port != 0 || co.port > 0)
            return ginet__fail(GINET_EINVAL, "listen: port %d with a local address: it must be 0",
                               port != 0 ? port : co.port);
        if (!co.have_ip)
            return ginet__fail(GINET_EINVAL, "listen: a local socket needs "
                               "{ifaddr, {local, Path}}");
        rc = ginet__local_check(&co.ip, GINET__LOCAL_BIND, "listen");
        if (rc != 0)
            return rc;
    }
    ginet_socket *s;
    rc = ginet__socket_create(GINET__KIND_TCP_LISTEN, GINET_BK_STREAM, family, opts, &co, &s);
    if (rc != 0)
        return rc;
    if (owner != NULL) {
        s->owner = owner;
        ginet__mailbox_attach(owner, s);
    }
    if (owner == NULL)
        s->o.active = GINET_ACTIVE_FALSE;
    if (co.fd < 0) {
        ginet_sockaddr a;
        if (co.have_ip) {
            a = co.ip;
        } else {
            memset(&a, 0, sizeof a);
            a.family = family;
            a.u.ip.family = family;
        }
        if (family != GINET_AF_LOCAL)
            a.port = (uint16_t)(co.port >= 0 ? co.port : port);
        rc = s->bk->bind(s->bks, &a);
        if (rc == 0)
            rc = s->bk->listen(s->bks, co.backlog);
    } else {
        rc = s->bk->listen(s->bks, co.backlog);
    }
    if (rc != 0) {
        ginet_close(s);
        ginet__socket_unref(s);
        return ginet__fail(rc, "listen: %s", ginet_format_error(rc));
    }
    ginet__lock(&s->lock);
    s->state = GINET__ST_LISTENING;
    ginet__unlock(&s->lock);
    *out = s;
    return 0;
}

GINET_API int ginet_tcp_listen_list(int port, const ginet_optlist *opts,
                                    ginet_mailbox *owner, ginet_socket **out)
{
    if (out == NULL)
        return GINET_EINVAL;
    *out = NULL;
    ginet__clear_error();
    ginet_optlist *merged;                   /* GINET_DEFAULT_LISTEN_OPTIONS first */
    int rc = ginet__defaults_merge(GINET_DEFAULTS_LISTEN, opts, &merged);
    if (rc == 0)
        rc = listen_with(port, merged != NULL ? merged : opts, owner, out);
    ginet_optlist_free(merged);
    return rc;
}

GINET_API int ginet_tcp_listen(int port, const char *opts_text, ginet_mailbox *owner,
                               ginet_socket **out)
{
    if (out == NULL)
        return GINET_EINVAL;
    *out = NULL;
    ginet_optlist *opts;
    int rc = ginet__optlist_from_text(opts_text, &opts);
    if (rc != 0)
        return rc;
    rc = ginet_tcp_listen_list(port, opts, owner, out);
    ginet_optlist_free(opts);
    return rc;
}

/* Give the accepted socket A what it inherits from the listener L. */
static void inherit(ginet_socket *l, ginet_socket *a)
{
    a->o = l->o;
    a->owner = l->owner;
    if (a->owner != NULL)
        ginet__mailbox_attach(a->owner, a);
    a->linger_on = l->linger_on;
    a->linger_secs = l->linger_secs;
    ginet_packet_options po;
    ginet__framer_options(a, &po);
    ginet_framer_set_type(a->framer, a->o.packet, &po);
}

void ginet__accept_completed(ginet_socket *l, ginet_bk_req *req)
{
    l->in_busy = 0;
    ginet_socket *a = l->accept_new;
    l->accept_new = NULL;
    if (req->result == 0 && !(req->flags & GINET_BK_F_CANCELLED)) {
        ginet__lock(&a->lock);
        a->flags |= GINET__F_BK_OPEN;
        ginet__socket_ref(a);                /* the open backend state's */
        a->state = GINET__ST_CONNECTED;
        ginet__registry_add(a);              /* i() lists it from now on */
        inherit(l, a);
        ginet__active_post(a);               /* active: deliver to the owner */
        ginet__unlock(&a->lock);
        if (l->state == GINET__ST_CLOSED) {
            ginet_close(a);                  /* nobody will take it */
            ginet__socket_unref(a);
        } else {
            a->accepted_next = NULL;
            if (l->accepted_tail)
                l->accepted_tail->accepted_next = a;
            else
                l->accepted_head = a;
            l->accepted_tail = a;
        }
    } else {
        ginet__socket_unref(a);              /* never opened */
        if (!(req->flags & GINET_BK_F_CANCELLED) && req->result < 0)
            l->accept_error = (int)req->result;
    }
    ginet__broadcast(&l->cond);
}

/* Submit an accept (lock held).  0 when one completed inline or is in
 * flight, or an error. */
static int accept_start(ginet_socket *l)
{
    ginet_socket *a = ginet__socket_alloc(l->loop, GINET__KIND_TCP, l->family);
    if (a == NULL)
        return GINET_ENOMEM;
    l->accept_new = a;
    memset(&l->in_req, 0, sizeof l->in_req);
    l->in_req.op = GINET_BK_ACCEPT;
    l->in_req.flags = GINET_BK_F_INLINE;
    l->in_req.addr = &l->accept_peer;
    l->in_req.accepted = a->bks;
    l->in_req.user = l;
    l->in_busy = 1;
    ginet__socket_ref(l);
    int rc = l->bk->submit(l->bks, &l->in_req);
    if (rc == GINET_EINPROGRESS)
        return 0;
    atomic_fetch_sub_explicit(&l->refs, 1, memory_order_acq_rel);
    if (rc == 0) {
        ginet__accept_completed(l, &l->in_req);
        return 0;
    }
    l->in_busy = 0;
    l->accept_new = NULL;
    ginet__socket_unref(a);
    return rc;
}

/* Stop the accept in flight when nobody waits for it any more. */
static void accept_stop(ginet_socket *l)
{
    if (!l->in_busy)
        return;
    int rc = l->bk->cancel(l->bks, &l->in_req);
    if (rc == 0) {
        atomic_fetch_sub_explicit(&l->refs, 1, memory_order_acq_rel);
        ginet__accept_completed(l, &l->in_req);
    }
}

GINET_API int ginet_tcp_accept(ginet_socket *l, int timeout_ms, ginet_socket **out)
{
    if (l == NULL || out == NULL)
        return GINET_EINVAL;
    *out = NULL;
    int64_t deadline = ginet__deadline(timeout_ms);
    ginet__lock(&l->lock);
    int rc;
    if (l->state == GINET__ST_CLOSED) {
        ginet__unlock(&l->lock);
        return GINET_ECLOSED;
    }
    if (l->kind != GINET__KIND_TCP_LISTEN || l->state != GINET__ST_LISTENING) {
        ginet__unlock(&l->lock);
        return GINET_EINVAL;
    }
    l->accept_waiters++;
    for (;;) {
        if (l->accepted_head != NULL) {
            ginet_socket *a = l->accepted_head;
            l->accepted_head = a->accepted_next;
            if (l->accepted_head == NULL)
                l->accepted_tail = NULL;
            a->accepted_next = NULL;
            *out = a;                        /* its reference passes to the caller */
            rc = 0;
            break;
        }
        if (l->state == GINET__ST_CLOSED) {
            rc = GINET_ECLOSED;
            break;
        }
        if (l->accept_error != 0) {
            rc = l->accept_error;            /* reported to one waiter */
            l->accept_error = 0;
            break;
        }
        if (!l->in_busy) {
            rc = accept_start(l);
            if (rc != 0)
                break;
            continue;
        }
        if (ginet__wait(&l->cond, &l->lock, deadline)) {
            rc = GINET_ETIMEOUT;
            break;
        }
    }
    l->accept_waiters--;
    if (l->accept_waiters == 0 && l->state != GINET__ST_CLOSED)
        accept_stop(l);
    /* A connection accepted while we were leaving goes to the next waiter
     * or stays queued for the next accept call. */
    if (l->accepted_head != NULL)
        ginet__broadcast(&l->cond);
    ginet__unlock(&l->lock);
    return rc;
}
