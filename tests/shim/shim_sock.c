/*
 * tests/shim/shim_sock.c — the shim's socket operations: each forwards to
 * the inner backend's state behind the shim's header; submit() decides
 * the faults (cut buffers, a parked submission, an injected error),
 * cancel() and sock_close() account for what the shim itself holds, and
 * restore gives every request back as the frontend made it.
 */
#include "tests/shim/shim_internal.h"
#include "tests/shim/shim.h"

#include <ginet/error.h>

#include <string.h>

#define INNER ginet__shim_inner()

shim_slot *ginet__shim_slot_of(shim_sock *s, const ginet_bk_req *req)
{
    if (req == NULL)
        return NULL;
    return s->in.req == req ? &s->in : s->out.req == req ? &s->out : NULL;
}

void ginet__shim_restore(shim_sock *s, shim_slot *slot)
{
    ginet_bk_req *req = slot->req;
    req->iov = slot->iov;
    req->iovcnt = slot->iovcnt;
    if (req->op == GINET_BK_ACCEPT) {
        req->accepted = slot->accepted;
        if (req->result == 0 && !(req->flags & GINET_BK_F_CANCELLED)) {
            shim_sock *ns = req->accepted;   /* the inner state behind it is open */
            memset(ns, 0, sizeof *ns);
            ns->loop = s->loop;
            ns->type = s->type;
        }
    }
    req->flags = (req->flags & ~(GINET_BK_F_INLINE | GINET_BK_F_TRY)) | slot->in_flags;
    slot->req = NULL;
    slot->state = SL_FREE;
}

/* Cut REQ's buffers to a random prefix (into SLOT->cut).  1 when cut. */
static int cut(shim_slot *slot, ginet_bk_req *req)
{
    size_t total = 0;
    for (int i = 0; i < req->iovcnt; i++)
        total += req->iov[i].len;
    if (total < 2)
        return 0;
    uint32_t most = total - 1 > UINT32_MAX ? UINT32_MAX : (uint32_t)(total - 1);
    /* Often a few bytes (a header in pieces), else anywhere. */
    size_t want = ginet__shim_rand(0, 1) ? ginet__shim_rand(1, most < 16 ? most : 16)
                                         : ginet__shim_rand(1, most);
    int k = 0;
    for (int i = 0; i < req->iovcnt && k < SHIM_IOV && want > 0; i++) {
        size_t n = req->iov[i].len < want ? req->iov[i].len : want;
        if (n == 0)
            continue;
        slot->cut[k].base = req->iov[i].base;
        slot->cut[k].len = n;
        k++;
        want -= n;
    }
    if (k == 0)
        return 0;
    req->iov = slot->cut;
    req->iovcnt = k;
    return 1;
}

static int is_input(ginet_bk_op op)
{
    return op == GINET_BK_ACCEPT || op == GINET_BK_RECV || op == GINET_BK_RECVFROM;
}

static int is_output(ginet_bk_op op)
{
    return op == GINET_BK_CONNECT || op == GINET_BK_SEND || op == GINET_BK_SENDTO;
}

/* An injected error for REQ, or 1 (no fault) — under mu. */
static long injected(shim_sock *s, ginet_bk_req *req)
{
    intptr_t fd = INNER->native_handle(shim_inner_sock(s));
    if (req->op == GINET_BK_RECV) {
        if (s->reset)
            return 0;                        /* after a reset: end of stream */
        if (ginet__shim_take(fd, GINET_SHIM_RESET_RECV)) {
            s->reset = 1;
            SHIM_COUNT(resets);
            return GINET_ECONNRESET;
        }
    } else if (req->op == GINET_BK_SEND) {
        if (s->reset)
            return GINET_EPIPE;
        if (ginet__shim_take(fd, GINET_SHIM_RESET_SEND)) {
            s->reset = 1;
            SHIM_COUNT(resets);
            return GINET_ECONNRESET;
        }
    } else if (req->op == GINET_BK_ACCEPT) {
        if (ginet__shim_take(fd, GINET_SHIM_EMFILE)) {
            SHIM_COUNT(emfiles);
            return GINET_EMFILE;
        }
    }
    return 1;
}

