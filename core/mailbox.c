/*
 * core/mailbox.c — owners (ginet_mailbox): the message queue with its
 * waiters and pollable descriptor, callback owners, the list of sockets an
 * owner holds (closed when it is freed), and controlling_process.
 *
 * Locks: a socket's lock may be held while taking a mailbox's lock (that
 * is how messages are delivered), never the other way round.
 */
#include "core/mailbox_internal.h"

#include "core/msg.h"
#include "platform/posix/notify_fd.h"

#include <stdlib.h>
#include <string.h>

struct ginet_mailbox {
    ginet__mutex lock;
    ginet__cond cond;             /* messages arrived, closing, callbacks done */
    _Atomic long refs;            /* the user's handle, sockets, waiters */
    ginet_msg *head, *tail;
    size_t count;
    int closing;                  /* ginet_mailbox_free() was called */
    ginet_mailbox_fn fn;          /* callback owner, or NULL */
    void *arg;
    unsigned in_callback;         /* batches being delivered to fn */
    int has_fd;
    ginet__notify_fd nfd;
    ginet_socket *sockets;        /* owned sockets (owner_next/owner_prev) */
    uint64_t id;                  /* ginet_mailbox_id(): the N of i()'s <0.N.0> */
};

static _Atomic uint64_t mailbox_ids;

static ginet_mailbox *mailbox_new(ginet_mailbox_fn fn, void *arg)
{
    ginet_mailbox *mb = calloc(1, sizeof *mb);
    if (mb == NULL)
        return NULL;
    if (ginet__mutex_init(&mb->lock) != 0) {
        free(mb);
        return NULL;
    }
    if (ginet__cond_init(&mb->cond) != 0) {
        ginet__mutex_destroy(&mb->lock);
        free(mb);
        return NULL;
    }
    atomic_init(&mb->refs, 1);
    mb->fn = fn;
    mb->arg = arg;
    mb->nfd.rfd = mb->nfd.wfd = -1;
    mb->id = atomic_fetch_add_explicit(&mailbox_ids, 1, memory_order_relaxed) + 1;
    return mb;
}

uint64_t ginet__mailbox_id(const ginet_mailbox *mb)
{
    return mb->id;
}

GINET_API ginet_mailbox *ginet_mailbox_new(void)
{
    return mailbox_new(NULL, NULL);
}

GINET_API ginet_mailbox *ginet_mailbox_new_callback(ginet_mailbox_fn fn, void *arg)
{
    return fn != NULL ? mailbox_new(fn, arg) : NULL;
}

void ginet__mailbox_ref(ginet_mailbox *mb)
{
    atomic_fetch_add_explicit(&mb->refs, 1, memory_order_relaxed);
}

void ginet__mailbox_unref(ginet_mailbox *mb)
{
    if (atomic_fetch_sub_explicit(&mb->refs, 1, memory_order_acq_rel) != 1)
        return;
    ginet_msg *m = mb->head;
    while (m != NULL) {
        ginet_msg *next = *ginet__msg_link(m);
        ginet_msg_free(m);
        m = next;
    }
    if (mb->has_fd)
        ginet__notify_close(&mb->nfd);
    ginet__cond_destroy(&mb->cond);
    ginet__mutex_destroy(&mb->lock);
    free(mb);
}

int ginet__mailbox_is_callback(const ginet_mailbox *mb)
{
    return mb->fn != NULL;
}

/* ------------------------------------------------------------ delivery */

int ginet__mailbox_post(ginet_mailbox *mb, ginet_msg *m)
{
    ginet__lock(&mb->lock);
    if (mb->closing) {
        ginet__unlock(&mb->lock);
        ginet_msg_free(m);
        return GINET_ECLOSED;
    }
    *ginet__msg_link(m) = NULL;
    if (mb->tail)
        *ginet__msg_link(mb->tail) = m;
    else
        mb->head = m;
    mb->tail = m;
    mb->count++;
    if (mb->count == 1 && mb->has_fd)
        ginet__notify_set(&mb->nfd);
    ginet__unlock(&mb->lock);
    ginet__signal(&mb->cond);
    return 0;
}

int ginet__mailbox_enter(ginet_mailbox *mb)
{
    ginet__lock(&mb->lock);
    int ok = !mb->closing;
    if (ok)
        mb->in_callback++;
    ginet__unlock(&mb->lock);
    return ok;
}

void ginet__mailbox_call(ginet_mailbox *mb, ginet_msg *m)
{
    mb->fn(m, mb->arg);
}

void ginet__mailbox_leave(ginet_mailbox *mb)
{
    ginet__lock(&mb->lock);
    if (--mb->in_callback == 0 && mb->closing)
        ginet__broadcast(&mb->cond);
    ginet__unlock(&mb->lock);
}

/* ----------------------------------------------------------- receiving */

/* Whether the mailbox this thread last received from still held messages
 * then: while it does, the thread's sends are left to the loop thread to
 * write in one go (core/sock_send.c), the way a callback batch is corked. */
static GINET__TLS int more_pending;
/* By id, not pointer: a mailbox freed with messages left and a new one
 * allocated at the same address must not look like the same owner. */
