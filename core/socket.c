/*
 * core/socket.c — the socket object's life: allocation with OTP's default
 * options, references, opening and closing the backend state, dispatching
 * completions from the loop thread, and ginet_close().
 */
#include "core/socket_internal.h"

#include "core/inspect_internal.h"
#include "core/last_error.h"
#include "core/mailbox_internal.h"
#include "core/udp_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

unsigned ginet__socket_optkind(const ginet_socket *s)
{
    switch (s->kind) {
    case GINET__KIND_TCP_LISTEN:
        return s->family == GINET_AF_LOCAL ? GINET__OPTK_LOCAL_STREAM : GINET__OPTK_TCP_LISTEN;
    case GINET__KIND_UDP:
        return s->family == GINET_AF_LOCAL ? GINET__OPTK_LOCAL_DGRAM : GINET__OPTK_UDP;
    default:
        return s->family == GINET_AF_LOCAL ? GINET__OPTK_LOCAL_STREAM : GINET__OPTK_TCP_CONNECT;
    }
}

void ginet__framer_options(const ginet_socket *s, ginet_packet_options *po)
{
    ginet_packet_options_init(po);
    po->packet_size = s->o.packet_size;
    po->line_delimiter = s->o.line_delimiter;
    po->line_length = s->o.buffer > 0 ? (uint32_t)s->o.buffer : 0;
}

ginet_socket *ginet__socket_alloc(ginet__loop *loop, int kind, ginet_family family)
{
    const ginet_backend *bk = ginet__loop_backend(loop);
    size_t size = sizeof(ginet_socket) + bk->sock_size;
    ginet_socket *s;
    if (posix_memalign((void **)&s, 64, (size + 63) & ~(size_t)63) != 0)
        return NULL;
    memset(s, 0, size);
    if (ginet__mutex_init(&s->lock) != 0) {
        free(s);
        return NULL;
    }
    if (ginet__cond_init(&s->cond) != 0) {
        ginet__mutex_destroy(&s->lock);
        free(s);
        return NULL;
    }
    atomic_init(&s->refs, 1);
    s->loop = loop;
    s->bk = bk;
    s->bks = s->bk_state;
    s->kind = (uint8_t)kind;
    s->state = GINET__ST_OPEN;
    s->family = family;
    ginet__optstate_defaults(&s->o, ginet__socket_optkind(s), family);
    if (kind != GINET__KIND_TCP_LISTEN) {
        ginet_packet_options po;
        ginet__framer_options(s, &po);
        if (ginet_framer_new(s->o.packet, &po, &s->framer) != 0) {
            ginet__cond_destroy(&s->cond);
            ginet__mutex_destroy(&s->lock);
            free(s);
            return NULL;
        }
    }
    return s;
}

int ginet__socket_open(ginet_socket *s, const ginet_bk_open *how)
{
    int rc = s->bk->sock_open(ginet__loop_backend_state(s->loop), s->bks, how);
    if (rc == GINET_ENODEV && how->bind_to_device != NULL)
        rc = GINET_EINVAL;                   /* OTP: an unknown device is einval */
    if (rc != 0)
        return rc;
    s->flags |= GINET__F_BK_OPEN;
    ginet__socket_ref(s);                    /* the open backend state's */
    ginet__registry_add(s);                  /* i() lists it from now on */
    return 0;
}

void ginet__socket_ref(ginet_socket *s)
{
    atomic_fetch_add_explicit(&s->refs, 1, memory_order_relaxed);
}

static void socket_free(ginet_socket *s)
{
    ginet__registry_remove(s);
    ginet__outchunk *c = s->outq_head;
    while (c != NULL) {
        ginet__outchunk *next = c->next;
        ginet__outchunk_free(c);
        c = next;
    }
    ginet_socket *a = s->accepted_head;
    while (a != NULL) {                      /* accepted, never taken */
        ginet_socket *next = a->accepted_next;
        ginet_close(a);
        ginet__socket_unref(a);
        a = next;
    }
    if (s->owner != NULL)
        ginet__mailbox_detach(s->owner, s);
    ginet_framer_free(s->framer);
    ginet__udp_free(s->udp);
    ginet__cond_destroy(&s->cond);
    ginet__mutex_destroy(&s->lock);
    free(s);
}

