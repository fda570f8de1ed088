/*
 * core/registry.c — the registry of open sockets: every socket is listed
 * from when it opens until it is gone, in opening order, with a number
 * that is never reused (OTP's port list and port index); ginet_sockets(),
 * ginet_socket_id(), owners' numbers, and the consistent view of a socket
 * that getstat, i() and info() print.
 */
#include "core/inspect_internal.h"

#include "core/mailbox_internal.h"

#include <stdlib.h>

static ginet__mutex reg_lock = PTHREAD_MUTEX_INITIALIZER;
static ginet_socket *reg_head, *reg_tail;
static size_t reg_count;
static uint64_t reg_next_id;          /* under reg_lock */

void ginet__registry_add(ginet_socket *s)
{
    ginet__lock(&reg_lock);
    if (s->reg_state == GINET__REG_NEVER) {
        s->id = ++reg_next_id;
        s->reg_state = GINET__REG_LISTED;
        s->reg_next = NULL;
        s->reg_prev = reg_tail;
        if (reg_tail != NULL)
            reg_tail->reg_next = s;
        else
            reg_head = s;
        reg_tail = s;
        reg_count++;
    }
    ginet__unlock(&reg_lock);
}

void ginet__registry_remove(ginet_socket *s)
{
    ginet__lock(&reg_lock);
    if (s->reg_state == GINET__REG_LISTED) {
        if (s->reg_prev != NULL)
            s->reg_prev->reg_next = s->reg_next;
        else
            reg_head = s->reg_next;
        if (s->reg_next != NULL)
            s->reg_next->reg_prev = s->reg_prev;
        else
            reg_tail = s->reg_prev;
        s->reg_prev = s->reg_next = NULL;
        reg_count--;
    }
    s->reg_state = GINET__REG_GONE;
    ginet__unlock(&reg_lock);
}

/* A reference to S unless its last one is being dropped right now (it is
 * then being freed and will unlist itself once we let go of the lock). */
static int ref_if_alive(ginet_socket *s)
{
    long n = atomic_load_explicit(&s->refs, memory_order_relaxed);
    while (n > 0)
        if (atomic_compare_exchange_weak(&s->refs, &n, n + 1))
            return 1;
    return 0;
}

GINET_API int ginet_sockets(ginet_socket ***list, size_t *count)
{
    if (list == NULL || count == NULL)
        return GINET_EINVAL;
    *list = NULL;
    *count = 0;
    ginet_socket **v = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        ginet__lock(&reg_lock);
        if (reg_count <= cap) {
            for (ginet_socket *s = reg_head; s != NULL; s = s->reg_next)
                if (ref_if_alive(s))
                    v[n++] = s;
            ginet__unlock(&reg_lock);
            break;
        }
        cap = reg_count + 16;
        ginet__unlock(&reg_lock);
        free(v);
        v = malloc(cap * sizeof *v);
        if (v == NULL)
            return GINET_ENOMEM;
    }
    *list = v;
    *count = n;
    return 0;
}

GINET_API void ginet_sockets_free(ginet_socket **list, size_t count)
{
    if (list == NULL)
        return;
    for (size_t i = 0; i < count; i++)
        ginet__socket_unref(list[i]);
    free(list);
}

GINET_API uint64_t ginet_socket_id(ginet_socket *s)
{
    if (s == NULL)
        return 0;
    ginet__lock(&s->lock);
    uint64_t id = s->id;
    ginet__unlock(&s->lock);
    return id;
}

GINET_API uint64_t ginet_mailbox_id(ginet_mailbox *mb)
{
    return mb != NULL ? ginet__mailbox_id(mb) : 0;
}

/* ---------------------------------------------------------------- views */

/* Cut to the low 32 bits, as inet_drv's put_int32 of an unsigned long. */
static uint64_t u32(uint64_t v)
{
    return v & 0xFFFFFFFFu;
}

/* A non-negative double truncated towards zero, then cut to 32 bits;
 * (unsigned long) of a double, as inet_drv does, for values in range. */
static uint64_t trunc32(double d)
{
    if (!(d > 0))
        return 0;                            /* 0, negative zero, NaN */
    if (d >= 18446744073709551616.0)
        return 0xFFFFFFFFu;
    return u32((uint64_t)d);
}

void ginet__stats_report(const ginet__sockstats *st, size_t pend, ginet_stats *out)
{
    out->v[0] = 0;
    out->v[GINET_STAT_RECV_OCT] = st->recv_oct;
    out->v[GINET_STAT_RECV_CNT] = u32(st->recv_cnt);
    out->v[GINET_STAT_RECV_MAX] = u32(st->recv_max);
    out->v[GINET_STAT_RECV_AVG] = trunc32(st->recv_avg);
    /* OTP reports fabs(dvi): the mean deviation is usually negative. */
    out->v[GINET_STAT_RECV_DVI] = trunc32(st->recv_dvi < 0 ? -st->recv_dvi : st->recv_dvi);
    out->v[GINET_STAT_SEND_OCT] = st->send_oct;
    out->v[GINET_STAT_SEND_CNT] = u32(st->send_cnt);
    out->v[GINET_STAT_SEND_MAX] = u32(st->send_max);
    out->v[GINET_STAT_SEND_AVG] = trunc32(st->send_avg);
    out->v[GINET_STAT_SEND_PEND] = u32((uint64_t)pend);
}

/* Bytes of the length header a send adds with PACKET. */
static unsigned header_bytes(ginet_packet_type packet)
{
    switch (packet) {
    case GINET_PACKET_1: return 1;
    case GINET_PACKET_2: return 2;
    case GINET_PACKET_4: return 4;
    default: return 0;
    }
}

/* prim_inet:getstatus/1's flags for S (lock held, S not gone). */
static unsigned status_flags(const ginet_socket *s)
{
    if (s->flags & GINET__F_EXITED)
        return 0;                            /* OTP: the port lives on, CLOSED */
    unsigned f = GINET__SV_OPEN;
    if (s->kind == GINET__KIND_TCP_LISTEN) {
        if (s->state == GINET__ST_LISTENING) {
            f |= GINET__SV_LISTEN;
            if (s->accept_waiters > 0)
                f |= GINET__SV_ACCEPTING;
        }
    } else if (s->state == GINET__ST_CONNECTED) {
        f |= GINET__SV_CONNECTED;
        if (s->out_busy_state)
            f |= GINET__SV_BUSY;
    } else if (s->state == GINET__ST_CONNECTING) {
        f |= GINET__SV_CONNECTING;
    }
    return f;
}

void ginet__sockview_read(ginet_socket *s, ginet__sockview *v)
{
    ginet__lock(&s->lock);
    v->id = s->id;
    v->gone = ginet__socket_gone(s);
    v->kind = s->kind;
    v->family = s->family;
    v->states = v->gone ? 0 : status_flags(s);
    ginet__stats_report(&s->st, s->outq_bytes, &v->stats);
    /* OTP's port output counts the bytes given to send, without the
     * length header: exact while the packet type stays what it was. */
    uint64_t hdr = (uint64_t)header_bytes(s->o.packet) * s->st.send_cnt;
    v->output = s->st.send_oct > hdr ? s->st.send_oct - hdr : 0;
    v->owner_id = s->owner != NULL ? ginet__mailbox_id(s->owner) : 0;
    v->packet = (int)s->o.packet;
    v->backend = s->bk->name;
    v->memory = sizeof *s + s->bk->sock_size;
    ginet__unlock(&s->lock);
}