static GINET__TLS uint64_t pending_mb;

int ginet__receiver_busy(const ginet_mailbox *owner)
{
    return more_pending && owner != NULL && owner->id == pending_mb;
}

GINET_API int ginet_receive(ginet_mailbox *mb, int timeout_ms, ginet_msg **out)
{
    if (mb == NULL || out == NULL)
        return GINET_EINVAL;
    *out = NULL;
    if (mb->fn != NULL)
        return GINET_EINVAL;
    int64_t deadline = ginet__deadline(timeout_ms);
    more_pending = 0;
    ginet__mailbox_ref(mb);
    ginet__lock(&mb->lock);
    int rc = 0;
    while (mb->head == NULL) {
        if (mb->closing) {
            rc = GINET_ECLOSED;
            break;
        }
        if (timeout_ms == 0 || ginet__wait(&mb->cond, &mb->lock, deadline)) {
            rc = GINET_ETIMEOUT;
            break;
        }
    }
    if (rc == 0) {
        ginet_msg *m = mb->head;
        mb->head = *ginet__msg_link(m);
        if (mb->head == NULL)
            mb->tail = NULL;
        mb->count--;
        if (mb->count == 0 && mb->has_fd)
            ginet__notify_clear(&mb->nfd);
        more_pending = mb->count > 0;
        pending_mb = mb->id;
        *out = m;
    }
    ginet__unlock(&mb->lock);
    ginet__mailbox_unref(mb);
    return rc;
}

GINET_API int ginet_mailbox_fd(ginet_mailbox *mb)
{
    if (mb == NULL || mb->fn != NULL)
        return GINET_EINVAL;
    ginet__lock(&mb->lock);
    int rc = 0;
    if (!mb->has_fd) {
        rc = ginet__notify_open(&mb->nfd);
        if (rc == 0) {
            mb->has_fd = 1;
            if (mb->count > 0)
                ginet__notify_set(&mb->nfd);
        }
    }
    if (rc == 0)
        rc = mb->nfd.rfd;
    ginet__unlock(&mb->lock);
    return rc;
}

GINET_API size_t ginet_mailbox_count(ginet_mailbox *mb)
{
    if (mb == NULL)
        return 0;
    ginet__lock(&mb->lock);
    size_t n = mb->count;
    ginet__unlock(&mb->lock);
    return n;
}

/* ------------------------------------------------------ owned sockets */

void ginet__mailbox_attach(ginet_mailbox *mb, ginet_socket *s)
{
    ginet__mailbox_ref(mb);                  /* the socket's */
    ginet__lock(&mb->lock);
    s->owner_prev = NULL;
    s->owner_next = mb->sockets;
    if (mb->sockets)
        mb->sockets->owner_prev = s;
    mb->sockets = s;
    ginet__unlock(&mb->lock);
}

void ginet__mailbox_detach(ginet_mailbox *mb, ginet_socket *s)
{
    ginet__lock(&mb->lock);
    if (s->owner_prev)
        s->owner_prev->owner_next = s->owner_next;
    else if (mb->sockets == s)
        mb->sockets = s->owner_next;
    if (s->owner_next)
        s->owner_next->owner_prev = s->owner_prev;
    s->owner_prev = s->owner_next = NULL;
    ginet__unlock(&mb->lock);
    ginet__mailbox_unref(mb);
}

/* A reference to S unless it is already being freed. */
static int ref_if_alive(ginet_socket *s)
{
    long n = atomic_load_explicit(&s->refs, memory_order_relaxed);
    while (n > 0)
        if (atomic_compare_exchange_weak(&s->refs, &n, n + 1))
            return 1;
    return 0;
}

GINET_API void ginet_mailbox_free(ginet_mailbox *mb)
{
    if (mb == NULL)
        return;
    ginet__lock(&mb->lock);
    mb->closing = 1;
    ginet__broadcast(&mb->cond);
    /* Wait for callbacks in progress: after this returns none runs. */
    while (mb->in_callback > 0)
        ginet__wait(&mb->cond, &mb->lock, -1);
    ginet__unlock(&mb->lock);

    /* Close the sockets it owns, as an exiting process's ports close. */
    for (;;) {
        ginet__lock(&mb->lock);
        ginet_socket *s = mb->sockets;
        while (s != NULL && !ref_if_alive(s))
            s = s->owner_next;
        ginet__unlock(&mb->lock);
        if (s == NULL)
            break;
        ginet__socket_disown(s, mb);
        ginet_close(s);
        ginet__socket_unref(s);
    }
    ginet__mailbox_unref(mb);                /* the user's handle */
}

GINET_API int ginet_controlling_process(ginet_socket *s, ginet_mailbox *owner)
{
    if (s == NULL)
        return GINET_EINVAL;
    if (owner != NULL) {
        ginet__lock(&owner->lock);
        int closing = owner->closing;
        ginet__unlock(&owner->lock);
        if (closing)
            return GINET_EINVAL;
    }
    return ginet__socket_set_owner(s, owner);
}