void ginet__socket_unref(ginet_socket *s)
{
    if (atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel) == 1)
        socket_free(s);
}

/* The backend finished closing: its state may be freed with the socket. */
static void backend_closed(ginet_socket *s)
{
    s->flags &= ~(GINET__F_BK_OPEN | GINET__F_BK_CLOSING);
    ginet__broadcast(&s->cond);
}

/* sock_close() returned RC (lock held): unless a close completion
 * follows, the backend state is gone now. */
static void sock_close_returned(ginet_socket *s, int rc)
{
    if (rc == GINET_EINPROGRESS)
        return;                              /* ginet__socket_complete() finishes */
    backend_closed(s);
    /* Drop the backend state's reference without freeing under our own
     * lock: the caller still holds a reference, so this cannot be last. */
    atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel);
}

/*
 * Lingering closes.  With {linger,{true,T}} (T > 0) close(2) waits up to
 * T seconds for unsent data, on Linux even for a non-blocking socket
 * (docs/backends.md).  Neither the loop thread (a close after the queue
 * was flushed, exit_on_close, a callback owner closing) nor a caller
 * holding the socket's lock may wait that long, so such a close runs on a
 * thread of its own, without the lock; BK_CLOSING keeps every other
 * backend call away meanwhile (the backend contract allows sock_close()
 * from any thread).  ginet_close() returns at once, as it does when it
 * leaves a queue to be flushed (docs/sockets.md).
 */
static void *linger_close_main(void *arg)
{
    ginet_socket *s = arg;
    int rc = s->bk->sock_close(s->bks, &s->close_req);
    ginet__lock(&s->lock);
    sock_close_returned(s, rc);
    ginet__unlock(&s->lock);
    ginet__socket_unref(s);                  /* the thread's */
    return NULL;
}

/* Start a thread for S's lingering close: 0, or -1 when none could be
 * started (the caller then closes inline). */
static int linger_close_start(ginet_socket *s)
{
    pthread_attr_t attr;
    pthread_t tid;
    if (pthread_attr_init(&attr) != 0)
        return -1;
    int ok = pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED) == 0;
    ginet__socket_ref(s);
    ok = ok && pthread_create(&tid, &attr, linger_close_main, s) == 0;
    pthread_attr_destroy(&attr);
    if (ok)
        return 0;
    atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel);  /* not last */
    return -1;
}

void ginet__socket_close_backend(ginet_socket *s)
{
    if (!(s->flags & GINET__F_BK_OPEN) || (s->flags & GINET__F_BK_CLOSING))
        return;
    s->flags |= GINET__F_BK_CLOSING;
    memset(&s->close_req, 0, sizeof s->close_req);
    s->close_req.user = s;
    if (s->kind == GINET__KIND_TCP && s->linger_on && s->linger_secs > 0
        && linger_close_start(s) == 0)
        return;                              /* linger_close_main() finishes */
    sock_close_returned(s, s->bk->sock_close(s->bks, &s->close_req));
}

void ginet__socket_complete(ginet_bk_req *req)
{
    ginet_socket *s = req->user;
    ginet__lock(&s->lock);
    if (req == &s->close_req) {
        backend_closed(s);
    } else if (req == &s->out_req) {
        if (req->op == GINET_BK_CONNECT)
            ginet__connect_completed(s, req);
        else if (s->kind == GINET__KIND_UDP)
            ginet__udp_send_completed(s, req);
        else
            ginet__send_completed(s, req);
    } else if (req->op == GINET_BK_ACCEPT) {
        ginet__accept_completed(s, req);
    } else {
        if (s->kind == GINET__KIND_UDP)
            ginet__udp_recv_completed(s, req);
        else
            ginet__recv_completed(s, req);
        if (s->o.active != GINET_ACTIVE_FALSE && s->owner != NULL)
            ginet__active_run(s);
    }
    ginet__unlock(&s->lock);
    /* Every request in flight (and the open backend state) held one. */
    ginet__socket_unref(s);
}

/* ------------------------------------------------------------- close */

