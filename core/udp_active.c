/*
 * core/udp_active.c — active mode for UDP sockets: each datagram goes to
 * the owner as {udp, S, IP, Port, [AncData,] Data} (GINET_MSG_UDP), with
 * OTP's {active, once | N | true} counting and {udp_passive, S}; a
 * receive error is {udp_error, S, Reason} and the socket stays open.  At
 * most read_packets datagrams are read in one go before the loop serves
 * other sockets (OTP's read_packets).
 *
 * It runs on the socket's loop thread, entered from ginet__active_run()
 * (core/active.c), with the socket's lock held.
 */
#include "core/udp_internal.h"

#include "core/mailbox_internal.h"
#include "core/msg.h"

#include <string.h>

/* Give M to the owner: a callback owner borrows it (lock released around
 * the call: the callback may send, setopts or close), a mailbox gets it.
 * LENT says M lives on the caller's stack. */
static void give(ginet_socket *s, ginet_msg *m, int lent)
{
    ginet_mailbox *owner = s->owner;
    if (!ginet__mailbox_is_callback(owner)) {
        if (lent)
            m = ginet_msg_dup(m);
        if (m != NULL)
            ginet__mailbox_post(owner, m);
        return;
    }
    ginet__mailbox_ref(owner);
    ginet__unlock(&s->lock);
    if (ginet__mailbox_enter(owner)) {
        ginet__cork_begin();
        ginet__mailbox_call(owner, m);
        ginet__cork_end();
        ginet__mailbox_leave(owner);
    }
    ginet__mailbox_unref(owner);
    if (!lent)
        ginet_msg_free(m);
    ginet__lock(&s->lock);
}

static void give_event(ginet_socket *s, ginet_msg_kind kind, int error)
{
    ginet_msg m;
    memset(&m, 0, sizeof m);
    m.kind = kind;
    m.socket = s;
    m.error = error;
    give(s, &m, 1);
}

/* One datagram was delivered: count it against {active, once | N}. */
static void count_active(ginet_socket *s)
{
    if (s->o.active == GINET_ACTIVE_ONCE) {
        s->o.active = GINET_ACTIVE_FALSE;
    } else if (s->o.active == GINET_ACTIVE_N && --s->o.active_count <= 0) {
        s->o.active = GINET_ACTIVE_FALSE;
        s->o.active_count = 0;
        give_event(s, GINET_MSG_UDP_PASSIVE, 0);
    }
}

static int delivering(const ginet_socket *s)
{
    return s->state != GINET__ST_CLOSED && s->owner != NULL
           && s->o.active != GINET_ACTIVE_FALSE && s->udp != NULL;
}

void ginet__udp_active_run(ginet_socket *s)
{
    if (s->flags & GINET__F_DELIVERING)
        return;
    s->flags |= GINET__F_DELIVERING;
    if ((s->flags & GINET__F_PASSIVE_PENDING) && s->owner != NULL) {
        s->flags &= ~GINET__F_PASSIVE_PENDING;
        give_event(s, GINET_MSG_UDP_PASSIVE, 0);
    }
    int32_t reads = 0;
    int had_error = 0;
    while (delivering(s)) {
        struct ginet__udp *u = s->udp;
        if (u->have) {
            ginet_msg m;
            memset(&m, 0, sizeof m);
            ginet__udp_lend(s, &m);
            give(s, &m, 1);
            count_active(s);
            reads++;
            continue;
        }
        if (u->error != 0) {
            int e = u->error;
            u->error = 0;
            had_error = 1;
            give_event(s, GINET_MSG_UDP_ERROR, e);
            continue;
        }
        if (s->in_busy)
            break;                           /* its completion continues */
        /* After read_packets datagrams (or an error: one that repeated
         * would otherwise spin here) the next receive waits for the loop,
         * so that other sockets get their turn. */
        int rc = ginet__udp_recv_start(s, reads < s->o.read_packets && !had_error);
        if (rc != 0) {
            if (rc != GINET_ECLOSED)
                give_event(s, GINET_MSG_UDP_ERROR, rc);
            break;
        }
    }
    s->flags &= ~GINET__F_DELIVERING;
    ginet__broadcast(&s->cond);              /* a passive recv may wait for us */
}