int ginet__shim_submit(void *sock, ginet_bk_req *req)
{
    shim_sock *s = sock;
    if (s == NULL || req == NULL || !(is_input(req->op) || is_output(req->op)))
        return GINET_EINVAL;
    uint32_t fl = req->flags & (GINET_BK_F_INLINE | GINET_BK_F_TRY);
    if ((fl & GINET_BK_F_TRY) && !(fl & GINET_BK_F_INLINE))
        return GINET_EINVAL;
    shim_loop *l = s->loop;
    shim_slot *slot = is_input(req->op) ? &s->in : &s->out;
    pthread_mutex_lock(&l->mu);
    if (slot->req != NULL) {
        pthread_mutex_unlock(&l->mu);
        return GINET_EALREADY;
    }
    SHIM_COUNT(submits);
    slot->req = req;
    slot->in_flags = fl;
    slot->iov = req->iov;
    slot->iovcnt = req->iovcnt;
    slot->accepted = req->accepted;

    long err = injected(s, req);
    if (err != 1) {
        req->result = err;
        req->flags = 0;
        if (fl & GINET_BK_F_INLINE) {
            ginet__shim_restore(s, slot);
            pthread_mutex_unlock(&l->mu);
            return 0;
        }
        slot->state = SL_HELD;
        ginet__shim_enqueue(l, &slot->node, QN_DELIVER, s, req, 0);
        pthread_mutex_unlock(&l->mu);
        INNER->wakeup(shim_inner_loop(l));
        return GINET_EINPROGRESS;
    }

    if (s->type == GINET_BK_STREAM) {
        if (req->op == GINET_BK_RECV && ginet__shim_fires(SF_SHORT_READ) && cut(slot, req))
            SHIM_COUNT(short_reads);
        else if (req->op == GINET_BK_SEND && ginet__shim_fires(SF_SHORT_WRITE) && cut(slot, req))
            SHIM_COUNT(short_writes);
    }
    if (req->op == GINET_BK_ACCEPT && req->accepted != NULL)
        req->accepted = shim_inner_sock(req->accepted);

    if (ginet__shim_fires((fl & GINET_BK_F_TRY) ? SF_EAGAIN_TRY : SF_EAGAIN)) {
        SHIM_COUNT(eagains);
        if (fl & GINET_BK_F_TRY) {           /* "would block": nothing done */
            ginet__shim_restore(s, slot);
            pthread_mutex_unlock(&l->mu);
            return GINET_EAGAIN;
        }
        SHIM_COUNT(parked);
        slot->state = SL_PARKED;
        req->result = 0;
        ginet__shim_enqueue(l, &slot->node, QN_SUBMIT, s, req, ginet__shim_park_polls());
        pthread_mutex_unlock(&l->mu);
        INNER->wakeup(shim_inner_loop(l));
        return GINET_EINPROGRESS;
    }

    slot->state = SL_INNER;
    int rc = INNER->submit(shim_inner_sock(s), req);
    if (rc != GINET_EINPROGRESS)
        ginet__shim_restore(s, slot);        /* inline, EAGAIN or refused */
    pthread_mutex_unlock(&l->mu);
    return rc;
}