GINET_API int ginet_close(ginet_socket *s)
{
    if (s == NULL)
        return GINET_EINVAL;
    ginet__lock(&s->lock);
    if (s->state == GINET__ST_CLOSED) {
        ginet__unlock(&s->lock);
        return 0;                            /* OTP: closing twice is ok */
    }
    s->state = GINET__ST_CLOSED;
    ginet__broadcast(&s->cond);              /* release every blocked call */
    ginet__registry_remove(s);
    ginet__monitors_fire(s, 0);              /* OTP: 'DOWN' ... normal */

    /* Nothing more is read: cancel the input request. */
    if (s->in_busy) {
        int rc = s->bk->cancel(s->bks, &s->in_req);
        if (rc == 0) {                       /* cancelled now, no callback */
            s->in_busy = 0;
            atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel);
            /* An accept frees the socket it would have filled. */
            if (s->kind == GINET__KIND_TCP_LISTEN)
                ginet__accept_completed(s, &s->in_req);
        }
    }

    /* Queued data is still sent, unless {linger,{true,0}} asks for an
     * abortive close (OTP does the same). */
    int abort_now = s->linger_on && s->linger_secs == 0;
    if ((s->out_busy || s->outq_head != NULL) && !abort_now
        && s->out_error == 0 && s->kind == GINET__KIND_TCP) {
        s->flags |= GINET__F_FLUSHING;
        ginet__send_pump(s);
    } else {
        if (s->out_busy) {
            int rc = s->bk->cancel(s->bks, &s->out_req);
            if (rc == 0) {
                s->out_busy = 0;
                atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel);
            }
        }
        ginet__socket_close_backend(s);
    }
    ginet__unlock(&s->lock);
    return 0;
}

/* The connection part of ginet__exit_close(). */
static void close_connection(ginet_socket *s, uint32_t delayed, int delayed_rc)
{
    s->flags |= GINET__F_EXITED | delayed;
    s->exit_rc = delayed_rc;
    if (s->out_error == 0)
        s->out_error = GINET_ENOTCONN;       /* nothing more is sent */
    s->out_busy_state = 0;
    if (s->in_busy && s->bk->cancel(s->bks, &s->in_req) == 0) {
        s->in_busy = 0;
        ginet_framer_commit(s->framer, 0);
        atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel);
    }
    if (s->out_busy && s->bk->cancel(s->bks, &s->out_req) == 0) {
        s->out_busy = 0;
        atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel);
    }
    ginet__socket_close_backend(s);          /* the queue is freed with the socket */
    ginet__broadcast(&s->cond);
}

void ginet__exit_port(ginet_socket *s)
{
    if (s->state == GINET__ST_CLOSED)
        return;
    int why = ginet__exit_down_reason(s);
    s->state = GINET__ST_CLOSED;             /* every call answers closed */
    ginet__registry_remove(s);
    ginet__monitors_fire(s, why);
    ginet__broadcast(&s->cond);
}

void ginet__exit_close(ginet_socket *s, uint32_t delayed, int delayed_rc)
{
    if (s->state == GINET__ST_CLOSED)
        return;
    if (!(s->flags & GINET__F_EXITED))
        close_connection(s, delayed, delayed_rc);
    /* Active mode: OTP's port terminates after {tcp_closed, S}. */
    if ((s->flags & GINET__F_CLOSED_SENT) && s->o.exit_on_close)
        ginet__exit_port(s);
}

GINET_API void ginet_socket_release(ginet_socket *s)
{
    if (s == NULL)
        return;
    ginet__lock(&s->lock);
    int open = s->state != GINET__ST_CLOSED;
    ginet__unlock(&s->lock);
    if (open)
        ginet_close(s);
    ginet__socket_unref(s);
}

GINET_API ginet_socket *ginet_socket_retain(ginet_socket *s)
{
    if (s != NULL)
        ginet__socket_ref(s);
    return s;
}

GINET_API int ginet_getfd(ginet_socket *s, intptr_t *fd)
{
    if (s == NULL || fd == NULL)
        return GINET_EINVAL;
    ginet__lock(&s->lock);
    int rc = GINET_ECLOSED;
    if (s->state != GINET__ST_CLOSED && (s->flags & GINET__F_BK_OPEN)
        && !(s->flags & GINET__F_BK_CLOSING)) {
        *fd = s->bk->native_handle(s->bks);
        rc = *fd < 0 ? GINET_ECLOSED : 0;
    }
    ginet__unlock(&s->lock);
    return rc;
}

GINET_API const char *ginet_socket_backend(ginet_socket *s)
{
    return s != NULL ? s->bk->name : NULL;
}
