/*
 * core/monitor.c — inet:monitor/1 and inet:cancel_monitor/1: monitors on
 * sockets, the 'DOWN' messages they send when a socket goes (or at once,
 * nosock, for a socket already gone), and OTP's Info for each way a
 * socket goes.
 *
 * Each monitor is made complete when it is created — its DOWN message
 * included — so firing never allocates and never fails.  Monitors live in
 * a table by reference (for cancel) and on their socket's list (for
 * firing), both under one lock.  A DOWN for a mailbox owner is queued at
 * once (the socket's lock is held then, which is allowed before a
 * mailbox's); a callback owner gets it from a task on the socket's loop
 * thread, like every other message it gets.
 */
#include "core/inspect_internal.h"

#include "core/mailbox_internal.h"
#include "core/msg.h"

#include <stdlib.h>

typedef struct ginet__monitor ginet__monitor;
struct ginet__monitor {
    uint64_t ref;
    ginet_socket *s;
    ginet_mailbox *owner;         /* a reference to it */
    ginet_msg *down;              /* the DOWN message, made in advance */
    ginet__task task;             /* delivery / release on the loop thread */
    ginet__monitor *s_prev, *s_next;   /* on s->monitors */
    ginet__monitor *h_next;       /* in its bucket */
};

static ginet__mutex mon_lock = PTHREAD_MUTEX_INITIALIZER;
static ginet__monitor **buckets;  /* by ref, a power of two of them */
static size_t nbuckets, nmonitors;
static uint64_t next_ref;

static size_t bucket_of(uint64_t ref, size_t n)
{
    return (size_t)(ref * 0x9E3779B97F4A7C15u >> 32) & (n - 1);
}

/* Keep the table at most one monitor per bucket on average (mon_lock
 * held).  Failing to grow only makes chains longer. */
static void grow(void)
{
    if (nmonitors < nbuckets)
        return;
    size_t n = nbuckets ? nbuckets * 2 : 64;
    ginet__monitor **b = calloc(n, sizeof *b);
    if (b == NULL)
        return;
    for (size_t i = 0; i < nbuckets; i++) {
        ginet__monitor *m = buckets[i];
        while (m != NULL) {
            ginet__monitor *next = m->h_next;
            size_t k = bucket_of(m->ref, n);
            m->h_next = b[k];
            b[k] = m;
            m = next;
        }
    }
    free(buckets);
    buckets = b;
    nbuckets = n;
}

/* Unlink M from the table (mon_lock held). */
static void table_remove(ginet__monitor *m)
{
    ginet__monitor **p = &buckets[bucket_of(m->ref, nbuckets)];
    while (*p != NULL && *p != m)
        p = &(*p)->h_next;
    if (*p == m)
        *p = m->h_next;
    nmonitors--;
}

/* Release what M holds; no lock held. */
static void monitor_free(ginet__monitor *m)
{
    ginet_msg_free(m->down);                 /* its reference to the socket */
    ginet__mailbox_unref(m->owner);
    free(m);
}

/* Loop task: a mailbox owner's DOWN is queued; let go of the rest here,
 * where no socket lock is held (dropping the owner may free its queue). */
static void release_task(ginet__task *t)
{
    monitor_free((ginet__monitor *)((char *)t - offsetof(ginet__monitor, task)));
}

/* Loop task: lend the DOWN message to a callback owner. */
static void callback_task(ginet__task *t)
{
    ginet__monitor *m = (ginet__monitor *)((char *)t - offsetof(ginet__monitor, task));
    if (ginet__mailbox_enter(m->owner)) {
        ginet__cork_begin();
        ginet__mailbox_call(m->owner, m->down);
        ginet__cork_end();
        ginet__mailbox_leave(m->owner);
    }
    monitor_free(m);
}

/* Send M's DOWN with REASON (S's lock held, M off every list). */
static void deliver(ginet__monitor *m, int reason)
{
    m->down->monitor = m->ref;
    m->down->down_reason = reason;
    if (ginet__mailbox_is_callback(m->owner)) {
        m->task.fn = callback_task;
    } else {
        ginet__mailbox_post(m->owner, m->down);   /* freed there if closing */
        m->down = NULL;
        m->task.fn = release_task;
    }
    ginet__loop_post(m->s->loop, &m->task);
}

GINET_API int ginet_monitor(ginet_socket *s, ginet_mailbox *owner, uint64_t *ref)
{
    if (ref != NULL)
        *ref = 0;
    if (s == NULL || owner == NULL || ref == NULL)
        return GINET_EINVAL;
    ginet__monitor *m = calloc(1, sizeof *m);
    if (m == NULL)
        return GINET_ENOMEM;
    m->down = ginet__msg_event(s, GINET_MSG_DOWN, 0);
    if (m->down == NULL) {
        free(m);
        return GINET_ENOMEM;
    }
    ginet__mailbox_ref(owner);
    m->owner = owner;
    m->s = s;

    ginet__lock(&s->lock);
    int gone = ginet__socket_gone(s);
    ginet__lock(&mon_lock);
    m->ref = ++next_ref;
    if (!gone) {
        nmonitors++;
        grow();
        size_t k = bucket_of(m->ref, nbuckets);
        m->h_next = buckets[k];
        buckets[k] = m;
        m->s_prev = NULL;
        m->s_next = s->monitors;
        if (s->monitors != NULL)
            s->monitors->s_prev = m;
        s->monitors = m;
    }
    ginet__unlock(&mon_lock);
    *ref = m->ref;
    if (gone)
        deliver(m, GINET_DOWN_NOSOCK);       /* OTP: at once, nosock */
    ginet__unlock(&s->lock);
    return 0;
}

GINET_API int ginet_cancel_monitor(uint64_t ref)
{
    ginet__lock(&mon_lock);
    ginet__monitor *m = NULL;
    if (nbuckets > 0) {
        m = buckets[bucket_of(ref, nbuckets)];
        while (m != NULL && m->ref != ref)
            m = m->h_next;
    }
    if (m != NULL) {
        table_remove(m);
        if (m->s_prev != NULL)
            m->s_prev->s_next = m->s_next;
        else
            m->s->monitors = m->s_next;
        if (m->s_next != NULL)
            m->s_next->s_prev = m->s_prev;
    }
    ginet__unlock(&mon_lock);
    if (m == NULL)
        return 0;
    monitor_free(m);
    return 1;
}

void ginet__monitors_fire(ginet_socket *s, int reason)
{
    ginet__lock(&mon_lock);
    ginet__monitor *list = s->monitors;
    s->monitors = NULL;
    for (ginet__monitor *m = list; m != NULL; m = m->s_next)
        table_remove(m);
    ginet__unlock(&mon_lock);
    /* Oldest first, as the monitors were made. */
    ginet__monitor *last = list;
    while (last != NULL && last->s_next != NULL)
        last = last->s_next;
    while (last != NULL) {
        ginet__monitor *prev = last->s_prev;
        deliver(last, reason);
        last = prev;
    }
}

int ginet__exit_down_reason(ginet_socket *s)
{
    /* packet_size exceeded: the framer keeps the error (OTP: emsgsize).
     * Nothing is read from the framer once the connection is gone, so
     * asking it costs nothing. */
    if (s->framer != NULL) {
        ginet_packet pkt;
        int st = ginet_framer_next(s->framer, &pkt);
        if (st < 0)
            return st;
    }
    int e = s->in_error;
    if (e == GINET_ECLOSED || (e == GINET_ECONNRESET && !s->o.show_econnreset))
        return 0;                            /* OTP: normal */
    return e;
}