int ginet__shim_cancel(void *sock, ginet_bk_req *req)
{
    shim_sock *s = sock;
    if (s == NULL || req == NULL)
        return GINET_EINVAL;
    shim_loop *l = s->loop;
    int rc = GINET_EINVAL;
    pthread_mutex_lock(&l->mu);
    shim_slot *slot = ginet__shim_slot_of(s, req);
    if (slot != NULL) {
        switch (slot->state) {
        case SL_PARKED:                      /* never reached the inner backend */
            ginet__shim_dequeue(l, &slot->node);
            req->flags |= GINET_BK_F_CANCELLED;
            req->result = 0;
            ginet__shim_restore(s, slot);
            rc = 0;
            break;
        case SL_INNER:
            rc = INNER->cancel(shim_inner_sock(s), req);
            if (rc == 0)
                ginet__shim_restore(s, slot);
            break;
        default:                             /* finished, held in the queue */
            rc = GINET_EINPROGRESS;
            break;
        }
    }
    pthread_mutex_unlock(&l->mu);
    return rc;
}

int ginet__shim_sock_close(void *sock, ginet_bk_req *req)
{
    shim_sock *s = sock;
    if (s == NULL || req == NULL)
        return GINET_EINVAL;
    shim_loop *l = s->loop;
    pthread_mutex_lock(&l->mu);
    shim_slot *slots[2] = { &s->in, &s->out };
    for (int i = 0; i < 2; i++) {
        if (slots[i]->state != SL_PARKED)
            continue;
        /* Parked in the shim: cancelled, delivered before the close. */
        ginet__shim_dequeue(l, &slots[i]->node);
        slots[i]->req->flags |= GINET_BK_F_CANCELLED;
        slots[i]->req->result = 0;
        slots[i]->state = SL_HELD;
        ginet__shim_enqueue(l, &slots[i]->node, QN_DELIVER, s, slots[i]->req, 0);
    }
    pthread_mutex_unlock(&l->mu);
    /* Not under mu: with SO_LINGER on, close(2) may wait. */
    int rc = INNER->sock_close(shim_inner_sock(s), req);
    if (rc == GINET_EINPROGRESS)
        return rc;                           /* the inner close completion is queued last */
    pthread_mutex_lock(&l->mu);
    int held = s->queued > 0;
    if (held) {
        req->op = GINET_BK_CLOSE;
        req->flags = 0;
        req->result = 0;
        ginet__shim_enqueue(l, &s->close_node, QN_CLOSE, s, req, 0);
    }
    pthread_mutex_unlock(&l->mu);
    if (!held)
        return rc;
    INNER->wakeup(shim_inner_loop(l));
    return GINET_EINPROGRESS;
}

int ginet__shim_sock_open(void *loop, void *sock, const ginet_bk_open *how)
{
    shim_loop *l = loop;
    shim_sock *s = sock;
    if (l == NULL || s == NULL || how == NULL)
        return GINET_EINVAL;
    memset(s, 0, sizeof *s);
    s->loop = l;
    s->type = how->type;
    return INNER->sock_open(shim_inner_loop(l), shim_inner_sock(s), how);
}

int ginet__shim_bind(void *sock, const ginet_sockaddr *addr)
{
    return INNER->bind(shim_inner_sock(sock), addr);
}

int ginet__shim_listen(void *sock, int backlog)
{
    return INNER->listen(shim_inner_sock(sock), backlog);
}

int ginet__shim_shutdown(void *sock, int how)
{
    return INNER->shutdown(shim_inner_sock(sock), how);
}

int ginet__shim_setopt(void *sock, ginet_bk_opt opt, const ginet_bk_optval *val)
{
    return INNER->setopt(shim_inner_sock(sock), opt, val);
}

int ginet__shim_getopt(void *sock, ginet_bk_opt opt, ginet_bk_optval *val)
{
    return INNER->getopt(shim_inner_sock(sock), opt, val);
}

int ginet__shim_sockname(void *sock, ginet_sockaddr *out)
{
    return INNER->sockname(shim_inner_sock(sock), out);
}

int ginet__shim_peername(void *sock, ginet_sockaddr *out)
{
    return INNER->peername(shim_inner_sock(sock), out);
}

intptr_t ginet__shim_native_handle(void *sock)
{
    return INNER->native_handle(shim_inner_sock(sock));
}
